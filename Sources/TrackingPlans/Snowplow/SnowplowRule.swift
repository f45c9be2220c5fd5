import JSONSyntax

/// Rule ids of the Snowplow family. Ids are a public contract (see `Rule`).
public enum SnowplowRule {
    public static let unknownKey = "snowplow/unknown-key"
    public static let wrongType = "snowplow/wrong-type"
    public static let idInvalid = "snowplow/id-invalid"
    public static let nameRequired = "snowplow/name-required"
    public static let nameDuplicate = "snowplow/name-duplicate"
    public static let versionInvalid = "snowplow/version-invalid"
    public static let versionConflict = "snowplow/version-conflict"
    public static let statusInvalid = "snowplow/status-invalid"
    public static let sourceInvalid = "snowplow/source-invalid"
    public static let sourceNotFound = "snowplow/source-not-found"
    public static let sourceUnusable = "snowplow/source-unusable"
    public static let sourceOutdated = "snowplow/source-outdated"
    public static let entityDuplicate = "snowplow/entity-duplicate"
    public static let cardinalityInvalid = "snowplow/cardinality-invalid"
    public static let schemaInvalid = "snowplow/schema-invalid"
    public static let schemaIncompatible = "snowplow/schema-incompatible"
    public static let schemaUndecidable = "snowplow/schema-undecidable"
    public static let unpublishedVersions = "snowplow/unpublished-versions"
    public static let envelopeInvalid = "snowplow/envelope-invalid"
    public static let fieldInvalid = "snowplow/field-invalid"
    public static let refinementShape = "snowplow/refinement-shape"
    public static let referenceUnresolved = "snowplow/reference-unresolved"
    public static let dataStructureInvalid = "snowplow/data-structure-invalid"
    public static let dataStructureDuplicate = "snowplow/data-structure-duplicate"
    public static let dataStructureShadowsCache = "snowplow/data-structure-shadows-cache"

    public static let rules: [Rule] = [
        Rule(id: unknownKey, summary: "A key the Tracking Scenarios API does not know (with the closest known key).", defaultSeverity: .warning),
        Rule(id: wrongType, summary: "A scenario field with the wrong JSON type.", defaultSeverity: .error),
        Rule(id: idInvalid, summary: "A scenario id that is not a UUID.", defaultSeverity: .error),
        Rule(id: nameRequired, summary: "A scenario without a name, or with an empty one.", defaultSeverity: .error),
        Rule(id: nameDuplicate, summary: "Two scenarios with the same name for the same data structure (vendor/name), in any files of the workspace.", defaultSeverity: .error),
        Rule(id: versionInvalid, summary: "A version that is not an integer ≥ 0.", defaultSeverity: .error),
        Rule(id: versionConflict, summary: "A version that already exists in the history or is not above the last published version.", defaultSeverity: .error),
        Rule(id: statusInvalid, summary: "A status other than draft, published or deprecated.", defaultSeverity: .error),
        Rule(id: sourceInvalid, summary: "An event or entity source that is not a valid Iglu URI.", defaultSeverity: .error),
        Rule(id: sourceNotFound, summary: "An event or entity source that the local Iglu cache does not hold.", defaultSeverity: .error),
        Rule(id: sourceUnusable, summary: "A cached Iglu schema that cannot be read or compiled.", defaultSeverity: .error),
        Rule(id: sourceOutdated, summary: "A newer cached version of event.source that the scenario is also compatible with (quick fix: use it).", defaultSeverity: .hint),
        Rule(id: entityDuplicate, summary: "The same entity source twice in one entity list.", defaultSeverity: .error),
        Rule(id: cardinalityInvalid, summary: "Entity cardinalities that are not integers ≥ 0 with max ≥ min, or a max without a min.", defaultSeverity: .error),
        Rule(id: schemaInvalid, summary: "An event or entity schema (a refinement) that is not a valid JSON Schema.", defaultSeverity: .error),
        Rule(id: schemaIncompatible, summary: "An event or entity schema accepts data its source data structure rejects (error against the current version, warning against the latest cached one).", defaultSeverity: .error),
        Rule(id: schemaUndecidable, summary: "Compatibility of an event or entity schema with its source could not be decided.", defaultSeverity: .warning),
        Rule(id: envelopeInvalid, summary: "A snowplow-cli file whose apiVersion, resourceType, resourceName (a UUID) or data/meta is missing or wrong.", defaultSeverity: .error),
        Rule(id: fieldInvalid, summary: "A snowplow-cli field its schema requires or constrains: a missing name, app ids or entities; an owner that is not an email; an empty description; an app id over 256 characters; a trigger id that is not a UUID; a $ref item of the wrong shape; source-application entity cardinalities or refinements.", defaultSeverity: .error),
        Rule(id: refinementShape, summary: "An event or entity schema in a snowplow-cli file that is not type object with additionalProperties false and properties.", defaultSeverity: .error),
        Rule(id: referenceUnresolved, summary: "A data product's source-application $ref that is no source-application file, an excluded source application the data product does not list, or a trigger app id its source applications do not declare.", defaultSeverity: .error),
        Rule(id: dataStructureInvalid, summary: "A data-structure file whose meta or self-describing schema ($schema, self vendor/name/format/version) is malformed.", defaultSeverity: .error),
        Rule(id: dataStructureDuplicate, summary: "Two data-structure files describing one vendor/name.", defaultSeverity: .error),
        Rule(id: dataStructureShadowsCache, summary: "A data-structure file whose schema differs from the cached schema of the same key: the workspace's is used.", defaultSeverity: .hint),
        Rule(id: unpublishedVersions, summary: "Draft versions between published ones, which publishing discards.", defaultSeverity: .info),
    ]

    public static let statuses = ["draft", "published", "deprecated"]
}
