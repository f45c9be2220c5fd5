import Foundation
import JSONSyntax

/// `iglu pull`: brings every referenced schema, and the newer versions of its family, from the HTTP
/// repositories of a resolver config into the local cache. A schema is written only once it has been
/// fully received and checked, through a temporary file renamed into place, so an interrupted pull
/// never leaves a partial schema in the cache.
public struct IgluPuller {
    public enum Outcome: Equatable, Sendable {
        case cached(SchemaKey)
        case fetched(SchemaKey, repository: String)
        case notFound(SchemaKey, tried: [String])
        case failed(SchemaKey, repository: String, reason: String)
        case rejected(SchemaKey, repository: String, reason: String)

        public var isFailure: Bool {
            switch self {
            case .cached, .fetched: return false
            default: return true
            }
        }

        public var line: String {
            switch self {
            case .cached(let k): return "cached    \(k)"
            case .fetched(let k, let r): return "fetched   \(k) from \(r)"
            case .notFound(let k, let tried): return "not found \(k) (asked \(tried.isEmpty ? "no HTTP repository" : tried.joined(separator: ", ")))"
            case .failed(let k, let r, let why): return "error     \(k) from \(r): \(why)"
            case .rejected(let k, let r, let why): return "rejected  \(k) from \(r): \(why)"
            }
        }
    }

    public var resolver: ResolverConfig
    /// Folder (containing or to contain `schemas/`) that receives the downloads.
    public var target: String
    /// Everything already cached (target included), to skip what we have.
    public var cache: RegistryCache
    public var client: HTTPClient
    public var timeout: TimeInterval
    public var maxBytes = RegistryCache.maxSchemaBytes
    /// Upper bound on probes per family, so a misbehaving registry cannot keep us probing forever.
    public var maxProbes = 64

    public init(resolver: ResolverConfig, target: String, cache: RegistryCache, client: HTTPClient, timeout: TimeInterval) {
        self.resolver = resolver
        self.target = target
        self.cache = cache
        self.client = client
        self.timeout = timeout
    }

    enum Fetch {
        case schema([UInt8])
        case missing
        case error(String)
    }

    func httpRepositories(for key: SchemaKey) -> [ResolverConfig.Repository] {
        resolver.lookupOrder(for: key).filter { !$0.isEmbedded }
    }

    func headers(_ repo: ResolverConfig.Repository) -> [String: String] {
        if case .http(_, let apikey?) = repo.connection { return ["apikey": apikey] }
        return [:]
    }

    func fetch(_ key: SchemaKey, from repo: ResolverConfig.Repository) -> Fetch {
        guard case .http(let uri, _) = repo.connection, let url = URL(string: uri + "/schemas/" + key.relativePath) else { return .error("bad repository URI") }
        switch client.get(url, headers: headers(repo), timeout: timeout, maxBytes: maxBytes) {
        case .ok(let data): return .schema([UInt8](data))
        case .status(404): return .missing
        case .status(let code): return .error("HTTP \(code)")
        case .timeout: return .error("timed out after \(Int(timeout)) s")
        case .tooLarge(let n): return .error("response of \(n) bytes is over the \(maxBytes)-byte limit")
        case .failure(let why): return .error(why)
        }
    }

    /// Versions an Iglu Server lists for a family and model; nil when the repository is not an Iglu Server.
    func listed(_ family: SchemaFamily, model: Int, in repo: ResolverConfig.Repository) -> [SchemaVer]? {
        guard case .http(let uri, _) = repo.connection else { return nil }
        let base = uri.hasSuffix("/api") ? uri : uri + "/api"
        guard let url = URL(string: "\(base)/schemas/\(family.vendor)/\(family.name)/\(family.format)/\(model)"),
              case .ok(let data) = client.get(url, headers: headers(repo), timeout: timeout, maxBytes: maxBytes),
              let items = SyntaxTree(parsing: [UInt8](data)).rootValue?.arrayValue else { return nil }
        var versions: [SchemaVer] = []
        for item in items {
            if let uri = item.stringValue, let key = SchemaKey(uri), key.family == family {
                versions.append(key.version)
            } else if let v = (item["self"]?["version"] ?? item["version"])?.stringValue, let version = SchemaVer(v) {
                versions.append(version)
            }
        }
        return versions
    }

    /// Writes atomically below `target/schemas`, refusing any path that would leave it.
    func write(_ bytes: [UInt8], for key: SchemaKey) throws {
        let fm = FileManager.default
        let schemas = (target as NSString).appendingPathComponent("schemas")
        let directory = (schemas as NSString).appendingPathComponent("\(key.vendor)/\(key.name)/\(key.format)")
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let realSchemas = URL(fileURLWithPath: schemas).resolvingSymlinksInPath().path
        let realDirectory = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard realDirectory.hasPrefix(realSchemas + "/") else {
            throw IgluPullError(description: "\(directory) resolves outside \(schemas); not writing")
        }
        let final = realDirectory + "/" + key.version.description
        let temporary = realDirectory + "/.\(key.version).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard fm.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw IgluPullError(description: "cannot write \(temporary)")
        }
        if let handle = FileHandle(forWritingAtPath: temporary) {
            try? handle.synchronize()
            try? handle.close()
        }
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(atPath: temporary)
            throw IgluPullError(description: "cannot move \(temporary) into place: \(reason)")
        }
    }

    /// Fetches `key` from the first repository that has it; nil when every repository answered 404.
    mutating func obtain(_ key: SchemaKey, repositories: [ResolverConfig.Repository]) -> Outcome {
        var tried: [String] = []
        var lastError: Outcome?
        for repo in repositories {
            tried.append(repo.name)
            switch fetch(key, from: repo) {
            case .missing:
                continue
            case .error(let why):
                // The first failure is reported: later repositories failing too say little more.
                lastError = lastError ?? .failed(key, repository: repo.name, reason: why)
                continue
            case .schema(let bytes):
                let checked = RegistryCache.check(bytes, entry: CacheEntry(key: key, path: "the downloaded schema"))
                if let problem = checked.problems.first(where: { $0.isFatal || $0.kind == .selfMismatch }) {
                    lastError = lastError ?? .rejected(key, repository: repo.name, reason: problem.message)
                    continue
                }
                do {
                    try write(bytes, for: key)
                    return .fetched(key, repository: repo.name)
                } catch {
                    return .failed(key, repository: repo.name, reason: "\(error)")
                }
            }
        }
        return lastError ?? .notFound(key, tried: tried)
    }

    /// Pulls `references` and the newer versions of their families.
    public mutating func pull(_ references: [SchemaKey]) -> [Outcome] {
        var outcomes: [Outcome] = []
        let byFamily = Dictionary(grouping: Set(references), by: \.family)
        for family in byFamily.keys.sorted() {
            let wanted = byFamily[family]!.sorted()
            var have = Set(cache.versions(of: family).map(\.key.version))
            let repositories = httpRepositories(for: wanted[0])
            var source: ResolverConfig.Repository?
            for key in wanted {
                if have.contains(key.version) {
                    outcomes.append(.cached(key))
                    continue
                }
                let outcome = obtain(key, repositories: repositories)
                outcomes.append(outcome)
                if case .fetched(_, let name) = outcome {
                    have.insert(key.version)
                    source = source ?? repositories.first { $0.name == name }
                }
            }
            // Newer versions, from the repository that served the family (or the first that answers).
            guard var newest = have.max() else { continue }
            let candidates = source.map { [$0] } ?? repositories
            for repo in candidates {
                if let listed = listed(family, model: newest.model, in: repo) {
                    for version in listed.sorted() where version > newest && !have.contains(version) {
                        let key = wanted[0].with(version: version)
                        let outcome = obtain(key, repositories: [repo])
                        outcomes.append(outcome)
                        if case .fetched = outcome { have.insert(version) }
                    }
                    break
                }
                var probes = 0
                var progressed = true
                while progressed && probes < maxProbes {
                    progressed = false
                    for next in newest.successors {
                        probes += 1
                        let key = wanted[0].with(version: next)
                        if have.contains(next) {
                            newest = next
                            progressed = true
                            break
                        }
                        switch fetch(key, from: repo) {
                        case .schema:
                            let outcome = obtain(key, repositories: [repo])
                            outcomes.append(outcome)
                            if case .fetched = outcome {
                                have.insert(next)
                                newest = next
                                progressed = true
                            }
                        case .missing:
                            continue
                        case .error(let why):
                            outcomes.append(.failed(key, repository: repo.name, reason: why))
                        }
                        if progressed { break }
                    }
                }
                break
            }
        }
        return outcomes
    }
}

public struct IgluPullError: Error, CustomStringConvertible {
    public let description: String
}

/// Every Iglu URI written as a string value in a JSON document (event sources, entities, data products…).
public enum IgluReferences {
    public static func keys(in tree: SyntaxTree) -> [SchemaKey] {
        var keys: [SchemaKey] = []
        for i in 0..<tree.nodeCount {
            let id = tree.nodeID(i)
            guard tree.kind(id) == .string, let parent = tree.parent(id), tree.key(ofProperty: parent) != id else { continue }
            let range = tree.range(id)
            guard range.count > 6, tree.bytes[range.lowerBound + 1] == UInt8(ascii: "i") else { continue }
            if let key = SchemaKey(tree.stringValue(id)) { keys.append(key) }
        }
        return keys
    }
}
