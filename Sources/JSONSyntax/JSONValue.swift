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
public struct JSONObject: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) { self.init(elements) }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var pairs: [(key: String, value: JSONValue)] { keys.map { ($0, storage[$0]!) } }

    /// JSON object equality ignores key order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.storage == rhs.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
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
