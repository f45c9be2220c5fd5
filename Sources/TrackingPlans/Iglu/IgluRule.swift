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

    public static let unknownKeyword = "iglu/unknown-keyword"
    public static let additionNarrowsOpen = "iglu/addition-narrows-open"
    public static let supersedingInvalid = "iglu/superseding-invalid"
    public static let rules: [Rule] = [
        Rule(id: schemaInvalid, summary: "An Iglu schema file that is not a valid draft-04 JSON Schema, or whose self {vendor, name, format, version} is malformed.", defaultSeverity: .error,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/SelfSyntaxChecker.scala validateSchema: the Iglu core draft-04 meta-schema and the self schema (Level.Error)"),
             otherSeverities: [.warning: "for what is legal but meaningless in its draft"]),
        Rule(id: minAboveMax, summary: "A minimum above its maximum (minimum/maximum, minLength/maxLength, minItems/maxItems, minProperties/maxProperties): nothing is valid there (quick fix: swap them).", defaultSeverity: .error,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala numericMinimumMaximum, stringMinMaxLength, arrayMinMaxItems (Level.Error)")),
        Rule(id: keywordTypeMismatch, summary: "A numeric, string, array or object keyword in a schema whose type excludes that type: it constrains nothing.", defaultSeverity: .error,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala numericProperties, stringProperties, arrayProperties, objectProperties (Level.Error)")),
        Rule(id: requiredMissing, summary: "A required key absent from properties while additionalProperties is false and there are no patternProperties: no object is valid (quick fix: add the property).", defaultSeverity: .error,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala requiredPropertiesExist (Level.Error)")),
        Rule(id: metaSchema, summary: "A self-describing schema whose root $schema is missing or not Iglu's meta-schema (quick fix: correct it).", defaultSeverity: .error,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala schemaUri (Level.Error); modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/SelfSyntaxChecker.scala self schema $schema enum")),
        Rule(id: selfMismatch, summary: "A schema whose self (vendor, name, format, version) does not match its file's place: the static registry path (an error), or where snowplow-cli would write the data structure (an info).", defaultSeverity: .error,
             basis: RuleBasis(.vendorCode, "snowplow/igluctl FileSpec / Error.PathMismatch (a static registry file's self must match its path)"),
             otherSeverities: [.info: "for snowplow-cli's data-structures/{vendor}/{name}.yaml layout: snowplow-cli writes it (util.ResourceNameToFileName) but never requires it"]),
        Rule(id: rootNotObject, summary: "An event or entity schema whose root is not type object with properties.", defaultSeverity: .warning,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala rootObject (Level.Warning)")),
        Rule(id: unknownFormat, summary: "A format Snowplow's loaders do not know (date-time, date, email, hostname, ipv4, ipv6, uri, uuid).", defaultSeverity: .warning,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala unknownFormats (Level.Warning)")),
        Rule(id: maxLengthTooLarge, summary: "A string maxLength over 65,535, the warehouses' VARCHAR maximum.", defaultSeverity: .warning,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala stringMaxLengthRange (Level.Warning)")),
        Rule(id: propertyName, summary: "A property name BigQuery does not accept as a column name (letters, digits and underscores, not starting with a digit).", defaultSeverity: .warning,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala bqDisallowedCharacters, bqIllegalStart (Level.Warning)")),
        Rule(id: descriptionMissing, summary: "A schema without a description (off by default).", defaultSeverity: .info,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala description (Level.Info)")),
        Rule(id: optionalNotNullable, summary: "An optional property whose type does not allow null (off by default).", defaultSeverity: .info,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala optionalNull (Level.Info)")),
        Rule(id: numericBoundsMissing, summary: "A numeric schema without both minimum and maximum (off by default).", defaultSeverity: .info,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala numericMinMax (Level.Warning; info here, off by default: iglu-central's CI skips it)")),
        Rule(id: stringLengthMissing, summary: "A string schema without maxLength, enum or a known format (off by default).", defaultSeverity: .info,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/Linter.scala stringLength (Level.Warning; info here, off by default: iglu-central's CI skips it)")),
        Rule(id: additionIncompatible, summary: "An ADDITION (1-0-0 → 1-0-1) that rejects events the previous version accepts, with such an event and the bump it needs (quick fix: renumber self.version).", defaultSeverity: .error,
             basis: .docs("Snowplow docs, versioning data structures (SchemaVer MODEL-REVISION-ADDITION): an ADDITION is compatible with all historical data; igluctl's breaking-change verification (VerifyParquetSpec)")),
        Rule(id: evolutionUndecidable, summary: "Whether an ADDITION keeps every event of the previous version valid could not be decided.", defaultSeverity: .warning,
             basis: .own("trackspec's subschema checker could not decide whether the ADDITION is compatible")),
        Rule(id: bumpLargerThanNeeded, summary: "A REVISION or MODEL bump whose new version accepts every event of the previous one: an ADDITION would do.", defaultSeverity: .hint,
             basis: .docs("Snowplow docs, versioning data structures (SchemaVer MODEL-REVISION-ADDITION): use the smallest bump that describes the change (a suggestion)")),
        Rule(id: versionGap, summary: "A version that does not directly follow the previous version of its family (1-0-0 → 1-0-2).", defaultSeverity: .warning,
             basis: RuleBasis(.vendorCode, "snowplow/igluctl FileSpec consistency check (GapError): versions of a family follow each other")),
        Rule(id: noInitialVersion, summary: "A family whose first known version is not 1-0-0.", defaultSeverity: .warning,
             basis: RuleBasis(.vendorCode, "snowplow/igluctl FileSpec consistency check (GapError.NotInitSingle): a family starts at 1-0-0")),
        Rule(id: versionBackwards, summary: "A data structure whose new version is below a version of its MODEL already published (in the cache).", defaultSeverity: .warning,
             basis: .docs("Snowplow docs, versioning data structures (SchemaVer MODEL-REVISION-ADDITION): a new version is above the versions already published")),
        Rule(id: additionNarrowsOpen, summary: "An ADDITION that adds an optional property to an open schema: Snowplow's versioning calls it an ADDITION, though strictly the previous version accepted any value there (the example shows one).", defaultSeverity: .info,
             basis: .docs("Snowplow docs, versioning data structures: adding an optional property is an ADDITION")),
        Rule(id: unknownKeyword, summary: "A key in a schema position that is not a draft-04 keyword (a property written one level too high, a typo): schema-ddl's strict meta-schema warns.", defaultSeverity: .warning,
             basis: .schemaDDL("modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/SelfSyntaxChecker.scala validateSchema: the strict V4 meta-schema (additionalProperties false, Level.Warning)")),
        Rule(id: supersedingInvalid, summary: "A $supersedes / $supersededBy that is not a SchemaVer, a $supersededBy not above the schema's own version, or one naming a version the registry does not hold.", defaultSeverity: .error,
             basis: RuleBasis(.vendorCode, "snowplow/schema-ddl modules/core/src/main/scala/com.snowplowanalytics/iglu.schemaddl/jsonschema/SelfSyntaxChecker.scala self schema ($supersedes, $supersededBy patterns, Level.Error); snowplow/iglu-scala-client resolver (superseding version must be greater and resolvable)")),
    ]

    /// Rules that report only when trackspec.json turns them on (iglu-central's own CI skips them: they flag
    /// most real schemas).
    public static let offByDefault: Set<String> = [descriptionMissing, optionalNotNullable, numericBoundsMissing, stringLengthMissing]

    /// Formats Snowplow's loaders and schema-ddl know; anything else is `unknownFormat`.
    public static let knownFormats = ["date-time", "date", "email", "hostname", "ipv4", "ipv6", "uri", "uuid"]
}
