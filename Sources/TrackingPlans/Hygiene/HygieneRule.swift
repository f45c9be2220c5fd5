import JSONSyntax

/// The design's own hygiene (#39): names that do not follow the convention most names of their kind follow, and
/// names of one kind that are the same concept spelt twice. Neither vendor checks these; they are trackspec's
/// reading of what splits a tracking design's data, so a warning at most and off until a project turns the family on
/// (`check --hygiene`, or `"rules": {"hygiene/*": "warning"}` in trackspec.json).
public enum HygieneRule {
    public static let namingConvention = "hygiene/naming-convention"
    public static let nearDuplicate = "hygiene/near-duplicate"

    public static let rules: [Rule] = [
        Rule(id: namingConvention, summary: "A name (event, property, category, custom type, id, event specification, data structure) that does not follow the naming convention a clear majority of the names of its kind in the workspace follow (Title Case, snake_case, camelCase, kebab-case, lower case).", defaultSeverity: .info,
             basis: .own("a convention the workspace itself shows: reported only where at least three quarters of the names of the kind that tell conventions apart follow one")),
        Rule(id: nearDuplicate, summary: "Two names of one kind that are the same after case and separators are folded (product_id, productId, product-id), or one letter apart in a long name (Order Complete, Order Completed): likely one concept spelt twice, which splits its data.", defaultSeverity: .warning,
             basis: .own("names the vendors keep apart (their ids differ) but analytics users read as one; each reported once, with the other's place")),
    ]

    public static let offByDefault: Set<String> = [namingConvention, nearDuplicate]

    /// The overrides `check --hygiene` adds: the family at its default severities, where trackspec.json says nothing.
    public static func enabling(_ overrides: [String: Severity?]) -> [String: Severity?] {
        var out = overrides
        for rule in rules where out[rule.id] == nil && out["hygiene/*"] == nil { out[rule.id] = .some(rule.defaultSeverity) }
        return out
    }
}
