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

    public static let projectIgnoredKey = "rudderstack/project-ignored-key"
    public static let importDuplicate = "rudderstack/import-duplicate"
    public static let importOrphaned = "rudderstack/import-orphaned"
    public static let importConflict = "rudderstack/import-conflict"
    public static let connectionDuplicate = "rudderstack/connection-duplicate"
    public static let connectionEndpointDisabled = "rudderstack/connection-endpoint-disabled"
    public static let rules: [Rule] = [
        Rule(id: unknownKey, summary: "A key the Data Catalog API does not know (with the closest known key).", defaultSeverity: .warning,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/…): the request body fields of each endpoint; a misspelt field is dropped, so what it says is lost")),
        Rule(id: wrongType, summary: "A tracking-plan, catalog or connection field with the wrong JSON type.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/…): each field's documented type")),
        Rule(id: nameRequired, summary: "A tracking plan, category or property without a name.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/, properties/, categories/): `name` Required")),
        Rule(id: nameInvalid, summary: "A tracking plan, event or category name that is not 3–65 letters, digits, underscores, commas, spaces, dashes or dots starting with a letter.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Create Tracking Plan, events/, categories/): 3–65 characters, a letter first, letters, numbers, underscores, commas, spaces, dashes, dots")),
        Rule(id: eventTypeInvalid, summary: "An eventType other than track, identify, group, page or screen.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/event/event_spec_valid.go (event_type oneof track identify group page screen); Data Catalog API events/ eventType", rules: ["datacatalog/events/spec-syntax-valid"])),
        Rule(id: eventNameRequired, summary: "A track event without a name.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/events/ Create Event): `name` is required for track events")),
        Rule(id: eventNameNotEmpty, summary: "An identify, group, page or screen event with a name (theirs must be empty).", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/events/ Create Event): identify, group, page and screen events have no name")),
        Rule(id: propertyNameInvalid, summary: "A property name that does not start with a letter or has characters other than letters, digits, underscores and spaces.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/properties/ Create Property): name rules")),
        Rule(id: propertyTypeInvalid, summary: "A property type that is not string, integer, number, object, array, boolean, null or a list of them without duplicates.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/property/property_spec_valid.go; Data Catalog API properties/ `type`", rules: ["datacatalog/properties/spec-syntax-valid"])),
        Rule(id: keywordInvalid, summary: "An advanced keyword with a bad value (negative length, min above max, multipleOf ≤ 0, unknown format, invalid pattern, empty or repeated enum).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/config/*_validator.go (per-type config validators)", rules: ["datacatalog/properties/config-valid", "datacatalog/custom-types/config-valid"])),
        Rule(id: keywordNotApplicable, summary: "An advanced keyword that does not fit the property's type(s), or that RudderStack does not support.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/config/validator.go ('is not applicable for type(s)')", rules: ["datacatalog/properties/config-valid", "datacatalog/custom-types/config-valid"])),
        Rule(id: rulesInvalid, summary: "An event's rules that are not a valid draft-07 JSON Schema.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Update Tracking Plan event): `rules` is a draft-07 JSON Schema"),
             otherSeverities: [.warning: "for what is legal but meaningless in draft-07 (an empty enum)"]),
        Rule(id: rulesKeywordRestricted, summary: "A JSON Schema keyword RudderStack does not accept in rules.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Update Tracking Plan event): the JSON Schema keywords RudderStack does not support in rules")),
        Rule(id: identitySectionInvalid, summary: "An identitySection other than properties, traits or context.traits.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/localcatalog/tracking_plan.go (identity_section oneof properties traits context.traits); Data Catalog API identitySection", rules: ["datacatalog/tracking-plans/spec-syntax-valid"])),
        Rule(id: eventDuplicate, summary: "The same event (name and type) twice in a tracking plan.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/trackingplan/trackingplan_semantic_valid.go", rules: ["datacatalog/tracking-plans/semantic-valid"])),
        Rule(id: propertyDuplicate, summary: "The same property twice in one event (or one object property).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/trackingplan/trackingplan_semantic_valid.go", rules: ["datacatalog/tracking-plans/semantic-valid"])),
        Rule(id: catalogDuplicate, summary: "Two catalog events, properties or categories with the same name, in any catalog files of the workspace.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/{event,property,category,customtype}/*_semantic_valid.go", rules: ["datacatalog/events/semantic-valid", "datacatalog/properties/semantic-valid", "datacatalog/categories/semantic-valid", "datacatalog/custom-types/semantic-valid"])),
        Rule(id: propertyConflict, summary: "The same property name and type defined with different advanced keywords, in any files of the workspace.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/properties/): the API's 400 \"Property with name [..] and type [..] already exists with different advanced keywords.\"")),
        Rule(id: referenceUnresolved, summary: "A categoryId, event id or property id that no catalog file of the workspace defines.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/*/…_semantic_valid.go, event-stream/rules/connection/connection_semantic_valid.go ('not found in the project')", rules: ["datacatalog/tracking-plans/semantic-valid", "event-stream/source/semantic-valid", "event-stream/connection/semantic-valid"])),
        Rule(id: configEmpty, summary: "A tracking plan connection whose config is empty.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Manage Tracking Plan-source connections): `config`")),
        Rule(id: configEventTypeInvalid, summary: "A connection config key other than track, identify, group, page, screen or global.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Manage Tracking Plan-source connections): config keys per event type")),
        Rule(id: configEventBlank, summary: "An empty settings object for an event type in a connection config.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Manage Tracking Plan-source connections): settings per event type")),
        Rule(id: configSettingInvalid, summary: "An unknown connection setting, or allowUnplannedEvents outside track and global.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Manage Tracking Plan-source connections): the settings and where each applies")),
        Rule(id: configValueInvalid, summary: "A connection setting value other than forward/drop or the strings \"true\"/\"false\".", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Manage Tracking Plan-source connections): setting values")),
        Rule(id: projectEnvelope, summary: "A rudder-cli project file without its version, kind, metadata or spec (or with other top-level keys).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/rules/spec_syntax_valid.go", rules: ["project/spec-syntax-valid"])),
        Rule(id: projectKindVersion, summary: "A rudder-cli kind that does not exist, or is not supported with the file's version.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/rules/resource_kind_version_valid.go", rules: ["project/resource-kind-version-valid"])),
        Rule(id: projectMetadata, summary: "A rudder-cli metadata block without a name, or with a malformed import block.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/rules/metadata_syntax_valid.go; specs/metadata.go ImportIds", rules: ["project/metadata-syntax-valid"])),
        Rule(id: projectUnknownKey, summary: "A key rudder-cli does not decode in a project file (it decodes strictly and refuses the file).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/localcatalog/model.go (DisallowUnknownFields), event-stream handlers and manifestspec.DecodeWorkspaces (ErrorUnused)", rules: ["project/spec-syntax-valid"])),
        Rule(id: requiredField, summary: "A field rudder-cli requires (an id, a name, a type, a rule's event…) that is missing or empty.", defaultSeverity: .error,
             basis: .rudderCLI("the spec structs' `validate:\"required\"` tags (datacatalog localcatalog, event-stream connection/source models) and import-manifest/spec-syntax-valid", rules: ["datacatalog/*/spec-syntax-valid", "event-stream/source/spec-syntax-valid", "event-stream/connection/spec-syntax-valid", "import-manifest/spec-syntax-valid"])),
        Rule(id: descriptionInvalid, summary: "A description that is not 3–2000 characters starting with a letter.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/localcatalog (description gte=3, lte=2000, pattern=letter_start); Data Catalog API descriptions", rules: ["datacatalog/*/spec-syntax-valid"])),
        Rule(id: referenceInvalid, summary: "A rudder-cli reference of the wrong form for its field or the file's version (#event:<id> vs #/events/<group>/<id>).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/provider/rules/funcs/regex.go (event_ref, property_ref… patterns), event-stream/rules/connection/connection_spec_valid.go validateEndpointRef", rules: ["datacatalog/*/spec-syntax-valid", "event-stream/connection/spec-syntax-valid"])),
        Rule(id: urnDuplicate, summary: "Two rudder-cli resources with the same URN (kind and id) anywhere in the project.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/rules/duplicate_urn_rule.go", rules: ["project/duplicate-urn"])),
        Rule(id: resourceNameDuplicate, summary: "Two tracking plans with the same display_name, or two event-stream sources with the same name, in the project.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/trackingplan/trackingplan_semantic_valid.go, event-stream/rules/source/source_semantic_valid.go", rules: ["datacatalog/tracking-plans/semantic-valid", "event-stream/source/semantic-valid"])),
        Rule(id: customTypeInvalid, summary: "A custom type with a bad name (2–65 characters, ^[A-Z][A-Za-z0-9_-]*$), a non-primitive type, or variants/config its type does not allow.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/customtype/customtype_{spec,config,semantic}_valid.go", rules: ["datacatalog/custom-types/spec-syntax-valid", "datacatalog/custom-types/config-valid"])),
        Rule(id: variantInvalid, summary: "A variant that is not a discriminator with cases, more than one variant, or a discriminator that is not one of the parent's string/integer/boolean properties.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/variant/variant_v{0,1}_validation.go", rules: ["datacatalog/custom-types/spec-syntax-valid", "datacatalog/tracking-plans/spec-syntax-valid"])),
        Rule(id: planRuleInvalid, summary: "A rudder-cli tracking-plan rule of the wrong shape: not event_rule, event and includes both or neither, properties nested deeper than 3 levels, additionalProperties without nested properties, nested properties under a property that is not an object.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/datacatalog/rules/trackingplan/trackingplan_{spec,semantic}_valid.go", rules: ["datacatalog/tracking-plans/spec-syntax-valid", "datacatalog/tracking-plans/semantic-valid"])),
        Rule(id: nestingInvalid, summary: "A Data Catalog API plan property whose nested properties go deeper than 3 levels or sit under a property without a type, or with additionalProperties: true but no nested properties.", defaultSeverity: .error,
             basis: .docs("RudderStack Data Catalog API reference (rudderstack.com/docs/api/data-catalog-api/tracking-plans/ Update Tracking Plan event): nested properties up to 3 levels, under object properties")),
        Rule(id: ruleSectionUnknown, summary: "A top-level section of an event's rules schema other than properties, traits and context.traits: RudderStack validates only those.", defaultSeverity: .warning,
             basis: .docs("RudderStack Tracking Plans docs (data-governance/tracking-plans): violations are checked on properties, traits and context.traits only; a section named otherwise checks nothing")),
        Rule(id: sourceTypeInvalid, summary: "An event-stream source whose type is not one of the SDKs rudder-cli knows.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/event-stream/rules/source/source_spec_valid.go, source/model.go sourceDefinitions", rules: ["event-stream/source/spec-syntax-valid"])),
        Rule(id: projectIgnoredKey, summary: "A key of a rudder-cli metadata block that rudder-cli decodes leniently and ignores: what it says is lost (a misspelt `import` imports nothing).", defaultSeverity: .warning,
             basis: .own("rudder-iac cli/internal/project/rules/metadata_syntax_valid.go decodeMetadata decodes without ErrorUnused: rudder-cli ignores the key silently")),
        Rule(id: importDuplicate, summary: "The same (workspace_id, urn) more than once across the project's import manifests.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/importmanifest/rules/duplicate_urn.go", rules: ["import-manifest/duplicate-urn"])),
        Rule(id: importOrphaned, summary: "An import-manifest URN that no resource of the project declares (checked for the kinds trackspec reads).", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/importmanifest/rules/orphaned_urn.go", rules: ["import-manifest/orphaned-urn"])),
        Rule(id: importConflict, summary: "A (workspace_id, urn) imported both by a manifest and inline metadata.import with different remote_ids.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/project/rules/manifest_inline_conflict.go", rules: ["project/manifest-inline-conflict"])),
        Rule(id: connectionDuplicate, summary: "An event-stream source and destination connected more than once in the project.", defaultSeverity: .error,
             basis: .rudderCLI("cli/internal/providers/event-stream/rules/connection/connection_semantic_valid.go validatePairUniqueness", rules: ["event-stream/connection/semantic-valid"])),
        Rule(id: connectionEndpointDisabled, summary: "An enabled event-stream connection whose source or destination is disabled: it delivers no events.", defaultSeverity: .warning,
             basis: .rudderCLI("cli/internal/providers/event-stream/rules/connection/connection_semantic_valid.go validateEnabledEndpoints", rules: ["event-stream/connection/enabled-endpoints-valid"])),
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
