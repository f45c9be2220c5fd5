import JSONSyntax

/// Arrays decided exactly by their regions (#41), as objects are (`objectsByRegions`): where the keywords that bear
/// on arrays say only how long an array is (`minItems`, `maxItems`) and what kinds of value each position holds
/// (`items`, tuple `items`, `additionalItems`, `contains`; `type`, and `enum`/`const` without arrays), and no
/// `uniqueItems` (which makes items depend on each other), every array behaves like a small one:
///
/// - a tuple position holds a value of one cell of the schemas that apply there (its tuple entry or the item
///   schema, and every `contains` schema: they split positions by whether they match);
/// - the positions past the longest tuple are interchangeable: which cells occur matters (`items` holds of all of
///   them, `contains` of one), and the length only up to the largest bound plus one.
///
/// Every such array is built and both validators judge it. Bounded like objects: nil past 20,000 arrays, 6 distinct
/// schemas per position, or a cell the exact searches cannot find.
extension SubschemaChecker {
    func arraysByRegions(_ aRefs: [Ref], _ bRefs: [Ref]) -> Verdict? {
        guard budget.remaining > 0, let nodes = combinatorClosure(aRefs + bRefs) else { return nil }
        var tupleLength = 0
        var lengthBound = 0
        var contains: [Ref] = []
        for r in nodes {
            let n = schema(r.side)[r.node]
            guard !n.uniqueItems else { return nil }
            if let values = n.enumValues, values.contains(where: { SubschemaChecker.kind(of: $0) == .array }) { return nil }
            if let c = n.constValue, SubschemaChecker.kind(of: c) == .array { return nil }
            tupleLength = max(tupleLength, n.tupleItems?.count ?? 0)
            lengthBound = max(lengthBound, n.minItems ?? 0, n.maxItems ?? 0)
            if let c = n.contains { contains.append(Ref(side: r.side, node: c)) }
        }
        guard tupleLength <= 6, lengthBound <= 8 else { return nil }
        // The schemas that apply at a position (nil: any position past every tuple).
        func applying(at position: Int?) -> [Ref] {
            var out = contains
            for r in nodes {
                let n = schema(r.side)[r.node]
                if let tuple = n.tupleItems {
                    if let position, position < tuple.count { out.append(Ref(side: r.side, node: tuple[position])) } else if let extra = n.additionalItems {
                        out.append(Ref(side: r.side, node: extra))
                    }
                } else if let items = n.items {
                    out.append(Ref(side: r.side, node: items))
                }
            }
            return SubschemaChecker.distinctInOrder(out)
        }
        var positions: [[JSONValue]] = []
        for i in 0..<tupleLength {
            guard let cells = cellValues(applying(at: i)) else { return nil }
            positions.append(cells)
        }
        guard let restCells = cellValues(applying(at: nil)) else { return nil }
        // Arrays shorter than the longest tuple: every length, every cell at each position.
        var candidates = 0
        var prefixes: [[JSONValue]] = [[]]
        var arrays: [JSONValue] = [.array([])]
        for cells in positions {
            prefixes = prefixes.flatMap { p in cells.map { p + [$0] } }
            candidates += prefixes.count
            guard candidates <= 20_000 else { return nil }
            arrays += prefixes.map { .array($0) }
        }
        // Then the full tuple and 1…E more items, as multisets of the rest's cells.
        let extra = max(lengthBound + 1, restCells.count)
        guard let multisets = SubschemaChecker.multisets(of: restCells.count, sizes: 1...extra, limit: (20_000 - candidates) / prefixes.count) else { return nil }
        budget.remaining -= (candidates + prefixes.count * multisets.count) / 16
        for v in arrays where valid(v, aRefs) && !valid(v, bRefs) { return separating(v) }
        var index = 0
        for prefix in prefixes {
            for m in multisets {
                index += 1
                if index % 256 == 0 && budget.remaining <= 0 { return nil }
                let v = JSONValue.array(prefix + m.map { restCells[$0] })
                if valid(v, aRefs) && !valid(v, bRefs) { return separating(v) }
            }
        }
        return .yes
    }
}
