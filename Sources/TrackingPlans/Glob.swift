/// Gitignore-style path globs, matched against `/`-separated paths relative to the workspace root:
/// `*` and `?` stay within a segment, `**` spans segments, `[abc]`/`[!a-z]` are classes and `{a,b}`
/// alternatives. A pattern without `/` matches the file name at any depth (as `.gitignore` does).
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let alternatives: [[UInt8]]

    public enum Error: Swift.Error, Equatable, CustomStringConvertible {
        case unclosedClass(String)
        case unclosedBrace(String)
        case empty

        public var description: String {
            switch self {
            case .unclosedClass(let p): return "glob '\(p)' has a '[' without a matching ']'"
            case .unclosedBrace(let p): return "glob '\(p)' has a '{' without a matching '}'"
            case .empty: return "glob is empty"
            }
        }
    }

    public init(_ pattern: String) throws {
        guard !pattern.isEmpty else { throw Error.empty }
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        let anchored = p.hasPrefix("/") || p.dropLast().contains("/")
        if p.hasPrefix("/") { p.removeFirst() }
        if p.hasSuffix("/") { p += "**" }
        if !anchored { p = "**/" + p }
        let expanded = try Glob.expandBraces(p, original: pattern)
        for alternative in expanded { try Glob.checkClasses(alternative, original: pattern) }
        self.pattern = pattern
        self.alternatives = expanded.map { Array($0.utf8) }
    }

    public var description: String { pattern }

    public func matches(_ path: String) -> Bool {
        let p = Array(path.utf8)
        return alternatives.contains { Glob.match($0[...], p[...]) }
    }

    static func expandBraces(_ p: String, original: String) throws -> [String] {
        let chars = Array(p)
        guard let open = chars.firstIndex(of: "{") else { return [p] }
        var depth = 0
        var close: Int?
        var commas: [Int] = []
        for i in open..<chars.count {
            if chars[i] == "{" { depth += 1 }
            if chars[i] == "}" {
                depth -= 1
                if depth == 0 {
                    close = i
                    break
                }
            }
            if chars[i] == "," && depth == 1 { commas.append(i) }
        }
        guard let close else { throw Error.unclosedBrace(original) }
        let prefix = String(chars[..<open]), suffix = String(chars[(close + 1)...])
        let bounds = [open] + commas + [close]
        var result: [String] = []
        for k in 0..<(bounds.count - 1) {
            let part = String(chars[(bounds[k] + 1)..<bounds[k + 1]])
            result += try expandBraces(prefix + part + suffix, original: original)
        }
        return result
    }

    static func checkClasses(_ p: String, original: String) throws {
        var inClass = false
        for c in p {
            if c == "[" && !inClass { inClass = true } else if c == "]" && inClass { inClass = false }
        }
        if inClass { throw Error.unclosedClass(original) }
    }

    private static let slash = UInt8(ascii: "/")

    static func match(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        var p = pattern, s = path
        while let c = p.first {
            switch c {
            case UInt8(ascii: "*"):
                if p.count >= 2 && p[p.startIndex + 1] == UInt8(ascii: "*") {
                    // `**/` matches zero or more whole segments; a trailing `**` matches everything.
                    var rest = p.dropFirst(2)
                    if rest.first == slash { rest = rest.dropFirst() } else if rest.isEmpty { return true }
                    var candidate = s
                    while true {
                        if match(rest, candidate) { return true }
                        guard let next = candidate.firstIndex(of: slash) else { return false }
                        candidate = candidate[(next + 1)...]
                    }
                }
                let rest = p.dropFirst()
                var candidate = s
                while true {
                    if match(rest, candidate) { return true }
                    guard let first = candidate.first, first != slash else { return false }
                    candidate = candidate.dropFirst()
                }
            case UInt8(ascii: "?"):
                guard let first = s.first, first != slash else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            case UInt8(ascii: "["):
                guard let first = s.first, first != slash, let close = p.dropFirst(2).firstIndex(of: UInt8(ascii: "]")) else { return false }
                var body = p[(p.startIndex + 1)..<close]
                var negate = false
                if let b = body.first, b == UInt8(ascii: "!") || b == UInt8(ascii: "^") {
                    negate = true
                    body = body.dropFirst()
                }
                var hit = false
                var i = body.startIndex
                while i < body.endIndex {
                    if i + 2 < body.endIndex && body[i + 1] == UInt8(ascii: "-") {
                        if body[i] <= first && first <= body[i + 2] { hit = true }
                        i += 3
                    } else {
                        if body[i] == first { hit = true }
                        i += 1
                    }
                }
                guard hit != negate else { return false }
                p = p[(close + 1)...]
                s = s.dropFirst()
            case UInt8(ascii: "\\") where p.count > 1:
                guard s.first == p[p.startIndex + 1] else { return false }
                p = p.dropFirst(2)
                s = s.dropFirst()
            default:
                guard s.first == c else { return false }
                p = p.dropFirst()
                s = s.dropFirst()
            }
        }
        return s.isEmpty
    }
}
