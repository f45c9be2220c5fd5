/// Which kinds of value a schema can accept at all, and which it accepts every value of, through its
/// combinators. Both are approximations in the safe direction (possible ⊇ the truth, universal ⊆ it):
/// they let a `not` or a union branch be dropped for a kind it cannot touch, the paper's "push `not`
/// down where the type allows".
extension SubschemaChecker {
    /// Kinds of which some value may be valid (an over-approximation).
    func possibleKinds(_ r: Ref, depth: Int = 0) -> Set<Kind> {
        if let known = budget.possibleKinds[r] { return known }
        let found = computePossibleKinds(r, depth: depth)
        budget.possibleKinds[r] = found
        return found
    }

    /// Kinds of which every value is valid (an under-approximation).
    func universalKinds(_ r: Ref, depth: Int = 0) -> Set<Kind> {
        if let known = budget.universalKinds[r] { return known }
        let found = computeUniversalKinds(r, depth: depth)
        budget.universalKinds[r] = found
        return found
    }

    private func computePossibleKinds(_ r: Ref, depth: Int) -> Set<Kind> {
        let all = SubschemaChecker.allKinds
        guard depth < 16 else { return all }
        let n = schema(r.side)[r.node]
        if let b = n.boolean { return b ? all : [] }
        func sub(_ i: Int) -> Ref { Ref(side: r.side, node: i) }
        var kinds = all
        if let t = n.ref { kinds.formIntersection(possibleKinds(sub(t), depth: depth + 1)) }
        if let t = n.types { kinds.formIntersection(SubschemaChecker.kinds(of: t)) }
        if let values = n.enumValues { kinds.formIntersection(values.map(SubschemaChecker.kind(of:))) }
        if let c = n.constValue { kinds.formIntersection([SubschemaChecker.kind(of: c)]) }
        for i in n.allOf { kinds.formIntersection(possibleKinds(sub(i), depth: depth + 1)) }
        for group in [n.anyOf, n.oneOf] where !group.isEmpty {
            kinds.formIntersection(group.reduce(into: Set<Kind>()) { $0.formUnion(possibleKinds(sub($1), depth: depth + 1)) })
        }
        if let x = n.not { kinds.subtract(universalKinds(sub(x), depth: depth + 1)) }
        if let c = n.ifSchema {
            // Either the condition holds (then `then`) or not (then `else`).
            let then = n.thenSchema.map { possibleKinds(sub($0), depth: depth + 1) } ?? all
            let otherwise = n.elseSchema.map { possibleKinds(sub($0), depth: depth + 1) } ?? all
            kinds.formIntersection(then.intersection(possibleKinds(sub(c), depth: depth + 1)).union(otherwise))
        }
        return kinds
    }

    private func computeUniversalKinds(_ r: Ref, depth: Int) -> Set<Kind> {
        let all = SubschemaChecker.allKinds
        guard depth < 16 else { return [] }
        let n = schema(r.side)[r.node]
        if let b = n.boolean { return b ? all : [] }
        if n.unresolvedRef != nil { return [] }
        func sub(_ i: Int) -> Ref { Ref(side: r.side, node: i) }
        var kinds = all
        if let t = n.ref { kinds.formIntersection(universalKinds(sub(t), depth: depth + 1)) }
        if let t = n.types { kinds.formIntersection(SubschemaChecker.kinds(of: t)) }
        if n.enumValues != nil || n.constValue != nil { return [] }
        if n.minimum != nil || n.maximum != nil || n.exclusiveMinimum != nil || n.exclusiveMaximum != nil || n.multipleOf != nil {
            kinds.subtract([.integer, .fraction])
        }
        if n.minLength ?? 0 > 0 || n.maxLength != nil || n.pattern != nil || n.format != nil {
            kinds.remove(.string)
        }
        let itemNodes = [n.items, n.additionalItems, n.contains].compactMap { $0 } + (n.tupleItems ?? [])
        if n.minItems ?? 0 > 0 || n.maxItems != nil || n.uniqueItems || n.contains != nil
            || itemNodes.contains(where: { !universalKinds(sub($0), depth: depth + 1).isSuperset(of: all) }) {
            kinds.remove(.array)
        }
        let propertyNodes = n.properties.map(\.1) + n.patternProperties.map(\.1) + [n.additionalProperties, n.propertyNames].compactMap { $0 }
        if !n.required.isEmpty || n.minProperties ?? 0 > 0 || n.maxProperties != nil || !n.dependencies.isEmpty
            || propertyNodes.contains(where: { !universalKinds(sub($0), depth: depth + 1).isSuperset(of: all) }) {
            kinds.remove(.object)
        }
        for i in n.allOf { kinds.formIntersection(universalKinds(sub(i), depth: depth + 1)) }
        if !n.anyOf.isEmpty {
            kinds.formIntersection(n.anyOf.reduce(into: Set<Kind>()) { $0.formUnion(universalKinds(sub($1), depth: depth + 1)) })
        }
        if !n.oneOf.isEmpty {
            // Exactly one branch takes every value of the kind and no other branch takes any.
            let branches = n.oneOf.map { (universalKinds(sub($0), depth: depth + 1), possibleKinds(sub($0), depth: depth + 1)) }
            kinds = kinds.filter { k in
                branches.filter { $0.0.contains(k) }.count == 1 && branches.filter { $0.1.contains(k) }.count == 1
            }
        }
        if let x = n.not { kinds.subtract(possibleKinds(sub(x), depth: depth + 1)) }
        if n.ifSchema != nil {
            let then = n.thenSchema.map { universalKinds(sub($0), depth: depth + 1) } ?? all
            let otherwise = n.elseSchema.map { universalKinds(sub($0), depth: depth + 1) } ?? all
            kinds.formIntersection(then.intersection(otherwise))
        }
        return kinds
    }
}
