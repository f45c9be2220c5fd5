import JSONSyntax

/// What a JSON file holds, decided by content (as the hosted APIs would see the body), so users need no
/// naming convention. Anything else is plain JSON: syntax checks only.
public enum FileKind: String, Sendable, Hashable, CaseIterable {
    case snowplowScenario = "snowplow-scenario"
    /// `{"scenario": {…}, "message": "…"}`: the create/edit request body.
    case snowplowScenarioRequest = "snowplow-scenario-request"
    /// `{"data": [scenarios], "includes": [history], "errors": […]}`: what the API returns.
    case snowplowScenarioEnvelope = "snowplow-scenario-envelope"
    /// snowplow-cli's `resourceType: "data-product"` file.
    case snowplowDataProduct = "snowplow-data-product"
    /// snowplow-cli's `resourceType: "source-application"` file (`data-products/source-apps/`).
    case snowplowSourceApplication = "snowplow-source-application"
    /// snowplow-cli's `resourceType: "data-structure"` file (`data-structures/<vendor>/<name>.yaml`).
    case snowplowDataStructure = "snowplow-data-structure"
    /// `{name, events: [...]}`: a RudderStack tracking plan.
    case rudderstackTrackingPlan = "rudderstack-tracking-plan"
    /// Lists of events, properties or categories of RudderStack's Data Catalog.
    case rudderstackCatalog = "rudderstack-catalog"
    /// `{"sourceId", "trackingPlanId", "config": {…}}`: a tracking plan–source connection.
    case rudderstackConnection = "rudderstack-connection"
    /// A rudder-cli project file: `{version: rudder/…, kind, metadata, spec}` (YAML, or JSON).
    case rudderstackProject = "rudderstack-project"
    /// A self-describing JSON Schema (`$schema`, `self` {vendor, name, format, version}): an Iglu registry's
    /// file, linted and judged against the versions before it.
    case igluSchema = "iglu-schema"
    case json

    public var isSnowplow: Bool {
        [.snowplowScenario, .snowplowScenarioRequest, .snowplowScenarioEnvelope, .snowplowDataProduct, .snowplowSourceApplication, .snowplowDataStructure].contains(self)
    }
    /// Kinds whose analysis reads Iglu schemas (event and entity sources, the previous versions of a data
    /// structure or Iglu schema): what a workspace's schemas, which shadow the cache, can change.
    public var resolvesIgluURIs: Bool { isSnowplow || self == .igluSchema }
    public var isRudderStack: Bool { [.rudderstackTrackingPlan, .rudderstackCatalog, .rudderstackConnection, .rudderstackProject].contains(self) }

    static let scenarioSignals: Set<String> = ["event", "entities", "triggers", "appIds", "dataProductId", "status", "version"]

    public static func detect(_ tree: SyntaxTree) -> FileKind {
        guard let root = tree.root else { return .json }
        if tree.kind(root) == .array { return looksLikeCatalogList(tree, root) ? .rudderstackCatalog : .json }
        guard tree.kind(root) == .object else { return .json }
        var keys = Set<String>()
        for p in tree.children(root) { if let k = tree.keyString(ofProperty: p) { keys.insert(k) } }
        if looksLikeProjectFile(tree, root, keys: keys) { return .rudderstackProject }
        if let type = tree.member("resourceType", in: root), tree.kind(type) == .string {
            switch tree.stringValue(type) {
            case "data-product": return .snowplowDataProduct
            case "source-application": return .snowplowSourceApplication
            case "data-structure": return .snowplowDataStructure
            default: break
            }
        }
        if looksLikeIgluSchema(tree, root, keys: keys) { return .igluSchema }
        if let scenario = tree.member("scenario", in: root), tree.kind(scenario) == .object { return .snowplowScenarioRequest }
        // The Event Specifications API's body: `{"spec": {…}, "message": "…"}`.
        if let spec = tree.member("spec", in: root), tree.kind(spec) == .object, keys.isSubset(of: ["spec", "message"]) { return .snowplowScenarioRequest }
        if let data = tree.member("data", in: root), tree.kind(data) == .array,
           keys.isSubset(of: ["data", "includes", "errors", "total", "count", "metadata"]),
           keys.contains("includes") || tree.children(data).contains(where: { looksLikeScenario(tree, $0) }) {
            return .snowplowScenarioEnvelope
        }
        if looksLikeScenario(tree, root) { return .snowplowScenario }
        return detectRudderStack(tree, root, keys: keys)
    }

    /// rudder-cli's envelope: a `rudder/…` version, or a `kind` beside `spec`/`metadata` (a file still being
    /// written may lack one of them; that is reported, not a reason to treat the file as plain data).
    static func looksLikeProjectFile(_ tree: SyntaxTree, _ root: NodeID, keys: Set<String>) -> Bool {
        if let v = tree.member("version", in: root), tree.kind(v) == .string, tree.stringValue(v).hasPrefix("rudder/") { return true }
        return keys.contains("kind") && (keys.contains("spec") || keys.contains("metadata")) && keys.isSubset(of: ["version", "kind", "metadata", "spec"])
    }

    static let planSignals: Set<String> = ["name", "description", "version", "workspaceId", "creationType", "id"]
    static let catalogListKeys: Set<String> = ["data", "total", "currentPage", "pageSize"]

    /// A plan has `events` and plan fields; a catalog has only `events`/`properties`/`categories` lists,
    /// or is an API list of catalog items; a connection has a `config` object (or both of its ids).
    static func detectRudderStack(_ tree: SyntaxTree, _ root: NodeID, keys: Set<String>) -> FileKind {
        if let events = tree.member("events", in: root), tree.kind(events) == .array,
           !keys.intersection(planSignals).isEmpty || (keys == ["events"] && RudderStackAnalysis.hasPlanEvents(tree, root)) {
            return .rudderstackTrackingPlan
        }
        if let rules = tree.member("rules", in: root), tree.kind(rules) == .object,
           tree.member("events", in: rules).map({ tree.kind($0) == .array }) == true, keys.isSubset(of: RudderStackAnalysis.legacyPlanKeys) {
            return .rudderstackTrackingPlan
        }
        if RudderStackAnalysis.isCatalogFile(tree, root) { return .rudderstackCatalog }
        if let single = singleResource(tree, root, keys: keys) { return single }
        if let data = tree.member("data", in: root), tree.kind(data) == .array, keys.isSubset(of: catalogListKeys),
           keys.count > 1 || looksLikeCatalogList(tree, data) {
            return .rudderstackCatalog
        }
        if keys.isSubset(of: ["sourceId", "trackingPlanId", "config"]),
           tree.member("config", in: root).map({ tree.kind($0) == .object }) ?? keys.isSuperset(of: ["sourceId", "trackingPlanId"]) {
            return .rudderstackConnection
        }
        return .json
    }

    /// Single-resource bodies of the Data Catalog API: an event of a plan (PUT/PATCH
    /// `/tracking-plans/{id}/events`: an `identitySection` or `rules`), a catalog event (`eventType`), custom
    /// type (`config` or what GET returns) or property (`propConfig`, or a type beside a description).
    /// Categories (`{name}`) say too little to be told from other JSON: map them in trackspec.json.
    static func singleResource(_ tree: SyntaxTree, _ root: NodeID, keys: Set<String>) -> FileKind? {
        let planEventKeys = Set(RudderStackAnalysis.planEventKeys)
        let string: (String) -> Bool = { k in tree.member(k, in: root).map { tree.kind($0) == .string } == true }
        if keys.isSubset(of: planEventKeys), string("identitySection") || (string("eventType") && tree.member("rules", in: root).map { tree.kind($0) == .object } == true) {
            return .rudderstackTrackingPlan
        }
        if keys.isSubset(of: RudderStackAnalysis.catalogEventKeys), string("eventType"), keys.contains("name") { return .rudderstackCatalog }
        if keys.isSubset(of: RudderStackAnalysis.customTypeKeys), keys.contains("name"), string("type"), RudderStackAnalysis.hasCustomTypeFields(tree, root) {
            return .rudderstackCatalog
        }
        if keys.isSubset(of: RudderStackAnalysis.catalogPropertyKeys), keys.contains("name"),
           keys.contains("propConfig") || (keys.contains("type") && keys.contains("description")) {
            return .rudderstackCatalog
        }
        return nil
    }

    /// A non-empty array of objects with names, at least one of them an event (`eventType`) or a property
    /// (`type`/`propConfig`): a plain array of `{id, name}` alone says too little.
    static func looksLikeCatalogList(_ tree: SyntaxTree, _ list: NodeID) -> Bool {
        var any = false
        for item in tree.children(list) {
            guard tree.kind(item) == .object, tree.member("name", in: item) != nil else { return false }
            if tree.member("eventType", in: item) != nil || tree.member("propConfig", in: item) != nil || tree.member("type", in: item) != nil { any = true }
        }
        return any
    }

    /// A `self` object naming at least a vendor, a name and a version or format (a schema being written may
    /// miss one), beside `$schema` or schema keywords.
    static func looksLikeIgluSchema(_ tree: SyntaxTree, _ root: NodeID, keys: Set<String>) -> Bool {
        guard let me = tree.member("self", in: root), tree.kind(me) == .object else { return false }
        var selfKeys = Set<String>()
        for p in tree.children(me) { if let k = tree.keyString(ofProperty: p) { selfKeys.insert(k) } }
        guard selfKeys.isSuperset(of: ["vendor", "name"]), selfKeys.contains("version") || selfKeys.contains("format") else { return false }
        return !keys.intersection(["$schema", "type", "properties"]).isEmpty
    }

    /// An `event` with a `source` or `schema`, or a name with scenario-only fields. RudderStack plans
    /// (`events`, plural) and JSON Schemas (`properties`, `type`) do not match.
    static func looksLikeScenario(_ tree: SyntaxTree, _ node: NodeID) -> Bool {
        guard tree.kind(node) == .object else { return false }
        if let event = tree.member("event", in: node), tree.kind(event) == .object,
           tree.member("source", in: event) != nil || tree.member("schema", in: event) != nil {
            return true
        }
        var keys = Set<String>()
        for p in tree.children(node) { if let k = tree.keyString(ofProperty: p) { keys.insert(k) } }
        if keys.contains("events") || keys.contains("properties") || keys.contains("$schema") { return false }
        return keys.contains("name") && keys.intersection(["event", "entities", "triggers", "appIds", "dataProductId"]).count >= 1
    }
}
