import Iglu
import JSONSchema
import JSONSyntax

/// snowplow-cli's files (`{apiVersion: v1, resourceType, resourceName, data}`): data products, source
/// applications and data structures, as snowplow-cli's own schemas (`internal/validation/schema/*.json`)
/// and checks judge them, offline.
extension ScenarioAnalysis {
    static let selfDescribingSchema = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"

    /// The envelope: `apiVersion: v1`, the resource type, `resourceName` a UUID (data structures have none
    /// in snowplow-cli's schema, so it is optional there), the `data` object. Returns `data`.
    mutating func cliEnvelope(_ root: NodeID, type: String, extra: [String] = [], nameRequired: Bool = true) -> NodeID? {
        guard expect(root, .object, "a snowplow-cli file") else { return nil }
        unknownKeys(root, known: ["apiVersion", "resourceType", "resourceName", "data"] + extra, where: "a \(type) file")
        if let v = tree.member("apiVersion", in: root) {
            if tree.kind(v) != .string || tree.stringValue(v) != "v1" {
                report(SnowplowRule.envelopeInvalid, v, "apiVersion must be \"v1\", found \(tree.text(v))", fixes: [replaceFix(v, with: "v1")])
            }
        } else {
            report(SnowplowRule.envelopeInvalid, openingBrace(root), "a \(type) file needs 'apiVersion: v1'")
        }
        if let n = tree.member("resourceName", in: root) {
            if !(tree.kind(n) == .string && FormatChecker.check("uuid", tree.stringValue(n)) == true) {
                report(SnowplowRule.envelopeInvalid, n, "resourceName must be a UUID (8-4-4-4-12 hexadecimal digits), found \(tree.text(n))")
            }
        } else if nameRequired {
            report(SnowplowRule.envelopeInvalid, openingBrace(root), "a \(type) file needs a 'resourceName' (a UUID; `uuidgen` makes one)")
        }
        guard let data = tree.member("data", in: root) else {
            report(SnowplowRule.envelopeInvalid, openingBrace(root), "a \(type) file needs its 'data'")
            return nil
        }
        return expect(data, .object, "data") ? data : nil
    }

    /// A string member the CLI's schema requires (`fieldInvalid` when missing or blank).
    mutating func requiredString(_ key: String, in node: NodeID, what: String) -> NodeID? {
        guard let v = tree.member(key, in: node) else {
            report(SnowplowRule.fieldInvalid, ownerRange(node), "\(what) needs a '\(key)'")
            return nil
        }
        guard expect(v, .string, key) else { return nil }
        if tree.stringValue(v).allSatisfy(\.isWhitespace) {
            report(SnowplowRule.fieldInvalid, v, "'\(key)' must not be empty")
            return nil
        }
        return v
    }

    /// `owner` an email, `description` non-empty: what the CLI's schema and the Console ask of both kinds of file.
    mutating func ownerAndDescription(_ data: NodeID) {
        if let o = tree.member("owner", in: data), expect(o, .string, "owner"), FormatChecker.check("email", tree.stringValue(o)) == false {
            report(SnowplowRule.fieldInvalid, o, "owner must be an email address, found '\(Excerpt.of(tree.stringValue(o)))'")
        }
        if let d = tree.member("description", in: data), expect(d, .string, "description"), tree.stringValue(d).allSatisfy(\.isWhitespace) {
            report(SnowplowRule.fieldInvalid, d, "description must not be empty: leave it out instead")
        }
        for field in ["name", "domain"] {
            if let f = tree.member(field, in: data) { _ = expect(f, .string, field) }
        }
    }

    // MARK: Data product

    mutating func dataProduct(_ root: NodeID) {
        guard let data = cliEnvelope(root, type: "data-product") else { return }
        unknownKeys(data, known: ["name", "domain", "description", "owner", "sourceApplications", "eventSpecifications"], where: "a data product's data")
        _ = requiredString("name", in: data, what: "a data product")
        ownerAndDescription(data)
        ownSourceApps = []
        if let list = tree.member("sourceApplications", in: data), expect(list, .array, "sourceApplications") {
            for item in tree.children(list) {
                guard let (text, node) = fileReference(item, field: "sourceApplications") else { continue }
                let target = resolveRelative(text, from: path)
                ownSourceApps.insert(target)
                cliFacts.sourceAppRefs.append(SourceAppReference(path: path, text: text, target: target, range: tree.range(node)))
            }
        }
        guard let specs = tree.member("eventSpecifications", in: data), expect(specs, .array, "eventSpecifications") else { return }
        for spec in tree.children(specs) { scenario(spec, form: .dataProductSpec, history: []) }
    }

    /// `{"$ref": "./source-apps/web.yaml"}`: returns the path text and its node.
    mutating func fileReference(_ item: NodeID, field: String) -> (String, NodeID)? {
        guard tree.kind(item) == .object else {
            report(SnowplowRule.fieldInvalid, item, "\(field) items are {\"$ref\": \"<path of a source-application file>\"}, found \(describe(tree.kind(item)))")
            return nil
        }
        unknownKeys(item, known: ["$ref"], where: "a source application reference")
        guard let ref = requiredString("$ref", in: item, what: "a source application reference") else { return nil }
        return (tree.stringValue(ref), ref)
    }

    /// `excludedSourceApplications`: `$ref`s among the data product's own source applications.
    mutating func excludedSourceApplications(_ spec: NodeID) {
        for field in ["excludedSourceApplications", "sourceApplications"] {
            guard let list = tree.member(field, in: spec), expect(list, .array, field) else { continue }
            for item in tree.children(list) {
                guard let (text, node) = fileReference(item, field: field) else { continue }
                if field == "excludedSourceApplications", !ownSourceApps.contains(resolveRelative(text, from: path)) {
                    let own = ownSourceApps.sorted().map { relativePath($0, from: path) }
                    report(SnowplowRule.referenceUnresolved, node,
                           "'\(text)' is not one of this data product's source applications\(own.isEmpty ? " (it lists none)" : ": " + own.joined(separator: ", "))\(Suggestions.didYouMean(text, in: own))")
                }
            }
        }
    }

    // MARK: Triggers

    static let triggerKeys = ["id", "description", "appIds", "url", "variantUrls", "image"]

    /// V1 writes triggers as strings; the current API and snowplow-cli as objects. In snowplow-cli files a
    /// trigger has a UUID `id`, and its app ids must be among the data product's source applications'.
    mutating func trigger(_ trigger: NodeID, form: Form) {
        if tree.kind(trigger) == .string, form == .scenario { return }
        guard expect(trigger, .object, form == .scenario ? "triggers[] (a string or an object)" : "triggers[]") else { return }
        unknownKeys(trigger, known: ScenarioAnalysis.triggerKeys, where: "a trigger")
        if let i = tree.member("id", in: trigger) {
            if expect(i, .string, "id"), FormatChecker.check("uuid", tree.stringValue(i)) == false {
                report(SnowplowRule.fieldInvalid, i, "a trigger id must be a UUID, found '\(Excerpt.of(tree.stringValue(i)))'")
            }
        } else if form == .dataProductSpec {
            report(SnowplowRule.fieldInvalid, openingBrace(trigger), "a trigger needs an 'id' (a UUID)")
        }
        for field in ["description", "url"] {
            if let f = tree.member(field, in: trigger) { _ = expect(f, .string, field) }
        }
        if let apps = tree.member("appIds", in: trigger), expect(apps, .array, "appIds") {
            for a in tree.children(apps) where expect(a, .string, "appIds[]") {
                if form == .dataProductSpec { cliFacts.triggerAppIds.append(TriggerAppID(path: path, appId: tree.stringValue(a), range: tree.range(a))) }
            }
        }
        if let v = tree.member("variantUrls", in: trigger), expect(v, .object, "variantUrls") {
            for (_, _, url) in members(v) { _ = expect(url, .string, "a variant URL") }
        }
        if let image = tree.member("image", in: trigger), expect(image, .object, "image") {
            unknownKeys(image, known: ["$ref"], where: "a trigger image")
            _ = requiredString("$ref", in: image, what: "a trigger image")
        }
    }

    // MARK: Refinements

    /// snowplow-cli's `$defs/schema`: a refinement is `type: object`, `additionalProperties: false`, with
    /// `properties`. Reports what is missing or different, at the schema's key.
    mutating func refinementShape(_ schema: NodeID, label: String) {
        guard tree.kind(schema) == .object else { return }
        var problems: [String] = []
        /// A value as compact JSON, whichever notation the file uses (YAML and JSON files read the same message).
        func written(_ node: NodeID) -> String { Excerpt.of(tree.value(node).map { JSONWriter().string($0) } ?? tree.text(node)) }
        if let t = tree.member("type", in: schema) {
            if !(tree.kind(t) == .string && tree.stringValue(t) == "object") { problems.append("'type' is \(written(t)), not \"object\"") }
        } else {
            problems.append("no 'type: object'")
        }
        if let a = tree.member("additionalProperties", in: schema) {
            if !(tree.kind(a) == .boolean && tree.boolValue(a) == false) { problems.append("'additionalProperties' is \(written(a)), not false") }
        } else {
            problems.append("no 'additionalProperties: false'")
        }
        if tree.member("properties", in: schema) == nil { problems.append("no 'properties'") }
        guard !problems.isEmpty else { return }
        report(SnowplowRule.refinementShape, ownerRange(schema),
               "\(label) in a snowplow-cli file must be type object with additionalProperties false and properties: \(problems.joined(separator: "; "))")
    }

    // MARK: Source application

    mutating func sourceApplication(_ root: NodeID) {
        guard let data = cliEnvelope(root, type: "source-application") else { return }
        unknownKeys(data, known: ["name", "domain", "description", "owner", "appIds", "entities"], where: "a source application's data")
        let name = requiredString("name", in: data, what: "a source application")
        ownerAndDescription(data)
        var appIds: [String] = []
        if let list = tree.member("appIds", in: data) {
            if expect(list, .array, "appIds") {
                for a in tree.children(list) where expect(a, .string, "appIds[]") {
                    let id = tree.stringValue(a)
                    if id.count > 256 { report(SnowplowRule.fieldInvalid, a, "an app id has at most 256 characters; this one has \(id.count)") }
                    appIds.append(id)
                }
            }
        } else {
            report(SnowplowRule.fieldInvalid, ownerRange(data), "a source application needs its 'appIds'")
        }
        if let entities = tree.member("entities", in: data) {
            if expect(entities, .object, "entities") {
                unknownKeys(entities, known: ["tracked", "enriched"], where: "'entities'")
                for list in ["tracked", "enriched"] {
                    if let l = tree.member(list, in: entities) {
                        if expect(l, .array, "entities.\(list)") { entityList(l, list, sourceApp: true) }
                    } else {
                        report(SnowplowRule.fieldInvalid, ownerRange(entities), "a source application's entities need '\(list)' (an empty list if none)")
                    }
                }
            }
        } else {
            report(SnowplowRule.fieldInvalid, ownerRange(data), "a source application needs its 'entities' ({tracked: [], enriched: []})")
        }
        cliFacts.sourceApps.append(SourceAppFact(path: path, name: name.map { tree.stringValue($0) } ?? "", appIds: appIds))
    }

    // MARK: Data structure

    /// A data structure shadows the cached schema of its key (the workspace is the newer truth); when the
    /// two differ, say so where the version is written, linking the cached file.
    /// Returns whether the cache holds this key with the very same schema: the file is then history, not a change.
    mutating func shadowHint(_ key: SchemaKey, data: NodeID) -> Bool {
        guard let entry = iglu.context.cache.entry(key) else { return false }
        let cached = iglu.context.source(entry).cached
        guard let value = cached.value, value != tree.value(data) else { return cached.value != nil }
        let at = tree.member("self", in: data).flatMap { tree.member("version", in: $0) } ?? data
        report(SnowplowRule.dataStructureShadowsCache, at,
               "\(key) differs from the cached schema of that version; this file's schema is the one event specifications are checked against",
               related: [RelatedInformation(location: Location(path: entry.path, range: cached.tree.root.map { cached.tree.range($0) } ?? 0..<0), message: "the cached \(key)")])
        return false
    }

    mutating func dataStructure(_ root: NodeID) {
        guard expect(root, .object, "a data-structure file") else { return }
        unknownKeys(root, known: ["apiVersion", "resourceType", "resourceName", "meta", "data"], where: "a data-structure file")
        if let meta = tree.member("meta", in: root) {
            if expect(meta, .object, "meta") {
                unknownKeys(meta, known: ["hidden", "schemaType", "customData"], where: "'meta'")
                for (field, kind) in [("hidden", NodeKind.boolean), ("schemaType", .string), ("customData", .object)] {
                    guard let v = tree.member(field, in: meta) else {
                        report(SnowplowRule.dataStructureInvalid, ownerRange(meta), "'meta' needs '\(field)'")
                        continue
                    }
                    guard expect(v, kind, field) else { continue }
                    if field == "schemaType", !["event", "entity"].contains(tree.stringValue(v)) {
                        report(SnowplowRule.dataStructureInvalid, v, "schemaType must be event or entity, found '\(Excerpt.of(tree.stringValue(v)))'\(Suggestions.didYouMean(tree.stringValue(v), in: ["event", "entity"]))",
                               fixes: Suggestions.closest(to: tree.stringValue(v), in: ["event", "entity"]).map { [replaceFix(v, with: $0)] } ?? [])
                    }
                }
            }
        } else {
            report(SnowplowRule.envelopeInvalid, openingBrace(root), "a data-structure file needs its 'meta' ({hidden, schemaType, customData})")
        }
        guard let data = cliEnvelope(root, type: "data-structure", extra: ["meta"], nameRequired: false) else { return }
        if let s = tree.member("$schema", in: data) {
            if !(tree.kind(s) == .string && tree.stringValue(s) == ScenarioAnalysis.selfDescribingSchema) {
                report(SnowplowRule.dataStructureInvalid, s, "$schema must be Iglu's self-describing meta-schema \(ScenarioAnalysis.selfDescribingSchema)",
                       fixes: [replaceFix(s, with: ScenarioAnalysis.selfDescribingSchema)])
            }
        } else {
            report(SnowplowRule.dataStructureInvalid, ownerRange(data), "a data structure's data needs '$schema': \(ScenarioAnalysis.selfDescribingSchema)",
                   fixes: insertMemberFix(data, key: "$schema", value: JSONWriter().string(.string(ScenarioAnalysis.selfDescribingSchema)), title: "Add '$schema'")
                       .map { [$0] } ?? [])
        }
        var parts: [String: String] = [:]
        if let me = tree.member("self", in: data) {
            if expect(me, .object, "self") {
                unknownKeys(me, known: ["vendor", "name", "format", "version"], where: "'self'")
                let patterns: [(String, String, (Character) -> Bool)] = [
                    ("vendor", "letters, digits, '-', '_' and '.'", { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }),
                    ("name", "letters, digits, '-' and '_'", { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }),
                    ("format", "letters, digits, '-' and '_'", { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }),
                ]
                for (field, allowed, ok) in patterns {
                    guard let v = tree.member(field, in: me) else {
                        report(SnowplowRule.dataStructureInvalid, ownerRange(me), "'self' needs '\(field)'")
                        continue
                    }
                    guard expect(v, .string, field) else { continue }
                    let text = tree.stringValue(v)
                    if text.isEmpty || !text.allSatisfy(ok) {
                        report(SnowplowRule.dataStructureInvalid, v, "self.\(field) '\(Excerpt.of(text))' may hold only \(allowed)")
                    } else {
                        parts[field] = text
                    }
                }
                if let v = tree.member("version", in: me) {
                    if expect(v, .string, "version") {
                        let text = tree.stringValue(v)
                        if SchemaVer(text) == nil || text.hasPrefix("0") {
                            report(SnowplowRule.dataStructureInvalid, v, "self.version '\(Excerpt.of(text))' is not a SchemaVer MODEL-REVISION-ADDITION with MODEL ≥ 1 (1-0-0)")
                        } else {
                            parts["version"] = text
                        }
                    }
                } else {
                    report(SnowplowRule.dataStructureInvalid, ownerRange(me), "'self' needs 'version'")
                }
            }
        } else {
            report(SnowplowRule.dataStructureInvalid, ownerRange(data), "a data structure's data needs 'self' {vendor, name, format, version}")
        }
        // The schema itself: valid draft-04, as snowplow-cli checks it (`self` and `$schema` are Iglu's, not keywords).
        var compiled: CompiledSchema?
        if !factsOnly {
            compiled = compileSchema(data, draft: .draft4, rule: SnowplowRule.schemaInvalid, label: "data", remotes: iglu.remoteDocument)
            var lint = SchemaLint(tree: tree, path: path)
            lint.budget = budget
            lint.lint(data, selfDescribing: false, place: SchemaLint.Place.of(path))
            diagnostics += lint.diagnostics
        }
        if let vendor = parts["vendor"], let name = parts["name"], let format = parts["format"], let version = parts["version"] {
            let at = tree.member("self", in: data).map { tree.range($0) } ?? tree.range(data)
            var schema: WorkspaceSchema?
            if let version = SchemaVer(version), let root = tree.root {
                let key = SchemaKey(vendor: vendor, name: name, format: format, version: version)
                schema = WorkspaceSchema(key: key, path: path, bytes: tree.bytes, document: tree.documents.firstIndex(of: root) ?? 0)
                cliFacts.schemaFields += SchemaField.fields(in: tree, schema: data, key: key, path: path)
                if !factsOnly {
                    // A data structure identical to its published (cached) version is history, not a change to judge.
                    if !shadowHint(key, data: data) {
                        var evolution = EvolutionRules(tree: tree, path: path, schemas: iglu)
                        evolution.judge(key, root: data, schema: compiled, dataStructure: true)
                        diagnostics += evolution.diagnostics
                    }
                }
            }
            cliFacts.dataStructures.append(DataStructureFact(path: path, vendor: vendor, name: name, format: format, version: version, range: at, schema: schema))
            cliFacts.igluUses += IgluUse.refs(in: tree, below: data, path: path)
        }
    }
}
