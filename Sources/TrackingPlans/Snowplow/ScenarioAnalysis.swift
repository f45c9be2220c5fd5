import Foundation
import Iglu
import JSONSchema
import JSONSyntax

/// What other files need to know about a scenario (cross-file rules), without its tree.
public struct ScenarioFact: Sendable, Hashable {
    public var path: String
    public var id: String?
    public var name: String
    public var nameRange: Range<Int>
    /// `vendor/name` of `event.source`: names are unique per data structure, not per version.
    public var structure: String
}

/// The Snowplow rules for one file: every scenario it holds (a scenario, a request body, an API envelope,
/// the event specifications of a data product), checked against the Tracking Scenarios API's rules and
/// the local Iglu cache.
struct ScenarioAnalysis: TreeRules {
    let tree: SyntaxTree
    let path: String
    let iglu: IgluSchemas
    let sink = DiagnosticSink()
    var facts: [ScenarioFact] = []
    /// What snowplow-cli files tell other files (source applications, `$ref`s, trigger app ids, data structures).
    var cliFacts = SnowplowFacts()
    /// The data product's own source applications (resolved paths): what `excludedSourceApplications` may name.
    var ownSourceApps: Set<String> = []
    /// Collect facts only: no rules, no Iglu lookups, no compatibility checks.
    var factsOnly = false
    var wrongTypeRule: String { SnowplowRule.wrongType }
    var unknownKeyRule: String { SnowplowRule.unknownKey }

    enum Form {
        case scenario, dataProductSpec
        var knownKeys: [String] {
            switch self {
            case .scenario:
                // `sourceApplications`: the current API's ids of the source applications the spec applies to.
                // `lockStatus`, `managedFrom`: what the Console API returns (snowplow-cli internal/console
                // RemoteEventSpec); `metadata`, `createdAt`, `updatedAt`: the API's own bookkeeping.
                return ["id", "version", "status", "name", "description", "owner", "triggers", "appIds", "event", "entities", "dataProductId",
                        "date", "author", "message", "sourceApplications", "lockStatus", "managedFrom", "metadata", "createdAt", "updatedAt"]
            case .dataProductSpec:
                // `sourceApplications`: what snowplow-cli before `excludedSourceApplications` wrote.
                return ["resourceName", "name", "description", "excludedSourceApplications", "sourceApplications", "triggers", "event", "entities"]
            }
        }
    }

    init(tree: SyntaxTree, path: String, iglu: IgluSchemas) {
        self.tree = tree
        self.path = path
        self.iglu = iglu
    }

    // MARK: Files

    mutating func analyze(kind: FileKind) {
        guard let root = tree.root else { return }
        switch kind {
        case .snowplowScenario:
            scenario(root, form: .scenario, history: [])
        case .snowplowScenarioRequest:
            // V1's `{"scenario"}`, the Event Specifications API's `{"spec"}`.
            let body = tree.member("spec", in: root) != nil && tree.member("scenario", in: root) == nil ? "spec" : "scenario"
            unknownKeys(root, known: [body, "message"], where: "the request body")
            if let m = tree.member("message", in: root) { _ = expect(m, .string, "message") }
            if let s = tree.member(body, in: root) { scenario(s, form: .scenario, history: []) }
        case .snowplowScenarioEnvelope:
            envelope(root)
        case .snowplowDataProduct:
            dataProduct(root)
        case .snowplowSourceApplication:
            sourceApplication(root)
        case .snowplowDataStructure:
            dataStructure(root)
        case .json, .igluSchema, .rudderstackTrackingPlan, .rudderstackCatalog, .rudderstackConnection, .rudderstackProject:
            break
        }
    }

    struct HistoryItem {
        var version: Int
        var status: String
        var node: NodeID
    }

    mutating func envelope(_ root: NodeID) {
        unknownKeys(root, known: ["data", "includes", "errors"], where: "the API response")
        var history: [String: [HistoryItem]] = [:]
        // The Console's `data-products/v2`: data products in `data`, their event specifications in `includes.eventSpecs`.
        if let includes = tree.member("includes", in: root), tree.kind(includes) == .object {
            consoleDataProducts(root, includes: includes)
            return
        }
        if let includes = tree.member("includes", in: root), expect(includes, .array, "includes") {
            for item in tree.children(includes) where expect(item, .object, "includes[]") {
                unknownKeys(item, known: ["author", "message", "date", "scenarioId", "eventSpecId", "version", "status", "type"], where: "a history item")
                // V1 keys history by `scenarioId`, the Event Specifications API by `eventSpecId`.
                guard let id = tree.member("scenarioId", in: item) ?? tree.member("eventSpecId", in: item), tree.kind(id) == .string,
                      let v = tree.member("version", in: item), let n = tree.numberValue(v), n.isInteger, let version = Int(n.text) else { continue }
                let status = tree.member("status", in: item).map { tree.stringValue($0) } ?? "draft"
                history[tree.stringValue(id), default: []].append(HistoryItem(version: version, status: status, node: item))
            }
        }
        if let errors = tree.member("errors", in: root) { _ = expect(errors, .array, "errors") }
        if let data = tree.member("data", in: root), expect(data, .array, "data") {
            for s in tree.children(data) {
                let id = tree.member("id", in: s).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }
                scenario(s, form: .scenario, history: id.flatMap { history[$0] } ?? [])
            }
        }
    }

    /// `data-products/v2`: each data product lightly (the Console writes fields it adds over time), each
    /// event specification of `includes.eventSpecs` as a scenario.
    mutating func consoleDataProducts(_ root: NodeID, includes: NodeID) {
        if let data = tree.member("data", in: root), expect(data, .array, "data") {
            for product in tree.children(data) where expect(product, .object, "data[]") {
                if let n = tree.member("name", in: product) { _ = expect(n, .string, "name") }
                for list in ["sourceApplications", "eventSpecs"] {
                    if let l = tree.member(list, in: product) { _ = expect(l, .array, list) }
                }
            }
        }
        if let specs = tree.member("eventSpecs", in: includes), expect(specs, .array, "includes.eventSpecs") {
            for s in tree.children(specs) { scenario(s, form: .scenario, history: []) }
        }
    }

    // MARK: Scenario

    mutating func scenario(_ node: NodeID, form: Form, history: [HistoryItem]) {
        recordIgluUses(node)
        if factsOnly {
            if let f = fact(node, form: form) { facts.append(f) }
            // The trigger app ids too: a file's facts from the workspace scan must be what its analysis finds, or
            // every first analysis of a scanned data product looks like a change (pull-mode result ids moved).
            if form == .dataProductSpec, let triggers = tree.member("triggers", in: node), tree.kind(triggers) == .array {
                for trigger in tree.children(triggers) where tree.kind(trigger) == .object {
                    guard let apps = tree.member("appIds", in: trigger), tree.kind(apps) == .array else { continue }
                    for a in tree.children(apps) where tree.kind(a) == .string {
                        cliFacts.triggerAppIds.append(TriggerAppID(path: path, appId: tree.stringValue(a), range: tree.range(a)))
                    }
                }
            }
            return
        }
        guard expect(node, .object, form == .scenario ? "scenario" : "eventSpecifications[]") else { return }
        unknownKeys(node, known: form.knownKeys, where: form == .scenario ? "a tracking scenario" : "an event specification")
        var id: String?
        if form == .dataProductSpec, tree.member("resourceName", in: node) == nil {
            report(SnowplowRule.fieldInvalid, openingBrace(node), "an event specification needs a 'resourceName' (a UUID)")
        }
        if let idNode = tree.member(form == .scenario ? "id" : "resourceName", in: node), expect(idNode, .string, form == .scenario ? "id" : "resourceName") {
            id = tree.stringValue(idNode)
            if FormatChecker.check("uuid", id!) == false {
                report(SnowplowRule.idInvalid, idNode, "'\(id!)' is not a UUID (expected 8-4-4-4-12 hexadecimal digits)")
            }
        }
        // Name: required, non-empty.
        if let n = tree.member("name", in: node) {
            if expect(n, .string, "name"), tree.stringValue(n).allSatisfy({ $0.isWhitespace }) {
                report(SnowplowRule.nameRequired, n, "the scenario name must not be empty")
            }
        } else {
            report(SnowplowRule.nameRequired, ownerRange(node), "a tracking scenario needs a 'name'")
        }
        for field in ["description", "owner", "dataProductId"] {
            if let f = tree.member(field, in: node) { _ = expect(f, .string, field) }
        }
        if form == .scenario {
            for field in ["appIds", "sourceApplications"] {
                guard let apps = tree.member(field, in: node), expect(apps, .array, field) else { continue }
                for a in tree.children(apps) where tree.kind(a) != .string {
                    report(SnowplowRule.wrongType, a, "\(field == "appIds" ? "application ids" : "source application ids") must be strings, found \(describe(tree.kind(a)))")
                }
            }
        } else {
            excludedSourceApplications(node)
        }
        if let t = tree.member("triggers", in: node), expect(t, .array, "triggers") {
            for trigger in tree.children(t) { self.trigger(trigger, form: form) }
        }
        // Version and status.
        var version: Int?
        if let v = tree.member("version", in: node) {
            if tree.kind(v) == .number, let n = tree.numberValue(v), n.isInteger, !n.text.contains("."), !n.text.lowercased().contains("e"), let i = Int(n.text), i >= 0 {
                version = i
            } else {
                report(SnowplowRule.versionInvalid, v, "the version must be an integer ≥ 0, found \(tree.text(v))")
            }
        }
        var status = "draft"
        if let s = tree.member("status", in: node), expect(s, .string, "status") {
            status = tree.stringValue(s)
            if !SnowplowRule.statuses.contains(status) {
                report(SnowplowRule.statusInvalid, s,
                       "status '\(status)' is not one of draft, published, deprecated\(Suggestions.didYouMean(status, in: SnowplowRule.statuses))",
                       fixes: Suggestions.closest(to: status, in: SnowplowRule.statuses).map { [replaceFix(s, with: $0)] } ?? [])
            }
        }
        if !history.isEmpty { checkHistory(node, version: version ?? 0, status: status, history: history) }
        // Event.
        // The Console writes `"event": null` for a spec without one.
        if let event = tree.member("event", in: node), tree.kind(event) != .null, expect(event, .object, "event") {
            unknownKeys(event, known: ["source", "schema", "comment"], where: "'event'")
            if let c = tree.member("comment", in: event) { _ = expect(c, .string, "comment") }
            var sourceEntry: CacheEntry?
            var sourceKey: SchemaKey?
            if let source = tree.member("source", in: event) {
                (sourceKey, sourceEntry) = igluSource(source, what: "event.source")
            } else if form == .dataProductSpec {
                report(SnowplowRule.sourceInvalid, openingBrace(event), "'event' needs a 'source' Iglu URI")
            }
            if let schemaNode = tree.member("schema", in: event) {
                if form == .dataProductSpec { refinementShape(schemaNode, label: "event.schema") }
                if let compiled = eventSchema(schemaNode), let key = sourceKey, let entry = sourceEntry {
                    compatibility(id: id, schemaNode: schemaNode, schema: compiled, key: key, entry: entry, sourceNode: tree.member("source", in: event))
                }
            }
        }
        if let entities = tree.member("entities", in: node), expect(entities, .object, "entities") {
            unknownKeys(entities, known: ["tracked", "enriched"], where: "'entities'")
            for list in ["tracked", "enriched"] {
                if let l = tree.member(list, in: entities), expect(l, .array, "entities.\(list)") { entityList(l, list, id: id, cli: form == .dataProductSpec) }
            }
        }
        if let f = fact(node, form: form) { facts.append(f) }
    }

    /// The Iglu URIs the scenario names (its event's and its entities' sources), for references to their data
    /// structures. Reports nothing (the workspace scan records them too).
    mutating func recordIgluUses(_ node: NodeID) {
        guard tree.kind(node) == .object else { return }
        var sources: [NodeID] = []
        if let event = tree.member("event", in: node), tree.kind(event) == .object, let s = tree.member("source", in: event) { sources.append(s) }
        if let entities = tree.member("entities", in: node), tree.kind(entities) == .object {
            for list in ["tracked", "enriched"] {
                guard let l = tree.member(list, in: entities), tree.kind(l) == .array else { continue }
                for entity in tree.children(l) where tree.kind(entity) == .object {
                    if let s = tree.member("source", in: entity) { sources.append(s) }
                }
            }
        }
        for s in sources where tree.kind(s) == .string {
            guard case .success(let key) = SchemaKey.parse(tree.stringValue(s)) else { continue }
            cliFacts.igluUses.append(IgluUse(path: path, family: key.structure, version: key.version.description, range: tree.range(s)))
        }
    }

    /// The scenario's name and data structure, when both are there and well formed. Reports nothing:
    /// the workspace scan calls it (through `factsOnly`) for files nobody has open.
    func fact(_ node: NodeID, form: Form) -> ScenarioFact? {
        guard tree.kind(node) == .object,
              let n = tree.member("name", in: node), tree.kind(n) == .string,
              let event = tree.member("event", in: node), tree.kind(event) == .object,
              let source = tree.member("source", in: event), tree.kind(source) == .string,
              case .success(let key) = SchemaKey.parse(tree.stringValue(source)) else { return nil }
        let name = tree.stringValue(n).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { return nil }
        let id = tree.member(form == .scenario ? "id" : "resourceName", in: node).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }
        return ScenarioFact(path: path, id: id, name: name, nameRange: tree.range(n), structure: key.structure)
    }

    func openingBrace(_ node: NodeID) -> Range<Int> {
        let start = tree.range(node).lowerBound
        return start..<(start + 1)
    }

    mutating func checkHistory(_ node: NodeID, version: Int, status: String, history: [HistoryItem]) {
        let versionNode = tree.member("version", in: node) ?? node
        let range = versionNode == node ? openingBrace(node) : tree.range(versionNode)
        let published = history.filter { $0.status == "published" }.map(\.version).sorted()
        if let newest = history.map(\.version).max(), version < newest {
            report(SnowplowRule.versionConflict, range, "version \(version) is older than version \(newest) in the history; a scenario's version only grows")
        } else if let last = published.last, status != "published" || version != last, version <= last {
            report(SnowplowRule.versionConflict, range, "version \(version) must be greater than the last published version \(last)")
        } else if history.contains(where: { $0.version == version && $0.status != status }) {
            report(SnowplowRule.versionConflict, range, "version \(version) already exists in the history with another status")
        }
        // Drafts left between two published versions: publishing discards them.
        for (lower, upper) in zip(published, published.dropFirst()) {
            let between = Set(history.filter { $0.version > lower && $0.version < upper && $0.status != "published" }.map(\.version)).sorted()
            if !between.isEmpty, let item = history.first(where: { $0.version == between[0] }) {
                report(SnowplowRule.unpublishedVersions, item.node,
                       "version\(between.count == 1 ? "" : "s") \(between.map(String.init).joined(separator: ", ")) between published versions \(lower) and \(upper) \(between.count == 1 ? "was" : "were") never published; publishing discards intermediate versions")
            }
        }
    }

    /// Parses and looks up an Iglu URI; reports why it is malformed or missing from the cache.
    mutating func igluSource(_ node: NodeID, what: String) -> (SchemaKey?, CacheEntry?) {
        guard expect(node, .string, what) else { return (nil, nil) }
        let text = tree.stringValue(node)
        switch SchemaKey.parse(text) {
        case .failure(let error):
            // Point at the failing part when the literal has no escapes (offsets then map 1:1).
            let range = self.range(inString: node, utf8Offset: error.range.lowerBound, length: error.range.count)
            report(SnowplowRule.sourceInvalid, range, "\(what) '\(text)' is not a valid Iglu URI: \(error.message)")
            return (nil, nil)
        case .success(let key):
            guard let entry = iglu.entry(key) else {
                let cached = iglu.versions(of: key.family).map(\.key.version.description)
                let known = cached.isEmpty ? "" : " (cached versions: \(cached.joined(separator: ", ")))"
                let folders = iglu.folders.isEmpty ? "no cache folders are configured" : "searched \(iglu.folders.joined(separator: ", "))"
                report(SnowplowRule.sourceNotFound, node, "\(key) is not in the local Iglu cache\(known); \(folders). "
                       + "Fetch it with `trackspec iglu pull --resolver RESOLVER.json` (a Snowplow resolver config; or set iglu.resolver in trackspec.json), "
                       + "point iglu.cache in trackspec.json or `check --iglu-cache DIR` at a folder holding schemas/\(key.relativePath), or fix the URI")
                return (key, nil)
            }
            let source = iglu.source(entry)
            if source.schema == nil {
                let why = source.cached.problems.filter(\.isFatal).map(\.message).first ?? "it cannot be read"
                report(SnowplowRule.sourceUnusable, node, "the cached schema for \(key) cannot be used: \(why)")
                return (key, nil)
            }
            return (key, entry)
        }
    }

    mutating func eventSchema(_ node: NodeID, label: String = "event.schema") -> CompiledSchema? {
        guard tree.kind(node) == .object || tree.kind(node) == .boolean else {
            report(SnowplowRule.schemaInvalid, node, "\(label) must be a JSON Schema (an object), found \(describe(tree.kind(node)))")
            return nil
        }
        return compileSchema(node, draft: .draft4, rule: SnowplowRule.schemaInvalid, label: label, remotes: iglu.remoteDocument)
    }

    /// An entity list of a scenario (its refinements checked like `event.schema`) or, with `sourceApp`, of a
    /// source application (no refinements; `minCardinality` 0 or 1).
    mutating func entityList(_ list: NodeID, _ name: String, id: String? = nil, cli: Bool = false, sourceApp: Bool = false) {
        var seen: [String: NodeID] = [:]
        for (index, entity) in tree.children(list).enumerated() where expect(entity, .object, "entities.\(name)[]") {
            unknownKeys(entity, known: ["source", "minCardinality", "maxCardinality", "comment", "schema"], where: "an entity")
            if let c = tree.member("comment", in: entity) { _ = expect(c, .string, "comment") }
            if let source = tree.member("source", in: entity) {
                let (key, entry) = igluSource(source, what: "entity source")
                if let schemaNode = tree.member("schema", in: entity), !sourceApp {
                    let label = "entities.\(name)[\(index)].schema"
                    if cli { refinementShape(schemaNode, label: label) }
                    if let compiled = eventSchema(schemaNode, label: label), let key, let entry {
                        compatibility(id: id, schemaNode: schemaNode, schema: compiled, key: key, entry: entry, sourceNode: source, label: label)
                    }
                }
                if tree.kind(source) == .string {
                    let uri = tree.stringValue(source)
                    if let first = seen[uri] {
                        report(SnowplowRule.entityDuplicate, source, "\(uri) is already listed in entities.\(name)",
                               related: [RelatedInformation(location: Location(path: path, range: tree.range(first)), message: "first listed here")],
                               fixes: removeItemFix(entity, title: "Remove the duplicate entity").map { [$0] } ?? [])
                    } else {
                        seen[uri] = source
                    }
                }
            } else {
                report(SnowplowRule.sourceInvalid, openingBrace(entity), "an entity needs a 'source' Iglu URI")
            }
            if sourceApp, let s = tree.property("schema", in: entity) {
                report(SnowplowRule.fieldInvalid, keyRange(s), "a source application's entities have no 'schema': refine an entity in the event specifications that use it")
            }
            var bounds: [String: Int] = [:]
            // The Console writes absent cardinalities as null.
            for field in ["minCardinality", "maxCardinality"] {
                guard let c = tree.member(field, in: entity), tree.kind(c) != .null else { continue }
                if tree.kind(c) == .number, let n = tree.numberValue(c), n.isInteger, !n.text.contains("."), let i = Int(n.text), i >= 0 {
                    bounds[field] = i
                } else {
                    report(SnowplowRule.cardinalityInvalid, c, "\(field) must be an integer ≥ 0, found \(tree.text(c))")
                }
            }
            if sourceApp, let lo = bounds["minCardinality"], lo > 1, let c = tree.member("minCardinality", in: entity) {
                report(SnowplowRule.cardinalityInvalid, c, "a source application's entity has minCardinality 0 or 1, found \(lo)")
            }
            if let maxNode = tree.member("maxCardinality", in: entity), tree.kind(maxNode) != .null {
                if tree.member("minCardinality", in: entity).map({ tree.kind($0) == .null }) ?? true {
                    report(SnowplowRule.cardinalityInvalid, maxNode, "maxCardinality needs a minCardinality")
                } else if let lo = bounds["minCardinality"], let hi = bounds["maxCardinality"], hi < lo {
                    report(SnowplowRule.cardinalityInvalid, maxNode, "maxCardinality \(hi) is below minCardinality \(lo)")
                }
            }
        }
    }
}

