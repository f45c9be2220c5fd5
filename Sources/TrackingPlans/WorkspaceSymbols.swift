import JSONSyntax

/// A named thing of the workspace, for `workspace/symbol` (VS Code's Ctrl+T, Neovim's
/// `vim.lsp.buf.workspace_symbol`).
public struct WorkspaceSymbol: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case event, property, category, customType = "custom type", trackingPlan = "tracking plan", source
        case dataStructure = "data structure", eventSpecification = "event specification", sourceApplication = "source application"
        case other
    }
    public var name: String
    public var kind: Kind
    public var location: Location
    /// What it belongs to (a data structure's version, an event specification's data structure, a resource's file kind).
    public var container: String?
}

extension Analyzer {
    /// The workspace's events, properties, categories, custom types, tracking plans, sources, data structures, event
    /// specifications and source applications whose name matches `query` fuzzily (its characters in order, any
    /// case): names starting with it first, then containing it, then the rest; at most `limit`.
    public func workspaceSymbols(matching query: String, in facts: FileFacts, limit: Int = 500) -> [WorkspaceSymbol] {
        var all: [WorkspaceSymbol] = []
        let kinds: [String: WorkspaceSymbol.Kind] = ["event": .event, "property": .property, "category": .category, "custom-type": .customType,
                                                     "tracking-plan": .trackingPlan, "event-stream-source": .source]
        for r in facts.rudderstack.resources {
            all.append(WorkspaceSymbol(name: r.id, kind: kinds[r.urnKind] ?? .other, location: Location(path: r.path, range: r.idRange),
                                       container: r.urnKind))
        }
        let catalogKinds: [CatalogKind: WorkspaceSymbol.Kind] = [.event: .event, .property: .property, .category: .category, .customType: .customType]
        for item in facts.rudderstack.catalog {
            all.append(WorkspaceSymbol(name: item.name.isEmpty ? (item.id ?? "") : item.name, kind: catalogKinds[item.kind] ?? .other,
                                       location: Location(path: item.path, range: item.range), container: item.id))
        }
        for d in facts.snowplow.dataStructures {
            all.append(WorkspaceSymbol(name: d.family, kind: .dataStructure, location: Location(path: d.path, range: d.range), container: d.version))
        }
        for s in facts.snowplow.igluSchemas {
            all.append(WorkspaceSymbol(name: s.key.structure, kind: .dataStructure, location: Location(path: s.path, range: 0..<0),
                                       container: s.key.version.description))
        }
        for s in facts.scenarios {
            all.append(WorkspaceSymbol(name: s.name, kind: .eventSpecification, location: Location(path: s.path, range: s.nameRange), container: s.structure))
        }
        for a in facts.snowplow.sourceApps {
            all.append(WorkspaceSymbol(name: a.name, kind: .sourceApplication, location: Location(path: a.path, range: 0..<0), container: nil))
        }
        let needle = Array(query.lowercased())
        let ranked = all.compactMap { symbol -> (Int, WorkspaceSymbol)? in
            guard !symbol.name.isEmpty else { return nil }
            let name = symbol.name.lowercased()
            if needle.isEmpty { return (2, symbol) }
            if name.hasPrefix(String(needle)) { return (0, symbol) }
            if name.contains(String(needle)) { return (1, symbol) }
            var i = 0
            for c in name where i < needle.count && c == needle[i] { i += 1 }
            return i == needle.count ? (2, symbol) : nil
        }
        return ranked.sorted { ($0.0, $0.1.name, $0.1.location.path, $0.1.location.range.lowerBound) < ($1.0, $1.1.name, $1.1.location.path, $1.1.location.range.lowerBound) }
            .prefix(limit).map(\.1)
    }
}
