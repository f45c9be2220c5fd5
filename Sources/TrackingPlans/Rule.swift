import JSONSyntax

/// A check with a stable id. Ids are the public contract: users silence or re-grade rules by id in
/// `trackspec.json`, CI dashboards group by them, so an id never changes meaning once shipped.
public struct Rule: Sendable, Hashable {
    public let id: String
    public let summary: String
    public let defaultSeverity: Severity

    public init(id: String, summary: String, defaultSeverity: Severity) {
        self.id = id
        self.summary = summary
        self.defaultSeverity = defaultSeverity
    }
}

/// Every rule trackspec knows, by family. SARIF output and config validation read this list.
public enum RuleRegistry {
    public static let syntaxRules: [Rule] = SyntaxDiagnostic.Code.allCases.map {
        Rule(id: $0.rawValue, summary: $0.summary, defaultSeverity: $0.defaultSeverity)
    }

    public static let configRules: [Rule] = [
        Rule(id: ConfigRule.invalid, summary: "A trackspec.json setting with a wrong type or value.", defaultSeverity: .error),
        Rule(id: ConfigRule.unknownKey, summary: "A trackspec.json key trackspec does not know.", defaultSeverity: .warning),
        Rule(id: ConfigRule.unknownRule, summary: "A rule id in trackspec.json that no rule has.", defaultSeverity: .warning),
    ]

    public static let fileRules: [Rule] = [
        Rule(id: FileRule.unreadable, summary: "A file that exists but cannot be read.", defaultSeverity: .error),
    ]

    public static let all: [Rule] = syntaxRules + configRules + fileRules + SnowplowRule.rules + RudderStackRule.rules + IgluRule.rules

    private static let byID: [String: Rule] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

    public static func rule(_ id: String) -> Rule? { byID[id] }
}

public enum ConfigRule {
    public static let invalid = "config/invalid"
    public static let unknownKey = "config/unknown-key"
    public static let unknownRule = "config/unknown-rule"
}

public enum FileRule {
    public static let unreadable = "file/unreadable"
}
