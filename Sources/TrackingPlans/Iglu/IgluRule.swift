/// Rule ids of the Iglu family: the quality of the schemas themselves (Iglu schema files, snowplow-cli data
/// structures, a cache's schemas through `iglu list --check`), after schema-ddl's linter, and how each version
/// of a family evolves from the one before, decided by the subschema checker. Ids are a public contract.
public enum IgluRule {
    /// An Iglu schema file that is not a valid draft-04 schema, or whose `self` is malformed.
    public static let schemaInvalid = "iglu/schema-invalid"
    // Lint: errors
    public static let minAboveMax = "iglu/min-above-max"
    public static let keywordTypeMismatch = "iglu/keyword-type-mismatch"
    public static let requiredMissing = "iglu/required-missing"
    public static let metaSchema = "iglu/meta-schema"
    public static let selfMismatch = "iglu/self-mismatch"
    // Lint: warnings
    public static let rootNotObject = "iglu/root-not-object"
    public static let unknownFormat = "iglu/unknown-format"
    public static let maxLengthTooLarge = "iglu/max-length-too-large"
    public static let propertyName = "iglu/property-name"
    // Lint: infos, off by default
    public static let descriptionMissing = "iglu/description-missing"
    public static let optionalNotNullable = "iglu/optional-not-nullable"
    public static let numericBoundsMissing = "iglu/numeric-bounds-missing"
    public static let stringLengthMissing = "iglu/string-length-missing"
    // SchemaVer evolution
    public static let additionIncompatible = "iglu/addition-incompatible"
    public static let evolutionUndecidable = "iglu/evolution-undecidable"
    public static let bumpLargerThanNeeded = "iglu/bump-larger-than-needed"
    public static let versionGap = "iglu/version-gap"
    public static let noInitialVersion = "iglu/no-initial-version"
    public static let versionBackwards = "iglu/version-backwards"

    public static let rules: [Rule] = [
        Rule(id: schemaInvalid, summary: "An Iglu schema file that is not a valid draft-04 JSON Schema, or whose self {vendor, name, format, version} is malformed.", defaultSeverity: .error),
        Rule(id: minAboveMax, summary: "A minimum above its maximum (minimum/maximum, minLength/maxLength, minItems/maxItems, minProperties/maxProperties): nothing is valid there (quick fix: swap them).", defaultSeverity: .error),
        Rule(id: keywordTypeMismatch, summary: "A numeric, string, array or object keyword in a schema whose type excludes that type: it constrains nothing.", defaultSeverity: .error),
        Rule(id: requiredMissing, summary: "A required key absent from properties while additionalProperties is false and there are no patternProperties: no object is valid (quick fix: add the property).", defaultSeverity: .error),
        Rule(id: metaSchema, summary: "A self-describing schema whose root $schema is missing or not Iglu's meta-schema (quick fix: correct it).", defaultSeverity: .error),
        Rule(id: selfMismatch, summary: "A schema whose self (vendor, name, format, version) does not match its file's place: the static registry path, or the data-structures folder vendor/name.", defaultSeverity: .error),
        Rule(id: rootNotObject, summary: "An event or entity schema whose root is not type object with properties.", defaultSeverity: .warning),
        Rule(id: unknownFormat, summary: "A format Snowplow's loaders do not know (date-time, date, email, hostname, ipv4, ipv6, uri, uuid).", defaultSeverity: .warning),
        Rule(id: maxLengthTooLarge, summary: "A string maxLength over 65,535, the warehouses' VARCHAR maximum.", defaultSeverity: .warning),
        Rule(id: propertyName, summary: "A property name BigQuery does not accept as a column name (letters, digits and underscores, not starting with a digit).", defaultSeverity: .warning),
        Rule(id: descriptionMissing, summary: "A schema without a description (off by default).", defaultSeverity: .info),
        Rule(id: optionalNotNullable, summary: "An optional property whose type does not allow null (off by default).", defaultSeverity: .info),
        Rule(id: numericBoundsMissing, summary: "A numeric schema without both minimum and maximum (off by default).", defaultSeverity: .info),
        Rule(id: stringLengthMissing, summary: "A string schema without maxLength, enum or a known format (off by default).", defaultSeverity: .info),
        Rule(id: additionIncompatible, summary: "An ADDITION (1-0-0 → 1-0-1) that rejects events the previous version accepts, with such an event and the bump it needs (quick fix: renumber self.version).", defaultSeverity: .error),
        Rule(id: evolutionUndecidable, summary: "Whether an ADDITION keeps every event of the previous version valid could not be decided.", defaultSeverity: .warning),
        Rule(id: bumpLargerThanNeeded, summary: "A REVISION or MODEL bump whose new version accepts every event of the previous one: an ADDITION would do.", defaultSeverity: .hint),
        Rule(id: versionGap, summary: "A version that does not directly follow the previous version of its family (1-0-0 → 1-0-2).", defaultSeverity: .warning),
        Rule(id: noInitialVersion, summary: "A family whose first known version is not 1-0-0.", defaultSeverity: .warning),
        Rule(id: versionBackwards, summary: "A data structure whose new version is below a version of its MODEL already published (in the cache).", defaultSeverity: .warning),
    ]

    /// Rules that report only when trackspec.json turns them on (iglu-central's own CI skips them: they flag
    /// most real schemas).
    public static let offByDefault: Set<String> = [descriptionMissing, optionalNotNullable, numericBoundsMissing, stringLengthMissing]

    /// Formats Snowplow's loaders and schema-ddl know; anything else is `unknownFormat`.
    public static let knownFormats = ["date-time", "date", "email", "hostname", "ipv4", "ipv6", "uri", "uuid"]
}
