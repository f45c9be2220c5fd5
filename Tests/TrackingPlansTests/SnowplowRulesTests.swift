import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import TrackingPlans

/// Each Snowplow rule on a valid and an invalid file, with the exact range (marked by `«…»` in the
/// source text) and message, against the real Iglu Central fixture as the cache.
final class SnowplowRulesTests: XCTestCase {
    static let fixture = SharedFixtures.location("fixtures/iglu-central")
    static let iglu = IgluContext(folders: [fixture])

    override func setUpWithError() throws { _ = try SharedFixtures.path("fixtures/iglu-central") }

    func analyzer() -> Analyzer {
        Analyzer(configuration: Configuration(root: "/tmp"), iglu: SnowplowRulesTests.iglu)
    }

    func marked(_ text: String) -> (String, Range<Int>?) { markedText(text) }

    func diagnostics(_ text: String, path: String = "/tmp/s.json") -> [Diagnostic] {
        analyzer().analyze(path: path, bytes: Array(text.utf8)).diagnostics
    }

    /// Asserts exactly one diagnostic of `rule`, at the marked range, whose message contains `message`.
    func expect(_ rule: String, in markedText: String, message: String, severity: Severity = .error, file: StaticString = #filePath, line: UInt = #line) {
        let (text, range) = marked(markedText)
        let found = diagnostics(text).filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(rule): \(diagnostics(text))", file: file, line: line)
        guard let d = found.first else { return }
        XCTAssertEqual(d.range, range, "range of \(rule): \(d.message)", file: file, line: line)
        XCTAssertTrue(d.message.contains(message), "message of \(rule): \(d.message)", file: file, line: line)
        XCTAssertEqual(d.severity, severity, file: file, line: line)
    }

    static let linkClick = "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"

    func scenario(_ body: String) -> String {
        "{\"id\": \"5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10\", \"name\": \"Link\", \"triggers\": [], \(body)}"
    }

    func testCleanScenarioHasNoDiagnostics() {
        let text = """
        {"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "version": 2, "status": "published", "name": "Outbound link",
         "appIds": ["web"], "triggers": [{"description": "click"}],
         "event": {"source": "\(Self.linkClick)",
                   "schema": {"type": "object", "properties": {"targetUrl": {"type": "string", "minLength": 1, "pattern": "^https://"}},
                              "required": ["targetUrl"], "additionalProperties": false}},
         "entities": {"tracked": [{"source": "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", "minCardinality": 1, "maxCardinality": 1}]}}
        """
        XCTAssertEqual(diagnostics(text), [])
        XCTAssertEqual(analyzer().analyze(path: "/tmp/s.json", bytes: Array(text.utf8)).kind, .snowplowScenario)
    }

    func testFileKinds() {
        func kind(_ s: String) -> FileKind { FileKind.detect(SyntaxTree(parsing: s)) }
        XCTAssertEqual(kind(#"{"name": "x", "event": {"source": "iglu:a/b/jsonschema/1-0-0"}}"#), .snowplowScenario)
        XCTAssertEqual(kind(#"{"scenario": {"name": "x"}, "message": "m"}"#), .snowplowScenarioRequest)
        XCTAssertEqual(kind(#"{"data": [{"name": "x", "event": {}}], "includes": []}"#), .snowplowScenarioEnvelope)
        XCTAssertEqual(kind(#"{"apiVersion": "v1", "resourceType": "data-product", "data": {}}"#), .snowplowDataProduct)
        XCTAssertEqual(kind(#"{"name": "plan", "events": [{"name": "x", "eventType": "track"}]}"#), .rudderstackTrackingPlan, "not a scenario")
        XCTAssertEqual(kind(#"{"type": "object", "properties": {"name": {}}}"#), .json)
        XCTAssertEqual(kind(#"[1, 2]"#), .json)
    }

    func testUnknownKey() {
        expect(SnowplowRule.unknownKey, in: scenario("«\"ownr\"»: \"a@b.c\""), message: "unknown key 'ownr' in a tracking scenario; did you mean 'owner'?", severity: .warning)
    }

    func testWrongType() {
        expect(SnowplowRule.wrongType, in: scenario("\"appIds\": «\"web\"»"), message: "'appIds' must be an array, found a string")
    }

    func testIdMustBeUUID() {
        expect(SnowplowRule.idInvalid, in: "{\"id\": «\"abc\"», \"name\": \"n\", \"event\": {}}", message: "'abc' is not a UUID")
    }

    func testNameRequiredAndNonEmpty() {
        expect(SnowplowRule.nameRequired, in: "{\"id\": \"5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10\", \"name\": «\"  \"», \"event\": {}}", message: "must not be empty")
        expect(SnowplowRule.nameRequired, in: "«{»\"status\": \"draft\", \"event\": {\"source\": \"\(Self.linkClick)\"}}", message: "needs a 'name'")
    }

    func testVersion() {
        expect(SnowplowRule.versionInvalid, in: scenario("\"version\": «1.5»"), message: "integer ≥ 0, found 1.5")
        expect(SnowplowRule.versionInvalid, in: scenario("\"version\": «-1»"), message: "integer ≥ 0, found -1")
        XCTAssertEqual(diagnostics(scenario("\"version\": 0")), [])
    }

    func testStatusWithSuggestion() {
        expect(SnowplowRule.statusInvalid, in: scenario("\"status\": «\"publised\"»"), message: "did you mean 'published'?")
        XCTAssertEqual(diagnostics(scenario("\"status\": \"deprecated\"")), [])
    }

    func testSourceMalformedPointsAtThePart() {
        expect(SnowplowRule.sourceInvalid, in: scenario("\"event\": {\"source\": \"iglu:com.acme/ui_actions/jsonschema/«1-0»\"}"), message: "is not a valid Iglu URI")
        expect(SnowplowRule.sourceInvalid, in: scenario("\"event\": {\"source\": \"«igluc»om.acme/x/jsonschema/1-0-0\"}"), message: "starts with 'iglu:'")
    }

    func testSourceMissingFromCacheNamesTheCache() {
        expect(SnowplowRule.sourceNotFound, in: scenario("\"event\": {\"source\": «\"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/9-0-0\"»}"),
               message: "(cached versions: 1-0-0, 1-0-1); searched \(Self.fixture)")
    }

    func testEntities() {
        let page = "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0"
        expect(SnowplowRule.entityDuplicate, in: scenario("\"entities\": {\"tracked\": [{\"source\": \"\(page)\"}, {\"source\": «\"\(page)\"»}]}"),
               message: "already listed in entities.tracked", severity: .warning)
        expect(SnowplowRule.cardinalityInvalid, in: scenario("\"entities\": {\"enriched\": [{\"source\": \"\(page)\", \"minCardinality\": 2, \"maxCardinality\": «1»}]}"),
               message: "maxCardinality 1 is below minCardinality 2")
        expect(SnowplowRule.cardinalityInvalid, in: scenario("\"entities\": {\"enriched\": [{\"source\": \"\(page)\", \"maxCardinality\": «1»}]}"),
               message: "maxCardinality needs a minCardinality")
        expect(SnowplowRule.cardinalityInvalid, in: scenario("\"entities\": {\"enriched\": [{\"source\": \"\(page)\", \"minCardinality\": «0.5»}]}"),
               message: "minCardinality must be an integer ≥ 0")
        expect(SnowplowRule.sourceNotFound, in: scenario("\"entities\": {\"tracked\": [{\"source\": «\"iglu:com.acme/nope/jsonschema/1-0-0\"»}]}"),
               message: "is not in the local Iglu cache")
    }

    func testEventSchemaMustBeValid() {
        expect(SnowplowRule.schemaInvalid, in: scenario("\"event\": {\"schema\": {\"type\": \"object\", \"properties\": {\"a\": {«\"minLength\"»: \"3\"}}}}"),
               message: "'minLength' must be a non-negative integer")
    }

    func testNamesAreUniquePerDataStructureAcrossFiles() {
        let a = analyzer()
        func file(_ id: String, _ source: String) -> String {
            "{\"id\": \"\(id)\", \"name\": \"Link\", \"event\": {\"source\": \"\(source)\"}}"
        }
        let analyses = a.crossFile([
            a.analyze(path: "/w/a.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", Self.linkClick).utf8)),
            a.analyze(path: "/w/b.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e11", "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0").utf8)),
            // Same name, other data structure: fine.
            a.analyze(path: "/w/c.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e12", "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0").utf8)),
            // Same scenario (same id) seen twice: fine.
            a.analyze(path: "/w/d.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e12", "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0").utf8)),
        ])
        // The server's scan of unopened files collects the same facts without analysing them.
        for analysis in analyses {
            XCTAssertEqual(a.facts(path: analysis.path, bytes: analysis.tree.bytes), analysis.facts)
        }
        let duplicates = analyses.map { $0.diagnostics.filter { $0.rule == SnowplowRule.nameDuplicate } }
        XCTAssertEqual(duplicates.map(\.count), [1, 1, 0, 0])
        XCTAssertEqual(duplicates[0].first?.related.first?.location.path, "/w/b.json")
        XCTAssertEqual(duplicates[1].first?.related.first?.location.path, "/w/a.json")
        let nameRange = Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", Self.linkClick).utf8).count
        XCTAssertLessThan(duplicates[0].first!.range.upperBound, nameRange)
        XCTAssertEqual(String(decoding: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", Self.linkClick).utf8)[duplicates[0].first!.range], as: UTF8.self), "\"Link\"")
    }

    func testHistoryRules() {
        let id = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"
        func envelope(_ version: String, status: String) -> String {
            """
            {"data": [{"id": "\(id)", "version": \(version), "status": "\(status)", "name": "N", "event": {"source": "\(Self.linkClick)"}}],
             "includes": [{"type": "History", "scenarioId": "\(id)", "version": 1, "status": "published"},
                          «{"type": "History", "scenarioId": "\(id)", "version": 2, "status": "draft"}»,
                          {"type": "History", "scenarioId": "\(id)", "version": 3, "status": "published"}]}
            """
        }
        expect(SnowplowRule.unpublishedVersions, in: envelope("3", status: "published"), message: "version 2 between published versions 1 and 3", severity: .info)
        let (older, _) = marked(envelope("2", status: "draft"))
        XCTAssertTrue(diagnostics(older).contains { $0.rule == SnowplowRule.versionConflict && $0.message.contains("older than version 3") })
        let (same, _) = marked(envelope("3", status: "draft"))
        XCTAssertTrue(diagnostics(same).contains { $0.rule == SnowplowRule.versionConflict && $0.message.contains("greater than the last published version 3") })
        let (newer, _) = marked(envelope("4", status: "draft"))
        XCTAssertFalse(diagnostics(newer).contains { $0.rule == SnowplowRule.versionConflict })
    }

    // MARK: Compatibility over real schemas

    func testIncompatibleWithCurrentVersionIsAnErrorWithWitness() {
        // link_click requires a non-empty targetUrl; this scenario allows "".
        let text = scenario("""
        "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0",
                  "schema": {"type": "object", "properties": {«"targetUrl"»: {"type": "string"}}, "required": ["targetUrl"], "additionalProperties": false}}
        """)
        expect(SnowplowRule.schemaIncompatible, in: text, message: "Tracking scenario with id: 5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10, event schema is INCOMPATIBLE with schema with name: link_click, vendor: com.snowplowanalytics.snowplow, version: 1-0-0")
        let d = diagnostics(marked(text).0).first { $0.rule == SnowplowRule.schemaIncompatible }!
        XCTAssertEqual(d.code, "SchemaIncompatible")
        // The first line says what is wrong and where; the API's title comes after the example.
        XCTAssertEqual(d.message.split(separator: "\n").first.map(String.init), "property 'targetUrl': a string of 0 characters is allowed by event.schema only")
        XCTAssertTrue(d.message.split(separator: "\n").last?.hasPrefix("Tracking scenario with id: ") == true, d.message)
        XCTAssertTrue(d.message.contains(#"{"targetUrl": ""}"#), d.message)
        XCTAssertTrue(d.related.first?.location.path.hasSuffix("/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0") == true, "\(d.related)")
    }

    func testIncompatibleOnlyWithLatestIsAWarning() {
        // schedule_update 1-0-1 caps `schedule` at 65,535 characters; 1-0-0 did not.
        let text = scenario("""
        "event": {"source": "iglu:com.snowplowanalytics.accelerators.travel/schedule_update/jsonschema/1-0-0",
                  "schema": {"type": "object", "properties": {«"schedule"»: {"type": "string", "minLength": 1}}, "required": ["schedule"], "additionalProperties": false}}
        """)
        expect(SnowplowRule.schemaIncompatible, in: text, message: "(schedule_update 1-0-1, the latest cached version; 1-0-0 is compatible)", severity: .warning)
        // The example is the shortest string over the cap, shown by its length, not 65,536 letters.
        let d = diagnostics(marked(text).0).first { $0.rule == SnowplowRule.schemaIncompatible }!
        XCTAssertTrue(d.message.contains(#"{"schedule": "aaaaaaaaaaaa…"} (/schedule is 65536 characters)"#), d.message)
        XCTAssertLessThan(d.message.utf8.count, 600)
    }

    func testUndecidableIsAWarning() {
        let text = scenario("""
        "event": {"source": "\(Self.linkClick)",
                  "schema": {"type": "object", "properties": {"targetUrl": {"type": "string", «"pattern"»: "^(?=.*x)[a-z]+$"}}, "required": ["targetUrl"], "additionalProperties": false}}
        """)
        expect(SnowplowRule.schemaUndecidable, in: text, message: "event schema is of UNDECIDABLE compatibility with schema with name: link_click", severity: .warning)
        let d = diagnostics(marked(text).0).first { $0.rule == SnowplowRule.schemaUndecidable }
        XCTAssertEqual(d?.code, "SchemaUndecidable")
        XCTAssertTrue(d?.message.hasPrefix("compatibility with link_click 1-0-1 could not be decided: the pattern /^(?=.*x)[a-z]+$/ uses lookahead") == true, d?.message ?? "")
    }

    func testCompatibleWithCurrentAndLatest() {
        let text = scenario("""
        "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0",
                  "schema": {"type": "object", "properties": {"targetUrl": {"type": "string", "minLength": 5}}, "required": ["targetUrl"], "additionalProperties": false}}
        """)
        // No error or warning; only the hint that the newer version fits too.
        XCTAssertEqual(diagnostics(text).map(\.rule), [SnowplowRule.sourceOutdated])
        XCTAssertEqual(diagnostics(text).map(\.severity), [.hint])
    }

    func testDataProductAndRequestBody() {
        let product = """
        {"apiVersion": "v1", "resourceType": "data-product", "resourceName": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
         "data": {"name": "Checkout", "eventSpecifications": [
           {"resourceName": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", "name": "Link", «"staus"»: "draft",
            "event": {"source": "\(Self.linkClick)"}}]}}
        """
        expect(SnowplowRule.unknownKey, in: product, message: "unknown key 'staus' in an event specification", severity: .warning)
        let request = "{\"scenario\": {\"name\": \"N\", \"status\": «\"live\"», \"event\": {\"source\": \"\(Self.linkClick)\"}}, \"message\": \"m\"}"
        expect(SnowplowRule.statusInvalid, in: request, message: "status 'live' is not one of draft, published, deprecated")
    }

    func testHostileInputsDoNotCrash() {
        for text in ["{\"name\": 1, \"event\": {\"source\": 5, \"schema\": [1]}}", "{\"name\": \"x\", \"event\": {\"schema\": {\"pattern\": \"(a+)+b\", \"type\": \"string\"}}}",
                     "{\"data\": 7, \"includes\": {}}", "{\"scenario\": {\"event\": {\"source\": \"iglu:\\u0000/../x/jsonschema/1-0-0\"}}}",
                     "{\"name\": \"x\", \"entities\": {\"tracked\": [1, null, {\"minCardinality\": 1e400}]}}"] {
            _ = diagnostics(text)
        }
    }
}

extension SnowplowRulesTests {
    /// `kinds` in trackspec.json: a half-written scenario (nothing yet says what it is) is analysed as one,
    /// and a fixture that looks like a scenario can be kept to syntax checks.
    func testKindsForceAFileKind() throws {
        let config = try XCTUnwrap(Configuration.parse(SyntaxTree(parsing: #"{"kinds": {"drafts/*.json": "snowplow-scenario", "fixtures/**": "json"}}"#),
                                                       path: "/w/trackspec.json", root: "/w").0 as Configuration?)
        let analyzer = Analyzer(configuration: config, iglu: SnowplowRulesTests.iglu)
        let unfinished = #"{"name": "", "status": "live"}"#
        XCTAssertEqual(analyzer.analyze(path: "/w/other.json", bytes: Array(unfinished.utf8)).kind, .json)
        let forced = analyzer.analyze(path: "/w/drafts/a.json", bytes: Array(unfinished.utf8))
        XCTAssertEqual(forced.kind, .snowplowScenario)
        XCTAssertEqual(Set(forced.diagnostics.map(\.rule)), [SnowplowRule.nameRequired, SnowplowRule.statusInvalid])
        let scenario = #"{"name": "x", "event": {"source": "iglu:com.acme/nothing/jsonschema/1-0-0"}}"#
        XCTAssertEqual(analyzer.analyze(path: "/w/a.json", bytes: Array(scenario.utf8)).diagnostics.map(\.rule), [SnowplowRule.sourceNotFound])
        let kept = analyzer.analyze(path: "/w/fixtures/deep/a.json", bytes: Array(scenario.utf8))
        XCTAssertEqual(kept.kind, .json)
        XCTAssertEqual(kept.diagnostics, [])
    }

    func testKindsConfigurationErrors() {
        let text = #"{"kinds": {"a/*.json": "snowplow-scenaro", "[": "json", "b/*": 3}}"#
        let (config, diagnostics) = Configuration.parse(SyntaxTree(parsing: text), path: "/w/trackspec.json", root: "/w")
        XCTAssertEqual(config.kindOverrides.count, 0)
        XCTAssertEqual(diagnostics.count, 3, "\(diagnostics)")
        XCTAssertTrue(diagnostics[0].message.contains("did you mean 'snowplow-scenario'"), diagnostics[0].message)
        XCTAssertEqual(diagnostics.map(\.rule), [ConfigRule.invalid, ConfigRule.invalid, ConfigRule.invalid])
    }
}

extension SnowplowRulesTests {
    /// Iglu schemas reference each other by registry URL or `iglu:` URI: such `$ref`s resolve from the cache
    /// (offline), and one the cache lacks is reported at the reference.
    func testReferencesToIgluSchemasResolveFromTheCache() {
        let ok = #"""
        {"name": "Refers", "event": {"source": "\#(SnowplowRulesTests.linkClick)", "schema":
          {"allOf": [{"$ref": "http://iglucentral.com/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1#"},
                     {"$ref": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0"}]}}}
        """#
        XCTAssertEqual(diagnostics(ok), [])
        expect(SnowplowRule.schemaInvalid, in: #"""
        {"name": "Refers", "event": {"source": "\#(SnowplowRulesTests.linkClick)", "schema":
          {"properties": {"a": {«"$ref"»: "http://iglucentral.com/schemas/com.acme/nothing/jsonschema/1-0-0#"}}}}}
        """#, message: "cannot resolve $ref 'http://iglucentral.com/schemas/com.acme/nothing/jsonschema/1-0-0#'")
    }
}
