/// Pretty-prints a document from its tree: key order, number spellings and string escapes exactly as
/// written (scalars are copied byte for byte), only whitespace changes. Refuses (nil) documents with syntax
/// errors or comments: rewriting what the parser had to guess at, or dropping a comment, would lose the
/// user's text. Idempotent: formatting formatted text gives it back unchanged.
public struct JSONFormatter: Sendable {
    public var indent: String
    /// Objects and arrays whose items are all scalars stay on one line when it fits.
    public var lineWidth: Int

    public init(tabSize: Int = 2, insertSpaces: Bool = true, lineWidth: Int = 100) {
        self.indent = insertSpaces ? String(repeating: " ", count: max(0, min(tabSize, 16))) : "\t"
        self.lineWidth = lineWidth
    }

    /// Duplicate keys and out-of-range numbers are printed as written; every other finding means the tree
    /// is a guess (or drops a comment or a byte-order mark).
    public static func canFormat(_ tree: SyntaxTree) -> Bool {
        tree.diagnostics.allSatisfy { $0.code == .duplicateKey || $0.code == .numberOutOfRange }
    }

    /// The whole document formatted, ending with a newline when the original did.
    public func format(_ tree: SyntaxTree) -> String? {
        guard JSONFormatter.canFormat(tree), let root = tree.root else { return nil }
        var out = ""
        write(root, tree, level: 0, column: 0, into: &out)
        if tree.bytes.last == UInt8(ascii: "\n") { out += "\n" }
        return out
    }

    /// One value formatted as if it started at nesting `level` (for range formatting).
    public func format(_ node: NodeID, in tree: SyntaxTree, level: Int, column: Int) -> String? {
        guard JSONFormatter.canFormat(tree) else { return nil }
        var out = ""
        write(node, tree, level: level, column: column, into: &out)
        return out
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

    private func write(_ node: NodeID, _ tree: SyntaxTree, level: Int, column: Int, into out: inout String) {
        switch tree.kind(node) {
        case .object, .array:
            let isObject = tree.kind(node) == .object
            let (open, close) = isObject ? ("{", "}") : ("[", "]")
            let children = Array(tree.children(node))
            if children.isEmpty {
                out += open + close
                return
            }
            if let inline = inlineForm(node, tree, children: children, isObject: isObject), column + inline.count <= lineWidth {
                out += inline
                return
            }
            out += open + "\n"
            let inner = String(repeating: indent, count: level + 1)
            for (i, child) in children.enumerated() {
                out += inner
                if isObject {
                    guard let key = tree.key(ofProperty: child), let value = tree.value(ofProperty: child) else { continue }
                    let keyText = tree.text(key) + ": "
                    out += keyText
                    write(value, tree, level: level + 1, column: inner.count + keyText.count, into: &out)
                } else {
                    write(child, tree, level: level + 1, column: inner.count, into: &out)
                }
                out += i == children.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: indent, count: level) + close
        default:
            out += tree.text(node)
        }
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
