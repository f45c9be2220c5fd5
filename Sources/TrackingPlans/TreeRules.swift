import JSONSchema
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
    /// Reports `rule` at a node, at the severity its descriptor gives (`RuleRegistry`).
    mutating func report(_ rule: String, _ node: NodeID, _ message: String, code: String? = nil, related: [RelatedInformation] = [], fixes: [Fix] = []) {
        report(rule, tree.range(node), message, code: code, related: related, fixes: fixes)
    }

    mutating func report(_ rule: String, _ range: Range<Int>, _ message: String, details: [String] = [], code: String? = nil, related: [RelatedInformation] = [],
                         fixes: [Fix] = []) {
        diagnostics.append(Diagnostic(rule: rule, range: range, message: message, details: details, code: code, related: related, fixes: fixes))
    }

    /// Reports `rule` at one of the other severities its descriptor lists (`Rule.otherSeverities`).
    mutating func report(_ rule: String, as severity: Severity, _ node: NodeID, _ message: String, code: String? = nil, related: [RelatedInformation] = [],
                         fixes: [Fix] = []) {
        report(rule, as: severity, tree.range(node), message, code: code, related: related, fixes: fixes)
    }

    mutating func report(_ rule: String, as severity: Severity, _ range: Range<Int>, _ message: String, details: [String] = [], code: String? = nil,
                         related: [RelatedInformation] = [], fixes: [Fix] = []) {
        diagnostics.append(Diagnostic(rule: rule, severity: severity, range: range, message: message, details: details, code: code, related: related, fixes: fixes))
    }

    /// Replaces a value with a JSON string (quoted and escaped).
    func replaceFix(_ node: NodeID, with text: String, title: String? = nil) -> Fix {
        Fix(title: title ?? "Replace with \"\(text)\"", edits: [TextEdit(range: tree.range(node), newText: JSONWriter().string(.string(text)))])
    }

    /// The candidate closest to a misspelt value, as a replacement fix (none when nothing is close).
    func closestFix(_ node: NodeID, _ value: String, in candidates: [String]) -> [Fix] {
        Suggestions.closest(to: value, in: candidates).map { [replaceFix(node, with: $0)] } ?? []
    }

    /// Deletes an array item with the comma that separates it from a neighbour, so the list stays valid.
    func removeItemFix(_ item: NodeID, title: String) -> Fix? {
        guard let array = tree.parent(item) else { return nil }
        let items = Array(tree.children(array))
        guard let i = items.firstIndex(of: item) else { return nil }
        let range: Range<Int>
        if i > 0 {
            range = tree.range(items[i - 1]).upperBound..<tree.range(item).upperBound
        } else if i + 1 < items.count {
            range = tree.range(item).lowerBound..<tree.range(items[i + 1]).lowerBound
        } else {
            range = tree.range(item)
        }
        return Fix(title: title, edits: [TextEdit(range: range, newText: "")])
    }

    /// The bytes of characters `offset..<offset+length` (UTF-8 offsets into the decoded value) of a string
    /// literal, when the literal has no escapes and offsets map 1:1; else the whole literal.
    func range(inString node: NodeID, utf8Offset offset: Int, length: Int) -> Range<Int> {
        let content = tree.contentRange(node)
        guard tree.text(in: content) == tree.stringValue(node), !content.isEmpty else { return tree.range(node) }
        let lower = min(content.lowerBound + offset, content.upperBound - 1)
        let upper = min(max(content.lowerBound + offset + length, lower + 1), content.upperBound)
        return lower..<upper
    }

    /// Compiles a JSON Schema held at `node` and reports its problems (at the keyword's key) under `rule`.
    /// Nil when it has errors. A well-formed subtree is compiled from its own bytes, not from a JSONValue
    /// written out and parsed again (a third of `check`'s time on large schemas).
    mutating func compileSchema(_ node: NodeID, draft: Draft, rule: String, label: String, remotes: @escaping SchemaCompiler.RemoteLoader = { _ in nil }) -> CompiledSchema? {
        let range = tree.range(node)
        let compiled: CompiledSchema
        // YAML's bytes are not a schema document on their own (indentation, aliases): it goes by value.
        if tree.syntax == .json && !tree.diagnostics.contains(where: { $0.range.overlaps(range) || $0.range.lowerBound == range.lowerBound }) {
            compiled = SchemaCompiler.compile(SyntaxTree(parsing: Array(tree.bytes[range])), defaultDraft: draft, remotes: remotes)
        } else {
            guard let value = tree.value(node) else { return nil }
            compiled = SchemaCompiler.compile(value, defaultDraft: draft, remotes: remotes)
        }
        var broken = false
        for d in compiled.diagnostics {
            let target = tree.node(at: tree.pointer(of: node).appending(contentsOf: d.pointer)) ?? node
            let at = tree.parent(target).flatMap { tree.kind($0) == .property ? tree.key(ofProperty: $0).map { tree.range($0) } : nil } ?? tree.range(target)
            report(rule, as: d.severity == .error ? .error : .warning, at, "\(label): \(d.message)")
            if d.severity == .error { broken = true }
        }
        return broken ? nil : compiled
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
            if kind == .boolean, let meant = yamlBoolean(node) {
                report(wrongTypeRule, node,
                       "'\(what)' must be a boolean, found the string '\(tree.text(node))': YAML 1.2 reads a plain \(tree.text(node)) as a string (YAML 1.1 read it as \(meant)); only true and false are booleans",
                       fixes: [Fix(title: "Replace with \(meant)", edits: [TextEdit(range: tree.range(node), newText: String(meant))])])
                return false
            }
            report(wrongTypeRule, node, "'\(what)' must be \(describe(kind)), found \(describe(tree.kind(node)))")
            return false
        }
        return true
    }

    /// A plain YAML scalar that YAML 1.1 tools read as a boolean (`yes`, `off`…) but YAML 1.2 as a string:
    /// the boolean it was probably meant to be.
    func yamlBoolean(_ node: NodeID) -> Bool? {
        guard tree.syntax == .yaml, tree.kind(node) == .string, let first = tree.bytes[tree.range(node)].first,
              first != UInt8(ascii: "\""), first != UInt8(ascii: "'") else { return nil }
        switch tree.stringValue(node) {
        case "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// Unknown keys, each with the closest known one as a rename fix (unless the object has that key already:
    /// renaming would make a duplicate).
    /// `rule` defaults to the family's unknown-key rule; files whose tool decodes strictly (rudder-cli) pass
    /// their own.
    mutating func unknownKeys(_ object: NodeID, known: [String], where place: String, rule: String? = nil) {
        let present = Set(members(object).map(\.0))
        for (k, p, _) in members(object) where !known.contains(k) {
            let closest = Suggestions.closest(to: k, in: known)
            report(rule ?? unknownKeyRule, keyRange(p), "unknown key '\(k)' in \(place)\(Suggestions.didYouMean(closest))",
                   fixes: renameFix(p, to: closest, taken: present))
        }
    }

    /// Renaming a key to `name`, unless there is no such name or its object already has that key (the rename
    /// would write a duplicate key).
    func renameFix(_ property: NodeID, to name: String?, taken: Set<String>) -> [Fix] {
        guard let name, !taken.contains(name) else { return [] }
        return [renameKey(property, to: name)]
    }

    func renameKey(_ property: NodeID, to name: String) -> Fix {
        Fix(title: "Rename to '\(name)'", edits: [TextEdit(range: keyRange(property), newText: JSONWriter().string(.string(name)))])
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
