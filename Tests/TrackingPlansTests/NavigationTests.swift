import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import TrackingPlans

/// Go to definition, hover on Iglu URIs, and the Snowplow quick fixes applied and re-analysed.
final class NavigationTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: SnowplowRulesTests.iglu)

    /// These tests complete and navigate against the real Iglu Central cache.
    override func setUpWithError() throws { _ = try SharedFixtures.path("fixtures/iglu-central") }
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

    func testFixesTheMessagesAlreadySuggest() {
        func fixed(_ text: String, _ rule: String) -> (String?, String?) {
            let d = analyzer.analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics.first { $0.rule == rule }
            guard let fix = d?.fixes.first else { return (nil, nil) }
            return (fix.title, String(decoding: apply(fix, to: Array(text.utf8)), as: UTF8.self))
        }
        XCTAssertEqual(fixed(#"{"a": [1, 2,], "b": 1}"#, "json/trailing-comma").1, #"{"a": [1, 2], "b": 1}"#)
        XCTAssertEqual(fixed("{\"a\": 1 /* why */}", "json/comment").0, "Remove the comment")
        XCTAssertEqual(fixed("{\"a\": 1 /* why */}", "json/comment").1, "{\"a\": 1 }")
        let scenario = #"{"name": "Tap", "statsu": "draft", "event": {"source": "\#(Self.linkClick)"}}"#
        XCTAssertEqual(fixed(scenario, SnowplowRule.unknownKey).0, "Rename to 'status'")
        XCTAssertEqual(fixed(scenario, SnowplowRule.unknownKey).1, scenario.replacingOccurrences(of: "statsu", with: "status"))
        // No rename that would duplicate a key the object has.
        let both = #"{"name": "Tap", "status": "draft", "statsu": "draft", "event": {"source": "\#(Self.linkClick)"}}"#
        XCTAssertNil(fixed(both, SnowplowRule.unknownKey).0)
    }

    func testRenameDuplicateScenario() {
        func file(_ id: String) -> String { #"{"id": "\#(id)", "name": "Link", "event": {"source": "\#(Self.linkClick)"}}"# }
        let a = analyzer.analyze(path: "/w/a.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10").utf8))
        let b = analyzer.analyze(path: "/w/b.json", bytes: Array(file("5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e11").utf8))
        // A third file already uses "Link 2" for the same data structure: no fix may propose it, and the two
        // places of the clash get different names (renaming both must not clash again).
        let c = analyzer.analyze(path: "/w/c.json", bytes: Array(#"{"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e12", "name": "Link 2", "event": {"source": "\#(Self.linkClick)"}}"#.utf8))
        let crossed = analyzer.crossFile([a, b, c])
        let clashA = crossed[0].diagnostics.first { $0.rule == SnowplowRule.nameDuplicate }
        let clash = crossed[1].diagnostics.first { $0.rule == SnowplowRule.nameDuplicate }
        XCTAssertEqual(clashA?.fixes.first?.title, "Rename to 'Link 3'")
        XCTAssertEqual(clash?.fixes.first?.title, "Rename to 'Link 4'")
        let renamed = analyzer.analyze(path: "/w/b.json", bytes: apply(clash?.fixes.first, to: b.tree.bytes))
        XCTAssertEqual(analyzer.crossFile([a, renamed, c]).flatMap(\.diagnostics), [])
        let renamedA = analyzer.analyze(path: "/w/a.json", bytes: apply(clashA?.fixes.first, to: a.tree.bytes))
        XCTAssertEqual(analyzer.crossFile([renamedA, renamed, c]).flatMap(\.diagnostics), [])
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

extension NavigationTests {
    static let changeForm = "iglu:com.snowplowanalytics.snowplow/change_form/jsonschema/1-0-0"

    func testEnumValuesComeFromTheSourceSchema() {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "\#(Self.changeForm)", "schema": {"properties": {"nodeName": {"enum": [‸"#)
        let items = analyzer.completions(path: "/w/s.json", bytes: bytes, offset: offset).items
        XCTAssertEqual(items.map(\.insertText), [#""INPUT""#, #""TEXTAREA""#, #""SELECT""#])
    }

    func testHoverOnSchemaPropertiesAndScenarioKeys() {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "\#(Self.changeForm)", "schema": {"properties": {"node‸Name": {"enum": ["INPUT"]}}}}}"#)
        let hover = analyzer.hover(path: "/w/s.json", bytes: bytes, offset: offset)?.markdown ?? ""
        XCTAssertTrue(hover.contains("**nodeName** in \(Self.changeForm)") && hover.contains(#""enum": ["INPUT", "TEXTAREA", "SELECT"]"#), hover)
        let (b2, o2) = at(#"{"name": "C", "sta‸tus": "draft", "event": {"source": "\#(Self.changeForm)"}}"#)
        XCTAssertEqual(analyzer.hover(path: "/w/s.json", bytes: b2, offset: o2)?.markdown.hasPrefix("**status**"), true)
    }

    /// The definition shown as it reads in its file, without the file's indentation on the lines after the first.
    func testSourceSnippetsKeepTheirRelativeIndentation() {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "\#(Self.linkClick)", "schema": {"properties": {"element‸Classes": {}}}}}"#)
        let hover = analyzer.hover(path: "/w/s.json", bytes: bytes, offset: offset)?.markdown ?? ""
        XCTAssertTrue(hover.contains("```json\n{\n\t\"type\": \"array\",\n\t\"items\": {\n\t\t\"type\": \"string\"\n\t}\n}\n```"), hover)
    }

    func testHoverOnSchemaKeywordsAndNestedScenarioKeys() {
        let source = #""source": "\#(Self.linkClick)""#
        let (bytes, offset) = at(#"{"name": "C", "event": {\#(source), "schema": {"properties": {"targetUrl": {"type": "string", "min‸Length": 5}}}}}"#)
        let hover = analyzer.hover(path: "/w/s.json", bytes: bytes, offset: offset)?.markdown ?? ""
        XCTAssertTrue(hover.hasPrefix("**minLength** (JSON Schema)") && hover.contains("A refinement may raise it."), hover)
        XCTAssertTrue(hover.contains("In \(Self.linkClick) here: `1`"), "the source's value at the same place: \(hover)")
        let (b2, o2) = at(#"{"name": "C", "event": {\#(source), "schema": {"max‸Properties": 3}}}"#)
        XCTAssertEqual(analyzer.hover(path: "/w/s.json", bytes: b2, offset: o2)?.markdown.hasPrefix("**maxProperties** (JSON Schema)"), true)
        let (b3, o3) = at(#"{"name": "C", "event": {"sou‸rce": "\#(Self.linkClick)"}}"#)
        XCTAssertTrue(analyzer.hover(path: "/w/s.json", bytes: b3, offset: o3)?.markdown.contains("Iglu URI") == true)
        let (b4, o4) = at(#"{"name": "C", "event": {\#(source)}, "entities": {"tracked": [{"source": "\#(Self.linkClick)", "minCard‸inality": 1}]}}"#)
        XCTAssertTrue(analyzer.hover(path: "/w/s.json", bytes: b4, offset: o4)?.markdown.hasPrefix("**minCardinality**") == true)
        // A data product's event specification has the scenario's keys one level deeper.
        let (b5, o5) = at(#"{"apiVersion": "v1", "resourceType": "data-product", "data": {"name": "P", "eventSpecifications": [{"name": "C", "sta‸tus": "draft", "event": {\#(source)}}]}}"#)
        XCTAssertEqual(analyzer.hover(path: "/w/p.data-product.json", bytes: b5, offset: o5)?.markdown.hasPrefix("**status**"), true)
    }

    func testRudderStackHoversOnRulesTypeAndCategory() {
        let plan = "/w/web.tracking-plan.json"
        let (b1, o1) = at(#"{"name": "Web", "events": [{"name": "A b", "eventType": "track", "ru‸les": {"type": "object"}}]}"#)
        XCTAssertTrue(analyzer.hover(path: plan, bytes: b1, offset: o1)?.markdown.hasPrefix("**rules**") == true)
        let (b2, o2) = at(#"{"name": "Web", "events": [{"name": "A b", "eventType": "track", "rules": {"ty‸pe": "object"}}]}"#)
        XCTAssertNil(analyzer.hover(path: plan, bytes: b2, offset: o2), "inside rules, keys are the schema's")
        let (b3, o3) = at(#"{"name": "Web", "events": [{"name": "A b", "eventType": "track", "properties": [{"name": "sku", "ty‸pe": "string"}]}]}"#)
        XCTAssertTrue(analyzer.hover(path: plan, bytes: b3, offset: o3)?.markdown.hasPrefix("**type**") == true)
        let catalog = analyzer.analyze(path: "/w/catalog.json", bytes: Array(#"{"categories": [{"id": "cat_checkout", "name": "Checkout"}]}"#.utf8)).facts
        let (b4, o4) = at(#"{"name": "Web", "events": [{"name": "A b", "eventType": "track", "categoryId": "cat_check‸out"}]}"#)
        XCTAssertEqual(analyzer.hover(path: plan, bytes: b4, offset: o4, workspace: [catalog])?.markdown,
                       "**categoryId** `cat_checkout`: the category **Checkout** (catalog.json)")
        XCTAssertTrue(analyzer.hover(path: plan, bytes: b4, offset: o4)?.markdown.contains("No category") == true)
        // In a catalog, its own categories count.
        let (b5, o5) = at(#"{"categories": [{"id": "cat_a", "name": "A"}], "events": [{"name": "X y", "eventType": "track", "categoryId": "ca‸t_a"}]}"#)
        XCTAssertEqual(analyzer.hover(path: "/w/catalog.json", bytes: b5, offset: o5)?.markdown, "**categoryId** `cat_a`: the category **A** (this file)")
    }

    func testHoverOnEventSourceSaysWhetherTheScenarioIsCompatible() {
        let (bytes, offset) = at(#"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_cl‸ick/jsonschema/1-0-0", "schema": {"type": "object", "properties": {"targetUrl": {"type": "string"}}, "required": ["targetUrl"]}}}"#)
        let hover = analyzer.hover(path: "/w/s.json", bytes: bytes, offset: offset)?.markdown ?? ""
        XCTAssertTrue(hover.contains("- 1-0-0 (current): **INCOMPATIBLE**"), hover)
        XCTAssertTrue(hover.contains("- 1-0-1 (latest): **INCOMPATIBLE**"), hover)
    }

    func testDocumentLinks() {
        let text = #"{"name": "C", "event": {"source": "\#(Self.changeForm)"}, "entities": {"tracked": [{"source": "iglu:com.acme/missing/jsonschema/1-0-0"}, {"source": "\#(Self.linkClick)"}]}}"#
        let links = analyzer.documentLinks(path: "/w/s.json", tree: SyntaxTree(parsing: text))
        XCTAssertEqual(links.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }, ["\"\(Self.changeForm)\"", "\"\(Self.linkClick)\""], "only URIs the cache holds")
        XCTAssertTrue(links[0].path.hasSuffix("change_form/jsonschema/1-0-0"))
    }

    func testRequireWhatTheSourceRequires() {
        let cases: [(String, String, String, String)] = [
            (Self.linkClick, #"{"type": "object", "properties": {"targetUrl": {"type": "string", "minLength": 1}}}"#,
             "Require 'targetUrl' as link_click does", #""schema": {"required": ["targetUrl"], "type""#),
            (Self.changeForm, #"{"type": "object", "required": ["formId"]}"#,
             "Require 'elementId', 'nodeName', 'value' as change_form does", #""required": ["formId", "elementId", "nodeName", "value"]"#),
            (Self.changeForm, #"{"type": "object"}"#, "Require 'formId', 'elementId', 'nodeName', 'value' as change_form does", #""schema": {"required": ["formId", "elementId", "nodeName", "value"], "type": "object"}"#),
        ]
        for (source, schema, title, expected) in cases {
            let text = #"{"name": "C", "event": {"source": "\#(source)", "schema": \#(schema)}}"#
            // One diagnostic per incompatibility: the fix is on the one about `required`.
            let error = analyzer.analyze(path: "/w/s.json", bytes: Array(text.utf8)).diagnostics.first {
                $0.rule == SnowplowRule.schemaIncompatible && $0.message.contains("is required by")
            }
            let fix = error?.fixes.first { $0.title.hasPrefix("Require") }
            XCTAssertEqual(fix?.title, title, error?.message ?? "no error")
            let fixed = apply(fix, to: Array(text.utf8))
            XCTAssertTrue(String(decoding: fixed, as: UTF8.self).contains(expected), String(decoding: fixed, as: UTF8.self))
            // What the fix addressed is gone (other differences of a loose schema may remain).
            let after = analyzer.analyze(path: "/w/s.json", bytes: fixed).diagnostics
            XCTAssertFalse(after.contains { $0.message.contains("is required by") }, "\(after.map(\.message))")
            XCTAssertFalse(after.contains { $0.rule.hasPrefix("json/") || $0.rule == SnowplowRule.schemaInvalid })
        }
    }

    /// Every quick fix the broken examples offer, applied one at a time: the file still parses as well as
    /// before, the fixed diagnostic is gone, and no diagnostic appears that was not there.
    func testEveryQuickFixOfTheExamples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
        let (config, _, _) = try Configuration.load(from: root.path)
        let examples = Analyzer(configuration: config)
        var applied = 0
        var appliedInYAML = 0
        // The YAML twins too: their fixes are written for YAML (`YAMLEdits`).
        for family in ["snowplow", "rudderstack", "yaml"] {
            // The rudder-cli projects (folders of YAML files) too.
            let folder = root.appendingPathComponent(family).path
            let names = try FileManager.default.subpathsOfDirectory(atPath: folder).sorted().filter { !$0.hasSuffix(Configuration.fileName) }
            for name in names {
                let path = folder + "/" + name
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                let before = examples.analyze(path: path, bytes: bytes).diagnostics
                for d in before {
                    for fix in d.fixes {
                        let after = examples.analyze(path: path, bytes: apply(fix, to: bytes)).diagnostics
                        let key = { (x: Diagnostic) in "\(x.rule) \(x.message)" }
                        XCTAssertFalse(after.contains { key($0) == key(d) }, "\(name): '\(fix.title)' left \(d.message)")
                        let old = Set(before.map(key)), new = Set(after.map(key))
                        XCTAssertTrue(new.subtracting(old).isEmpty, "\(name): '\(fix.title)' added \(new.subtracting(old))")
                        applied += 1
                        if family == "yaml" { appliedInYAML += 1 }
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(applied, 13)
        XCTAssertGreaterThanOrEqual(appliedInYAML, 5)
    }
}
