import JSONSyntax

/// Rules that need more than one file. Facts are small and per file, so the server can keep them for every
/// workspace file and recompute these on each change without re-reading anything.
public enum WorkspaceIndex {
    /// What a fact is grouped by in the rules below: facts of two files interact only when a key is shared.
    static func groupKey(_ f: ScenarioFact) -> String { "s\u{0}" + f.structure + "\u{0}" + f.name.lowercased() }
    static func groupKey(_ d: PropertyDefinition) -> String { "p\u{0}" + d.name + "\u{0}" + d.types.joined(separator: ",") }
    static func groupKey(_ i: CatalogItem) -> String { "c\u{0}\(i.kind.rawValue)\u{0}\(i.eventType ?? "")\u{0}\(i.name.lowercased())" }

    /// The keys a file's facts are filed under: what it offers other files. Scenario, property, catalog and
    /// snowplow-cli facts meet symmetrically (the same key on both sides); rudder-cli facts by what they declare
    /// (`D` a URN, `N` a name, `R` a kind, for an unresolved reference's "did you mean"), what they import (`I`)
    /// and the source–destination pairs they connect (`C`).
    public static func keys(of facts: FileFacts) -> Set<String> {
        var keys = symmetricKeys(of: facts)
        let r = facts.rudderstack
        for resource in r.resources {
            keys.insert("D\u{0}" + resource.urn)
            keys.insert("R\u{0}" + resource.urnKind)
            if let name = resource.name, uniqueNames[resource.urnKind] != nil { keys.insert(nameKey(resource, name)) }
        }
        for entry in r.imports { keys.insert("I\u{0}" + entry.urn) }
        for c in r.connections { if let s = c.sourceID, let d = c.destinationID { keys.insert("C\u{0}" + s + "\u{0}" + d) } }
        return keys
    }

    /// The keys that lead to the files whose facts this file's cross-file diagnostics need: a resource needs the
    /// other declarations of its URN and name (not the files that reference it: their diagnostics are theirs),
    /// a reference its target, an import the other imports of its URN and the declaration, a connection its
    /// endpoints and the same pair elsewhere. An edit of one file of a 20,000-file project reads the few files
    /// sharing these, not every file of its kind.
    public static func lookupKeys(of facts: FileFacts) -> Set<String> {
        var keys = symmetricKeys(of: facts)
        let r = facts.rudderstack
        for resource in r.resources {
            keys.insert("D\u{0}" + resource.urn)
            if let name = resource.name, uniqueNames[resource.urnKind] != nil { keys.insert(nameKey(resource, name)) }
        }
        for ref in r.projectReferences {
            keys.insert("D\u{0}" + ref.urnKind + ":" + ref.id)
            // A property whose type matters (a discriminator, nested properties) may name a custom type (few).
            if ref.urnKind == "property" && !ref.requiredTypes.isEmpty { keys.insert("R\u{0}custom-type") }
        }
        for entry in r.imports {
            keys.insert("I\u{0}" + entry.urn)
            keys.insert("D\u{0}" + entry.urn)
        }
        for c in r.connections {
            if let s = c.sourceID { keys.insert("D\u{0}event-stream-source:" + s) }
            if let d = c.destinationID { keys.insert("D\u{0}destination:" + d) }
            if let s = c.sourceID, let d = c.destinationID { keys.insert("C\u{0}" + s + "\u{0}" + d) }
        }
        return keys
    }

    /// Keys both sides of a relation share (scenario names per data structure, property definitions, catalog items,
    /// snowplow-cli files, data-structure families).
    static func symmetricKeys(of facts: FileFacts) -> Set<String> {
        // Every scenario of the same data structure too: a rename offered for a clash must not take a name
        // another file already uses for that structure.
        // snowplow-cli files meet by path (a data product and the source applications it references): all of them share one key.
        let snowplowCLI = facts.snowplow.sourceApps.isEmpty && facts.snowplow.sourceAppRefs.isEmpty && facts.snowplow.triggerAppIds.isEmpty ? [] : ["SP\u{0}apps"]
        return Set(facts.scenarios.map(groupKey) + facts.scenarios.map { "S\u{0}" + $0.structure } + snowplowCLI
            + facts.snowplow.dataStructures.map { "DS\u{0}" + $0.family }
            + facts.rudderstack.properties.map(groupKey) + facts.rudderstack.catalog.map(groupKey))
    }

    static func nameKey(_ r: ProjectResource, _ name: String) -> String { "N\u{0}" + r.urnKind + "\u{0}" + r.nameQualifier + "\u{0}" + name }

    /// The kinds whose every resource a file's diagnostics need: those of its references that `resolves` says no
    /// other file declares (the "did you mean" of "not found in the project" names the closest of them all).
    public static func suggestionKinds(of facts: FileFacts, resolves: (String) -> Bool) -> Set<String> {
        var kinds = Set<String>()
        let own = Set(facts.rudderstack.resources.map(\.urn))
        for ref in facts.rudderstack.projectReferences where !kinds.contains(ref.urnKind) {
            let urn = ref.urnKind + ":" + ref.id
            if !own.contains(urn) && !resolves("D\u{0}" + urn) { kinds.insert(ref.urnKind) }
        }
        return kinds
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
                    rule: SnowplowRule.nameDuplicate, range: f.nameRange,
                    message: "another tracking scenario for \(f.structure) is named '\(f.name)'; two scenarios of one data structure with one name cannot be told apart",
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
                    rule: RudderStackRule.propertyConflict, range: d.range,
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
                    rule: RudderStackRule.catalogDuplicate, range: item.range,
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
                rule: RudderStackRule.referenceUnresolved, range: r.range,
                message: "\(field) '\(r.id)' is not defined in any catalog file of the workspace\(Suggestions.didYouMean(r.id, in: known.sorted()))"))
        }
        return out
    }

    /// Kinds whose names rudder-cli keeps unique within the project, and the rule each clash is reported under.
    static let uniqueNames: [String: String] = [
        "event": RudderStackRule.catalogDuplicate, "property": RudderStackRule.catalogDuplicate, "category": RudderStackRule.catalogDuplicate,
        "custom-type": RudderStackRule.catalogDuplicate, "tracking-plan": RudderStackRule.resourceNameDuplicate,
        "event-stream-source": RudderStackRule.resourceNameDuplicate,
    ]

    /// rudder-cli project files: a URN declared twice (`rudderstack/urn-duplicate`), and names unique per kind
    /// (events per name and type, properties per name, type and item types, plans by display name), each
    /// clash at every place, in rudder-cli's words.
    public static func projectDuplicates(_ resources: [ProjectResource]) -> [String: [Diagnostic]] {
        var out: [String: [Diagnostic]] = [:]
        var byURN: [String: [ProjectResource]] = [:]
        var byName: [String: [ProjectResource]] = [:]
        for r in resources where r.urnKind != "event-rule" {
            byURN[r.urn, default: []].append(r)
            if let name = r.name, uniqueNames[r.urnKind] != nil { byName[r.urnKind + "\u{0}" + r.nameQualifier + "\u{0}" + name, default: []].append(r) }
        }
        for (urn, group) in byURN where group.count > 1 {
            for r in group {
                let others = group.filter { $0 != r }
                out[r.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.urnDuplicate, range: r.idRange,
                    message: "duplicate URN '\(urn)': declared \(group.count) times in the project",
                    related: others.map { RelatedInformation(location: Location(path: $0.path, range: $0.idRange), message: "'\(urn)' is also declared here") }))
            }
        }
        for (_, group) in byName where Set(group.map(\.urn)).count > 1 {
            for r in group {
                let others = group.filter { $0.urn != r.urn }
                guard !others.isEmpty, let name = r.name else { continue }
                let message: String
                switch r.urnKind {
                case "tracking-plan": message = "duplicate display_name '\(name)' within kind '\(r.fileKind)'"
                case "property": message = "duplicate name, type and itemTypes: '\(name)' within kind '\(r.fileKind)'"
                default: message = "duplicate name '\(name)' within kind '\(r.fileKind)'"
                }
                out[r.path, default: []].append(Diagnostic(
                    rule: uniqueNames[r.urnKind]!, range: r.nameRange, message: message,
                    related: others.map { RelatedInformation(location: Location(path: $0.path, range: $0.nameRange), message: "'\($0.urn)' has the same name") }))
            }
        }
        return out
    }

    /// References of project files that no file of the project declares ("not found in the project", with the
    /// closest id of that kind), and properties whose type does not fit where they are used (a discriminator,
    /// a property with nested properties), custom types resolved to their own type.
    public static func projectReferences(_ references: [ProjectReference], resources: [ProjectResource]) -> [String: [Diagnostic]] {
        var byKind: [String: [String: ProjectResource]] = [:]
        for r in resources { byKind[r.urnKind, default: [:]][r.id] = byKind[r.urnKind]?[r.id] ?? r }
        var out: [String: [Diagnostic]] = [:]
        for ref in references {
            guard let target = byKind[ref.urnKind]?[ref.id] else {
                let ids = (byKind[ref.urnKind] ?? [:]).keys.sorted()
                out[ref.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.referenceUnresolved, range: ref.range,
                    message: "'\(ref.field)': \(ref.urnKind) '\(ref.id)' not found in the project\(Suggestions.didYouMean(ref.id, in: ids))"))
                continue
            }
            guard !ref.requiredTypes.isEmpty else { continue }
            let types = target.types.flatMap { t -> [String] in
                guard t.hasPrefix("custom-type:") else { return [t] }
                return byKind["custom-type"]?[String(t.dropFirst("custom-type:".count))]?.types ?? []
            }
            guard !types.contains(where: ref.requiredTypes.contains) else { continue }
            let rule = ref.requiredTypes.contains("object") ? RudderStackRule.planRuleInvalid : RudderStackRule.variantInvalid
            out[ref.path, default: []].append(Diagnostic(
                rule: rule, range: ref.range,
                message: "\(ref.requirement); property '\(ref.id)' is \(types.isEmpty ? "untyped" : types.joined(separator: ", "))",
                related: [RelatedInformation(location: Location(path: target.path, range: target.idRange), message: "'\(target.urn)' is declared here")]))
        }
        return out
    }
}
