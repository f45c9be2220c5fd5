import Foundation
import XCTest
import Iglu
import JSONSyntax
@testable import TrackingPlans

/// A workspace's data-structure files are an Iglu source: they shadow the cache key for key, so event
/// specifications refine data structures that exist only in the branch being edited, and completion, hover,
/// definition and links know them.
extension SnowplowRulesTests {
    static let checkoutStarted = "iglu:com.acme/checkout_started/jsonschema/1-0-0"
    static let dataStructurePath = "/w/data-structures/com.acme/checkout_started.yaml"

    /// The analyzer knowing the workspace's data structures (`files`: path and text), as `check` and the
    /// server prepare it.
    func analyzer(knowing files: [(String, String)]) -> Analyzer {
        let plain = analyzer()
        let analyses = files.map { plain.analyze(path: $0.0, bytes: Array($0.1.utf8)) }
        return plain.knowingDataStructures(of: analyses)?.analyzer ?? plain
    }

    /// The same event specification refining com.acme/checkout_started as a Tracking Scenarios API JSON file.
    func checkoutScenario(minimum: String) -> String {
        scenario("""
        "event": {"source": "\(Self.checkoutStarted)", "schema": {"type": "object", "properties": {"basketValue": {"type": "number", «"minimum"»: \(minimum)}},
          "required": ["basketValue"], "additionalProperties": false}}
        """)
    }

    /// And as a snowplow-cli data product (YAML).
    func checkoutDataProduct(minimum: String) -> String {
        oneSpecDataProduct(source: Self.checkoutStarted, required: "basketValue", properties: ["basketValue: {type: number, «minimum»: \(minimum)}"])
    }

    func testAnEventSpecRefinesADataStructureOfTheWorkspace() throws {
        let local = analyzer(knowing: [(Self.dataStructurePath, Self.dataStructure)])
        XCTAssertEqual(local.workspaceSchemas.keys.map(\.description), [Self.checkoutStarted])
        for (path, make) in [("/w/s.json", checkoutScenario), ("/w/data-products/checkout.yaml", checkoutDataProduct)] {
            // Unknown to the cache alone.
            let (good, _) = marked(make("1"))
            XCTAssertEqual(analyzer().analyze(path: path, bytes: Array(good.utf8)).diagnostics.map(\.rule), [SnowplowRule.sourceNotFound], path)
            // Known with the workspace: compatible, then narrowed wrongly.
            XCTAssertEqual(local.analyze(path: path, bytes: Array(good.utf8)).diagnostics.map { "\($0.rule) \($0.message)" }, [], path)
            let (bad, range) = marked(make("-1"))
            let found = local.analyze(path: path, bytes: Array(bad.utf8)).diagnostics
            XCTAssertEqual(found.map(\.rule), [SnowplowRule.schemaIncompatible], path)
            let d = try XCTUnwrap(found.first)
            XCTAssertEqual(d.range, range, path)
            XCTAssertTrue(d.message.contains("rejects: {\"basketValue\": -"), d.message)
            XCTAssertTrue(d.message.contains("name: checkout_started, vendor: com.acme, version: 1-0-0"), d.message)
            // Related information points into the data-structure file, at the source's `minimum`.
            let related = try XCTUnwrap(d.related.first)
            XCTAssertEqual(related.location.path, Self.dataStructurePath)
            let text = Array(Self.dataStructure.utf8)
            XCTAssertEqual(String(decoding: text[related.location.range], as: UTF8.self), "minimum", path)
        }
    }

    /// A data structure redefining a cached key is what the analysis uses; the data-structure file says the two differ.
    func testAWorkspaceDataStructureShadowsTheCache() throws {
        let cached = try XCTUnwrap(SnowplowRulesTests.iglu.cache.entry(try XCTUnwrap(SchemaKey(Self.linkClick))))
        var schema = try XCTUnwrap(SnowplowRulesTests.iglu.source(cached).cached.value?.objectValue)
        var properties = try XCTUnwrap(schema["properties"]?.objectValue)
        properties["targetUrl"] = ["type": "string", "minLength": 1, "maxLength": 20]
        schema["properties"] = .object(properties)
        func dataStructure(_ data: JSONObject) -> String {
            JSONWriter().string(["apiVersion": "v1", "resourceType": "data-structure",
                                 "meta": ["hidden": false, "schemaType": "event", "customData": [:]], "data": .object(data)])
        }
        let path = "/w/data-structures/com.snowplowanalytics.snowplow/link_click.json"
        let differing = dataStructure(schema)
        let found = analyzer().analyze(path: path, bytes: Array(differing.utf8)).diagnostics
        // Edited in place, the published 1-0-1 no longer accepts every link 1-0-0 accepts (a long targetUrl).
        XCTAssertEqual(Set(found.map(\.rule)), [SnowplowRule.dataStructureShadowsCache, IgluRule.additionIncompatible])
        let hint = found.filter { $0.rule == SnowplowRule.dataStructureShadowsCache }
        XCTAssertEqual(hint.first?.severity, .hint)
        XCTAssertEqual(hint.first.map { String(decoding: Array(differing.utf8)[$0.range], as: UTF8.self) }, "\"1-0-1\"")
        XCTAssertEqual(hint.first?.related.first?.location.path, cached.path)
        // The same schema as the cache: nothing to say.
        let same = dataStructure(try XCTUnwrap(SnowplowRulesTests.iglu.source(cached).cached.value?.objectValue))
        XCTAssertEqual(analyzer().analyze(path: path, bytes: Array(same.utf8)).diagnostics.map(\.rule), [])

        let spec = scenario("""
        "event": {"source": "\(Self.linkClick)", "schema": {"type": "object", "properties": {«"targetUrl"»: {"type": "string", "minLength": 1}},
          "required": ["targetUrl"], "additionalProperties": false}}
        """)
        let (text, _) = marked(spec)
        XCTAssertEqual(diagnostics(text).map(\.rule), [], "compatible with the cached link_click 1-0-1")
        let shadowed = analyzer(knowing: [(path, differing)]).analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics
        XCTAssertEqual(shadowed.map(\.rule), [SnowplowRule.schemaIncompatible], "judged against the workspace's link_click 1-0-1")
        XCTAssertEqual(shadowed.first?.related.first?.location.path, path)
        XCTAssertTrue(shadowed.first?.message.contains("a string of 21 characters") == true, shadowed.first?.message ?? "")

        // A newer version in the workspace is "the latest" for the family: compatible with it, a hint to move.
        var newer = try XCTUnwrap(SnowplowRulesTests.iglu.source(cached).cached.value?.objectValue)
        newer["self"] = ["vendor": "com.snowplowanalytics.snowplow", "name": "link_click", "format": "jsonschema", "version": "1-0-9"]
        let knowing = analyzer(knowing: [(path, dataStructure(newer))])
        let outdated = knowing.analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics
        XCTAssertEqual(outdated.map(\.rule), [SnowplowRule.sourceOutdated])
        XCTAssertEqual(outdated.first?.fixes.first?.edits.first?.newText, "\"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-9\"")
    }

    /// Completion, hover, definition and links on Iglu URIs include the workspace's data structures.
    func testEditorFeaturesKnowWorkspaceDataStructures() throws {
        let local = analyzer(knowing: [(Self.dataStructurePath, Self.dataStructure)])
        let (text, _) = marked(checkoutScenario(minimum: "1"))
        let bytes = Array(text.utf8)
        let uriAt = try XCTUnwrap(text.range(of: Self.checkoutStarted)).lowerBound.utf16Offset(in: text) + 5

        let typing = text.replacingOccurrences(of: Self.checkoutStarted, with: "iglu:com.acme/")
        let at = try XCTUnwrap(typing.range(of: "iglu:com.acme/")).upperBound.utf16Offset(in: typing)
        let names = local.completions(path: "/w/s.json", bytes: Array(typing.utf8), offset: at).items.map(\.label)
        XCTAssertTrue(names.contains { $0.contains("checkout_started") }, "\(names)")
        XCTAssertFalse(analyzer().completions(path: "/w/s.json", bytes: Array(typing.utf8), offset: at).items.contains { $0.label.contains("checkout_started") })

        let hover = try XCTUnwrap(local.hover(path: "/w/s.json", bytes: bytes, offset: uriAt))
        XCTAssertTrue(hover.markdown.contains("A shopper starts the checkout"), hover.markdown)
        XCTAssertTrue(hover.markdown.contains("`1-0-0` (current, latest)"), hover.markdown)

        let target = try XCTUnwrap(local.definition(path: "/w/s.json", bytes: bytes, offset: uriAt).first)
        XCTAssertEqual(target.path, Self.dataStructurePath)
        let data = try XCTUnwrap(Self.dataStructure.range(of: "$schema")).lowerBound.utf16Offset(in: Self.dataStructure)
        XCTAssertEqual(target.range, data..<data, "the data structure's `data`")
        XCTAssertEqual(local.documentLinks(path: "/w/s.json", tree: SyntaxTree(parsing: bytes)).map(\.path), [Self.dataStructurePath])
    }
}
