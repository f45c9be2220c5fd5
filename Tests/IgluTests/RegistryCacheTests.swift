import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import Iglu

/// The real Iglu Central snapshot in ../shared is the cache under test.
final class RegistryCacheTests: XCTestCase {
    static let fixture = SharedFixtures.location("fixtures/iglu-central")

    override func setUpWithError() throws { _ = try SharedFixtures.path("fixtures/iglu-central") }

    func testIndexesAllOfIgluCentral() {
        let cache = RegistryCache(roots: [RegistryCacheTests.fixture])
        XCTAssertEqual(cache.schemaCount, 660)
        XCTAssertEqual(cache.familyCount, 519)
        XCTAssertEqual(cache.allFamilies.filter { cache.versions(of: $0).count >= 2 }.count, 74)
        XCTAssertEqual(cache.layoutProblems, [])
    }

    func testCurrentAndLatestLookups() throws {
        let cache = RegistryCache(roots: [RegistryCacheTests.fixture])
        let key = try XCTUnwrap(SchemaKey("iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0"))
        XCTAssertEqual(cache.entry(key)?.key, key)
        XCTAssertEqual(cache.versions(of: key.family).map(\.key.version.description), ["1-0-0", "1-0-1"])
        XCTAssertEqual(cache.latest(for: key)?.key.version.description, "1-0-1")
        XCTAssertNil(cache.entry(key.with(version: SchemaVer(model: 1, revision: 0, addition: 9))))
        XCTAssertNil(cache.entry(SchemaKey("iglu:com.example/missing/jsonschema/1-0-0")!))
        // A family whose versions span models: latest stays within the model unless asked.
        let spanning = cache.allFamilies.first { Set(cache.versions(of: $0).map(\.key.version.model)).count > 1 }
        if let family = spanning {
            let first = cache.versions(of: family)[0].key
            XCTAssertEqual(cache.latest(for: first)?.key.version.model, first.version.model)
            XCTAssertEqual(cache.latest(for: first, acrossModels: true)?.key, cache.versions(of: family).last?.key)
        }
        let schema = cache.load(try XCTUnwrap(cache.entry(key)))
        XCTAssertTrue(schema.isUsable)
        XCTAssertEqual(schema.value?["self"]?["name"], "link_click")
    }

    func testEveryFixtureSchemaPassesTheCacheChecks() {
        let cache = RegistryCache(roots: [RegistryCacheTests.fixture])
        var problems: [String] = []
        for family in cache.allFamilies {
            for entry in cache.versions(of: family) { problems += cache.load(entry).problems.map(\.message) }
        }
        XCTAssertEqual(problems, [])
    }

    func makeCache(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("iglu-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/schemas/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        return root
    }

    func selfDescribing(_ vendor: String, _ name: String, _ version: String, schema: String = RegistryCache.selfDescribingMetaSchema) -> String {
        #"{"$schema": "\#(schema)", "self": {"vendor": "\#(vendor)", "name": "\#(name)", "format": "jsonschema", "version": "\#(version)"}, "type": "object"}"#
    }

    func testBrokenCacheFilesAreProblemsNotCrashes() throws {
        let root = try makeCache([
            "com.acme/ok/jsonschema/1-0-0": selfDescribing("com.acme", "ok", "1-0-0"),
            "com.acme/broken/jsonschema/1-0-0": "{\"$schema\": ",
            "com.acme/array/jsonschema/1-0-0": "[1, 2]",
            "com.acme/liar/jsonschema/1-0-0": selfDescribing("com.acme", "other", "1-0-0"),
            "com.acme/noself/jsonschema/1-0-0": #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "type": "object"}"#,
            "com.acme/draft7/jsonschema/1-0-0": selfDescribing("com.acme", "draft7", "1-0-0", schema: "http://json-schema.org/draft-07/schema#"),
            "com.acme/binary/jsonschema/1-0-0": "\u{00}\u{01}\u{FFFD}garbage",
            "com.acme/bad name/jsonschema/1-0-0": "{}",
            "com.acme/ok/jsonschema/1-0-01": "{}",
            "com.acme/ok/jsonschema/.1-0-1.tmp-42": "partial",
        ])
        let cache = RegistryCache(roots: [root])
        XCTAssertEqual(cache.schemaCount, 7)
        XCTAssertEqual(cache.layoutProblems.count, 2, "\(cache.layoutProblems)")
        func kinds(_ name: String) -> [SchemaProblem.Kind] {
            cache.load(cache.entry(SchemaKey("iglu:com.acme/\(name)/jsonschema/1-0-0")!)!).problems.map(\.kind)
        }
        XCTAssertEqual(kinds("ok"), [])
        XCTAssertEqual(kinds("broken"), [.invalidJSON])
        XCTAssertEqual(kinds("array"), [.notAnObject])
        XCTAssertEqual(kinds("liar"), [.selfMismatch])
        XCTAssertEqual(kinds("noself"), [.missingSelf])
        XCTAssertEqual(kinds("draft7"), [.wrongMetaSchema])
        XCTAssertEqual(kinds("binary"), [.invalidJSON])
        let message = cache.load(cache.entry(SchemaKey("iglu:com.acme/liar/jsonschema/1-0-0")!)!).problems[0].message
        XCTAssertTrue(message.hasSuffix("describes itself as iglu:com.acme/other/jsonschema/1-0-0, not iglu:com.acme/liar/jsonschema/1-0-0"), message)
    }

    func testSymlinksLeavingTheCacheAreNeverRead() throws {
        let root = try makeCache(["com.acme/ok/jsonschema/1-0-0": selfDescribing("com.acme", "ok", "1-0-0")])
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside.appendingPathComponent("name/jsonschema"), withIntermediateDirectories: true)
        try Data(selfDescribing("com.evil", "name", "1-0-0").utf8).write(to: outside.appendingPathComponent("name/jsonschema/1-0-0"))
        addTeardownBlock { try? FileManager.default.removeItem(at: outside) }
        // A linked vendor folder and a linked schema file, both pointing outside.
        try FileManager.default.createSymbolicLink(atPath: root + "/schemas/com.evil", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: root + "/schemas/com.acme/ok/jsonschema/1-0-1", withDestinationPath: outside.path + "/name/jsonschema/1-0-0")
        // A link that stays inside is fine.
        try FileManager.default.createSymbolicLink(atPath: root + "/schemas/com.acme/ok/jsonschema/1-0-2", withDestinationPath: root + "/schemas/com.acme/ok/jsonschema/1-0-0")
        let cache = RegistryCache(roots: [root])
        XCTAssertNil(cache.entry(SchemaKey("iglu:com.evil/name/jsonschema/1-0-0")!))
        XCTAssertNil(cache.entry(SchemaKey("iglu:com.acme/ok/jsonschema/1-0-1")!))
        XCTAssertNotNil(cache.entry(SchemaKey("iglu:com.acme/ok/jsonschema/1-0-2")!))
        XCTAssertEqual(cache.schemaCount, 2)
    }

    func testEarlierRootsWin() throws {
        let first = try makeCache(["com.acme/a/jsonschema/1-0-0": selfDescribing("com.acme", "a", "1-0-0")])
        let second = try makeCache(["com.acme/a/jsonschema/1-0-0": "{}", "com.acme/a/jsonschema/1-0-1": selfDescribing("com.acme", "a", "1-0-1")])
        let cache = RegistryCache(roots: [first, second, "/nonexistent/iglu"])
        XCTAssertEqual(cache.versions(of: SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!.family).map(\.key.version.description), ["1-0-0", "1-0-1"])
        XCTAssertTrue(cache.entry(SchemaKey("iglu:com.acme/a/jsonschema/1-0-0")!)!.path.hasPrefix(first))
        XCTAssertEqual(cache.layoutProblems.count, 1)
    }
}
