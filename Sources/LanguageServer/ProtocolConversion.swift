import JSONSyntax
import TrackingPlans

/// Analysis results → LSP JSON. The only place that knows both sides.
enum ProtocolConversion {
    static func position(_ p: Position) -> JSONValue {
        ["line": .number(JSONNumber(p.line)), "character": .number(JSONNumber(p.character))]
    }

    static func range(_ r: Range<Int>, in index: LineIndex, encoding: PositionEncoding) -> JSONValue {
        let (s, e) = index.range(of: r, encoding: encoding)
        return ["start": position(s), "end": position(e)]
    }

    static func severity(_ s: Severity) -> JSONValue {
        switch s {
        case .error: return 1
        case .warning: return 2
        case .info: return 3
        case .hint: return 4
        }
    }

    /// `lineIndexFor` supplies the index of another file for related information (nil: leave it out).
    static func diagnostic(_ d: Diagnostic, index: LineIndex, encoding: PositionEncoding, relatedInformation: Bool,
                           uriFor: (String) -> String, lineIndexFor: (String) -> LineIndex?, path: String) -> JSONValue {
        var object = JSONObject([
            ("range", range(d.range, in: index, encoding: encoding)),
            ("severity", severity(d.severity)),
            ("code", .string(d.rule)),
            ("source", "trackspec"),
            ("message", .string(d.code.map { "\($0): \(d.message)" } ?? d.message)),
        ])
        if relatedInformation && !d.related.isEmpty {
            let related: [JSONValue] = d.related.compactMap { r in
                let otherIndex = r.location.path == path ? index : lineIndexFor(r.location.path)
                guard let otherIndex else { return nil }
                return ["location": ["uri": .string(uriFor(r.location.path)), "range": range(r.location.range, in: otherIndex, encoding: encoding)],
                        "message": .string(r.message)]
            }
            if !related.isEmpty { object["relatedInformation"] = .array(related) }
        }
        return .object(object)
    }

    /// LSP `CompletionItemKind`: Property 10, Value 12, Keyword 14, Reference 18.
    static func completionKind(_ kind: CompletionItem.Kind) -> Int {
        switch kind {
        case .property: return 10
        case .value: return 12
        case .keyword: return 14
        case .reference: return 18
        }
    }

    /// LSP `SymbolKind`: items of event lists are Events (24), of property lists Properties (7); other
    /// nodes by JSON type (Object 19, Array 18, String 15, Number 16, Boolean 17, Null 21).
    static func symbolKind(_ node: OutlineNode) -> Int {
        if node.isArrayItem, node.kind == .object {
            switch node.container {
            case "events", "data", "eventSpecifications": return 24
            case "properties": return 7
            default: break
            }
        }
        switch node.kind {
        case .object: return 19
        case .array: return 18
        case .string: return 15
        case .number: return 16
        case .boolean: return 17
        case .null: return 21
        }
    }

    /// Reads an LSP position; nil when malformed.
    static func position(_ value: JSONValue?) -> Position? {
        guard let line = value?["line"]?.numberValue?.intValue, let character = value?["character"]?.numberValue?.intValue,
              line >= 0, character >= 0 else { return nil }
        return Position(line: line, character: character)
    }

    static func range(_ value: JSONValue?) -> (start: Position, end: Position)? {
        guard let s = position(value?["start"]), let e = position(value?["end"]) else { return nil }
        return (s, e)
    }
}
