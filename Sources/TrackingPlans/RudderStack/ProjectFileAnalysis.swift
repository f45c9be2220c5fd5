import JSONSyntax

/// The version and kind of a rudder-cli project file, which decide its spec's shape: legacy files
/// (`rudder/0.1`, `rudder/v0.1`) write references as `#/events/<group>/<id>` and config keys in camelCase,
/// `rudder/v1` files `#event:<id>` and snake_case.
struct ProjectFile {
    var kind: String
    var legacy: Bool
}

/// rudder-cli project files (`{version, kind, metadata, spec}`), judged as rudder-cli's `validate` would
/// judge them, offline: the envelope, the kind/version pairing, metadata, each kind's spec (rudder-cli
/// decodes strictly, so unknown keys are errors), and the facts the project-wide rules need (URNs,
/// names, references). Rule ids and rudder-cli's own are mapped in the README.
extension RudderStackAnalysis {
    static let projectVersions = ["rudder/0.1", "rudder/v0.1", "rudder/v1"]
    /// The kinds trackspec checks and the versions rudder-cli registers each with.
    static let projectKinds: [String: [String]] = [
        "properties": projectVersions, "events": ["rudder/0.1", "rudder/v1"], "categories": projectVersions,
        "custom-types": projectVersions, "tp": ["rudder/0.1", "rudder/v0.1"], "tracking-plan": ["rudder/v1"],
        "event-stream-source": projectVersions, "event-stream-connections": ["rudder/v1"], "destination": ["rudder/v1"],
        "import-manifest": ["rudder/v1"],
    ]
    /// rudder-cli's other kinds: their envelope is checked, their spec is not (yet).
    static let otherProjectKinds: [String: [String]] = [
        "data-graph": ["rudder/v1"], "retl-source-sql-model": projectVersions,
        "transformation": ["rudder/v1"], "transformation-library": ["rudder/v1"], "account": ["rudder/v1"],
    ]
    /// The resource type an inline import's legacy `local_id` is made a URN with, per kind: rudder-cli's
    /// `ParsedSpec.LegacyResourceType` (datacatalog `localcatalog/catalog.go` ParseSpec, event-stream and
    /// retl handlers). Other kinds take `urn` only (project/metadata-syntax-valid).
    static let legacyResourceTypes: [String: String] = [
        "properties": "property", "events": "event", "categories": "category", "custom-types": "custom-type",
        "tp": "tracking-plan", "tracking-plan": "tracking-plan", "event-stream-source": "event-stream-source",
        "retl-source-sql-model": "retl-source-sql-model",
    ]
    /// Kinds whose resources trackspec records, so that an import naming a URN the spec does not declare can be
    /// told apart from a kind trackspec does not read.
    static let recordedKinds: Set<String> = ["properties", "events", "categories", "custom-types", "tp", "tracking-plan", "event-stream-source",
                                             "event-stream-connections", "destination"]
    static let sourceTypes = ["java", "dotnet", "php", "flutter", "cordova", "rust", "react_native", "python", "ios", "android",
                              "javascript", "go", "node", "ruby", "unity"]
    /// Legacy sources also accept these two.
    static let legacySourceTypes = sourceTypes + ["swift", "kotlin"]

    mutating func projectFile(_ root: NodeID) {
        guard expect(root, .object, "a rudder-cli project file") else { return }
        strictKeys(root, ["version", "kind", "metadata", "spec"], where: "a rudder-cli project file")
        let version = requiredString("version", in: root, rule: RudderStackRule.projectEnvelope)
        let kind = requiredString("kind", in: root, rule: RudderStackRule.projectEnvelope)
        let metadata = required("metadata", in: root, rule: RudderStackRule.projectEnvelope)
        let spec = required("spec", in: root, rule: RudderStackRule.projectEnvelope)
        var supported = false
        if let (kind, kindNode) = kind, let (version, versionNode) = version {
            let all = RudderStackAnalysis.projectKinds.keys.sorted() + RudderStackAnalysis.otherProjectKinds.keys.sorted()
            if let versions = RudderStackAnalysis.projectKinds[kind] ?? RudderStackAnalysis.otherProjectKinds[kind] {
                if !RudderStackAnalysis.projectVersions.contains(version) {
                    report(RudderStackRule.projectKindVersion, versionNode,
                           "version '\(version)' is not a rudder-cli version; use rudder/v1 (or the legacy rudder/0.1, rudder/v0.1)\(Suggestions.didYouMean(version, in: RudderStackAnalysis.projectVersions))")
                } else if !versions.contains(version) {
                    report(RudderStackRule.projectKindVersion, kindNode,
                           "kind '\(kind)' is not supported with version '\(version)'; rudder-cli registers it with \(versions.joined(separator: ", "))")
                } else {
                    supported = true
                }
            } else {
                report(RudderStackRule.projectKindVersion, kindNode, "kind '\(kind)' is not a rudder-cli kind\(Suggestions.didYouMean(kind, in: all))",
                       fixes: closestFix(kindNode, kind, in: all))
            }
        }
        var (group, imports) = ("", [(String, NodeID)]())
        if let metadata, expect(metadata, .object, "metadata") { (group, imports) = projectMetadata(metadata, kind: kind?.0 ?? "") }
        guard let (kindName, _) = kind, let spec, expect(spec, .object, "spec") else { return }
        let file = ProjectFile(kind: kindName, legacy: version?.0 != "rudder/v1")
        // rudder-cli stops at an unsupported kind/version pair: its spec is not judged, but its resources
        // are still resources (a reference to them is not "not found").
        sink.muted = !supported
        let declared = facts.resources.count
        switch kindName {
        case "properties": specList(spec, key: "properties", file: file) { $0.projectProperty($1, file: file) }
        case "events": specList(spec, key: "events", file: file) { $0.projectEvent($1, file: file) }
        case "categories": specList(spec, key: "categories", file: file) { $0.projectCategory($1, file: file) }
        case "custom-types": specList(spec, key: "types", file: file) { $0.customType($1, file: file) }
        case "tp", "tracking-plan": projectTrackingPlan(spec, file: file)
        case "event-stream-source": eventStreamSource(spec, file: file)
        case "event-stream-connections": eventStreamConnections(spec, file: file)
        case "destination": destination(spec, file: file)
        case "import-manifest": importManifest(spec)
        default: break
        }
        sink.muted = false
        for i in declared..<facts.resources.count { facts.resources[i].group = group }
        let urns = Set(facts.resources[declared...].map(\.urn))
        for (urn, node) in imports where supported && RudderStackAnalysis.recordedKinds.contains(kindName) && !urns.contains(urn) {
            report(RudderStackRule.projectMetadata, node, "import urn '\(urn)' is not declared in this file's spec\(Suggestions.didYouMean(urn, in: urns.sorted()))")
        }
    }

    /// A member that is there and not null (YAML's `kind:` with nothing after it is null).
    func present(_ key: String, in node: NodeID) -> NodeID? {
        guard let v = tree.member(key, in: node), tree.kind(v) != .null else { return nil }
        return v
    }

    /// A member rudder-cli validates as `required`: when it is missing or null, "'key' is required" (and
    /// `why`) is reported at its key, or at its owner, and the answer is nil.
    mutating func required(_ key: String, in node: NodeID, rule: String = RudderStackRule.requiredField, why: String = "") -> NodeID? {
        if let v = present(key, in: node) { return v }
        report(rule, tree.property(key, in: node).map(keyRange) ?? ownerRange(node), "'\(key)' is required\(why)")
        return nil
    }

    /// A required string: missing, null or empty is "'x' is required".
    mutating func requiredString(_ key: String, in node: NodeID, rule: String = RudderStackRule.requiredField) -> (String, NodeID)? {
        guard let v = required(key, in: node, rule: rule), expect(v, .string, key) else { return nil }
        guard !tree.stringValue(v).isEmpty else {
            report(rule, v, "'\(key)' is required and must not be empty")
            return nil
        }
        return (tree.stringValue(v), v)
    }

    /// Unknown keys of a project file: rudder-cli decodes strictly, so each is an error.
    mutating func strictKeys(_ object: NodeID, _ known: [String], where place: String) {
        unknownKeys(object, known: known, where: place, rule: RudderStackRule.projectUnknownKey)
    }

    /// `metadata`: a name (the `<group>` of legacy references to this file), and an optional import block;
    /// returns the name and the URNs the import names. rudder-cli decodes metadata leniently
    /// (project/rules/metadata_syntax_valid.go `decodeMetadata`, no ErrorUnused): a key it does not know is
    /// ignored, not refused. Each import resource has `urn` or the legacy `local_id` (not both) and a
    /// `remote_id` (specs/metadata.go ImportIds); `local_id` only where the kind has a legacy resource type.
    mutating func projectMetadata(_ metadata: NodeID, kind: String) -> (group: String, imports: [(String, NodeID)]) {
        unknownKeys(metadata, known: ["name", "import"], where: "metadata (rudder-cli ignores it)", rule: RudderStackRule.projectIgnoredKey)
        let group = requiredString("name", in: metadata, rule: RudderStackRule.projectMetadata)?.0 ?? ""
        guard let block = present("import", in: metadata), expect(block, .object, "import") else { return (group, []) }
        unknownKeys(block, known: ["workspaces"], where: "metadata.import (rudder-cli ignores it)", rule: RudderStackRule.projectIgnoredKey)
        guard let workspaces = present("workspaces", in: block), expect(workspaces, .array, "workspaces") else { return (group, []) }
        var urns: [(String, NodeID)] = []
        for w in tree.children(workspaces) {
            guard expect(w, .object, "workspaces[]") else { continue }
            unknownKeys(w, known: ["workspace_id", "resources"], where: "an import workspace (rudder-cli ignores it)", rule: RudderStackRule.projectIgnoredKey)
            let workspace = requiredString("workspace_id", in: w, rule: RudderStackRule.projectMetadata)?.0
            guard let resources = present("resources", in: w), expect(resources, .array, "resources") else { continue }
            for r in tree.children(resources) {
                guard expect(r, .object, "resources[]") else { continue }
                unknownKeys(r, known: ["urn", "local_id", "remote_id"], where: "an import resource (rudder-cli ignores it)", rule: RudderStackRule.projectIgnoredKey)
                let remote = requiredString("remote_id", in: r, rule: RudderStackRule.projectMetadata)?.0
                let urn = present("urn", in: r)
                let local = present("local_id", in: r)
                var resolved: (String, NodeID)?
                if let urn, let local {
                    report(RudderStackRule.projectMetadata, keyRange(tree.parent(local)!), "urn and local_id are mutually exclusive")
                    _ = urn
                } else if let urn {
                    if expect(urn, .string, "urn") { resolved = (tree.stringValue(urn), urn) }
                } else if let local {
                    guard expect(local, .string, "local_id") else { continue }
                    if let type = RudderStackAnalysis.legacyResourceTypes[kind] {
                        resolved = (type + ":" + tree.stringValue(local), local)
                    } else {
                        report(RudderStackRule.projectMetadata, local, "'local_id' is not supported for this spec kind; use 'urn' instead")
                    }
                } else {
                    report(RudderStackRule.projectMetadata, ownerRange(r), "either urn or local_id must be set")
                }
                guard let (text, node) = resolved, !text.isEmpty else { continue }
                urns.append((text, node))
                if let workspace, !workspace.isEmpty {
                    facts.imports.append(ImportEntry(path: path, workspaceID: workspace, urn: text, remoteID: remote ?? "", range: tree.range(node), inManifest: false))
                }
            }
        }
        return (group, urns)
    }

    /// Specs that are one list (`properties`, `events`, `categories`, `types`).
    mutating func specList(_ spec: NodeID, key: String, file: ProjectFile, _ item: (inout RudderStackAnalysis, NodeID) -> Void) {
        unknownKeys(spec, known: [key], where: "a \(file.kind) spec")
        guard let list = required(key, in: spec), expect(list, .array, key) else { return }
        for node in tree.children(list) { item(&self, node) }
    }

    /// Descriptions: 3–2000 characters, a letter first (plans, events, categories, properties, custom types).
    /// `allowEmpty`: the Data Catalog API writes `""` for "no description" in what it returns, so API files
    /// take an empty one as none.
    mutating func checkDescription(in node: NodeID, allowEmpty: Bool = false) {
        guard let d = present("description", in: node), expect(d, .string, "description") else { return }
        let text = tree.stringValue(d)
        if allowEmpty && text.isEmpty { return }
        let count = text.count
        if count < 3 || count > 2000 {
            report(RudderStackRule.descriptionInvalid, d, "a description has 3–2000 characters; this one has \(count)")
        } else if let first = text.first, !first.isLetter {
            report(RudderStackRule.descriptionInvalid, range(inString: d, utf8Offset: 0, length: String(first).utf8.count),
                   "a description starts with a letter, not '\(first)'")
        }
    }

    /// A reference field: of the form the file's version uses, to a resource of the expected kind.
    /// Recorded for the project-wide resolution; returns the referenced id.
    @discardableResult
    mutating func projectReference(_ node: NodeID, field: String, kind: String, file: ProjectFile, requiredTypes: [String] = [], requirement: String = "") -> String? {
        guard expect(node, .string, field) else { return nil }
        let text = tree.stringValue(node)
        let legacy = kind == "event-rule" ? true : file.legacy
        let pattern = ProjectURN.pattern(kind: kind, legacy: legacy)
        guard let parsed = ProjectURN.parse(text), parsed.kind == kind, parsed.legacy == legacy else {
            // The other version's spelling of the same reference can be rewritten when no group is needed.
            let fix = ProjectURN.parse(text).flatMap { p -> Fix? in
                guard p.kind == kind, p.legacy, !legacy else { return nil }
                return replaceString(node, with: "#\(kind):\(p.id)")
            }
            report(RudderStackRule.referenceInvalid, node, "'\(field)' is invalid: must be of pattern \(pattern)", fixes: fix.map { [$0] } ?? [])
            return nil
        }
        facts.projectReferences.append(ProjectReference(path: path, urnKind: kind, id: parsed.id, field: field, range: tree.range(node),
                                                        requiredTypes: requiredTypes, requirement: requirement))
        return parsed.id
    }

    // MARK: Catalog kinds

    mutating func projectEvent(_ event: NodeID, file: ProjectFile) {
        guard expect(event, .object, "events[]") else { return }
        strictKeys(event, ["id", "name", "event_type", "description", "category"], where: "an event")
        let id = requiredString("id", in: event)
        var type: String?
        if let (value, node) = requiredString("event_type", in: event) {
            let types = RudderStackRule.eventTypes
            if types.contains(value) {
                type = value
            } else {
                report(RudderStackRule.eventTypeInvalid, node,
                       "'event_type' '\(value)' is not valid: must be oneof \(types.joined(separator: " "))\(Suggestions.didYouMean(value, in: types))",
                       fixes: closestFix(node, value, in: types))
            }
        }
        var name = ""
        let nameNode = present("name", in: event)
        if let n = nameNode, expect(n, .string, "name") { name = tree.stringValue(n) }
        if type == "track" {
            checkTrackEventName(nameNode, name: name, of: event, rule: RudderStackRule.requiredField, missing: "'name' is required for track events")
        }
        checkDescription(in: event)
        if let category = present("category", in: event) { projectReference(category, field: "category", kind: "category", file: file) }
        if let (id, idNode) = id {
            var resource = ProjectResource(path: path, urnKind: "event", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                           name: type.map { _ in name }, nameQualifier: type ?? "", nameRange: tree.range(event))
            resource.nameValueRange = nameNode.flatMap { tree.kind($0) == .string ? tree.range($0) : nil }
            resource.undocumented = !hasDescription(event)
            facts.resources.append(resource)
        }
    }

    mutating func projectCategory(_ category: NodeID, file: ProjectFile) {
        guard expect(category, .object, "categories[]") else { return }
        strictKeys(category, ["id", "name"], where: "a category")
        let id = requiredString("id", in: category)
        let name = requiredString("name", in: category)
        if let (_, n) = name { checkName(n, what: "category name") }
        if let (id, idNode) = id {
            var resource = ProjectResource(path: path, urnKind: "category", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                           name: name?.0, nameRange: name.map { tree.range($0.1) } ?? tree.range(idNode))
            resource.nameValueRange = name.map { tree.range($0.1) }
            facts.resources.append(resource)
        }
    }

    /// A property's type(s): legacy `type` may list several (`"number, string"`) or name a custom type
    /// (`#/custom-types/<group>/<id>`); v1 has `type` (one, or `#custom-type:<id>`) or `types` (several).
    /// A custom type is recorded as `custom-type:<id>`, resolved project-wide where its type matters.
    mutating func projectPropertyTypes(_ property: NodeID, file: ProjectFile) -> [String]? {
        let valid = RudderStackRule.propertyTypes
        var out: [String] = []
        func one(_ text: String, at node: NodeID, field: String) -> String? {
            let name = text.trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("#") {
                return projectReference(node, field: field, kind: "custom-type", file: file).map { "custom-type:" + $0 }
            }
            guard valid.contains(name) else {
                report(RudderStackRule.propertyTypeInvalid, node,
                       "'\(name)' is not a property type; use \(valid.joined(separator: ", ")) or a custom type\(Suggestions.didYouMean(name, in: valid))",
                       fixes: text == name ? closestFix(node, name, in: valid) : [])
                return nil
            }
            return name
        }
        let typeNode = present("type", in: property)
        let typesNode = file.legacy ? nil : present("types", in: property)
        if let t = typeNode, typesNode != nil {
            report(RudderStackRule.propertyTypeInvalid, keyRange(tree.parent(t)!), "a property has 'type' or 'types', not both")
        }
        if let t = typeNode, expect(t, .string, "type") {
            let text = tree.stringValue(t)
            let parts = file.legacy && !text.hasPrefix("#") ? text.split(separator: ",").map(String.init) : [text]
            for part in parts {
                guard let type = one(part, at: t, field: "type") else { return nil }
                if out.contains(type) {
                    report(RudderStackRule.propertyTypeInvalid, t, "type '\(type)' is listed twice")
                } else {
                    out.append(type)
                }
            }
        } else if let list = typesNode, expect(list, .array, "types") {
            for item in tree.children(list) {
                guard expect(item, .string, "types[]"), let type = one(tree.stringValue(item), at: item, field: "types") else { return nil }
                if out.contains(type) { report(RudderStackRule.propertyTypeInvalid, item, "type '\(type)' is listed twice") } else { out.append(type) }
            }
        }
        return out.isEmpty ? nil : out
    }

    mutating func projectProperty(_ property: NodeID, file: ProjectFile) {
        guard expect(property, .object, "properties[]") else { return }
        let known = file.legacy ? ["id", "name", "description", "type", "propConfig"]
            : ["id", "name", "description", "type", "types", "item_type", "item_types", "config"]
        strictKeys(property, known, where: "a property")
        let id = requiredString("id", in: property)
        let name = requiredString("name", in: property)
        if let (_, n) = name { checkPropertyName(n) }
        checkDescription(in: property)
        let types = projectPropertyTypes(property, file: file)
        var itemTypes: [String] = []
        if !file.legacy {
            for key in ["item_type", "item_types"] {
                guard let node = present(key, in: property) else { continue }
                if let types, !types.contains("array") {
                    report(RudderStackRule.keywordNotApplicable, keyRange(tree.parent(node)!), "'\(key)' applies to array properties, but this property's type is \(types.joined(separator: ", "))")
                }
                let items = key == "item_type" ? [node] : (expect(node, .array, key) ? Array(tree.children(node)) : [])
                for item in items where expect(item, .string, key) {
                    let text = tree.stringValue(item)
                    if text.hasPrefix("#") {
                        if let ref = projectReference(item, field: key, kind: "custom-type", file: file) { itemTypes.append("custom-type:" + ref) }
                    } else if RudderStackRule.propertyTypes.contains(text) {
                        itemTypes.append(text)
                    } else {
                        report(RudderStackRule.propertyTypeInvalid, item,
                               "item type '\(text)' is not a property type; use \(RudderStackRule.propertyTypes.joined(separator: ", "))\(Suggestions.didYouMean(text, in: RudderStackRule.propertyTypes))")
                    }
                }
            }
        }
        let configKey = file.legacy ? "propConfig" : "config"
        // Keywords of a custom-typed property are the custom type's business: only their values are checked.
        let primitive = types?.allSatisfy { !$0.hasPrefix("custom-type:") } == true ? types : nil
        if let config = present(configKey, in: property), expect(config, .object, configKey) {
            propConfig(config, types: primitive, snakeCase: !file.legacy)
            if file.legacy, let list = tree.member("itemTypes", in: config), tree.kind(list) == .array {
                itemTypes = tree.children(list).filter { tree.kind($0) == .string }.map { tree.stringValue($0) }
            }
        }
        if let (id, idNode) = id {
            var resource = ProjectResource(path: path, urnKind: "property", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                           name: name?.0, nameQualifier: (types ?? []).sorted().joined(separator: ",") + "|" + itemTypes.sorted().joined(separator: ","),
                                           nameRange: tree.range(property), types: types ?? [])
            resource.nameValueRange = name.map { tree.range($0.1) }
            resource.shape = PropertyShape(keywords: tree.member(configKey, in: property).flatMap { tree.value($0) })
            resource.undocumented = !hasDescription(property)
            facts.resources.append(resource)
        }
    }

    /// A custom type of a `custom-types` file: its id, and the body API bodies share.
    mutating func customType(_ type: NodeID, file: ProjectFile) {
        guard expect(type, .object, "types[]") else { return }
        strictKeys(type, ["id", "name", "description", "type", "config", "properties", "variants"], where: "a custom type")
        let id = requiredString("id", in: type)
        let (name, primitive) = customTypeShape(type, refs: .project(file))
        if let (id, idNode) = id {
            var resource = ProjectResource(path: path, urnKind: "custom-type", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                           name: name?.0, nameRange: name.map { tree.range($0.1) } ?? tree.range(idNode), types: primitive.map { [$0] } ?? [])
            resource.nameValueRange = name.map { tree.range($0.1) }
            facts.resources.append(resource)
        }
    }

    /// `{property: "#property:<id>", required}` (legacy `{$ref: "#/properties/<group>/<id>"}`); returns the id.
    mutating func propertyReference(_ item: NodeID, file: ProjectFile, extraKeys: [String], requiredTypes: [String] = [], requirement: String = "") -> String? {
        guard expect(item, .object, "properties[]") else { return nil }
        let refKey = file.legacy ? "$ref" : "property"
        strictKeys(item, [refKey, "required"] + extraKeys, where: "a property reference")
        if let r = present("required", in: item) { _ = expect(r, .boolean, "required") }
        guard let (_, node) = requiredString(refKey, in: item) else { return nil }
        return projectReference(node, field: refKey, kind: "property", file: file, requiredTypes: requiredTypes, requirement: requirement)
    }
}
