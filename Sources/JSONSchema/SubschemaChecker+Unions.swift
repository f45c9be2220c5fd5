import JSONSyntax

/// Unions in the second schema where several branches admit the kind at hand (arrays and objects: the
/// scalar kinds are decided exactly before this is reached). Objects and arrays are not closed under
/// union, so the paper's canonical form stops here; what can still be decided exactly:
///
/// - Inclusion: pick one admitting branch per `anyOf`/`oneOf` group; if A is included in B's plain
///   keywords with those branches, and A is provably disjoint from every other admitting branch of each
///   `oneOf` group and from every `not` that admits the kind, then every value of A meets B. This is the
///   common shape of real schemas: alternatives told apart by a required property the others forbid, or
///   a discriminating value.
/// - Counterexamples: a value of A rejected by a branch that no other branch takes; or, for `oneOf`, a
///   value of A taken by two branches at once.
/// Everything else stays undecidable: soundness first.
extension SubschemaChecker {
    /// A conjunction of A restricted to the kind (the type node added once).
    func restricted(_ refs: [Ref], to kind: Kind) -> [Ref] {
        let t = typeRef(kind)
        return refs.contains(t) ? refs : refs + [t]
    }

    /// `{"type": T}` for the kind, to restrict a conjunction of A to it.
    func typeRef(_ kind: Kind) -> Ref {
        let name: String
        switch kind {
        case .null: name = "null"
        case .boolean: name = "boolean"
        case .integer: name = "integer"
        case .fraction: name = "number"
        case .string: name = "string"
        case .array: name = "array"
        case .object: name = "object"
        }
        return Ref(side: .a, node: a.typeNodes[name]!)
    }

    func bCombinators(_ kind: Kind, _ aShape: Shape, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], aExample: JSONValue?,
                      depth: Int, path: JSONPointer) -> (Verdict, JSONPointer) {
        if let aExample, !valid(aExample, bRefs) { return (.no(aExample, "an example of the first schema fails the second"), path) }
        let aOfKind = restricted(aRefs, to: kind)
        var unknown = "anyOf/oneOf/not in the second schema could not be decided"
        if !bShape.conditionals {
            let groups = bShape.anyOfs.map { ($0.filter { possibleKinds($0).contains(kind) }, false) }
                + bShape.oneOfs.map { ($0.filter { possibleKinds($0).contains(kind) }, true) }
            let combinations = groups.reduce(into: [[Ref]]([[]])) { acc, group in
                acc = acc.flatMap { combo in group.0.map { combo + [$0] } }
                if acc.count > 32 { acc = [] }
            }
            let base = combinatorFree(bShape)
            let notsHold = bShape.nots.allSatisfy { !possibleKinds($0).contains(kind) || provablyDisjoint(aOfKind, [$0], kind, checkerDepth: depth) }
            for combo in combinations {
                budget.remaining -= 1
                guard budget.remaining > 0 else { return (.unknown("the work bound of this check was reached"), path) }
                let (verdict, where_) = subsumes(aOfKind, base + combo, kinds: [kind], depth: depth + 1, path: path)
                switch verdict {
                case .yes:
                    // Each oneOf must take A's values through the chosen branch only.
                    let exclusive = zip(groups, combo).allSatisfy { group, chosen in
                        !group.1 || group.0.allSatisfy { $0 == chosen || provablyDisjoint(aOfKind, [$0], kind, checkerDepth: depth) }
                    }
                    if exclusive && notsHold { return (.yes, path) }
                    unknown = "a value of the first schema may match several oneOf branches of the second, or its 'not'"
                case .no(let w, let why):
                    // Rejected by these branches; another branch may still take it.
                    if valid(w, aRefs) && !valid(w, bRefs) { return (.no(w, why), where_) }
                case .unknown(let why):
                    unknown = why
                }
            }
            // Values of A taken by two branches of a oneOf.
            for (branches, exclusive) in groups where exclusive && branches.count > 1 {
                for i in 0..<branches.count {
                    for j in (i + 1)..<branches.count {
                        let both = flatten(aOfKind + [branches[i], branches[j]])
                        if let w = example(both, [kind]), valid(w, aRefs), !valid(w, bRefs) {
                            return (.no(w, "\(Validator.describe(w)) is allowed by the first schema and matches more than one oneOf branch of the second"), path)
                        }
                    }
                }
            }
        }
        for candidate in candidates(aShape, kind) where valid(candidate, aRefs) && !valid(candidate, bRefs) {
            return (separating(candidate), path)
        }
        return (.unknown(unknown), path)
    }

    /// No value of `kind` is valid under both conjunctions (sound, not complete: false means "not shown").
    /// `depth` counts nested disjointness questions; `checkerDepth` is the inclusion check's own depth, which
    /// the inclusion questions asked here continue (so a schema that negates itself ends at the depth bound).
    func provablyDisjoint(_ x: [Ref], _ y: [Ref], _ kind: Kind, depth: Int = 0, checkerDepth: Int) -> Bool {
        guard depth < 8, budget.remaining > 0 else { return false }
        budget.remaining -= 1
        if x.contains(where: { !possibleKinds($0).contains(kind) }) || y.contains(where: { !possibleKinds($0).contains(kind) }) { return true }
        let xs = flatten(x), ys = flatten(y)
        if xs.isFalse || ys.isFalse || !xs.kinds.contains(kind) || !ys.kinds.contains(kind) { return true }
        if shapesDisjoint(x, xs, y, ys, kind, depth: depth, checkerDepth: checkerDepth) { return true }
        // One side excludes (by `not N`) everything the other can be.
        for (one, other) in [(xs, y), (ys, x)] {
            for negated in one.nots {
                if case .yes = subsumes(restricted(other, to: kind), [negated], kinds: [kind], depth: checkerDepth + 1, path: []).0 { return true }
            }
        }
        // Alternatives: disjoint when every case is (a oneOf case over-approximates its values).
        for (split, whole, other) in [(xs, x, y), (ys, y, x)] where !split.anyOfs.isEmpty || !split.oneOfs.isEmpty {
            guard let cases = casesWithout(whole), cases.count <= 8, !(cases.count == 1 && cases[0].cases == whole) else { continue }
            if cases.allSatisfy({ provablyDisjoint($0.cases, other, kind, depth: depth + 1, checkerDepth: checkerDepth) }) { return true }
        }
        return false
    }

    /// Disjointness read off the flattened keywords alone.
    func shapesDisjoint(_ x: [Ref], _ xs: Shape, _ y: [Ref], _ ys: Shape, _ kind: Kind, depth: Int, checkerDepth: Int) -> Bool {
        if SubschemaChecker.scalarKinds.contains(kind) {
            if case .empty = scalarSearch(kind, all: [x, y], none: []) { return true }
            return false
        }
        if let values = xs.enumValues ?? ys.enumValues {
            return !values.contains { SubschemaChecker.kind(of: $0) == kind && valid($0, x) && valid($0, y) }
        }
        func absent(_ s: Shape, _ name: String) -> Bool {
            guard let refs = propertyRefs(s, name) else { return false }
            return refs.contains { possibleKinds($0).isEmpty }
        }
        switch kind {
        case .object:
            if xs.required.contains(where: { absent(ys, $0) }) || ys.required.contains(where: { absent(xs, $0) }) { return true }
            if (xs.maxProperties ?? Int.max) < max(ys.minProperties, ys.required.count)
                || (ys.maxProperties ?? Int.max) < max(xs.minProperties, xs.required.count) { return true }
            for name in xs.required.intersection(ys.required).sorted() {
                guard let px = propertyRefs(xs, name), let py = propertyRefs(ys, name) else { continue }
                if Kind.allCases.allSatisfy({ provablyDisjoint(px, py, $0, depth: depth + 1, checkerDepth: checkerDepth + 1) }) { return true }
            }
            return false
        case .array:
            if (xs.maxItems ?? Int.max) < ys.minItems || (ys.maxItems ?? Int.max) < xs.minItems { return true }
            // Positions every common value has.
            for i in 0..<min(max(xs.minItems, ys.minItems), 8) {
                let px = i < xs.tuple.count ? xs.tuple[i] : xs.rest
                let py = i < ys.tuple.count ? ys.tuple[i] : ys.rest
                if !px.isEmpty && !py.isEmpty && Kind.allCases.allSatisfy({ provablyDisjoint(px, py, $0, depth: depth + 1, checkerDepth: checkerDepth + 1) }) { return true }
            }
            return false
        default:
            return false
        }
    }

    /// An object valid under A and not B among the small ones: each name either schema mentions (at this
    /// level, through its combinators), plus one unlisted name, absent or holding one of a few example
    /// values of A's schemas for it. Bounded (at most 2,048 objects); nil when none separates them.
    func enumeratedObject(_ aRefs: [Ref], _ bRefs: [Ref]) -> JSONValue? {
        guard budget.remaining > 0, let nodes = combinatorClosure(aRefs + bRefs) else { return nil }
        var names = Set<String>()
        for r in nodes {
            let n = schema(r.side)[r.node]
            names.formUnion(n.properties.map(\.0))
            names.formUnion(n.required)
        }
        let aShape = flatten(aRefs), bShape = flatten(bRefs)
        if let fresh = freshName(avoiding: names, aShape, bShape) { names.insert(fresh) }
        guard names.count <= 6 else { return nil }
        var options: [(String, [JSONValue])] = []
        for name in names.sorted() {
            // Values A's schemas for the name allow, of every kind they allow; any value where A has none.
            let sources = nodes.filter { $0.side == .a }.compactMap { r in schema(r.side)[r.node].property(name).map { Ref(side: r.side, node: $0) } }
            var values: [JSONValue] = sources.isEmpty ? [.string("x")] : []
            for source in sources {
                let shape = flatten([source])
                for kind in Kind.byName where shape.kinds.contains(kind) && values.count < 4 {
                    if let v = example(shape, [kind]), !values.contains(v) { values.append(v) }
                }
            }
            options.append((name, values))
        }
        var total = 1
        for (_, values) in options { total *= values.count + 1 }
        guard total <= 2_048 else { return nil }
        budget.remaining -= total / 8
        for index in 0..<total {
            // Each combination may hold large values: past the work bound, stop (nothing is claimed).
            if index > 0 && budget.remaining <= 0 { return nil }
            let v = JSONValue.object(SubschemaChecker.object(index, options).object)
            if valid(v, aRefs) && !valid(v, bRefs) { return v }
        }
        return nil
    }

    /// The object numbered `index` among those that give each name of `options` either no value or one of its
    /// values (mixed radix: name by name, 0 for absent), and what is left of the index past the names.
    static func object(_ index: Int, _ options: [(String, [JSONValue])]) -> (object: JSONObject, rest: Int) {
        var rest = index
        var o = JSONObject()
        for (name, values) in options {
            let pick = rest % (values.count + 1)
            rest /= values.count + 1
            if pick > 0 { o[name] = values[pick - 1] }
        }
        return (o, rest)
    }
}
