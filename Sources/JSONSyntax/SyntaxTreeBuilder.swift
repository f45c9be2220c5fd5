/// How a front-end other than the JSON parser (the YAML one) makes a `SyntaxTree`: nodes added in document
/// order (a node before its children, a property's key before its value), each appended as the last child of
/// its parent, so the tree has the same shape and invariants as a parsed JSON document.
package struct SyntaxTreeBuilder {
    /// The nodes, in the JSON parser's kind of buffer, which the finished tree adopts: adding and linking a
    /// node is a few stores, with no array uniqueness checks on the way (#40). Indices come from `add` alone.
    private var nodes = NodeBuffer(capacity: 64)
    private var lastChild: [Int32] = []
    package var scalarValues: [Int32: String] = [:]
    package var diagnostics: [SyntaxDiagnostic] = []

    package init() {}

    /// Room for `count` nodes up front (a front-end's estimate from the input's size): no regrowth on the way.
    package mutating func reserve(_ count: Int) {
        nodes.reserve(count)
        lastChild.reserveCapacity(count)
    }

    package var count: Int { nodes.count }

    /// A new node, last child of `parent` (-1: none); returns its index.
    @discardableResult
    package mutating func add(_ kind: NodeKind, _ range: Range<Int>, parent: Int32, flags: UInt8 = 0) -> Int32 {
        let id = Int32(nodes.count)
        nodes.append(RawNode(kind: kind, flags: flags, start: Int32(range.lowerBound), end: Int32(range.upperBound), parent: parent,
                             firstChild: -1, nextSibling: -1, childCount: 0, colon: -1))
        lastChild.append(-1)
        if parent >= 0 {
            let p = Int(parent)
            let last = lastChild[p]
            if last >= 0 { nodes[Int(last)].nextSibling = id } else { nodes[p].firstChild = id }
            lastChild[p] = id
            nodes[p].childCount += 1
        }
        return id
    }

    package func kind(_ id: Int32) -> NodeKind { nodes[Int(id)].kind }
    package func range(_ id: Int32) -> Range<Int> { Int(nodes[Int(id)].start)..<Int(nodes[Int(id)].end) }
    package func childCount(_ id: Int32) -> Int { Int(nodes[Int(id)].childCount) }

    package func parentOf(_ id: Int32) -> Int32 { nodes[Int(id)].parent }
    package func firstChildOf(_ id: Int32) -> Int32? { nodes[Int(id)].firstChild >= 0 ? nodes[Int(id)].firstChild : nil }
    package func nextSiblingOf(_ id: Int32) -> Int32? { nodes[Int(id)].nextSibling >= 0 ? nodes[Int(id)].nextSibling : nil }
    package func flags(_ id: Int32) -> UInt8 { nodes[Int(id)].flags }
    package func lastChildOf(_ id: Int32) -> Int32? { lastChild[Int(id)] >= 0 ? lastChild[Int(id)] : nil }
    package func childrenOf(_ id: Int32) -> [Int32] {
        var out: [Int32] = []
        var c = nodes[Int(id)].firstChild
        while c >= 0 {
            out.append(c)
            c = nodes[Int(c)].nextSibling
        }
        return out
    }

    /// A scalar that turned out to be a key: its kind becomes string.
    package mutating func retype(_ id: Int32, to kind: NodeKind, flags: UInt8) {
        nodes[Int(id)].kind = kind
        nodes[Int(id)].flags = flags
    }

    package mutating func setEnd(_ id: Int32, _ end: Int) {
        if Int32(end) > nodes[Int(id)].end { nodes[Int(id)].end = Int32(end) }
    }

    package mutating func setStart(_ id: Int32, _ start: Int) { nodes[Int(id)].start = Int32(start) }
    package mutating func setColon(_ property: Int32, _ offset: Int) { nodes[Int(property)].colon = Int32(offset) }
    package mutating func addFlags(_ id: Int32, _ flags: UInt8) { nodes[Int(id)].flags |= flags }

    /// Copies the subtree at `source` (an alias's anchor) as a new last child of `parent`, every copied node
    /// spanning `range` (the alias token): diagnostics about the copy point at the alias. Returns the copy's
    /// root, or nil when the copy would pass `budget` nodes (an alias bomb).
    package mutating func copySubtree(_ source: Int32, parent: Int32, range: Range<Int>, budget: Int, bytes: [UInt8]) -> Int32? {
        // Nodes are in document order: the subtree is the run of descendants right after `source`.
        var end = Int(source) + 1
        while end < nodes.count {
            var p = nodes[end].parent
            while p > source { p = nodes[Int(p)].parent }
            guard p == source else { break }
            end += 1
            if end - Int(source) > budget { return nil }
        }
        var map: [Int32: Int32] = [:]
        for i in Int(source)..<end {
            let n = nodes[i]
            let newParent = i == Int(source) ? parent : (map[n.parent] ?? parent)
            let id = add(n.kind, range, parent: newParent, flags: n.flags)
            if n.colon >= 0 { nodes[Int(id)].colon = Int32(range.lowerBound) }
            // The copy's range is the alias: its value cannot be read from its text, so it is stored.
            if let v = scalarValues[Int32(i)] {
                scalarValues[id] = v
            } else if n.kind == .number {
                scalarValues[id] = String(decoding: bytes[Int(n.start)..<Int(n.end)], as: UTF8.self)
            } else if n.kind == .string {
                scalarValues[id] = String(decoding: bytes[SyntaxTree.contentRange(of: n, in: bytes)], as: UTF8.self)
            }
            map[Int32(i)] = id
        }
        return map[source]
    }

    package mutating func report(_ code: SyntaxDiagnostic.Code, _ range: Range<Int>, _ message: String, severity: Severity? = nil) {
        diagnostics.append(SyntaxDiagnostic(code: code, range: range, message: message, severity: severity))
    }

    /// The tree. It takes the node buffer over: a builder is built once, and always (its buffer is the tree's).
    package func build(bytes: [UInt8], documents: [Int32], syntax: SyntaxTree.Syntax) -> SyntaxTree {
        // "Expected a value" at the end of the input points at the end, never past it.
        let n = bytes.count
        let inside = diagnostics.map { d -> SyntaxDiagnostic in
            var d = d
            d.range = min(d.range.lowerBound, n)..<min(max(d.range.upperBound, d.range.lowerBound), n)
            d.related = d.related.map { RelatedLocation(range: min($0.range.lowerBound, n)..<min($0.range.upperBound, n), message: $0.message) }
            return d
        }
        let sorted = inside.enumerated().sorted { ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset) }.map(\.element)
        var unique: [SyntaxDiagnostic] = []
        for d in sorted where !(unique.last.map { $0.range.lowerBound == d.range.lowerBound && $0.code == d.code } ?? false) { unique.append(d) }
        // Every node inside the text, whatever a front-end computed (a last line of defence, like diagnostics').
        for i in 0..<nodes.count where Int(nodes[i].end) > n || nodes[i].start > nodes[i].end {
            nodes[i].end = Int32(min(max(Int(nodes[i].end), Int(nodes[i].start)), n))
            nodes[i].start = min(nodes[i].start, nodes[i].end)
        }
        let docs = documents.map { NodeID($0) }
        return SyntaxTree(bytes: bytes, nodes: nodes.storage(), root: docs.first, diagnostics: unique, syntax: syntax, scalarValues: scalarValues, documents: docs)
    }
}

