/// A reference for trackspec's glob matcher: brace expansion into every alternative, then a backtracking match
/// of each, the plainest reading of the pattern (trackspec's matcher before it became an automaton). Exponential
/// on hostile patterns, so only for short inputs: the glob tests and the `glob` fuzz target compare against it.
public enum GlobReference {
    public enum Failure: Error { case unclosedClass, unclosedBrace, empty, tooManyAlternatives }

    /// Whether `pattern` matches `path`; throws where the pattern is malformed.
    public static func matches(_ pattern: String, _ path: String, maxAlternatives: Int = 256) throws -> Bool {
        guard !pattern.isEmpty else { throw Failure.empty }
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        let anchored = p.hasPrefix("/") || p.dropLast().contains("/")
        if p.hasPrefix("/") { p.removeFirst() }
        if p.hasSuffix("/") { p += "**" }
        if !anchored { p = "**/" + p }
        var budget = maxAlternatives
        let alternatives = try expand(p, budget: &budget)
        for a in alternatives {
            var inClass = false
            for c in a.utf8 {
                if c == UInt8(ascii: "[") && !inClass { inClass = true } else if c == UInt8(ascii: "]") && inClass { inClass = false }
            }
            if inClass { throw Failure.unclosedClass }
        }
        let s = Array(path.utf8)
        return alternatives.contains { match(Array($0.utf8)[...], s[...]) }
    }

    static func expand(_ p: String, budget: inout Int) throws -> [String] {
        // Unicode scalars, not characters: a combining mark after `}` makes one character of the two, which hid the
        // brace (the fuzz target found it).
        let chars = Array(p.unicodeScalars)
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
        guard let close else { throw Failure.unclosedBrace }
        func text(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }
        let prefix = text(chars[..<open]), suffix = text(chars[(close + 1)...])
        let bounds = [open] + commas + [close]
        var result: [String] = []
        for k in 0..<(bounds.count - 1) {
            budget -= 1
            guard budget >= 0 else { throw Failure.tooManyAlternatives }
            result += try expand(prefix + text(chars[(bounds[k] + 1)..<bounds[k + 1]]) + suffix, budget: &budget)
        }
        return result
    }

    static let slash = UInt8(ascii: "/")

    static func match(_ pattern: ArraySlice<UInt8>, _ path: ArraySlice<UInt8>) -> Bool {
        var p = pattern, s = path
        while let c = p.first {
            switch c {
            case UInt8(ascii: "*"):
                if p.count >= 2 && p[p.startIndex + 1] == UInt8(ascii: "*") {
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

    /// Patterns whose meaning the automaton gives differently on purpose, left out of comparisons: a backslash
    /// (the reference expands braces before escapes), a class beside braces or commas (the reference expands braces
    /// inside classes), and a `*` touching a brace or a comma (the reference's expansion can splice stars across
    /// the group's edge into a `**`, or what follows the group onto a `**`; the automaton reads each star where
    /// it is written).
    public static func isComparable(_ pattern: String) -> Bool {
        let bytes = Array(pattern.utf8)
        if bytes.contains(UInt8(ascii: "\\")) { return false }
        if bytes.contains(UInt8(ascii: "[")) && bytes.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: ",") }) { return false }
        let edges: Set<UInt8> = [UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ",")]
        for i in bytes.indices.dropFirst() {
            let (a, b) = (bytes[i - 1], bytes[i])
            if (a == UInt8(ascii: "*") && edges.contains(b)) || (b == UInt8(ascii: "*") && edges.contains(a)) { return false }
        }
        return true
    }
}
