/// Rules that need more than one file. Facts are small and per file, so the server can keep them for every
/// workspace file and recompute these on each change without re-reading anything.
public enum WorkspaceIndex {
    /// Scenario names are unique per data structure (`vendor/name` of `event.source`) across the workspace:
    /// each clash is reported at every place, each place linking the others. Facts with the same id are
    /// the same scenario seen twice (an API envelope beside its scenario file), not a clash.
    public static func duplicateNames(_ facts: [ScenarioFact]) -> [String: [Diagnostic]] {
        var groups: [String: [ScenarioFact]] = [:]
        for f in facts { groups[f.structure + "\u{0}" + f.name.lowercased(), default: []].append(f) }
        var out: [String: [Diagnostic]] = [:]
        for (_, group) in groups where group.count > 1 {
            let ids = Set(group.map { $0.id ?? "\($0.path)#\($0.nameRange.lowerBound)" })
            guard ids.count > 1 else { continue }
            for f in group {
                let others = group.filter { $0 != f && ($0.id == nil || $0.id != f.id) }
                guard !others.isEmpty else { continue }
                let related = others.map { RelatedInformation(location: Location(path: $0.path, range: $0.nameRange), message: "'\($0.name)' is also used here") }
                out[f.path, default: []].append(Diagnostic(
                    rule: SnowplowRule.nameDuplicate, severity: .error, range: f.nameRange,
                    message: "another tracking scenario for \(f.structure) is named '\(f.name)'; names must be unique per data structure",
                    related: related))
            }
        }
        return out
    }
}
