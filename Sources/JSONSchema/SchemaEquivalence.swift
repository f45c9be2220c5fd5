import JSONSyntax

/// Structural equality of two compiled (sub)schemas, possibly from different documents and drafts.
///
/// Why: a scenario very often copies its source schema (or one property of it) verbatim. Deciding
/// inclusion on such a pair would run every per-type procedure and can end "undecidable" on a construct
/// the checker does not model (`anyOf` in the second schema, `patternProperties`…), which a user would see
/// as a false warning. Two schemas with the same assertions accept the same values, whatever they contain.
///
/// Compiled nodes are compared, not source text: draft differences (`exclusiveMaximum` as a boolean or a
/// number) are already normalized, and annotations (`title`, `description`) are ignored. `$ref` cycles are
/// compared coinductively: a pair being compared is assumed equal, which is sound for equality of the
/// (greatest-fixpoint) languages two mutually recursive node graphs describe.
struct SchemaEquivalence {
    let a: CompiledSchema
    let b: CompiledSchema
    private var assumed = Set<Pair>()
    private var budget: Int

    struct Pair: Hashable { var a: Int; var b: Int }

    init(_ a: CompiledSchema, _ b: CompiledSchema, budget: Int = 20_000) {
        self.a = a
        self.b = b
        self.budget = budget
    }

    mutating func equal(_ i: Int, _ j: Int) -> Bool {
        var x = a[i], y = b[j]
        // `$ref` siblings are ignored by drafts 4–7: follow the reference on both sides.
        var hops = 0
        while let t = x.ref, hops < 64 { x = a[t]; hops += 1 }
        hops = 0
        while let t = y.ref, hops < 64 { y = b[t]; hops += 1 }
        if x.ref != nil || y.ref != nil { return false }
        budget -= 1
        guard budget > 0 else { return false }
        guard assumed.insert(Pair(a: i, b: j)).inserted else { return true }
        guard x.unresolvedRef == nil, y.unresolvedRef == nil, x.boolean == y.boolean,
              x.types.map(Set.init) == y.types.map(Set.init),
              x.enumValues.map(Set.init) == y.enumValues.map(Set.init), x.constValue == y.constValue,
              x.multipleOf == y.multipleOf, x.maximum == y.maximum, x.minimum == y.minimum,
              x.exclusiveMaximum == y.exclusiveMaximum, x.exclusiveMinimum == y.exclusiveMinimum,
              x.minLength == y.minLength, x.maxLength == y.maxLength, x.pattern?.source == y.pattern?.source, x.format == y.format,
              x.contentMediaType == y.contentMediaType, x.contentEncoding == y.contentEncoding,
              x.minItems == y.minItems, x.maxItems == y.maxItems, x.uniqueItems == y.uniqueItems,
              Set(x.required) == Set(y.required), x.minProperties == y.minProperties, x.maxProperties == y.maxProperties,
              x.properties.count == y.properties.count, x.patternProperties.count == y.patternProperties.count,
              x.dependencies.count == y.dependencies.count, x.tupleItems?.count == y.tupleItems?.count,
              x.allOf.count == y.allOf.count, x.anyOf.count == y.anyOf.count, x.oneOf.count == y.oneOf.count
        else { return false }
        guard optional(x.items, y.items), optional(x.additionalItems, y.additionalItems), optional(x.contains, y.contains),
              optional(x.additionalProperties, y.additionalProperties), optional(x.propertyNames, y.propertyNames),
              optional(x.not, y.not), optional(x.ifSchema, y.ifSchema), optional(x.thenSchema, y.thenSchema),
              optional(x.elseSchema, y.elseSchema)
        else { return false }
        if let xt = x.tupleItems, let yt = y.tupleItems, !zip(xt, yt).allSatisfy({ equal($0, $1) }) { return false }
        for (name, node) in x.properties {
            guard let other = y.property(name), equal(node, other) else { return false }
        }
        for ((px, nx), (py, ny)) in zip(x.patternProperties, y.patternProperties) {
            guard px.source == py.source, equal(nx, ny) else { return false }
        }
        let yDependencies = Dictionary(y.dependencies, uniquingKeysWith: { first, _ in first })
        for (name, dx) in x.dependencies {
            switch (dx, yDependencies[name]) {
            case (.properties(let p), .properties(let q)?): if Set(p) != Set(q) { return false }
            case (.schema(let s), .schema(let t)?): if !equal(s, t) { return false }
            default: return false
            }
        }
        // Combinator branches in the same order: reordered branches are answered by the checker proper.
        return zip(x.allOf, y.allOf).allSatisfy { equal($0, $1) }
            && zip(x.anyOf, y.anyOf).allSatisfy { equal($0, $1) }
            && zip(x.oneOf, y.oneOf).allSatisfy { equal($0, $1) }
    }

    private mutating func optional(_ i: Int?, _ j: Int?) -> Bool {
        switch (i, j) {
        case (nil, nil): return true
        case let (p?, q?): return equal(p, q)
        default: return false
        }
    }
}
