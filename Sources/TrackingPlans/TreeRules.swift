import JSONSyntax

/// What every rule family needs while walking a file's tree: reporting at a node or range, reading an
/// object's members, type expectations and unknown keys with a "did you mean". Each family (Snowplow,
/// RudderStack) names its own rule ids for the last two, so their diagnostics stay in their namespace.
protocol TreeRules {
    var tree: SyntaxTree { get }
    var diagnostics: [Diagnostic] { get set }
    var wrongTypeRule: String { get }
    var unknownKeyRule: String { get }
}

extension TreeRules {
    mutating func report(_ rule: String, _ severity: Severity, _ node: NodeID, _ message: String, code: String? = nil, related: [RelatedInformation] = []) {
        report(rule, severity, tree.range(node), message, code: code, related: related)
    }

    mutating func report(_ rule: String, _ severity: Severity, _ range: Range<Int>, _ message: String, code: String? = nil, related: [RelatedInformation] = []) {
        diagnostics.append(Diagnostic(rule: rule, severity: severity, range: range, message: message, code: code, related: related))
    }

    /// The property nodes of an object, by key (duplicates are kept; the parser reports them).
    func members(_ object: NodeID) -> [(key: String, property: NodeID, value: NodeID)] {
        guard tree.kind(object) == .object else { return [] }
        return tree.children(object).compactMap { p in
            guard let k = tree.keyString(ofProperty: p), let v = tree.value(ofProperty: p) else { return nil }
            return (k, p, v)
        }
    }

    func keyRange(_ property: NodeID) -> Range<Int> {
        tree.key(ofProperty: property).map { tree.range($0) } ?? tree.range(property)
    }

    /// The key of the property holding `node`, else the node's first byte: where "missing X" goes.
    func ownerRange(_ node: NodeID) -> Range<Int> {
        if let parent = tree.parent(node), tree.kind(parent) == .property, let key = tree.key(ofProperty: parent) { return tree.range(key) }
        let start = tree.range(node).lowerBound
        return start..<(start + 1)
    }

    mutating func expect(_ node: NodeID, _ kind: NodeKind, _ what: String) -> Bool {
        guard tree.kind(node) == kind else {
            report(wrongTypeRule, .error, node, "'\(what)' must be \(describe(kind)), found \(describe(tree.kind(node)))")
            return false
        }
        return true
    }

    mutating func unknownKeys(_ object: NodeID, known: [String], where place: String) {
        for (k, p, _) in members(object) where !known.contains(k) {
            report(unknownKeyRule, .warning, keyRange(p), "unknown key '\(k)' in \(place)\(Suggestions.didYouMean(k, in: known))")
        }
    }
}

/// "an object", "a string"…: JSON types as messages name them.
func describe(_ kind: NodeKind) -> String {
    switch kind {
    case .object: return "an object"
    case .array: return "an array"
    case .string: return "a string"
    case .number: return "a number"
    case .boolean: return "a boolean"
    case .null: return "null"
    default: return "not a value"
    }
}
