import JSONSyntax

/// Objects decided exactly by their regions (#41), where the keywords that bear on objects are ones an object's
/// region fixes. Objects are not closed under union, so `anyOf`/`oneOf`/`not` over object keywords in the second
/// schema (or a first schema's `oneOf` whose cases overlap) are beyond the per-keyword comparison. But when both
/// schemas say of an object only which names it has (`required`, `min`/`maxProperties`, `dependencies`) and what
/// kinds of value each name holds (`properties`, `additionalProperties`; `type`, and `enum`/`const` without objects;
/// a schema dependency's keywords where its name is present), every object
/// behaves, under every schema of both, like a small one:
///
/// - a name either schema lists is absent or holds a value of one *cell*: the values that meet exactly the same of
///   the schemas that apply to the name (its `properties` entries, and the `additionalProperties` of the nodes that
///   do not list it). A cell is found exactly, or the question is left alone: scalar kinds by the exact scalar
///   search; objects and arrays only where none of those schemas looks inside them (so `{}` and `[]` stand for all);
/// - other names are interchangeable (no `patternProperties` or `propertyNames`): only how many hold a value of
///   each cell of the `additionalProperties` schemas matters: which cells occur, and the count only up to the
///   largest `minProperties`/`maxProperties` bound plus one.
///
/// Every such small object is built and both validators judge it: one that A accepts and B rejects is a witness;
/// none means A ⊆ B on objects, exactly. Bounded: nil (not decided) past 6 names, 6 distinct schemas per name or
/// 20,000 objects.
extension SubschemaChecker {
    func objectsByRegions(_ aRefs: [Ref], _ bRefs: [Ref]) -> Verdict? {
        guard budget.remaining > 0, var nodes = combinatorClosure(aRefs + bRefs) else { return nil }
        var names = Set<String>()
        var countBound = 0
        // `dependencies`: a property dependency names names (whose presence the regions fix); a schema dependency
        // is a schema of the whole object, in force where its name is present, so its keywords join the others.
        var index = 0
        while index < nodes.count {
            let r = nodes[index]
            index += 1
            for (name, dependency) in schema(r.side)[r.node].dependencies {
                names.insert(name)
                switch dependency {
                case .properties(let required): names.formUnion(required)
                case .schema(let s):
                    guard let more = combinatorClosure([Ref(side: r.side, node: s)]) else { return nil }
                    for m in more where !nodes.contains(m) { nodes.append(m) }
                }
            }
            guard nodes.count <= 256 else { return nil }
        }
        for r in nodes {
            let n = schema(r.side)[r.node]
            guard n.patternProperties.isEmpty, n.propertyNames == nil else { return nil }
            if let values = n.enumValues, values.contains(where: { SubschemaChecker.kind(of: $0) == .object }) { return nil }
            if let c = n.constValue, SubschemaChecker.kind(of: c) == .object { return nil }
            names.formUnion(n.properties.map(\.0))
            names.formUnion(n.required)
            countBound = max(countBound, n.minProperties ?? 0, n.maxProperties ?? 0)
        }
        guard names.count <= 6, countBound <= 8 else { return nil }
        // The schemas that apply to a name: its `properties` entries, and `additionalProperties` where not listed.
        func applying(to name: String?) -> [Ref] {
            var out: [Ref] = []
            for r in nodes {
                let n = schema(r.side)[r.node]
                if let name, let p = n.property(name) { out.append(Ref(side: r.side, node: p)) } else if let ap = n.additionalProperties { out.append(Ref(side: r.side, node: ap)) }
            }
            return SubschemaChecker.distinctInOrder(out)
        }
        var options: [(String, [JSONValue])] = []
        for name in names.sorted() {
            guard let cells = cellValues(applying(to: name)) else { return nil }
            options.append((name, cells))
        }
        guard let extraCells = cellValues(applying(to: nil)) else { return nil }
        // Enough other names for every count a bound tells apart, and for every set of cells at once (the
        // `additionalProperties` schemas hold of all other names: which cells occur matters, not how often).
        var extraNames: [String] = []
        var i = 0
        while extraNames.count < max(countBound + 1, extraCells.count) {
            if !names.contains("x\(i)") { extraNames.append("x\(i)") }
            i += 1
        }
        // The objects: each listed name absent or one cell; then 0…countBound+1 other names, as a multiset of cells.
        var total = 1
        for (_, values) in options { total *= values.count + 1 }
        guard let multisets = SubschemaChecker.multisets(of: extraCells.count, sizes: 0...extraNames.count, limit: 20_000 / total) else { return nil }
        total *= multisets.count
        guard total <= 20_000 else { return nil }
        budget.remaining -= total / 16
        for index in 0..<total {
            if index > 0 && index % 256 == 0 && budget.remaining <= 0 { return nil }
            var (o, rest) = SubschemaChecker.object(index, options)
            for (slot, cell) in multisets[rest].enumerated() { o[extraNames[slot]] = extraCells[cell] }
            let v = JSONValue.object(o)
            if valid(v, aRefs) && !valid(v, bRefs) { return separating(v) }
        }
        return .yes
    }

    /// The multisets of `count` cells (as non-decreasing index lists) of each size in `sizes`, smallest first; nil
    /// when there are more than `limit`.
    static func multisets(of count: Int, sizes: ClosedRange<Int>, limit: Int) -> [[Int]]? {
        var frontier: [[Int]] = [[]]
        var out: [[Int]] = sizes.contains(0) ? [[]] : []
        for size in 1...max(1, sizes.upperBound) where size <= sizes.upperBound {
            frontier = frontier.flatMap { m in ((m.last ?? 0)..<count).map { m + [$0] } }
            if sizes.contains(size) { out += frontier }
            guard out.count <= limit else { return nil }
        }
        return out
    }

    /// `refs` without repeats, in a fixed order (A's before B's, by node): cells and candidates come out the same
    /// on every run.
    static func distinctInOrder(_ refs: [Ref]) -> [Ref] {
        Array(Set(refs)).sorted { ($0.side == .a ? 0 : 1, $0.node) < ($1.side == .a ? 0 : 1, $1.node) }
    }

    /// One value of each cell of `schemas` (the values that meet exactly the same of them), or nil where a cell cannot
    /// be found exactly (more than 6 distinct schemas; a string search that gives up; a schema that looks inside objects or
    /// arrays).
    func cellValues(_ given: [Ref]) -> [JSONValue]? {
        // Schemas that split nothing (`{}`) or split as another does (the same keywords, on either side) are left
        // out: they do not change the cells.
        var schemas: [Ref] = []
        for r in given where universalKinds(r) != SubschemaChecker.allKinds {
            let same = schemas.contains { s in
                var equivalence = SchemaEquivalence(schema(s.side), schema(r.side))
                return equivalence.equal(s.node, r.node)
            }
            if !same { schemas.append(r) }
        }
        guard schemas.count <= 6 else { return nil }
        guard schemas.isEmpty || !looksInsideContainers(schemas) else { return nil }
        var out: [JSONValue] = []
        var seen = Set<[Bool]>()
        func add(_ v: JSONValue) {
            if seen.insert(schemas.map { valid(v, [$0]) }).inserted { out.append(v) }
        }
        add(.object(JSONObject()))
        add(.array([]))
        // Per scalar kind, the cells found by splitting on one schema at a time: a part whose known value already
        // falls on one side needs no search for it, and an empty part is not split further.
        for kind in SubschemaChecker.scalarKinds {
            func search(_ inside: [Int], _ outside: [Int]) -> ScalarSearch {
                budget.remaining -= 1
                return scalarSearch(kind, all: inside.map { [schemas[$0]] } + [[typeRef(kind)]], none: outside.map { [schemas[$0]] })
            }
            var parts: [(inside: [Int], outside: [Int], value: JSONValue)] = []
            switch search([], []) {
            case .found(let v): parts = [([], [], v)]
            case .empty: continue
            case .unsupported: return nil
            }
            for i in schemas.indices {
                var next: [(inside: [Int], outside: [Int], value: JSONValue)] = []
                for part in parts {
                    let known = valid(part.value, [schemas[i]])
                    next.append(known ? (part.inside + [i], part.outside, part.value) : (part.inside, part.outside + [i], part.value))
                    let other = known ? (part.inside, part.outside + [i]) : (part.inside + [i], part.outside)
                    switch search(other.0, other.1) {
                    case .found(let v): next.append((other.0, other.1, v))
                    case .empty: continue
                    case .unsupported: return nil
                    }
                }
                parts = next
            }
            parts.forEach { add($0.value) }
        }
        return out
    }

    /// Whether a schema (through its combinators and `$ref`s) says anything of an object's or an array's contents:
    /// then `{}` and `[]` do not stand for every object and array.
    func looksInsideContainers(_ schemas: [Ref]) -> Bool {
        guard let nodes = combinatorClosure(schemas) else { return true }
        return nodes.contains { r in
            let n = schema(r.side)[r.node]
            return !n.properties.isEmpty || !n.required.isEmpty || n.additionalProperties != nil || !n.patternProperties.isEmpty
                || n.minProperties != nil || n.maxProperties != nil || !n.dependencies.isEmpty || n.propertyNames != nil
                || n.items != nil || n.tupleItems != nil || n.additionalItems != nil || n.minItems != nil || n.maxItems != nil
                || n.uniqueItems || n.contains != nil
                || (n.enumValues ?? []).contains { [.object, .array].contains(SubschemaChecker.kind(of: $0)) }
                || n.constValue.map { [.object, .array].contains(SubschemaChecker.kind(of: $0)) } == true
        }
    }
}
