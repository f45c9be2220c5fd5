import JSONSchema
import JSONSyntax

/// What every rule family needs while walking a file's tree: reporting at a node or range, reading an
/// object's members, type expectations and unknown keys with a "did you mean". Each family (Snowplow,
/// RudderStack) names its own rule ids for the last two, so their diagnostics stay in their namespace.
protocol TreeRules {
    var tree: SyntaxTree { get }
    /// Where the findings go (each rules value its own).
    var sink: DiagnosticSink { get }
    var wrongTypeRule: String { get }
    var unknownKeyRule: String { get }
}

/// Where a walk of rules puts its findings, and the editor's budget for them (nil in `check`: a finding the
/// budget will not show is counted, not built). A reference: building a finding's message reads the rules'
/// state while the finding is added, which a mutating `report` on the rules value itself could not allow.
final class DiagnosticSink {
    var diagnostics: [Diagnostic] = []
    var budget: DiagnosticBudget?
    /// Findings are dropped unbuilt and uncounted (a file whose spec rudder-cli does not judge).
    var muted = false
}

extension TreeRules {
    var diagnostics: [Diagnostic] {
        get { sink.diagnostics }
        nonmutating _modify { yield &sink.diagnostics }
        nonmutating set { sink.diagnostics = newValue }
    }
    var budget: DiagnosticBudget? {
        get { sink.budget }
        nonmutating set { sink.budget = newValue }
    }

    // A finding's message, details, related places and fixes are built only when the budget admits it
    // (`@autoclosure`): suggestions and fixes were most of the cost of a file with many problems.

    /// Reports `rule` at a node, at the severity its descriptor gives (`RuleRegistry`).
    func report(_ rule: String, _ node: NodeID, _ message: @autoclosure () -> String, code: String? = nil,
                         related: @autoclosure () -> [RelatedInformation] = [], fixes: @autoclosure () -> [Fix] = []) {
        report(rule, tree.range(node), message(), code: code, related: related(), fixes: fixes())
    }

    func report(_ rule: String, _ range: Range<Int>, _ message: @autoclosure () -> String, details: @autoclosure () -> [String] = [],
                         code: String? = nil, related: @autoclosure () -> [RelatedInformation] = [], fixes: @autoclosure () -> [Fix] = []) {
        if sink.muted { return }
        if let budget, !budget.admit(rule, RuleRegistry.severity(of: rule), range) { return }
        diagnostics.append(Diagnostic(rule: rule, range: range, message: message(), details: details(), code: code, related: related(), fixes: fixes()))
    }

    /// Reports `rule` at one of the other severities its descriptor lists (`Rule.otherSeverities`).
    func report(_ rule: String, as severity: Severity, _ node: NodeID, _ message: @autoclosure () -> String, code: String? = nil,
                         related: @autoclosure () -> [RelatedInformation] = [], fixes: @autoclosure () -> [Fix] = []) {
        report(rule, as: severity, tree.range(node), message(), code: code, related: related(), fixes: fixes())
    }

    func report(_ rule: String, as severity: Severity, _ range: Range<Int>, _ message: @autoclosure () -> String,
                         details: @autoclosure () -> [String] = [], code: String? = nil, related: @autoclosure () -> [RelatedInformation] = [],
                         fixes: @autoclosure () -> [Fix] = []) {
        if sink.muted { return }
        if let budget, !budget.admit(rule, severity, range) { return }
        diagnostics.append(Diagnostic(rule: rule, severity: severity, range: range, message: message(), details: details(), code: code,
                                      related: related(), fixes: fixes()))
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
        if tree.syntax == .yaml, let list = tree.parent(item), !YAMLEdits.isFlow(list, in: tree) {
            return YAMLEdits.removeItem(item, title: title, in: tree).map { var fix = $0; fix.writtenForYAML = true; return fix }
        }
        guard let array = tree.parent(item) else { return nil }
        // Below: JSON's commas, which a YAML flow sequence (`[a, b]`) has too.
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
        var fix = Fix(title: title, edits: [TextEdit(range: range, newText: "")])
        fix.writtenForYAML = tree.syntax == .yaml
        return fix
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
        let all = members(object)
        for (k, p, _) in all where !known.contains(k) {
            // The suggestion and the keys present are worked out only for a finding that is built.
            var suggestion: String??
            func closest() -> String? {
                if let suggestion { return suggestion }
                let found = Suggestions.closest(to: k, in: known)
                suggestion = .some(found)
                return found
            }
            report(rule ?? unknownKeyRule, keyRange(p), "unknown key '\(k)' in \(place)\(Suggestions.didYouMean(closest()))",
                   fixes: renameFix(p, to: closest(), taken: Set(all.map(\.0))))
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
