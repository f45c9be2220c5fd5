/// Thompson NFA for patterns without backreferences or lookaround: searching is a simulation over state
/// sets, linear in the input whatever the pattern (no catastrophic backtracking). The subschema checker
/// builds its automata from the same construction.
public struct RegexNFA: Sendable {
    public enum Op: Sendable {
        case set(Int, next: Int)
        case split(Int, Int)
        case assertStart(next: Int)
        case assertEnd(next: Int)
        case wordBoundary(negated: Bool, next: Int)
        case match
    }

    public private(set) var ops: [Op] = []
    public private(set) var sets: [ScalarSet] = []
    /// ASCII membership of each set as a 128-bit mask, for the common case.
    private var asciiMasks: [(UInt64, UInt64)] = []
    public private(set) var start = 0
    public static let maxStates = 20_000

    struct TooLarge: Error {}

    /// Nil when the pattern needs backtracking (backreferences, lookahead) or would be too large.
    public init?(_ root: RegexNode) {
        guard !root.hasBackreferencesOrLookaround else { return nil }
        ops.append(.match)
        do { start = try build(root, next: 0) } catch { return nil }
    }

    private mutating func add(_ op: Op) throws -> Int {
        guard ops.count < RegexNFA.maxStates else { throw TooLarge() }
        ops.append(op)
        return ops.count - 1
    }

    private mutating func setIndex(_ s: ScalarSet) -> Int {
        if let i = sets.firstIndex(of: s) { return i }
        sets.append(s)
        var lo: UInt64 = 0, hi: UInt64 = 0
        for r in s.ranges where r.lowerBound < 128 {
            for c in r.lowerBound...min(r.upperBound, 127) {
                if c < 64 { lo |= 1 << UInt64(c) } else { hi |= 1 << UInt64(c - 64) }
            }
        }
        asciiMasks.append((lo, hi))
        return sets.count - 1
    }

    /// Builds states for `node` that continue to `next`; returns the entry state.
    private mutating func build(_ node: RegexNode, next: Int) throws -> Int {
        switch node {
        case .empty: return next
        case .set(let s): return try add(.set(setIndex(s), next: next))
        case .start: return try add(.assertStart(next: next))
        case .end: return try add(.assertEnd(next: next))
        case .wordBoundary(let negated): return try add(.wordBoundary(negated: negated, next: next))
        case .group(let inner, _): return try build(inner, next: next)
        case .concat(let items):
            var entry = next
            for item in items.reversed() { entry = try build(item, next: entry) }
            return entry
        case .alternation(let branches):
            var entries: [Int] = []
            for b in branches { entries.append(try build(b, next: next)) }
            var entry = entries.last!
            for e in entries.dropLast().reversed() { entry = try add(.split(e, entry)) }
            return entry
        case .repetition(let inner, let min, let max, _):
            var tail = next
            if let max {
                guard max - min <= 1_000 else { throw TooLarge() }
                for _ in 0..<(max - min) {
                    let body = try build(inner, next: tail)
                    tail = try add(.split(body, next))
                }
            } else {
                let loop = try add(.match)  // placeholder, patched below
                let body = try build(inner, next: loop)
                ops[loop] = .split(body, next)
                tail = loop
            }
            guard min <= 1_000 else { throw TooLarge() }
            for _ in 0..<min { tail = try build(inner, next: tail) }
            return tail
        case .backreference, .lookahead:
            throw TooLarge()
        }
    }

    @inline(__always)
    func contains(_ set: Int, _ c: UInt32) -> Bool {
        if c < 128 {
            let (lo, hi) = asciiMasks[set]
            return c < 64 ? (lo >> UInt64(c)) & 1 == 1 : (hi >> UInt64(c - 64)) & 1 == 1
        }
        return sets[set].contains(c)
    }

    static func isWord(_ input: [UInt32], _ at: Int) -> Bool {
        at >= 0 && at < input.count && ScalarSet.word.contains(input[at])
    }

    /// Does the pattern match anywhere in `input`?
    public func search(_ input: [UInt32]) -> Bool {
        var current: [Int] = []
        var nextList: [Int] = []
        var mark = [Int](repeating: -1, count: ops.count)
        var stack: [Int] = []
        var stamp = 0
        // Adds the ε-closure of `state` at position `pos`; true when it reaches the match state.
        func close(_ state: Int, _ pos: Int, into list: inout [Int]) -> Bool {
            stack.append(state)
            while let s = stack.popLast() {
                if mark[s] == stamp { continue }
                mark[s] = stamp
                switch ops[s] {
                case .match:
                    stack.removeAll(keepingCapacity: true)
                    return true
                case .set:
                    list.append(s)
                case .split(let a, let b):
                    stack.append(b)
                    stack.append(a)
                case .assertStart(let n):
                    if pos == 0 { stack.append(n) }
                case .assertEnd(let n):
                    if pos == input.count { stack.append(n) }
                case .wordBoundary(let negated, let n):
                    if (RegexNFA.isWord(input, pos - 1) != RegexNFA.isWord(input, pos)) != negated { stack.append(n) }
                }
            }
            return false
        }
        stamp = 0
        if close(start, 0, into: &current) { return true }
        for pos in 0..<input.count {
            let c = input[pos]
            stamp += 1
            nextList.removeAll(keepingCapacity: true)
            for s in current {
                if case .set(let set, let n) = ops[s], contains(set, c) {
                    if close(n, pos + 1, into: &nextList) { return true }
                }
            }
            // Unanchored search: a match may also start at the next position.
            if close(start, pos + 1, into: &nextList) { return true }
            swap(&current, &nextList)
        }
        return false
    }
}
