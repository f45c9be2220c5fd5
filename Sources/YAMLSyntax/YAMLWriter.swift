import JSONSyntax

/// Writes data as block-style YAML, the way snowplow-cli and rudder-cli files look: `key: value` lines,
/// `- ` items, two spaces per level. Strings are plain where a YAML 1.2 reader (and a YAML 1.1 one: `yes`,
/// `on`) gets the same string back, double-quoted otherwise; numbers, booleans and null as JSON has them.
/// Not recursive: data nested as deep as a JSON document allows cannot exhaust the stack.
public struct YAMLWriter: Sendable {
    /// Two spaces: a mapping inside a list continues under its first key, two columns after the `-`.
    let indent = "  "

    public init() {}

    public func string(_ value: JSONValue) -> String {
        var out = ""
        switch value {
        case .object(let o) where !o.pairs.isEmpty: writeBlock(value, level: 0, into: &out)
        case .array(let a) where !a.isEmpty: writeBlock(value, level: 0, into: &out)
        default: out = scalar(value) + "\n"
        }
        return out
    }

    /// Items of work: a collection to open at a level (with what comes before its first line), or text.
    private enum Work {
        case collection(JSONValue, level: Int, firstPrefix: String?)
        case text(String)
    }

    private func writeBlock(_ root: JSONValue, level: Int, into out: inout String) {
        var stack: [Work] = [.collection(root, level: level, firstPrefix: nil)]
        while let work = stack.popLast() {
            switch work {
            case .text(let s):
                out += s
            case .collection(let value, let level, let firstPrefix):
                var pending: [Work] = []
                let pad = String(repeating: indent, count: level)
                var first = true
                func linePrefix() -> String {
                    defer { first = false }
                    if first, let p = firstPrefix { return p }
                    return pad
                }
                switch value {
                case .object(let object):
                    for pair in object.pairs {
                        let key = YAMLWriter.scalarString(pair.key)
                        if key.utf8.count > YAMLWriter.implicitKeyLimit {
                            // An implicit key is at most 1,024 characters: a longer one is written explicitly.
                            pending.append(.text(linePrefix() + "? " + key + "\n"))
                            pending += child(pair.value, prefix: pad + ":", level: level, inList: false)
                        } else {
                            pending += child(pair.value, prefix: linePrefix() + key + ":", level: level, inList: false)
                        }
                    }
                case .array(let items):
                    for item in items {
                        pending += child(item, prefix: linePrefix() + "-", level: level, inList: true)
                    }
                default:
                    pending.append(.text(linePrefix() + scalar(value) + "\n"))
                }
                stack += pending.reversed()
            }
        }
    }

    /// A member or item: scalars and empty collections on the same line; collections below it (a mapping
    /// inside a list starts on the dash's line, as the CLIs write it).
    private func child(_ value: JSONValue, prefix: String, level: Int, inList: Bool) -> [Work] {
        switch value {
        case .object(let o) where !o.pairs.isEmpty:
            if inList { return [.collection(value, level: level + 1, firstPrefix: prefix + " ")] }
            return [.text(prefix + "\n"), .collection(value, level: level + 1, firstPrefix: nil)]
        case .array(let a) where !a.isEmpty:
            if inList { return [.collection(value, level: level + 1, firstPrefix: prefix + " ")] }
            // rudder-cli and snowplow-cli indent lists under their key.
            return [.text(prefix + "\n"), .collection(value, level: level + 1, firstPrefix: nil)]
        default:
            return [.text(prefix + " " + scalar(value) + "\n")]
        }
    }

    func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n.description
        case .string(let s): return YAMLWriter.scalarString(s)
        case .array: return "[]"
        case .object: return "{}"
        }
    }

    /// Plain when that reads back as the same string in YAML 1.2 and 1.1, else double-quoted (JSON's escapes
    /// are YAML's).
    public static func scalarString(_ s: String) -> String {
        plainIsSafe(s) ? s : JSONWriter.quoted(s)
    }

    /// Keys written longer than this use the explicit `? key` form (YAML limits implicit keys to 1,024).
    static let implicitKeyLimit = 1_000

    static let yaml11Words: Set<String> = ["y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"]

    static func plainIsSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if YAMLScalars.resolve(s, plain: true) != .string || yaml11Words.contains(s) { return false }
        if first == " " || last == " " || first == "\t" || last == "\t" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
            // `-x`, `?x`, `:x` are plain in block context; the others always start something else.
            guard "-?:".unicodeScalars.contains(first), s.unicodeScalars.count > 1,
                  let second = s.unicodeScalars.dropFirst().first, second != " " else { return false }
        }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return false }
        // At the start of a line, `---` and `...` are document markers.
        if s.hasPrefix("---") || s.hasPrefix("...") { return false }
        for u in s.unicodeScalars where u.value < 0x20 || u.value == 0x7F || u.value == 0x85 || u.value == 0xFEFF || (u.value >= 0x2028 && u.value <= 0x2029) {
            return false
        }
        // Flow indicators are fine in block context, but a reader may meet the value inside `[...]`; keep it simple.
        if s.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        return true
    }
}
