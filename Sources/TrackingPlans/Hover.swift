import JSONSyntax

/// What the editor shows over a key or value: Markdown and the range it is about.
public struct HoverInfo: Sendable, Hashable {
    public var range: Range<Int>
    public var markdown: String
}

extension Analyzer {
    /// Hover at a byte offset: Iglu URIs (description, cached versions), the meaning of connection settings (what RudderStack does with violating
    /// events), of tracking-plan fields with a fixed vocabulary, and of advanced keywords; in rudder-cli project
    /// files, the resource a reference names and what a key means.
    public func hover(path: String, bytes: [UInt8], offset: Int, workspace: [FileFacts] = []) -> HoverInfo? {
        hover(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes), offset: offset, workspace: workspace)
    }

    /// `workspace`: the other files' facts (which category a `categoryId` names).
    public func hover(path: String, tree: SyntaxTree, offset: Int, workspace: [FileFacts] = []) -> HoverInfo? {
        let tree = tree.document(containing: offset)
        let kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        guard let node = tree.node(at: offset) else { return nil }
        if let h = versionHover(tree, node, kind: kind) { return h }
        if kind.isSnowplow { return igluHover(tree, node) ?? snowplowHover(tree, node) }
        guard kind.isRudderStack else { return nil }
        if kind == .rudderstackProject, let h = projectReferenceHover(path: path, tree: tree, node: node, workspace: workspace) { return h }
        // The property the cursor is on (its key or its value), and the range to highlight.
        var property: NodeID?
        var current: NodeID? = node
        while let c = current {
            if tree.kind(c) == .property { property = c; break }
            if let parent = tree.parent(c), tree.kind(parent) == .property { property = parent; break }
            if tree.kind(c) == .object || tree.kind(c) == .array { break }
            current = tree.parent(c)
        }
        guard let property, let key = tree.keyString(ofProperty: property), let keyNode = tree.key(ofProperty: property) else { return nil }
        let value = tree.value(ofProperty: property)
        let onValue = value.map { tree.range($0).contains(offset) } ?? false
        let range = onValue ? tree.range(value!) : tree.range(keyNode)
        let pointer = tree.pointer(of: value ?? property)
        let segments = pointer.segments.map { segment -> String in
            switch segment {
            case .key(let k): return k
            case .index: return "[]"
            }
        }
        switch kind {
        case .rudderstackConnection:
            guard segments.first == "config" else { return nil }
            if segments.count == 2, let doc = RudderStackRule.settingDocs[key] {
                return HoverInfo(range: range, markdown: "**config.\(key)**\n\n\(doc)")
            }
            if segments.count == 3, let doc = RudderStackRule.settingDocs[key] {
                var text = "**\(key)** (under `\(segments[1])`)\n\n\(doc)"
                if onValue, let v = value, tree.kind(v) == .string {
                    text += "\n\nThis value: `\"\(tree.stringValue(v))\"`."
                }
                return HoverInfo(range: range, markdown: text)
            }
            return nil
        case .rudderstackTrackingPlan, .rudderstackCatalog:
            if segments.contains("propConfig"), segments.last == key, segments.dropLast().last == "propConfig",
               let fits = RudderStackRule.keywordTypes.first(where: { $0.0 == key })?.1 {
                let types = RudderStackRule.propertyTypes.filter(fits.contains)
                return HoverInfo(range: range, markdown: "**\(key)**: advanced keyword for \(types.count == RudderStackRule.propertyTypes.count ? "properties of any type" : types.joined(separator: " and ") + " properties").")
            }
            // Inside `rules` (a JSON Schema) keys are the schema's own; `rules` itself is documented.
            guard let doc = Analyzer.planFieldDocs[key], segments.firstIndex(of: "rules").map({ $0 == segments.count - 1 }) ?? true else { return nil }
            if key == "categoryId", onValue, let v = value, tree.kind(v) == .string {
                return HoverInfo(range: range, markdown: categoryHover(tree.stringValue(v), path: path, tree: tree, kind: kind, workspace: workspace))
            }
            return HoverInfo(range: range, markdown: "**\(key)**\n\n\(doc)")
        case .rudderstackProject:
            guard !onValue else { return nil }
            let parent = segments.dropLast().last(where: { $0 != "[]" })
            return projectKeyHover(key: key, parent: parent, range: range)
        default:
            return nil
        }
    }

    /// Which category a `categoryId` names: its name and file, from the catalog files of the workspace (and
    /// this file, when it is a catalog).
    func categoryHover(_ id: String, path: String, tree: SyntaxTree, kind: FileKind, workspace: [FileFacts]) -> String {
        var catalog = FileFacts.merged(workspace).rudderstack.catalog.filter { $0.path != path }
        if kind == .rudderstackCatalog { catalog += facts(path: path, tree: tree).rudderstack.catalog }
        let matches = catalog.filter { $0.kind == .category && $0.id == id }
        guard let first = matches.first else {
            return "**categoryId** `\(Excerpt.of(id))`\n\nNo category of the workspace's catalog files has this id."
        }
        let file = first.path == path ? "this file" : fileName(of: first.path)
        var text = "**categoryId** `\(Excerpt.of(id))`: the category **\(Excerpt.of(first.name))** (\(file))"
        if matches.count > 1 { text += "; \(matches.count) categories have this id" }
        return text
    }

    static let planFieldDocs: [String: String] = [
        "type": "The property's JSON type: `string`, `integer`, `number`, `boolean`, `array`, `object` or `null`, or a list of them (any of which is allowed). Its advanced keywords (`propConfig`) must fit it.",
        "eventType": "One of `track`, `identify`, `group`, `page`, `screen`. Only `track` events have a name; the others are matched by type and keep `name` empty.",
        "identitySection": "Where an `identify` or `group` call's validated fields live: `properties`, `traits` or `context.traits`.",
        "propConfig": "Advanced keywords of the property, which must fit its type: string → minLength, maxLength, pattern, format; integer/number → minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf; array → itemTypes, minItems, maxItems, uniqueItems; any type → enum. The same property name and type must have the same keywords everywhere in the catalog.",
        "rules": "A draft-07 JSON Schema for the whole event, checked as well as the properties. RudderStack refuses patternProperties, propertyNames, min/maxProperties, contains, const and if/then/else here.",
        "additionalProperties": "`false`: properties the plan does not list are violations (`Additional-Properties`), handled by the connection's `unplannedProperties` setting.",
        "required": "`true`: an event without this property is a `Required-Missing` violation, handled by the connection's `anyOtherViolation` setting.",
        "categoryId": "The id of a category in the workspace's catalog files.",
    ]
}
