import JSONSyntax

/// Why a rule is a rule: where in the vendor's own world (or a spec) it comes from. A CI check that flags a
/// correct file gets switched off, so no rule exists without one, and the kind of basis bounds the severity a
/// rule may have (see `Rule.maximumSeverity`).
public struct RuleBasis: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The vendor's own validation code (rudder-iac, snowplow-cli, schema-ddl, iglu-scala-client).
        case vendorCode = "vendor code"
        /// A rule the vendor documents for its API or CLI.
        case vendorDocs = "vendor documentation"
        /// A specification: JSON (RFC 8259), YAML 1.2.2, JSON Schema, SchemaVer.
        case specification
        /// trackspec's own file (`trackspec.json`) or limits: the file is not checked past them.
        case trackspec
        /// A reading of the vendor's world stricter than the vendor's tools: never an error.
        case ownReading = "own reading"
    }

    public let kind: Kind
    /// Where: a repository path and function, a documentation page and section, a spec section.
    public let source: String
    /// The vendor's own rule ids this rule implements (rudder-cli's `datacatalog/events/spec-syntax-valid`…).
    public let vendorRules: [String]

    public init(_ kind: Kind, _ source: String, vendorRules: [String] = []) {
        self.kind = kind
        self.source = source
        self.vendorRules = vendorRules
    }

    /// rudder-cli's validation code, in rudderlabs/rudder-iac.
    public static func rudderCLI(_ path: String, rules: [String] = []) -> RuleBasis {
        RuleBasis(.vendorCode, "rudderlabs/rudder-iac " + path, vendorRules: rules)
    }
    /// snowplow-cli's validation code, in snowplow/snowplow-cli.
    public static func snowplowCLI(_ path: String) -> RuleBasis { RuleBasis(.vendorCode, "snowplow/snowplow-cli " + path) }
    /// schema-ddl's linter and self-syntax checker (what igluctl lint and the Console run).
    public static func schemaDDL(_ path: String) -> RuleBasis { RuleBasis(.vendorCode, "snowplow/schema-ddl " + path) }
    /// iglu-scala-client's resolver and validator.
    public static func igluClient(_ path: String) -> RuleBasis { RuleBasis(.vendorCode, "snowplow/iglu-scala-client " + path) }
    public static func docs(_ page: String) -> RuleBasis { RuleBasis(.vendorDocs, page) }
    public static func spec(_ section: String) -> RuleBasis { RuleBasis(.specification, section) }
    public static func trackspec(_ why: String) -> RuleBasis { RuleBasis(.trackspec, why) }
    public static func own(_ why: String) -> RuleBasis { RuleBasis(.ownReading, why) }
}

/// A check with a stable id: one descriptor holds its id, summary, severity and basis, so a rule is found in
/// one hop from its id (`RuleRegistry.rule(id)`, `trackspec rules ID`). Ids are the public contract: users
/// silence or re-grade rules by id in `trackspec.json`, CI dashboards group by them, so an id never changes
/// meaning once shipped. Reporting code names the id only; the severity comes from here.
public struct Rule: Sendable, Hashable {
    public let id: String
    public let summary: String
    public let defaultSeverity: Severity
    /// Other severities the rule reports at, and when (`schema-incompatible`: a warning against the latest
    /// cached version). A report at a severity not listed here is a bug (asserted in debug builds).
    public let otherSeverities: [Severity: String]
    public let basis: RuleBasis

    public init(id: String, summary: String, defaultSeverity: Severity, basis: RuleBasis, otherSeverities: [Severity: String] = [:]) {
        self.id = id
        self.summary = summary
        self.defaultSeverity = defaultSeverity
        self.basis = basis
        self.otherSeverities = otherSeverities
    }

    /// Every severity the rule may report at.
    public var severities: [Severity] { [defaultSeverity] + otherSeverities.keys.sorted(by: >) }

    /// The severity policy: an error only where the vendor rejects the file (its code, its documented API
    /// rule, a spec it follows) or trackspec cannot check the file at all; a rule of trackspec's own reading
    /// is a warning at most (where events would be lost or mis-tracked), usually info or hint.
    public var maximumSeverity: Severity { basis.kind == .ownReading ? .warning : .error }
}

/// Every rule trackspec knows, by family. SARIF output, `trackspec rules` and config validation read this list.
public enum RuleRegistry {
    public static let syntaxRules: [Rule] = SyntaxDiagnostic.Code.allCases.map {
        Rule(id: $0.rawValue, summary: $0.summary, defaultSeverity: $0.defaultSeverity, basis: syntaxBasis($0))
    }

    /// The JSON (RFC 8259) and YAML 1.2.2 sections each syntax rule follows, or the limit it is.
    static func syntaxBasis(_ code: SyntaxDiagnostic.Code) -> RuleBasis {
        switch code {
        case .duplicateKey: return .spec("RFC 8259 §4: the names within an object SHOULD be unique (readers differ on duplicates)")
        case .loneSurrogate: return .spec("RFC 8259 §8.2: unpaired surrogates have unpredictable behaviour")
        case .numberOutOfRange: return .spec("RFC 8259 §6: numbers beyond IEEE 754 binary64 are not interoperable")
        case .byteOrderMark: return .spec("RFC 8259 §8.1: implementations MUST NOT add a byte order mark")
        case .unsupportedEncoding, .invalidUTF8: return .spec("RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8")
        case .nestingTooDeep, .documentTooLarge, .yamlNestingTooDeep, .yamlAliasTooLarge:
            return .trackspec("a resource limit: the file is not analysed past it, so the run must not pass silently")
        case .yamlDuplicateKey: return .spec("YAML 1.2.2 §3.2.1.1: mapping keys are unique")
        case .yamlUnknownTag, .yamlTagMismatch: return .spec("YAML 1.2.2 §6.8.2 and §10: tags and the core schema")
        case .yamlTabIndentation, .yamlBadIndentation: return .spec("YAML 1.2.2 §6.1: indentation is spaces only")
        case .yamlInvalidDirective: return .spec("YAML 1.2.2 §6.8: directives")
        case .yamlNonStringKey: return .spec("YAML 1.2.2 §10.2 with JSON's object model: the vendors' loaders decode keys as strings")
        default:
            return code.rawValue.hasPrefix("yaml/") ? .spec("YAML 1.2.2 grammar (chapters 5–9)") : .spec("RFC 8259 grammar (§2–§7)")
        }
    }

    public static let configRules: [Rule] = [
        Rule(id: ConfigRule.invalid, summary: "A trackspec.json setting with a wrong type or value.", defaultSeverity: .error,
             basis: .trackspec("trackspec.json is trackspec's own file: a setting it cannot read would change what is checked")),
        Rule(id: ConfigRule.unknownKey, summary: "A trackspec.json key trackspec does not know.", defaultSeverity: .warning,
             basis: .trackspec("trackspec.json is trackspec's own file: an unknown key is ignored")),
        Rule(id: ConfigRule.unknownRule, summary: "A rule id in trackspec.json that no rule has.", defaultSeverity: .warning,
             basis: .trackspec("rule ids are trackspec's public contract: an unknown one configures nothing")),
    ]

    public static let fileRules: [Rule] = [
        Rule(id: FileRule.unreadable, summary: "A file that exists but cannot be read.", defaultSeverity: .error,
             basis: .trackspec("a file that cannot be read is not checked, so the run must not pass silently")),
        Rule(id: FileRule.diagnosticsCapped, summary: "In the editor, how many more problems a file has than the editor is shown (maxDiagnostics, 1,000 by default).", defaultSeverity: .info,
             basis: .trackspec("the server publishes at most maxDiagnostics per file so that a keystroke's cost stays bounded; check lists every one")),
    ]

    public static let all: [Rule] = syntaxRules + configRules + fileRules + SnowplowRule.rules + RudderStackRule.rules + IgluRule.rules + HygieneRule.rules

    /// Rules that report only when trackspec.json (or `check --hygiene`) turns them on.
    public static let offByDefault: Set<String> = IgluRule.offByDefault.union(HygieneRule.offByDefault)

    private static let byID: [String: Rule] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

    public static func rule(_ id: String) -> Rule? { byID[id] }

    /// The severity a rule reports at by default (error for an id no rule has: that is a bug the tests catch).
    static func severity(of id: String) -> Severity { byID[id]?.defaultSeverity ?? .error }
}

public enum ConfigRule {
    public static let invalid = "config/invalid"
    public static let unknownKey = "config/unknown-key"
    public static let unknownRule = "config/unknown-rule"
}

public enum FileRule {
    public static let unreadable = "file/unreadable"
    public static let diagnosticsCapped = "file/diagnostics-capped"
}
