import JSONSyntax

/// Completion in rudder-cli project files: the envelope's keys and values, each kind's spec keys, the
/// fixed vocabularies (event types, property types, SDKs, identity sections), and references to the
/// project's resources in the form the file's version uses.
extension CompletionBuilder {
    static let projectSpecKeys: [String: [String]] = [
        "properties": ["properties"], "events": ["events"], "categories": ["categories"], "custom-types": ["types"],
        "tp": ["id", "display_name", "description", "rules"], "tracking-plan": ["id", "display_name", "description", "rules"],
        "event-stream-source": ["id", "name", "type", "enabled", "governance"],
    ]

    /// Item keys per spec list, for the legacy and the v1 spelling.
    static func projectItemKeys(_ list: String, legacy: Bool) -> [String] {
        switch list {
        case "properties": return legacy ? ["id", "name", "description", "type", "propConfig"] : ["id", "name", "description", "type", "types", "item_type", "item_types", "config"]
        case "events": return ["id", "name", "event_type", "description", "category"]
        case "categories": return ["id", "name"]
        case "types": return ["id", "name", "description", "type", "config", "properties", "variants"]
        case "rules": return ["type", "id", "event", "properties"] + (legacy ? [] : ["identity_section", "additionalProperties"]) + ["includes", "variants"]
        default: return []
        }
    }

    mutating func project() {
        guard let root = tree.root, tree.kind(root) == .object else { return }
        let fileKind = tree.member("kind", in: root).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil } ?? ""
        let version = tree.member("version", in: root).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil } ?? "rudder/v1"
        let legacy = version != "rudder/v1"
        let path = segments
        switch context.location {
        case .propertyKey:
            if path == [] { keys(["version", "kind", "metadata", "spec"]) }
            if path == ["metadata"] { keys(["name", "import"]) }
            if path == ["spec"] { keys(CompletionBuilder.projectSpecKeys[fileKind] ?? []) }
            if path.count == 3, path[0] == "spec", path[2] == "[]" { keys(CompletionBuilder.projectItemKeys(path[1], legacy: legacy)) }
            if path.count >= 4, path[0] == "spec", path[1] == "rules", path.last == "[]", path[path.count - 2] == "properties" {
                keys([legacy ? "$ref" : "property", "required", "additionalProperties", "properties"])
            }
            // A property's advanced keywords (`config:`, rudder/v0.1's `propConfig:`) and a custom type's, for its
            // type, spelt as `propConfig` reads them in this file's version (snake_case in v1).
            if path.count == 4, path[0] == "spec", path[2] == "[]", (path[1] == "properties" && path[3] == (legacy ? "propConfig" : "config"))
                || (path[1] == "types" && path[3] == "config"),
               let owner = context.path.parent.flatMap({ tree.node(at: $0) }) {
                keys(applicableKeywords(owner).map { legacy ? $0 : RudderStackAnalysis.snakeCased($0) }, detail: "advanced keyword")
            }
            if path == ["spec", "governance"] { keys(["validations"]) }
            if path == ["spec", "governance", "validations"] { keys(["tracking_plan", "config"]) }
            if path == ["spec", "governance", "validations", "config"] { keys(RudderStackAnalysis.sourceConfigEventTypes) }
            if path.count == 5, path.starts(with: ["spec", "governance", "validations", "config"]) { keys(RudderStackAnalysis.sourceSettings(path[4])) }
        case .propertyValue(let key):
            switch (path, key) {
            // The kinds rudder-cli registers with this file's version (`tp` is rudder/v0.1's, `tracking-plan` v1's).
            case ([], "kind"): values(RudderStackAnalysis.projectKinds.filter { $0.value.contains(version) }.keys.sorted())
            case ([], "version"): values(RudderStackAnalysis.projectKinds[fileKind] ?? RudderStackAnalysis.projectVersions)
            case (_, "event_type"): values(RudderStackRule.eventTypes)
            case (_, "identity_section"): values(RudderStackRule.identitySections)
            case (["spec"], "type") where fileKind == "event-stream-source":
                values(legacy ? RudderStackAnalysis.legacySourceTypes : RudderStackAnalysis.sourceTypes)
            case (_, "type") where path.starts(with: ["spec", "properties"]) || path.starts(with: ["spec", "types"]):
                values(RudderStackRule.propertyTypes + references(to: "custom-type", legacy: legacy))
            case (_, "category"): values(references(to: "category", legacy: legacy), detail: "category")
            case (_, "event"): values(references(to: "event", legacy: legacy), detail: "event")
            case (_, "property"), (_, "discriminator"): values(references(to: "property", legacy: legacy), detail: "property")
            case (_, "tracking_plan"): values(references(to: "tracking-plan", legacy: legacy), detail: "tracking plan")
            case (_, "format") where path.count == 4 && ["config", "propConfig"].contains(path[3]): values(RudderStackRule.formats)
            case (_, "$ref"):
                let target = path.contains("event") ? "event" : "property"
                values(references(to: target, legacy: legacy), detail: target)
            default: break
            }
        default:
            break
        }
    }

    /// The project's resources of a kind, written as this file's version refers to them.
    func references(to kind: String, legacy: Bool) -> [String] {
        let segment = ProjectURN.legacyKinds.first { $0.value == kind }?.key ?? kind
        let resources = workspace.rudderstack.resources.filter { $0.urnKind == kind }
        return Array(Set(resources.map { legacy ? "#/\(segment)/\($0.group)/\($0.id)" : "#\(kind):\($0.id)" })).sorted()
    }
}
