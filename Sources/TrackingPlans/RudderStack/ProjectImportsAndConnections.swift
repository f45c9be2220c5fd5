import JSONSyntax

/// rudder-cli's import manifests (`kind: import-manifest`), event-stream connections and destinations, judged as
/// rudder-cli's own rules judge them (rudder-iac `cli/internal/project/importmanifest/rules/*`,
/// `cli/internal/providers/event-stream/rules/connection/*`): the file's own shape here, the project-wide
/// rules (duplicates, orphans, endpoints) in `WorkspaceIndex.projectImports` / `projectConnections`.
extension RudderStackAnalysis {
    /// `spec.workspaces[]` of an import manifest: decoded strictly (manifestspec.DecodeWorkspaces, ErrorUnused),
    /// every workspace with a `workspace_id`, every resource with a `urn` (no `local_id`: "manifests are a
    /// forward-looking format") and a `remote_id` (import-manifest/spec-syntax-valid).
    mutating func importManifest(_ spec: NodeID) {
        strictKeys(spec, ["workspaces"], where: "an import-manifest spec")
        guard let workspaces = present("workspaces", in: spec) else {
            report(RudderStackRule.requiredField, ownerRange(spec), "manifest has no workspaces")
            return
        }
        guard expect(workspaces, .array, "workspaces") else { return }
        if tree.childCount(workspaces) == 0 { report(RudderStackRule.requiredField, workspaces, "manifest has no workspaces") }
        for w in tree.children(workspaces) {
            guard expect(w, .object, "workspaces[]") else { continue }
            strictKeys(w, ["workspace_id", "resources"], where: "a manifest workspace")
            var workspace = ""
            if let v = present("workspace_id", in: w), expect(v, .string, "workspace_id") { workspace = tree.stringValue(v) }
            if workspace.isEmpty {
                report(RudderStackRule.requiredField, tree.property("workspace_id", in: w).map(keyRange) ?? ownerRange(w), "workspace_id is required")
            }
            guard let resources = present("resources", in: w), expect(resources, .array, "resources") else { continue }
            for r in tree.children(resources) {
                guard expect(r, .object, "resources[]") else { continue }
                strictKeys(r, ["urn", "local_id", "remote_id"], where: "a manifest resource")
                var remote = ""
                if let v = present("remote_id", in: r), expect(v, .string, "remote_id") { remote = tree.stringValue(v) }
                if remote.isEmpty { report(RudderStackRule.requiredField, tree.property("remote_id", in: r).map(keyRange) ?? ownerRange(r), "remote_id is required") }
                guard let u = present("urn", in: r), expect(u, .string, "urn"), !tree.stringValue(u).isEmpty else {
                    let at = tree.property("local_id", in: r).map(keyRange) ?? tree.property("urn", in: r).map(keyRange) ?? ownerRange(r)
                    report(RudderStackRule.requiredField, at, "urn is required in manifests (local_id not supported)")
                    continue
                }
                guard !workspace.isEmpty else { continue }
                facts.imports.append(ImportEntry(path: path, workspaceID: workspace, urn: tree.stringValue(u), remoteID: remote, range: tree.range(u), inManifest: true))
            }
        }
    }

    /// rudder-cli's reference between resources of any provider (connection handler.go `ScalarRefRegex`,
    /// `^#([a-zA-Z0-9_-]+):(.+)$`): the kind and the id.
    static func scalarReference(_ text: String) -> (kind: String, id: String)? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("#"), let colon = text.firstIndex(of: ":") else { return nil }
        let kind = text[text.index(after: text.startIndex)..<colon]
        let id = text[text.index(after: colon)...]
        guard !kind.isEmpty, !id.isEmpty, kind.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" || $0 == "-" })
        else { return nil }
        return (String(kind), String(id))
    }

    /// `spec.connections[]`: `id`, `source` and `destination` required, `enabled` optional; `source` a
    /// `#event-stream-source:<id>` and `destination` a `#destination:<id>` (event-stream/connection/spec-syntax-valid).
    mutating func eventStreamConnections(_ spec: NodeID, file: ProjectFile) {
        strictKeys(spec, ["connections"], where: "an event-stream-connections spec")
        guard let list = required("connections", in: spec), expect(list, .array, "connections") else { return }
        for item in tree.children(list) {
            guard expect(item, .object, "connections[]") else { continue }
            strictKeys(item, ["id", "source", "destination", "enabled"], where: "a connection")
            let id = requiredString("id", in: item)
            var enabled = true
            if let e = present("enabled", in: item), expect(e, .boolean, "enabled") { enabled = tree.boolValue(e) ?? true }
            func endpoint(_ field: String, kind: String, label: String) -> (String, Range<Int>)? {
                guard let (text, node) = requiredString(field, in: item) else { return nil }
                guard let ref = RudderStackAnalysis.scalarReference(text) else {
                    report(RudderStackRule.referenceInvalid, node, "'\(field)' is invalid: must be of pattern #\(kind):<id>")
                    return nil
                }
                guard ref.kind == kind else {
                    report(RudderStackRule.referenceInvalid, node, "'\(field)' must reference \(label) (#\(kind):<id>), got a '\(ref.kind)' reference")
                    return nil
                }
                return (ref.id, tree.range(node))
            }
            let source = endpoint("source", kind: "event-stream-source", label: "an event stream source")
            let destination = endpoint("destination", kind: "destination", label: "a destination")
            facts.connections.append(ProjectConnection(path: path, id: id?.0 ?? "", range: tree.range(item), enabled: enabled,
                                                       sourceID: source?.0, sourceRange: source?.1 ?? tree.range(item),
                                                       destinationID: destination?.0, destinationRange: destination?.1 ?? tree.range(item)))
            if let (id, idNode) = id {
                facts.resources.append(ProjectResource(path: path, urnKind: "event-stream-connection", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                                       name: nil, nameRange: tree.range(idNode)))
            }
        }
    }

    /// A destination: what connections resolve against (its `id`) and whether it is switched off. Its config is
    /// judged by per-destination definitions trackspec does not carry, so only the fields every destination has
    /// are read, and unknown keys are not reported.
    mutating func destination(_ spec: NodeID, file: ProjectFile) {
        let id = requiredString("id", in: spec)
        var disabled = false
        if let e = present("enabled", in: spec), expect(e, .boolean, "enabled") { disabled = tree.boolValue(e) == false }
        if let (id, idNode) = id {
            facts.resources.append(ProjectResource(path: path, urnKind: "destination", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                                   name: nil, nameRange: tree.range(idNode), disabled: disabled))
        }
    }
}

/// An import of a remote resource: a manifest's entry or a file's inline `metadata.import` entry.
public struct ImportEntry: Sendable, Hashable {
    public var path: String
    public var workspaceID: String
    /// The URN (`event:order_completed`); a legacy `local_id` made into one with its kind's resource type.
    public var urn: String
    public var remoteID: String
    public var range: Range<Int>
    /// An import-manifest file's entry (else an inline `metadata.import` one).
    public var inManifest: Bool
}

/// An event-stream connection: a source and a destination, each nil when its reference is malformed (reported
/// already, and not resolved, as rudder-cli resolves only well-formed references).
public struct ProjectConnection: Sendable, Hashable {
    public var path: String
    public var id: String
    public var range: Range<Int>
    public var enabled: Bool
    public var sourceID: String?
    public var sourceRange: Range<Int>
    public var destinationID: String?
    public var destinationRange: Range<Int>
}

extension WorkspaceIndex {
    /// URN kinds whose every resource trackspec records: a manifest URN of another kind (a data graph, an rETL
    /// model…) is not called orphaned, since trackspec cannot tell.
    static let orphanCheckedKinds: Set<String> = ["event", "property", "category", "custom-type", "tracking-plan", "event-stream-source",
                                                  "event-stream-connection", "destination"]

    /// Import manifests across the project: a (workspace, URN) twice in manifests (import-manifest/duplicate-urn),
    /// a manifest URN no resource of the project has (import-manifest/orphaned-urn), and a (workspace, URN)
    /// both in a manifest and inline with different remote ids (project/manifest-inline-conflict), each at
    /// every place.
    public static func projectImports(_ imports: [ImportEntry], resources: [ProjectResource]) -> [String: [Diagnostic]] {
        var out: [String: [Diagnostic]] = [:]
        var manifest: [String: [ImportEntry]] = [:]
        var inline: [String: [ImportEntry]] = [:]
        for e in imports {
            let key = e.workspaceID + "\u{0}" + e.urn
            if e.inManifest { manifest[key, default: []].append(e) } else { inline[key, default: []].append(e) }
        }
        let urns = Set(resources.map(\.urn))
        for (key, entries) in manifest {
            let first = entries[0]
            if entries.count > 1 {
                for e in entries {
                    out[e.path, default: []].append(Diagnostic(
                        rule: RudderStackRule.importDuplicate, range: e.range,
                        message: "duplicate URN '\(e.urn)' in workspace '\(e.workspaceID)'",
                        related: entries.filter { $0 != e }.map { RelatedInformation(location: Location(path: $0.path, range: $0.range), message: "also imported here") }))
                }
            }
            let kind = String(first.urn.prefix { $0 != ":" })
            if orphanCheckedKinds.contains(kind), !urns.contains(first.urn) {
                for e in entries {
                    out[e.path, default: []].append(Diagnostic(
                        rule: RudderStackRule.importOrphaned, range: e.range,
                        message: "manifest URN '\(e.urn)' does not match any resource in the project"))
                }
            }
            guard let others = inline[key] else { continue }
            let all = entries + others
            guard Set(all.map(\.remoteID)).count > 1 else { continue }
            for e in all {
                out[e.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.importConflict, range: e.range,
                    message: "URN '\(e.urn)' in workspace '\(e.workspaceID)' is defined in both an import-manifest and inline metadata with differing remote_ids; remove the inline metadata entry",
                    related: all.filter { $0 != e }.map { RelatedInformation(location: Location(path: $0.path, range: $0.range), message: "remote_id '\($0.remoteID)' here") }))
            }
        }
        return out
    }

    /// Event-stream connections across the project (event-stream/connection/semantic-valid and
    /// enabled-endpoints-valid): each endpoint must be a resource of the project; a source–destination pair is
    /// connected once; an enabled connection to a disabled endpoint delivers nothing (a warning, as rudder-cli's).
    public static func projectConnections(_ connections: [ProjectConnection], resources: [ProjectResource]) -> [String: [Diagnostic]] {
        var out: [String: [Diagnostic]] = [:]
        var byURN: [String: ProjectResource] = [:]
        for r in resources { byURN[r.urn] = byURN[r.urn] ?? r }
        var pairs: [String: Int] = [:]
        for c in connections {
            if let s = c.sourceID, let d = c.destinationID { pairs[s + "\u{0}" + d, default: 0] += 1 }
        }
        for c in connections {
            let source = c.sourceID.flatMap { byURN["event-stream-source:" + $0] }
            let destination = c.destinationID.flatMap { byURN["destination:" + $0] }
            if let s = c.sourceID, source == nil {
                out[c.path, default: []].append(Diagnostic(rule: RudderStackRule.referenceUnresolved, range: c.sourceRange,
                                                           message: "event stream source '\(s)' not found in the project"))
            }
            if let d = c.destinationID, destination == nil {
                out[c.path, default: []].append(Diagnostic(rule: RudderStackRule.referenceUnresolved, range: c.destinationRange,
                                                           message: "destination '\(d)' not found in the project"))
            }
            if let s = c.sourceID, let d = c.destinationID, pairs[s + "\u{0}" + d, default: 0] > 1 {
                out[c.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.connectionDuplicate, range: c.range,
                    message: "source '\(s)' and destination '\(d)' are connected more than once in the project; a source-destination pair can only be connected once"))
            }
            guard c.enabled else { continue }
            if let source, source.disabled {
                out[c.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.connectionEndpointDisabled, range: c.sourceRange,
                    message: "connection '\(c.id)' is enabled but its source '\(source.id)' is disabled; the connection will not deliver events",
                    related: [RelatedInformation(location: Location(path: source.path, range: source.idRange), message: "'\(source.urn)' is declared here")]))
            }
            if let destination, destination.disabled {
                out[c.path, default: []].append(Diagnostic(
                    rule: RudderStackRule.connectionEndpointDisabled, range: c.destinationRange,
                    message: "connection '\(c.id)' is enabled but its destination '\(destination.id)' is disabled; the connection will not deliver events",
                    related: [RelatedInformation(location: Location(path: destination.path, range: destination.idRange), message: "'\(destination.urn)' is declared here")]))
            }
        }
        return out
    }
}
