/// Gitignore-style path globs, matched against `/`-separated paths relative to the workspace root:
/// `*` and `?` stay within a segment, `**` spans segments, `[abc]`/`[!a-z]` are classes and `{a,b}`
/// alternatives (nested too). A pattern without `/` matches the file name at any depth (as `.gitignore` does).
///
/// Why an automaton: a glob comes from a `trackspec.json` the user may not have written, and a backtracking
/// matcher takes exponential time on `*a*a*a*a*a*a*a*a*b` against a long name, as expanding `{a,b}{a,b}…` into
/// every alternative takes exponential memory. The pattern compiles, braces included, into a small NFA over its
/// tokens whose ε-edges all point forward, so one forward sweep closes a state set; matching a path costs
/// O(pattern tokens × path bytes), whatever the pattern.
public struct Glob: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]

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

    /// One step of the pattern. `open`/`separator`/`close` are a brace group's parts (`{`, `,`, `}`), with the
    /// indexes their ε-edges go to.
    enum Token: Sendable, Hashable {
        /// One byte of a set (a literal, `?`, a class; never `/` except a literal one).
        case byte(ByteSet)
        /// `*`: any bytes but `/`.
        case star
        /// `**` with something after it: nothing, or anything ending in `/` (`(.*/)?`), so what follows starts a segment.
        case segments
        /// `**` at the end: anything.
        case everything
        case open(branches: [Int])
        case separator(close: Int)
        case close
    }

    /// 256 bits: the bytes a step takes.
    struct ByteSet: Sendable, Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

        static func == (a: ByteSet, b: ByteSet) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0)
            hasher.combine(words.1)
            hasher.combine(words.2)
            hasher.combine(words.3)
        }

        mutating func insert(_ b: UInt8) {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }

        func contains(_ b: UInt8) -> Bool {
            let bit = UInt64(1) << UInt64(b & 63)
            switch b >> 6 {
            case 0: return words.0 & bit != 0
            case 1: return words.1 & bit != 0
            case 2: return words.2 & bit != 0
            default: return words.3 & bit != 0
            }
        }

        static func single(_ b: UInt8) -> ByteSet {
            var s = ByteSet()
            s.insert(b)
            return s
        }

        /// Every byte but `/`.
        static let notSlash: ByteSet = {
            var s = ByteSet(words: (~0, ~0, ~0, ~0))
            s.words.0 &= ~(UInt64(1) << UInt64(Glob.slash))
            return s
        }()
    }

    public init(_ pattern: String) throws {
        guard !pattern.isEmpty else { throw Error.empty }
        var p = pattern
        if p.hasPrefix("./") { p.removeFirst(2) }
        let anchored = p.hasPrefix("/") || p.dropLast().contains("/")
        if p.hasPrefix("/") { p.removeFirst() }
        if p.hasSuffix("/") { p += "**" }
        if !anchored { p = "**/" + p }
        try Glob.checkClasses(p, original: pattern)
        self.pattern = pattern
        self.tokens = try Glob.tokens(Array(p.utf8), original: pattern)
    }

    public var description: String { pattern }

    static let slash = UInt8(ascii: "/")

    /// A `[` must have its `]` (a rough check, as before: the matcher also needs one at least two bytes on).
    static func checkClasses(_ p: String, original: String) throws {
        var inClass = false
        for c in p.utf8 {
            if c == UInt8(ascii: "[") && !inClass { inClass = true } else if c == UInt8(ascii: "]") && inClass { inClass = false }
        }
        if inClass { throw Error.unclosedClass(original) }
    }

    /// The pattern's steps. Braces become groups (not expanded), so their cost stays the pattern's length.
    static func tokens(_ p: [UInt8], original: String) throws -> [Token] {
        var out: [Token] = []
        var groups: [(open: Int, separators: [Int])] = []
        var i = 0
        while i < p.count {
            let c = p[i]
            switch c {
            case UInt8(ascii: "\\") where i + 1 < p.count:
                out.append(.byte(.single(p[i + 1])))
                i += 2
            case UInt8(ascii: "*"):
                if i + 1 < p.count && p[i + 1] == UInt8(ascii: "*") {
                    if i + 2 < p.count && p[i + 2] == slash {
                        out.append(.segments)
                        i += 3
                    } else if continuationIsEmpty(p, from: i + 2, depth: groups.count) {
                        out.append(.everything)
                        i += 2
                    } else {
                        out.append(.segments)
                        i += 2
                    }
                } else {
                    out.append(.star)
                    i += 1
                }
            case UInt8(ascii: "?"):
                out.append(.byte(.notSlash))
                i += 1
            case UInt8(ascii: "["):
                // The class ends at the first `]` at least two bytes on (`[]a]` holds `]`); without one it
                // matches nothing.
                var close = i + 2
                while close < p.count && p[close] != UInt8(ascii: "]") { close += 1 }
                guard close < p.count else {
                    out.append(.byte(ByteSet()))
                    i = p.count
                    continue
                }
                var body = Array(p[(i + 1)..<close])
                var negate = false
                if let b = body.first, b == UInt8(ascii: "!") || b == UInt8(ascii: "^") {
                    negate = true
                    body.removeFirst()
                }
                var set = ByteSet()
                var k = 0
                while k < body.count {
                    if k + 2 < body.count && body[k + 1] == UInt8(ascii: "-") {
                        if body[k] <= body[k + 2] { for b in body[k]...body[k + 2] { set.insert(b) } }
                        k += 3
                    } else {
                        set.insert(body[k])
                        k += 1
                    }
                }
                if negate { set.words = (~set.words.0, ~set.words.1, ~set.words.2, ~set.words.3) }
                set.words.0 &= ~(UInt64(1) << UInt64(slash))
                out.append(.byte(set))
                i = close + 1
            case UInt8(ascii: "{"):
                groups.append((out.count, []))
                out.append(.open(branches: []))
                i += 1
            case UInt8(ascii: ",") where !groups.isEmpty:
                groups[groups.count - 1].separators.append(out.count)
                out.append(.separator(close: 0))
                i += 1
            case UInt8(ascii: "}") where !groups.isEmpty:
                let group = groups.removeLast()
                let close = out.count
                out.append(.close)
                out[group.open] = .open(branches: [group.open + 1] + group.separators.map { $0 + 1 })
                for s in group.separators { out[s] = .separator(close: close) }
                i += 1
            default:
                out.append(.byte(.single(c)))
                i += 1
            }
        }
        guard groups.isEmpty else { throw Error.unclosedBrace(original) }
        return out
    }

    /// Whether nothing follows position `i` once the groups it is in end: only `,…}` (the rest of a branch's
    /// group) and `}`. A `**` there is trailing in every alternative the groups spell.
    static func continuationIsEmpty(_ p: [UInt8], from start: Int, depth: Int) -> Bool {
        var i = start, depth = depth
        while i < p.count {
            if p[i] == UInt8(ascii: "}") && depth > 0 {
                depth -= 1
                i += 1
            } else if p[i] == UInt8(ascii: ",") && depth > 0 {
                // Skip the group's other branches, to its `}`.
                var nested = 0
                i += 1
                while i < p.count {
                    if p[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if p[i] == UInt8(ascii: "{") { nested += 1 }
                    if p[i] == UInt8(ascii: "}") {
                        if nested == 0 { break }
                        nested -= 1
                    }
                    i += 1
                }
            } else {
                return false
            }
        }
        return true
    }

    public func matches(_ path: String) -> Bool {
        let n = tokens.count
        // States 0…n: before token i (n accepts); n+1+i: inside token i's `.*/` when it is `segments`.
        var current = [Bool](repeating: false, count: 2 * n + 1)
        var next = current
        current[0] = true
        close(&current)
        for b in path.utf8 {
            for i in next.indices { next[i] = false }
            var any = false
            for i in 0..<n where current[i] {
                switch tokens[i] {
                case .byte(let set): if set.contains(b) { next[i + 1] = true; any = true }
                case .star: if b != Glob.slash { next[i] = true; any = true }
                case .everything: next[i] = true; any = true
                default: break
                }
            }
            for i in 0..<n where current[n + 1 + i] {
                next[n + 1 + i] = true
                if b == Glob.slash { next[i + 1] = true }
                any = true
            }
            guard any else { return false }
            swap(&current, &next)
            close(&current)
        }
        return current[n]
    }

    /// Adds what ε-edges reach. They all point to later tokens (or a token's own inner state), so one sweep in
    /// token order reaches every state.
    private func close(_ states: inout [Bool]) {
        let n = tokens.count
        for i in 0..<n where states[i] {
            switch tokens[i] {
            case .star, .everything, .close: states[i + 1] = true
            case .segments:
                states[i + 1] = true
                states[n + 1 + i] = true
            case .open(let branches): for b in branches { states[b] = true }
            case .separator(let close): states[close] = true
            case .byte: break
            }
        }
    }
}
