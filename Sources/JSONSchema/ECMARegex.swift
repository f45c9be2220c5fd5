import Foundation

/// ECMA-262 regular expressions as JSON Schema's `pattern` means them, not as ICU or PCRE do: `\d` and
/// `\w` are ASCII-only, `$` matches only at the very end (never before a final newline), `.` excludes
/// the four line terminators, and Annex B's web-compatible leniencies (a `{` that starts no quantifier is
/// a literal, unknown escapes stand for themselves) are accepted. Strings are matched as Unicode scalars.
///
/// The parsed form (`RegexNode`) is shared with the subschema checker, which turns it into automata.
public struct ECMARegex: Sendable, Hashable, CustomStringConvertible {
    public let source: String
    public let root: RegexNode
    public let groupCount: Int
    /// The automata, shared by every copy: a pattern is copied each time a schema node hands it out, and one
    /// reference to retain is cheaper than the arrays of two automata.
    private let automata: Automata

    /// The table is built on the pattern's third search, not when it is compiled: `check` compiles every
    /// scenario's schema and most of their patterns are searched once or never, while an event schema's are
    /// searched for every event.
    private final class Automata: @unchecked Sendable {
        let nfa: RegexNFA?
        private let lock = NSLock()
        private var searches = 0
        private var table: RegexDFA??

        init(_ root: RegexNode) { nfa = RegexNFA(root) }

        func dfa(building: Bool) -> RegexDFA? {
            lock.lock()
            defer { lock.unlock() }
            if let table { return table }
            searches += 1
            guard let nfa, building || searches > 2 else { return nil }
            let made = RegexDFA(nfa)
            table = .some(made)
            return made
        }
    }

    /// The linear-time automaton, when the pattern needs no backtracking.
    public var nfa: RegexNFA? { automata.nfa }
    /// The same search as a table over ASCII bytes, when it is small (what the validator runs first).
    var dfa: RegexDFA? { automata.dfa(building: true) }

    public var description: String { source }

    public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        /// Offset (in Unicode scalars) in the pattern.
        public let position: Int
        public var description: String { "\(message) at position \(position)" }
    }

    public init(_ source: String) throws {
        var parser = RegexParser(Array(source.unicodeScalars))
        let root = try parser.parse()
        self.source = source
        self.root = root
        self.groupCount = parser.groupCount
        self.automata = Automata(root)
    }

    /// Whether `source` is a pattern ECMA-262 accepts (the `regex` format), without building its automata.
    public static func isValidSyntax(_ source: String) -> Bool {
        var parser = RegexParser(Array(source.unicodeScalars))
        return (try? parser.parse()) != nil
    }

    public static func == (a: ECMARegex, b: ECMARegex) -> Bool { a.source == b.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    public enum MatchResult: Sendable, Equatable {
        case match, noMatch
        /// The step budget ran out (catastrophic backtracking): no answer rather than a hang.
        case tooExpensive
    }

    /// Unanchored search, as `pattern` asks: does the pattern match anywhere in `string`?
    public func search(_ string: String, budget: Int = 1_000_000) -> MatchResult {
        if let dfa = automata.dfa(building: false), let known = string.utf8.withContiguousStorageIfAvailable({ dfa.matches($0) }) ?? nil {
            return known ? .match : .noMatch
        }
        if let nfa = automata.nfa { return nfa.search(string.unicodeScalars.map(\.value)) ? .match : .noMatch }
        var matcher = RegexMatcher(input: string.unicodeScalars.map(\.value), groups: groupCount, budget: budget)
        for start in 0...matcher.input.count {
            if matcher.match(root, start, { _, _ in true }) { return .match }
            if matcher.exhausted { return .tooExpensive }
            // A pattern anchored at the start cannot match later.
            if case .concat(let parts) = root, case .start = parts.first { break }
            if case .start = root { break }
        }
        return matcher.exhausted ? .tooExpensive : .noMatch
    }

    public var hasBackreferencesOrLookaround: Bool { root.hasBackreferencesOrLookaround }
}

/// A set of code points as sorted, disjoint, inclusive ranges.
public struct ScalarSet: Sendable, Hashable {
    public var ranges: [ClosedRange<UInt32>]

    public init(_ ranges: [ClosedRange<UInt32>] = []) { self.ranges = ScalarSet.normalize(ranges) }

    static func normalize(_ input: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<UInt32>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound &+ 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    public func contains(_ c: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if c < ranges[mid].lowerBound { hi = mid - 1 } else if c > ranges[mid].upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    public func union(_ other: ScalarSet) -> ScalarSet { ScalarSet(ranges + other.ranges) }

    public var inverted: ScalarSet {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = r.upperBound &+ 1
            if r.upperBound == 0x10FFFF { return ScalarSet(out) }
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return ScalarSet(out)
    }

    public static let digits = ScalarSet([0x30...0x39])
    public static let word = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// ECMA-262 WhiteSpace and LineTerminator.
    public static let space = ScalarSet([0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
                                         0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF])
    public static let lineTerminators = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])
    public static let dot = lineTerminators.inverted
    public static let all = ScalarSet([0...0x10FFFF])
}

public indirect enum RegexNode: Sendable, Hashable {
    case empty
    case set(ScalarSet)
    case start, end
    case wordBoundary(negated: Bool)
    case group(RegexNode, capture: Int?)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case backreference(Int)
    case lookahead(RegexNode, negated: Bool)

    var hasBackreferencesOrLookaround: Bool {
        switch self {
        case .backreference, .lookahead: return true
        case .group(let n, _), .repetition(let n, _, _, _): return n.hasBackreferencesOrLookaround
        case .concat(let ns), .alternation(let ns): return ns.contains { $0.hasBackreferencesOrLookaround }
        default: return false
        }
    }
}

struct RegexParser {
    let p: [Unicode.Scalar]
    var i = 0
    var groupCount = 0
    var depth = 0
    var maxBackreference = 0

    init(_ p: [Unicode.Scalar]) { self.p = p }

    func error(_ message: String) -> ECMARegex.SyntaxError { ECMARegex.SyntaxError(message: message, position: i) }

    var atEnd: Bool { i >= p.count }
    var peek: Unicode.Scalar? { i < p.count ? p[i] : nil }

    mutating func parse() throws -> RegexNode {
        let node = try parseAlternation()
        if !atEnd {
            throw error(p[i] == ")" ? "unmatched ')'" : "unexpected '\(p[i])'")
        }
        // Annex B: a "backreference" beyond the group count is an octal/identity escape; we refuse it
        // rather than guess, as a JSON Schema author almost surely meant something else.
        if maxBackreference > groupCount { throw ECMARegex.SyntaxError(message: "backreference \\\(maxBackreference) names a group that does not exist", position: 0) }
        return node
    }

    mutating func parseAlternation() throws -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > 200 { throw error("pattern nests too deeply") }
        var branches = [try parseConcat()]
        while peek == "|" {
            i += 1
            branches.append(try parseConcat())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseConcat() throws -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            var atom = try parseAtom()
            if let quantified = try parseQuantifier(for: atom) { atom = quantified }
            items.append(atom)
        }
        return items.isEmpty ? .empty : (items.count == 1 ? items[0] : .concat(items))
    }

    /// `{n}`, `{n,}`, `{n,m}` when well-formed; nil (and no input consumed) otherwise.
    mutating func braceQuantifier() -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            let start = j
            var v = 0
            while j < p.count, let d = p[j].properties.numericType == .decimal ? Int(String(p[j])) : nil, p[j].isASCII {
                v = min(v * 10 + d, 1_000_000)
                j += 1
            }
            return j > start ? v : nil
        }
        guard let lo = number() else { return nil }
        var hi: Int? = lo
        if j < p.count && p[j] == "," {
            j += 1
            hi = number()
        }
        guard j < p.count && p[j] == "}" else { return nil }
        i = j + 1
        return (lo, hi)
    }

    mutating func parseQuantifier(for atom: RegexNode) throws -> RegexNode? {
        guard let c = peek else { return nil }
        var min = 0, max: Int? = nil
        switch c {
        case "*": i += 1
        case "+": i += 1; min = 1
        case "?": i += 1; max = 1
        case "{":
            guard let (lo, hi) = braceQuantifier() else { return nil }
            if let hi, hi < lo { throw error("numbers out of order in {\(lo),\(hi)} quantifier") }
            min = lo
            max = hi
        default: return nil
        }
        switch atom {
        case .start, .end, .wordBoundary, .lookahead:
            if case .lookahead = atom {} else { throw error("nothing to repeat") }
        default: break
        }
        var greedy = true
        if peek == "?" {
            i += 1
            greedy = false
        }
        if let next = peek, "*+?".unicodeScalars.contains(next) { throw error("nothing to repeat") }
        return .repetition(atom, min: min, max: max, greedy: greedy)
    }

    mutating func parseAtom() throws -> RegexNode {
        let c = p[i]
        switch c {
        case "^": i += 1; return .start
        case "$": i += 1; return .end
        case ".": i += 1; return .set(.dot)
        case "(":
            i += 1
            if peek == "?" {
                guard i + 1 < p.count else { throw error("incomplete group") }
                let kind = p[i + 1]
                if kind == ":" {
                    i += 2
                    let inner = try parseAlternation()
                    try close()
                    return .group(inner, capture: nil)
                }
                if kind == "=" || kind == "!" {
                    i += 2
                    let inner = try parseAlternation()
                    try close()
                    return .lookahead(inner, negated: kind == "!")
                }
                if kind == "<" { throw error("lookbehind and named groups are not supported") }
                throw error("invalid group")
            }
            groupCount += 1
            let index = groupCount
            let inner = try parseAlternation()
            try close()
            return .group(inner, capture: index)
        case ")": throw error("unmatched ')'")
        case "*", "+", "?": throw error("nothing to repeat")
        case "{":
            if braceQuantifier() != nil { throw error("nothing to repeat") }
            i += 1
            return .set(ScalarSet([0x7B...0x7B]))
        case "[": return try parseClass()
        case "\\": return try parseEscape(inClass: false)
        default:
            i += 1
            return .set(ScalarSet([c.value...c.value]))
        }
    }

    mutating func close() throws {
        guard peek == ")" else { throw error("missing ')'") }
        i += 1
    }

    mutating func parseClass() throws -> RegexNode {
        i += 1
        var negated = false
        if peek == "^" {
            negated = true
            i += 1
        }
        var set = ScalarSet()
        var first = true
        while true {
            guard let c = peek else { throw error("missing ']'") }
            if c == "]" && !first || c == "]" && first {
                i += 1
                break
            }
            first = false
            let lowSet = try classAtom()
            if peek == "-", i + 1 < p.count, p[i + 1] != "]" {
                i += 1
                let highSet = try classAtom()
                guard let lo = single(lowSet), let hi = single(highSet) else {
                    // Annex B: a class escape in a range makes '-' a literal.
                    set = set.union(lowSet).union(highSet).union(ScalarSet([0x2D...0x2D]))
                    continue
                }
                guard lo <= hi else { throw error("range out of order in character class") }
                set = set.union(ScalarSet([lo...hi]))
            } else {
                set = set.union(lowSet)
            }
        }
        return .set(negated ? set.inverted : set)
    }

    func single(_ s: ScalarSet) -> UInt32? {
        s.ranges.count == 1 && s.ranges[0].lowerBound == s.ranges[0].upperBound ? s.ranges[0].lowerBound : nil
    }

    mutating func classAtom() throws -> ScalarSet {
        let c = p[i]
        if c == "\\" {
            if case .set(let s) = try parseEscape(inClass: true) { return s }
            throw error("invalid escape in character class")
        }
        i += 1
        return ScalarSet([c.value...c.value])
    }

    mutating func parseEscape(inClass: Bool) throws -> RegexNode {
        i += 1
        guard let c = peek else { throw error("\\ at end of pattern") }
        i += 1
        func lit(_ v: UInt32) -> RegexNode { .set(ScalarSet([v...v])) }
        switch c {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(ScalarSet.space.inverted)
        case "b": return inClass ? lit(0x08) : .wordBoundary(negated: false)
        case "B":
            if inClass { throw error("\\B in a character class") }
            return .wordBoundary(negated: true)
        case "n": return lit(0x0A)
        case "r": return lit(0x0D)
        case "t": return lit(0x09)
        case "v": return lit(0x0B)
        case "f": return lit(0x0C)
        case "0":
            if let n = peek, n.properties.numericType == .decimal, n.isASCII { throw error("octal escapes are not allowed") }
            return lit(0)
        case "c":
            if let n = peek, (n >= "a" && n <= "z") || (n >= "A" && n <= "Z") {
                i += 1
                return lit(n.value % 32)
            }
            return lit(0x5C)
        case "x":
            guard i + 2 <= p.count, let v = hex(i, 2) else { return lit(0x78) }
            i += 2
            return lit(v)
        case "u":
            if peek == "{" {
                // Only meaningful with the u flag; Annex B reads `\u{` as a literal 'u'.
                return lit(0x75)
            }
            guard i + 4 <= p.count, var v = hex(i, 4) else { return lit(0x75) }
            i += 4
            // A surrogate pair written as two escapes is one scalar.
            if v >= 0xD800 && v < 0xDC00, i + 6 <= p.count, p[i] == "\\", p[i + 1] == "u", let low = hex(i + 2, 4), low >= 0xDC00 && low < 0xE000 {
                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            }
            return lit(v)
        case "1"..."9":
            if inClass { throw error("backreference in a character class") }
            var n = Int(c.value - 0x30)
            while let d = peek, d >= "0" && d <= "9" {
                n = min(n * 10 + Int(d.value - 0x30), 100_000)
                i += 1
            }
            maxBackreference = max(maxBackreference, n)
            return .backreference(n)
        default:
            // Identity escape (Annex B allows any non-identifier character, and more).
            return lit(c.value)
        }
    }

    func hex(_ at: Int, _ count: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<count {
            guard at + k < p.count, let h = StringHex.value(p[at + k]) else { return nil }
            v = v << 4 | h
        }
        return v
    }
}

enum StringHex {
    static func value(_ s: Unicode.Scalar) -> UInt32? {
        switch s {
        case "0"..."9": return s.value - 0x30
        case "a"..."f": return s.value - 0x61 + 10
        case "A"..."F": return s.value - 0x41 + 10
        default: return nil
        }
    }
}

/// Backtracking matcher in continuation-passing style, with a step budget so that a pathological
/// pattern costs at most `budget` steps.
struct RegexMatcher {
    let input: [UInt32]
    var captures: [Range<Int>?]
    var steps = 0
    let budget: Int
    var exhausted = false

    init(input: [UInt32], groups: Int, budget: Int) {
        self.input = input
        self.captures = Array(repeating: nil, count: groups + 1)
        self.budget = budget
    }

    func isWord(_ at: Int) -> Bool { at >= 0 && at < input.count && ScalarSet.word.contains(input[at]) }

    mutating func match(_ node: RegexNode, _ pos: Int, _ k: (inout RegexMatcher, Int) -> Bool) -> Bool {
        steps += 1
        if steps > budget {
            exhausted = true
            return false
        }
        switch node {
        case .empty:
            return k(&self, pos)
        case .set(let s):
            guard pos < input.count, s.contains(input[pos]) else { return false }
            return k(&self, pos + 1)
        case .start:
            return pos == 0 && k(&self, pos)
        case .end:
            return pos == input.count && k(&self, pos)
        case .wordBoundary(let negated):
            let boundary = isWord(pos - 1) != isWord(pos)
            return boundary != negated && k(&self, pos)
        case .group(let inner, let capture):
            guard let index = capture else { return match(inner, pos, k) }
            let saved = captures[index]
            if match(inner, pos, { m, end in
                let previous = m.captures[index]
                m.captures[index] = pos..<end
                if k(&m, end) { return true }
                m.captures[index] = previous
                return false
            }) { return true }
            captures[index] = saved
            return false
        case .concat(let items):
            return matchSequence(items, 0, pos, k)
        case .alternation(let branches):
            for b in branches {
                if match(b, pos, k) { return true }
                if exhausted { return false }
            }
            return false
        case .repetition(let inner, let min, let max, let greedy):
            return matchRepeat(inner, min: min, max: max, greedy: greedy, count: 0, pos: pos, lastPos: -1, k)
        case .backreference(let n):
            guard n < captures.count, let r = captures[n] else { return k(&self, pos) }
            let length = r.count
            guard pos + length <= input.count else { return false }
            for j in 0..<length where input[r.lowerBound + j] != input[pos + j] { return false }
            return k(&self, pos + length)
        case .lookahead(let inner, let negated):
            let saved = captures
            let found = match(inner, pos) { _, _ in true }
            if exhausted { return false }
            if negated {
                captures = saved
                return !found && k(&self, pos)
            }
            if !found { return false }
            return k(&self, pos)
        }
    }

    mutating func matchSequence(_ items: [RegexNode], _ index: Int, _ pos: Int, _ k: (inout RegexMatcher, Int) -> Bool) -> Bool {
        if index == items.count { return k(&self, pos) }
        return match(items[index], pos) { m, next in m.matchSequence(items, index + 1, next, k) }
    }

    mutating func matchRepeat(_ inner: RegexNode, min: Int, max: Int?, greedy: Bool, count: Int, pos: Int, lastPos: Int,
                              _ k: (inout RegexMatcher, Int) -> Bool) -> Bool {
        // An iteration that consumed nothing ends the loop (ECMA-262's empty-check), preventing infinite loops.
        if count >= min && pos == lastPos { return false }
        let canStop = count >= min
        let canGo = max.map { count < $0 } ?? true
        if greedy {
            if canGo && match(inner, pos, { m, next in m.matchRepeat(inner, min: min, max: max, greedy: greedy, count: count + 1, pos: next, lastPos: pos, k) }) { return true }
            if exhausted { return false }
            return canStop && k(&self, pos)
        } else {
            if canStop && k(&self, pos) { return true }
            if exhausted { return false }
            return canGo && match(inner, pos) { m, next in m.matchRepeat(inner, min: min, max: max, greedy: greedy, count: count + 1, pos: next, lastPos: pos, k) }
        }
    }
}
