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
        /// Newer versions a repository offered beyond `maxVersionsPerFamily`: not fetched.
        case skipped(SchemaFamily, count: Int, repository: String, limit: Int)
        /// An Iglu Server's version list that could not be read (a timeout, over the size limit, not a list):
        /// versions are probed one by one instead, and the report says so.
        case fallback(SchemaFamily, repository: String, reason: String)
        /// Not asked: the whole pull's deadline had passed.
        case notAsked(SchemaKey, deadline: TimeInterval)

        public var isFailure: Bool {
            switch self {
            case .cached, .fetched, .skipped, .fallback: return false
            default: return true
            }
        }

        /// One line of `iglu pull`'s report. What a registry says (a `self` block, a `Location` header, an error
        /// text) is written out escaped: it cannot print a line of its own.
        public var line: String { Excerpt.escapingControls(rawLine) }

        var rawLine: String {
            switch self {
            case .cached(let k): return "cached    \(k)"
            case .fetched(let k, let r): return "fetched   \(k) from \(r)"
            case .notFound(let k, let tried): return "not found \(k) (asked \(tried.isEmpty ? "no HTTP repository" : tried.joined(separator: ", ")))"
            case .failed(let k, let r, let why): return "error     \(k) from \(r): \(why)"
            case .rejected(let k, let r, let why): return "rejected  \(k) from \(r): \(why)"
            case .skipped(let f, let n, let r, let limit):
                return "skipped   \(n) more version\(n == 1 ? "" : "s") of \(f) from \(r): at most \(limit) newer versions are fetched per family (--max-versions)"
            case .fallback(let f, let r, let why):
                return "fallback  \(f) from \(r): its version list \(why); newer versions are probed one by one"
            case .notAsked(let k, let deadline):
                return "error     \(k): not asked, the pull's deadline (--deadline \(Int(deadline)) s) passed"
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
    /// Upper bound on newer versions fetched per family: an Iglu Server listing 10,000 versions would
    /// otherwise mean 10,000 requests and files. Iglu Central's largest family has 7. The newest are kept.
    public var maxVersionsPerFamily = 100
    /// One deadline for the whole pull (seconds from its start): the per-request timeout bounds one request and one
    /// redirect hop, so twenty slow schemas took twenty timeouts. Nil: no deadline.
    public var deadline: TimeInterval?
    /// When the deadline passes (set by `pull`).
    var deadlineDate: Date?

    /// The timeout for the next request: the per-request one, cut to what the deadline leaves; nil once it passed.
    func requestTimeout() -> TimeInterval? {
        guard let deadlineDate else { return timeout }
        let left = deadlineDate.timeIntervalSinceNow
        return left > 0 ? min(timeout, left) : nil
    }

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
        guard let timeout = requestTimeout() else { return .error("not asked: the pull's deadline (--deadline \(Int(deadline ?? 0)) s) passed") }
        switch client.get(url, headers: headers(repo), timeout: timeout, maxBytes: maxBytes) {
        case .ok(let data): return .schema([UInt8](data))
        case .status(404): return .missing
        case .status(let code): return .error("HTTP \(code)")
        case .timeout: return .error("timed out after \(Int(timeout.rounded(.up))) s")
        case .tooLarge(let n): return .error("response of \(n) bytes is over the \(maxBytes)-byte limit")
        case .failure(let why): return .error(why)
        }
    }

    enum Listing {
        case versions([SchemaVer])
        /// Not an Iglu Server (no list endpoint: 404 and the like).
        case none
        /// The list could not be read: why.
        case failed(String)
    }

    /// Versions an Iglu Server lists for a family and model.
    func listed(_ family: SchemaFamily, model: Int, in repo: ResolverConfig.Repository) -> Listing {
        guard case .http(let uri, _) = repo.connection else { return .none }
        let base = uri.hasSuffix("/api") ? uri : uri + "/api"
        guard let url = URL(string: "\(base)/schemas/\(family.vendor)/\(family.name)/\(family.format)/\(model)") else { return .none }
        guard let timeout = requestTimeout() else { return .failed("was not asked: the pull's deadline passed") }
        let data: Data
        switch client.get(url, headers: headers(repo), timeout: timeout, maxBytes: maxBytes) {
        case .ok(let d): data = d
        case .status: return .none
        case .timeout: return .failed("timed out after \(Int(timeout.rounded(.up))) s")
        case .tooLarge(let n): return .failed("is \(n) bytes, over the \(maxBytes)-byte limit")
        case .failure(let why): return .failed("could not be read (\(why))")
        }
        guard let items = SyntaxTree(parsing: [UInt8](data)).rootValue?.arrayValue else { return .none }
        var versions: [SchemaVer] = []
        for item in items {
            if let uri = item.stringValue, let key = SchemaKey(uri), key.family == family {
                versions.append(key.version)
            } else if let v = (item["self"]?["version"] ?? item["version"])?.stringValue, let version = SchemaVer(v) {
                versions.append(version)
            }
        }
        return .versions(versions)
    }

    /// Writes atomically below `target/schemas`, refusing any path that would leave it. Each folder below
    /// the target is checked before it is entered and created only once its parent is known to be inside:
    /// a `schemas` or `schemas/<vendor>` symlink pointing elsewhere is refused before anything is created
    /// (folders used to be created first and checked after, so they appeared outside the cache).
    func write(_ bytes: [UInt8], for key: SchemaKey) throws {
        let fm = FileManager.default
        // The target is the user's own choice (it may itself be a link); everything below it is ours to check.
        // mkdir one level at a time: Foundation's error prints as `NSCocoaErrorDomain Code=513`, the system's says
        // what is wrong ("Permission denied", "Not a directory", "No space left on device").
        let absolute = target.hasPrefix("/") ? target : fm.currentDirectoryPath + "/" + target
        var prefix = ""
        for component in absolute.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw IgluPullError(description: "cannot create the cache folder \(target): \(String(cString: strerror(errno)))")
            }
        }
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: absolute, isDirectory: &isFolder), isFolder.boolValue else {
            throw IgluPullError(description: "cannot create the cache folder \(target): \(String(cString: strerror(ENOTDIR)))")
        }
        let root = URL(fileURLWithPath: target).resolvingSymlinksInPath().standardizedFileURL.path
        var directory = root
        for component in ["schemas", key.vendor, key.name, key.format] {
            directory = try Self.enter(component, in: directory, root: root)
        }
        let final = directory + "/" + key.version.description
        Self.removeStaleTemporaries(in: directory)
        let temporary = directory + "/.\(key.version).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // O_EXCL | O_NOFOLLOW: a new file of our own, never one a link points at.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw IgluPullError(description: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var written = 0
        var failure: Int32 = 0
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = n < 0 ? errno : ENOSPC
                    return false
                }
                written += n
            }
            if fsync(fd) != 0 {
                failure = errno
                return false
            }
            return true
        }
        close(fd)
        guard complete else {
            unlink(temporary)
            throw IgluPullError(description: "cannot write \(key) into \(directory): \(String(cString: strerror(failure)))")
        }
        // rename replaces a link at `final` itself; it never writes through it.
        guard rename(temporary, final) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw IgluPullError(description: "cannot move \(temporary) into place: \(reason)")
        }
    }

    /// Temporary files a killed pull left (`.{version}.tmp-{pid}-{n}`): removed when their process is gone, so
    /// interrupted pulls do not pile up hidden files in the cache.
    static func removeStaleTemporaries(in directory: String) {
        for (name, type) in DirectoryListing.entries(directory) where type == .regular && name.hasPrefix(".") {
            guard let marker = name.range(of: ".tmp-") else { continue }
            let rest = name[marker.upperBound...].split(separator: "-")
            guard rest.count == 2, let pid = Int32(rest[0]), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    /// `directory/component`, created when missing; a link is followed only when it stays below `root`.
    static func enter(_ component: String, in directory: String, root: String) throws -> String {
        let path = directory + "/" + component
        var info = stat()
        if lstat(path, &info) != 0 {
            // mkdir never follows a link at `path`: if one appears meanwhile it fails with EEXIST and the
            // lstat below judges what is there.
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw IgluPullError(description: "cannot create \(path): \(String(cString: strerror(errno)))")
            }
            guard lstat(path, &info) == 0 else { throw IgluPullError(description: "cannot create \(path)") }
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            return path
        case S_IFLNK:
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            var isDirectory: ObjCBool = false
            guard resolved.hasPrefix(root + "/"), FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw IgluPullError(description: "\(path) is a link that resolves outside \(root); not writing")
            }
            return resolved
        default:
            throw IgluPullError(description: "\(path) exists and is not a folder; not writing")
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
                // A schema that does not say what it is (no `self` block) cannot be trusted to be `key`.
                if let problem = checked.problems.first(where: { $0.isFatal || $0.kind == .selfMismatch || $0.kind == .missingSelf }) {
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
        deadlineDate = deadline.map { Date().addingTimeInterval($0) }
        let byFamily = Dictionary(grouping: Set(references), by: \.family)
        for family in byFamily.keys.sorted() {
            let wanted = byFamily[family]!.sorted()
            // A cache hides what starts with `.` (a temporary file, a VCS folder): such a schema would be fetched
            // on every pull and never read. Said once per schema, not fetched.
            if let hidden = [wanted[0].vendor, wanted[0].name].first(where: { $0.hasPrefix(".") }) {
                for key in wanted {
                    outcomes.append(.rejected(key, repository: "-", reason: "'\(hidden)' starts with '.', which an Iglu cache folder hides: it would be fetched on every pull and never read"))
                }
                continue
            }
            var have = Set(cache.versions(of: family).map(\.key.version))
            let repositories = httpRepositories(for: wanted[0])
            var source: ResolverConfig.Repository?
            for key in wanted {
                if have.contains(key.version) {
                    outcomes.append(.cached(key))
                    continue
                }
                if requestTimeout() == nil {
                    outcomes.append(.notAsked(key, deadline: deadline ?? 0))
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
            guard var newest = have.max(), requestTimeout() != nil else { continue }
            let candidates = source.map { [$0] } ?? repositories
            for repo in candidates {
                let listing = listed(family, model: newest.model, in: repo)
                if case .failed(let why) = listing { outcomes.append(.fallback(family, repository: repo.name, reason: why)) }
                if case .versions(let listed) = listing {
                    let newer = Set(listed).filter { $0 > newest && !have.contains($0) }.sorted()
                    if newer.count > maxVersionsPerFamily {
                        outcomes.append(.skipped(family, count: newer.count - maxVersionsPerFamily, repository: repo.name, limit: maxVersionsPerFamily))
                    }
                    for version in newer.suffix(maxVersionsPerFamily) {
                        let key = wanted[0].with(version: version)
                        let outcome = obtain(key, repositories: [repo])
                        outcomes.append(outcome)
                        if case .fetched = outcome { have.insert(version) }
                    }
                    break
                }
                var probes = 0, probed = 0
                var progressed = true
                while progressed && probes < maxProbes && probed < maxVersionsPerFamily {
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
                            probed += 1
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
