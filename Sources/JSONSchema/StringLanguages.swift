/// String constraints as languages: lengths plus `pattern`s (search semantics). Inclusion L(A) ⊆ L(B) is
/// decided exactly by exploring the product of the patterns' automata breadth-first, which also yields the
/// shortest counterexample string. Bounded: past `maxStates` product states the answer is "unknown".
public struct StringConstraint: Sendable {
    public var minLength = 0
    public var maxLength: Int?
    public var patterns: [ECMARegex] = []

    public init(minLength: Int = 0, maxLength: Int? = nil, patterns: [ECMARegex] = []) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.patterns = patterns
    }
}

public enum StringInclusion: Sendable, Equatable {
    case included
    /// A string in A's language and not in B's.
    case counterexample(String)
    case unknown(String)
}

/// Tracks one pattern's unanchored search over a growing prefix: the live NFA states, and whether a
/// match has already completed (after which any continuation matches).
struct PatternTracker: Hashable {
    var states: [Int]
    var matched: Bool
}

enum StringLanguages {
    static let maxStates = 20_000

    /// ε-closure from `seeds` at a position that is the start (`atStart`) and/or the end (`atEnd`).
    static func closure(_ nfa: RegexNFA, _ seeds: [Int], atStart: Bool, atEnd: Bool) -> (Set<Int>, Bool) {
        var seen = Set<Int>()
        var stack = seeds
        var reached = false
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            switch nfa.ops[s] {
            case .match: reached = true
            case .set: break
            case .split(let a, let b): stack.append(a); stack.append(b)
            case .assertStart(let n): if atStart { stack.append(n) }
            case .assertEnd(let n): if atEnd { stack.append(n) }
            case .wordBoundary: break
            }
        }
        // Keep the states that consume a character and those waiting for the end of input (`$`):
        // `accepts` re-examines the latter once the string is known to end here.
        return (seen.filter {
            switch nfa.ops[$0] {
            case .set, .assertEnd: return true
            default: return false
            }
        }, reached)
    }

    static func initial(_ nfa: RegexNFA) -> PatternTracker {
        let (set, reached) = closure(nfa, [nfa.start], atStart: true, atEnd: false)
        return PatternTracker(states: set.sorted(), matched: reached)
    }

    static func step(_ nfa: RegexNFA, _ t: PatternTracker, _ c: UInt32) -> PatternTracker {
        if t.matched { return t }
        var seeds: [Int] = []
        for s in t.states {
            if case .set(let set, let next) = nfa.ops[s], nfa.sets[set].contains(c) { seeds.append(next) }
        }
        seeds.append(nfa.start)  // unanchored: a match may start at any later position
        let (set, reached) = closure(nfa, seeds, atStart: false, atEnd: false)
        return PatternTracker(states: set.sorted(), matched: reached)
    }

    /// Does the pattern accept the string that brought it to `t`, if it ends here?
    static func accepts(_ nfa: RegexNFA, _ t: PatternTracker, atStart: Bool) -> Bool {
        if t.matched { return true }
        let (_, reached) = closure(nfa, t.states + [nfa.start], atStart: atStart, atEnd: true)
        return reached
    }

    static func hasWordBoundary(_ nfa: RegexNFA) -> Bool {
        nfa.ops.contains { if case .wordBoundary = $0 { return true }; return false }
    }

    /// Representative characters: one per class of characters that no pattern tells apart.
    static func alphabet(_ nfas: [RegexNFA]) -> [UInt32] {
        var cuts: Set<UInt32> = [0, 0x110000]
        for nfa in nfas {
            for s in nfa.sets {
                for r in s.ranges {
                    cuts.insert(r.lowerBound)
                    cuts.insert(r.upperBound + 1)
                }
            }
        }
        let bounds = cuts.sorted()
        var reps: [UInt32] = []
        for i in 0..<(bounds.count - 1) {
            let lo = bounds[i], hi = bounds[i + 1] - 1
            // Prefer a readable character inside the class.
            let preferred: [UInt32] = [0x61, 0x41, 0x30, 0x5F, 0x2D, 0x2E, 0x20, 0x78]
            if let p = preferred.first(where: { $0 >= lo && $0 <= hi }) {
                reps.append(p)
            } else if lo < 0x21 && hi >= 0x21 {
                reps.append(0x21)
            } else if (0xD800...0xDFFF).contains(lo) {
                if hi > 0xDFFF { reps.append(0xE000) }
            } else {
                reps.append(lo)
            }
        }
        return reps
    }

    struct ProductState: Hashable {
        var a: [PatternTracker]
        var b: [PatternTracker]
        var length: Int
    }

    /// Whether every string satisfying `a` satisfies `b`; otherwise the shortest string that does not.
    static func includes(_ a: StringConstraint, in b: StringConstraint, maxStates: Int = maxStates) -> StringInclusion {
        var explored = 0
        return includes(a, in: b, maxStates: maxStates, explored: &explored)
    }

    /// The same, saying how many product states were explored (what the search cost).
    static func includes(_ a: StringConstraint, in b: StringConstraint, maxStates: Int, explored: inout Int) -> StringInclusion {
        let aNFAs = a.patterns.map(\.nfa), bNFAs = b.patterns.map(\.nfa)
        guard !aNFAs.contains(where: { $0 == nil }), !bNFAs.contains(where: { $0 == nil }) else {
            return .unknown("a pattern uses backreferences or lookahead, which have no finite automaton")
        }
        let na = aNFAs.compactMap { $0 }, nb = bNFAs.compactMap { $0 }
        if (na + nb).contains(where: hasWordBoundary) { return .unknown("word-boundary assertions (\\b) are not compared") }
        if let aMax = a.maxLength, aMax < a.minLength { return .included }
        // Lengths only matter up to the largest bound mentioned; beyond it, length is "many".
        let cap = [a.minLength, a.maxLength ?? 0, b.minLength, b.maxLength ?? 0].max()! + 1
        let chars = alphabet(na + nb)
        let start = ProductState(a: na.map(initial), b: nb.map(initial), length: 0)
        var seen: Set<ProductState> = [start]
        defer { explored = seen.count }
        var queue: [(ProductState, [UInt32])] = [(start, [])]
        var head = 0
        while head < queue.count {
            let (state, path) = queue[head]
            head += 1
            let n = state.length
            let atStart = path.isEmpty
            let aLengthOK = n >= a.minLength && (a.maxLength.map { n <= $0 } ?? true)
            if aLengthOK, zip(na, state.a).allSatisfy({ accepts($0, $1, atStart: atStart) }) {
                let bLengthOK = n >= b.minLength && (b.maxLength.map { n <= $0 } ?? true)
                let bOK = bLengthOK && zip(nb, state.b).allSatisfy { accepts($0, $1, atStart: atStart) }
                if !bOK {
                    var s = String.UnicodeScalarView()
                    for c in path { if let u = Unicode.Scalar(c) { s.append(u) } }
                    return .counterexample(String(s))
                }
            }
            if let aMax = a.maxLength, n >= aMax { continue }
            for c in chars {
                let next = ProductState(a: zip(na, state.a).map { step($0, $1, c) }, b: zip(nb, state.b).map { step($0, $1, c) },
                                        length: min(n + 1, cap))
                if seen.insert(next).inserted {
                    if seen.count > maxStates { return .unknown("the string automata exceed \(maxStates) states") }
                    queue.append((next, path + [c]))
                }
            }
        }
        return .included
    }

    /// Some string satisfying the constraint (the shortest), or nil if none exists or the search is too large.
    static func example(_ c: StringConstraint, maxStates: Int = 5_000) -> String? {
        // Inclusion in the empty language (min > max) yields any member as the counterexample.
        let impossible = StringConstraint(minLength: 1, maxLength: 0, patterns: [])
        if case .counterexample(let s) = includes(c, in: impossible, maxStates: maxStates) { return s }
        return nil
    }

    enum Region: Equatable {
        case member(String)
        case empty
        case unknown(String)
    }

    /// A string matched by exactly the patterns marked `wanted` (and by none of the others), not among
    /// `excluding`: a property name standing for every name with the same patternProperties. `.empty` is
    /// exact: the product automaton was explored completely without reaching such a string.
    static func region(_ patterns: [ECMARegex], wanted: [Bool], excluding: Set<String>, maxStates: Int = maxStates) -> Region {
        let nfas = patterns.map(\.nfa)
        guard !nfas.contains(where: { $0 == nil }) else { return .unknown("a pattern uses backreferences or lookahead, which have no finite automaton") }
        let ns = nfas.compactMap { $0 }
        if ns.contains(where: hasWordBoundary) { return .unknown("word-boundary assertions (\\b) are not compared") }
        let chars = alphabet(ns)
        let start = ns.map(initial)
        // Each product state is kept with up to `excluding.count + 1` different strings reaching it: if a
        // state of the region is reached by more strings than are excluded, one of those kept is not
        // excluded; if by fewer, all of them were kept and seen. So `.empty` stays exact.
        let keep = excluding.count + 1
        var visits: [[PatternTracker]: Int] = [start: 1]
        var queue: [([PatternTracker], [UInt32])] = [(start, [])]
        var head = 0
        while head < queue.count {
            let (state, path) = queue[head]
            head += 1
            let vector = zip(ns, state).map { accepts($0, $1, atStart: path.isEmpty) }
            if vector == wanted {
                var s = String.UnicodeScalarView()
                for c in path { if let u = Unicode.Scalar(c) { s.append(u) } }
                let name = String(s)
                if !excluding.contains(name) { return .member(name) }
            }
            for c in chars {
                let next = zip(ns, state).map { step($0, $1, c) }
                let count = visits[next, default: 0]
                if count < keep {
                    visits[next] = count + 1
                    if queue.count > maxStates { return .unknown("the property-name automata exceed \(maxStates) states") }
                    queue.append((next, path + [c]))
                }
            }
        }
        return .empty
    }
}
