import JSONSyntax

/// The design's own hygiene (#39): names that do not follow the convention most names of their kind follow, and
/// names of one kind that are the same concept spelt twice. Neither vendor checks these; they are trackspec's
/// reading of what splits a tracking design's data, so a warning at most and off until a project turns the family on
/// (`check --hygiene`, or `"rules": {"hygiene/*": "warning"}` in trackspec.json).
public enum HygieneRule {
    public static let namingConvention = "hygiene/naming-convention"
    public static let nearDuplicate = "hygiene/near-duplicate"
    public static let conflictingDefinition = "hygiene/conflicting-definition"
    public static let orphan = "hygiene/orphan"
    public static let missingDescription = "hygiene/missing-description"

    public static let rules: [Rule] = [
        Rule(id: namingConvention, summary: "A name (event, property, category, custom type, id, event specification, data structure) that does not follow the naming convention a clear majority of the names of its kind in the workspace follow (Title Case, snake_case, camelCase, kebab-case, lower case).", defaultSeverity: .info,
             basis: .own("a convention the workspace itself shows: reported only where at least three quarters of the names of the kind that tell conventions apart follow one")),
        Rule(id: nearDuplicate, summary: "Two names of one kind that are the same after case and separators are folded (product_id, productId, product-id), or one letter apart in a long name (Order Complete, Order Completed): likely one concept spelt twice, which splits its data.", defaultSeverity: .warning,
             basis: .own("names the vendors keep apart (their ids differ) but analytics users read as one; each reported once, with the other's place")),
        Rule(id: conflictingDefinition, summary: "One property name with different types, formats or enums in different places of the workspace (events, plans, catalogs, rudder-cli properties; the top-level properties of one vendor's data structures): the variants are listed with where each is.", defaultSeverity: .warning,
             basis: .own("the APIs accept one name with several types (the Data Catalog keys properties by name and type), but one field typed two ways splits its data downstream")),
        Rule(id: orphan, summary: "A definition nothing uses: a rudder-cli event, property, category or custom type no tracking plan or type references, a Data Catalog event or property no plan tracks or category no event names, a data structure no event specification names, a source application no data product names (only where the workspace has plans, event specifications or data products at all).", defaultSeverity: .info,
             basis: .own("a definition no plan uses is tracked by nobody: dead weight in the design, or a plan that forgot it")),
        Rule(id: missingDescription, summary: "A rudder-cli or Data Catalog event or property without a description (both vendors take one): whoever implements or analyses the event has only its name.", defaultSeverity: .info,
             basis: .own("a description is optional to the vendors; documentation is what a tracking plan is for")),
    ]

    public static let offByDefault: Set<String> = [namingConvention, nearDuplicate, conflictingDefinition, orphan, missingDescription]

    /// The overrides `check --hygiene` adds: the family at its default severities, where trackspec.json says nothing.
    public static func enabling(_ overrides: [String: Severity?]) -> [String: Severity?] {
        var out = overrides
        for rule in rules where out[rule.id] == nil && out["hygiene/*"] == nil { out[rule.id] = .some(rule.defaultSeverity) }
        return out
    }
}
