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
public struct JSONObject: Sendable, Hashable {
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

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
    /// The decoded value of a node; nil for nodes that hold no value (invalid regions, a property
    /// whose value is missing). Objects and arrays skip members that have no value.
    public func value(_ id: NodeID) -> JSONValue? {
        switch kind(id) {
        case .null: return .null
        case .boolean: return .bool(boolValue(id) ?? false)
        case .number: return numberValue(id).map(JSONValue.number)
        case .string: return .string(stringValue(id))
        case .array:
            return .array(children(id).compactMap { value($0) })
        case .object:
            var object = JSONObject()
            for p in children(id) {
                guard let k = keyString(ofProperty: p), let vNode = value(ofProperty: p), let v = value(vNode) else { continue }
                object[k] = v
            }
            return .object(object)
        case .property:
            return value(ofProperty: id).flatMap { value($0) }
        case .invalid:
            return nil
        }
    }

    /// The whole document's value, when there is one.
    public var rootValue: JSONValue? { root.flatMap { value($0) } }
}
