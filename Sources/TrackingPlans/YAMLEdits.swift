import JSONSyntax
import YAMLSyntax

/// Quick-fix text for YAML files, written as a person writing YAML would: a replaced scalar keeps the quoting it
/// had (plain stays plain where that reads the same), a key is added as a line of its block mapping at its
/// indentation, an item of a block sequence goes with its line, and flow collections (`[a, b]`, `{a: 1}`) stay
/// flow. Fixes are first written as JSON text by the rules; this is the one place that knows how YAML spells
/// them (text-producing code may know the syntax; the rules do not).
enum YAMLEdits {
    /// The YAML text for the string `value` replacing `node` (a scalar or a key): in the node's quoting style,
    /// plain when it was plain and the value reads back as the same string (`YAMLWriter`'s rule, as completion
    /// writes values), else double-quoted.
    static func scalar(_ value: String, replacing node: NodeID?, in tree: SyntaxTree) -> String {
        let first = node.map { tree.range($0) }.flatMap { $0.isEmpty ? nil : tree.bytes[$0.lowerBound] }
        switch first {
        case UInt8(ascii: "'")?:
            return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case UInt8(ascii: "\"")?:
            return JSONWriter.quoted(value)
        default:
            return YAMLWriter.scalarString(value)
        }
    }

    /// The YAML text for a value given as JSON text by a rule (`{}`, `"draft-04"`, `[]`): a string as a scalar,
    /// anything else as it is (JSON's flow collections and numbers read the same in YAML).
    static func value(fromJSON text: String) -> String {
        let parsed = SyntaxTree(parsing: text)
        if let root = parsed.root, parsed.kind(root) == .string, parsed.diagnostics.isEmpty { return YAMLWriter.scalarString(parsed.stringValue(root)) }
        return text
    }

    /// The first byte of the line holding `offset`, and whether only blanks precede `offset` on it.
    static func lineStart(_ offset: Int, in tree: SyntaxTree) -> (start: Int, onlyBlanksBefore: Bool) {
        var start = offset
        while start > 0, tree.bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        let blanks = tree.bytes[start..<offset].allSatisfy { $0 == UInt8(ascii: " ") }
        return (start, blanks)
    }

    /// The offset of the end of the line holding `offset` (its line break, or the end of the text).
    static func lineEnd(_ offset: Int, in tree: SyntaxTree) -> Int {
        var end = offset
        while end < tree.bytes.count, tree.bytes[end] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    /// True when the collection is written in flow style (`[…]`, `{…}`).
    static func isFlow(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        let r = tree.range(node)
        guard !r.isEmpty else { return false }
        let b = tree.bytes[r.lowerBound]
        return b == UInt8(ascii: "[") || b == UInt8(ascii: "{")
    }

    /// `key: value` (`value` YAML text) added to a mapping: a line of its own after the mapping's last one (indented like its first
    /// key) in block style, `, key: value` in flow style. Nil where that cannot be said safely (an empty or
    /// unclosed mapping, keys not each on a line of their own).
    static func insertMember(_ mapping: NodeID, key: String, value: String, title: String, in tree: SyntaxTree) -> Fix? {
        guard tree.kind(mapping) == .object, !tree.isUnclosed(mapping) else { return nil }
        let member = YAMLWriter.scalarString(key) + ": " + value
        let properties = Array(tree.children(mapping))
        if isFlow(mapping, in: tree) {
            let r = tree.range(mapping)
            guard let last = properties.last else {
                return Fix(title: title, edits: [TextEdit(range: (r.lowerBound + 1)..<(r.upperBound - 1), newText: member)])
            }
            let end = tree.range(last).upperBound
            return Fix(title: title, edits: [TextEdit(range: end..<end, newText: ", " + member)])
        }
        guard let first = properties.first, let last = properties.last else { return nil }
        let firstKey = tree.range(tree.key(ofProperty: first) ?? first).lowerBound
        let (start, blanks) = lineStart(firstKey, in: tree)
        guard blanks else { return nil }
        let indent = String(repeating: " ", count: firstKey - start)
        let end = lineEnd(max(tree.range(last).upperBound - 1, tree.range(last).lowerBound), in: tree)
        return Fix(title: title, edits: [TextEdit(range: end..<end, newText: "\n" + indent + member)])
    }

    /// An item removed from a sequence: in block style its `- ` line(s) go (with the line break), in flow style
    /// the item and one comma. Nil when the item does not start a line of its own (`- - a`, `key: - a`).
    static func removeItem(_ item: NodeID, title: String, in tree: SyntaxTree) -> Fix? {
        guard let list = tree.parent(item), tree.kind(list) == .array, !isFlow(list, in: tree),
              let (_, start) = itemDash(item, in: tree) else { return nil }
        let end = lineEnd(max(tree.range(item).upperBound - 1, tree.range(item).lowerBound), in: tree)
        let through = end < tree.bytes.count ? end + 1 : end
        // The last line of a file without a final line break: the break before it goes instead.
        let from = through == end && start > 0 ? start - 1 : start
        return Fix(title: title, edits: [TextEdit(range: from..<through, newText: "")])
    }

    /// The `-` of a block sequence item and the start of its line, when only blanks come before the dash
    /// (not `- - a` or `key: - a`).
    static func itemDash(_ item: NodeID, in tree: SyntaxTree) -> (dash: Int, lineStart: Int)? {
        var dash = tree.range(item).lowerBound
        while dash > 0, tree.bytes[dash - 1] == UInt8(ascii: " ") { dash -= 1 }
        guard dash > 0, tree.bytes[dash - 1] == UInt8(ascii: "-") else { return nil }
        dash -= 1
        let (start, blanks) = lineStart(dash, in: tree)
        return blanks ? (dash, start) : nil
    }

    /// Strings appended to a sequence: `- name` lines at its items' indentation (block), `, name` (flow).
    static func appendItems(_ list: NodeID, _ values: [String], title: String, in tree: SyntaxTree) -> Fix? {
        let items = Array(tree.children(list))
        guard tree.kind(list) == .array, !tree.isUnclosed(list), let last = items.last else { return nil }
        if isFlow(list, in: tree) {
            let end = tree.range(last).upperBound
            return Fix(title: title, edits: [TextEdit(range: end..<end, newText: values.map { ", " + YAMLWriter.scalarString($0) }.joined())])
        }
        guard let (dash, start) = itemDash(items[0], in: tree) else { return nil }
        let indent = String(repeating: " ", count: dash - start)
        let end = lineEnd(max(tree.range(last).upperBound - 1, tree.range(last).lowerBound), in: tree)
        return Fix(title: title, edits: [TextEdit(range: end..<end, newText: values.map { "\n" + indent + "- " + YAMLWriter.scalarString($0) }.joined())])
    }
}
