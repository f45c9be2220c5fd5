/// Messages quote the user's text (keys, values, names). A hostile or careless file may hold a 50 MB key:
/// quoting it whole makes a 50 MB message, copied into every output format and every LSP publication.
/// Quotes are bounded: a prefix, an ellipsis and the full length.
public enum Excerpt {
    /// Characters quoted at most.
    public static let limit = 64

    public static func of(_ text: String, limit: Int = limit) -> String {
        // Counting UTF-8 first is O(1) for native strings; only long texts are walked (and only their prefix).
        guard text.utf8.count > limit else { return text }
        var prefix = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return String(prefix) + "… (\(text.utf8.count) bytes)" }
            prefix.append(scalar)
            count += 1
        }
        return text
    }
}

extension Excerpt {
    /// Messages longer than this have their long quoted parts shortened.
    public static let messageLimit = 1_024

    /// The message with every quoted run ('…' or "…") longer than `limit` characters cut to an excerpt,
    /// when the message is long: one place that bounds every rule's quotes of user text, whatever it quotes.
    /// Short messages (nearly all) are returned as they are, without a scan.
    public static func boundingQuotes(_ message: String) -> String {
        guard message.utf8.count > messageLimit else { return message }
        // Bytes, not characters: quotes and line feeds are ASCII, never part of a multi-byte sequence.
        var out: [UInt8] = []
        var message = message
        message.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let c = bytes[i]
                out.append(c)
                i += 1
                guard c == 0x27 || c == 0x22 else { continue }
                var j = i, characters = 0, cut = -1
                while j < n && bytes[j] != c && bytes[j] != 0x0A {
                    if bytes[j] & 0xC0 != 0x80 {
                        if characters == limit { cut = j }
                        characters += 1
                    }
                    j += 1
                }
                guard j < n, bytes[j] == c else { continue }
                if cut >= 0 {
                    out.append(contentsOf: bytes[i..<cut])
                    out.append(contentsOf: "… (\(characters) characters)".utf8)
                } else {
                    out.append(contentsOf: bytes[i..<j])
                }
                out.append(c)
                i = j + 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Excerpt {
    /// An example value for a message: compact JSON in which a long string shows its first characters and a
    /// long array its first items, each followed by a note of the full length. A witness for `maxLength: 255`
    /// is a 256-character string: the note ("/a is 256 characters") makes the point, 256 letters do not.
    /// The value itself stays available in full where it is data (`compat`'s output, the related location).
    public static func example(_ value: JSONValue, stringLimit: Int = 24, itemLimit: Int = 5) -> String {
        var notes: [String] = []
        var out = ""
        func write(_ v: JSONValue, _ pointer: String) {
            switch v {
            case .string(let s):
                let length = s.count
                if length > stringLimit {
                    out += String(JSONWriter().string(.string(String(s.prefix(stringLimit / 2)))).dropLast()) + "…\""
                    notes.append("\(pointer.isEmpty ? "the value" : pointer) is \(length) characters")
                } else {
                    out += JSONWriter().string(v)
                }
            case .array(let items):
                out += "["
                for (i, item) in items.prefix(items.count > itemLimit ? 3 : items.count).enumerated() {
                    if i > 0 { out += ", " }
                    write(item, pointer + "/\(i)")
                }
                if items.count > itemLimit {
                    out += ", …"
                    notes.append("\(pointer.isEmpty ? "the value" : pointer) has \(items.count) items")
                }
                out += "]"
            case .object(let object):
                out += "{"
                for (i, pair) in object.pairs.enumerated() {
                    if i > 0 { out += ", " }
                    out += JSONWriter().string(.string(Excerpt.of(pair.key))) + ": "
                    write(pair.value, pointer + "/" + Excerpt.of(pair.key).replacingTildeAndSlash())
                }
                out += "}"
            default:
                out += JSONWriter().string(v)
            }
        }
        write(value, "")
        guard !notes.isEmpty else { return out }
        return out + " (" + notes.prefix(3).joined(separator: "; ") + (notes.count > 3 ? "; …" : "") + ")"
    }
}

extension Excerpt {
    /// `text` with what a terminal, a CI log or an editor would act on written out visibly: line breaks as
    /// `\n`/`\r`, tab as `\t`, other C0 and C1 controls, DEL, the line and paragraph separators and the
    /// bidirectional overrides as `\u{…}`. Text from files and registries (keys, values, names, file names,
    /// `Location` headers) goes through this before any output: a key holding `\n::error file=…::` must not
    /// print a line GitHub Actions reads as an annotation, and ESC must not reach the terminal.
    public static func escapingControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            guard isControl(s) else {
                out.append(s)
                continue
            }
            let written: String
            switch s {
            case "\n": written = "\\n"
            case "\r": written = "\\r"
            case "\t": written = "\\t"
            default: written = "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: written.unicodeScalars)
        }
        return String(out)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
