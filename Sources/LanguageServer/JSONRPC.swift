import JSONSyntax

/// JSON-RPC 2.0 as LSP uses it: ids are integers or strings, no batches.
public enum RequestID: Hashable, Sendable, CustomStringConvertible {
    case number(Int)
    case string(String)

    public var json: JSONValue {
        switch self {
        case .number(let n): return .number(JSONNumber(n))
        case .string(let s): return .string(s)
        }
    }

    public var description: String {
        switch self {
        case .number(let n): return String(n)
        case .string(let s): return "\"\(s)\""
        }
    }

    init?(_ value: JSONValue) {
        switch value {
        case .number(let n):
            guard let i = n.intValue else { return nil }
            self = .number(i)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }
}

public enum ErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    public static let serverNotInitialized = -32002
    public static let requestCancelled = -32800
    public static let contentModified = -32801
    /// LSP's RequestFailed: the request was valid but could not be carried out (a rename refused, with the reason).
    public static let requestFailed = -32803
}

public struct ResponseError: Error, Sendable {
    public var code: Int
    public var message: String

    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    public var json: JSONValue { ["code": .number(JSONNumber(code)), "message": .string(message)] }
}

/// An incoming message, classified.
public enum IncomingMessage: Sendable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: RequestID, result: JSONValue?, error: JSONValue?)
    /// Not a usable message; answer with this error (id nil → `"id": null`), or drop it when
    /// `reply` is false (a broken notification has no one to answer).
    case invalid(id: RequestID?, error: ResponseError, reply: Bool)

    /// Classifies a body per JSON-RPC 2.0 and LSP.
    public static func parse(_ body: [UInt8]) -> IncomingMessage {
        let tree = SyntaxTree(parsing: body)
        guard tree.diagnostics.allSatisfy({ $0.severity != .error }), let value = tree.rootValue else {
            let reason = tree.diagnostics.first.map { ": \($0.message)" } ?? ""
            return .invalid(id: nil, error: ResponseError(ErrorCode.parseError, "message body is not valid JSON\(reason)"), reply: true)
        }
        guard case .object(let object) = value else {
            if case .array = value {
                return .invalid(id: nil, error: ResponseError(ErrorCode.invalidRequest, "batch messages are not supported by the Language Server Protocol"), reply: true)
            }
            return .invalid(id: nil, error: ResponseError(ErrorCode.invalidRequest, "a message must be a JSON object"), reply: true)
        }
        let rawID = object["id"]
        let id = rawID.flatMap(RequestID.init)
        if let rawID, id == nil, rawID != .null {
            return .invalid(id: nil, error: ResponseError(ErrorCode.invalidRequest, "'id' must be an integer or a string"), reply: true)
        }
        guard object["jsonrpc"] == "2.0" else {
            return .invalid(id: id, error: ResponseError(ErrorCode.invalidRequest, "'jsonrpc' must be \"2.0\""), reply: true)
        }
        let params = object["params"]
        if let params {
            switch params {
            case .object, .array: break
            default:
                if let method = object["method"]?.stringValue, id != nil || rawID == .null {
                    return .invalid(id: id, error: ResponseError(ErrorCode.invalidParams, "'params' of \(method) must be an object or an array"), reply: true)
                }
                return .invalid(id: id, error: ResponseError(ErrorCode.invalidParams, "'params' must be an object or an array"), reply: id != nil)
            }
        }
        if let methodValue = object["method"] {
            guard let method = methodValue.stringValue else {
                return .invalid(id: id, error: ResponseError(ErrorCode.invalidRequest, "'method' must be a string"), reply: true)
            }
            if let id { return .request(id: id, method: method, params: params) }
            if rawID == .null {
                return .invalid(id: nil, error: ResponseError(ErrorCode.invalidRequest, "a request id must not be null"), reply: true)
            }
            return .notification(method: method, params: params)
        }
        if let id, object["result"] != nil || object["error"] != nil {
            return .response(id: id, result: object["result"], error: object["error"])
        }
        return .invalid(id: id, error: ResponseError(ErrorCode.invalidRequest, "a message needs a 'method' (request or notification) or a 'result'/'error' (response)"), reply: true)
    }
}
