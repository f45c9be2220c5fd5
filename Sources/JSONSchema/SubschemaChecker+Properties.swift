import JSONSyntax

/// Every independent incompatibility, not only the first: Snowplow's Console reports a verdict per property,
/// and a refinement wrong in three places should say so three times, each with its own example.
///
/// B is cut into *units*: each property of an object schema (recursively, through plain object schemas), and
/// each object schema's own keywords with its properties left unconstrained (`required`, `type`,
/// `additionalProperties`…). A unit is B with every other constraint dropped, so it accepts at least what B
/// accepts: an event A accepts and a unit rejects is one B rejects. Each unit is checked against A on its
/// own; the witnesses are confirmed against A and the whole of B by the validator, so the list is as sound as
/// `check()`. Interplay the units cannot show (a constraint that only fails together with another) leaves the
/// list empty and the caller keeps the single verdict.
extension SubschemaChecker {
    /// Units examined at most: an Iglu schema has dozens of properties, not thousands; past this many the
    /// single verdict stands.
    public static let maxUnits = 64

    /// The incompatibilities of A ⊆ B, one per unit of B (see above), in B's property order; empty when B
    /// cannot be cut or no unit alone fails. Each is `.incompatible`.
    public static func incompatibilities(_ a: CompiledSchema, _ b: CompiledSchema) -> [SubschemaResult] {
        guard let units = PropertyUnits(b).units else { return [] }
        // The whole pair's checker: its validators confirm each witness, its examples repair them.
        let both = SubschemaChecker(a, b)
        func separates(_ v: JSONValue) -> Bool { both.validatorA.isValid(v) && !both.validatorB.isValid(v) }
        var found: [SubschemaResult] = []
        for (unit, path) in units {
            guard case .incompatible(let witness, let reason, let pathA, let pathB) = SubschemaChecker(a, unit).check(), separates(witness) else { continue }
            // The unit left the other properties free: where the example holds one B rejects too, put a value
            // both schemas accept, so that each example shows its own incompatibility and no other.
            var shown = witness
            if let better = both.agreeing(witness, except: path), separates(better) { shown = better }
            found.append(.incompatible(witness: shown, reason: reason, pathInA: pathA, pathInB: pathB))
        }
        return found
    }

    /// `witness` with the properties beside the unit's own (at each level of `path`) replaced by values A and
    /// B both accept; nil when nothing was replaced.
    func agreeing(_ witness: JSONValue, except path: [String]) -> JSONValue? {
        var changed = false
        func walk(_ value: JSONValue, _ nodeA: Int?, _ nodeB: Int?, _ depth: Int) -> JSONValue {
            guard case .object(var object) = value else { return value }
            let own = depth < path.count ? path[depth] : nil
            for key in object.keys {
                let childA = nodeA.flatMap { a.nodes[$0].property(key) }
                let childB = nodeB.flatMap { b.nodes[$0].property(key) }
                if key == own {
                    object[key] = walk(object[key]!, childA, childB, depth + 1)
                } else if let childA, let childB, !valid(object[key]!, [Ref(side: .b, node: childB)]),
                          let v = example(flatten([Ref(side: .a, node: childA), Ref(side: .b, node: childB)]), Set(Kind.allCases)) {
                    object[key] = v
                    changed = true
                }
            }
            return .object(object)
        }
        let result = walk(witness, a.root, b.root, 0)
        return changed ? result : nil
    }
}

/// The units of a schema B (see `SubschemaChecker.incompatibilities`), each a compiled schema of its own.
struct PropertyUnits {
    let b: CompiledSchema
    /// B's own nodes, then the nodes units add.
    var nodes: [SchemaNode]
    let universal: Int
    static let maxNodes = 20_000
    /// Each unit with the property path it stands for (empty: the root's own keywords).
    var units: [(CompiledSchema, [String])]? = []

    init(_ b: CompiledSchema) {
        self.b = b
        universal = b.ownCount
        nodes = []
        // Each unit is a compiled schema over B's nodes: a huge B would cost 64 copies of it.
        guard b.ownCount <= PropertyUnits.maxNodes, plain(b.root), !b.nodes[b.root].properties.isEmpty else {
            units = nil
            return
        }
        nodes = Array(b.nodes[0..<b.ownCount]) + [SchemaNode(documentURI: "", pointer: [], range: nil)]
        collect(b.root, path: [], depth: 0)
        if let count = units?.count, count < 2 { units = nil }
    }

    /// A node whose properties apply as written: no `$ref` replacing it, no combinator around them.
    func plain(_ i: Int) -> Bool {
        let n = b.nodes[i]
        return n.boolean == nil && n.ref == nil && n.unresolvedRef == nil && n.allOf.isEmpty && n.anyOf.isEmpty && n.oneOf.isEmpty
            && n.not == nil && n.ifSchema == nil
    }

    mutating func collect(_ node: Int, path: [String], depth: Int) {
        guard units != nil else { return }
        // The node's own keywords, its properties unconstrained (names kept: additionalProperties depends on them).
        let residual = b.nodes[node].copied()
        residual.properties = residual.properties.map { ($0.0, universal) }
        add(path: path, target: append(residual))
        for (name, child) in b.nodes[node].properties {
            if depth < 3, plain(child), !b.nodes[child].properties.isEmpty {
                collect(child, path: path + [name], depth: depth + 1)
            } else {
                add(path: path + [name], target: child)
            }
        }
    }

    /// A unit: `target` at `path`, every ancestor holding nothing but the way down.
    mutating func add(path: [String], target: Int) {
        guard var count = units?.count else { return }
        count += 1
        guard count <= SubschemaChecker.maxUnits else {
            units = nil
            return
        }
        var inner = target
        for name in path.reversed() {
            let holder = SchemaNode(documentURI: b.nodes[b.root].documentURI, pointer: [], range: nil)
            holder.properties = [(name, inner)]
            inner = append(holder)
        }
        units?.append((CompiledSchema(nodes: nodes, root: inner, draft: b.draft, diagnostics: []), path))
    }

    mutating func append(_ node: SchemaNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }
}
