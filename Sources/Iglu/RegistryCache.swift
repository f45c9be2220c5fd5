import Foundation
import JSONSyntax

/// A schema file found in a cache folder.
public struct CacheEntry: Sendable, Hashable {
    public let key: SchemaKey
    /// Absolute path of the file.
    public let path: String

    /// Also for schemas that live elsewhere than a cache folder (a workspace's data-structure file).
    public init(key: SchemaKey, path: String) {
        self.key = key
        self.path = path
    }
}

/// Something wrong with a cached schema file. Never thrown: the analysis turns it into a diagnostic on
/// the file that needs the schema, and everything else keeps working.
public struct SchemaProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unreadable, tooLarge, invalidJSON, notAnObject, missingSelf, selfMismatch, wrongMetaSchema, outsideCache
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// Problems after which the schema's content cannot be trusted at all.
    public var isFatal: Bool { [.unreadable, .tooLarge, .invalidJSON, .notAnObject, .outsideCache].contains(kind) }
}

/// A loaded cache file with everything found wrong with it.
public struct CachedSchema: Sendable {
    public let entry: CacheEntry
    public let tree: SyntaxTree
    /// The schema object's node in `tree` (its root for a cache file), nil when there is none.
    public let schemaNode: NodeID?
    public let problems: [SchemaProblem]

    /// The schema as a value, made when asked: a store of hundreds of compiled schemas kept each one's tree,
    /// compiled form and this value too (a third of `check`'s Iglu memory); the tree already holds it.
    public var value: JSONValue? { schemaNode.flatMap { tree.value($0) } }

    public var isUsable: Bool { schemaNode != nil && !problems.contains { $0.isFatal } }

    public init(entry: CacheEntry, tree: SyntaxTree, schemaNode: NodeID?, problems: [SchemaProblem]) {
        self.entry = entry
        self.tree = tree
        self.schemaNode = schemaNode
        self.problems = problems
    }
}

/// Local Iglu registries in the static layout `schemas/{vendor}/{name}/{format}/{M-R-A}`, indexed by
/// directory listing (no file is read until a schema is needed). Earlier folders win when two hold the
/// same key. Only names that form a valid schema key are indexed, and nothing that resolves outside its
/// folder (symlinks included) is ever read.
public struct RegistryCache: Sendable {
    public static let selfDescribingMetaSchema = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"
    public static let maxSchemaBytes = 8 * 1024 * 1024

    public let roots: [String]
    /// The `schemas` folder of each root that exists, resolved (symlinks followed).
    public let schemaFolders: [String]
    private let families: [SchemaFamily: [CacheEntry]]
    /// Files and folders in the layout that are not schemas (bad names, links leaving the cache…).
    public let layoutProblems: [String]

    public init(roots: [String]) {
        self.roots = roots
        var families: [SchemaFamily: [CacheEntry]] = [:]
        var problems: [String] = []
        var folders: [String] = []
        var seen = Set<SchemaKey>()
        let fm = FileManager.default
        for root in roots {
            guard let folder = RegistryCache.schemasFolder(root) else {
                problems.append("\(root): no such Iglu cache folder (expected \(root)/schemas/{vendor}/{name}/{format}/{version})")
                continue
            }
            let real = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
            folders.append(real)
            /// Entries that are directories (`directory`) or regular files, staying inside the cache.
            /// `d_type` answers for plain entries without a syscall; only links are resolved.
            func list(_ dir: String, directory: Bool) -> [String] {
                var names: [String] = []
                for (name, type) in DirectoryListing.entries(dir) where !name.hasPrefix(".") {
                    switch type {
                    case .directory where directory, .regular where !directory:
                        names.append(name)
                    case .symlink, .unknown:
                        if inside(dir + "/" + name, directory: directory) { names.append(name) } else if !directory {
                            problems.append("\(dir)/\(name): not a regular file inside the cache; ignored")
                        }
                    default:
                        if !directory { problems.append("\(dir)/\(name): not a regular file; ignored") }
                    }
                }
                return names.sorted()
            }
            func inside(_ path: String, directory: Bool) -> Bool {
                let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                guard resolved == real || resolved.hasPrefix(real + "/") else { return false }
                var isDirectory: ObjCBool = false
                return fm.fileExists(atPath: resolved, isDirectory: &isDirectory) && isDirectory.boolValue == directory
            }
            for vendor in list(real, directory: true) {
                let vendorDir = real + "/" + vendor
                for name in list(vendorDir, directory: true) {
                    let nameDir = vendorDir + "/" + name
                    for format in list(nameDir, directory: true) {
                        let formatDir = nameDir + "/" + format
                        for version in list(formatDir, directory: false) {
                            let file = formatDir + "/" + version
                            guard case .success(let key) = SchemaKey.parse("iglu:\(vendor)/\(name)/\(format)/\(version)") else {
                                problems.append("\(file): not a schema key path")
                                continue
                            }
                            guard seen.insert(key).inserted else { continue }
                            families[key.family, default: []].append(CacheEntry(key: key, path: file))
                        }
                    }
                }
            }
        }
        for family in families.keys { families[family]!.sort { $0.key.version < $1.key.version } }
        self.families = families
        self.layoutProblems = problems
        self.schemaFolders = folders
    }

    static func schemasFolder(_ root: String) -> String? {
        var isDirectory: ObjCBool = false
        let candidate = root.hasSuffix("/") ? root + "schemas" : root + "/schemas"
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
        if (root as NSString).lastPathComponent == "schemas", FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue {
            return root
        }
        return nil
    }

    public var schemaCount: Int { families.values.reduce(0) { $0 + $1.count } }
    public var familyCount: Int { families.count }
    public var allFamilies: [SchemaFamily] { families.keys.sorted() }

    public func versions(of family: SchemaFamily) -> [CacheEntry] { families[family] ?? [] }

    public func entry(_ key: SchemaKey) -> CacheEntry? {
        families[key.family]?.first { $0.key.version == key.version }
    }

    /// The highest cached version of `key`'s family; within `key`'s MODEL unless `acrossModels`
    /// (a new MODEL is a breaking change by SchemaVer's definition, so it is not "the latest" of 1-x-x).
    public func latest(for key: SchemaKey, acrossModels: Bool = false) -> CacheEntry? {
        (families[key.family] ?? []).last { acrossModels || $0.key.version.model == key.version.model }
    }

    /// Reads and checks one cached schema.
    public func load(_ entry: CacheEntry) -> CachedSchema {
        func failed(_ kind: SchemaProblem.Kind, _ message: String) -> CachedSchema {
            CachedSchema(entry: entry, tree: SyntaxTree(parsing: []), schemaNode: nil, problems: [SchemaProblem(kind: kind, message: message)])
        }
        let resolved = URL(fileURLWithPath: entry.path).resolvingSymlinksInPath().path
        guard schemaFolders.contains(where: { resolved.hasPrefix($0 + "/") }) else {
            return failed(.outsideCache, "\(entry.path) resolves outside the cache folders")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
              let size = attributes[.size] as? NSNumber else {
            return failed(.unreadable, "cannot read \(entry.path)")
        }
        guard size.intValue <= RegistryCache.maxSchemaBytes else {
            return failed(.tooLarge, "\(entry.path) is \(size.intValue) bytes; cached schemas are read up to \(RegistryCache.maxSchemaBytes) bytes")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            return failed(.unreadable, "cannot read \(entry.path)")
        }
        return RegistryCache.check([UInt8](data), entry: entry)
    }

    /// The checks every cached (or downloaded) schema gets: JSON, an object, a `self` block naming its
    /// own key, and the self-describing meta-schema.
    public static func check(_ bytes: [UInt8], entry: CacheEntry) -> CachedSchema {
        let tree = SyntaxTree(parsing: bytes)
        var problems: [SchemaProblem] = []
        if let error = tree.diagnostics.first(where: { $0.severity == .error }) {
            let position = LineIndex(bytes).position(of: error.range.lowerBound)
            problems.append(SchemaProblem(kind: .invalidJSON, message: "\(entry.path):\(position.line + 1):\(position.character + 1): not valid JSON: \(error.message)"))
            return CachedSchema(entry: entry, tree: tree, schemaNode: nil, problems: problems)
        }
        // Read through the tree: the whole schema as a value is not needed to judge its `self` and `$schema`.
        guard let root = tree.root, tree.kind(root) == .object else {
            problems.append(SchemaProblem(kind: .notAnObject, message: "\(entry.path) does not hold a JSON object"))
            return CachedSchema(entry: entry, tree: tree, schemaNode: nil, problems: problems)
        }
        let key = entry.key
        func string(_ key: String, in node: NodeID) -> String? {
            tree.member(key, in: node).flatMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }
        }
        if let selfBlock = tree.member("self", in: root), tree.kind(selfBlock) == .object {
            let declared = (string("vendor", in: selfBlock), string("name", in: selfBlock), string("format", in: selfBlock), string("version", in: selfBlock))
            if declared != (key.vendor, key.name, key.format, key.version.description) {
                let text = "iglu:\(declared.0 ?? "?")/\(declared.1 ?? "?")/\(declared.2 ?? "?")/\(declared.3 ?? "?")"
                problems.append(SchemaProblem(kind: .selfMismatch, message: "\(entry.path) describes itself as \(text), not \(key)"))
            }
        } else {
            problems.append(SchemaProblem(kind: .missingSelf, message: "\(entry.path) has no 'self' block (vendor, name, format, version)"))
        }
        if string("$schema", in: root) != selfDescribingMetaSchema {
            let found = tree.member("$schema", in: root).flatMap { tree.value($0) }.map { JSONWriter().string($0) } ?? "nothing"
            problems.append(SchemaProblem(kind: .wrongMetaSchema, message: "\(entry.path): '$schema' is \(found); Iglu schemas use \(selfDescribingMetaSchema)"))
        }
        return CachedSchema(entry: entry, tree: tree, schemaNode: root, problems: problems)
    }
}
