import Iglu
import JSONSyntax

extension Analyzer {
    /// Go to definition: an Iglu URI → its cached schema; a property key inside `event.schema` → the same
    /// property in the cached source schema; a catalog id in a plan (`categoryId`, an event's or property's
    /// `id`) → its definition in the workspace's catalog files (`workspace`: the other files' facts).
    public func definition(path: String, bytes: [UInt8], offset: Int, workspace: [FileFacts] = []) -> [Location] {
        definition(path: path, tree: SyntaxTree(parsing: bytes), offset: offset, workspace: workspace)
    }

    public func definition(path: String, tree: SyntaxTree, offset: Int, workspace: [FileFacts] = []) -> [Location] {
        guard let node = tree.node(at: offset), tree.kind(node) == .string else { return [] }
        let kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        let text = tree.stringValue(node)
        if let key = SchemaKey(text), let entry = iglu.cache.entry(key) {
            let cached = iglu.source(entry).cached
            let start = cached.tree.root.map { cached.tree.range($0).lowerBound } ?? 0
            return [Location(path: entry.path, range: start..<start)]
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
        guard let event = tree.member("event", in: scenario), let source = tree.member("source", in: event), tree.kind(source) == .string,
              let key = SchemaKey(tree.stringValue(source)), let entry = iglu.cache.entry(key) else { return [] }
        let cached = iglu.source(entry).cached
        guard var node = cached.tree.root else { return [] }
        var target: NodeID?
        for (i, segment) in relative.enumerated() {
            guard segment != "[]", let p = cached.tree.property(segment, in: node), let v = cached.tree.value(ofProperty: p) else { return [] }
            if i == relative.count - 1 { target = cached.tree.key(ofProperty: p) }
            node = v
        }
        guard let target else { return [] }
        return [Location(path: entry.path, range: cached.tree.range(target))]
    }

    /// Hover on an Iglu URI: the schema's description and the cached versions, current and latest marked.
    func igluHover(_ tree: SyntaxTree, _ node: NodeID) -> HoverInfo? {
        guard tree.kind(node) == .string, let key = SchemaKey(tree.stringValue(node)) else { return nil }
        let versions = iglu.cache.versions(of: key.family)
        guard !versions.isEmpty else {
            return HoverInfo(range: tree.range(node), markdown: "**\(key)**\n\nNot in the local Iglu cache (\(iglu.folders.joined(separator: ", "))).")
        }
        var text = "**\(key.vendor)/\(key.name)** (\(key.format))"
        if let entry = iglu.cache.entry(key), let description = iglu.source(entry).cached.value?["description"]?.stringValue {
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
        return HoverInfo(range: tree.range(node), markdown: text)
    }
}
