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
    /// Units examined at most (a guard against hostile schemas: the units share one checker, so 10,000 properties
    /// cost ten times 1,000); past this many the single verdict stands.
    public static let maxUnits = 100_000
    /// The work all units together may spend, in budgets of one check: past it, the incompatibilities found so
    /// far are the answer (each is confirmed; some may be missing).
    static let maxUnitBudgets = 8

    /// The incompatibilities of A ⊆ B, one per unit of B (see above), in B's property order; empty when B
    /// cannot be cut or no unit alone fails. Each is `.incompatible`.
    public static func incompatibilities(_ a: CompiledSchema, _ b: CompiledSchema) -> [SubschemaResult] {
        let cut = PropertyUnits(b)
        guard let roots = cut.roots, roots.count >= 2 else { return [] }
        // The whole pair's checker: its validators confirm each witness, its examples repair them.
        let both = SubschemaChecker(a, b)
        func separates(_ v: JSONValue) -> Bool { both.validatorA.isValid(v) && !both.validatorB.isValid(v) }
        // One checker for every unit, over one B holding them all: what it learns of A (its flattened nodes, the
        // pairs it decided) serves every unit, so the mode stays linear in the number of properties (#40). Each
        // unit gets the budget a check of its own would; all of them together at most `maxUnitBudgets` of those.
        let combined = CompiledSchema(nodes: cut.nodes, root: b.root, draft: b.draft, diagnostics: [])
        let shared = SubschemaChecker(a, combined, stateBudget: 60_000 + 500 * (a.nodes.count + b.nodes.count))
        let perUnit = shared.budget.remaining
        var spent = 0
        // Units that are the same constraint at the same place (an allOf member repeating the node's own
        // `type`) would show one incompatibility twice: each reason and path once.
        var seen = Set<String>()
        var found: [SubschemaResult] = []
        for (root, path) in roots {
            guard spent <= perUnit * maxUnitBudgets else { break }
            shared.budget.remaining = perUnit
            let result = shared.check(bRoot: root)
            spent += perUnit - max(0, shared.budget.remaining)
            guard case .incompatible(let witness, let reason, let pathA, let pathB) = result, separates(witness) else { continue }
            // The unit left the other properties free: where the example holds one B rejects too, put a value
            // both schemas accept, so that each example shows its own incompatibility and no other.
            var shown = witness
            if let better = both.agreeing(witness, except: path), separates(better) { shown = better }
            guard seen.insert(reason + "\u{0}" + pathA.description).inserted else { continue }
            found.append(.incompatible(witness: shown, reason: reason, pathInA: pathA, pathInB: pathB))
        }
        return found
    }

    /// `witness` with the properties beside the unit's own (at each level of `path`) replaced by values A and
    /// B both accept; nil when nothing was replaced.
    func agreeing(_ witness: JSONValue, except path: [UnitStep]) -> JSONValue? {
        var changed = false
        func walk(_ value: JSONValue, _ nodeA: Int?, _ nodeB: Int?, _ depth: Int) -> JSONValue {
            guard case .object(var object) = value else { return value }
            let own: String? = depth < path.count ? { if case .property(let name) = path[depth] { return name } else { return nil } }() : nil
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

/// A step of a unit's path: a property, every item (`items`), or one position of a tuple.
enum UnitStep: Hashable, CustomStringConvertible {
    case property(String)
    case items
    case position(Int)

    var description: String {
        switch self {
        case .property(let name): return name
        case .items: return "[]"
        case .position(let i): return "[\(i)]"
        }
    }
}

/// The units of a schema B (see `SubschemaChecker.incompatibilities`), each a compiled schema of its own. Units
/// are cut through plain object schemas' properties, through `$ref`s (in drafts 04–07 a `$ref` is its target, its
/// siblings ignored), through `allOf` members (B lies inside each, so each member's units are units of B), and
/// through arrays' `items` and tuple positions (#41).
struct PropertyUnits {
    let b: CompiledSchema
    /// B's own nodes, then the nodes units add.
    var nodes: [SchemaNode]
    let universal: Int
    static let maxNodes = 400_000
    /// Each unit's root node with the path it stands for (empty: the root's own keywords), all in one array of
    /// nodes (a copy per unit would be quadratic).
    var roots: [(Int, [UnitStep])]? = []

    init(_ b: CompiledSchema) {
        self.b = b
        universal = b.ownCount
        nodes = []
        let root = PropertyUnits.resolve(b, b.root)
        guard b.ownCount <= PropertyUnits.maxNodes, expandable(root) else {
            roots = nil
            return
        }
        nodes = Array(b.nodes[0..<b.ownCount]) + [SchemaNode(documentURI: "", pointer: [], range: nil)]
        collect(root, path: [], depth: 0)
    }

    /// The node a chain of `$ref`s ends at (the node itself where it has none, or where the chain loops).
    static func resolve(_ b: CompiledSchema, _ i: Int) -> Int {
        var at = i
        var seen: Set<Int> = [i]
        while let target = b.nodes[at].ref, b.nodes[at].unresolvedRef == nil {
            guard seen.insert(target).inserted else { return i }
            at = target
        }
        return at
    }

    /// A node whose properties, items and allOf members apply as written: no alternative or negation around them.
    func expandable(_ i: Int) -> Bool {
        let n = b.nodes[i]
        guard n.boolean == nil, n.ref == nil, n.unresolvedRef == nil, n.not == nil, n.ifSchema == nil else { return false }
        // Alternatives are taken apart property by property where every branch is a plain node (see `alternatives`).
        let branches = (n.anyOf + n.oneOf).map { PropertyUnits.resolve(b, $0) }
        guard branches.allSatisfy({ let m = b.nodes[$0]; return m.boolean == nil && m.ref == nil && m.unresolvedRef == nil && m.anyOf.isEmpty && m.oneOf.isEmpty
            && m.not == nil && m.ifSchema == nil && m.allOf.isEmpty }) else { return false }
        return !n.properties.isEmpty || !n.allOf.isEmpty || n.items != nil || n.tupleItems != nil || branches.contains { !b.nodes[$0].properties.isEmpty }
    }

    /// Units of an `anyOf`/`oneOf` whose branches are plain: per property any branch names, the property's schemas
    /// in every branch as one `anyOf` (a value B accepts meets some branch, so its property meets that branch's
    /// schema for it); a branch that does not name it adds its `additionalProperties` (nothing where that is
    /// `false`: the name never occurs there), and one that leaves it free makes the unit say nothing (not added).
    /// Then the branches' own keywords, properties left free, as one `anyOf`. Each is a superset of B.
    mutating func alternatives(_ group: [Int], path: [UnitStep]) {
        let branches = group.map { PropertyUnits.resolve(b, $0) }
        var names: [String] = []
        for br in branches { for (name, _) in b.nodes[br].properties where !names.contains(name) { names.append(name) } }
        for name in names {
            var schemas: [Int] = []
            var free = false
            for br in branches {
                let n = b.nodes[br]
                if let p = n.property(name) { schemas.append(p) } else if let extra = n.additionalProperties {
                    if b.nodes[extra].boolean != false { schemas.append(extra) }
                } else { free = true }
            }
            guard !free, !schemas.isEmpty else { continue }
            let union = SchemaNode(documentURI: b.nodes[b.root].documentURI, pointer: [], range: nil)
            union.anyOf = schemas
            add(path: path + [.property(name)], target: append(union))
        }
        let residuals = branches.map { br -> Int in
            let copy = b.nodes[br].copied()
            copy.properties = copy.properties.map { ($0.0, universal) }
            return append(copy)
        }
        let union = SchemaNode(documentURI: b.nodes[b.root].documentURI, pointer: [], range: nil)
        union.anyOf = residuals
        add(path: path, target: append(union))
    }

    mutating func collect(_ node: Int, path: [UnitStep], depth: Int) {
        guard roots != nil else { return }
        let n = b.nodes[node]
        // The node's own keywords, its properties and items unconstrained (names and positions kept: additional
        // properties and items depend on them), its allOf members taken apart below.
        let residual = n.copied()
        residual.properties = residual.properties.map { ($0.0, universal) }
        residual.allOf = []
        residual.anyOf = []
        residual.oneOf = []
        if residual.items != nil { residual.items = universal }
        if let tuple = residual.tupleItems { residual.tupleItems = tuple.map { _ in universal } }
        add(path: path, target: append(residual))
        for (name, child) in n.properties { descend(child, path + [.property(name)], depth) }
        if let items = n.items { descend(items, path + [.items], depth) }
        for (i, item) in (n.tupleItems ?? []).enumerated() { descend(item, path + [.position(i)], depth) }
        for group in [n.anyOf, n.oneOf] where !group.isEmpty { alternatives(group, path: path) }
        for member in n.allOf {
            let m = PropertyUnits.resolve(b, member)
            if depth < 3, expandable(m) { collect(m, path: path, depth: depth + 1) } else { add(path: path, target: member) }
        }
    }

    mutating func descend(_ child: Int, _ path: [UnitStep], _ depth: Int) {
        let c = PropertyUnits.resolve(b, child)
        if depth < 3, expandable(c) { collect(c, path: path, depth: depth + 1) } else { add(path: path, target: child) }
    }

    /// A unit: `target` at `path`, every ancestor holding nothing but the way down.
    mutating func add(path: [UnitStep], target: Int) {
        guard let count = roots?.count else { return }
        guard count + 1 <= SubschemaChecker.maxUnits else {
            roots = nil
            return
        }
        var inner = target
        for step in path.reversed() {
            let holder = SchemaNode(documentURI: b.nodes[b.root].documentURI, pointer: [], range: nil)
            switch step {
            case .property(let name): holder.properties = [(name, inner)]
            case .items: holder.items = inner
            case .position(let i): holder.tupleItems = Array(repeating: universal, count: i) + [inner]
            }
            inner = append(holder)
        }
        roots?.append((inner, path))
    }

    mutating func append(_ node: SchemaNode) -> Int {
        nodes.append(node)
        return nodes.count - 1
    }
}
