/// A document's structure for editors: the outline (document symbols), foldable regions and the
/// nested ranges of "expand selection". Syntax only: later layers give symbols their domain kinds.
public struct OutlineNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case object, array, string, number, boolean, null }
    public var name: String
    /// The key the node is under (for an array item: its array's key), what domain layers classify by.
    public var container: String?
    public var isArrayItem: Bool
    public var kind: Kind
    public var range: Range<Int>
    public var selectionRange: Range<Int>
    public var children: [OutlineNode]
}

extension SyntaxTree {
    /// Members by key, array items by their `name` (or `id`, `resourceName`, `eventType`) when they have one,
    /// else by index. Bounded: huge documents give a partial outline, not a stall.
    public func outline(maxDepth: Int = 24, maxNodes: Int = 5_000) -> [OutlineNode] {
        guard let root else { return [] }
        var budget = maxNodes
        func kindOf(_ n: NodeID) -> OutlineNode.Kind? {
            switch kind(n) {
            case .object: return .object
            case .array: return .array
            case .string: return .string
            case .number: return .number
            case .boolean: return .boolean
            case .null: return .null
            default: return nil
            }
        }
        func children(of node: NodeID, container: String?, depth: Int) -> [OutlineNode] {
            guard depth < maxDepth else { return [] }
            var out: [OutlineNode] = []
            if kind(node) == .object {
                for p in self.children(node) {
                    guard budget > 0, let key = key(ofProperty: p), let name = keyString(ofProperty: p), let v = value(ofProperty: p), let k = kindOf(v) else { continue }
                    budget -= 1
                    out.append(OutlineNode(name: name, container: container, isArrayItem: false, kind: k, range: range(p), selectionRange: range(key),
                                           children: children(of: v, container: name, depth: depth + 1)))
                }
            } else if kind(node) == .array {
                var i = 0
                for item in self.children(node) {
                    defer { i += 1 }
                    guard budget > 0, let k = kindOf(item) else { continue }
                    budget -= 1
                    var name = "[\(i)]"
                    var selection = range(item)
                    if k == .object {
                        // An identify/page/screen/group event has no name: its type names it.
                        for field in ["name", "id", "resourceName", "eventType"] {
                            if let n = member(field, in: item), self.kind(n) == .string, !stringValue(n).isEmpty {
                                name = stringValue(n)
                                selection = range(n)
                                break
                            }
                        }
                    }
                    out.append(OutlineNode(name: name, container: container, isArrayItem: true, kind: k, range: range(item), selectionRange: selection,
                                           children: children(of: item, container: container, depth: depth + 1)))
                }
            }
            return out
        }
        return children(of: root, container: nil, depth: 0)
    }

    /// Objects and arrays that span several lines: (first line, last line before the closing bracket).
    public func foldingRanges(_ lines: LineIndex, maxRanges: Int = 5_000) -> [(start: Int, end: Int)] {
        guard let root else { return [] }
        var out: [(Int, Int)] = []
        var stack = [root]
        while let node = stack.popLast(), out.count < maxRanges {
            if kind(node) == .object || kind(node) == .array {
                let r = range(node)
                let start = lines.position(of: r.lowerBound, encoding: .utf8).line
                let end = lines.position(of: max(r.lowerBound, r.upperBound - 1), encoding: .utf8).line
                if end - 1 > start { out.append((start, end - 1)) }
            }
            for child in children(node) {
                if kind(child) == .property { if let v = value(ofProperty: child) { stack.append(v) } } else { stack.append(child) }
            }
        }
        // One range per start line (editors fold by line): the widest.
        var widest: [Int: Int] = [:]
        for (start, end) in out { widest[start] = max(widest[start] ?? end, end) }
        return widest.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// From the token at `offset` outwards to the whole document: each range strictly contains the previous.
    public func selectionRanges(at offset: Int) -> [Range<Int>] {
        guard var node = node(at: offset) else { return [] }
        var out: [Range<Int>] = []
        if kind(node) == .string {
            let content = contentRange(node)
            if content.contains(offset) || content.upperBound == offset, !content.isEmpty { out.append(content) }
        }
        while true {
            let r = range(node)
            if out.last.map({ $0 != r && r.lowerBound <= $0.lowerBound && $0.upperBound <= r.upperBound }) ?? true { out.append(r) }
            guard let p = parent(node) else { break }
            node = p
        }
        return out
    }
}
