import Foundation
import Iglu

/// Cross-file facts (scenario names, property definitions, catalog ids) for every workspace file, so a buffer's
/// diagnostics include clashes with files that are not open. Filled from disk once per configuration,
/// then kept current from each analysis; analyses run concurrently, hence the lock.
public final class WorkspaceFacts: @unchecked Sendable {
    public init() {}

    private let lock = NSLock()
    private var byPath: [String: FileFacts] = [:]
    /// Group key (see `WorkspaceIndex.keys`) → files whose facts have it; and the files with catalog items.
    /// One file's cross-file diagnostics need only those files: with 10,000 files, not all 10,000.
    private var pathsByKey: [String: Set<String>] = [:]
    /// The other way: lookup key (see `WorkspaceIndex.lookupKeys`, and a reference's kind) → files whose
    /// diagnostics read it. A change of one file's facts re-reports these files only.
    private var readersByKey: [String: Set<String>] = [:]
    /// Files with catalog references: what a catalog file's change re-reports.
    private var referencingPaths = Set<String>()
    private var catalogPaths = Set<String>()
    /// Files defining Iglu schemas (data structures, Iglu schema files): they shadow the Iglu cache for every analysis.
    private var schemaPaths = Set<String>()
    /// `workspaceSchemas()` until a file's schemas change.
    private var schemaIndex: WorkspaceSchemaIndex?
    private var scannedFor: String?
    private var changes = 0
    /// Per path, the stamp of the snapshot its facts came from. Analyses run concurrently: an analysis of a
    /// buffer that was closed meanwhile (or of a file since deleted) must not put back the facts its
    /// successor replaced, which showed as stale cross-file diagnostics after a close.
    private var stamps: [String: Int] = [:]

    /// Bumped whenever any file's facts change: pull-mode result ids include it, so a clash introduced in
    /// one file re-reports the others.
    public var generation: Int {
        lock.lock()
        defer { lock.unlock() }
        return changes
    }

    public func reset() {
        lock.lock()
        byPath = [:]
        pathsByKey = [:]
        readersByKey = [:]
        referencingPaths = []
        catalogPaths = []
        schemaPaths = []
        schemaIndex = nil
        scannedFor = nil
        changes += 1
        lock.unlock()
    }

    /// Concurrent analyses wait for one scan: none may run on half the workspace's facts.
    private let scanLock = NSLock()

    public func scanIfNeeded(roots: [String], analyzer: Analyzer) {
        let key = roots.joined(separator: "\u{0}") + String(describing: analyzer.configuration)
        scanLock.lock()
        defer { scanLock.unlock() }
        lock.lock()
        let done = scannedFor == key
        if !done { scannedFor = key }
        lock.unlock()
        guard !done else { return }
        var found: [String: FileFacts] = [:]
        for root in roots {
            // A folder with its own trackspec.json below the root is a project of its own, with its own facts.
            for file in (try? WorkspaceFiles.collect([root], configuration: analyzer.configuration, stoppingAtNestedProjects: true).files) ?? [] {
                // The limit `check` reads files under: the same facts in both.
                guard let bytes = try? FileReading.read(file) else { continue }
                let facts = analyzer.facts(path: file, bytes: bytes)
                if !facts.isEmpty { found[file] = facts }
            }
        }
        lock.lock()
        for (path, facts) in found where byPath[path] == nil { record(path, facts) }
        changes += 1
        lock.unlock()
    }

    /// Records a file's facts; true when they changed (other files' diagnostics may change with them).
    /// `stamp` orders the snapshots facts come from (taken on the server queue): older ones are ignored.
    public func update(_ path: String, _ facts: FileFacts, stamp: Int? = nil) -> Bool {
        updateReturningReaders(path, facts, stamp: stamp) != nil
    }

    /// As `update`; when the facts changed, the other files whose diagnostics read what changed (nil: no change).
    public func updateReturningReaders(_ path: String, _ facts: FileFacts, stamp: Int? = nil) -> Set<String>? {
        lock.lock()
        defer { lock.unlock() }
        if let stamp {
            if let last = stamps[path], stamp < last { return nil }
            stamps[path] = stamp
        }
        let old = byPath[path] ?? FileFacts()
        guard old != facts else { return nil }
        var readers = Set<String>()
        // A schema the workspace defines shadows the cache for every file that resolves Iglu URIs: all of them.
        if old.snowplow.schemas != facts.snowplow.schemas { readers.insert(WorkspaceFacts.everyFile) }
        // Each key set made once (a plan of 25,000 properties made each of them three times per keystroke).
        let oldKeys = WorkspaceIndex.keys(of: old), newKeys = WorkspaceIndex.keys(of: facts)
        for key in oldKeys { readers.formUnion(readersByKey[key] ?? []) }
        for key in newKeys where !oldKeys.contains(key) { readers.formUnion(readersByKey[key] ?? []) }
        if !old.rudderstack.catalog.isEmpty || !facts.rudderstack.catalog.isEmpty { readers.formUnion(referencingPaths) }
        record(path, facts, keys: (oldKeys, newKeys))
        changes += 1
        readers.remove(path)
        return readers
    }

    /// Among readers: every file (what a workspace schema's change touches).
    public static let everyFile = "\u{0}every file"

    /// What a file's diagnostics read: its lookup keys, and for each reference kind every resource of the kind (an
    /// unresolved reference's "did you mean" changes with them).
    static func readKeys(of facts: FileFacts) -> Set<String> {
        WorkspaceIndex.lookupKeys(of: facts).union(facts.rudderstack.projectReferences.map { "R\u{0}" + $0.urnKind })
    }

    /// Replaces a file's facts and its entries in the indexes; the lock is held.
    /// Only the keys that differ between the old facts and the new are touched in the indexes: an edit that
    /// changes no name or id (most keystrokes) moves nothing. `keys`: the old and new `WorkspaceIndex.keys`, when
    /// the caller has them.
    private func record(_ path: String, _ facts: FileFacts, keys: (old: Set<String>, new: Set<String>)? = nil) {
        let old = byPath[path] ?? FileFacts()
        let (oldKeys, newKeys) = keys ?? (WorkspaceIndex.keys(of: old), WorkspaceIndex.keys(of: facts))
        let (oldReads, newReads) = (WorkspaceFacts.readKeys(of: old), WorkspaceFacts.readKeys(of: facts))
        for key in oldKeys where !newKeys.contains(key) {
            pathsByKey[key]?.remove(path)
            if pathsByKey[key]?.isEmpty == true { pathsByKey[key] = nil }
        }
        for key in oldReads where !newReads.contains(key) {
            readersByKey[key]?.remove(path)
            if readersByKey[key]?.isEmpty == true { readersByKey[key] = nil }
        }
        for key in newReads where !oldReads.contains(key) { readersByKey[key, default: []].insert(path) }
        if facts.rudderstack.references.isEmpty { referencingPaths.remove(path) } else { referencingPaths.insert(path) }
        if (byPath[path]?.snowplow.schemas ?? []) != facts.snowplow.schemas { schemaIndex = nil }
        byPath[path] = facts.isEmpty ? nil : facts
        for key in newKeys where !oldKeys.contains(key) { pathsByKey[key, default: []].insert(path) }
        if facts.rudderstack.catalog.isEmpty { catalogPaths.remove(path) } else { catalogPaths.insert(path) }
        if facts.snowplow.schemas.isEmpty { schemaPaths.remove(path) } else { schemaPaths.insert(path) }
    }

    /// The analyzer ready for this workspace: scanned, and knowing the workspace's schemas — but not those of
    /// `path`, the file about to be analysed from its current text: its recorded facts are of its previous text
    /// (a version renumbered in the buffer would otherwise still be "the version before" itself).
    public func prepared(_ analyzer: Analyzer, roots: [String], excluding path: String? = nil) -> Analyzer {
        scanIfNeeded(roots: roots, analyzer: analyzer)
        var ready = analyzer
        let index = workspaceSchemas()
        ready.workspaceIndex = path.map { index.excluding($0) } ?? index
        return ready
    }

    /// The schemas the workspace's data structures define, as they are now (open buffers as typed): built again
    /// only after a file's schemas changed.
    public func workspaceSchemas() -> WorkspaceSchemaIndex {
        lock.lock()
        defer { lock.unlock() }
        if let schemaIndex { return schemaIndex }
        let index = WorkspaceSchemaIndex(schemaPaths.isEmpty ? [:] : IgluSchemas.workspace(schemaPaths.compactMap { byPath[$0]?.snowplow }))
        schemaIndex = index
        return index
    }

    /// The other files whose facts can change `facts`' cross-file diagnostics (same results as all of them).
    public func relevant(to facts: FileFacts, excluding path: String) -> [FileFacts] {
        lock.lock()
        defer { lock.unlock() }
        var paths = Set<String>()
        for key in WorkspaceIndex.lookupKeys(of: facts) { paths.formUnion(pathsByKey[key] ?? []) }
        let suggestions = WorkspaceIndex.suggestionKinds(of: facts) { key in !(pathsByKey[key] ?? []).subtracting([path]).isEmpty }
        for kind in suggestions { paths.formUnion(pathsByKey["R\u{0}" + kind] ?? []) }
        if !facts.rudderstack.references.isEmpty { paths.formUnion(catalogPaths) }
        paths.remove(path)
        return paths.sorted().compactMap { byPath[$0] }
    }

    public func others(excluding path: String) -> [FileFacts] { others(excluding: [path]) }

    public func others(excluding paths: Set<String>) -> [FileFacts] {
        lock.lock()
        defer { lock.unlock() }
        return byPath.filter { !paths.contains($0.key) }.map(\.value)
    }
}
