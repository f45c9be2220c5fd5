/// A decoded JSON value: what later layers reason about once positions no longer matter
/// (schemas, witnesses, config). Objects keep their key order so output reads like the input.
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }

    /// The JSON type name as JSON Schema spells it ("integer" for whole numbers).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// An insertion-ordered object; a repeated key keeps its first position and its last value,
/// as `JSON.parse` does.
///
/// Keys and values sit in two parallel arrays, found by a linear scan while the object is small and through a
/// key → position table once it has more than `indexThreshold` keys. Why: nearly every object an event or a
/// schema holds has a handful of keys, where comparing short strings beats hashing them, and a hash table per
/// small object was most of the memory of a decoded document and most of the validator's time.
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []
    private var index: [String: Int]?

    static let indexThreshold = 16

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// Where `key` is in `keys`, if present.
    @inline(__always)
    public func position(of key: String) -> Int? {
        if let index { return index[key] }
        let length = key.utf8.count
        for i in keys.indices where keys[i].utf8.count == length && keys[i] == key { return i }
        return nil
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let i = position(of: key) {
                    values[i] = newValue
                } else {
                    keys.append(key)
                    values.append(newValue)
                    if index != nil { index![key] = keys.count - 1 } else { reindex() }
                }
            } else if let i = position(of: key) {
                keys.remove(at: i)
                values.remove(at: i)
                if index != nil { reindex() }
            }
        }
    }

    /// The key index when the object is past `indexThreshold` keys, none otherwise.
    private mutating func reindex() {
        index = keys.count > JSONObject.indexThreshold ? Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) : nil
    }

    public var pairs: [(key: String, value: JSONValue)] { keys.indices.map { (keys[$0], values[$0]) } }

    /// JSON object equality ignores key order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.keys == rhs.keys { return lhs.values == rhs.values }
        for i in lhs.keys.indices {
            guard let j = rhs.position(of: lhs.keys[i]), rhs.values[j] == lhs.values[i] else { return false }
        }
        return true
    }

    /// Order-independent, as equality is: each member hashed on its own, the results summed.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for i in keys.indices {
            var member = Hasher()
            member.combine(keys[i])
            member.combine(values[i])
            sum &+= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(sum)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

extension SyntaxTree {
    /// One past the last node of `id`'s subtree. Nodes are stored in document (pre-)order, so a
    /// subtree is the contiguous run up to the next node that is not a descendant.
    func subtreeEnd(_ id: NodeID) -> Int {
        var current = Int(id.index)
        while current >= 0 {
            let next = nodes[current].nextSibling
            if next >= 0 { return Int(next) }
            current = Int(nodes[current].parent)
        }
        return nodes.count
    }

    /// The decoded value of a node; nil for nodes that hold no value (invalid regions, a property
    /// whose value is missing). Objects and arrays skip members that have no value. Built bottom-up
    /// over the node array, without recursion, so deep documents cannot exhaust the stack.
    public func value(_ id: NodeID) -> JSONValue? {
        let first = Int(id.index)
        let end = subtreeEnd(id)
        var values = [JSONValue?](repeating: nil, count: end - first)
        var i = end - 1
        while i >= first {
            let n = nodes[i]
            let node = NodeID(i)
            switch n.kind {
            case .null: values[i - first] = .null
            case .boolean: values[i - first] = .bool(n.flags & NodeFlags.boolTrue != 0)
            case .number: values[i - first] = numberValue(node).map(JSONValue.number)
            case .string: values[i - first] = .string(stringValue(node))
            case .invalid: values[i - first] = nil
            case .property:
                let v = value(ofProperty: node)
                values[i - first] = v.flatMap { values[Int($0.index) - first] }
            case .array:
                var items: [JSONValue] = []
                items.reserveCapacity(Int(n.childCount))
                for child in children(node) {
                    if let v = values[Int(child.index) - first] { items.append(v) }
                    values[Int(child.index) - first] = nil
                }
                values[i - first] = .array(items)
            case .object:
                var object = JSONObject()
                for p in children(node) {
                    if let k = keyString(ofProperty: p), let v = values[Int(p.index) - first] { object[k] = v }
                    values[Int(p.index) - first] = nil
                }
                values[i - first] = .object(object)
            }
            i -= 1
        }
        return values[0]
    }

    /// The whole document's value, when there is one.
    public var rootValue: JSONValue? { root.flatMap { value($0) } }
}
