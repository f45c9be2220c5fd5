import Iglu
import JSONSchema
import JSONSyntax
import YAMLSyntax

/// One completion proposal. Plain text only (no snippets): Neovim's and Vim's clients insert it as is.
///
/// Clients apply items differently, so the text is chosen to come out right whichever way they do:
/// Neovim 0.7's omnifunc inserts `insertText` from the edit's start to the cursor and filters by the typed
/// text there; Eglot replaces the symbol at point (letters, digits, `_`, `$`) with `insertText`, filters by
/// it, then applies the edit; VS Code applies the edit and filters by `label`. So inside a string the edit
/// starts where that symbol starts and inserts only content (no quotes), and `insertText` always begins
/// with what was typed in the edit's range.
public struct CompletionItem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case property, value, keyword, reference }
    public var label: String
    public var kind: Kind
    public var detail: String?
    public var documentation: String?
    /// Replaces `range`: a whole JSON token when the cursor is not in a string; inside one, the rest of
    /// the content from the symbol being typed (plus the closing quote, or `": ` for a key, when missing).
    public var insertText: String
    public var range: Range<Int>
    /// Applied with the item where the client supports it (a key's `: ` after its existing closing quote).
    public var additionalEdits: [TextEdit] = []
    public var sortText: String
}

extension CompletionItem {
    /// The symbol around `cursor` (letters, digits, `_`, `$`, non-ASCII): what a client that replaces the
    /// symbol at point with `insertText` (Eglot with `completionInsertTextOnly`) replaces.
    public static func symbolRange(in bytes: [UInt8], at cursor: Int) -> Range<Int> {
        let cursor = min(max(cursor, 0), bytes.count)
        var start = cursor, end = cursor
        while start > 0, CompletionBuilder.isSymbolByte(bytes[start - 1]) { start -= 1 }
        while end < bytes.count, CompletionBuilder.isSymbolByte(bytes[end]) { end += 1 }
        return start..<end
    }
}

public struct CompletionList: Sendable, Hashable {
    public var items: [CompletionItem]
    /// More items exist (capped), or typing the next segment changes the list (Iglu URIs): ask again.
    public var isIncomplete: Bool
}

/// What may be written at a position, by file kind and JSON path. The vocabularies are the rules' own
/// (`SnowplowRule`, `RudderStackRule`), so completion never offers what a diagnostic would then refuse.
struct CompletionBuilder {
    let tree: SyntaxTree
    let context: CompletionContext
    let kind: FileKind
    let schemas: IgluSchemas
    let workspace: FileFacts
    /// The cursor's byte offset.
    let cursor: Int
    var items: [CompletionItem] = []
    var incomplete = false
    static let limit = 200

    /// The path as strings, array indices as "[]".
    var segments: [String] {
        context.path.segments.map { if case .key(let k) = $0 { return k } else { return "[]" } }
    }

    // MARK: Items

    /// Fields the APIs fill in themselves (who changed what, when, in which workspace): accepted when present,
    /// never offered.
    static let readOnlyKeys: Set<String> = Set(RudderStackAnalysis.auditKeys)

    /// Keys whose value is a mapping or a list wherever the formats trackspec reads use them (scenarios, data
    /// products, JSON Schema, rudder-cli files): completed in YAML as `key:`, the block to come on the next lines.
    static let collectionKeys: Set<String> = [
        "event", "schema", "entities", "tracked", "enriched", "triggers", "appIds", "data", "eventSpecifications",
        "sourceApplications", "excludedSourceApplications", "properties", "patternProperties", "definitions", "dependencies",
        "required", "enum", "items", "allOf", "anyOf", "oneOf", "not", "metadata", "spec", "import", "rules", "events", "categories",
        "types", "variants", "cases", "governance", "validations", "config", "connections", "destinations",
    ]

    mutating func keys(_ names: [String], docs: [String: String] = [:], detail: String? = nil) {
        for (i, name) in names.enumerated() where !CompletionBuilder.readOnlyKeys.contains(name)
            && (!context.existingKeys.contains(name) || (context.inString && name == context.prefix)) {
            offer(name, content: CompletionBuilder.stringContent(name), role: .key, kind: .property, detail: detail,
                  documentation: docs[name], sortText: String(format: "%04d", i))
        }
    }

    mutating func values(_ values: [String], docs: [String: String] = [:], detail: String? = nil, kind: CompletionItem.Kind = .value) {
        for (i, value) in values.enumerated() {
            offer(value, content: CompletionBuilder.stringContent(value), role: .value(complete: true), kind: kind, detail: detail,
                  documentation: docs[value], sortText: String(format: "%04d", i))
        }
    }

    /// A string's content as JSON writes it (escaped, without the quotes).
    static func stringContent(_ s: String) -> String {
        String(JSONWriter().string(.string(s)).dropFirst().dropLast())
    }

    enum Role: Equatable {
        case key
        /// `complete` is false for a prefix the user goes on typing (an Iglu URI up to a `/`).
        case value(complete: Bool)
    }

    /// Makes the item for a string candidate (`content` in its escaped form) at the context's position.
    mutating func offer(_ label: String, content: String, role: Role, kind: CompletionItem.Kind, detail: String?,
                        documentation: String?, sortText: String) {
        guard let string = context.string else {
            // A whole token: JSON's quoted string, or YAML's plain scalar where it reads back the same.
            var token = tree.syntax == .yaml ? YAMLWriter.scalarString(label) : "\"" + content + "\""
            var range = context.replaceRange
            if tree.syntax == .yaml && token == label {
                // A plain scalar typed in part (`iglu:com.acme/‸`): as inside a string, the item starts where the
                // symbol being typed starts, so that a client replacing the symbol at point (Eglot) does not
                // insert the typed part twice; what was typed before that symbol must be continued.
                let start = symbolStart(before: max(range.lowerBound, min(cursor, range.upperBound)), from: range.lowerBound)
                let fixed = tree.bytes[range.lowerBound..<start]
                guard token.utf8.starts(with: fixed) else { return }
                token = String(decoding: token.utf8.dropFirst(fixed.count), as: UTF8.self)
                range = start..<range.upperBound
            }
            if role == .key && followingByte(after: context.replaceRange.upperBound) != UInt8(ascii: ":") {
                // YAML: a key holding a mapping or a list ends at its colon. With a space after it (`event: `),
                // Neovim's YAML indent no longer sees a block opening, and the key typed on the next line
                // lands at the parent's column: the file's structure changes.
                token += tree.syntax == .yaml && CompletionBuilder.collectionKeys.contains(label) ? ":" : ": "
            }
            add(CompletionItem(label: label, kind: kind, detail: detail, documentation: documentation, insertText: token,
                               range: range, sortText: sortText))
            return
        }
        let start = symbolStart(before: cursor, from: string.content.lowerBound)
        // What was typed before the symbol stays; candidates that do not continue it cannot be meant.
        let fixed = tree.bytes[string.content.lowerBound..<start]
        guard content.utf8.starts(with: fixed) else { return }
        var text = String(decoding: content.utf8.dropFirst(fixed.count), as: UTF8.self)
        var additional: [TextEdit] = []
        switch role {
        case .key:
            if string.closed {
                if followingByte(after: string.token.upperBound) != UInt8(ascii: ":") {
                    additional = [TextEdit(range: string.token.upperBound..<string.token.upperBound, newText: ": ")]
                }
            } else {
                text += followingByte(after: string.token.upperBound) == UInt8(ascii: ":") ? "\"" : "\": "
            }
        case .value(let complete):
            if !string.closed && complete { text += "\"" }
        }
        // A closed string's content after the cursor is replaced too (clients that honour the range); an
        // unclosed one runs to the end of the line, which is not the user's to lose.
        let end = string.closed ? max(cursor, string.content.upperBound) : cursor
        add(CompletionItem(label: label, kind: kind, detail: detail, documentation: documentation, insertText: text,
                           range: start..<end, additionalEdits: additional, sortText: sortText))
    }

    /// Where the symbol being typed starts: the run of letters, digits, `_`, `$` and non-ASCII before the
    /// cursor, as editors delimit words (`.` `:` `/` `-` end it).
    func symbolStart(before cursor: Int, from lower: Int) -> Int {
        var i = cursor
        while i > lower, CompletionBuilder.isSymbolByte(tree.bytes[i - 1]) { i -= 1 }
        return i
    }

    /// A byte of a symbol as completion delimits it (and editors/emacs/trackspec.el makes Eglot delimit it).
    static func isSymbolByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x24 || b >= 0x80
    }

    mutating func add(_ item: CompletionItem) {
        guard items.count < CompletionBuilder.limit else {
            incomplete = true
            return
        }
        items.append(item)
    }

    func followingByte(after offset: Int) -> UInt8? {
        var i = offset
        while i < tree.bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(tree.bytes[i]) { i += 1 }
        return i < tree.bytes.count ? tree.bytes[i] : nil
    }

    // MARK: Dispatch

    mutating func build() {
        switch kind {
        case .snowplowScenario: snowplow(base: [])
        case .snowplowScenarioRequest:
            let body = tree.root.flatMap { tree.member("spec", in: $0) } != nil ? "spec" : "scenario"
            if segments.isEmpty, case .propertyKey = context.location { keys([body, "message"]) } else { snowplow(base: [body]) }
        case .snowplowScenarioEnvelope:
            if segments.isEmpty, case .propertyKey = context.location { keys(["data", "includes", "errors"]) } else { snowplow(base: ["data", "[]"]) }
        case .snowplowDataProduct:
            // snowplow-cli's envelope and the data product's own keys (what `SnowplowCLIFiles` accepts), then its
            // event specifications.
            if case .propertyKey = context.location, segments == [] { keys(["apiVersion", "resourceType", "resourceName", "data"]) }
            if case .propertyKey = context.location, segments == ["data"] {
                keys(["name", "domain", "description", "owner", "sourceApplications", "eventSpecifications"])
            }
            snowplow(base: ["data", "eventSpecifications", "[]"], form: .dataProductSpec)
        case .snowplowSourceApplication, .snowplowDataStructure: break
        case .rudderstackTrackingPlan, .rudderstackCatalog: rudderstack()
        case .rudderstackConnection: connection()
        case .rudderstackProject: project()
        case .json, .igluSchema: break
        }
    }

    // MARK: Snowplow

    mutating func snowplow(base: [String], form: ScenarioAnalysis.Form = .scenario) {
        let all = segments
        guard all.starts(with: base) else { return }
        let rel = Array(all.dropFirst(base.count))
        switch context.location {
        case .propertyKey:
            switch rel {
            case []: keys(form.knownKeys)
            // What `ScenarioAnalysis` accepts there (the API's own keys).
            case ["event"]: keys(["source", "schema", "comment"])
            case ["entities"]: keys(["tracked", "enriched"])
            case ["entities", "tracked", "[]"], ["entities", "enriched", "[]"]: keys(["source", "minCardinality", "maxCardinality", "comment", "schema"])
            default:
                if rel.starts(with: ["event", "schema"]) { schemaKeys(Array(rel.dropFirst(2)), base: base) }
                // An entity's own refinement: JSON Schema keywords (its source is the entity's, not the event's).
                if rel.count > 4, rel[0] == "entities", rel[2] == "[]", rel[3] == "schema", rel.last != "properties" {
                    keys(SchemaVocabulary.keywords, docs: SchemaKeywordDocs.docs, detail: "JSON Schema keyword")
                }
            }
        case .propertyValue(let key):
            if rel == [] && key == "status" { values(SnowplowRule.statuses) }
            if (rel == ["event"] || rel == ["entities", "tracked", "[]"] || rel == ["entities", "enriched", "[]"]) && key == "source" { igluURIs() }
            if rel.starts(with: ["event", "schema"]) { schemaValue(key) }
        case .arrayItem:
            if rel.starts(with: ["event", "schema"]), rel.last == "type" { values(SchemaVocabulary.types) }
            if rel.starts(with: ["event", "schema"]), rel.last == "required" { values(sourceProperties(Array(rel.dropFirst(2).dropLast()), base: base)) }
            if rel.starts(with: ["event", "schema"]), rel.last == "enum" { sourceEnum(Array(rel.dropFirst(2).dropLast()), base: base) }
        case .root:
            break
        }
    }

    /// Key position inside `event.schema` at `schemaPath`: under `properties`, the source schema's property
    /// names there; elsewhere JSON Schema keywords.
    mutating func schemaKeys(_ schemaPath: [String], base: [String]) {
        if schemaPath.last == "properties" {
            keys(sourceProperties(Array(schemaPath.dropLast()), base: base), detail: "property of the source schema")
        } else {
            keys(SchemaVocabulary.keywords, docs: SchemaKeywordDocs.docs, detail: "JSON Schema keyword")
        }
    }

    mutating func schemaValue(_ key: String) {
        switch key {
        case "type": values(SchemaVocabulary.types)
        case "format": values(SchemaVocabulary.formats)
        case "additionalProperties", "uniqueItems":
            // Booleans: tokens of their own (never inside a string, where they would be a string).
            guard context.string == nil else { return }
            for (i, b) in ["false", "true"].enumerated() {
                add(CompletionItem(label: b, kind: .value, detail: "boolean", documentation: nil, insertText: b,
                                   range: context.replaceRange, sortText: String(format: "%04d", i)))
            }
        default: break
        }
    }

    /// Property names of the source schema (`event.source` of this scenario) at the same place as the
    /// user's `event.schema` path: what refining it may name.
    func sourceProperties(_ schemaPath: [String], base: [String]) -> [String] {
        guard let (cached, node) = sourceNode(schemaPath, base: base), let props = cached.member("properties", in: node) else { return [] }
        return cached.children(props).compactMap { cached.keyString(ofProperty: $0) }
    }

    /// Enum values of the source schema at the same place: a refinement may only narrow them.
    mutating func sourceEnum(_ schemaPath: [String], base: [String]) {
        guard let (cached, node) = sourceNode(schemaPath, base: base), let list = cached.member("enum", in: node) else { return }
        for (i, item) in cached.children(list).enumerated() {
            let sort = String(format: "%04d", i)
            if cached.kind(item) == .string {
                let label = cached.stringValue(item)
                offer(label, content: CompletionBuilder.stringContent(label), role: .value(complete: true), kind: .value,
                      detail: "allowed by the source schema", documentation: nil, sortText: sort)
            } else if context.string == nil {
                // Numbers, booleans, null: a token of their own, never inside a string.
                let text = cached.text(item)
                add(CompletionItem(label: text, kind: .value, detail: "allowed by the source schema", documentation: nil, insertText: text,
                                   range: context.replaceRange, sortText: sort))
            }
        }
    }

    /// The node of the cached source schema at `schemaPath` (relative to `event.schema`).
    func sourceNode(_ schemaPath: [String], base: [String]) -> (SyntaxTree, NodeID)? {
        // The scenario: up from the container to the node at `base`; without one (the first key under YAML's
        // empty `properties:`, an item of a block list being started), down from the root along the path.
        var scenario: NodeID?
        if let container = context.container {
            scenario = container
            while let s = scenario, tree.pointer(of: s).segments.count > base.count { scenario = tree.parent(s) }
        } else {
            scenario = tree.node(at: JSONPointer(Array(context.path.segments.prefix(base.count))))
        }
        guard let s = scenario, let event = tree.member("event", in: s), let source = tree.member("source", in: event),
              tree.kind(source) == .string, let key = SchemaKey(tree.stringValue(source)), let entry = schemas.entry(key) else { return nil }
        let compiled = schemas.source(entry)
        let cached = compiled.cached
        guard var node = compiled.root else { return nil }
        for segment in schemaPath {
            guard segment != "[]", let next = cached.tree.member(segment, in: node) else { return nil }
            node = next
        }
        return (cached.tree, node)
    }

    /// Iglu URIs from the cache, one segment at a time (vendor → name → format → version, newest first).
    mutating func igluURIs() {
        var typed = context.prefix
        if typed.hasPrefix("iglu:") { typed.removeFirst(5) }
        let parts = typed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let families = schemas.allFamilies
        incomplete = true
        func uri(_ s: String, detail: String?, documentation: String? = nil, sort: Int) {
            offer(s, content: CompletionBuilder.stringContent(s), role: .value(complete: !s.hasSuffix("/")), kind: .reference,
                  detail: detail, documentation: documentation, sortText: String(format: "%04d", sort))
        }
        switch parts.count {
        case 0, 1:
            for (i, vendor) in Array(Set(families.map(\.vendor))).sorted().enumerated() {
                uri("iglu:\(vendor)/", detail: "vendor", sort: i)
            }
        case 2:
            for (i, f) in families.filter({ $0.vendor == parts[0] }).enumerated() {
                uri("iglu:\(f.vendor)/\(f.name)/", detail: "\(schemas.versions(of: f).count) cached version(s)", sort: i)
            }
        case 3:
            for (i, f) in families.filter({ $0.vendor == parts[0] && $0.name == parts[1] }).enumerated() {
                uri("iglu:\(f.vendor)/\(f.name)/\(f.format)/", detail: nil, sort: i)
            }
        default:
            incomplete = false
            let family = SchemaFamily(vendor: parts[0], name: parts[1], format: parts[2])
            let versions = Array(schemas.versions(of: family).reversed())
            for (i, entry) in versions.enumerated() {
                uri(entry.key.description, detail: i == 0 ? "latest cached version" : "cached version",
                    documentation: schemas.source(entry).cached.value?["description"]?.stringValue, sort: i)
            }
        }
    }

    // MARK: RudderStack

    mutating func rudderstack() {
        let path = segments
        let propertyList = RudderStackCompletionPaths.isPropertyItem(path)
        switch context.location {
        case .propertyKey:
            if kind == .rudderstackTrackingPlan {
                if path == [] { keys(RudderStackAnalysis.planKeys, docs: Analyzer.planFieldDocs) }
                if path == ["events", "[]"] { keys(RudderStackAnalysis.planEventKeys, docs: Analyzer.planFieldDocs) }
                if propertyList { keys(RudderStackAnalysis.propertyKeys, docs: Analyzer.planFieldDocs) }
            } else {
                if path == [] { keys(["events", "properties", "categories"]) }
                if path == ["events", "[]"] { keys(RudderStackAnalysis.catalogEventKeys) }
                if path == ["properties", "[]"] { keys(RudderStackAnalysis.catalogPropertyKeys) }
                if path == ["categories", "[]"] { keys(RudderStackAnalysis.categoryKeys) }
            }
            if path.last == "propConfig", let container = context.container, let owner = tree.parent(container).flatMap(tree.parent) {
                keys(applicableKeywords(owner), detail: "advanced keyword")
            }
        case .propertyValue(let key):
            let isEvent = path == ["events", "[]"]
            if isEvent && key == "eventType" { values(RudderStackRule.eventTypes) }
            if isEvent && key == "identitySection" { values(RudderStackRule.identitySections) }
            if isEvent && key == "categoryId" { values(catalogIDs(.category), detail: "catalog category") }
            if (propertyList || path == ["properties", "[]"]) && key == "type" { values(RudderStackRule.propertyTypes) }
            if propertyList && key == "id" { values(catalogIDs(.property), detail: "catalog property") }
            if isEvent && key == "id" && kind == .rudderstackTrackingPlan { values(catalogIDs(.event), detail: "catalog event") }
            if path.last == "propConfig" && key == "format" { values(RudderStackRule.formats) }
        case .arrayItem:
            if path.last == "type" || path.last == "itemTypes" { values(RudderStackRule.propertyTypes) }
        case .root:
            break
        }
    }

    /// The advanced keywords that fit the property owning `propConfig` (all when it has no type).
    func applicableKeywords(_ property: NodeID) -> [String] {
        var types = Set(RudderStackRule.propertyTypes)
        if let t = tree.member("type", in: property) ?? tree.member("types", in: property) {
            if tree.kind(t) == .string { types = [tree.stringValue(t)] }
            if tree.kind(t) == .array { types = Set(tree.children(t).compactMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }) }
        }
        return RudderStackRule.keywordTypes.filter { !$0.1.isDisjoint(with: types) }.map(\.0)
    }

    func catalogIDs(_ kind: CatalogKind) -> [String] {
        Array(Set(workspace.rudderstack.catalog.filter { $0.kind == kind }.compactMap(\.id))).sorted()
    }

    mutating func connection() {
        let path = segments
        switch context.location {
        case .propertyKey:
            if path == [] { keys(["sourceId", "trackingPlanId", "config"]) }
            if path == ["config"] { keys(RudderStackRule.configEventTypes, docs: RudderStackRule.settingDocs) }
            if path.count == 2, path[0] == "config", RudderStackRule.configEventTypes.contains(path[1]) {
                keys(RudderStackRule.configSettings(for: path[1]), docs: RudderStackRule.settingDocs)
            }
        case .propertyValue(let key):
            if path.count == 2, path[0] == "config", RudderStackRule.allSettings.contains(key) {
                values(RudderStackRule.settingValues(key), docs: [:], detail: key)
            }
        default:
            break
        }
    }
}

enum RudderStackCompletionPaths {
    /// `events/[]/properties/[]`, and nested `…/properties/[]` below it.
    static func isPropertyItem(_ path: [String]) -> Bool {
        guard path.count >= 4, path.starts(with: ["events", "[]"]) else { return false }
        let rest = path.dropFirst(2)
        guard rest.count % 2 == 0 else { return false }
        return stride(from: rest.startIndex, to: rest.endIndex, by: 2).allSatisfy { rest[$0] == "properties" && rest[$0 + 1] == "[]" }
    }
}

/// JSON Schema words offered inside `event.schema` (draft-04, which Snowplow schemas use).
enum SchemaVocabulary {
    static let keywords = ["type", "properties", "required", "additionalProperties", "enum", "description", "minLength", "maxLength", "pattern",
                           "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "items", "minItems", "maxItems",
                           "uniqueItems", "minProperties", "maxProperties", "patternProperties", "allOf", "anyOf", "oneOf", "not", "$ref",
                           "definitions", "dependencies", "title", "default", "$schema"]
    static let types = ["object", "string", "integer", "number", "boolean", "array", "null"]
    static let formats = ["date-time", "date", "time", "email", "hostname", "ipv4", "ipv6", "uri", "uuid", "regex"]
}

extension Analyzer {
    /// Completions at a byte offset of a possibly unfinished document. `workspace` are the other files'
    /// facts (catalog ids); the kind falls back to the file name while content cannot tell yet.
    public func completions(path: String, bytes: [UInt8], offset: Int, workspace: [FileFacts] = []) -> CompletionList {
        completions(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes), offset: offset, workspace: workspace)
    }

    public func completions(path: String, tree: SyntaxTree, offset: Int, workspace: [FileFacts] = []) -> CompletionList {
        let tree = tree.document(containing: offset)
        var kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        if kind == .json { kind = FileKind.byName(path) }
        guard kind != .json else { return CompletionList(items: [], isIncomplete: false) }
        let offset = min(max(offset, 0), tree.bytes.count)
        var builder = CompletionBuilder(tree: tree, context: tree.completionContext(at: offset), kind: kind, schemas: schemas,
                                        workspace: FileFacts.merged(workspace), cursor: offset)
        builder.build()
        // `- ‸` in YAML: a scalar item where the list holds scalars, else the first key of a mapping item.
        if builder.items.isEmpty, let key = builder.context.itemAsKey {
            builder = CompletionBuilder(tree: tree, context: key, kind: kind, schemas: schemas, workspace: builder.workspace, cursor: offset)
            builder.build()
        }
        return CompletionList(items: builder.items, isIncomplete: builder.incomplete)
    }
}

extension FileKind {
    /// The kind a file's name suggests, for documents too unfinished for their content to say.
    static func byName(_ path: String) -> FileKind {
        var name = fileName(of: path).lowercased()
        // `web.tracking-plan.yaml` says what `web.tracking-plan.json` says.
        for yaml in [".yaml", ".yml"] where name.hasSuffix(yaml) { name = String(name.dropLast(yaml.count)) + ".json" }
        if name.hasSuffix(".scenario.json") { return .snowplowScenario }
        if name.hasSuffix(".data-product.json") { return .snowplowDataProduct }
        if name.hasSuffix(".source-app.json") || name.hasSuffix(".source-application.json") { return .snowplowSourceApplication }
        if name.contains("tracking-plan") || name.contains("trackingplan") { return .rudderstackTrackingPlan }
        if name.hasSuffix(".connection.json") { return .rudderstackConnection }
        if name.contains("catalog") { return .rudderstackCatalog }
        return .json
    }
}
