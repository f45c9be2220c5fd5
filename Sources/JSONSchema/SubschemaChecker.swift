import JSONSyntax

/// The answer to "is every instance valid under A also valid under B?".
public enum SubschemaResult: Sendable, Equatable {
    case compatible
    /// `witness` is valid under A and invalid under B (checked with the validator before it is returned).
    case incompatible(witness: JSONValue, reason: String, pathInA: JSONPointer, pathInB: JSONPointer)
    case undecidable(reason: String, path: JSONPointer)
}

/// Decides A ⊆ B for JSON Schemas, after Habib, Shinnar and Pradel (ISSTA 2021): schemas are flattened
/// per JSON type (`allOf` merged, `anyOf`/`oneOf` in A split into cases), then compared type by type —
/// numbers as intervals with exact `multipleOf`, strings as automata, arrays and objects position by
/// position and property by property.
///
/// Soundness first: "compatible" is only answered when every rule used is exact; "incompatible" only with
/// a witness the validator confirms (valid under A, invalid under B); everything else is "undecidable" with
/// the reason. Finite cases (enums, booleans, null) are decided by enumeration.
public struct SubschemaChecker {
    public let a: CompiledSchema
    public let b: CompiledSchema
    let validatorA: Validator
    let validatorB: Validator
    public var maxDepth = 24
    /// Work budget for one check (automaton states explored): past it the answer is "undecidable",
    /// so hostile patterns cost a bounded time.
    final class Budget: @unchecked Sendable {
        var remaining: Int
        /// Results per (A conjunction, B conjunction): the same pair recurs under many paths.
        var memo: [PairKey: (Verdict, JSONPointer)] = [:]
        /// Pairs being decided, with the instance depth (path length) they were entered at.
        var inProgress: [PairKey: Int] = [:]
        /// Pairs assumed to hold while being decided (coinduction), and the memo entries in insertion order:
        /// when an assumed pair turns out not to hold, what was concluded from the assumption is forgotten.
        var assumed = Set<PairKey>()
        var memoLog: [PairKey] = []
        /// Example values per (conjunction, kinds): a 32,724-row array is built and validated once, not at
        /// every level that needs an example of its parent.
        var examples: [ExampleKey: JSONValue?] = [:]
        /// Per node: the kinds it may take, and those it takes whole (see SubschemaChecker+Kinds).
        var possibleKinds: [Ref: Set<Kind>] = [:]
        var universalKinds: [Ref: Set<Kind>] = [:]
        /// JSON nodes validated so far (a candidate's size times the schemas it is checked against). Schemas
        /// that ask for 32,724 rows of 105 columns make every candidate 3.4 million nodes: a fuzzed variant
        /// validated a hundred of them (minutes). Past `maxValidatedNodes` the work bound is spent.
        var validatedNodes = 0
        /// The array and object shapes being built, one inside the other: a recursive schema (`items: {$ref: "#"}`,
        /// a required property of its own type) would otherwise build forever. A shape is not built inside
        /// itself (the smaller example, an empty array or an object without the property, is the one to find).
        var building: [[Ref]] = []
        /// String inclusions decided, per pair of constraints: a narrowing of 1,000 properties that share one pattern
        /// and one length bound builds and explores their automata once, not 1,000 times.
        var stringInclusions: [[StringConstraintKey]: StringInclusion] = [:]
        /// A string each constraint allows, found once per constraint.
        var stringExamples: [StringConstraintKey: String] = [:]
        /// Flattened single nodes: per-property mode asks about A's root once per property of B (#40).
        var shapes: [Ref: Shape] = [:]
        init(_ n: Int) { remaining = n }
    }

    /// A string constraint as the automata see it: lengths and pattern sources.
    struct StringConstraintKey: Hashable {
        var min: Int, max: Int?, patterns: [String]
        init(_ c: StringConstraint) { (min, max, patterns) = (c.minLength, c.maxLength, c.patterns.map(\.source)) }
    }

    /// Enough for a few dozen validations of the largest legitimate witnesses (jsonsubschema's 3.4-million-value
    /// dataset arrays), far from minutes.
    static let maxValidatedNodes = 40_000_000
    /// The largest example value built (jsonsubschema's dataset pairs need 32,724 × 105 = 3.4 million).
    static let maxExampleNodes = 4_000_000

    /// The number of JSON values in `v`, itself included.
    static func size(_ v: JSONValue) -> Int {
        switch v {
        case .array(let items): return items.reduce(1) { $0 + size($1) }
        case .object(let object): return object.keys.reduce(1) { $0 + (object[$1].map(size) ?? 0) }
        default: return 1
        }
    }

    struct ExampleKey: Hashable {
        var refs: [Ref]
        var kinds: Set<Kind>
    }

    struct PairKey: Hashable {
        var a: [Ref]
        var b: [Ref]
        var kinds: Set<Kind>
    }
    let budget: Budget

    /// The work bound grows with the schemas (60,000 plus 500 per schema node): straightforward large schemas
    /// are decided, and a hostile one still ends in time linear in its size.
    public init(_ a: CompiledSchema, _ b: CompiledSchema, stateBudget: Int? = nil) {
        self.a = a
        self.b = b
        self.budget = Budget(stateBudget ?? 60_000 + 500 * (a.nodes.count + b.nodes.count))
        self.validatorA = Validator(a)
        self.validatorB = Validator(b)
    }

    /// A reference to a node of A (`side == .a`) or B.
    struct Ref: Hashable {
        enum Side { case a, b }
        var side: Side
        var node: Int
    }

    enum Verdict {
        case yes
        case no(JSONValue, String)
        case unknown(String)

        var holds: Bool {
            if case .yes = self { return true }
            return false
        }

        var isUnknown: Bool {
            if case .unknown = self { return true }
            return false
        }
    }

    public func check() -> SubschemaResult { check(bRoot: b.root) }

    /// A ⊆ the subschema of B at node `bRoot` (per-property mode: each unit is a node of one combined B).
    func check(bRoot: Int) -> SubschemaResult {
        let verdict = subsumes([Ref(side: .a, node: a.root)], [Ref(side: .b, node: bRoot)], depth: 0, path: [])
        switch verdict.0 {
        case .yes:
            return .compatible
        case .no(let witness, let reason):
            // The witness must be confirmed against the whole schemas; otherwise we say nothing definite.
            let rejected: (JSONValue) -> Bool = { !self.validatorB.isValid($0, against: bRoot) }
            if validatorA.isValid(witness) && rejected(witness) {
                var shown = witness
                if let nicer = plausible(witness), validatorA.isValid(nicer), rejected(nicer) { shown = nicer }
                return .incompatible(witness: shown, reason: reason, pathInA: verdict.1, pathInB: verdict.1)
            }
            return .undecidable(reason: "a candidate counterexample did not hold up (\(reason))", path: verdict.1)
        case .unknown(let reason):
            return .undecidable(reason: reason, path: verdict.1)
        }
    }

    /// The witness with the dates of year 0000 the automata find first (the shortest, smallest strings: RFC 3339 allows
    /// them) moved to year 2000, which keeps every day, leap days too: validators built on a calendar library (Python's
    /// `date.fromisoformat`) reject year 0. Nil when there is none; the caller keeps it only where it still separates.
    func plausible(_ v: JSONValue) -> JSONValue? {
        var changed = false
        func walk(_ v: JSONValue) -> JSONValue {
            switch v {
            case .string(let s) where s.hasPrefix("0000-") && s.utf8.count >= 10:
                changed = true
                return .string("2000" + s.dropFirst(4))
            case .array(let items): return .array(items.map(walk))
            case .object(var o):
                for k in o.keys { o[k] = walk(o[k]!) }
                return .object(o)
            default: return v
            }
        }
        let out = walk(v)
        return changed ? out : nil
    }

    /// An instance both A and B accept, confirmed by both validators; nil when none was found (which proves
    /// nothing: the search is bounded). SchemaVer asks it: a change that keeps some old events valid is a
    /// REVISION, one that keeps none a MODEL.
    public func commonExample() -> JSONValue? {
        guard let v = example(flatten([Ref(side: .a, node: a.root), Ref(side: .b, node: b.root)]), Set(Kind.allCases)),
              validatorA.isValid(v), validatorB.isValid(v) else { return nil }
        return v
    }

    // MARK: Conjunctions

    func schema(_ side: Ref.Side) -> CompiledSchema { side == .a ? a : b }

    /// Is `v` valid under every schema of the conjunction?
    /// Always answered exactly; a large value also spends the validation allowance, after which the work
    /// bound is reached (every search stops, and nothing unproven is claimed).
    func valid(_ v: JSONValue, _ refs: [Ref]) -> Bool {
        switch v {
        case .array, .object: charge(v, refs.count)
        default: break
        }
        return refs.allSatisfy { ($0.side == .a ? validatorA : validatorB).isValid(v, against: $0.node) }
    }

    func charge(_ v: JSONValue, _ times: Int) {
        budget.validatedNodes += SubschemaChecker.size(v) * times
        if budget.validatedNodes > SubschemaChecker.maxValidatedNodes { budget.remaining = 0 }
    }

    enum Kind: CaseIterable {
        case null, boolean, integer, fraction, string, array, object
        /// Kinds in name order: the order answers are searched in, so witnesses are stable.
        static let byName: [Kind] = [.array, .boolean, .fraction, .integer, .null, .object, .string]
    }

    static func kind(of value: JSONValue) -> Kind {
        switch value {
        case .null: return .null
        case .bool: return .boolean
        case .number(let n): return n.isInteger ? .integer : .fraction
        case .string: return .string
        case .array: return .array
        case .object: return .object
        }
    }

    static func kinds(of types: [String]) -> Set<Kind> {
        var out = Set<Kind>()
        for t in types {
            switch t {
            case "null": out.insert(.null)
            case "boolean": out.insert(.boolean)
            case "integer": out.insert(.integer)
            case "number": out.formUnion([.integer, .fraction])
            case "string": out.insert(.string)
            case "array": out.insert(.array)
            case "object": out.insert(.object)
            default: break
            }
        }
        return out
    }

    /// A conjunction flattened: keyword constraints merged, combinators kept aside.
    struct Shape {
        var refs: [Ref] = []
        var isFalse = false
        var kinds = Set(Kind.allCases)
        var enumValues: [JSONValue]?
        var lower: (JSONNumber, Bool)?
        var upper: (JSONNumber, Bool)?
        var multiples: [JSONNumber] = []
        var string = StringConstraint()
        var formats: [String] = []
        /// What trackspec does not check (a custom `format`, `contentMediaType`, `contentEncoding`), described:
        /// a validator that asserts them may reject what ours accepts.
        var uncheckedFormats: [String] = []
        var minItems = 0
        var maxItems: Int?
        var unique = false
        var tuple: [[Ref]] = []
        var rest: [Ref] = []
        var contains: [Ref] = []
        var properties: [String: [Ref]] = [:]
        var patternProperties: [(ECMARegex, Ref)] = []
        var additional: [Ref] = []
        var additionalFalse = false
        var required = Set<String>()
        var minProperties = 0
        var maxProperties: Int?
        var hasDependencies = false
        var propertyNames: [Ref] = []
        var anyOfs: [[Ref]] = []
        var oneOfs: [[Ref]] = []
        var nots: [Ref] = []
        var conditionals = false
        var unresolved: String?
    }

    func flatten(_ refs: [Ref]) -> Shape {
        if refs.count == 1, let known = budget.shapes[refs[0]] { return known }
        let shape = computeFlatten(refs)
        if refs.count == 1 { budget.shapes[refs[0]] = shape }
        return shape
    }

    func computeFlatten(_ refs: [Ref]) -> Shape {
        var shape = Shape()
        var work = refs
        var seen = Set<Ref>()
        var tupleLength = 0
        var pendingNots: [(Ref, Set<Kind>)] = []
        while let r = work.popLast() {
            guard seen.insert(r).inserted else { continue }
            let n = schema(r.side)[r.node]
            func ref(_ i: Int) -> Ref { Ref(side: r.side, node: i) }
            if let bool = n.boolean {
                if !bool { shape.isFalse = true }
                continue
            }
            if let target = n.ref {
                work.append(ref(target))
                continue
            }
            if let u = n.unresolvedRef { shape.unresolved = u }
            shape.refs.append(r)
            if let t = n.types { shape.kinds.formIntersection(SubschemaChecker.kinds(of: t)) }
            if let e = n.enumValues { shape.enumValues = shape.enumValues.map { prior in prior.filter { e.contains($0) } } ?? e }
            if let c = n.constValue { shape.enumValues = shape.enumValues.map { $0.filter { $0 == c } } ?? [c] }
            if let m = n.minimum { tighten(&shape.lower, (m, false), lower: true) }
            if let m = n.exclusiveMinimum { tighten(&shape.lower, (m, true), lower: true) }
            if let m = n.maximum { tighten(&shape.upper, (m, false), lower: false) }
            if let m = n.exclusiveMaximum { tighten(&shape.upper, (m, true), lower: false) }
            if let m = n.multipleOf { shape.multiples.append(m) }
            if let m = n.minLength { shape.string.minLength = max(shape.string.minLength, m) }
            if let m = n.maxLength { shape.string.maxLength = min(shape.string.maxLength ?? m, m) }
            if let p = n.pattern { shape.string.patterns.append(p) }
            if let f = n.format {
                // A regular format is its automaton, compared like a pattern (#41); others by name.
                if let language = FormatLanguages.regex(for: f) {
                    shape.string.patterns.append(language)
                } else if FormatChecker.known.contains(f) { shape.formats.append(f) } else { shape.uncheckedFormats.append("format '\(f)'") }
            }
            // contentMediaType/contentEncoding: annotations in draft-07 (validation §8), as the validator reads them
            // too; `compat` says where they are (CompiledSchema.contentAnnotations).
            if let m = n.minItems { shape.minItems = max(shape.minItems, m) }
            if let m = n.maxItems { shape.maxItems = min(shape.maxItems ?? m, m) }
            if n.uniqueItems { shape.unique = true }
            if let tuple = n.tupleItems {
                // Positions beyond the tuple fall to additionalItems (absent: anything).
                tupleLength = max(tupleLength, tuple.count)
                while shape.tuple.count < tuple.count { shape.tuple.append(shape.rest) }
                for (i, t) in tuple.enumerated() { shape.tuple[i].append(ref(t)) }
                if let extra = n.additionalItems {
                    for i in tuple.count..<shape.tuple.count { shape.tuple[i].append(ref(extra)) }
                    shape.rest.append(ref(extra))
                }
            } else if let each = n.items {
                for i in 0..<shape.tuple.count { shape.tuple[i].append(ref(each)) }
                shape.rest.append(ref(each))
            }
            if let c = n.contains { shape.contains.append(ref(c)) }
            for (name, p) in n.properties { shape.properties[name, default: []].append(ref(p)) }
            for (regex, p) in n.patternProperties { shape.patternProperties.append((regex, ref(p))) }
            if let extra = n.additionalProperties {
                // Per node, additionalProperties applies to names that node does not list: keep it with its node.
                if schema(r.side)[extra].boolean == false && n.properties.isEmpty && n.patternProperties.isEmpty { shape.additionalFalse = true }
                shape.additional.append(ref(extra))
            }
            shape.required.formUnion(n.required)
            if let m = n.minProperties { shape.minProperties = max(shape.minProperties, m) }
            if let m = n.maxProperties { shape.maxProperties = min(shape.maxProperties ?? m, m) }
            if !n.dependencies.isEmpty { shape.hasDependencies = true }
            if let p = n.propertyNames { shape.propertyNames.append(ref(p)) }
            work += n.allOf.map(ref)
            if !n.anyOf.isEmpty { shape.anyOfs.append(n.anyOf.map(ref)) }
            if !n.oneOf.isEmpty { shape.oneOfs.append(n.oneOf.map(ref)) }
            if let x = n.not, let y = pureNegation(ref(x)) {
                // `not not Y` is Y.
                work.append(y)
            } else if let x = n.not {
                // `not N` removes the kinds N takes whole; for the kinds N cannot take it says nothing.
                let universal = universalKinds(ref(x))
                if universal == SubschemaChecker.allKinds { shape.isFalse = true }
                shape.kinds.subtract(universal)
                pendingNots.append((ref(x), possibleKinds(ref(x)).subtracting(universal)))
            }
            if n.ifSchema != nil { shape.conditionals = true }
        }
        shape.nots = pendingNots.filter { !$0.1.isDisjoint(with: shape.kinds) }.map(\.0)
        return shape
    }

    func tighten(_ bound: inout (JSONNumber, Bool)?, _ new: (JSONNumber, Bool), lower: Bool) {
        guard let current = bound else { bound = new; return }
        let c = JSONNumber.compare(new.0, current.0)
        if (lower && c > 0) || (!lower && c < 0) || (c == 0 && new.1) { bound = new }
    }

    /// The schemas a property value must satisfy under one node: its `properties` entry, matching
    /// `patternProperties`, else `additionalProperties`.
    func propertyRefs(_ shape: Shape, _ name: String) -> [Ref]? {
        var refs: [Ref] = []
        for r in shape.refs {
            let n = schema(r.side)[r.node]
            var matched = false
            if let p = n.property(name) {
                refs.append(Ref(side: r.side, node: p))
                matched = true
            }
            for (regex, p) in n.patternProperties {
                switch regex.search(name) {
                case .match:
                    refs.append(Ref(side: r.side, node: p))
                    matched = true
                case .noMatch: break
                case .tooExpensive: return nil
                }
            }
            if !matched, let extra = n.additionalProperties { refs.append(Ref(side: r.side, node: extra)) }
        }
        return refs
    }

    // MARK: Decision

    /// A ⊆ B for the values of `kinds` (all of them unless a caller has decided some already).
    func subsumes(_ aRefs: [Ref], _ bRefs: [Ref], kinds: Set<Kind> = SubschemaChecker.allKinds, depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        guard depth <= maxDepth else { return (.unknown("schemas nest (or recurse) deeper than \(maxDepth) levels"), path) }
        let key = PairKey(a: aRefs, b: bRefs, kinds: kinds)
        if let known = budget.memo[key] { return known }
        // The same question while answering it: a recursive schema. Below a property or item of the instance
        // where it was first asked, it is assumed to hold (coinduction: instances are finite, so a proof that
        // only leans on the question for strictly smaller values is a proof by induction on their size). At the
        // same depth (a union or allOf leading back to itself) nothing is assumed.
        if let enteredAt = budget.inProgress[key] {
            guard path.segments.count > enteredAt else { return (.unknown("recursive schemas are not compared"), path) }
            budget.assumed.insert(key)
            return (.yes, path)
        }
        budget.inProgress[key] = path.segments.count
        budget.remaining -= 1
        guard budget.remaining > 0 else {
            budget.inProgress.removeValue(forKey: key)
            return (.unknown("the work bound of this check was reached"), path)
        }
        let logStart = budget.memoLog.count
        let result: (Verdict, JSONPointer)
        var equivalence = SchemaEquivalence(a, b)
        if aRefs.count == 1, bRefs.count == 1, aRefs[0].side == .a, bRefs[0].side == .b,
           equivalence.equal(aRefs[0].node, bRefs[0].node) {
            result = (.yes, path)
        } else {
            var decided = decide(aRefs, bRefs, kinds: kinds, depth: depth, path: path)
            // Objects and arrays the keywords could not decide, decided by their regions where both schemas allow it
            // (#41); the other kinds again without them.
            if decided.0.isUnknown {
                var others = kinds
                var witness: Verdict?
                for kind in [Kind.object, .array] where kinds.contains(kind) && witness == nil {
                    switch kind == .object ? objectsByRegions(aRefs, bRefs) : arraysByRegions(aRefs, bRefs) {
                    case .some(.no(let w, let why)): witness = .no(w, why)
                    case .some(.yes): others.remove(kind)
                    default: break
                    }
                }
                if let witness {
                    decided = (witness, path)
                } else if others != kinds {
                    decided = others.isEmpty ? (.yes, path) : decide(aRefs, bRefs, kinds: others, depth: depth, path: path)
                }
            }
            // A conjunction holding every schema of B is inside B, whatever the keywords (asked only when they
            // did not decide: it costs a walk of A).
            result = decided.0.isUnknown && containsAll(aRefs, bRefs) ? (.yes, path) : decided
        }
        budget.inProgress.removeValue(forKey: key)
        if budget.assumed.remove(key) != nil, !result.0.holds {
            // The assumption was wrong (or not shown): forget what was concluded while it stood.
            for k in budget.memoLog[logStart...] { budget.memo.removeValue(forKey: k) }
            budget.memoLog.removeSubrange(logStart...)
        }
        budget.memo[key] = result
        budget.memoLog.append(key)
        return result
    }

    static let allKinds = Set(Kind.allCases)

    func decide(_ aRefs: [Ref], _ bRefs: [Ref], kinds: Set<Kind>, depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        let aShape = flatten(aRefs)
        if let u = aShape.unresolved ?? flatten(bRefs).unresolved { return (.unknown("unresolved $ref '\(u)'"), path) }
        if aShape.isFalse { return (.yes, path) }
        // Finite A: enumerate it.
        if let values = aShape.enumValues {
            for v in values where kinds.contains(SubschemaChecker.kind(of: v)) && valid(v, aRefs) && !valid(v, bRefs) {
                return (separating(v), path)
            }
            return (.yes, path)
        }
        if !aShape.anyOfs.isEmpty || !aShape.oneOfs.isEmpty {
            var remaining = kinds.intersection(aShape.kinds)
            let first = decideCases(aRefs, bRefs, kinds: remaining, depth: depth, path: path)
            guard case .unknown = first.0 else { return first }
            // A case of a oneOf over-approximates A; scalar kinds are decided exactly on A as a whole.
            for kind in SubschemaChecker.scalarKinds where remaining.contains(kind) {
                switch scalarSearch(kind, all: [aRefs], none: [bRefs]) {
                case .found(let w): return (separating(w), path)
                case .empty: remaining.remove(kind)
                case .unsupported: continue
                }
            }
            if remaining.isEmpty { return (.yes, path) }
            if remaining == kinds.intersection(aShape.kinds) { return first }
            return decideCases(aRefs, bRefs, kinds: remaining, depth: depth, path: path)
        }
        let bShape = flatten(bRefs)
        if bShape.isFalse {
            let wanted = aShape.kinds.intersection(kinds)
            if let w = example(aShape, wanted) { return (.no(w, "the second schema accepts nothing"), path) }
            // No example: A may be empty, which the scalar kinds can show exactly, and negations over the others.
            for kind in Kind.byName where wanted.contains(kind) && !provablyEmpty(aShape, kind) {
                if SubschemaChecker.scalarKinds.contains(kind), case .empty = scalarSearch(kind, all: [aRefs], none: []) { continue }
                if (kind == .array || kind == .object) && emptyByNegation(aShape, kind, depth: depth, path: path) { continue }
                return (.unknown("could not build an example of the first schema"), path)
            }
            return (.yes, path)
        }
        var unknown: (String, JSONPointer)?
        for kind in Kind.byName where aShape.kinds.contains(kind) && kinds.contains(kind) {
            let (verdict, where_) = compare(kind, aShape, aRefs, bShape, bRefs, depth: depth, path: path)
            switch verdict {
            case .yes: continue
            case .no: return (verdict, where_)
            case .unknown(let why): if unknown == nil { unknown = (why, where_) }
            }
        }
        if let (why, where_) = unknown { return (.unknown(why), where_) }
        return (.yes, path)
    }

    func decideCases(_ aRefs: [Ref], _ bRefs: [Ref], kinds: Set<Kind>, depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        guard let split = casesWithout(aRefs) else { return (.unknown("too many anyOf/oneOf cases"), path) }
        if split.count == 1 && split[0].cases == aRefs { return (.unknown("the first schema's anyOf/oneOf could not be taken apart"), path) }
        var unknown: (String, JSONPointer)?
        for (conj, siblings) in split {
            let (verdict, where_) = subsumes(conj, bRefs, kinds: kinds, depth: depth + 1, path: path)
            switch verdict {
            case .yes: continue
            case .no(let w, let why):
                // The case was an over-approximation of A (oneOf): keep the witness only if A really accepts it.
                if valid(w, aRefs) { return (.no(w, why), where_) }
                // Else look again with the case made exact: its branch and none of its siblings.
                let exact = conj + siblings.compactMap { s in schema(s.side).negation(of: s.node).map { Ref(side: s.side, node: $0) } }
                if exact.count == conj.count + siblings.count {
                    switch subsumes(exact, bRefs, kinds: kinds, depth: depth + 1, path: path).0 {
                    case .yes: continue  // the values of A in this case are all in B
                    case .no(let w2, let why2) where valid(w2, aRefs): return (.no(w2, why2), where_)
                    default: break
                    }
                }
                if unknown == nil { unknown = ("a oneOf case could not be separated from its siblings", where_) }
            case .unknown(let why): if unknown == nil { unknown = (why, where_) }
            }
        }
        if let (why, where_) = unknown { return (.unknown(why), where_) }
        return (.yes, path)
    }

    /// A's combinators expanded: each case is the conjunction with the combinator nodes replaced by
    /// "the node without its anyOf/oneOf/allOf", the allOf members (expanded in turn) and one branch
    /// per group. Nil when there are too many cases.
    func casesWithout(_ refs: [Ref]) -> [(cases: [Ref], siblings: [Ref])]? {
        // Collect the combinator groups reachable through allOf/$ref.
        var groups: [([Ref], Bool)] = []
        var plain: [Ref] = []
        var work = refs
        var seen = Set<Ref>()
        while let r = work.popLast() {
            guard seen.insert(r).inserted else { continue }
            let n = schema(r.side)[r.node]
            if let t = n.ref { work.append(Ref(side: r.side, node: t)); continue }
            if n.anyOf.isEmpty && n.oneOf.isEmpty && n.allOf.isEmpty { plain.append(r); continue }
            plain.append(Ref(side: r.side, node: strippedIndex(r)))
            work += n.allOf.map { Ref(side: r.side, node: $0) }
            if !n.anyOf.isEmpty { groups.append((n.anyOf.map { Ref(side: r.side, node: $0) }, false)) }
            if !n.oneOf.isEmpty { groups.append((n.oneOf.map { Ref(side: r.side, node: $0) }, true)) }
        }
        // Each case also lists the oneOf branches it leaves out (its siblings).
        var result: [([Ref], [Ref])] = [(plain, [])]
        for (g, exclusive) in groups {
            result = result.flatMap { conj, siblings in g.map { b in (conj + [b], exclusive ? siblings + g.filter { $0 != b } : siblings) } }
            if result.count > 64 { return nil }
        }
        return result
    }

    /// The index of the copy of a node without its anyOf/oneOf/allOf.
    func strippedIndex(_ r: Ref) -> Int { schema(r.side).strippedIndex(r.node) }

    // MARK: Per kind

    func compare(_ kind: Kind, _ aShape: Shape, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        let result = compareKind(kind, aShape, aRefs, bShape, bRefs, depth: depth, path: path)
        func integerOnly(_ r: Ref) -> Bool { schema(r.side)[r.node].types.map { $0.contains("integer") && !$0.contains("number") } ?? false }
        if kind == .integer, case .yes = result.0, b.draft == .draft4, !(a.draft == .draft4 && aShape.refs.contains(where: integerOnly)),
           combinatorClosure(bRefs)?.contains(where: integerOnly) ?? true {
            // Draft-04 reads 1.0 as a number and not an integer: the comparison by value above cannot see
            // that, the search (which tries both spellings) can.
            switch scalarSearch(.integer, all: [aRefs], none: [bRefs]) {
            case .found(let w): return (.no(w, "\(Validator.describe(w)) is allowed by the first schema, and the second (draft-04) does not read it as an integer"), path)
            case .empty: return result
            case .unsupported(let why): return (.unknown(why), path)
            }
        }
        // Where the per-keyword comparison gives up on a scalar kind (unions, `not`, integer bounds,
        // empty sets), the exact search over the kind's canonical form decides.
        guard case .unknown = result.0 else { return result }
        if kind == .object {
            // Last resort before "undecidable": small objects over the names both schemas mention.
            if let w = enumeratedObject(aRefs, bRefs) { return (separating(w), path) }
            return result
        }
        guard kind == .string || kind == .integer || kind == .fraction else { return result }
        switch scalarSearch(kind, all: [aRefs], none: [bRefs]) {
        case .found(let w): return (separating(w), path)
        case .empty: return (.yes, path)
        case .unsupported: return result
        }
    }

    func compareKind(_ kind: Kind, _ aShape: Shape, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        // Finite kinds: enumerate.
        switch kind {
        case .null, .boolean:
            let values: [JSONValue] = kind == .null ? [.null] : [.bool(false), .bool(true)]
            for v in values where valid(v, aRefs) && !valid(v, bRefs) {
                return (separating(v), path)
            }
            return (.yes, path)
        default:
            break
        }
        // Arrays and objects are compared structurally first; their examples are built only when a
        // counterexample is needed (a 1,000-item array is cheap to reason about, not to build).
        if (kind == .array || kind == .object) && bShape.kinds.contains(kind) && bShape.anyOfs.isEmpty && bShape.oneOfs.isEmpty
            && bShape.nots.isEmpty && !bShape.conditionals && aShape.nots.isEmpty && !aShape.conditionals && bShape.enumValues == nil {
            return compareBase(kind, aShape, aRefs, bShape, bRefs, aExample: .null, depth: depth, path: path)
        }
        // A′ ∧ ¬X with A′ ⊆ X: nothing of this kind in A.
        if (kind == .array || kind == .object) && emptyByNegation(aShape, kind, depth: depth, path: path) { return (.yes, path) }
        let aExample = example(aShape, [kind])
        if aExample == nil {
            // No example could be built: A may have no value of this kind. Only an exact emptiness
            // argument could say "compatible"; we have one for a few cases. For arrays and objects an
            // inclusion proof below needs no example.
            if provablyEmpty(aShape, kind) { return (.yes, path) }
            if kind == .string, let p = aShape.string.patterns.first(where: { $0.nfa == nil }) {
                return (.unknown("the pattern /\(p.source)/ uses lookahead or backreferences, which finite automata cannot decide, and no string matching it was found"), path)
            }
            if !(kind == .array || kind == .object) || !bShape.kinds.contains(kind) {
                return (.unknown("could not decide whether the first schema allows any \(kindName(kind))"), path)
            }
        }
        if !bShape.kinds.contains(kind), let aExample {
            return (.no(aExample, "the first schema allows \(kindName(kind))s, the second does not"), path)
        }
        // Combinators and conditionals in B: first narrow them to this kind (exact where at most one branch
        // of each group admits it); otherwise look for a counterexample, never claim inclusion.
        if !bShape.anyOfs.isEmpty || !bShape.oneOfs.isEmpty || !bShape.nots.isEmpty || bShape.conditionals {
            if let decided = negationSplit(kind, aRefs, bShape, bRefs, depth: depth, path: path), !(decided.0.isUnknown && aExample != nil) { return decided }
            if let decided = specialized(kind, aShape, aRefs, bShape, bRefs, aExample: aExample, depth: depth, path: path) { return decided }
            return bCombinators(kind, aShape, aRefs, bShape, bRefs, aExample: aExample, depth: depth, path: path)
        }
        if !aShape.nots.isEmpty || aShape.conditionals {
            // A is narrower than its flattened shape; inclusion of the shape proves inclusion of A.
            let relaxed = compareBase(kind, aShape, aRefs, bShape, bRefs, aExample: aExample ?? .null, depth: depth, path: path)
            if case .no(let w, _) = relaxed.0, !valid(w, aRefs) {
                return (.unknown("'not' or if/then/else in the first schema"), path)
            }
            return relaxed
        }
        return compareBase(kind, aShape, aRefs, bShape, bRefs, aExample: aExample ?? .null, depth: depth, path: path)
    }

    func kindName(_ k: Kind) -> String {
        switch k {
        case .null: return "null"
        case .boolean: return "boolean"
        case .integer: return "integer"
        case .fraction: return "non-integer number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// A minimum no document can meet (see `SchemaNode.sizeCeiling`): the shape has no value of this kind.
    static func beyondAnyDocument(_ s: Shape, _ kind: Kind) -> Bool {
        switch kind {
        case .string: return s.string.minLength >= SchemaNode.sizeCeiling
        case .array: return s.minItems >= SchemaNode.sizeCeiling
        case .object: return s.minProperties >= SchemaNode.sizeCeiling
        default: return false
        }
    }

    func provablyEmpty(_ s: Shape, _ kind: Kind) -> Bool {
        switch kind {
        case .integer, .fraction:
            if let (lo, le) = s.lower, let (hi, he) = s.upper {
                let c = JSONNumber.compare(lo, hi)
                return c > 0 || (c == 0 && (le || he))
            }
            return false
        case .string:
            if let m = s.string.maxLength, m < s.string.minLength { return true }
            if SubschemaChecker.beyondAnyDocument(s, kind) { return true }
            // Exact when the automata finish: no string meets the lengths and patterns together.
            guard budget.remaining > 0 else { return false }
            if case .included = budgetedInclusion(s.string, in: StringConstraint(minLength: 1, maxLength: 0, patterns: [])) { return true }
            return false
        case .array:
            if let m = s.maxItems, m < s.minItems { return true }
            return SubschemaChecker.beyondAnyDocument(s, kind)
        case .object:
            if let m = s.maxProperties, m < max(s.minProperties, s.required.count) { return true }
            return SubschemaChecker.beyondAnyDocument(s, kind)
        default:
            return false
        }
    }

    /// B restricted to values of `kind`, as the paper's canonical form splits schemas by type: an anyOf or
    /// oneOf group with a single branch admitting the kind is that branch (the others reject every such
    /// value, so "exactly one" holds exactly when it matches); a group with none rejects the kind; `not N`
    /// is dropped when N admits no value of the kind or when A holds none of N's (finite) values. Then
    /// A restricted to the kind is compared with B's combinator-free nodes and the chosen branches. Nil
    /// when some group keeps two branches for the kind (a union the per-type procedures do not decide).
    func specialized(_ kind: Kind, _ aShape: Shape, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], aExample: JSONValue?,
                     depth: Int, path: JSONPointer) -> (Verdict, JSONPointer)? {
        guard !bShape.conditionals else { return nil }
        var chosen: [Ref] = []
        for group in bShape.anyOfs + bShape.oneOfs {
            let fitting = group.filter { possibleKinds($0).contains(kind) }
            if fitting.isEmpty {
                if let aExample, let w = witness([aExample], aRefs, bRefs, "no anyOf/oneOf branch of the second schema allows \(kindName(kind))s") { return (w, path) }
                return nil
            }
            guard fitting.count == 1 else { return nil }
            chosen.append(fitting[0])
        }
        for negated in bShape.nots {
            if !possibleKinds(negated).contains(kind) { continue }
            let shape = flatten([negated])
            guard let values = shape.enumValues else { return nil }
            for v in values where valid(v, aRefs) && !valid(v, bRefs) {
                return (.no(v, "\(Validator.describe(v)) is allowed by the first schema but excluded by the second's 'not'"), path)
            }
            // Every value of N that A holds is accepted by B, so none of them is in N: A ∩ N = ∅.
        }
        let base = combinatorFree(bShape)
        let narrowed = subsumes(restricted(aRefs, to: kind), base + chosen, kinds: [kind], depth: depth + 1, path: path)
        // The narrowing is exact for values of this kind; a witness must still be one of them.
        if case .no(let w, _) = narrowed.0, SubschemaChecker.kind(of: w) != kind || valid(w, bRefs) { return nil }
        return narrowed
    }

    // MARK: Base comparison (no combinators in B)

    func compareBase(_ kind: Kind, _ aShape: Shape, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], aExample: JSONValue,
                     depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        if SubschemaChecker.beyondAnyDocument(aShape, kind) { return (.yes, path) }
        if bShape.enumValues != nil {
            // B is finite and A (not enumerable here) has at least one value of this kind.
            for candidate in [aExample] + candidates(aShape, kind) where valid(candidate, aRefs) && !valid(candidate, bRefs) {
                return (.no(candidate, "\(Validator.describe(candidate)) is not one of the second schema's values"), path)
            }
            return (.unknown("the second schema lists values; the first does not"), path)
        }
        switch kind {
        case .integer, .fraction: return (numbers(kind, aShape, aRefs, bShape, bRefs), path)
        case .string: return (strings(aShape, aRefs, bShape, bRefs), path)
        case .array: return arrays(aShape, aRefs, bShape, bRefs, depth: depth, path: path)
        case .object: return objects(aShape, aRefs, bShape, bRefs, depth: depth, path: path)
        default: return (.yes, path)
        }
    }

    func witness(_ candidates: [JSONValue], _ aRefs: [Ref], _ bRefs: [Ref], _ reason: String) -> Verdict? {
        for (i, c) in candidates.enumerated() {
            // Past the work bound, the first candidate is still tried (it is often the one), no more.
            if i > 0 && budget.remaining <= 0 { break }
            if valid(c, aRefs) && !valid(c, bRefs) { return .no(c, reason) }
        }
        return nil
    }

    func numbers(_ kind: Kind, _ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref]) -> Verdict {
        var problems: [String] = []
        if let (bl, be) = b.lower {
            if let (al, ae) = a.lower {
                let c = JSONNumber.compare(al, bl)
                if c < 0 || (c == 0 && be && !ae) { problems.append("lower bound \(al.text) is below \(bl.text)") }
            } else {
                problems.append("the first schema has no lower bound, the second has \(bl.text)")
            }
        }
        if let (bu, be) = b.upper {
            if let (au, ae) = a.upper {
                let c = JSONNumber.compare(au, bu)
                if c > 0 || (c == 0 && be && !ae) { problems.append("upper bound \(au.text) is above \(bu.text)") }
            } else {
                problems.append("the first schema has no upper bound, the second has \(bu.text)")
            }
        }
        for m in b.multiples {
            let covered = a.multiples.contains { DecimalArithmetic.isMultiple($0, of: m) == true }
                || (kind == .integer && DecimalArithmetic.isMultiple(JSONNumber(1), of: m) == true)
            if !covered { problems.append("values need not be multiples of \(m.text)") }
        }
        if problems.isEmpty { return .yes }
        let pool = kind == .integer || kind == .fraction ? numberCandidates(a, integer: kind == .integer, near: b) : candidates(a, kind)
        if let w = witness(pool, aRefs, bRefs, problems.joined(separator: "; ")) { return w }
        // Integer bounds can hide behind exclusivity (x > 0 and x ≥ 1 agree on integers): we could not
        // build a counterexample, so we do not claim one.
        return .unknown("number bounds: " + problems.joined(separator: "; "))
    }

    /// A format B requires that trackspec does not check (a custom one) or a content keyword, unless A requires
    /// the same: validators asserting it may reject strings trackspec accepts, so "compatible" would be a
    /// promise it cannot keep. Counterexamples for other reasons still stand.
    func strings(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref]) -> Verdict {
        let verdict = checkedStrings(a, aRefs, b, bRefs)
        let unchecked = Set(b.uncheckedFormats).subtracting(a.uncheckedFormats)
        guard case .yes = verdict, !unchecked.isEmpty else { return verdict }
        return .unknown("the second schema requires \(unchecked.sorted().joined(separator: ", ")), which trackspec does not check, and the first does not")
    }

    func checkedStrings(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref]) -> Verdict {
        // Syntactic shortcut: lengths nest and every pattern of B is also a pattern of A.
        let aSources = Set(a.string.patterns.map(\.source))
        let lengthsNest = a.string.minLength >= b.string.minLength && (b.string.maxLength.map { (a.string.maxLength ?? Int.max) <= $0 } ?? true)
        if lengthsNest && b.string.patterns.allSatisfy({ aSources.contains($0.source) }) {
            let missing = Set(b.formats).subtracting(a.formats)
            if missing.isEmpty { return .yes }
        }
        if !lengthsNest && a.string.patterns.isEmpty && b.string.patterns.isEmpty {
            // Lengths alone separate the schemas: no automaton needed (a 65,535-state one would hit the bound).
            let aMax = a.string.maxLength ?? Int.max
            var lengths: [Int] = []
            if a.string.minLength < b.string.minLength { lengths.append(a.string.minLength) }
            if let bMax = b.string.maxLength, aMax > bMax { lengths.append(max(a.string.minLength, bMax + 1)) }
            let plain = lengths.filter { $0 <= 1_000_000 }.map { JSONValue.string(String(repeating: "a", count: $0)) }
            if let w = witness(plain + formatStrings(a.formats, lengths: lengths), aRefs, bRefs, "a string of \(lengths.map(String.init).joined(separator: " or ")) characters is allowed by the first schema only") { return w }
        }
        guard budget.remaining > 0 else { return .unknown("the work bound of this check was reached") }
        switch budgetedInclusion(a.string, in: b.string) {
        case .counterexample(let s):
            if let w = witness([.string(s)], aRefs, bRefs, "\(Validator.describe(.string(s))) matches the first schema's string constraints but not the second's") { return w }
            // The shortest counterexample may fail A's format; try the usual suspects too.
            if let w = witness(candidates(a, .string), aRefs, bRefs, "a string allowed by the first schema fails the second") { return w }
            // Formats with a free-length part (an email's local part, a URI's path) reach any length
            // the length bounds separate.
            let lengths = Set([s.unicodeScalars.count, (b.string.maxLength ?? -2) + 1, b.string.minLength - 1, a.string.minLength, a.string.maxLength ?? -1])
            if let w = witness(formatStrings(a.formats, lengths: lengths.sorted()), aRefs, bRefs, "a string in format \(a.formats.joined(separator: ", ")) this long is allowed by the first schema only") { return w }
            return .unknown("strings like \(Validator.describe(.string(s))) separate the schemas, but none satisfied the first schema's format")
        case .unknown(let why):
            if let w = witness(candidates(a, .string), aRefs, bRefs, "a string allowed by the first schema fails the second") { return w }
            return .unknown(why)
        case .included:
            let missing = Set(b.formats).subtracting(a.formats)
            if missing.isEmpty { return .yes }
            if let w = witness(candidates(a, .string), aRefs, bRefs, "format \(missing.sorted().joined(separator: ", ")) is required by the second schema only") { return w }
            return .unknown("the second schema requires format \(missing.sorted().joined(separator: ", ")), the first does not (formats are compared by name)")
        }
    }

    /// String inclusion with this check's share of the work budget (automaton states) charged for it.
    /// Charged what it explored (a 1,000-property narrowing with one pattern each explores a few dozen states
    /// per property; charging a quarter of the allowance each ran out of budget at property 115).
    func budgetedInclusion(_ a: StringConstraint, in b: StringConstraint) -> StringInclusion {
        let key = [StringConstraintKey(a), StringConstraintKey(b)]
        if let known = budget.stringInclusions[key] { return known }
        var explored = 0
        let result = StringLanguages.includes(a, in: b, maxStates: min(budget.remaining, StringLanguages.maxStates), explored: &explored)
        budget.remaining -= max(1, explored)
        budget.stringInclusions[key] = result
        return result
    }

    /// A counterexample found as a value rather than by a keyword's argument.
    func separating(_ w: JSONValue) -> Verdict {
        .no(w, "\(Validator.describe(w)) is allowed by the first schema but not the second")
    }

    /// B's nodes without their combinators: what B says whatever branch a value takes.
    func combinatorFree(_ shape: Shape) -> [Ref] {
        shape.refs.map { Ref(side: $0.side, node: schema($0.side).bareIndex($0.node)) }
    }

    /// Strings of each format at each length, where the format has a free-length part.
    func formatStrings(_ formats: [String], lengths: [Int]) -> [JSONValue] {
        formats.flatMap { f in lengths.compactMap { SubschemaChecker.formatExample(f, length: $0).map(JSONValue.string) } }
    }

    func arrays(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref], depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        var problems: [String] = []
        if a.minItems < b.minItems { problems.append("the first schema allows \(a.minItems) item\(a.minItems == 1 ? "" : "s"), the second needs \(b.minItems)") }
        if let bMax = b.maxItems, (a.maxItems ?? Int.max) > bMax { problems.append("the first schema allows more than \(bMax) items") }
        if b.unique && !a.unique && (a.maxItems ?? 2) >= 2 { problems.append("the second schema requires unique items") }
        if !problems.isEmpty {
            var cands = [JSONValue]()
            if let e = arrayExample(a, length: a.minItems) { cands.append(e) }
            if let bMax = b.maxItems, let e = arrayExample(a, length: max(a.minItems, bMax + 1)) { cands.append(e) }
            if b.unique, let e = arrayExample(a, length: max(a.minItems, 2), duplicate: true) { cands.append(e) }
            if let w = witness(cands, aRefs, bRefs, problems.joined(separator: "; ")) { return (w, path) }
            return (.unknown(problems.joined(separator: "; ")), path)
        }
        if !b.contains.isEmpty {
            if a.minItems == 0, let w = witness([.array([])], aRefs, bRefs, "the empty array has no item matching 'contains'") { return (w, path) }
            return (.unknown("'contains' in the second schema"), path)
        }
        // Item by item: tuple positions, then the rest.
        let positions = max(a.tuple.count, b.tuple.count) + 1
        var unknown: (String, JSONPointer)?
        for i in 0..<positions {
            if let aMax = a.maxItems, i >= aMax { break }
            let aItem = i < a.tuple.count ? a.tuple[i] : a.rest
            let bItem = i < b.tuple.count ? b.tuple[i] : b.rest
            if bItem.isEmpty { continue }
            let itemPath = path.appending(.index(i))
            let (verdict, where_) = subsumes(aItem.isEmpty ? [] : aItem, bItem, depth: depth + 1, path: itemPath)
            switch verdict {
            case .yes: continue
            case .no(let w, let why):
                if let array = arrayExample(a, length: max(a.minItems, i + 1), replacing: (i, w)),
                   let v = witness([array], aRefs, bRefs, "item \(i): \(why)") { return (v, where_) }
                if unknown == nil { unknown = ("item \(i): \(why), but no whole array showing it was found", where_) }
            case .unknown(let why): if unknown == nil { unknown = (why, where_) }
            }
        }
        if let (why, where_) = unknown { return (.unknown(why), where_) }
        return (.yes, path)
    }

    func objects(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref], depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        let missing = b.required.subtracting(a.required)
        if !missing.isEmpty {
            if let o = objectExample(a), let w = witness([.object(o)], aRefs, bRefs, "property '\(missing.sorted()[0])' is required by the second schema only") {
                return (w, path.appending(.key(missing.sorted()[0])))
            }
            return (.unknown("property '\(missing.sorted()[0])' is required by the second schema only"), path)
        }
        if let aMax = a.maxProperties, aMax < a.required.count { return (.yes, path) }
        if a.maxProperties == 0 {
            // The empty object is the only object the first schema can accept: decide on it exactly.
            let empty = JSONValue.object(JSONObject())
            if !valid(empty, aRefs) || valid(empty, bRefs) { return (.yes, path) }
            return (.no(empty, "the empty object is allowed by the first schema only"), path)
        }
        if b.minProperties > max(a.minProperties, a.required.count) || (b.maxProperties.map { (a.maxProperties ?? Int.max) > $0 } ?? false) {
            var cands: [JSONValue] = []
            if let o = objectExample(a) { cands.append(.object(o)) }
            if let bMax = b.maxProperties, let o = objectExample(a, atLeast: bMax + 1) { cands.append(.object(o)) }
            let why = b.maxProperties.map { "the first schema allows more than \($0) propert\($0 == 1 ? "y" : "ies")" }
                ?? "the first schema allows fewer than \(b.minProperties) properties"
            if let w = witness(cands, aRefs, bRefs, why) { return (w, path) }
            return (.unknown("minProperties/maxProperties differ"), path)
        }
        if b.hasDependencies, let decided = secondDependencies(a, aRefs, b, bRefs, path: path) { return decided }
        // Where B says nothing of names it does not list (no additionalProperties, patternProperties or
        // propertyNames), only its own names can fail: A's others are not walked (per-property mode asks this once
        // per property of B, against all of A's).
        let bConstrainsOthers = !b.additional.isEmpty || b.additionalFalse || !b.patternProperties.isEmpty || !b.propertyNames.isEmpty
        var names = bConstrainsOthers ? Set(a.properties.keys).union(b.properties.keys).union(a.required).union(b.required)
                            : Set(b.properties.keys).union(b.required)
        // Unlisted names fall into regions by which patternProperties match them; one name per non-empty
        // region stands for all of its names (they meet the same schemas on both sides).
        let listed = names
        var regions: [String: [ECMARegex]] = [:]
        if bConstrainsOthers {
            switch nameRegions(a, b, listed: listed) {
            case .success(let found): regions = found
            case .failure(let why): return (.unknown(why.description), path)
            }
        }
        let representatives = Set(regions.keys)
        names.formUnion(representatives)
        if !b.propertyNames.isEmpty,
           let decided = secondPropertyNames(a, aRefs, b, bRefs, names: names, regions: regions, path: path) {
            return decided
        }
        var unknown: (String, JSONPointer)?
        for name in names.sorted() {
            guard let aProp = propertyRefs(a, name), let bProp = propertyRefs(b, name) else {
                return (.unknown("a property pattern is too expensive to evaluate"), path)
            }
            if bProp.isEmpty { continue }
            // A forbids the name (false schema): nothing to compare.
            if aProp.contains(where: { schema($0.side)[$0.node].boolean == false }) { continue }
            let propPath = path.appending(.key(name))
            let (verdict, where_) = subsumes(aProp, bProp, depth: depth + 1, path: propPath)
            switch verdict {
            case .yes: continue
            case .no(let w, let why):
                if var o = objectExample(a) {
                    o[name] = w
                    let label = representatives.contains(name) && !listed.contains(name) ? "an extra property '\(name)'" : "property '\(name)'"
                    if let v = witness([.object(o)], aRefs, bRefs, "\(label): \(why)") { return (v, where_) }
                }
                if unknown == nil { unknown = ("property '\(name)': \(why), but no whole object showing it was found", where_) }
            case .unknown(let why): if unknown == nil { unknown = (why, where_) }
            }
        }
        if let (why, where_) = unknown { return (.unknown(why), where_) }
        return (.yes, path)
    }

    struct Undecided: Error, CustomStringConvertible { let description: String }

    /// A never has property `name` (its schema there is `false`, by name, pattern or additionalProperties).
    func forbids(_ a: Shape, _ name: String) -> Bool {
        guard let refs = propertyRefs(a, name) else { return false }
        return refs.contains { schema($0.side)[$0.node].boolean == false }
    }

    /// An object A allows (by its example) with `name` present and `removed` absent, if one is built.
    func objectWith(_ a: Shape, _ name: String, without removed: String? = nil) -> JSONValue? {
        var o = objectExample(a) ?? JSONObject()
        if o[name] == nil {
            guard let refs = propertyRefs(a, name) else { return nil }
            let shape = flatten(refs)
            guard let v = refs.isEmpty ? .string("x") : example(shape, shape.kinds) else { return nil }
            o[name] = v
        }
        if let removed { o[removed] = nil }
        return .object(o)
    }

    /// B's `dependencies`: a property dependency holds for A when A never has the name, requires the
    /// dependent property, or has the same dependency itself; a schema dependency when A never has the
    /// name or has an equivalent one. Otherwise an object of A with the name (and without the dependent
    /// property) is tried as a witness. Nil: every dependency holds.
    func secondDependencies(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref], path: JSONPointer) -> (Verdict, JSONPointer)? {
        // With the side each comes from: the rewrites of negations put nodes of either schema on either side.
        let aDependencies = a.refs.flatMap { r in schema(r.side)[r.node].dependencies.map { (name: $0.0, dependency: $0.1, side: r.side) } }
        for r in b.refs {
            for (name, dependency) in schema(r.side)[r.node].dependencies where !forbids(a, name) {
                switch dependency {
                case .properties(let list):
                    let guaranteed = Set(aDependencies.compactMap { x -> [String]? in
                        if x.name == name, case .properties(let l) = x.dependency { return l } else { return nil }
                    }.flatMap { $0 })
                    let missing = list.filter { !a.required.contains($0) && !guaranteed.contains($0) && $0 != name }
                    guard let first = missing.first else { continue }
                    if let w = objectWith(a, name, without: first),
                       let v = witness([w], aRefs, bRefs, "with '\(name)', the second schema requires '\(first)' and the first does not") {
                        return (v, path.appending(.key(first)))
                    }
                    return (.unknown("'\(name)' depends on '\(first)' in the second schema only, but no object showing it was found"), path)
                case .schema(let node):
                    var equivalent = false
                    for x in aDependencies where x.name == name {
                        if case .schema(let mine) = x.dependency {
                            var e = SchemaEquivalence(schema(x.side), schema(r.side))
                            if e.equal(mine, node) { equivalent = true }
                        }
                    }
                    if equivalent { continue }
                    if let w = objectWith(a, name), let v = witness([w], aRefs, bRefs, "with '\(name)', the second schema's dependency rejects the object") {
                        return (v, path)
                    }
                    return (.unknown("a schema dependency on '\(name)' in the second schema"), path)
                }
            }
        }
        return nil
    }

    /// B's `propertyNames`: every name A's objects may have must be valid under it. Listed names and one
    /// name per region of unlisted names are checked; unlisted names A allows are covered exactly only when
    /// B's propertyNames accepts every string. Nil: it holds.
    func secondPropertyNames(_ a: Shape, _ aRefs: [Ref], _ b: Shape, _ bRefs: [Ref], names: Set<String>, regions: [String: [ECMARegex]],
                             path: JSONPointer) -> (Verdict, JSONPointer)? {
        for name in names.sorted() where !forbids(a, name) && !valid(.string(name), b.propertyNames) {
            if let w = objectWith(a, name), let v = witness([w], aRefs, bRefs, "property name '\(name)' is allowed by the first schema only") {
                return (v, path.appending(.key(name)))
            }
            return (.unknown("property name '\(name)' fails the second schema's propertyNames, but no object showing it was found"), path)
        }
        let allowed = regions.filter { !forbids(a, $0.key) }
        guard !allowed.isEmpty else { return nil }
        let pn = flatten(b.propertyNames)
        guard !pn.isFalse, pn.kinds.contains(.string), pn.enumValues == nil, pn.formats.isEmpty, pn.uncheckedFormats.isEmpty, pn.anyOfs.isEmpty, pn.oneOfs.isEmpty,
              pn.nots.isEmpty, !pn.conditionals else {
            return (.unknown("the second schema's propertyNames restrict names the first allows"), path)
        }
        // Each region of unlisted names A allows lies within the language of its matching patterns: that
        // language inside propertyNames' proves the region is.
        for (_, positives) in allowed.sorted(by: { $0.key < $1.key }) {
            switch budgetedInclusion(StringConstraint(patterns: positives), in: pn.string) {
            case .included:
                continue
            case .counterexample(let c):
                if let w = objectWith(a, c), let v = witness([w], aRefs, bRefs, "property name '\(c)' is allowed by the first schema only") {
                    return (v, path.appending(.key(c)))
                }
                return (.unknown("property name '\(c)' may fail the second schema's propertyNames"), path)
            case .unknown(let why):
                return (.unknown("propertyNames: \(why)"), path)
            }
        }
        return nil
    }


    /// One property name per region of unlisted names, a region being the set of patterns (of A and B)
    /// that match its names. Without patterns there is a single region: any fresh name.
    func nameRegions(_ a: Shape, _ b: Shape, listed: Set<String>) -> Result<[String: [ECMARegex]], Undecided> {
        var patterns: [ECMARegex] = []
        for p in (a.patternProperties + b.patternProperties).map(\.0) where !patterns.contains(where: { $0.source == p.source }) { patterns.append(p) }
        if patterns.isEmpty {
            guard let fresh = freshName(avoiding: listed, a, b) else { return .failure(Undecided(description: "no name stands for the unlisted ones")) }
            return .success([fresh: []])
        }
        guard patterns.count <= 6 else { return .failure(Undecided(description: "more than 6 different patternProperties")) }
        var found: [String: [ECMARegex]] = [:]
        for mask in 0..<(1 << patterns.count) {
            let wanted = (0..<patterns.count).map { mask & (1 << $0) != 0 }
            budget.remaining -= 1
            switch StringLanguages.region(patterns, wanted: wanted, excluding: listed, maxStates: min(StringLanguages.maxStates, max(budget.remaining, 1))) {
            case .member(let name): found[name] = zip(patterns, wanted).filter(\.1).map(\.0)
            case .empty: continue
            case .unknown(let why): return .failure(Undecided(description: "patternProperties: \(why)"))
            }
        }
        return .success(found)
    }

    func freshName(avoiding names: Set<String>, _ a: Shape, _ b: Shape) -> String? {
        for candidate in ["extraProperty", "x_extra", "zz_unlisted", "_"] where !names.contains(candidate) {
            let patterns = a.patternProperties.map(\.0) + b.patternProperties.map(\.0)
            if patterns.allSatisfy({ $0.search(candidate) == .noMatch }) { return candidate }
        }
        return nil
    }

    // MARK: Examples

    /// Some value of the given kinds allowed by the shape's schemas (checked with the validator).
    func example(_ s: Shape, _ kinds: Set<Kind>, nesting: Int = 0) -> JSONValue? {
        let key = ExampleKey(refs: s.refs, kinds: kinds)
        if let known = budget.examples[key] { return known }
        let found = computeExample(s, kinds, nesting: nesting)
        budget.examples[key] = found
        return found
    }

    func computeExample(_ s: Shape, _ kinds: Set<Kind>, nesting: Int) -> JSONValue? {
        for kind in Kind.allCases where kinds.contains(kind) && s.kinds.contains(kind) {
            for (i, c) in candidates(s, kind).enumerated() {
                if i > 0 && budget.remaining <= 0 { break }
                if valid(c, s.refs) { return c }
            }
        }
        // Scalar kinds have an exact search when the usual candidates miss.
        for kind in SubschemaChecker.scalarKinds where kinds.contains(kind) && s.kinds.contains(kind) && s.enumValues == nil {
            if case .found(let v) = scalarSearch(kind, all: [s.refs], none: []) { return v }
        }
        // A value of an anyOf/oneOf schema is a value of the base schema and one branch: build it from
        // the merged shape of each branch in turn (the validator still judges the whole).
        guard nesting < 4, budget.remaining > 0 else { return nil }
        for group in (s.oneOfs + s.anyOfs).prefix(2) {
            for branch in group.prefix(8) {
                budget.remaining -= 10
                let merged = flatten(s.refs + [branch])
                if let v = example(merged, kinds, nesting: nesting + 1), valid(v, s.refs) { return v }
            }
        }
        return nil
    }

    func candidates(_ s: Shape, _ kind: Kind) -> [JSONValue] {
        if let e = s.enumValues { return e.filter { SubschemaChecker.kind(of: $0) == kind } }
        switch kind {
        case .null: return [.null]
        case .boolean: return [.bool(false), .bool(true)]
        case .integer, .fraction: return numberCandidates(s, integer: kind == .integer)
        case .string: return stringCandidates(s)
        case .array:
            var out: [JSONValue] = []
            // Only lengths the shape allows: every candidate must be valid under it, and each one costs
            // a build and a validation (some schemas ask for 32,724 rows).
            let lengths = Set([s.minItems, s.minItems + 1, (s.maxItems ?? s.minItems + 2) + 1, 2, 0])
                .filter { $0 >= s.minItems && $0 <= (s.maxItems ?? Int.max) }
            for length in lengths.sorted() {
                if let a = arrayExample(s, length: length) { out.append(a) }
                if length >= 2, let a = arrayExample(s, length: length, duplicate: true) { out.append(a) }
            }
            return out
        case .object:
            var out: [JSONValue] = []
            if let o = objectExample(s) { out.append(.object(o)) }
            if var o = objectExample(s) {
                o["extraProperty"] = "x"
                out.append(.object(o))
            }
            out.append(.object(JSONObject()))
            return out
        }
    }

    /// Numbers near the shape's bounds and steps (and near `near`'s bounds: just past the other schema's
    /// bound is the example that shows it), the extremes last: 1e300 is no integer to every validator.
    func numberCandidates(_ s: Shape, integer: Bool, near: Shape? = nil) -> [JSONValue] {
        var raw: [Double] = [0, 1, -1, 0.5, 2.5, -0.5, 1e9, -1e9]
        let step = s.multiples.map(\.doubleValue).max()
        for (bound, _) in [s.lower, s.upper, near?.lower, near?.upper].compactMap({ $0 }) {
            let v = bound.doubleValue
            raw += [v, v + 1, v - 1, v + 0.5, v - 0.5, v.rounded(.up), v.rounded(.down), v + 0.001, v - 0.001]
            if let step, step > 0 {
                let k = (v / step).rounded(.down)
                raw += [k * step, (k + 1) * step, (k - 1) * step, (k + 2) * step]
            }
        }
        if let step { raw += [step, 2 * step, step / 2, step * 1.5, 3 * step] }
        raw += [1e300, -1e300]
        var out: [JSONValue] = []
        var seen = Set<JSONNumber>()
        for v in raw where v.isFinite && (v == v.rounded()) == integer {
            guard let n = JSONNumber(v), seen.insert(n).inserted else { continue }
            out.append(.number(n))
        }
        // Exact bounds (avoid Double rounding) and decimal steps.
        for (bound, _) in [s.lower, s.upper].compactMap({ $0 }) where bound.isInteger == integer && seen.insert(bound).inserted {
            out.append(.number(bound))
        }
        // Just past an integer bound, written as the integer it is: past 2⁵³ a double's neighbour is written with an
        // exponent (9.223372036854776e18), which validators that read JSON numbers as floats take for no integer.
        if integer {
            var exact: [JSONValue] = []
            for (bound, _) in [s.lower, s.upper, near?.lower, near?.upper].compactMap({ $0 }) {
                guard let v = Int128(bound.text) else { continue }
                for n in [v + 1, v - 1] {
                    if let number = JSONNumber(String(n)), seen.insert(number).inserted { exact.append(.number(number)) }
                }
            }
            // Before the doubles near the same bounds: the first candidate that separates is the one shown.
            out = exact + out
        }
        return out
    }

    static let formatExamples: [String: [String]] = [
        "date-time": ["2026-01-01T00:00:00Z"], "date": ["2026-01-01"], "time": ["00:00:00Z"], "email": ["a@example.com"],
        "hostname": ["example.com"], "ipv4": ["192.0.2.1"], "ipv6": ["2001:db8::1"], "uri": ["https://example.com/"],
        "uri-reference": ["/a"], "uuid": ["5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10"], "regex": ["^a$"], "json-pointer": ["/a"],
        "relative-json-pointer": ["0"], "idn-hostname": ["example.com", "실례.테스트"], "idn-email": ["a@example.com"],
        "iri": ["https://example.com/"], "iri-reference": ["/a"], "uri-template": ["/a/{b}"],
    ]

    /// A string of the format with exactly `length` Unicode scalars, where the format has a part of free
    /// length; nil otherwise. Callers validate it, so this only has to be right most of the time.
    static func formatExample(_ format: String, length: Int) -> String? {
        guard length >= 0 && length <= 100_000 else { return nil }
        func pad(_ prefix: String, _ suffix: String, _ fill: Character = "a") -> String? {
            let free = length - prefix.count - suffix.count
            return free >= 0 ? prefix + String(repeating: fill, count: free) + suffix : nil
        }
        switch format {
        case "email", "idn-email":
            // RFC 5322's addr-spec puts no length limit on the local part (SMTP's 64 octets is transport).
            return length >= 13 ? pad("", "@example.com") : (length >= 3 ? pad("", "@b") : nil)
        case "uri", "iri": return pad("https://example.com/", "")
        case "uri-reference", "iri-reference", "json-pointer", "uri-template": return length >= 1 ? pad("/", "") : nil
        case "date-time": return length == 20 ? "2026-01-01T00:00:00Z" : (length >= 22 ? pad("2026-01-01T00:00:00.", "Z", "0") : nil)
        case "time": return length == 9 ? "00:00:00Z" : (length >= 11 ? pad("00:00:00.", "Z", "0") : nil)
        case "hostname", "idn-hostname":
            guard length >= 1 && length <= 253 else { return nil }
            var labels: [String] = []
            var remaining = length
            while remaining > 0 {
                let label = min(63, remaining)
                labels.append(String(repeating: "a", count: label))
                remaining -= label + 1
            }
            let s = labels.joined(separator: ".")
            return s.count == length ? s : (length >= 2 ? String(repeating: "a", count: length - 2) + ".a" : nil)
        default: return nil
        }
    }

    func stringCandidates(_ s: Shape) -> [JSONValue] {
        var out: [String] = []
        for f in s.formats { out += SubschemaChecker.formatExamples[f] ?? [] }
        // Without patterns, the plain strings below cover every length window: no automaton needed.
        if !s.string.patterns.isEmpty, budget.remaining > 0 {
            let key = StringConstraintKey(s.string)
            if let e = budget.stringExamples[key] {
                out.append(e)
            } else if let e = StringLanguages.example(s.string, maxStates: min(2_000, budget.remaining)) {
                out.append(e)
                budget.remaining -= 200
                budget.stringExamples[key] = e
            }
        }
        let n = s.string.minLength
        out += ["", "a", "A", "0", " ", "a b", "é", "😀"]
        // Long strings cost a build and a validation each: past a few thousand characters, length-only
        // separations are found by `strings` directly.
        if n <= 100_000 { out.append(String(repeating: "a", count: n)) }
        if let max = s.string.maxLength, max < 4_096 { out.append(String(repeating: "a", count: max + 1)) }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }.map(JSONValue.string)
    }

    /// How deep examples nest at most, recursive or not.
    static let maxBuildNesting = 64

    /// Starts building a value of `s` (false when one is already being built further out, or too deep).
    func startBuilding(_ s: Shape) -> Bool {
        guard budget.building.count < SubschemaChecker.maxBuildNesting, !budget.building.contains(s.refs) else { return false }
        budget.building.append(s.refs)
        return true
    }

    func arrayExample(_ s: Shape, length: Int, duplicate: Bool = false, replacing: (Int, JSONValue)? = nil) -> JSONValue? {
        guard length <= 1_000_000, startBuilding(s) else { return nil }
        defer { budget.building.removeLast() }
        // Past the work bound, no more large values are built (each costs its size to build and validate).
        guard length <= 1_000 || budget.remaining > 0 else { return nil }
        var items: [JSONValue] = []
        items.reserveCapacity(length)
        var previous: JSONValue?
        // Item examples depend only on the item schemas: computed once per distinct position schema.
        var options: [[Ref]: [JSONValue]] = [:]
        func optionsFor(_ refs: [Ref]) -> [JSONValue] {
            if let o = options[refs] { return o }
            let shape = flatten(refs)
            var found: [JSONValue] = []
            for kind in Kind.allCases where shape.kinds.contains(kind) {
                for c in candidates(shape, kind) where valid(c, refs) {
                    found.append(c)
                    if found.count >= (s.unique ? 64 : 1) { break }
                }
                if found.count >= (s.unique ? 64 : 1) { break }
            }
            options[refs] = found
            return found
        }
        var used = Set<JSONValue>()
        // The whole value stays under `maxExampleNodes` (a schema of a few bytes can ask for 100,000 rows of
        // 100,000 columns); sizes of repeated items are counted once.
        var nodes = 1
        var sizes: [JSONValue: Int] = [:]
        func add(_ item: JSONValue) -> Bool {
            let n = sizes[item] ?? { let n = SubschemaChecker.size(item); sizes[item] = n; return n }()
            nodes += n
            return nodes <= SubschemaChecker.maxExampleNodes
        }
        // Whether the previous item fits the position's schemas, asked once per run of positions sharing them.
        var previousFits: (refs: [Ref], fits: Bool)?
        for i in 0..<length {
            if let (index, value) = replacing, index == i {
                items.append(value)
                guard add(value) else { return nil }
                previous = value
                previousFits = nil
                continue
            }
            let refs = i < s.tuple.count ? s.tuple[i] : s.rest
            if duplicate, let p = previous {
                if previousFits?.refs != refs { previousFits = (refs, valid(p, refs)) }
                if previousFits?.fits == true {
                    items.append(p)
                    guard add(p) else { return nil }
                    continue
                }
            }
            let item: JSONValue
            if refs.isEmpty {
                item = .number(JSONNumber(i))
            } else {
                let choices = optionsFor(refs)
                guard !choices.isEmpty else { return nil }
                item = s.unique && !duplicate ? (choices.first { !used.contains($0) } ?? choices[0]) : choices[0]
            }
            items.append(item)
            guard add(item) else { return nil }
            // Positions past the tuple share one schema: the first item's size tells the whole array's.
            if i == s.tuple.count, s.tuple.isEmpty || i > 0, nodes + (length - i - 1) * (sizes[item] ?? 1) > SubschemaChecker.maxExampleNodes { return nil }
            used.insert(item)
            if item != previous { previousFits = nil }
            previous = item
        }
        let array = JSONValue.array(items)
        if length > 1_000 { charge(array, 1) }
        return array
    }

    /// An object with the required properties, topped up with optional and then unlisted ones until it
    /// has `minProperties` (or `atLeast`) properties.
    func objectExample(_ s: Shape, atLeast: Int = 0) -> JSONObject? {
        guard startBuilding(s) else { return nil }
        defer { budget.building.removeLast() }
        var object = JSONObject()
        func value(for name: String) -> JSONValue?? {
            guard let refs = propertyRefs(s, name) else { return .none }
            if refs.isEmpty { return .some("x") }
            let shape = flatten(refs)
            return .some(example(shape, shape.kinds))
        }
        for name in s.required.sorted() {
            guard let v = value(for: name), let v else { return nil }
            object[name] = v
        }
        let target = max(s.minProperties, atLeast)
        guard target <= 10_000 else { return nil }
        if object.count < target {
            for name in s.properties.keys.sorted() where object.count < target && object[name] == nil {
                if let v = value(for: name), let v { object[name] = v }
            }
            var i = 0
            while object.count < target && i < target + 16 {
                let name = "extra\(i)"
                i += 1
                if object[name] == nil, let v = value(for: name), let v { object[name] = v }
            }
            if object.count < target { return nil }
        }
        return object
    }
}

