import JSONSchema

/// What trackspec.json's `naming` sets for one kind of name (#39): the convention the workspace's names mostly
/// follow (the default), a convention chosen outright, a regular expression, or nothing. A chosen convention or
/// pattern reports every name that breaks it; an inferred one only where a clear majority exists.
public enum NamingSetting: Sendable, Hashable {
    case inferred
    case off
    case convention(NamingConvention)
    /// An ECMA-262 pattern, searched as JSON Schema's `pattern` is (unanchored: write `^…$` for the whole name);
    /// compiled once, when the configuration is read.
    case pattern(ECMARegex)

    /// The keys of `naming`, one per kind of name; `id` sets every kind's ids, `<kind>-id` one kind's.
    public static let kindKeys = ["event", "property", "category", "custom-type", "event-specification", "data-structure", "schema-property", "id"]
        + idKinds.map { $0 + "-id" }
    /// The rudder-cli resource kinds whose ids are names of the design.
    static let idKinds = ["event", "property", "category", "custom-type", "tracking-plan", "event-stream-source", "event-stream-connection", "destination", "event-rule"]
    /// The values a kind takes besides `{"pattern": "…"}`.
    public static let valueNames = ["inferred", "off"] + NamingConvention.allCases.map(\.rawValue)

    /// `text` as a setting, or nil when it is none of `valueNames`.
    public init?(named text: String) {
        switch text {
        case "inferred": self = .inferred
        case "off": self = .off
        default:
            guard let convention = NamingConvention(rawValue: text) else { return nil }
            self = .convention(convention)
        }
    }

    /// Whether `name` is spelt as this setting asks (inferred and off ask nothing; a pattern too costly to search
    /// says nothing either).
    var isPattern: Bool {
        if case .pattern = self { return true }
        return false
    }

    func accepts(_ name: String) -> Bool {
        switch self {
        case .inferred, .off: return true
        case .convention(let c): return c.matches(name)
        case .pattern(let regex): return regex.search(name) != .noMatch
        }
    }
}

extension NamingConvention {
    /// `name` respelt in this convention: its words (split at spaces, `_`, `-`, `.` and where case changes, as in
    /// `productId`, `HTTPStatus`), joined as the convention joins them. Nil where the result would still not be
    /// in the convention (a name with letters outside ASCII, one starting with a digit).
    public func respell(_ name: String) -> String? {
        let words = NamingConvention.words(of: name)
        guard !words.isEmpty else { return nil }
        func capitalized(_ w: String) -> String { w.prefix(1).uppercased() + w.dropFirst() }
        let out: String
        switch self {
        case .titleCase:
            out = words.enumerated().map { i, w in
                let lower = w.lowercased()
                return i > 0 && NamingConvention.minorWords.contains(lower) ? lower : capitalized(w)
            }.joined(separator: " ")
        case .snakeCase: out = words.map { $0.lowercased() }.joined(separator: "_")
        case .kebabCase: out = words.map { $0.lowercased() }.joined(separator: "-")
        case .lowerCase: out = words.map { $0.lowercased() }.joined(separator: " ")
        case .camelCase: out = words.enumerated().map { i, w in i == 0 ? w.lowercased() : capitalized(w.lowercased()) }.joined()
        }
        return out != name && matches(out) ? out : nil
    }

    /// The words of a name: separators split, and so do case changes (`productID` → product, ID; `HTTPStatus` →
    /// HTTP, Status). Digits stay with the word before them (`step2`).
    static func words(of name: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        let chars = Array(name)
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = []
        }
        for (i, c) in chars.enumerated() {
            if c == " " || c == "_" || c == "-" || c == "." {
                flush()
                continue
            }
            if c.isUppercaseASCIILetter, let last = current.last {
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercaseASCIILetter
                // `productId`: a capital after a small letter or digit; `HTTPStatus`: the capital that starts a word after an acronym.
                if last.isLowercaseASCIILetter || last.isASCIIDigit || (last.isUppercaseASCIILetter && nextIsLower) { flush() }
            }
            current.append(c)
        }
        flush()
        return words
    }
}
