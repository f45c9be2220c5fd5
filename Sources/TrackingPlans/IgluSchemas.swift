import Iglu
import JSONSchema
import JSONSyntax

/// A schema a workspace file defines (a snowplow-cli data structure's `data`): its key, its file and that
/// file's bytes as the analysis sees them (an open editor buffer's, unsaved), and which document it is.
public struct WorkspaceSchema: Sendable, Hashable {
    public var key: SchemaKey
    public var path: String
    public var bytes: [UInt8]
    public var document: Int
    /// The schema is the document itself (an Iglu schema file), not its `data` (a data-structure file).
    public var atRoot: Bool

    public init(key: SchemaKey, path: String, bytes: [UInt8], document: Int, atRoot: Bool = false) {
        self.key = key
        self.path = path
        self.bytes = bytes
        self.document = document
        self.atRoot = atRoot
    }
}

/// The Iglu schemas the analysis resolves URIs against: the workspace's data structures first, then the
/// cache. A data structure in the branch being edited is the newest truth for its key, so it shadows the
/// cached file (the data-structure file gets a hint when the two differ), and an event specification can
/// refine a data structure that is not published anywhere yet.
public struct IgluSchemas: Sendable {
    public let context: IgluContext
    public var workspace: [SchemaKey: WorkspaceSchema] { index.byKey }
    let index: WorkspaceSchemaIndex

    public init(context: IgluContext, workspace: [SchemaKey: WorkspaceSchema] = [:]) {
        self.init(context: context, index: WorkspaceSchemaIndex(workspace))
    }

    public init(context: IgluContext, index: WorkspaceSchemaIndex) {
        self.context = context
        self.index = index
    }

    /// The workspace schemas of every data-structure and Iglu schema file among `facts`; the first file (by
    /// path) wins a key two define (two data structures: `snowplow/data-structure-duplicate`).
    public static func workspace<S: Sequence>(_ facts: S) -> [SchemaKey: WorkspaceSchema] where S.Element == SnowplowFacts {
        var out: [SchemaKey: WorkspaceSchema] = [:]
        for schema in facts.flatMap(\.schemas).sorted(by: { ($0.path, $0.document) < ($1.path, $1.document) }) where out[schema.key] == nil {
            out[schema.key] = schema
        }
        return out
    }

    public var folders: [String] { context.folders }
    public var latestAcrossModels: Bool { context.latestAcrossModels }

    public func entry(_ key: SchemaKey) -> CacheEntry? {
        if let local = workspace[key] { return CacheEntry(key: key, path: local.path) }
        return context.cache.entry(key)
    }

    /// Every version of a family, oldest first, workspace versions in place of cached ones.
    public func versions(of family: SchemaFamily) -> [CacheEntry] {
        let local = index.byFamily[family] ?? []
        guard !local.isEmpty else { return context.cache.versions(of: family) }
        let shadowed = Set(local.map(\.key))
        let all = context.cache.versions(of: family).filter { !shadowed.contains($0.key) } + local.map { CacheEntry(key: $0.key, path: $0.path) }
        return all.sorted { $0.key.version < $1.key.version }
    }

    /// The highest version of `key`'s family; within its MODEL unless `acrossModels` (see `RegistryCache.latest`).
    public func latest(for key: SchemaKey, acrossModels: Bool = false) -> CacheEntry? {
        versions(of: key.family).last { acrossModels || $0.key.version.model == key.version.model }
    }

    public var allFamilies: [SchemaFamily] {
        Set(context.cache.allFamilies + workspace.keys.map(\.family)).sorted()
    }

    public func source(_ entry: CacheEntry) -> IgluContext.CompiledSource {
        if let local = workspace[entry.key], local.path == entry.path { return context.source(local) }
        return context.source(entry)
    }

    public func compatibility(of schema: CompiledSchema, text: String, with entry: CacheEntry) -> SubschemaResult? {
        context.compatibility(of: schema, text: text, with: source(entry))
    }

    /// Every incompatibility of a refinement found incompatible (`verdict`), one per property where they can be
    /// told apart.
    public func incompatibilities(of schema: CompiledSchema, text: String, with entry: CacheEntry, verdict: SubschemaResult) -> [SubschemaResult] {
        context.incompatibilities(of: schema, text: text, with: source(entry), verdict: verdict)
    }

    public func knownCompatibility(text: String, with entry: CacheEntry) -> SubschemaResult? {
        context.knownCompatibility(text: text, with: source(entry))
    }

    /// A `$ref` to another Iglu schema: the workspace's schema of that key (an Iglu schema file's document; a
    /// data structure's `data`, as a document of its own), else the cache's.
    public func remoteDocument(_ uri: String) -> SyntaxTree? {
        guard !workspace.isEmpty, let key = IgluContext.referencedKey(uri), let local = workspace[key] else { return context.remoteDocument(uri) }
        let source = context.source(local)
        if local.atRoot { return source.cached.schemaNode == nil ? nil : source.cached.tree }
        return source.cached.value.map { SyntaxTree(parsing: Array(JSONWriter().string($0).utf8)) }
    }
}

/// The workspace's schemas by key and by family: what every Iglu lookup of an analysis reads, built once when the
/// workspace's schemas change (not per request: a registry of 20,000 schemas made every keystroke sort them all).
public struct WorkspaceSchemaIndex: Sendable {
    public let byKey: [SchemaKey: WorkspaceSchema]
    public let byFamily: [SchemaFamily: [WorkspaceSchema]]
    /// The keys each file defines: what leaving one file out touches.
    let keysByPath: [String: [SchemaKey]]

    public init(_ byKey: [SchemaKey: WorkspaceSchema] = [:]) {
        self.byKey = byKey
        byFamily = Dictionary(grouping: byKey.values, by: \.key.family)
        keysByPath = Dictionary(grouping: byKey.keys, by: { byKey[$0]!.path })
    }

    public var isEmpty: Bool { byKey.isEmpty }

    /// Without the schemas `path` defines (the file being analysed from its current text); the same index when it
    /// defines none, at no cost.
    public func excluding(_ path: String) -> WorkspaceSchemaIndex {
        guard keysByPath[path] != nil else { return self }
        return WorkspaceSchemaIndex(byKey.filter { $0.value.path != path })
    }
}
