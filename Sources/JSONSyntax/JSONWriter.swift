/// Writes JSON text. One writer for every output trackspec produces (reports, witnesses, LSP messages),
/// so escaping rules live in one place: only what RFC 8259 requires is escaped, plus U+2028/9 for
/// JavaScript consumers; `/` is left alone.
public struct JSONWriter {
    public var pretty: Bool
    public var indent: String
    public var sortKeys: Bool

    public init(pretty: Bool = false, indent: String = "  ", sortKeys: Bool = false) {
        self.pretty = pretty
        self.indent = indent
        self.sortKeys = sortKeys
    }

    public func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, level: 0)
        return out
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, into: &out)
        return out
    }

    static func appendQuoted(_ s: String, into out: inout String) {
        out.append("\"")
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C || u == 0xE2 {
            needsEscape = true
            break
        }
        if !needsEscape {
            out.append(s)
            out.append("\"")
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "\u{2028}": out.append("\\u2028")
            case "\u{2029}": out.append("\\u2029")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    private func newline(_ out: inout String, _ level: Int) {
        guard pretty else { return }
        out.append("\n")
        for _ in 0..<level { out.append(indent) }
    }

    private func write(_ value: JSONValue, into out: inout String, level: Int) {
        switch value {
        case .null: out.append("null")
        case .bool(let b): out.append(b ? "true" : "false")
        case .number(let n): out.append(n.text)
        case .string(let s): JSONWriter.appendQuoted(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append("[]")
                return
            }
            out.append("[")
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, level + 1)
                write(item, into: &out, level: level + 1)
            }
            newline(&out, level)
            out.append("]")
        case .object(let object):
            if object.isEmpty {
                out.append("{}")
                return
            }
            out.append("{")
            let keys = sortKeys ? object.keys.sorted() : object.keys
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(",") }
                newline(&out, level + 1)
                JSONWriter.appendQuoted(key, into: &out)
                out.append(pretty ? ": " : ":")
                write(object[key]!, into: &out, level: level + 1)
            }
            newline(&out, level)
            out.append("}")
        }
    }
}
