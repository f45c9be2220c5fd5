import JSONSyntax

/// `not` as an operand over objects and arrays, where the paper's canonical form is not closed. Rather than
/// a normal form of the negation, inclusion questions with a negation are rewritten into inclusion questions
/// without it, each exact:
///
/// - A ⊆ B ∧ ¬X  ⟺  A ⊆ B and A ∧ X ⊆ ∅ (a value of both is the witness);
/// - A ⊆ O ∨ ¬Y₁ ∨ … ∨ ¬Yₖ (an `anyOf` with negated branches)  ⟺  A ∧ Y₁ ∧ … ∧ Yₖ ⊆ O;
/// - A ⊆ exactly one of O, ¬Y (a two-branch `oneOf`)  ⟺  A ∧ Y ⊆ O and A ∧ O ⊆ Y;
/// - A′ ∧ ¬X is empty when A′ ⊆ X; ¬¬X is X (in `flatten`).
///
/// So `anyOf`/`oneOf` of X and `not X` is universal (A ∧ X ⊆ X) and `allOf` of them is empty (X ⊆ X), for any X:
/// properties, items, dependencies, `$ref`s. Recursive `$ref`s meet the coinductive step in `subsumes`.
extension SubschemaChecker {
    /// The schema Y when `r` is `{"not": Y}` and nothing else (through `$ref`s), else nil.
    func pureNegation(_ r: Ref) -> Ref? {
        var r = r
        var hops = 0
        while let t = schema(r.side)[r.node].ref, hops < 64 {
            r = Ref(side: r.side, node: t)
            hops += 1
        }
        let n = schema(r.side)[r.node]
        guard n.boolean == nil, n.ref == nil, n.unresolvedRef == nil, let y = n.not, n.anyOf.isEmpty, n.oneOf.isEmpty, n.allOf.isEmpty,
              n.ifSchema == nil, universalKinds(Ref(side: r.side, node: schema(r.side).bareIndex(r.node))) == SubschemaChecker.allKinds
        else { return nil }
        return Ref(side: r.side, node: y)
    }

    func falseRef(_ side: Ref.Side) -> Ref { Ref(side: side, node: schema(side).falseNode) }

    /// The schemas a conjunction holds, through `$ref` and `allOf`.
    func closure(_ refs: [Ref]) -> Set<Ref> {
        var seen = Set<Ref>()
        var work = refs
        while let r = work.popLast(), seen.count < 4_096 {
            guard seen.insert(r).inserted else { continue }
            let n = schema(r.side)[r.node]
            if let t = n.ref { work.append(Ref(side: r.side, node: t)) }
            work += n.allOf.map { Ref(side: r.side, node: $0) }
            // `not not Y` holds Y.
            if let x = n.not, let y = pureNegation(Ref(side: r.side, node: x)) { work.append(y) }
        }
        return seen
    }

    /// Does the conjunction A hold every schema of B, or one equal to it keyword for keyword (so A ⊆ B)? The
    /// same X written twice (`anyOf: [X, {not: X}]`) is two nodes.
    func containsAll(_ aRefs: [Ref], _ bRefs: [Ref]) -> Bool {
        guard !bRefs.isEmpty else { return false }
        let held = closure(aRefs)
        // B's `not not Y` asks for Y.
        let wanted = bRefs.map { r in pureNegation(r).flatMap(pureNegation) ?? r }
        return wanted.allSatisfy { r in
            if held.contains(r) { return true }
            return held.prefix(64).contains { h in
                var equivalence = SchemaEquivalence(schema(h.side), schema(r.side), budget: 2_000)
                return equivalence.equal(h.node, r.node)
            }
        }
    }

    /// A′ ∧ ¬X₁ ∧ … holds no value of the kind when A′ (A without its negations) ⊆ some Xᵢ.
    func emptyByNegation(_ aShape: Shape, _ kind: Kind, depth: Int, path: JSONPointer) -> Bool {
        guard !aShape.nots.isEmpty, depth < maxDepth else { return false }
        let positive = restricted(aShape.refs.map { Ref(side: $0.side, node: schema($0.side).positiveIndex($0.node)) }, to: kind)
        for x in aShape.nots where possibleKinds(x).contains(kind) {
            if subsumes(positive, [x], kinds: [kind], depth: depth + 1, path: path).0.holds { return true }
        }
        return false
    }

    /// B's negations and its unions with negated branches, taken apart by the rewrites above for one kind (arrays
    /// or objects). Nil when B has none, or has a union the rewrites do not cover (the branch machinery's).
    func negationSplit(_ kind: Kind, _ aRefs: [Ref], _ bShape: Shape, _ bRefs: [Ref], depth: Int, path: JSONPointer) -> (Verdict, JSONPointer)? {
        guard kind == .array || kind == .object, !bShape.conditionals else { return nil }
        let aOfKind = restricted(aRefs, to: kind)
        let never = falseRef(.b)
        var base = combinatorFree(bShape)
        var checks: [(a: [Ref], b: [Ref])] = []
        for x in bShape.nots where possibleKinds(x).contains(kind) { checks.append((aOfKind + [x], [never])) }
        for (group, exclusive) in bShape.anyOfs.map({ ($0, false) }) + bShape.oneOfs.map({ ($0, true) }) {
            let fitting = group.filter { possibleKinds($0).contains(kind) }
            let negated = fitting.map(pureNegation)
            let ys = negated.compactMap { $0 }
            let others = zip(fitting, negated).filter { $0.1 == nil }.map(\.0)
            if ys.isEmpty {
                // A plain union: exact here only when one branch admits the kind.
                guard fitting.count == 1 else { return nil }
                base.append(fitting[0])
                continue
            }
            if exclusive {
                guard ys.count == 1, others.count <= 1 else { return nil }
                if let o = others.first {
                    checks.append((aOfKind + ys, [o]))
                    checks.append((aOfKind + [o], ys))
                } else {
                    checks.append((aOfKind + ys, [never]))
                }
            } else {
                guard others.count <= 1 else { return nil }
                checks.append((aOfKind + ys, others.isEmpty ? [never] : others))
            }
        }
        guard !checks.isEmpty else { return nil }
        var unknown: (String, JSONPointer)?
        for (x, y) in [(aOfKind, base)] + checks {
            let (verdict, where_) = subsumes(x, y, kinds: [kind], depth: depth + 1, path: path)
            switch verdict {
            case .yes: continue
            case .no(let w, let why):
                // Each rewrite's counterexample is one of B's: confirmed on the whole schemas all the same.
                if SubschemaChecker.kind(of: w) == kind, valid(w, aRefs), !valid(w, bRefs) {
                    return (.no(w, y == [never] ? "\(Validator.describe(w)) is allowed by the first schema and excluded by the second's 'not'" : why), where_)
                }
                if unknown == nil { unknown = ("a candidate counterexample did not hold up", where_) }
            case .unknown(let why): if unknown == nil { unknown = (why, where_) }
            }
        }
        if let (why, where_) = unknown { return (.unknown(why), where_) }
        return (.yes, path)
    }
}
