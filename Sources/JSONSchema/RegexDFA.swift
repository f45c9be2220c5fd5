/// A deterministic automaton for a pattern's unanchored search over ASCII text, built once for a pattern that is
/// searched repeatedly (see `ECMARegex`). Why: the validator runs `pattern` on every string of every event; simulating the NFA costs a state-set
/// walk per character (and an array of the string's scalars), while a DFA costs one table load per byte, read
/// straight from the string's UTF-8. Its states are exactly the subschema checker's `PatternTracker`s (live NFA
/// states, `$` waiting for the end), so both read a pattern the same way.
///
/// Only built for patterns without word boundaries (`\b` looks at the next character, which a byte-at-a-time
/// automaton has not seen), within `maxStates` states and a bounded amount of construction work; a string with a
/// byte past ASCII, or an empty one, is left to the NFA (`matches` answers nil).
public struct RegexDFA: Sendable {
    /// ASCII byte → its class (bytes no pattern set tells apart share one).
    let classOf: [UInt8]
    let classCount: Int
    /// `state * classCount + class` → next state, or `matched` once a match has completed (any continuation
    /// then matches too: the search is unanchored).
    let table: [Int32]
    /// Whether the input ending in this state is a match (a pending `$`, or an empty match at the end).
    let acceptsAtEnd: [Bool]
    /// The state before the first byte, or `matched` when the pattern matches the empty prefix.
    let start: Int32

    static let matched: Int32 = -1
    public static let maxStates = 512
    /// NFA-state visits allowed while building (closures are linear in the NFA's size).
    static let maxWork = 4_000_000

    init?(_ nfa: RegexNFA) {
        guard !StringLanguages.hasWordBoundary(nfa), nfa.ops.count <= 4_000 else { return nil }
        // Classes: ASCII bytes with the same membership in every set.
        var signatures: [[Bool]: UInt8] = [:]
        var classOf = [UInt8](repeating: 0, count: 128)
        var representatives: [UInt32] = []
        for byte in 0..<128 {
            let signature = nfa.sets.map { $0.contains(UInt32(byte)) }
            if let c = signatures[signature] {
                classOf[byte] = c
            } else {
                let c = UInt8(representatives.count)
                signatures[signature] = c
                representatives.append(UInt32(byte))
                classOf[byte] = c
            }
        }
        let classCount = representatives.count
        var work = 0
        var ids: [PatternTracker: Int32] = [:]
        var trackers: [PatternTracker] = []
        var table: [Int32] = []
        var acceptsAtEnd: [Bool] = []
        func id(_ t: PatternTracker) -> Int32? {
            if t.matched { return RegexDFA.matched }
            if let known = ids[t] { return known }
            guard trackers.count < RegexDFA.maxStates else { return nil }
            let new = Int32(trackers.count)
            ids[t] = new
            trackers.append(t)
            return new
        }
        guard let start = id(StringLanguages.initial(nfa)) else { return nil }
        var next = 0
        while next < trackers.count {
            let t = trackers[next]
            for representative in representatives {
                work += nfa.ops.count
                guard work <= RegexDFA.maxWork, let target = id(StringLanguages.step(nfa, t, representative)) else { return nil }
                table.append(target)
            }
            acceptsAtEnd.append(StringLanguages.accepts(nfa, t, atStart: false))
            next += 1
        }
        self.classOf = classOf
        self.classCount = classCount
        self.table = table
        self.acceptsAtEnd = acceptsAtEnd
        self.start = start
    }

    /// Does the pattern match somewhere in `text` (UTF-8)? Nil when the text is empty or not ASCII up to the
    /// point a match is certain: the NFA decides those.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        if start == RegexDFA.matched { return true }
        guard !text.isEmpty else { return nil }
        return classOf.withUnsafeBufferPointer { classes in
            table.withUnsafeBufferPointer { table in
                var state = Int(start)
                for byte in text {
                    guard byte < 0x80 else { return nil }
                    let target = table[state &* classCount &+ Int(classes[Int(byte)])]
                    if target < 0 { return true }
                    state = Int(target)
                }
                return acceptsAtEnd[state]
            }
        }
    }
}
