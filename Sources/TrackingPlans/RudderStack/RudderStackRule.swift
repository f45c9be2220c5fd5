/// Rule ids of the RudderStack family and the vocabulary of the Data Catalog API. Ids are a public
/// contract (see `Rule`).
public enum RudderStackRule {
    public static let unknownKey = "rudderstack/unknown-key"
    public static let wrongType = "rudderstack/wrong-type"
    public static let nameRequired = "rudderstack/name-required"
    public static let nameInvalid = "rudderstack/name-invalid"
    public static let eventTypeInvalid = "rudderstack/event-type-invalid"
    public static let eventNameRequired = "rudderstack/event-name-required"
    public static let eventNameNotEmpty = "rudderstack/event-name-not-empty"
    public static let propertyNameInvalid = "rudderstack/property-name-invalid"
    public static let propertyTypeInvalid = "rudderstack/property-type-invalid"
    public static let keywordInvalid = "rudderstack/keyword-invalid"
    public static let keywordNotApplicable = "rudderstack/keyword-not-applicable"
    public static let rulesInvalid = "rudderstack/rules-invalid"
    public static let rulesKeywordRestricted = "rudderstack/rules-keyword-restricted"
    public static let identitySectionInvalid = "rudderstack/identity-section-invalid"
    public static let eventDuplicate = "rudderstack/event-duplicate"
    public static let propertyDuplicate = "rudderstack/property-duplicate"
    public static let catalogDuplicate = "rudderstack/catalog-duplicate"
    public static let propertyConflict = "rudderstack/property-conflict"
    public static let referenceUnresolved = "rudderstack/reference-unresolved"
    public static let configEmpty = "rudderstack/config-empty"
    public static let configEventTypeInvalid = "rudderstack/config-event-type-invalid"
    public static let configEventBlank = "rudderstack/config-event-blank"
    public static let configSettingInvalid = "rudderstack/config-setting-invalid"
    public static let configValueInvalid = "rudderstack/config-value-invalid"
    // rudder-cli project files (YAML resource files with `version`, `kind`, `metadata`, `spec`).
    public static let projectEnvelope = "rudderstack/project-envelope"
    public static let projectKindVersion = "rudderstack/project-kind-version"
    public static let projectMetadata = "rudderstack/project-metadata"
    public static let projectUnknownKey = "rudderstack/project-unknown-key"
    public static let requiredField = "rudderstack/required-field"
    public static let descriptionInvalid = "rudderstack/description-invalid"
    public static let referenceInvalid = "rudderstack/reference-invalid"
    public static let urnDuplicate = "rudderstack/urn-duplicate"
    public static let resourceNameDuplicate = "rudderstack/resource-name-duplicate"
    public static let customTypeInvalid = "rudderstack/custom-type-invalid"
    public static let variantInvalid = "rudderstack/variant-invalid"
    public static let planRuleInvalid = "rudderstack/plan-rule-invalid"
    public static let sourceTypeInvalid = "rudderstack/source-type-invalid"
    public static let nestingInvalid = "rudderstack/nesting-invalid"
    public static let ruleSectionUnknown = "rudderstack/rule-section-unknown"

    public static let rules: [Rule] = [
        Rule(id: unknownKey, summary: "A key the Data Catalog API does not know (with the closest known key).", defaultSeverity: .warning),
        Rule(id: wrongType, summary: "A tracking-plan, catalog or connection field with the wrong JSON type.", defaultSeverity: .error),
        Rule(id: nameRequired, summary: "A tracking plan, category or property without a name.", defaultSeverity: .error),
        Rule(id: nameInvalid, summary: "A tracking plan, event or category name that is not 3–65 letters, digits, underscores, commas, spaces, dashes or dots starting with a letter.", defaultSeverity: .error),
        Rule(id: eventTypeInvalid, summary: "An eventType other than track, identify, group, page or screen.", defaultSeverity: .error),
        Rule(id: eventNameRequired, summary: "A track event without a name.", defaultSeverity: .error),
        Rule(id: eventNameNotEmpty, summary: "An identify, group, page or screen event with a name (theirs must be empty).", defaultSeverity: .error),
        Rule(id: propertyNameInvalid, summary: "A property name that does not start with a letter or has characters other than letters, digits, underscores and spaces.", defaultSeverity: .error),
        Rule(id: propertyTypeInvalid, summary: "A property type that is not string, integer, number, object, array, boolean, null or a list of them without duplicates.", defaultSeverity: .error),
        Rule(id: keywordInvalid, summary: "An advanced keyword with a bad value (negative length, min above max, multipleOf ≤ 0, unknown format, invalid pattern, empty or repeated enum).", defaultSeverity: .error),
        Rule(id: keywordNotApplicable, summary: "An advanced keyword that does not fit the property's type(s), or that RudderStack does not support.", defaultSeverity: .error),
        Rule(id: rulesInvalid, summary: "An event's rules that are not a valid draft-07 JSON Schema.", defaultSeverity: .error),
        Rule(id: rulesKeywordRestricted, summary: "A JSON Schema keyword RudderStack does not accept in rules.", defaultSeverity: .error),
        Rule(id: identitySectionInvalid, summary: "An identitySection other than properties, traits or context.traits.", defaultSeverity: .error),
        Rule(id: eventDuplicate, summary: "The same event (name and type) twice in a tracking plan.", defaultSeverity: .error),
        Rule(id: propertyDuplicate, summary: "The same property twice in one event (or one object property).", defaultSeverity: .error),
        Rule(id: catalogDuplicate, summary: "Two catalog events, properties or categories with the same name, in any catalog files of the workspace.", defaultSeverity: .error),
        Rule(id: propertyConflict, summary: "The same property name and type defined with different advanced keywords, in any files of the workspace.", defaultSeverity: .error),
        Rule(id: referenceUnresolved, summary: "A categoryId, event id or property id that no catalog file of the workspace defines.", defaultSeverity: .error),
        Rule(id: configEmpty, summary: "A tracking plan connection whose config is empty.", defaultSeverity: .error),
        Rule(id: configEventTypeInvalid, summary: "A connection config key other than track, identify, group, page, screen or global.", defaultSeverity: .error),
        Rule(id: configEventBlank, summary: "An empty settings object for an event type in a connection config.", defaultSeverity: .error),
        Rule(id: configSettingInvalid, summary: "An unknown connection setting, or allowUnplannedEvents outside track and global.", defaultSeverity: .error),
        Rule(id: configValueInvalid, summary: "A connection setting value other than forward/drop or the strings \"true\"/\"false\".", defaultSeverity: .error),
        Rule(id: projectEnvelope, summary: "A rudder-cli project file without its version, kind, metadata or spec (or with other top-level keys).", defaultSeverity: .error),
        Rule(id: projectKindVersion, summary: "A rudder-cli kind that does not exist, or is not supported with the file's version.", defaultSeverity: .error),
        Rule(id: projectMetadata, summary: "A rudder-cli metadata block without a name, or with a malformed import block.", defaultSeverity: .error),
        Rule(id: projectUnknownKey, summary: "A key rudder-cli does not decode in a project file (it decodes strictly and refuses the file).", defaultSeverity: .error),
        Rule(id: requiredField, summary: "A field rudder-cli requires (an id, a name, a type, a rule's event…) that is missing or empty.", defaultSeverity: .error),
        Rule(id: descriptionInvalid, summary: "A description that is not 3–2000 characters starting with a letter.", defaultSeverity: .error),
        Rule(id: referenceInvalid, summary: "A rudder-cli reference of the wrong form for its field or the file's version (#event:<id> vs #/events/<group>/<id>).", defaultSeverity: .error),
        Rule(id: urnDuplicate, summary: "Two rudder-cli resources with the same URN (kind and id) anywhere in the project.", defaultSeverity: .error),
        Rule(id: resourceNameDuplicate, summary: "Two tracking plans with the same display_name, or two event-stream sources with the same name, in the project.", defaultSeverity: .error),
        Rule(id: customTypeInvalid, summary: "A custom type with a bad name (2–65 characters, ^[A-Z][A-Za-z0-9_-]*$), a non-primitive type, or variants/config its type does not allow.", defaultSeverity: .error),
        Rule(id: variantInvalid, summary: "A variant that is not a discriminator with cases, more than one variant, or a discriminator that is not one of the parent's string/integer/boolean properties.", defaultSeverity: .error),
        Rule(id: planRuleInvalid, summary: "A rudder-cli tracking-plan rule of the wrong shape: not event_rule, event and includes both or neither, properties nested deeper than 3 levels, additionalProperties without nested properties, nested properties under a property that is not an object.", defaultSeverity: .error),
        Rule(id: nestingInvalid, summary: "A Data Catalog API plan property whose nested properties go deeper than 3 levels or sit under a property without a type, or with additionalProperties: true but no nested properties.", defaultSeverity: .error),
        Rule(id: ruleSectionUnknown, summary: "A top-level section of an event's rules schema other than properties, traits and context.traits: RudderStack validates only those.", defaultSeverity: .warning),
        Rule(id: sourceTypeInvalid, summary: "An event-stream source whose type is not one of the SDKs rudder-cli knows.", defaultSeverity: .error),
    ]

    public static let eventTypes = ["track", "identify", "group", "page", "screen"]
    public static let identitySections = ["properties", "traits", "context.traits"]
    public static let propertyTypes = ["string", "integer", "number", "object", "array", "boolean", "null"]
    public static let formats = ["date-time", "date", "time", "email", "uuid", "hostname", "ipv4", "ipv6"]

    /// Advanced keywords (`propConfig`) and the property types each one fits.
    public static let keywordTypes: [(String, Set<String>)] = [
        ("minLength", ["string"]), ("maxLength", ["string"]), ("pattern", ["string"]), ("format", ["string"]),
        ("minimum", ["integer", "number"]), ("maximum", ["integer", "number"]),
        ("exclusiveMinimum", ["integer", "number"]), ("exclusiveMaximum", ["integer", "number"]), ("multipleOf", ["integer", "number"]),
        ("items", ["array"]), ("itemTypes", ["array"]), ("minItems", ["array"]), ("maxItems", ["array"]), ("uniqueItems", ["array"]),
        ("enum", Set(propertyTypes)),
    ]
    public static let keywords = keywordTypes.map(\.0)

    /// Draft-07 keywords the Data Catalog API refuses inside an event's `rules`.
    public static let restrictedRulesKeywords = ["patternProperties", "unevaluatedProperties", "propertyNames", "minProperties", "maxProperties",
                                                 "prefixItems", "unevaluatedItems", "contains", "minContains", "maxContains", "const", "if", "then", "else"]

    /// Connection config: event-type keys, and the settings each accepts.
    public static let configEventTypes = ["track", "identify", "group", "page", "screen", "global"]
    public static func configSettings(for eventType: String) -> [String] {
        let common = ["unplannedProperties", "anyOtherViolation", "propagateValidationErrors"]
        return eventType == "track" || eventType == "global" ? ["allowUnplannedEvents"] + common : common
    }
    public static let allSettings = ["allowUnplannedEvents", "unplannedProperties", "anyOtherViolation", "propagateValidationErrors"]
    public static func settingValues(_ setting: String) -> [String] {
        setting == "unplannedProperties" || setting == "anyOtherViolation" ? ["forward", "drop"] : ["true", "false"]
    }

    /// What RudderStack does with each setting: shown on hover in connection files.
    public static let settingDocs: [String: String] = [
        "track": "Settings for `track` events; they override `global`.",
        "identify": "Settings for `identify` calls (traits are validated); they override `global`.",
        "group": "Settings for `group` calls; they override `global`.",
        "page": "Settings for `page` calls; they override `global`.",
        "screen": "Settings for `screen` calls; they override `global`.",
        "global": "Settings for every event type without its own entry.",
        "allowUnplannedEvents": "Events the tracking plan does not define (`Unplanned-Event` violations).\n\n- `\"true\"`: RudderStack forwards them to destinations.\n- `\"false\"`: RudderStack drops them.\n\nOnly under `track` and `global`: other calls are never unplanned. A string, not a JSON boolean.",
        "unplannedProperties": "Events carrying properties the plan does not define for them (`Additional-Properties` violations).\n\n- `forward`: RudderStack forwards the event as it is.\n- `drop`: RudderStack drops the whole event.",
        "anyOtherViolation": "Events with any other violation: a required property missing (`Required-Missing`), a value of the wrong type (`Datatype-Mismatch`), a failed rule (`Unknown-Violation`).\n\n- `forward`: RudderStack forwards the event.\n- `drop`: RudderStack drops it.",
        "propagateValidationErrors": "Whether violations travel with forwarded events.\n\n- `\"true\"`: RudderStack adds them to the event as `context.violationErrors` (each with `type`, `message` and `meta.instancePath`/`schemaPath`), so destinations and warehouses can see them.\n- `\"false\"`: events are forwarded without them.\n\nA string, not a JSON boolean.",
    ]
}
