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
        Rule(id: unknownKey, summary: "A key the Tracking Scenarios API does not know (with the closest known key).", defaultSeverity: .warning,
             basis: .docs("Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): the scenario fields; a misspelt field is dropped, so what it says is lost (snowplow-cli's internal/validation/schema/data-product.json refuses unknown keys: additionalProperties false)")),
        Rule(id: wrongType, summary: "A scenario field with the wrong JSON type.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json (field types); Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2)")),
        Rule(id: idInvalid, summary: "A scenario id that is not a UUID.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json (resourceName, format uuid); Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): ids are UUIDs")),
        Rule(id: nameRequired, summary: "A scenario without a name, or with an empty one.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json (eventSpecifications[] required name)")),
        Rule(id: nameDuplicate, summary: "Two scenarios with the same name for the same data structure (vendor/name), in any files of the workspace.", defaultSeverity: .warning,
             basis: .own("neither snowplow-cli nor the documented API rejects two event specifications with one name for one data structure; they cannot be told apart in the Console or in generated code")),
        Rule(id: versionInvalid, summary: "A version that is not an integer ≥ 0.", defaultSeverity: .error,
             basis: .docs("Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): version is an integer")),
        Rule(id: versionConflict, summary: "A version that already exists in the history or is not above the last published version.", defaultSeverity: .error,
             basis: .docs("Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): a new version is above the latest published one")),
        Rule(id: statusInvalid, summary: "A status other than draft, published or deprecated.", defaultSeverity: .error,
             basis: .docs("Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): status draft, published or deprecated")),
        Rule(id: sourceInvalid, summary: "An event or entity source that is not a valid Iglu URI.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json (source pattern ^iglu:vendor/name/format/M-R-A$); local_source_app_validation.go validIgluUri")),
        Rule(id: sourceNotFound, summary: "An event or entity source that the local Iglu cache does not hold.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/local_source_app_validation.go checkSchemaDeployed (a source must be a deployed data structure); here: the local Iglu cache and the workspace")),
        Rule(id: sourceUnusable, summary: "A cached Iglu schema that cannot be read or compiled.", defaultSeverity: .error,
             basis: .igluClient("the resolver: a schema that cannot be parsed is a resolution error"), otherSeverities: [.warning: "when the unusable schema is only the latest cached version, not the one named"]),
        Rule(id: sourceOutdated, summary: "A newer cached version of event.source that the scenario is also compatible with (quick fix: use it).", defaultSeverity: .hint,
             basis: .own("a newer cached version the specification also fits: a suggestion, nothing is wrong")),
        Rule(id: entityDuplicate, summary: "The same entity source twice in one entity list.", defaultSeverity: .warning,
             basis: .own("snowplow-cli's schema does not forbid it (no uniqueItems), but the same entity listed twice says the same thing twice with possibly different cardinalities")),
        Rule(id: cardinalityInvalid, summary: "Entity cardinalities that are not integers ≥ 0 with max ≥ min, or a max without a min.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/local_source_app_validation.go ValidateSAEntitiesCardinalities / cardinalityCheck")),
        Rule(id: schemaInvalid, summary: "An event or entity schema (a refinement) that is not a valid JSON Schema.", defaultSeverity: .error,
             basis: .spec("JSON Schema draft-04 meta-schema (draft-06/07 when $schema says so): the refinement must be a schema the Console can compile"),
             otherSeverities: [.warning: "for what is legal but meaningless in its draft (an empty enum in draft-06/07)"]),
        Rule(id: schemaIncompatible, summary: "An event or entity schema accepts data its source data structure rejects (error against the current version, warning against the latest cached one).", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/local_data_product_validation.go ValidateDPEventSpecCompat: the Console's compatibility check of an event specification with its data structure (SchemaIncompatible)"), otherSeverities: [.warning: "against the latest cached version of the same MODEL, not the version event.source names"]),
        Rule(id: schemaUndecidable, summary: "Compatibility of an event or entity schema with its source could not be decided.", defaultSeverity: .warning,
             basis: .own("trackspec's subschema checker could not decide; the Console may still accept or refuse")),
        Rule(id: envelopeInvalid, summary: "A snowplow-cli file whose apiVersion, resourceType, resourceName (a UUID) or data/meta is missing or wrong.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json, source-application.json, data-structure.json (apiVersion, resourceType, resourceName, data)")),
        Rule(id: fieldInvalid, summary: "A snowplow-cli field its schema requires or constrains: a missing name, app ids or entities; an owner that is not an email; an empty description; an app id over 256 characters; a trigger id that is not a UUID; a $ref item of the wrong shape; source-application entity cardinalities or refinements.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json and source-application.json (required names, owner format email, appIds, entities, triggers); local_source_app_validation.go ValidateSAShape")),
        Rule(id: refinementShape, summary: "An event or entity schema in a snowplow-cli file that is not type object with additionalProperties false and properties.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-product.json $defs/schema: type object, additionalProperties false, properties")),
        Rule(id: referenceUnresolved, summary: "A data product's source-application $ref that is no source-application file, an excluded source application the data product does not list, or a trigger app id its source applications do not declare.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/local_dp_validation.go resolveRefs (source-application $refs relative to the file)")),
        Rule(id: dataStructureInvalid, summary: "A data-structure file whose meta or self-describing schema ($schema, self vendor/name/format/version) is malformed.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/schema/data-structure.json; local_validation.go validateDs")),
        Rule(id: dataStructureDuplicate, summary: "Two data-structure files describing one vendor/name.", defaultSeverity: .error,
             basis: .snowplowCLI("internal/validation/local_validation.go ValidateLocalDs: \"the mapping between data structures and files should be unique\"")),
        Rule(id: dataStructureShadowsCache, summary: "A data-structure file whose schema differs from the cached schema of the same key: the workspace's is used.", defaultSeverity: .hint,
             basis: .own("the workspace's data structure is used instead of the cached one: said so, nothing is wrong")),
        Rule(id: unpublishedVersions, summary: "Draft versions between published ones, which publishing discards.", defaultSeverity: .info,
             basis: .docs("Snowplow Tracking Scenarios / Event Specifications API reference (V1 tracking-scenarios, data-products/v2): publishing a version discards the drafts before it")),
    ]

    public static let statuses = ["draft", "published", "deprecated"]
}
