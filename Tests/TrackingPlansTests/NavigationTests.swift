import Foundation
import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Go to definition, hover on Iglu URIs, and the Snowplow quick fixes applied and re-analysed.
final class NavigationTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: SnowplowRulesTests.iglu)
    static let linkClick = "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0"

    func at(_ marked: String) -> ([UInt8], Int) {
        let cursor = marked.range(of: "‸")!
        return (Array(marked.replacingOccurrences(of: "‸", with: "").utf8), marked[..<cursor.lowerBound].utf8.count)
    }

    func apply(_ fix: Fix?, to bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for edit in (fix?.edits ?? []).sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) { out.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
        return out
    }

    func testIgluURIGoesToTheCachedSchema() throws {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/json‸schema/1-0-0"}}"#)
        let targets = analyzer.definition(path: "/w/s.json", bytes: bytes, offset: offset)
        XCTAssertEqual(targets.count, 1)
        XCTAssertTrue(targets[0].path.hasSuffix("schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0"), targets[0].path)
    }

    func testSchemaPropertyGoesToTheSourceProperty() throws {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "\#(Self.linkClick)", "schema": {"properties": {"target‸Url": {"type": "string"}}}}}"#)
        let targets = analyzer.definition(path: "/w/s.json", bytes: bytes, offset: offset)
        XCTAssertEqual(targets.count, 1)
        let cached = try [UInt8](Data(contentsOf: URL(fileURLWithPath: targets[0].path)))
        XCTAssertEqual(String(decoding: cached[targets[0].range], as: UTF8.self), "\"targetUrl\"")
    }

    func testCatalogIDsGoToTheirDefinition() {
        let catalogText = #"{"categories": [{"id": "cat_checkout", "name": "Checkout"}], "properties": [{"id": "prop_sku", "name": "sku", "type": "string"}]}"#
        let catalog = analyzer.analyze(path: "/w/catalog.json", bytes: Array(catalogText.utf8)).facts
        for (marked, expected) in [(#"{"name": "Web", "events": [{"name": "Abc", "eventType": "track", "categoryId": "cat_che‸ckout"}]}"#, "\"Checkout\""),
                                   (#"{"name": "Web", "events": [{"name": "Abc", "eventType": "track", "properties": [{"id": "prop‸_sku"}]}]}"#, "\"sku\"")] {
            let (bytes, offset) = at(marked)
            let targets = analyzer.definition(path: "/w/plan.json", bytes: bytes, offset: offset, workspace: [catalog])
            XCTAssertEqual(targets.map(\.path), ["/w/catalog.json"], marked)
            XCTAssertEqual(targets.first.map { String(decoding: Array(catalogText.utf8)[$0.range], as: UTF8.self) }, expected)
        }
    }

    func testHoverOnAnIgluURI() {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_‸click/jsonschema/1-0-0"}}"#)
        let hover = analyzer.hover(path: "/w/s.json", bytes: bytes, offset: offset)
        XCTAssertEqual(hover?.markdown.contains("- `1-0-1` (latest)"), true, hover?.markdown ?? "nil")
        XCTAssertEqual(hover?.markdown.contains("- `1-0-0` (current)"), true)
        XCTAssertEqual(hover?.markdown.contains("Schema for a link click event"), true)
    }

    /// Each Snowplow quick fix, applied: its diagnostic is gone and no other diagnostic appears or goes.
    func testSnowplowQuickFixes() {
        let page = "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0"
        let cases: [(String, String, String)] = [
            (SnowplowRule.statusInvalid, #"{"name": "C", "status": "publishd", "event": {"source": "\#(Self.linkClick)"}}"#, #""status": "published""#),
            (SnowplowRule.entityDuplicate, #"{"name": "C", "entities": {"tracked": [{"source": "\#(page)"}, {"source": "\#(page)"}]}}"#, #"[{"source": "\#(page)"}]"#),
        ]
        for (rule, text, expected) in cases {
            let before = analyzer.analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics
            let d = before.first { $0.rule == rule }
            XCTAssertEqual(d?.fixes.count, 1, rule)
            let fixed = apply(d?.fixes.first, to: Array(text.utf8))
            XCTAssertTrue(String(decoding: fixed, as: UTF8.self).contains(expected), String(decoding: fixed, as: UTF8.self))
            let after = analyzer.analyze(path: "/w/s.json", bytes: fixed).diagnostics
            XCTAssertEqual(after.map(\.rule), before.filter { $0.rule != rule }.map(\.rule), rule)
        }
    }

    func testRenameDuplicateScenario() {
        func file(_ id: String) -> String { #"{"id": "\#(id)", "name": "Link", "event": {"source": "\#(Self.linkClick)"}}"# }
        let a = analyzer.analyze(path: "/w/a.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10").utf8))
        let b = analyzer.analyze(path: "/w/b.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e11").utf8))
        let clash = analyzer.crossFile([a, b])[1].diagnostics.first { $0.rule == SnowplowRule.nameDuplicate }
        XCTAssertEqual(clash?.fixes.first?.title, "Rename to 'Link 2'")
        let renamed = analyzer.analyze(path: "/w/b.json", bytes: apply(clash?.fixes.first, to: b.tree.bytes))
        XCTAssertEqual(analyzer.crossFile([a, renamed]).flatMap(\.diagnostics), [])
    }

    func testUpgradeToTheLatestCompatibleVersion() {
        // schedule_update: a scenario compatible with 1-0-0 and with 1-0-1.
        let text = #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.accelerators.travel/schedule_update/jsonschema/1-0-0", "schema": {"type": "object", "properties": {"schedule": {"type": "string", "minLength": 1, "maxLength": 10}}, "required": ["schedule"], "additionalProperties": false}}}"#
        let hint = analyzer.analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics.first { $0.rule == SnowplowRule.sourceOutdated }
        XCTAssertEqual(hint?.severity, .hint)
        XCTAssertEqual(hint?.fixes.first?.title, "Use iglu:com.snowplowanalytics.accelerators.travel/schedule_update/jsonschema/1-0-1 (compatible)")
        let upgraded = analyzer.analyze(path: "/w/s.json", bytes: apply(hint?.fixes.first, to: Array(text.utf8)))
        XCTAssertEqual(upgraded.diagnostics, [])
        // Incompatible with the version named (empty strings), compatible with the latest: the error offers the move.
        let loose = text.replacingOccurrences(of: #""minLength": 1, "#, with: "")
        let error = analyzer.analyze(path: "/w/s.json", bytes: Array(loose.utf8)).diagnostics.first { $0.rule == SnowplowRule.schemaIncompatible }
        XCTAssertEqual(error?.severity, .error)
        XCTAssertEqual(error?.fixes.first?.title, hint?.fixes.first?.title)
    }
}
