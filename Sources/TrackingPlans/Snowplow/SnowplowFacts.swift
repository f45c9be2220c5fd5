import Iglu
import JSONSyntax

/// What snowplow-cli files tell other files: source applications (their app ids), data products (the
/// source applications they reference, the app ids their triggers name) and data structures (what they
/// define). The workspace rules meet them by path and by `vendor/name`.
public struct SnowplowFacts: Sendable, Hashable {
    public var sourceApps: [SourceAppFact] = []
    public var sourceAppRefs: [SourceAppReference] = []
    public var triggerAppIds: [TriggerAppID] = []
    public var dataStructures: [DataStructureFact] = []
    /// Iglu schema files (static registry layout or anywhere): the schemas they define.
    public var igluSchemas: [WorkspaceSchema] = []
    /// The Iglu URIs scenarios and event specifications name (`event.source`, entities' sources): what
    /// references to a data structure find.
    public var igluUses: [IgluUse] = []
    /// The fields (property names, at every depth) the schemas of these files define: what the hygiene family
    /// compares across data structures without parsing them again.
    public var schemaFields: [SchemaField] = []
    public var isEmpty: Bool {
        sourceApps.isEmpty && sourceAppRefs.isEmpty && triggerAppIds.isEmpty && dataStructures.isEmpty && igluSchemas.isEmpty && igluUses.isEmpty
            && schemaFields.isEmpty
    }
    /// Every schema these files define for Iglu URIs to resolve to.
    public var schemas: [WorkspaceSchema] { dataStructures.compactMap(\.schema) + igluSchemas }
    public init() {}

    mutating func merge(_ other: SnowplowFacts) {
        sourceApps += other.sourceApps
        sourceAppRefs += other.sourceAppRefs
        triggerAppIds += other.triggerAppIds
        dataStructures += other.dataStructures
        igluSchemas += other.igluSchemas
        igluUses += other.igluUses
        schemaFields += other.schemaFields
    }
}

/// A property a data structure's schema defines (`properties` of the schema, or of an object or array item below
/// it), with the types it allows: names and types the hygiene family compares across the workspace.
public struct SchemaField: Sendable, Hashable {
    public var path: String
    public var key: SchemaKey
    public var name: String
    /// The types besides `null` (optionality, not a type), sorted and joined with " or "; "" when untyped.
    public var types: String
    /// Its `format` and `enum`.
    public var shape: PropertyShape
    /// The key's range.
    public var range: Range<Int>
    /// A property of the schema itself, not of an object below it.
    public var topLevel: Bool

    /// The fields of the schema at `node`, at most `limit` (a schema of a million properties is read as its first
    /// thousand).
    static func fields(in tree: SyntaxTree, schema node: NodeID, key: SchemaKey, path: String, limit: Int = 1_000) -> [SchemaField] {
        var out: [SchemaField] = []
        var stack: [(NodeID, Bool)] = [(node, true)]
        while let (schema, topLevel) = stack.popLast(), out.count < limit {
            guard tree.kind(schema) == .object else { continue }
            if let items = tree.member("items", in: schema) {
                if tree.kind(items) == .array { stack += tree.children(items).map { ($0, false) } } else { stack.append((items, false)) }
            }
            guard let props = tree.member("properties", in: schema), tree.kind(props) == .object else { continue }
            for p in tree.children(props) {
                guard let name = tree.keyString(ofProperty: p), let keyNode = tree.key(ofProperty: p), let value = tree.value(ofProperty: p) else { continue }
                var types: [String] = []
                if let type = tree.member("type", in: value) {
                    types = tree.kind(type) == .string ? [tree.stringValue(type)]
                        : tree.children(type).compactMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }
                }
                // The enum without `null` (optionality, as beside a type), read from its node: no copy of the whole schema.
                var shape = PropertyShape(format: tree.member("format", in: value).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil })
                if let list = tree.member("enum", in: value), tree.kind(list) == .array {
                    shape.enumValues = tree.children(list).compactMap { tree.value($0).map { JSONWriter().string($0) } }.filter { $0 != "null" }.sorted()
                }
                out.append(SchemaField(path: path, key: key, name: name, types: types.filter { $0 != "null" }.sorted().joined(separator: " or "),
                                       shape: shape, range: tree.range(keyNode), topLevel: topLevel))
                stack.append((value, false))
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

/// An Iglu URI a scenario names (or a schema's `$ref`), by data structure (`vendor/name`) and the version it names.
public struct IgluUse: Sendable, Hashable {
    public var path: String
    public var family: String
    public var version: String
    public var range: Range<Int>

    /// Every `"$ref": "iglu:…"` below `node` (a schema that embeds another data structure), at most `limit`.
    static func refs(in tree: SyntaxTree, below node: NodeID, path: String, limit: Int = 1_000) -> [IgluUse] {
        var out: [IgluUse] = []
        var stack = [node]
        while let n = stack.popLast(), out.count < limit {
            switch tree.kind(n) {
            case .object, .array:
                stack.append(contentsOf: tree.children(n))
            case .property:
                guard let value = tree.value(ofProperty: n) else { continue }
                if tree.kind(value) == .string, tree.keyString(ofProperty: n) == "$ref" {
                    let text = tree.stringValue(value)
                    if text.hasPrefix("iglu:"), case .success(let key) = SchemaKey.parse(text) {
                        out.append(IgluUse(path: path, family: key.structure, version: key.version.description, range: tree.range(value)))
                    }
                } else {
                    stack.append(value)
                }
            default:
                break
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}

/// A source-application file: its path (what `$ref`s resolve to) and the app ids it declares.
public struct SourceAppFact: Sendable, Hashable {
    public var path: String
    public var name: String
    public var appIds: [String]
}

/// A data product's `sourceApplications[].$ref`, resolved against the data product's folder.
public struct SourceAppReference: Sendable, Hashable {
    public var path: String
    public var text: String
    /// The referenced file's absolute, normalised path.
    public var target: String
    public var range: Range<Int>
}

/// An app id a trigger of a data product's event specification names: it must be one of the app ids of the
/// data product's source applications.
public struct TriggerAppID: Sendable, Hashable {
    public var path: String
    public var appId: String
    public var range: Range<Int>
}

/// A data-structure file: the schema key it defines.
public struct DataStructureFact: Sendable, Hashable {
    public var path: String
    public var vendor: String
    public var name: String
    public var format: String
    public var version: String
    public var range: Range<Int>
    /// What the file provides as an Iglu schema (nil while its `data` is not an object).
    public var schema: WorkspaceSchema?
    public var family: String { vendor + "/" + name }
}

/// `base` is a file; `reference` a path relative to its folder (`./source-apps/web.yaml`, `../x.yaml`) or
/// absolute. Normalised without touching the disk (`normalizedPath`), so it compares with the paths files are
/// analysed under, relative or absolute alike.
func resolveRelative(_ reference: String, from base: String) -> String {
    if reference.hasPrefix("/") { return normalizedPath(reference) }
    let folder = base.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return normalizedPath(folder.isEmpty ? reference : folder + "/" + reference)
}

/// `.` and `..` segments and repeated slashes resolved as text; a relative path stays relative.
func normalizedPath(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == "..", let last = parts.last, last != ".." { parts.removeLast(); continue }
        parts.append(part)
    }
    return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
}

/// `target` as a path relative to the folder of `base` (for messages naming files).
func relativePath(_ target: String, from base: String) -> String {
    let folder = base.split(separator: "/").dropLast()
    let parts = target.split(separator: "/")
    var common = 0
    while common < folder.count, common < parts.count - 1, folder[folder.startIndex + common] == parts[common] { common += 1 }
    let up = Array(repeating: "..", count: folder.count - common)
    let rest = parts[common...].map(String.init)
    return (up.isEmpty ? ["."] : up).joined(separator: "/") + "/" + rest.joined(separator: "/")
}

extension SchemaKey {
    /// The data structure a key is a version of, as facts, rules and references name it: `vendor/name`.
    var structure: String { vendor + "/" + name }
}

extension SchemaFamily {
    /// `vendor/name`, as `SchemaKey.structure`.
    var structure: String { vendor + "/" + name }
}
