import Foundation
import Iglu
import JSONSchema
import JSONSyntax

/// The Iglu cache as the analysis sees it: indexed once per set of folders, each cached schema read and
/// compiled at most once, compatibility verdicts memoized per (scenario schema text, cached schema).
/// Shared by every file of a `check` run and every keystroke of the server, hence a locked class.
public final class IgluContext: @unchecked Sendable {
    public let cache: RegistryCache
    public let folders: [String]
    /// Why the cache could not be read as configured (a broken resolver config), if it could not.
    public let problem: String?
    /// `iglu.latestAcrossModels`: whether "latest" may be a new MODEL (a breaking version by SchemaVer).
    public let latestAcrossModels: Bool
    private let lock = NSLock()
    private var compiled: [String: CompiledSource] = [:]
    private var verdicts: [VerdictKey: SubschemaResult] = [:]
    private var allIncompatibilities: [VerdictKey: [SubschemaResult]] = [:]

    /// The compiled form of each workspace schema's latest text, by file and document: a buffer edited
    /// keystroke by keystroke replaces its entry, so old texts do not pile up.
    private var workspaceCompiled: [String: (bytes: [UInt8], source: CompiledSource)] = [:]
    private var workspaceSerial = 0

    /// A cached schema with its tree (for ranges in related information) and compiled form.
    public struct CompiledSource: Sendable {
        public let cached: CachedSchema
        public let schema: CompiledSchema?
        /// The schema's node in `cached.tree`: its root for a cache file, `data` for a data-structure file.
        public var root: NodeID?
        /// What verdicts are memoized under: the file for a cache entry, the file and this text for a
        /// workspace schema (whose text changes as it is typed).
        var identity: String

        init(cached: CachedSchema, schema: CompiledSchema?, root: NodeID? = nil, identity: String? = nil) {
            self.cached = cached
            self.schema = schema
            self.root = root ?? cached.tree.root
            self.identity = identity ?? cached.entry.path
        }
    }

    struct VerdictKey: Hashable {
        var scenarioSchema: TextDigest
        var sourcePath: String
        init(scenarioSchema: String, sourcePath: String) {
            self.scenarioSchema = TextDigest(scenarioSchema)
            self.sourcePath = sourcePath
        }
    }

    /// A refinement's text as a memo key: its length and two SipHash values keyed by this process's random
    /// seed (128 bits that a file's author cannot aim at). The texts themselves, kilobytes each and one per
    /// distinct refinement, were a tenth of the verdict store's memory.
    struct TextDigest: Hashable {
        let count: Int
        let first: Int
        let second: Int
        init(_ text: String) {
            var a = Hasher()
            a.combine(1 as UInt8)
            a.combine(text)
            var b = Hasher()
            b.combine(2 as UInt8)
            b.combine(text)
            count = text.utf8.count
            first = a.finalize()
            second = b.finalize()
        }
    }

    public init(folders: [String], problem: String? = nil, latestAcrossModels: Bool = false) {
        self.folders = folders
        self.problem = problem
        self.latestAcrossModels = latestAcrossModels
        self.cache = RegistryCache(roots: folders)
    }

    /// The context a configuration's cache folders (and resolver config) give, with the reason when the resolver
    /// config cannot be read.
    public static func make(for configuration: Configuration) -> IgluContext {
        var folders: [String] = []
        var problem: String?
        do {
            folders = try configuration.igluCacheFolders()
        } catch {
            folders = configuration.configuredIgluCacheFolders
            problem = "cannot read the resolver config: \(error)"
        }
        return IgluContext(folders: folders, problem: problem, latestAcrossModels: configuration.igluLatestAcrossModels)
    }

    /// What tells two configurations' contexts apart.
    static func key(for configuration: Configuration) -> String {
        let folders = (try? configuration.igluCacheFolders()) ?? configuration.configuredIgluCacheFolders
        return folders.joined(separator: "\u{0}") + "\u{1}\(configuration.igluLatestAcrossModels)"
    }

    public func source(_ entry: CacheEntry) -> CompiledSource {
        lock.lock()
        if let known = compiled[entry.path] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let cached = cache.load(entry)
        let schema = cached.isUsable ? SchemaCompiler.compile(cached.tree, baseURI: "file://" + entry.path, defaultDraft: .draft4, remotes: remoteDocument) : nil
        let result = CompiledSource(cached: cached, schema: schema)
        lock.lock()
        compiled[entry.path] = result
        lock.unlock()
        return result
    }

    /// A `$ref` to another Iglu schema, answered from the cache: Iglu schemas reference each other by their
    /// registry URL (`http://iglucentral.com/schemas/vendor/name/jsonschema/1-0-0`, any registry host) or by
    /// `iglu:` URI, and checking offline means never fetching them. Nil when the cache does not hold it.
    public func remoteDocument(_ uri: String) -> SyntaxTree? {
        guard let key = IgluContext.referencedKey(uri), let entry = cache.entry(key) else { return nil }
        let cached = cache.load(entry)
        return cached.isUsable ? cached.tree : nil
    }

    /// The Iglu schema a `$ref` names, by `iglu:` URI or registry URL (`…/schemas/vendor/name/format/version`).
    static func referencedKey(_ uri: String) -> SchemaKey? {
        var text = uri
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        if text.hasPrefix("iglu:") { return SchemaKey(text) }
        if text.hasPrefix("http://") || text.hasPrefix("https://"), let range = text.range(of: "/schemas/", options: .backwards) {
            return SchemaKey("iglu:" + text[range.upperBound...])
        }
        return nil
    }

    /// The memoized verdict for this scenario schema text, if it was asked before: a hover can answer
    /// without compiling the scenario's schema again.
    public func knownCompatibility(text: String, with entry: CacheEntry) -> SubschemaResult? {
        knownCompatibility(text: text, with: source(entry))
    }

    func knownCompatibility(text: String, with source: CompiledSource) -> SubschemaResult? {
        lock.lock()
        defer { lock.unlock() }
        return verdicts[VerdictKey(scenarioSchema: text, sourcePath: source.identity)]
    }

    /// Is the scenario's schema a subschema of the cached one? Memoized: a scenario re-analysed on every
    /// keystroke asks the same question until its `event.schema` changes.
    public func compatibility(of scenarioSchema: CompiledSchema, text: String, with entry: CacheEntry) -> SubschemaResult? {
        compatibility(of: scenarioSchema, text: text, with: source(entry))
    }

    func compatibility(of scenarioSchema: CompiledSchema, text: String, with compiled: CompiledSource) -> SubschemaResult? {
        guard let source = compiled.schema else { return nil }
        return memoized(\.verdicts, VerdictKey(scenarioSchema: text, sourcePath: compiled.identity), limit: 10_000) {
            SubschemaChecker(scenarioSchema, source).check()
        }
    }

    /// Every incompatibility of an incompatible refinement, each with its own example (see
    /// `SubschemaChecker.incompatibilities`); just the verdict when they cannot be told apart. Memoized.
    func incompatibilities(of scenarioSchema: CompiledSchema, text: String, with compiled: CompiledSource, verdict: SubschemaResult) -> [SubschemaResult] {
        guard let source = compiled.schema else { return [verdict] }
        return memoized(\.allIncompatibilities, VerdictKey(scenarioSchema: text, sourcePath: compiled.identity), limit: 2_000) {
            let found = SubschemaChecker.incompatibilities(scenarioSchema, source)
            return found.isEmpty ? [verdict] : found
        }
    }

    /// The answer memoized in `table` under `key`, else computed (outside the lock: checks take time and run
    /// concurrently) and kept; past `limit` entries the table starts afresh.
    private func memoized<T>(_ table: ReferenceWritableKeyPath<IgluContext, [VerdictKey: T]>, _ key: VerdictKey, limit: Int, compute: () -> T) -> T {
        lock.lock()
        if let known = self[keyPath: table][key] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let result = compute()
        lock.lock()
        if self[keyPath: table].count > limit { self[keyPath: table].removeAll() }
        self[keyPath: table][key] = result
        lock.unlock()
        return result
    }

    /// A workspace data structure's `data`, read from the file's bytes (an editor's unsaved buffer included)
    /// and compiled once per text. Its tree is the whole file, so ranges point into the data-structure file.
    func source(_ schema: WorkspaceSchema) -> CompiledSource {
        let slot = schema.path + "#\(schema.document)"
        lock.lock()
        if let known = workspaceCompiled[slot], known.bytes == schema.bytes {
            lock.unlock()
            return known.source
        }
        workspaceSerial += 1
        let identity = "workspace:\(slot)@\(workspaceSerial)"
        lock.unlock()
        let entry = CacheEntry(key: schema.key, path: schema.path)
        let whole = DocumentParsing.parse(path: schema.path, bytes: schema.bytes)
        let documents = whole.documentTrees
        let tree = schema.document < documents.count ? documents[schema.document] : whole
        let data = schema.atRoot ? tree.root : tree.root.flatMap { tree.member("data", in: $0) }
        let node = data.flatMap { tree.kind($0) == .object ? $0 : nil }
        let problems = node == nil ? [SchemaProblem(kind: .notAnObject, message: "\(schema.path): its data is not a schema object")] : []
        let cached = CachedSchema(entry: entry, tree: tree, schemaNode: node, problems: problems)
        let value = cached.value
        let compiled = value.map { SchemaCompiler.compile($0, baseURI: "file://" + schema.path, defaultDraft: .draft4, remotes: remoteDocument) }
        let result = CompiledSource(cached: cached, schema: compiled, root: data, identity: identity)
        lock.lock()
        workspaceCompiled[slot] = (schema.bytes, result)
        lock.unlock()
        return result
    }
}

/// The Iglu contexts of one workspace (a `check` run, a server), one per set of cache folders, so that every
/// analysis of the workspace reuses compiled schemas and verdicts. Owned by whoever owns the workspace, not the
/// process: two servers in one process (tests) or a server after its caches changed never share stale state.
public final class IgluContexts: @unchecked Sendable {
    private let lock = NSLock()
    private var contexts: [String: IgluContext] = [:]

    public init() {}

    public func context(for configuration: Configuration) -> IgluContext {
        let key = IgluContext.key(for: configuration)
        lock.lock()
        defer { lock.unlock() }
        if let existing = contexts[key] { return existing }
        let context = IgluContext.make(for: configuration)
        contexts[key] = context
        return context
    }

    /// Forgets every context: the cache folders changed on disk (a pull, a watched-file event).
    public func invalidate() {
        lock.lock()
        contexts.removeAll()
        lock.unlock()
    }

    /// An analyzer for the configuration, over this workspace's contexts.
    public func analyzer(_ configuration: Configuration) -> Analyzer {
        Analyzer(configuration: configuration, iglu: context(for: configuration))
    }
}
