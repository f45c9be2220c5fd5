import Iglu
import JSONSchema
import JSONSyntax

extension Analyzer {
    /// Go to definition: an Iglu URI → its cached schema; a property key inside `event.schema` → the same
    /// property in the cached source schema; a catalog id in a plan (`categoryId`, an event's or property's
    /// `id`) → its definition in the workspace's catalog files (`workspace`: the other files' facts); a rudder-cli
    /// reference (`#event:<id>`, `#/events/<group>/<id>`) → the resource's `id` in its project file.
    public func definition(path: String, bytes: [UInt8], offset: Int, workspace: [FileFacts] = []) -> [Location] {
        definition(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes), offset: offset, workspace: workspace)
    }

    public func definition(path: String, tree: SyntaxTree, offset: Int, workspace: [FileFacts] = []) -> [Location] {
        let tree = tree.document(containing: offset)
        guard let node = tree.node(at: offset), tree.kind(node) == .string else { return [] }
        let kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        let text = tree.stringValue(node)
        if let key = SchemaKey(text), let entry = schemas.entry(key) {
            let source = schemas.source(entry)
            let start = source.root.map { source.cached.tree.range($0).lowerBound } ?? 0
            return [Location(path: entry.path, range: start..<start)]
        }
        if kind == .snowplowDataProduct, let target = sourceApplicationTarget(tree, node, path: path, files: sourceApplicationFiles(workspace)) {
            return [Location(path: target, range: 0..<0)]
        }
        if kind == .rudderstackProject, let urn = ProjectURN.parse(text) {
            // A reference in a rudder-cli project → where its resource is declared (this file included).
            let resources = FileFacts.merged(workspace + [facts(path: path, tree: tree)]).rudderstack.resources
            return resources.filter { $0.urnKind == urn.kind && $0.id == urn.id }.map { Location(path: $0.path, range: $0.idRange) }
        }
        guard let property = tree.parent(node), tree.kind(property) == .property else { return [] }
        let isKey = tree.key(ofProperty: property) == node
        let segments = tree.pointer(of: property).segments.map { segment -> String in
            if case .key(let k) = segment { return k } else { return "[]" }
        }
        if kind.isSnowplow, isKey, let schemaAt = segments.firstIndex(of: "schema"), schemaAt > 0, segments[schemaAt - 1] == "event",
           let scenario = tree.node(at: JSONPointer(Array(tree.pointer(of: property).segments.prefix(schemaAt - 1)))) {
            return sourceSchemaLocation(tree, scenario: scenario, relative: Array(segments[(schemaAt + 1)...]))
        }
        guard kind == .rudderstackTrackingPlan, !isKey, let key = tree.keyString(ofProperty: property) else { return [] }
        let catalog = FileFacts.merged(workspace).rudderstack.catalog
        let wanted: CatalogKind?
        switch (key, segments.dropLast().last) {
        case ("categoryId", _): wanted = .category
        case ("id", "[]") where segments.dropLast(2).last == "events": wanted = .event
        case ("id", "[]") where segments.dropLast(2).last == "properties": wanted = .property
        default: wanted = nil
        }
        guard let wanted else { return [] }
        return catalog.filter { $0.kind == wanted && $0.id == text }.map { Location(path: $0.path, range: $0.range) }
    }

    /// The property a key of `event.schema` names, in the source schema the scenario refines.
    func sourceSchemaLocation(_ tree: SyntaxTree, scenario: NodeID, relative: [String]) -> [Location] {
        guard let (entry, cached, key) = sourceSchemaProperty(tree, scenario: scenario, relative: relative) else { return [] }
        return [Location(path: entry.path, range: cached.tree.range(key))]
    }

    /// The cached source schema and the key node of the property at `relative` (a path below `event.schema`).
    func sourceSchemaProperty(_ tree: SyntaxTree, scenario: NodeID, relative: [String]) -> (CacheEntry, CachedSchema, NodeID)? {
        guard let event = tree.member("event", in: scenario), let source = tree.member("source", in: event), tree.kind(source) == .string,
              let key = SchemaKey(tree.stringValue(source)), let entry = schemas.entry(key) else { return nil }
        let compiled = schemas.source(entry)
        let cached = compiled.cached
        guard var node = compiled.root else { return nil }
        var target: NodeID?
        for (i, segment) in relative.enumerated() {
            guard segment != "[]", let p = cached.tree.property(segment, in: node), let v = cached.tree.value(ofProperty: p) else { return nil }
            if i == relative.count - 1 { target = cached.tree.key(ofProperty: p) }
            node = v
        }
        return target.map { (entry, cached, $0) }
    }

    /// The workspace's source-application files (`workspace`: the other files' facts), by normalised path.
    func sourceApplicationFiles(_ workspace: [FileFacts]) -> [String: String] {
        Dictionary(workspace.flatMap(\.snowplow.sourceApps).map { (normalizedPath($0.path), $0.path) }, uniquingKeysWith: { first, _ in first })
    }

    /// A data product's `$ref` (in `sourceApplications` or `excludedSourceApplications`) → the source-application
    /// file it names, when `files` (see `sourceApplicationFiles`) has it.
    func sourceApplicationTarget(_ tree: SyntaxTree, _ node: NodeID, path: String, files: [String: String]) -> String? {
        guard tree.kind(node) == .string, let property = tree.parent(node), tree.kind(property) == .property,
              tree.value(ofProperty: property) == node, tree.keyString(ofProperty: property) == "$ref" else { return nil }
        return files[resolveRelative(tree.stringValue(node), from: path)]
    }

    /// Every Iglu URI of a Snowplow file that the cache (or the workspace) holds, linked to its schema file;
    /// every source-application `$ref` of a data product, linked to its file.
    public func documentLinks(path: String, tree: SyntaxTree, limit: Int = 2_000, workspace: [FileFacts] = []) -> [Location] {
        let kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        guard kind.isSnowplow, let root = tree.root else { return [] }
        // Looked up once, not per string of the file.
        let appFiles = kind == .snowplowDataProduct ? sourceApplicationFiles(workspace) : [:]
        var out: [Location] = []
        var stack = [root]
        while let node = stack.popLast(), out.count < limit {
            switch tree.kind(node) {
            case .string:
                let text = tree.stringValue(node)
                if text.hasPrefix("iglu:"), let key = SchemaKey(text), let entry = schemas.entry(key) {
                    // The link's range is `range`; its target is `path`.
                    out.append(Location(path: entry.path, range: tree.range(node)))
                } else if !appFiles.isEmpty, let target = sourceApplicationTarget(tree, node, path: path, files: appFiles) {
                    out.append(Location(path: target, range: tree.range(node)))
                }
            case .object, .array:
                stack.append(contentsOf: Array(tree.children(node)).reversed())
            case .property:
                if let v = tree.value(ofProperty: node) { stack.append(v) }
            default:
                break
            }
        }
        return out
    }

    /// Hover on an Iglu URI: the schema's description and the cached versions, current and latest marked.
    func igluHover(_ tree: SyntaxTree, _ node: NodeID) -> HoverInfo? {
        guard tree.kind(node) == .string, let key = SchemaKey(tree.stringValue(node)) else { return nil }
        let versions = schemas.versions(of: key.family)
        guard !versions.isEmpty else {
            return HoverInfo(range: tree.range(node), markdown: "**\(key)**\n\nNot in the local Iglu cache (\(iglu.folders.joined(separator: ", "))).")
        }
        var text = "**\(key.vendor)/\(key.name)** (\(key.format))"
        if let entry = schemas.entry(key), let description = schemas.source(entry).cached.value?["description"]?.stringValue {
            text += "\n\n\(description)"
        }
        let latest = versions.last?.key.version
        let list = versions.reversed().map { e -> String in
            var marks: [String] = []
            if e.key.version == key.version { marks.append("current") }
            if e.key.version == latest { marks.append("latest") }
            return "- `\(e.key.version)`" + (marks.isEmpty ? "" : " (\(marks.joined(separator: ", ")))")
        }
        text += "\n\nCached versions:\n" + list.joined(separator: "\n")
        if let verdicts = compatibilitySummary(tree, source: node, key: key) { text += "\n\n" + verdicts }
        return HoverInfo(range: tree.range(node), markdown: text)
    }

    /// For `event.source`: is the scenario's `event.schema` compatible with the version named and the
    /// latest cached one (memoized verdicts, the same the diagnostics use)?
    func compatibilitySummary(_ tree: SyntaxTree, source: NodeID, key: SchemaKey) -> String? {
        guard let property = tree.parent(source), tree.keyString(ofProperty: property) == "source", let event = tree.parent(property),
              let eventProperty = tree.parent(event), tree.keyString(ofProperty: eventProperty) == "event",
              let schemaNode = tree.member("schema", in: event), tree.kind(schemaNode) == .object,
              let current = schemas.entry(key) else { return nil }
        var targets = [current]
        if let latest = schemas.latest(for: key, acrossModels: iglu.latestAcrossModels), latest.key.version > key.version { targets.append(latest) }
        let text = tree.text(schemaNode)
        // The diagnostics usually asked already: compile the scenario's schema only for a verdict not known.
        let known = targets.map { schemas.knownCompatibility(text: text, with: $0) }
        var compiled: CompiledSchema?
        if known.contains(where: { $0 == nil }) {
            let c = tree.syntax == .json
                ? SchemaCompiler.compile(SyntaxTree(parsing: Array(tree.bytes[tree.range(schemaNode)])), defaultDraft: .draft4, remotes: iglu.remoteDocument)
                : SchemaCompiler.compile(tree.value(schemaNode) ?? .null, defaultDraft: .draft4, remotes: iglu.remoteDocument)
            if !c.diagnostics.contains(where: { $0.severity == .error }) { compiled = c }
        }
        let lines = zip(targets, known).compactMap { entry, verdict -> String? in
            guard let result = verdict ?? compiled.flatMap({ schemas.compatibility(of: $0, text: text, with: entry) }) else { return nil }
            let verdict: String
            switch result {
            case .compatible: verdict = "compatible"
            case .incompatible: verdict = "**INCOMPATIBLE**"
            case .undecidable: verdict = "undecidable"
            }
            return "- \(entry.key.version)\(entry == current ? " (current)" : " (latest)"): \(verdict)"
        }
        return lines.isEmpty ? nil : "This scenario's event.schema:\n" + lines.joined(separator: "\n")
    }

    static let scenarioFieldDocs: [String: String] = [
        "status": "`draft`, `published` or `deprecated` (default `draft`). Publishing discards the draft versions between two published ones.",
        "version": "An integer ≥ 0 (default 0). With history, greater than the last published version and not one that already exists.",
        "name": "Required, non-empty, and unique among the scenarios of the same data structure (vendor/name of `event.source`) in the workspace.",
        "event": "`source`: the Iglu URI of the data structure; `schema`: a JSON Schema refining it, which must accept only events the source accepts.",
        "entities": "`tracked` and `enriched` lists of `{source, minCardinality, maxCardinality}`: Iglu URIs that must exist, cardinalities integers ≥ 0, max ≥ min.",
    ]

    /// Keys below the scenario's top level, by their parent: what each asks for.
    static let scenarioNestedDocs: [String: [String: String]] = [
        "event": [
            "source": "The Iglu URI (`iglu:vendor/name/jsonschema/M-R-A`) of the data structure this event is an instance of. It must be in the local Iglu cache or the workspace; `event.schema` is checked against this version (an error when incompatible) and the latest cached one (a warning).",
            "schema": "A JSON Schema (draft-04) refining the source's: it may only narrow it (every event it accepts, the source must accept). Use it to pin values (`enum`), require properties or tighten bounds for this scenario.",
        ],
        "entities": [
            "tracked": "Entities the tracker attaches to this event (context entities), each `{source, minCardinality, maxCardinality}`.",
            "enriched": "Entities the enrichment pipeline adds to this event, each `{source, minCardinality, maxCardinality}`.",
        ],
        "entity": [
            "source": "The Iglu URI of the entity's data structure; it must be in the local Iglu cache or the workspace.",
            "minCardinality": "How many entities of this kind each event must carry at least: an integer ≥ 0 (0: optional).",
            "maxCardinality": "How many it may carry at most: an integer ≥ `minCardinality`; leave it out for no limit.",
        ],
    ]

    /// Scenario keys: what the API requires of them. A property key inside `event.schema`: its definition
    /// in the source schema.
    func snowplowHover(_ tree: SyntaxTree, _ node: NodeID) -> HoverInfo? {
        guard tree.kind(node) == .string, let property = tree.parent(node), tree.kind(property) == .property,
              tree.key(ofProperty: property) == node, let key = tree.keyString(ofProperty: property) else { return nil }
        let segments = tree.pointer(of: property).segments.map { segment -> String in
            if case .key(let k) = segment { return k } else { return "[]" }
        }
        if let schemaAt = segments.firstIndex(of: "schema"), schemaAt > 0, segments[schemaAt - 1] == "event",
           segments.dropLast().last == "properties",
           let scenario = tree.node(at: JSONPointer(Array(tree.pointer(of: property).segments.prefix(schemaAt - 1)))),
           let (entry, cached, keyNode) = sourceSchemaProperty(tree, scenario: scenario, relative: Array(segments[(schemaAt + 1)...])) {
            guard let p = cached.tree.parent(keyNode), let value = cached.tree.value(ofProperty: p) else { return nil }
            let definition = Analyzer.snippet(cached.tree, value).truncated(to: 1_500)
            return HoverInfo(range: tree.range(node), markdown: "**\(key)** in \(entry.key)\n\n```json\n\(definition)\n```")
        }
        // A keyword of `event.schema` (anywhere in it, but not a property's name): what it means, and what the
        // source schema says at the same place.
        if let schemaAt = zip(segments, segments.dropFirst()).enumerated().first(where: { $0.element == ("event", "schema") })?.offset,
           segments.count > schemaAt + 2, segments.dropLast().last != "properties", let doc = SchemaKeywordDocs.docs[key] {
            var text = "**\(key)** (JSON Schema)\n\n\(doc)"
            let scenarioPath = Array(tree.pointer(of: property).segments.prefix(schemaAt))
            if let scenario = tree.node(at: JSONPointer(scenarioPath)),
               let (entry, cached, keyNode) = sourceSchemaProperty(tree, scenario: scenario, relative: Array(segments[(schemaAt + 2)...])),
               let p = cached.tree.parent(keyNode), let value = cached.tree.value(ofProperty: p) {
                text += "\n\nIn \(entry.key) here: `\(Excerpt.of(cached.tree.text(value).replacingOccurrences(of: "\n", with: " "), limit: 200))`"
            }
            return HoverInfo(range: tree.range(node), markdown: text)
        }
        if segments.contains("schema") { return nil }
        // Keys under `event` and in entity lists, then the scenario's own keys.
        let parent = segments.dropLast().last
        let grandparent = segments.dropLast(2).last
        let group = parent == "[]" && ["tracked", "enriched"].contains(grandparent) ? "entity" : parent
        if let group, let doc = Analyzer.scenarioNestedDocs[group]?[key] {
            return HoverInfo(range: tree.range(node), markdown: "**\(key)**\n\n\(doc)")
        }
        // The scenario's own keys: at the top, under `scenario`, or in a list of them (`data`, `eventSpecifications`).
        guard let doc = Analyzer.scenarioFieldDocs[key], parent == nil || parent == "scenario" || parent == "[]" else { return nil }
        return HoverInfo(range: tree.range(node), markdown: "**\(key)**\n\n\(doc)")
    }

    /// A value's text as a snippet: lines after the first lose the indentation of the line the value starts
    /// on, so a nested definition reads as if written at the left margin.
    static func snippet(_ tree: SyntaxTree, _ node: NodeID) -> String {
        let range = tree.range(node)
        var lineStart = range.lowerBound
        while lineStart > 0 && tree.bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var indent = 0
        while lineStart + indent < range.lowerBound && (tree.bytes[lineStart + indent] == 0x20 || tree.bytes[lineStart + indent] == 0x09) { indent += 1 }
        let text = tree.text(node)
        guard indent > 0, text.contains("\n") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
            guard i > 0 else { return String(line) }
            var dropped = 0
            var rest = Substring(line)
            while dropped < indent, let c = rest.first, c == " " || c == "\t" {
                rest = rest.dropFirst()
                dropped += 1
            }
            return String(rest)
        }.joined(separator: "\n")
    }
}
