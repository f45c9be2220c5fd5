import JSONSyntax

/// Exact decisions for the scalar kinds (null, boolean, numbers, strings) whatever the boolean structure
/// of the schemas: `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`, `enum`/`const` and `$ref` on
/// either side. This is the paper's canonical form for the types whose languages are closed under union,
/// intersection and complement: there a union in the second schema (or a `not` in either) is decided
/// exactly rather than branch by branch.
///
/// - Numbers: the validator's answer for a number depends only on which segment of the line it lies in
///   (cut at every bound and listed value of both schemas) and on which `multipleOf`s it is a multiple
///   of (integers being the multiples of 1). One number per realisable (segment, divisibility) class is
///   enough, so the search enumerates those representatives and asks the validator.
/// - Strings: every keyword that applies to strings is a regular language (patterns, lengths, listed
///   values), so the schemas become boolean formulas over automata; the product of the automata is
///   explored breadth-first and the first string meeting the formula is the (shortest) witness.
///   A known `format` is not regular: such schemas are left to the syntactic comparison.
extension SubschemaChecker {
    enum ScalarSearch {
        /// A value of the kind valid under every `all` conjunction and under none of the `none` ones.
        case found(JSONValue)
        /// Exactly: no such value exists.
        case empty
        case unsupported(String)
    }

    static let scalarKinds: [Kind] = [.boolean, .fraction, .integer, .null, .string]

    /// A value of `kind` valid under every conjunction in `all` and invalid under every one in `none`.
    func scalarSearch(_ kind: Kind, all: [[Ref]], none: [[Ref]]) -> ScalarSearch {
        func fits(_ v: JSONValue) -> Bool {
            all.allSatisfy { valid(v, $0) } && none.allSatisfy { !valid(v, $0) }
        }
        switch kind {
        case .null:
            return fits(.null) ? .found(.null) : .empty
        case .boolean:
            for v in [JSONValue.bool(false), .bool(true)] where fits(v) { return .found(v) }
            return .empty
        case .integer, .fraction:
            return numberSearch(integer: kind == .integer, roots: all.flatMap { $0 } + none.flatMap { $0 }, fits: fits)
        case .string:
            return stringSearch(all: all, none: none)
        case .array, .object:
            return .unsupported("not a scalar kind")
        }
    }

    /// Nodes that bear on a value of any kind through the combinators (not through properties or items).
    func combinatorClosure(_ roots: [Ref]) -> [Ref]? {
        var seen = Set<Ref>()
        var order: [Ref] = []
        var work = roots
        while let r = work.popLast() {
            guard seen.insert(r).inserted else { continue }
            let n = schema(r.side)[r.node]
            if n.unresolvedRef != nil { return nil }
            order.append(r)
            func add(_ i: Int?) { if let i { work.append(Ref(side: r.side, node: i)) } }
            add(n.ref)
            n.allOf.forEach(add)
            n.anyOf.forEach(add)
            n.oneOf.forEach(add)
            add(n.not)
            add(n.ifSchema)
            add(n.thenSchema)
            add(n.elseSchema)
        }
        return order
    }

    // MARK: Numbers

    func numberSearch(integer: Bool, roots: [Ref], fits: (JSONValue) -> Bool) -> ScalarSearch {
        guard let nodes = combinatorClosure(roots) else { return .unsupported("an unresolved $ref") }
        var points: [JSONNumber] = []
        var moduli: [JSONNumber] = [JSONNumber(1)]
        for r in nodes {
            let n = schema(r.side)[r.node]
            points += [n.minimum, n.maximum, n.exclusiveMinimum, n.exclusiveMaximum].compactMap { $0 }
            for case .number(let v) in (n.enumValues ?? []) + (n.constValue.map { [$0] } ?? []) { points.append(v) }
            if let m = n.multipleOf, !m.isZero, !m.isNegative { moduli.append(m) }
        }
        // Scale so that every point and modulus is a whole multiple of 10: then X ≡ 5 (mod 10) is a
        // number between neighbours that is a multiple of nothing.
        let scale = (points + moduli).map { max(0, $0.digits.count - $0.exponent) }.max()! + 1
        var cutSet = Set<Int128>()
        var moduliSet = Set<Int128>()
        for p in points {
            guard let x = ScaledNumber(p, scale: scale) else { return .unsupported("numbers too large to compare exactly") }
            cutSet.insert(x.value)
        }
        for m in moduli {
            guard let x = ScaledNumber(m, scale: scale) else { return .unsupported("numbers too large to compare exactly") }
            moduliSet.insert(x.value)
        }
        guard moduliSet.count <= 6 else { return .unsupported("more than 5 different multipleOf values") }
        let scaledModuli = moduliSet.sorted()
        let sortedCuts = cutSet.sorted()
        let one = ScaledNumber.pow10(scale)
        let integerBit = 1 << scaledModuli.firstIndex(of: one)!
        // lcm of each subset of the moduli: the multiples of exactly that subset live among its multiples.
        var subsets: [(mask: Int, lcm: Int128)] = []
        for mask in 1..<(1 << scaledModuli.count) where (mask & integerBit != 0) == integer {
            var l: Int128 = 1
            for (i, m) in scaledModuli.enumerated() where mask & (1 << i) != 0 {
                guard let next = ScaledNumber.lcm(l, m) else { return .unsupported("multipleOf values whose common multiple is too large") }
                l = next
            }
            subsets.append((mask, l))
        }
        var period: Int128 = 1
        for m in scaledModuli {
            guard let next = ScaledNumber.lcm(period, m) else { return .unsupported("multipleOf values whose common multiple is too large") }
            period = next
        }
        func pattern(_ x: Int128) -> Int {
            var mask = 0
            for (i, m) in scaledModuli.enumerated() where x % m == 0 { mask |= 1 << i }
            return mask
        }
        let draft04 = a.draft == .draft4 || b.draft == .draft4
        var attempts = 0
        func attempt(_ x: Int128) -> JSONValue? {
            attempts += 1
            let isInteger = x % one == 0
            guard isInteger == integer else { return nil }
            let n = ScaledNumber.number(x, scale: scale)
            if fits(.number(n)) { return .number(n) }
            // Draft-04 tells 1.0 (a number) from 1 (an integer).
            if draft04 && isInteger, let spelled = JSONNumber(n.text + ".0"), fits(.number(spelled)) { return .number(spelled) }
            return nil
        }
        // Cut points themselves.
        for c in sortedCuts { if let v = attempt(c) { return .found(v) } }
        // Open segments between cuts (and the two unbounded ones).
        let bounds: [Int128?] = [nil] + sortedCuts.map { Optional($0) } + [nil]
        for i in 0..<(bounds.count - 1) {
            let lo = bounds[i], hi = bounds[i + 1]
            // A multiple of nothing: not an integer either.
            if !integer {
                let x = lo.map { $0 + 5 } ?? hi.map { $0 - 5 } ?? 5
                if let v = attempt(x) { return .found(v) }
            }
            for (mask, step) in subsets {
                // Multiples of the subset's lcm in the segment, nearest the finite end first, until one
                // is a multiple of exactly that subset or every residue modulo the period was seen.
                let limit = min(period / step, 4_096)
                var x: Int128
                var direction: Int128 = 1
                if let lo {
                    x = ScaledNumber.floorDiv(lo, step) * step + step
                } else if let hi {
                    x = ScaledNumber.ceilDiv(hi, step) * step - step
                    direction = -1
                } else {
                    x = step
                }
                var k: Int128 = 0
                while k < limit {
                    attempts += 1
                    if attempts > 100_000 { return .unsupported("too many number classes to enumerate") }
                    if let lo, x <= lo { break }
                    if let hi, x >= hi { break }
                    if pattern(x) == mask {
                        if let v = attempt(x) { return .found(v) }
                        break
                    }
                    x += direction * step
                    k += 1
                }
                if k == 4_096 && period / step > 4_096 { return .unsupported("too many multipleOf classes to enumerate") }
            }
        }
        return .empty
    }

    // MARK: Strings

    func stringSearch(all: [[Ref]], none: [[Ref]]) -> ScalarSearch {
        var table = StringAtomTable()
        var parts: [Int] = []
        do {
            var visiting = Set<Ref>()
            for conj in all {
                parts.append(try table.add(.and(try conj.map { try stringFormula($0, &table, &visiting) })))
            }
            for conj in none {
                parts.append(try table.add(.not(try table.add(.and(try conj.map { try stringFormula($0, &table, &visiting) })))))
            }
            parts = [try table.add(.and(parts))]
        } catch let e as Undecided {
            return .unsupported(e.description)
        } catch {
            return .unsupported("\(error)")
        }
        guard budget.remaining > 0 else { return .unsupported("the work bound of this check was reached") }
        // Charged what it explored, as string inclusions are: a search of a few states costs a few units, not a
        // quarter of what is left (which ran the bound out after a dozen searches of one-state products).
        var explored = 0
        defer { budget.remaining -= max(1, explored) }
        switch table.search(parts[0], maxStates: min(budget.remaining, StringLanguages.maxStates), explored: &explored) {
        case .member(let s): return .found(.string(s))
        case .empty: return .empty
        case .unknown(let why): return .unsupported(why)
        }
    }

    /// What a node says about strings, as a formula over the table's atoms: the id of its formula node.
    /// A subschema shared by several combinators is one formula node, however often it is referenced.
    func stringFormula(_ r: Ref, _ table: inout StringAtomTable, _ visiting: inout Set<Ref>) throws -> Int {
        if let known = table.byRef[r] { return known }
        let n = schema(r.side)[r.node]
        if let b = n.boolean { return try table.add(.constant(b)) }
        if let u = n.unresolvedRef { throw Undecided(description: "unresolved $ref '\(u)'") }
        guard visiting.insert(r).inserted else { throw Undecided(description: "recursive schemas are not compared") }
        defer { visiting.remove(r) }
        func sub(_ i: Int) throws -> Int { try stringFormula(Ref(side: r.side, node: i), &table, &visiting) }
        var parts: [Int] = []
        if let t = n.ref { parts.append(try sub(t)) }
        if let types = n.types, !types.contains("string") { return try table.add(.constant(false)) }
        if let values = n.enumValues {
            let strings = values.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            parts.append(strings.isEmpty ? try table.add(.constant(false)) : try table.literals(strings))
        }
        if let c = n.constValue {
            guard case .string(let s) = c else { return try table.add(.constant(false)) }
            parts.append(try table.literals([s]))
        }
        if let m = n.minLength, m > 0 { parts.append(try table.length(atLeast: m)) }
        if let m = n.maxLength { parts.append(try table.add(.not(try table.length(atLeast: m + 1)))) }
        if let p = n.pattern { parts.append(try table.pattern(p)) }
        if let f = n.format, let language = FormatLanguages.regex(for: f) {
            parts.append(try table.pattern(language))
        } else if let f = n.format {
            throw Undecided(description: FormatChecker.known.contains(f) ? "format '\(f)' is not a regular language" : "format '\(f)' is not checked by trackspec")
        }
        for i in n.allOf { parts.append(try sub(i)) }
        if !n.anyOf.isEmpty { parts.append(try table.add(.or(try n.anyOf.map(sub)))) }
        if !n.oneOf.isEmpty { parts.append(try table.add(.exactlyOne(try n.oneOf.map(sub)))) }
        if let x = n.not { parts.append(try table.add(.not(try sub(x)))) }
        if let c = n.ifSchema {
            let condition = try sub(c)
            let then = try n.thenSchema.map(sub) ?? table.add(.constant(true))
            let otherwise = try n.elseSchema.map(sub) ?? table.add(.constant(true))
            let unless = try table.add(.not(condition))
            parts.append(try table.add(.or([try table.add(.and([condition, then])), try table.add(.and([unless, otherwise]))])))
        }
        let id = try table.add(.and(parts))
        table.byRef[r] = id
        return id
    }
}

/// A node of a boolean formula over string atoms (patterns, listed values, length thresholds); children
/// are ids of nodes made before it, so one pass in id order evaluates the whole graph.
enum StringFormula {
    case constant(Bool)
    case atom(Int)
    case and([Int])
    case or([Int])
    case exactlyOne([Int])
    case not(Int)
}

/// The atoms of string formulas: automata (patterns, and listed values as anchored literals) and
/// length thresholds ("at least n characters"), explored together.
struct StringAtomTable {
    enum Atom: Hashable {
        case automaton(Int)
        case length(Int)
    }
    var atoms: [Atom] = []
    /// Atom key → formula node of the atom.
    var index: [String: Int] = [:]
    var automata: [RegexNFA] = []
    var formulas: [StringFormula] = []
    var byRef: [SubschemaChecker.Ref: Int] = [:]
    static let maxFormulas = 50_000

    mutating func add(_ f: StringFormula) throws -> Int {
        guard formulas.count < StringAtomTable.maxFormulas else {
            throw SubschemaChecker.Undecided(description: "the schemas' string formulas exceed \(StringAtomTable.maxFormulas) nodes")
        }
        formulas.append(f)
        return formulas.count - 1
    }

    mutating func register(_ key: String, _ atom: Atom) throws -> Int {
        atoms.append(atom)
        let id = try add(.atom(atoms.count - 1))
        index[key] = id
        return id
    }

    /// Every formula node's truth at a state whose atoms have the given truth.
    func evaluate(_ truth: [Bool]) -> [Bool] {
        var value = [Bool](repeating: false, count: formulas.count)
        for (i, f) in formulas.enumerated() {
            switch f {
            case .constant(let b): value[i] = b
            case .atom(let a): value[i] = truth[a]
            case .and(let xs): value[i] = xs.allSatisfy { value[$0] }
            case .or(let xs): value[i] = xs.contains { value[$0] }
            case .exactlyOne(let xs): value[i] = xs.reduce(0) { $0 + (value[$1] ? 1 : 0) } == 1
            case .not(let x): value[i] = !value[x]
            }
        }
        return value
    }

    mutating func pattern(_ p: ECMARegex) throws -> Int {
        let key = "p:" + p.source
        if let i = index[key] { return i }
        guard let nfa = p.nfa else {
            throw SubschemaChecker.Undecided(description: "the pattern /\(p.source)/ uses lookahead or backreferences, which finite automata cannot decide")
        }
        if StringLanguages.hasWordBoundary(nfa) { throw SubschemaChecker.Undecided(description: "word-boundary assertions (\\b) are not compared") }
        automata.append(nfa)
        return try register(key, .automaton(automata.count - 1))
    }

    /// One automaton for a whole list of values (`^(v₁|v₂|…)$`): a 500-value enum is one atom, not 500.
    mutating func literals(_ values: [String]) throws -> Int {
        let sorted = Array(Set(values)).sorted()
        let key = "l:" + sorted.map { "\($0.utf8.count):\($0)" }.joined()
        if let i = index[key] { return i }
        let branches = sorted.map { s in RegexNode.concat(s.unicodeScalars.map { RegexNode.set(ScalarSet([$0.value...$0.value])) }) }
        guard let nfa = RegexNFA(.concat([.start, .alternation(branches), .end])) else {
            throw SubschemaChecker.Undecided(description: "the listed strings are too long for an automaton")
        }
        automata.append(nfa)
        return try register(key, .automaton(automata.count - 1))
    }

    mutating func length(atLeast n: Int) throws -> Int {
        guard n <= 100_000 else { throw SubschemaChecker.Undecided(description: "string lengths above 100,000 are not explored") }
        let key = "n:\(n)"
        if let i = index[key] { return i }
        return try register(key, .length(n))
    }

    struct State: Hashable {
        var trackers: [PatternTracker]
        var length: Int
    }

    /// The shortest string meeting `goal`, `.empty` when the whole product was explored without one.
    func search(_ goal: Int, maxStates: Int) -> StringLanguages.Region {
        var explored = 0
        return search(goal, maxStates: maxStates, explored: &explored)
    }

    /// As above, saying how many states it explored (what the search is charged).
    func search(_ goal: Int, maxStates: Int, explored: inout Int) -> StringLanguages.Region {
        var states = 0
        defer { explored = states }
        let cap = (atoms.compactMap { if case .length(let n) = $0 { return n } else { return nil } }.max() ?? 0) + 1
        let chars = StringLanguages.alphabet(automata)
        let start = State(trackers: automata.map(StringLanguages.initial), length: 0)
        var seen: Set<State> = [start]
        var queue: [(State, [UInt32])] = [(start, [])]
        var head = 0
        while head < queue.count {
            let (state, path) = queue[head]
            head += 1
            let truth = atoms.map { atom -> Bool in
                switch atom {
                case .automaton(let i): return StringLanguages.accepts(automata[i], state.trackers[i], atStart: path.isEmpty)
                case .length(let n): return state.length >= n
                }
            }
            if evaluate(truth)[goal] {
                var s = String.UnicodeScalarView()
                for c in path { if let u = Unicode.Scalar(c) { s.append(u) } }
                return .member(String(s))
            }
            for c in chars {
                let next = State(trackers: zip(automata, state.trackers).map { StringLanguages.step($0, $1, c) }, length: min(state.length + 1, cap))
                if seen.insert(next).inserted {
                    states = seen.count
                    if seen.count > maxStates { return .unknown("the string automata exceed \(maxStates) states") }
                    queue.append((next, path + [c]))
                }
            }
        }
        return .empty
    }
}

/// A decimal scaled by 10^scale to a whole number, for exact segment and divisibility arithmetic.
struct ScaledNumber: Hashable {
    var value: Int128

    static func pow10(_ n: Int) -> Int128 {
        var p: Int128 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// Nil when the scaled value would not fit comfortably (beyond 10^36).
    init?(_ n: JSONNumber, scale: Int) {
        let shift = n.exponent - n.digits.count + scale
        guard shift >= 0, n.digits.count + shift <= 36 else {
            if n.isZero { value = 0; return }
            return nil
        }
        var v: Int128 = 0
        for d in n.digits { v = v * 10 + Int128(d) }
        v *= ScaledNumber.pow10(shift)
        value = n.isNegative ? -v : v
    }

    static func number(_ x: Int128, scale: Int) -> JSONNumber {
        let negative = x < 0
        var digits = String(negative ? -x : x)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var whole = String(digits.dropLast(scale))
        var fraction = String(digits.suffix(scale))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        let text = (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
        return JSONNumber(text)!
    }

    static func gcd(_ a: Int128, _ b: Int128) -> Int128 {
        var (a, b) = (a < 0 ? -a : a, b < 0 ? -b : b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }

    static func lcm(_ a: Int128, _ b: Int128) -> Int128? {
        let (p, overflow) = (a / gcd(a, b)).multipliedReportingOverflow(by: b)
        return overflow || p > pow10(36) ? nil : p
    }

    static func floorDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func ceilDiv(_ a: Int128, _ b: Int128) -> Int128 {
        -floorDiv(-a, b)
    }
}
