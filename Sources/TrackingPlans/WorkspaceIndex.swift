import JSONSyntax

/// Rules that need more than one file. Facts are small and per file, so the server can keep them for every
/// workspace file and recompute these on each change without re-reading anything.
public enum WorkspaceIndex {
    /// What a fact is grouped by in the rules below: facts of two files interact only when a key is shared.
    static func groupKey(_ f: ScenarioFact) -> String { "s\u{0}" + f.structure + "\u{0}" + f.name.lowercased() }
    static func groupKey(_ d: PropertyDefinition) -> String { "p\u{0}" + d.name + "\u{0}" + d.types.joined(separator: ",") }
    static func groupKey(_ i: CatalogItem) -> String { "c\u{0}\(i.kind.rawValue)\u{0}\(i.eventType ?? "")\u{0}\(i.name.lowercased())" }

    /// The keys of a file's facts: another file matters to this file's cross-file diagnostics only if it
    /// shares one, or (for references to resolve) if it holds catalog items at all.
    public static func keys(of facts: FileFacts) -> Set<String> {
        // Every scenario of the same data structure too: a rename offered for a clash must not take a name
        // another file already uses for that structure.
        Set(facts.scenarios.map(groupKey) + facts.scenarios.map { "S\u{0}" + $0.structure }
            + facts.rudderstack.properties.map(groupKey) + facts.rudderstack.catalog.map(groupKey))
    }

    /// Scenario names are unique per data structure (`vendor/name` of `event.source`) across the workspace:
    /// each clash is reported at every place, each place linking the others. Facts with the same id are
    /// the same scenario seen twice (an API envelope beside its scenario file), not a clash.
    public static func duplicateNames(_ facts: [ScenarioFact]) -> [String: [Diagnostic]] {
        var groups: [String: [ScenarioFact]] = [:]
        var namesByStructure: [String: Set<String>] = [:]
        for f in facts {
            groups[groupKey(f), default: []].append(f)
            namesByStructure[f.structure, default: []].insert(f.name.lowercased())
        }
        var out: [String: [Diagnostic]] = [:]
        for (_, group) in groups where group.count > 1 {
            let ids = Set(group.map { $0.id ?? "\($0.path)#\($0.nameRange.lowerBound)" })
            guard ids.count > 1 else { continue }
            // Each place is offered its own fresh name, unused anywhere in the workspace for this structure,
            // so renaming both sides of a clash does not make a new one ("Tap 2" twice).
            var taken = namesByStructure[group[0].structure] ?? []
            for f in group.sorted(by: { ($0.path, $0.nameRange.lowerBound) < ($1.path, $1.nameRange.lowerBound) }) {
                let others = group.filter { $0 != f && ($0.id == nil || $0.id != f.id) }
                guard !others.isEmpty else { continue }
                let related = others.map { RelatedInformation(location: Location(path: $0.path, range: $0.nameRange), message: "'\($0.name)' is also used here") }
                let fresh = (2...).lazy.map { "\(f.name) \($0)" }.first { !taken.contains($0.lowercased()) }!
                taken.insert(fresh.lowercased())
                out[f.path, default: []].append(Diagnostic(
                    rule: SnowplowRule.nameDuplicate, severity: .error, range: f.nameRange,
                    message: "another tracking scenario for \(f.structure) is named '\(f.name)'; names must be unique per data structure",
                    related: related,
                    fixes: [Fix(title: "Rename to '\(fresh)'", edits: [TextEdit(range: f.nameRange, newText: JSONWriter().string(.string(fresh)))])]))
            }
        }
        return out
    }

    /// `rudderstack/property-conflict`: the same property name and type defined with different advanced
    /// keywords anywhere in the workspace, as the Data Catalog API refuses it, at each place, linking the
    /// places that disagree with it.
    public static func propertyConflicts(_ definitions: [PropertyDefinition]) -> [String: [Diagnostic]] {
        var groups: [String: [PropertyDefinition]] = [:]
        for d in definitions { groups[groupKey(d), default: []].append(d) }
        var out: [String: [Diagnostic]] = [:]
        for (_, group) in groups where Set(group.map(\.keywords)).count > 1 {
            for d in group {
                let others = group.filter { $0.keywords != d.keywords }
                let type = d.types.isEmpty ? "any" : d.types.joined(separator: ",")
                out[d.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.propertyConflict, severity: .error, range: d.range,
                    message: "Property with name [\(d.name)] and type [\(type)] already exists with different advanced keywords. Here: \(d.keywords.canonicalText)",
                    related: others.map { RelatedInformation(location: Location(path: $0.path, range: $0.range), message: "defined with \($0.keywords.canonicalText)") }))
            }
        }
        return out
    }

    /// `rudderstack/catalog-duplicate`: catalog names are unique per kind (events per name and type) across
    /// the catalog files of the workspace. Items with the same id are one item listed twice, not a clash.
    public static func catalogDuplicates(_ items: [CatalogItem]) -> [String: [Diagnostic]] {
        var groups: [String: [CatalogItem]] = [:]
        for i in items { groups[groupKey(i), default: []].append(i) }
        var out: [String: [Diagnostic]] = [:]
        for (_, group) in groups where group.count > 1 {
            for item in group {
                let others = group.filter { $0 != item && ($0.id == nil || $0.id != item.id) }
                guard !others.isEmpty else { continue }
                let what = item.eventType.map { "\($0) event" } ?? item.kind.rawValue
                out[item.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.catalogDuplicate, severity: .error, range: item.range,
                    message: "another catalog \(what) is named '\(item.name)'; catalog names must be unique",
                    related: others.map { RelatedInformation(location: Location(path: $0.path, range: $0.range), message: "'\($0.name)' is also defined here") }))
            }
        }
        return out
    }

    /// `rudderstack/reference-unresolved`: ids that no catalog file defines. Only kinds the workspace has a
    /// catalog for are checked: a plan exported with its ids but without its catalog is not all errors.
    public static func unresolvedReferences(_ references: [CatalogReference], catalog: [CatalogItem]) -> [String: [Diagnostic]] {
        var ids: [CatalogKind: Set<String>] = [:]
        for item in catalog { ids[item.kind, default: []].formUnion(item.id.map { [$0] } ?? []) }
        var out: [String: [Diagnostic]] = [:]
        for r in references {
            guard let known = ids[r.kind], !known.contains(r.id) else { continue }
            let field = r.kind == .category ? "categoryId" : "\(r.kind.rawValue) id"
            out[r.path, default: []].append(Diagnostic(
                rule: RudderStackRule.referenceUnresolved, severity: .error, range: r.range,
                message: "\(field) '\(r.id)' is not defined in any catalog file of the workspace\(Suggestions.didYouMean(r.id, in: known.sorted()))"))
        }
        return out
    }
}
