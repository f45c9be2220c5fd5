import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import TrackingPlans

/// Completion contexts, each written with the cursor marked `‸`, against the Iglu Central fixture.
final class CompletionTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: SnowplowRulesTests.iglu)

    /// These tests complete and navigate against the real Iglu Central cache.
    override func setUpWithError() throws { _ = try SharedFixtures.path("fixtures/iglu-central") }

    func complete(_ marked: String, path: String = "/w/file.json", workspace: [FileFacts] = []) -> (CompletionList, String, Int) {
        let cursor = marked.range(of: "‸")!
        let offset = marked[..<cursor.lowerBound].utf8.count
        let text = marked.replacingOccurrences(of: "‸", with: "")
        return (analyzer.completions(path: path, bytes: Array(text.utf8), offset: offset, workspace: workspace), text, offset)
    }

    func labels(_ marked: String, path: String = "/w/file.json", workspace: [FileFacts] = []) -> [String] {
        complete(marked, path: path, workspace: workspace).0.items.map(\.label)
    }

    func testScenarioKeysLeaveOutExistingOnes() {
        let found = labels(#"{"name": "Click", "event": {"source": "iglu:a/b/jsonschema/1-0-0"}, "‸"#)
        XCTAssertTrue(found.contains("status") && found.contains("entities") && found.contains("version"), "\(found)")
        XCTAssertFalse(found.contains("name") || found.contains("event"))
        let (list, text, _) = complete(#"{"name": "Click", "event": {"source": "iglu:a/b/jsonschema/1-0-0"}, "st‸"#)
        let status = list.items.first { $0.label == "status" }!
        XCTAssertEqual(status.insertText, #"status": "#, "the rest of the key, its closing quote and a colon (plain text, no snippet)")
        XCTAssertEqual(String(decoding: Array(text.utf8)[status.range], as: UTF8.self), "st")
    }

    /// How each client applies an item (see `CompletionItem`): the result must be the same text.
    enum Client: CaseIterable {
        /// Applies the text edit and the additional edits (VS Code).
        case lsp
        /// Neovim 0.7's omnifunc: `insertText` from the edit's start to the cursor, if it starts with what is
        /// typed there; additional edits ignored.
        case neovim
        /// Eglot 1.9: the symbol before the cursor must begin `insertText`; then the edits are applied.
        case eglot
        /// Eglot 1.9 through editors/emacs/trackspec.el (`completionInsertTextOnly`, symbols delimited as the server
        /// delimits them): the symbol at point is replaced by `insertText`, and nothing else is applied.
        case eglotInsertTextOnly
    }

    func applied(_ item: CompletionItem, to text: String, cursor: Int, by client: Client) -> String? {
        var bytes = Array(text.utf8)
        let typed = { (from: Int) in String(decoding: bytes[from..<cursor], as: UTF8.self) }
        // Every client keeps the items whose text continues what is typed in the edit's range.
        guard item.insertText.hasPrefix(typed(item.range.lowerBound)) else { return nil }
        switch client {
        case .neovim:
            bytes.replaceSubrange(item.range.lowerBound..<cursor, with: Array(item.insertText.utf8))
            return String(decoding: bytes, as: UTF8.self)
        case .eglot, .lsp, .eglotInsertTextOnly:
            if client != .lsp {
                var start = cursor
                // js-mode's symbol characters: letters, digits, `_`, `$`, and every non-ASCII character.
                while start > 0, bytes[start - 1] >= 0x80 || Character(Unicode.Scalar(bytes[start - 1])).isLetter
                        || Character(Unicode.Scalar(bytes[start - 1])).isNumber || bytes[start - 1] == 0x5F || bytes[start - 1] == 0x24 { start -= 1 }
                guard item.insertText.hasPrefix(typed(start)) else { return nil }
                if client == .eglotInsertTextOnly {
                    var end = cursor
                    while end < bytes.count, bytes[end] >= 0x80 || Character(Unicode.Scalar(bytes[end])).isLetter
                            || Character(Unicode.Scalar(bytes[end])).isNumber || bytes[end] == 0x5F || bytes[end] == 0x24 { end += 1 }
                    // Additional edits after the symbol arrive moved by what the replacement adds (the server
                    // moves them for these clients: `editAfterSymbolReplacement`), and are applied after it.
                    let delta = item.insertText.utf8.count - (end - start)
                    bytes.replaceSubrange(start..<end, with: Array(item.insertText.utf8))
                    for edit in item.additionalEdits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                        let shift = edit.range.lowerBound >= end ? delta : 0
                        bytes.replaceSubrange((edit.range.lowerBound + shift)..<(edit.range.upperBound + shift), with: Array(edit.newText.utf8))
                    }
                    return String(decoding: bytes, as: UTF8.self)
                }
            }
            for edit in ([TextEdit(range: item.range, newText: item.insertText)] + item.additionalEdits).sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The cases users hit in Neovim and Emacs, each applied the way every client applies it.
    func testEveryClientInsertsValidText() {
        let event = #""name": "Click", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"}"#
        let cases: [(String, String, [Client: String])] = [
            ("empty string value", "{\(event), \"status\": \"‸\"}", [:]),
            ("prefix inside a string", "{\(event), \"status\": \"dr‸\"}", [:]),
            ("value string left open", "{\(event), \"status\": \"dr‸\n}", [:]),
            ("Iglu vendor after iglu:", #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snow‸"}}"#, [:]),
            ("Iglu name segment", #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link‸"}}"#, [:]),
            ("Iglu version", #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-‸"}}"#, [:]),
            ("key after an opening quote", "{\(event),\n  \"st‸\n}", [:]),
            ("key in a closed string", "{\(event),\n  \"st‸\"\n}", [.neovim: "{\(event),\n  \"status\"\n}"]),
            ("key with no quote typed", "{\(event),\n  ‸\n}", [:]),
        ]
        let expected = [
            "{\(event), \"status\": \"draft\"}",
            "{\(event), \"status\": \"draft\"}",
            "{\(event), \"status\": \"draft\"\n}",
            #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/"}}"#,
            #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/"}}"#,
            #"{"name": "C", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"}}"#,
            "{\(event),\n  \"status\": \n}",
            "{\(event),\n  \"status\": \n}",
            "{\(event),\n  \"id\": \n}",
        ]
        for ((name, marked, exceptions), want) in zip(cases, expected) {
            let (list, text, cursor) = complete(marked)
            XCTAssertFalse(list.items.isEmpty, name)
            for client in Client.allCases {
                // The first item (by sortText) the client keeps after filtering, accepted.
                let first = list.items.sorted { $0.sortText < $1.sortText }.lazy.compactMap { self.applied($0, to: text, cursor: cursor, by: client) }.first
                XCTAssertEqual(first, exceptions[client] ?? want, "\(name), \(client)")
            }
        }
    }

    func testReadOnlyFieldsAreNotOffered() {
        let planKeys = labels(#"{"name": "Plan", "events": [{"name": "Order Completed", "eventType": "track", "‸"}]}"#, path: "/w/p.tracking-plan.json")
        XCTAssertTrue(planKeys.contains("categoryId") && planKeys.contains("properties"), "\(planKeys)")
        for readOnly in ["workspaceId", "createdAt", "updatedAt", "createdBy", "updatedBy"] { XCTAssertFalse(planKeys.contains(readOnly), readOnly) }
        let top = labels(#"{"name": "Plan", "‸"}"#, path: "/w/p.tracking-plan.json")
        XCTAssertTrue(top.contains("events") && !top.contains("workspaceId"), "\(top)")
    }

    func testStatusValues() {
        let (list, text, _) = complete(#"{"name": "Click", "event": {"source": "iglu:a/b/jsonschema/1-0-0"}, "status": "dr‸"}"#)
        XCTAssertEqual(list.items.map(\.label), ["draft", "published", "deprecated"])
        XCTAssertEqual(list.items[0].insertText, "draft")
        XCTAssertEqual(String(decoding: Array(text.utf8)[list.items[0].range], as: UTF8.self), "dr", "the content from the word typed, quotes left alone")
        let bare = complete(#"{"name": "Click", "event": {"source": "iglu:a/b/jsonschema/1-0-0"}, "status": dr‸}"#).0
        XCTAssertEqual(bare.items.first?.insertText, #""draft""#, "outside a string: a whole token")
    }

    func testIgluURIsSegmentBySegment() {
        let vendors = complete(#"{"name": "Click", "event": {"source": "iglu:com.snow‸"}}"#).0
        XCTAssertTrue(vendors.isIncomplete)
        XCTAssertTrue(vendors.items.map(\.label).contains("iglu:com.snowplowanalytics.snowplow/"))
        let names = labels(#"{"name": "Click", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link‸"}}"#)
        XCTAssertTrue(names.contains("iglu:com.snowplowanalytics.snowplow/link_click/"), "\(names.prefix(5))")
        XCTAssertTrue(names.allSatisfy { $0.hasPrefix("iglu:com.snowplowanalytics.snowplow/") })
        XCTAssertEqual(labels(#"{"name": "Click", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/‸"}}"#),
                       ["iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/"])
        let versions = complete(#"{"name": "Click", "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/‸"}}"#).0
        XCTAssertEqual(versions.items.map(\.label), ["iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1",
                                                     "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0"], "newest first")
        XCTAssertEqual(versions.items[0].detail, "latest cached version")
        XCTAssertNotNil(versions.items[0].documentation)
        // Entities take Iglu URIs too.
        XCTAssertFalse(labels(#"{"name": "C", "entities": {"tracked": [{"source": "iglu:‸"}]}}"#).isEmpty)
    }

    func testEventSchemaOffersTheSourcePropertiesAndKeywords() {
        let source = #""source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1""#
        let props = labels(#"{"name": "Click", "event": {\#(source), "schema": {"properties": {"‸"#)
        XCTAssertEqual(Set(props), ["elementId", "elementClasses", "elementTarget", "targetUrl", "elementContent"])
        XCTAssertEqual(Array(labels(#"{"name": "Click", "event": {\#(source), "schema": {"‸"#).prefix(3)), ["type", "properties", "required"])
        XCTAssertEqual(labels(#"{"name": "Click", "event": {\#(source), "schema": {"type": "‸"#).first, "object")
        XCTAssertTrue(labels(#"{"name": "Click", "event": {\#(source), "schema": {"properties": {"targetUrl": {"format": ‸"#).contains("uri"))
        XCTAssertTrue(labels(#"{"name": "Click", "event": {\#(source), "schema": {"required": [‸"#).contains("targetUrl"))
    }

    func testRudderStackPlanContexts() {
        XCTAssertEqual(labels(#"{"name": "Web", "events": [{"name": "Order Completed", "eventType": "‸"}]}"#), RudderStackRule.eventTypes)
        XCTAssertEqual(labels(#"{"name": "Web", "events": [{"name": "", "eventType": "identify", "identitySection": ‸}]}"#), RudderStackRule.identitySections)
        let stringKeywords = labels(#"{"name": "Web", "events": [{"name": "A b c", "eventType": "track", "properties": [{"name": "sku", "type": "string", "propConfig": {"‸"}}]}]}"#)
        XCTAssertEqual(stringKeywords, ["minLength", "maxLength", "pattern", "format", "enum"])
        let numberKeywords = labels(#"{"name": "Web", "events": [{"name": "A b c", "eventType": "track", "properties": [{"name": "n", "type": ["integer", "null"], "propConfig": {‸}}]}]}"#)
        XCTAssertEqual(numberKeywords, ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "enum"])
        XCTAssertEqual(labels(#"{"name": "Web", "events": [{"name": "A b c", "eventType": "track", "properties": [{"name": "n", "type": ["integer", ‸]}]}]}"#), RudderStackRule.propertyTypes)
        let propertyKeys = labels(#"{"name": "Web", "events": [{"name": "A b c", "eventType": "track", "properties": [{"name": "n", "properties": [{‸}]}]}]}"#)
        XCTAssertTrue(propertyKeys.contains("propConfig"), "nested properties: \(propertyKeys)")
        // Ids from the workspace's catalog files.
        let catalog = analyzer.analyze(path: "/w/catalog.json", bytes: Array(#"{"categories": [{"id": "cat_checkout", "name": "Checkout"}]}"#.utf8)).facts
        XCTAssertEqual(labels(#"{"name": "Web", "events": [{"name": "A b c", "eventType": "track", "categoryId": "‸"}]}"#, workspace: [catalog]), ["cat_checkout"])
    }

    func testConnectionContexts() {
        XCTAssertEqual(labels(#"{"config": {"track": {"allowUnplannedEvents": "true"}, "‸"#, path: "/w/web.connection.json"),
                       ["identify", "group", "page", "screen", "global"])
        XCTAssertEqual(labels(#"{"config": {"identify": {"‸"}}}"#), ["unplannedProperties", "anyOtherViolation", "propagateValidationErrors"],
                       "allowUnplannedEvents only under track and global")
        XCTAssertEqual(labels(#"{"config": {"global": {"‸"}}}"#).first, "allowUnplannedEvents")
        XCTAssertEqual(labels(#"{"config": {"track": {"unplannedProperties": ‸}}}"#), ["forward", "drop"])
        let items = complete(#"{"config": {"track": {"propagateValidationErrors": t‸}}}"#).0.items
        XCTAssertEqual(items.map(\.insertText), [#""true""#, #""false""#], "strings, never JSON booleans")
        XCTAssertNotNil(complete(#"{"config": {"‸"}}"#).0.items.first { $0.label == "track" }?.documentation)
    }

    func testUnfinishedFilesFallBackToTheirName() {
        XCTAssertTrue(labels(#"{"‸"#, path: "/w/checkout.scenario.json").contains("event"))
        XCTAssertTrue(labels(#"{"‸"#, path: "/w/web.tracking-plan.json").contains("events"))
        XCTAssertEqual(labels(#"{"‸"#, path: "/w/notes.json"), [])
        XCTAssertTrue(labels("ev‸", path: "/w/checkout.scenario.yaml").contains("event"), "YAML names too")
    }

    /// Every prefix of every example file, cursor at its end: no crash, every item's range inside the text
    /// and touching the cursor (what LSP requires of a text edit).
    func testEveryPrefixOfTheExamples() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples")
        var checked = 0, offered = 0
        for family in ["snowplow", "rudderstack"] {
            let folder = root.appendingPathComponent(family)
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
                let bytes = try [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))
                for length in 0...bytes.count {
                    let list = analyzer.completions(path: "/w/\(name)", bytes: Array(bytes[..<length]), offset: length)
                    for item in list.items {
                        // The cursor is at the end of the text: a range containing it ends there.
                        XCTAssertTrue(item.range.lowerBound <= length && item.range.upperBound == length, "\(name)[..<\(length)] \(item.label) \(item.range)")
                    }
                    offered += list.items.isEmpty ? 0 : 1
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 6_000)
        XCTAssertGreaterThan(offered, checked / 10, "completions offered at \(offered) of \(checked) prefixes")
    }
}

/// Completion in YAML files: the same vocabulary, written as YAML (plain keys and values where they read
/// back the same), and the block structure found from indentation where no bracket says it.
extension CompletionTests {
    func yaml(_ marked: String) -> (CompletionList, String, Int) {
        complete(marked, path: "/w/tap.scenario.yaml")
    }

    func testYAMLKeysAndValues() {
        let source = "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"
        // A new key on a line of its own, at the top level's indentation.
        let (keys, text, cursor) = yaml("name: Tap\nevent:\n  source: \(source)\nst‸\n")
        let status = keys.items.first { $0.label == "status" }
        XCTAssertEqual(status?.insertText, "status: ", "a plain key and its colon")
        XCTAssertEqual(applied(status!, to: text, cursor: cursor, by: .neovim), "name: Tap\nevent:\n  source: \(source)\nstatus: \n")
        XCTAssertFalse(keys.items.contains { $0.label == "name" || $0.label == "event" }, "keys already there are left out")
        // Under `event:`, indented: the event's keys.
        XCTAssertEqual(Set(yaml("name: Tap\nevent:\n  ‸\n").0.items.map(\.label)), ["source", "schema", "comment"])
        XCTAssertEqual(Set(yaml("name: Tap\nevent:\n  source: \(source)\n  ‸\n").0.items.map(\.label)), ["schema", "comment"])
        // A value after `key: `, and a prefix typed there.
        let (values, vText, vCursor) = yaml("name: Tap\nevent:\n  source: \(source)\nstatus: ‸\n")
        XCTAssertEqual(values.items.map(\.label), ["draft", "published", "deprecated"])
        XCTAssertEqual(applied(values.items[0], to: vText, cursor: vCursor, by: .eglot), "name: Tap\nevent:\n  source: \(source)\nstatus: draft\n")
        let (typed, tText, tCursor) = yaml("name: Tap\nevent:\n  source: \(source)\nstatus: pub‸\n")
        let published = typed.items.first { $0.label == "published" }!
        XCTAssertEqual(applied(published, to: tText, cursor: tCursor, by: .neovim), "name: Tap\nevent:\n  source: \(source)\nstatus: published\n")
        // Iglu URIs by segment inside a plain scalar.
        let (uris, uText, uCursor) = yaml("name: Tap\nevent:\n  source: iglu:com.snowplowanalytics.snowplow/link_cl‸\n")
        let linkClick = uris.items.first { $0.label.hasSuffix("/link_click/") }!
        XCTAssertEqual(applied(linkClick, to: uText, cursor: uCursor, by: .neovim),
                       "name: Tap\nevent:\n  source: iglu:com.snowplowanalytics.snowplow/link_click/\n")
    }

    func testYAMLValuesThatAreNotPlainAreQuoted() {
        let items = complete("config:\n  track:\n    propagateValidationErrors: ‸\n", path: "/w/web.connection.yaml").0.items
        XCTAssertEqual(items.map(\.insertText), [#""true""#, #""false""#], "strings, never YAML booleans")
    }
}

/// The YAML places completion used to offer nothing at (or the wrong thing), each completed as Neovim 0.7 and
/// Eglot apply an item: the resulting text.
extension CompletionTests {
    func item(_ marked: String, path: String, label: String, file: StaticString = #filePath, line: UInt = #line) -> (CompletionItem, String, Int)? {
        let (list, text, cursor) = complete(marked, path: path)
        guard let found = list.items.first(where: { $0.label == label }) else {
            XCTFail("no '\(label)' among \(list.items.map(\.label))", file: file, line: line)
            return nil
        }
        return (found, text, cursor)
    }

    func testYAMLDataProductKeysAndEventSpecificationItems() throws {
        let head = "apiVersion: v1\nresourceType: data-product\nresourceName: 1d9c7a0e-0000-4000-8000-000000000001\ndata:\n"
        let (owner, t1, c1) = try XCTUnwrap(item(head + "  ‸\n", path: "/w/dp.yaml", label: "owner"))
        XCTAssertEqual(applied(owner, to: t1, cursor: c1, by: .neovim), head + "  owner: \n")
        XCTAssertEqual(Set(labels(head + "  ‸\n", path: "/w/dp.yaml")), ["name", "domain", "description", "owner", "sourceApplications", "eventSpecifications"])
        // The first key of an event specification, after `- `.
        let specs = head + "  name: Checkout\n  eventSpecifications:\n    - ‸\n"
        let (event, t2, c2) = try XCTUnwrap(item(specs, path: "/w/dp.yaml", label: "name"))
        XCTAssertEqual(applied(event, to: t2, cursor: c2, by: .eglot), head + "  name: Checkout\n  eventSpecifications:\n    - name: \n")
    }

    func testYAMLSchemaPropertiesAndRequiredLists() throws {
        let head = "name: Tap\nevent:\n  source: iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1\n  schema:\n    type: object\n"
        // The first property under an empty `properties:`: the source's.
        let (url, t1, c1) = try XCTUnwrap(item(head + "    properties:\n      ‸\n", path: "/w/tap.scenario.yaml", label: "targetUrl"))
        XCTAssertEqual(applied(url, to: t1, cursor: c1, by: .neovim), head + "    properties:\n      targetUrl: \n")
        // An item of a block `required:` list, and of a flow one still open: property names, not keywords.
        let (block, t2, c2) = try XCTUnwrap(item(head + "    required:\n      - ‸\n", path: "/w/tap.scenario.yaml", label: "targetUrl"))
        XCTAssertEqual(applied(block, to: t2, cursor: c2, by: .neovim), head + "    required:\n      - targetUrl\n")
        let flow = labels(head + "    required: [‸\n", path: "/w/tap.scenario.yaml")
        XCTAssertTrue(flow.contains("targetUrl") && !flow.contains("additionalProperties"), "\(flow)")
        let (typed, t3, c3) = try XCTUnwrap(item(head + "    required: [elementId, tar‸\n", path: "/w/tap.scenario.yaml", label: "targetUrl"))
        XCTAssertEqual(applied(typed, to: t3, cursor: c3, by: .eglot), head + "    required: [elementId, targetUrl\n")
    }

    func testYAMLIgluURISegmentsContinueWhatIsTyped() throws {
        // Eglot replaces the symbol at point (`acme`) with the item's text: the item must not start again at
        // `iglu:` (it used to leave `iglu:com.iglu:com.acme/…`). Every client gets the same text.
        let head = "name: Tap\nevent:\n  source: "
        for (typed, label, expected) in [
            ("iglu:com.snowplowanalytics.snowplow/‸", "iglu:com.snowplowanalytics.snowplow/link_click/", "iglu:com.snowplowanalytics.snowplow/link_click/"),
            ("iglu:com.snowplowanalytics.sno‸", "iglu:com.snowplowanalytics.snowplow/", "iglu:com.snowplowanalytics.snowplow/"),
            ("iglu:‸", "iglu:com.snowplowanalytics.snowplow/", "iglu:com.snowplowanalytics.snowplow/"),
        ] {
            let (found, text, cursor) = try XCTUnwrap(item(head + typed + "\n", path: "/w/tap.scenario.yaml", label: label))
            for client in Client.allCases {
                XCTAssertEqual(applied(found, to: text, cursor: cursor, by: client), head + expected + "\n", "\(typed) by \(client)")
            }
        }
    }

    func testYAMLIgluURIAfterTheSchemeColon() throws {
        // `source: iglu:` is a nested key to YAML until more is typed; it is still the source being written.
        let (vendor, text, cursor) = try XCTUnwrap(item("name: Tap\nevent:\n  source: iglu:‸\n", path: "/w/tap.scenario.yaml", label: "iglu:com.snowplowanalytics.snowplow/"))
        XCTAssertEqual(applied(vendor, to: text, cursor: cursor, by: .neovim), "name: Tap\nevent:\n  source: iglu:com.snowplowanalytics.snowplow/\n")
    }

    func testRudderCLIPropertyConfigKeywordsForItsType() throws {
        // #37: inside a property's `config:` (v1, snake_case as rudder-cli reads it) or `propConfig:` (rudder/v0.1),
        // the advanced keywords of the property's type; a custom type's `config:` likewise.
        let v1 = "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n    - id: product_id\n"
            + "      name: product_id\n      type: string\n      config:\n        ‸\n"
        XCTAssertEqual(Set(labels(v1, path: "/w/properties.yaml")), ["min_length", "max_length", "pattern", "format", "enum"])
        let (minLength, text, cursor) = try XCTUnwrap(item(v1, path: "/w/properties.yaml", label: "min_length"))
        XCTAssertEqual(applied(minLength, to: text, cursor: cursor, by: .neovim), v1.replacingOccurrences(of: "‸", with: "min_length: "))
        let number = v1.replacingOccurrences(of: "type: string", with: "type: number")
        XCTAssertEqual(Set(labels(number, path: "/w/properties.yaml")), ["minimum", "maximum", "exclusive_minimum", "exclusive_maximum", "multiple_of", "enum"])
        let legacy = v1.replacingOccurrences(of: "rudder/v1", with: "rudder/v0.1").replacingOccurrences(of: "config:", with: "propConfig:")
        XCTAssertEqual(Set(labels(legacy, path: "/w/properties.yaml")), ["minLength", "maxLength", "pattern", "format", "enum"])
        let format = v1.replacingOccurrences(of: "‸", with: "format: ‸")
        XCTAssertTrue(labels(format, path: "/w/properties.yaml").contains("email"), "\(labels(format, path: "/w/properties.yaml"))")
        let type = "version: rudder/v1\nkind: custom-types\nmetadata:\n  name: types\nspec:\n  types:\n    - id: amount\n      name: Amount\n"
            + "      type: number\n      config:\n        ‸\n"
        XCTAssertTrue(labels(type, path: "/w/types.yaml").contains("multiple_of"), "\(labels(type, path: "/w/types.yaml"))")
    }

    func testRudderCLIKindsOfTheFilesVersion() {
        let v1 = labels("version: rudder/v1\nkind: ‸\n", path: "/w/x.yaml")
        XCTAssertTrue(v1.contains("tracking-plan") && !v1.contains("tp"), "\(v1)")
        let legacy = labels("version: rudder/v0.1\nkind: ‸\n", path: "/w/x.yaml")
        XCTAssertTrue(legacy.contains("tp") && !legacy.contains("tracking-plan"), "\(legacy)")
    }

    func testJSONBooleansAndTheAPIsOtherKeys() throws {
        let source = "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"
        let marked = #"{"name": "C", "event": {"source": "\#(source)", "schema": {"additionalProperties": ‸}}}"#
        XCTAssertEqual(labels(marked, path: "/w/s.json"), ["false", "true"])
        let (no, text, cursor) = try XCTUnwrap(item(marked, path: "/w/s.json", label: "false"))
        XCTAssertEqual(applied(no, to: text, cursor: cursor, by: .lsp), #"{"name": "C", "event": {"source": "\#(source)", "schema": {"additionalProperties": false}}}"#)
        XCTAssertTrue(labels(#"{"name": "C", "event": {"source": "\#(source)", "‸"}}"#, path: "/w/s.json").contains("comment"))
        let entity = #"{"name": "C", "entities": {"tracked": [{"source": "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", "‸"}]}}"#
        XCTAssertTrue(Set(labels(entity, path: "/w/s.json")).isSuperset(of: ["schema", "comment"]))
    }
}
