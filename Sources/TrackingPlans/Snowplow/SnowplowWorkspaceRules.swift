import JSONSyntax

/// Cross-file rules of snowplow-cli layouts: a data product's `$ref`s name source-application files, its
/// triggers name their app ids, and one data-structure file describes each `vendor/name`.
extension WorkspaceIndex {
    /// `snowplow/reference-unresolved`: a `sourceApplications[].$ref` that is not a source-application file
    /// of the workspace (naming the ones there are), and a trigger app id none of the data product's source
    /// applications declares (checked once all of its references resolve, so one broken `$ref` is one error).
    public static func sourceAppReferences(_ facts: SnowplowFacts) -> [String: [Diagnostic]] {
        var out: [String: [Diagnostic]] = [:]
        guard !facts.sourceAppRefs.isEmpty || !facts.triggerAppIds.isEmpty else { return out }
        var apps: [String: SourceAppFact] = [:]
        for app in facts.sourceApps { apps[normalizedPath(app.path)] = app }
        var refsByProduct: [String: [SourceAppReference]] = [:]
        for ref in facts.sourceAppRefs { refsByProduct[ref.path, default: []].append(ref) }
        for ref in facts.sourceAppRefs where apps[ref.target] == nil {
            let found = apps.keys.sorted().map { relativePath($0, from: ref.path) }
            let list = found.isEmpty ? "the workspace has none" : "the workspace has \(found.joined(separator: ", "))"
            out[ref.path, default: []].append(Diagnostic(
                rule: SnowplowRule.referenceUnresolved, range: ref.range,
                message: "'\(ref.text)' is not a source-application file (resolved to \(relativePath(ref.target, from: ref.path))); \(list)"
                    + Suggestions.didYouMean(ref.text, in: found)))
        }
        var uses: [String: [TriggerAppID]] = [:]
        for use in facts.triggerAppIds { uses[use.path, default: []].append(use) }
        for (product, ids) in uses {
            let refs = refsByProduct[product] ?? []
            guard refs.allSatisfy({ apps[$0.target] != nil }) else { continue }
            let known = refs.flatMap { apps[$0.target]!.appIds }
            for use in ids where !known.contains(use.appId) {
                let why = refs.isEmpty ? "the data product lists no source applications" : "its source applications declare \(known.isEmpty ? "none" : known.joined(separator: ", "))"
                out[product, default: []].append(Diagnostic(
                    rule: SnowplowRule.referenceUnresolved, range: use.range,
                    message: "app id '\(use.appId)' is not an app id of this data product's source applications: \(why)\(Suggestions.didYouMean(use.appId, in: known))"))
            }
        }
        return out
    }

    /// `snowplow/data-structure-duplicate`: two data-structure files for one `vendor/name` (snowplow-cli keeps
    /// one file per data structure, its versions in the Console), at each place, naming the others.
    public static func dataStructureDuplicates(_ structures: [DataStructureFact]) -> [String: [Diagnostic]] {
        var groups: [String: [DataStructureFact]] = [:]
        for s in structures { groups[s.family, default: []].append(s) }
        var out: [String: [Diagnostic]] = [:]
        for (family, group) in groups where Set(group.map(\.path)).count > 1 {
            for s in group {
                let others = group.filter { $0.path != s.path }
                out[s.path, default: []].append(Diagnostic(
                    rule: SnowplowRule.dataStructureDuplicate, range: s.range,
                    message: "\(family) is also described by \(others.map { relativePath($0.path, from: s.path) }.joined(separator: ", ")); one data-structure file per vendor/name",
                    related: others.map { RelatedInformation(location: Location(path: $0.path, range: $0.range), message: "\(family) \($0.version) is described here") }))
            }
        }
        return out
    }
}
