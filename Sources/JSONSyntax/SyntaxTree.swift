/// Index of a node in a `SyntaxTree`. Only meaningful for the tree that produced it.
public struct NodeID: Hashable, Sendable, Comparable {
    public let index: Int32
    init(_ index: Int32) { self.index = index }
    init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

public enum NodeKind: UInt8, Sendable {
    case object, array
    /// A `"key": value` member of an object; its children are the key (always a string node) and,
    /// when written, the value.
    case property
    case string, number, boolean, null
    /// A region the parser skipped as a whole (e.g. nesting beyond the limit).
    case invalid
}

/// Flat, cache-friendly node record. Offsets are stored as Int32: documents over 2 GiB are refused
/// up front, and halving the record size is what keeps the parser ahead of `JSONSerialization`.
package struct RawNode {
    package var kind: NodeKind
    package var flags: UInt8
    package var start: Int32
    package var end: Int32
    package var parent: Int32
    package var firstChild: Int32
    package var nextSibling: Int32
    package var childCount: Int32
    /// Property: offset of the colon, or -1 when missing.
    package var colon: Int32
}

package enum NodeFlags {
    package static let boolTrue: UInt8 = 1
    /// String or key contains a backslash escape, so its text cannot be used verbatim.
    package static let hasEscapes: UInt8 = 2
    /// String literal is not properly closed (or uses single quotes): the closing quote may be absent.
    package static let unterminated: UInt8 = 4
    package static let singleQuoted: UInt8 = 8
    /// Object or array whose closing bracket is missing.
    package static let unclosed: UInt8 = 16
    /// String contains invalid UTF-8 or lone surrogates; decoding substitutes U+FFFD.
    package static let needsRepair: UInt8 = 32
    /// A property name written without quotes (recovered), whose content is its whole range.
    package static let bare: UInt8 = 64
    /// A string written without its opening quote (`"name": Click",`), recovered as a string that starts
    /// at its first character and ends with its closing quote.
    package static let missingOpeningQuote: UInt8 = 128
}

/// A tree's nodes, immutable once made. The JSON parser hands over the buffer it built them in (copying a
/// 10 MB document's nodes into an array cost a third of its parse, most of it touching fresh pages); a buffer
/// much larger than its nodes is first cut to size, so that many small documents do not each keep slack.
package final class NodeStorage: @unchecked Sendable {
    private let base: UnsafeMutablePointer<RawNode>
    package let count: Int

    package init(_ nodes: [RawNode]) {
        base = .allocate(capacity: max(1, nodes.count))
        count = nodes.count
        nodes.withUnsafeBufferPointer { if let source = $0.baseAddress { base.initialize(from: source, count: nodes.count) } }
    }

    /// Takes over `buffer`'s memory (the caller must not free it).
    init(adopting buffer: UnsafeMutablePointer<RawNode>, count: Int, capacity: Int) {
        self.count = count
        if capacity > 64 * 1024 || capacity <= count + count / 4 + 16 {
            base = buffer
        } else {
            base = .allocate(capacity: max(1, count))
            base.moveInitialize(from: buffer, count: count)
            buffer.deallocate()
        }
    }

    deinit { base.deallocate() }

    package subscript(_ i: Int) -> RawNode {
        @inline(__always) get {
            precondition(i >= 0 && i < count, "node index out of range")
            return base[i]
        }
    }
}

/// The result of parsing: the bytes, a tree over them with byte ranges and parent links, and every
/// problem found. Always produced, whatever the input: an editor needs a tree for the half-typed file.
public struct SyntaxTree: Sendable {
    public let bytes: [UInt8]
    let nodes: NodeStorage
    public let root: NodeID?
    public let diagnostics: [SyntaxDiagnostic]
    /// Which notation the bytes are in. Only code that produces text (completion items, quick-fix edits,
    /// formatting) looks at it; everything else reads the same model whatever the syntax.
    public let syntax: Syntax
    /// Scalar values that are not a slice of the bytes (YAML: plain scalars folded over lines, escapes,
    /// block scalars; numbers written `0x1F`): node index → the string, or the number's JSON text.
    let scalarValues: [Int32: String]
    /// Every document of a stream (YAML `---`); `root` is the first. JSON has one.
    public let documents: [NodeID]

    public enum Syntax: Sendable, Hashable { case json, yaml }

    init(bytes: [UInt8], nodes: NodeStorage, root: NodeID?, diagnostics: [SyntaxDiagnostic], syntax: Syntax = .json,
         scalarValues: [Int32: String] = [:], documents: [NodeID]? = nil) {
        self.bytes = bytes
        self.nodes = nodes
        self.root = root
        self.diagnostics = diagnostics
        self.syntax = syntax
        self.scalarValues = scalarValues
        self.documents = documents ?? root.map { [$0] } ?? []
    }

    /// The same tree seen from another of its documents (a YAML stream's second `---`…).
    public func document(_ index: Int) -> SyntaxTree {
        SyntaxTree(bytes: bytes, nodes: nodes, root: documents[index], diagnostics: diagnostics, syntax: syntax,
                   scalarValues: scalarValues, documents: documents)
    }

    /// The document a byte offset is in (the last one starting at or before it): what completion, hover and
    /// definition read in a multi-document stream.
    public func document(containing offset: Int) -> SyntaxTree {
        guard documents.count > 1 else { return self }
        let index = documents.lastIndex { range($0).lowerBound <= offset } ?? 0
        return documents[index] == root ? self : document(index)
    }

    /// Every document of the stream as a tree of its own (one for JSON).
    public var documentTrees: [SyntaxTree] {
        documents.count > 1 ? documents.indices.map { document($0) } : [self]
    }

    public var nodeCount: Int { nodes.count }

    /// Where this tree differs from `other` (nodes field by field, stored values, diagnostics, documents), or
    /// nil when they are the same: two front-ends for one syntax are held to one tree (the YAML fast path).
    package func firstDifference(from other: SyntaxTree) -> String? {
        guard nodes.count == other.nodes.count else { return "\(nodes.count) nodes against \(other.nodes.count)" }
        for i in 0..<nodes.count {
            let a = nodes[i], b = other.nodes[i]
            if a.kind != b.kind || a.flags != b.flags || a.start != b.start || a.end != b.end || a.parent != b.parent
                || a.firstChild != b.firstChild || a.nextSibling != b.nextSibling || a.childCount != b.childCount || a.colon != b.colon {
                return "node \(i): \(a) against \(b)"
            }
        }
        if scalarValues != other.scalarValues { return "stored values \(scalarValues) against \(other.scalarValues)" }
        let mine = diagnostics.map { "\($0.code.rawValue)@\($0.range): \($0.message)" }
        let theirs = other.diagnostics.map { "\($0.code.rawValue)@\($0.range): \($0.message)" }
        if mine != theirs { return "diagnostics \(mine) against \(theirs)" }
        if documents != other.documents || root != other.root { return "documents \(documents) against \(other.documents)" }
        return nil
    }

    /// Node ids are dense: every index below `nodeCount` names a node, in document order.
    public func nodeID(_ index: Int) -> NodeID { NodeID(index) }

    public func kind(_ id: NodeID) -> NodeKind { nodes[Int(id.index)].kind }

    public func range(_ id: NodeID) -> Range<Int> {
        let n = nodes[Int(id.index)]
        return Int(n.start)..<Int(n.end)
    }

    public func parent(_ id: NodeID) -> NodeID? {
        let p = nodes[Int(id.index)].parent
        return p < 0 ? nil : NodeID(p)
    }

    public func childCount(_ id: NodeID) -> Int { Int(nodes[Int(id.index)].childCount) }

    public func children(_ id: NodeID) -> Children { Children(nodes: nodes, first: nodes[Int(id.index)].firstChild) }

    /// Children of a node in source order, following sibling links without allocating.
    public struct Children: Sequence, IteratorProtocol, Sendable {
        let nodes: NodeStorage
        var cursor: Int32
        init(nodes: NodeStorage, first: Int32) {
            self.nodes = nodes
            self.cursor = first
        }
        public mutating func next() -> NodeID? {
            guard cursor >= 0 else { return nil }
            let id = NodeID(cursor)
            cursor = nodes[Int(cursor)].nextSibling
            return id
        }
    }

    // MARK: Properties

    public func key(ofProperty id: NodeID) -> NodeID? {
        guard kind(id) == .property else { return nil }
        let f = nodes[Int(id.index)].firstChild
        return f < 0 ? nil : NodeID(f)
    }

    public func value(ofProperty id: NodeID) -> NodeID? {
        guard let k = key(ofProperty: id) else { return nil }
        let v = nodes[Int(k.index)].nextSibling
        return v < 0 ? nil : NodeID(v)
    }

    public func colonOffset(ofProperty id: NodeID) -> Int? {
        let c = nodes[Int(id.index)].colon
        return c < 0 ? nil : Int(c)
    }

    /// The decoded key of a property node.
    public func keyString(ofProperty id: NodeID) -> String? {
        key(ofProperty: id).map { stringValue($0) }
    }

    /// The property node of an object with the given key (the last one, as JSON readers keep).
    public func property(_ key: String, in object: NodeID) -> NodeID? {
        guard kind(object) == .object else { return nil }
        var found: NodeID?
        var key = key
        key.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { text in
                for p in children(object) {
                    if let k = self.key(ofProperty: p), keyMatches(k, wanted, in: text) { found = p }
                }
            }
        }
        return found
    }

    /// Whether a key node spells `wanted` (UTF-8), code point for code point as JSON compares keys: a plain key
    /// by its bytes, without making a String of every key of every object a rule looks into (a third of the
    /// analysis of a large plan); an escaped, repaired or YAML-decoded one through its decoded value.
    private func keyMatches(_ node: NodeID, _ wanted: UnsafeBufferPointer<UInt8>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = nodes[Int(node.index)]
        guard n.kind == .string, n.flags & (NodeFlags.hasEscapes | NodeFlags.needsRepair) == 0, scalarValues[node.index] == nil else {
            return stringValue(node).utf8.elementsEqual(wanted)
        }
        let r = contentRange(node)
        guard r.count == wanted.count else { return false }
        var i = 0
        while i < wanted.count {
            if text[r.lowerBound + i] != wanted[i] { return false }
            i += 1
        }
        return true
    }

    /// The value node for `key` in an object node.
    public func member(_ key: String, in object: NodeID) -> NodeID? {
        property(key, in: object).flatMap { value(ofProperty: $0) }
    }

    // MARK: Leaf values

    /// A string recovered from `Click",`: its range starts at its first character, not at a quote.
    public func missesOpeningQuote(_ id: NodeID) -> Bool { nodes[Int(id.index)].flags & NodeFlags.missingOpeningQuote != 0 }
    public func isUnclosed(_ id: NodeID) -> Bool { nodes[Int(id.index)].flags & (NodeFlags.unclosed | NodeFlags.unterminated) != 0 }

    public func boolValue(_ id: NodeID) -> Bool? {
        let n = nodes[Int(id.index)]
        return n.kind == .boolean ? (n.flags & NodeFlags.boolTrue != 0) : nil
    }

    /// The source text of a node's range, e.g. a number's digits exactly as written.
    public func text(_ id: NodeID) -> String { text(in: range(id)) }

    public func text(in range: Range<Int>) -> String {
        let r = range.clamped(to: 0..<bytes.count)
        return String(decoding: bytes[r], as: UTF8.self)
    }

    /// The content range of a string node, without the quotes.
    public func contentRange(_ id: NodeID) -> Range<Int> { SyntaxTree.contentRange(of: nodes[Int(id.index)], in: bytes) }

    /// The content range of a string node over `bytes` (also for a tree still being built).
    static func contentRange(of n: RawNode, in bytes: [UInt8]) -> Range<Int> {
        if n.flags & NodeFlags.bare != 0 { return Int(n.start)..<Int(n.end) }
        if n.flags & NodeFlags.missingOpeningQuote != 0 { return Int(n.start)..<max(Int(n.start), Int(n.end) - 1) }
        let start = Int(n.start) + 1
        var end = Int(n.end)
        if n.flags & NodeFlags.unterminated == 0 || (end > start && bytes[end - 1] == (n.flags & NodeFlags.singleQuoted != 0 ? UInt8(ascii: "'") : UInt8(ascii: "\""))) {
            end -= 1
        }
        return start..<max(start, end)
    }

    /// Decoded contents of a string node. Invalid escapes, lone surrogates and bad UTF-8 become U+FFFD,
    /// so the value is always a well-formed Swift string.
    public func stringValue(_ id: NodeID) -> String {
        let n = nodes[Int(id.index)]
        if let v = scalarValues[id.index] { return v }
        guard n.kind == .string else { return text(id) }
        let r = contentRange(id)
        if n.flags & (NodeFlags.hasEscapes | NodeFlags.needsRepair) == 0 {
            return String(decoding: bytes[r], as: UTF8.self)
        }
        return bytes.withUnsafeBufferPointer { StringDecoding.decode($0, r) }
    }

    public func numberValue(_ id: NodeID) -> JSONNumber? {
        kind(id) == .number ? JSONNumber(scalarValues[id.index] ?? text(id)) : nil
    }
}
