/// Formats a document from its tree: key order, number spellings and string escapes exactly as written
/// (scalars are copied byte for byte), only whitespace changes. Like the JSON language service's
/// `keepLines`, the user's line breaks are kept (at most one blank line in a row) and no new ones are made:
/// the formatter normalises indentation and the spaces around `:` and `,`, it does not reflow. A document
/// written on a single line (minified) has no breaks to keep: it is pretty-printed, scalar-only containers
/// sharing a line when they fit in `lineWidth`. Refuses (nil, with `refusal` saying why) documents with
/// syntax errors or comments: rewriting what the parser had to guess at, or dropping a comment, would lose
/// the user's text. Idempotent: formatting formatted text gives it back unchanged.
public struct JSONFormatter: Sendable {
    public var indent: String
    /// Objects and arrays whose items are all scalars stay on one line when it fits (single-line documents).
    public var lineWidth: Int
    /// Whether the text ends with exactly one line break (`true`), none… (`false`), or as it did (nil).
    public var finalNewline: Bool?
    /// `\n`, or `\r\n` for documents whose lines end so (decided per document).
    var lineEnding = "\n"

    public init(tabSize: Int = 2, insertSpaces: Bool = true, lineWidth: Int = 100, finalNewline: Bool? = nil) {
        self.indent = insertSpaces ? String(repeating: " ", count: max(0, min(tabSize, 16))) : "\t"
        self.lineWidth = lineWidth
        self.finalNewline = finalNewline
    }

    /// Duplicate keys and out-of-range numbers are printed as written; every other finding means the tree
    /// is a guess (or drops a comment or a byte-order mark).
    public static func canFormat(_ tree: SyntaxTree) -> Bool {
        refusal(tree) == nil
    }

    /// Why a document is left as it is, in words for the user; nil when it can be formatted.
    public static func refusal(_ tree: SyntaxTree) -> String? {
        // It writes JSON: on a YAML file it would replace the user's notation and comments.
        if tree.syntax != .json { return "trackspec does not format YAML yet" }
        let blocking = tree.diagnostics.filter { $0.code != .duplicateKey && $0.code != .numberOutOfRange }
        if tree.root == nil && blocking.isEmpty { return "the document is empty" }
        guard let first = blocking.first else { return nil }
        if blocking.allSatisfy({ $0.code == .comment }) {
            return "it has comments, which JSON cannot hold and formatting would have to drop"
        }
        let count = blocking.count == 1 ? "a syntax error" : "\(blocking.count) syntax errors"
        return "it has \(count) (first: \(first.message)); formatting would have to guess what was meant"
    }

    /// The whole document formatted.
    public func format(_ tree: SyntaxTree) -> String? {
        guard JSONFormatter.canFormat(tree), let root = tree.root else { return nil }
        let formatter = withLineEnding(of: tree)
        var out = ""
        formatter.write(root, tree, level: 0, column: 0, keepLines: JSONFormatter.hasLineBreak(tree, in: tree.range(root)), into: &out)
        switch finalNewline {
        case true?: out += formatter.lineEnding
        case false?: break
        case nil:
            if tree.bytes.last == UInt8(ascii: "\n") { out += formatter.lineEnding }
        }
        return out
    }

    /// One value formatted as if it started at nesting `level` (for range formatting).
    public func format(_ node: NodeID, in tree: SyntaxTree, level: Int, column: Int) -> String? {
        guard JSONFormatter.canFormat(tree), let root = tree.root else { return nil }
        var out = ""
        withLineEnding(of: tree).write(node, tree, level: level, column: column,
                                       keepLines: JSONFormatter.hasLineBreak(tree, in: tree.range(root)), into: &out)
        return out
    }

    /// Lines end as the document's first line does: a CRLF file stays CRLF.
    func withLineEnding(of tree: SyntaxTree) -> JSONFormatter {
        var copy = self
        if let lf = tree.bytes.firstIndex(of: 0x0A), lf > 0, tree.bytes[lf - 1] == 0x0D { copy.lineEnding = "\r\n" }
        return copy
    }

    /// The single edit turning `old` into `new`: common prefix and suffix left alone, so the editor keeps
    /// the cursor and undo history where nothing changed.
    public static func minimalEdit(from old: [UInt8], to new: [UInt8]) -> (range: Range<Int>, text: [UInt8])? {
        guard old != new else { return nil }
        var start = 0
        while start < old.count && start < new.count && old[start] == new[start] { start += 1 }
        var endOld = old.count, endNew = new.count
        while endOld > start && endNew > start && old[endOld - 1] == new[endNew - 1] { endOld -= 1; endNew -= 1 }
        // Never split a UTF-8 sequence: move back to a scalar boundary.
        while start > 0 && (old[start] & 0xC0) == 0x80 { start -= 1 }
        while endOld < old.count && (old[endOld] & 0xC0) == 0x80 { endOld += 1; endNew += 1 }
        return (start..<endOld, Array(new[start..<endNew]))
    }

    static func hasLineBreak(_ tree: SyntaxTree, in range: Range<Int>) -> Bool {
        lineBreaks(tree, in: range) > 0
    }

    /// Line breaks between two tokens (CRLF counts once).
    static func lineBreaks(_ tree: SyntaxTree, in range: Range<Int>) -> Int {
        var count = 0
        for i in range where tree.bytes[i] == 0x0A || (tree.bytes[i] == 0x0D && (i + 1 == tree.bytes.count || tree.bytes[i + 1] != 0x0A)) {
            count += 1
        }
        return count
    }

    private func write(_ node: NodeID, _ tree: SyntaxTree, level: Int, column: Int, keepLines: Bool, into out: inout String) {
        guard tree.kind(node) == .object || tree.kind(node) == .array else {
            out += tree.text(node)
            return
        }
        let isObject = tree.kind(node) == .object
        let (open, close) = isObject ? ("{", "}") : ("[", "]")
        let children = Array(tree.children(node))
        if children.isEmpty {
            out += open + close
            return
        }
        let range = tree.range(node)
        if keepLines {
            out += open
            var previousEnd = range.lowerBound + 1
            for (i, child) in children.enumerated() {
                let start = tree.range(child).lowerBound
                // Line breaks are the user's: kept where they were (a blank line at most), none added.
                let breaks = JSONFormatter.lineBreaks(tree, in: previousEnd..<start)
                if breaks > 0 {
                    out += String(repeating: lineEnding, count: min(breaks, 2)) + String(repeating: indent, count: level + 1)
                } else if i > 0 {
                    out += " "
                }
                writeMember(child, of: isObject, tree, level: level, column: 0, keepLines: true, into: &out)
                if i < children.count - 1 { out += "," }
                previousEnd = tree.range(child).upperBound
            }
            if JSONFormatter.hasLineBreak(tree, in: previousEnd..<(range.upperBound - 1)) {
                out += lineEnding + String(repeating: indent, count: level)
            }
            out += close
            return
        }
        if let inline = inlineForm(node, tree, children: children, isObject: isObject), column + inline.count <= lineWidth {
            out += inline
            return
        }
        out += open + lineEnding
        let inner = String(repeating: indent, count: level + 1)
        for (i, child) in children.enumerated() {
            out += inner
            writeMember(child, of: isObject, tree, level: level, column: inner.count, keepLines: false, into: &out)
            out += i == children.count - 1 ? lineEnding : "," + lineEnding
        }
        out += String(repeating: indent, count: level) + close
    }

    /// An item, or a property as `"key": value`.
    private func writeMember(_ child: NodeID, of isObject: Bool, _ tree: SyntaxTree, level: Int, column: Int, keepLines: Bool,
                             into out: inout String) {
        guard isObject else {
            write(child, tree, level: level + 1, column: column, keepLines: keepLines, into: &out)
            return
        }
        guard let key = tree.key(ofProperty: child), let value = tree.value(ofProperty: child) else { return }
        let keyText = tree.text(key) + ": "
        out += keyText
        write(value, tree, level: level + 1, column: column + keyText.count, keepLines: keepLines, into: &out)
    }

    /// `[1, 2]`, `{"a": 1}`: for containers holding scalars only.
    private func inlineForm(_ node: NodeID, _ tree: SyntaxTree, children: [NodeID], isObject: Bool) -> String? {
        var parts: [String] = []
        for child in children {
            let value = isObject ? tree.value(ofProperty: child) : child
            guard let v = value, tree.kind(v) != .object, tree.kind(v) != .array else { return nil }
            if isObject {
                guard let key = tree.key(ofProperty: child) else { return nil }
                parts.append(tree.text(key) + ": " + tree.text(v))
            } else {
                parts.append(tree.text(v))
            }
            if parts.count > 16 { return nil }
        }
        return (isObject ? "{" : "[") + parts.joined(separator: ", ") + (isObject ? "}" : "]")
    }
}
