import Foundation
import XCTest
import JSONSyntax
@testable import Iglu

/// The pull logic against a scripted registry: probing order, the list endpoint, refusing unsafe writes.
final class IgluPullerTests: XCTestCase {
    final class ScriptedRegistry: HTTPClient, @unchecked Sendable {
        var files: [String: String] = [:]
        var requests: [String] = []
        let lock = NSLock()
        func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult {
            lock.lock()
            defer { lock.unlock() }
            requests.append(url.absoluteString)
            if let body = files[url.absoluteString] { return .ok(Data(body.utf8)) }
            return .status(404)
        }
    }

    func schema(_ key: String) -> String {
        let k = SchemaKey(key)!
        return #"{"$schema": "\#(RegistryCache.selfDescribingMetaSchema)", "self": {"vendor": "\#(k.vendor)", "name": "\#(k.name)", "format": "jsonschema", "version": "\#(k.version)"}}"#
    }

    func resolver(_ uri: String) throws -> ResolverConfig {
        try ResolverConfig.parse(Array(#"{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1", "data": {"cacheSize": 1, "repositories": [{"name": "R", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "\#(uri)"}}}]}}"#.utf8))
    }

    func tempDir() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testProbesSuccessorsAcrossRevisionsAndModels() throws {
        let registry = ScriptedRegistry()
        for v in ["1-0-0", "1-0-1", "1-1-0", "2-0-0"] {
            registry.files["http://r.example/schemas/com.acme/a/jsonschema/\(v)"] = schema("iglu:com.acme/a/jsonschema/\(v)")
        }
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
        XCTAssertEqual(outcomes.map(\.line), ["1-0-0", "1-0-1", "1-1-0", "2-0-0"].map { "fetched   iglu:com.acme/a/jsonschema/\($0) from R" })
        let cache = RegistryCache(roots: [target])
        XCTAssertEqual(cache.schemaCount, 4)
        XCTAssertTrue(cache.versions(of: SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!.family).allSatisfy { cache.load($0).isUsable })
        // No temporary files left behind.
        let all = FileManager.default.enumerator(atPath: target)?.allObjects as? [String] ?? []
        XCTAssertFalse(all.contains { $0.contains(".tmp-") })
    }

    func testIgluServerListEndpointIsPreferredToProbing() throws {
        let registry = ScriptedRegistry()
        registry.files["http://r.example/api/schemas/com.acme/a/jsonschema/1-0-0"] = schema("iglu:com.acme/a/jsonschema/1-0-0")
        registry.files["http://r.example/api/schemas/com.acme/a/jsonschema/1-0-5"] = schema("iglu:com.acme/a/jsonschema/1-0-5")
        // An Iglu Server configured as `…/api`: the list endpoint is `{uri}/schemas/{vendor}/{name}/{format}/{model}`.
        registry.files["http://r.example/api/schemas/com.acme/a/jsonschema/1"] = #"["iglu:com.acme/a/jsonschema/1-0-0", "iglu:com.acme/a/jsonschema/1-0-5"]"#
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example/api"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
        XCTAssertEqual(outcomes.map(\.line), ["fetched   iglu:com.acme/a/jsonschema/1-0-0 from R", "fetched   iglu:com.acme/a/jsonschema/1-0-5 from R"])
        XCTAssertFalse(registry.requests.contains("http://r.example/api/schemas/com.acme/a/jsonschema/1-0-1"), "listed versions need no probing")
    }

    func testRefusesToWriteThroughALinkLeavingTheCache() throws {
        let registry = ScriptedRegistry()
        registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] = schema("iglu:com.acme/a/jsonschema/1-0-0")
        // A vendor folder that is a link outside, then the whole `schemas` folder a link outside: nothing at
        // all may appear there (folders used to be created before the check).
        for linked in ["schemas/com.acme", "schemas"] {
            let target = tempDir()
            let outside = tempDir()
            try FileManager.default.createDirectory(atPath: target + "/schemas", withIntermediateDirectories: true)
            if linked == "schemas" { try FileManager.default.removeItem(atPath: target + "/schemas") }
            try FileManager.default.createSymbolicLink(atPath: target + "/" + linked, withDestinationPath: outside)
            var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
            let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
            XCTAssertEqual(outcomes.count, 1, linked)
            XCTAssertTrue(outcomes[0].line.contains("resolves outside"), outcomes[0].line)
            XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: outside), [], linked)
        }
    }

    func testALinkInsideTheCacheIsFollowed() throws {
        let registry = ScriptedRegistry()
        registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] = schema("iglu:com.acme/a/jsonschema/1-0-0")
        let target = tempDir()
        try FileManager.default.createDirectory(atPath: target + "/schemas/com.acme-real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: target + "/schemas/com.acme", withDestinationPath: target + "/schemas/com.acme-real")
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        XCTAssertEqual(puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!]).map(\.line), ["fetched   iglu:com.acme/a/jsonschema/1-0-0 from R"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: target + "/schemas/com.acme-real/a/jsonschema/1-0-0"))
    }

    func testSchemasWithoutASelfBlockAreRejected() throws {
        for body in ["{}", #"{"type": "object"}"#, #"{"self": 1}"#, #"{"self": {"vendor": "com.acme"}}"#] {
            let registry = ScriptedRegistry()
            registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] = body
            let target = tempDir()
            var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
            let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
            XCTAssertEqual(outcomes.count, 1, body)
            XCTAssertTrue(outcomes[0].line.hasPrefix("rejected  iglu:com.acme/a/jsonschema/1-0-0 from R: "), outcomes[0].line)
            XCTAssertTrue(outcomes[0].line.contains("self"), outcomes[0].line)
            XCTAssertEqual(RegistryCache(roots: [target]).schemaCount, 0, body)
        }
    }

    /// A registry's words reach `iglu pull`'s report escaped: a `self` block naming another schema with a line
    /// break and a fake result line, or an ESC sequence, prints one line.
    func testARegistryCannotPrintLinesOfItsOwn() throws {
        let registry = ScriptedRegistry()
        let forged = #"x\ncached    iglu:com.evil/ok/jsonschema/1-0-0\u001b[2J"#
        registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] =
            #"{"self": {"vendor": "com.acme", "name": "\#(forged)", "format": "jsonschema", "version": "1-0-0"}}"#
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
        XCTAssertEqual(outcomes.count, 1)
        let line = outcomes[0].line
        XCTAssertFalse(line.contains("\n") || line.unicodeScalars.contains { $0.value == 0x1B }, line)
        XCTAssertTrue(line.contains(#"x\ncached    iglu:com.evil/ok/jsonschema/1-0-0\u{1B}[2J"#), line)
        XCTAssertTrue(line.hasPrefix("rejected  iglu:com.acme/a/jsonschema/1-0-0 from R: "), line)
    }

    /// Leftovers and messages: a killed pull's hidden temporary file is removed by the next pull, a vendor starting
    /// with `.` (which the cache hides) is not fetched on every pull, and a cache that cannot be created says why
    /// in words (not `NSCocoaErrorDomain Code=…`).
    func testLeftoversAndReasons() throws {
        let registry = ScriptedRegistry()
        registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] = schema("iglu:com.acme/a/jsonschema/1-0-0")
        let target = tempDir()
        let folder = target + "/schemas/com.acme/a/jsonschema"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let stale = folder + "/.1-0-0.tmp-2147483646-7", live = folder + "/.1-0-0.tmp-\(getpid())-7"
        XCTAssertTrue(FileManager.default.createFile(atPath: stale, contents: Data("{".utf8)))
        XCTAssertTrue(FileManager.default.createFile(atPath: live, contents: Data("{".utf8)))
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        XCTAssertEqual(puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!]).map(\.line).first?.hasPrefix("fetched"), true)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale), "the dead process's temporary file is gone")
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a running process's temporary file is left alone")
        let before = registry.requests.count
        let hidden = puller.pull([SchemaKey("iglu:.hidden/a/jsonschema/1-0-0")!])
        XCTAssertEqual(registry.requests.count, before)
        XCTAssertTrue(hidden[0].line.hasPrefix("rejected  iglu:.hidden/a/jsonschema/1-0-0"), hidden[0].line)
        XCTAssertTrue(hidden[0].line.contains("starts with '.'"), hidden[0].line)
        // A cache folder under a file cannot be created: the reason is the system's.
        let file = tempDir() + "/plain"
        XCTAssertTrue(FileManager.default.createFile(atPath: file, contents: Data()))
        var blocked = IgluPuller(resolver: try resolver("http://r.example"), target: file + "/cache", cache: RegistryCache(roots: []), client: registry, timeout: 5)
        let line = blocked.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])[0].line
        XCTAssertTrue(line.contains("cannot create the cache folder") && line.contains("Not a directory"), line)
        XCTAssertFalse(line.contains("NSCocoaErrorDomain"), line)
    }

    /// One deadline for the whole pull: twenty slow schemas do not take twenty timeouts; what was not asked is
    /// said. A version list that times out is a fallback to probing, said too.
    func testTheWholePullHasADeadlineAndFallbacksAreSaid() throws {
        final class Slow: HTTPClient, @unchecked Sendable {
            let lock = NSLock()
            var requests: [String] = []
            func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult {
                lock.lock(); requests.append(url.absoluteString); lock.unlock()
                Thread.sleep(forTimeInterval: min(timeout, 0.2))
                return url.path.contains("/api/") ? .timeout : .status(404)
            }
        }
        let slow = Slow()
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: slow, timeout: 5)
        puller.deadline = 0.5
        let keys = (0..<20).map { SchemaKey("iglu:com.acme/e\($0)/jsonschema/1-0-0")! }
        let outcomes = puller.pull(keys)
        XCTAssertEqual(outcomes.count, 20)
        XCTAssertLessThanOrEqual(slow.requests.count, 4, "\(slow.requests)")
        let notAsked = outcomes.filter { $0.line.contains("not asked, the pull's deadline (--deadline 0 s) passed") }
        XCTAssertGreaterThanOrEqual(notAsked.count, 16, outcomes.map(\.line).joined(separator: "\n"))
        // A family whose list endpoint times out: the report says versions were probed instead.
        let registry = ScriptedRegistry()
        registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-0"] = schema("iglu:com.acme/a/jsonschema/1-0-0")
        final class ListTimesOut: HTTPClient, @unchecked Sendable {
            let inner: ScriptedRegistry
            init(_ inner: ScriptedRegistry) { self.inner = inner }
            func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult {
                url.path.contains("/api/") ? .timeout : inner.get(url, headers: headers, timeout: timeout, maxBytes: maxBytes)
            }
        }
        let other = tempDir()
        var listing = IgluPuller(resolver: try resolver("http://r.example"), target: other, cache: RegistryCache(roots: [other]), client: ListTimesOut(registry), timeout: 5)
        let lines = listing.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!]).map(\.line)
        XCTAssertTrue(lines.contains("fallback  iglu:com.acme/a/jsonschema from R: its version list timed out after 5 s; newer versions are probed one by one"), lines.joined(separator: "\n"))
        XCTAssertTrue(lines.first?.hasPrefix("fetched") == true, lines.joined(separator: "\n"))
    }

    func testListedVersionsAreBoundedPerFamily() throws {
        let registry = ScriptedRegistry()
        let versions = (0..<1_000).map { "1-0-\($0)" }
        for v in versions { registry.files["http://r.example/schemas/com.acme/a/jsonschema/\(v)"] = schema("iglu:com.acme/a/jsonschema/\(v)") }
        registry.files["http://r.example/api/schemas/com.acme/a/jsonschema/1"] = "[" + versions.map { "\"iglu:com.acme/a/jsonschema/\($0)\"" }.joined(separator: ",") + "]"
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        puller.maxVersionsPerFamily = 5
        let outcomes = puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!])
        XCTAssertEqual(outcomes.map(\.line), [
            "fetched   iglu:com.acme/a/jsonschema/1-0-0 from R",
            "skipped   994 more versions of iglu:com.acme/a/jsonschema from R: at most 5 newer versions are fetched per family (--max-versions)",
        ] + (995..<1_000).map { "fetched   iglu:com.acme/a/jsonschema/1-0-\($0) from R" })
        XCTAssertEqual(RegistryCache(roots: [target]).schemaCount, 6)
        XCTAssertEqual(IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5).maxVersionsPerFamily, 100)
    }

    func testProbingIsBoundedPerFamilyToo() throws {
        let registry = ScriptedRegistry()
        for a in 0..<50 { registry.files["http://r.example/schemas/com.acme/a/jsonschema/1-0-\(a)"] = schema("iglu:com.acme/a/jsonschema/1-0-\(a)") }
        let target = tempDir()
        var puller = IgluPuller(resolver: try resolver("http://r.example"), target: target, cache: RegistryCache(roots: [target]), client: registry, timeout: 5)
        puller.maxVersionsPerFamily = 3
        XCTAssertEqual(puller.pull([SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!]).count, 4)
    }

    func testTheCurlClientRefusesHeadersWithLineBreaks() throws {
        let client = try XCTUnwrap(CurlHTTPClient(), "libcurl (Foundation's networking library) should load here")
        let result = client.get(URL(string: "http://127.0.0.1:9/x")!, headers: ["apikey": "secret\r\nX-Injected: 1"], timeout: 1, maxBytes: 10)
        XCTAssertEqual(result, .failure("a header of the request contains a line break"))
        XCTAssertEqual(RedirectPolicy.headers(["apikey": "k", "Accept": "a"], from: URL(string: "http://a.example/x")!, to: URL(string: "http://b.example/y")!),
                       ["Accept": "a"])
        XCTAssertEqual(RedirectPolicy.headers(["ApiKey": "k"], from: URL(string: "http://a.example/x")!, to: URL(string: "http://A.example:80/y")!), ["ApiKey": "k"])
    }

    func testCredentialsDoNotFollowARedirectToAnotherOrigin() {
        let origin = URL(string: "http://r.example/schemas/x")!
        let headers = ["apikey": "secret", "Authorization": "Bearer t", "Accept": "application/json"]
        XCTAssertEqual(RedirectPolicy.headers(headers, from: origin, to: URL(string: "http://other.example/schemas/x")!), ["Accept": "application/json"])
        // Same scheme, host and port: kept. Another port or scheme is another origin.
        XCTAssertEqual(RedirectPolicy.headers(headers, from: origin, to: URL(string: "http://R.example:80/elsewhere")!), headers)
        for other in ["http://r.example:8080/x", "https://r.example/x", "http://r.example.evil/x"] {
            XCTAssertEqual(RedirectPolicy.headers(headers, from: origin, to: URL(string: other)!), ["Accept": "application/json"], other)
        }
    }

    func testReferencesAreStringValuesThatAreKeys() {
        let tree = SyntaxTree(parsing: #"{"iglu:com.acme/k/jsonschema/1-0-0": 1, "event": {"source": "iglu:com.acme/a/jsonschema/1-0-0"}, "entities": {"tracked": [{"source": "iglu:com.acme/b/jsonschema/2-0-0"}, {"source": "iglu:bad"}]}, "x": "not iglu"}"#)
        XCTAssertEqual(IgluReferences.keys(in: tree).map(\.description), ["iglu:com.acme/a/jsonschema/1-0-0", "iglu:com.acme/b/jsonschema/2-0-0"])
    }
}
