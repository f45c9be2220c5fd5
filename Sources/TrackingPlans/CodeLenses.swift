import Iglu
import JSONSyntax

/// A lens over a definition or an Iglu URI: a count of its uses (with where they are, for the editor to list), or
/// the cached versions of a data structure a scenario names (its compatibility verdicts are filled in on resolve).
public struct CodeLensInfo: Sendable, Hashable {
    public var range: Range<Int>
    public var title: String
    /// The places the lens lists when run (its uses); empty for an Iglu URI's lens.
    public var locations: [Location]
    /// An Iglu URI's lens: the verdicts are computed on resolve (`resolveCodeLens`), not for every lens shown.
    public var resolvable: Bool

    public init(range: Range<Int>, title: String, locations: [Location], resolvable: Bool) {
        self.range = range
        self.title = title
        self.locations = locations
        self.resolvable = resolvable
    }
}

extension Analyzer {
    /// Lenses of a file whose facts are `own`, among the workspace's `all`: on each rudder-cli resource and Data Catalog
    /// item, "used by N tracking plans · M references"; on each data structure, "used by N event specifications"; on
    /// each Iglu URI a scenario names, "N versions cached, latest X".
    public func codeLenses(own: FileFacts, all: FileFacts) -> [CodeLensInfo] {
        var out: [CodeLensInfo] = []
        let plans = Set(all.rudderstack.resources.filter { $0.urnKind == "tracking-plan" }.map(\.path))
        func usedBy(_ uses: [Location], planFiles: Set<String>) -> String {
            let inPlans = Set(uses.map(\.path)).intersection(planFiles).count
            let refs = uses.count == 1 ? "1 reference" : "\(uses.count) references"
            guard !uses.isEmpty else { return "no references" }
            return inPlans == 0 ? refs : "used by \(inPlans) tracking plan\(inPlans == 1 ? "" : "s") · \(refs)"
        }
        // The uses indexed once per request: a properties file of 2,000 lenses over a workspace of 20,000 references
        // is 20,000 steps, not 40 million.
        var projectUses: [String: [Location]] = [:]
        for r in all.rudderstack.projectReferences { projectUses[r.urnKind + "\u{0}" + r.id, default: []].append(Location(path: r.path, range: r.range)) }
        var catalogUses: [String: [Location]] = [:]
        for r in all.rudderstack.references { catalogUses[r.kind.rawValue + "\u{0}" + r.id, default: []].append(Location(path: r.path, range: r.range)) }
        var igluUses: [String: [Location]] = [:]
        for u in all.snowplow.igluUses { igluUses[u.family, default: []].append(Location(path: u.path, range: u.range)) }
        func sorted(_ locations: [Location]) -> [Location] {
            Array(Set(locations)).sorted { ($0.path, $0.range.lowerBound) < ($1.path, $1.range.lowerBound) }
        }
        for r in own.rudderstack.resources where ["event", "property", "category", "custom-type"].contains(r.urnKind) {
            let uses = sorted(projectUses[r.urnKind + "\u{0}" + r.id] ?? [])
            out.append(CodeLensInfo(range: r.idRange, title: usedBy(uses, planFiles: plans), locations: uses, resolvable: false))
        }
        let catalogPlans = Set(all.rudderstack.references.map(\.path))
        for item in own.rudderstack.catalog {
            guard let id = item.id, !catalogPlans.contains(item.path) else { continue }
            let uses = sorted(catalogUses[item.kind.rawValue + "\u{0}" + id] ?? [])
            out.append(CodeLensInfo(range: item.range, title: usedBy(uses, planFiles: catalogPlans), locations: uses, resolvable: false))
        }
        for d in own.snowplow.dataStructures {
            let uses = sorted(igluUses[d.family] ?? [])
            let specs = uses.count == 1 ? "1 event specification" : "\(uses.count) event specifications"
            out.append(CodeLensInfo(range: d.range, title: uses.isEmpty ? "no event specification names it" : "used by \(specs)",
                                    locations: uses, resolvable: false))
        }
        for use in own.snowplow.igluUses {
            let versions = self.versions(ofStructure: use.family).map(\.key.version).sorted()
            let title = versions.isEmpty ? "not in the Iglu cache"
                : "\(versions.count) version\(versions.count == 1 ? "" : "s") cached, latest \(versions.last!)"
            out.append(CodeLensInfo(range: use.range, title: title, locations: [], resolvable: !versions.isEmpty))
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// An Iglu URI's lens completed: its title with the scenario's compatibility with the version named and the
    /// latest cached one (the verdicts the diagnostics use, memoized), when the URI is a scenario's `event.source`.
    public func resolveCodeLens(_ lens: CodeLensInfo, tree: SyntaxTree) -> CodeLensInfo {
        var lens = lens
        let tree = tree.document(containing: lens.range.lowerBound)
        guard lens.resolvable, let node = tree.node(at: lens.range.lowerBound), tree.kind(node) == .string,
              let key = SchemaKey(tree.stringValue(node)), let summary = compatibilitySummary(tree, source: node, key: key) else { return lens }
        // "- 1-0-0 (current): compatible" lines → "current compatible, latest INCOMPATIBLE".
        let verdicts = summary.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let text = line.replacingOccurrences(of: "**", with: "")
            guard let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")"), let colon = text.lastIndex(of: ":") else { return nil }
            return text[text.index(after: open)..<close] + " " + text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if !verdicts.isEmpty { lens.title += " — " + verdicts.joined(separator: ", ") }
        lens.resolvable = false
        return lens
    }
}
