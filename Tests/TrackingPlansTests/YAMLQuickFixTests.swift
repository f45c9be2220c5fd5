import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Quick fixes in YAML files leave YAML as a person writes it: each fix applied to its file, the whole resulting
/// text compared (quoting, indentation, block and flow style kept), and the result parsed again without a
/// syntax error.
final class YAMLQuickFixTests: XCTestCase {
    func fixes(_ text: String, path: String, rule: String) -> [Fix] {
        let analysis = Analyzer(configuration: Configuration(root: "/tmp")).analyze(path: path, bytes: Array(text.utf8))
        return analysis.diagnostics.filter { $0.rule == rule }.flatMap(\.fixes)
    }

    func applying(_ fix: Fix, to text: String) -> String {
        var bytes = Array(text.utf8)
        for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text each fix of `rule` leaves, by title; every result parses as YAML without errors.
    func results(_ text: String, path: String, rule: String, file: StaticString = #filePath, line: UInt = #line) -> [String: String] {
        var out: [String: String] = [:]
        for fix in fixes(text, path: path, rule: rule) {
            let fixed = applying(fix, to: text)
            let reparsed = DocumentParsing.parse(path: path, bytes: Array(fixed.utf8))
            XCTAssertEqual(reparsed.diagnostics.filter { $0.severity == .error }.map(\.message), [], "\(fix.title):\n\(fixed)", file: file, line: line)
            out[fix.title] = fixed
        }
        return out
    }

    static let scenario = "/tmp/fix.scenario.yaml"

    func scenario(status: String, extra: String = "") -> String {
        """
        id: 9d0a4d84-6c3b-4b8f-a2f5-0d6f6d1b2c3a
        version: 0
        status: \(status)
        name: Checkout step viewed\(extra)
        event:
          source: iglu:com.acme/checkout/jsonschema/1-0-0

        """
    }

    func testAReplacedValueKeepsItsQuoting() {
        for (written, fixed) in [("publishd", "published"), ("'publishd'", "'published'"), ("\"publishd\"", "\"published\"")] {
            let text = scenario(status: written)
            let found = results(text, path: Self.scenario, rule: SnowplowRule.statusInvalid)
            XCTAssertEqual(Array(found.values), [scenario(status: fixed)], written)
        }
    }

    func testARenamedKeyIsPlainAndItsValueUntouched() {
        let text = scenario(status: "draft", extra: "\ndescripton: Identifier of the order")
        let found = results(text, path: Self.scenario, rule: SnowplowRule.unknownKey)
        XCTAssertEqual(Array(found.values), [scenario(status: "draft", extra: "\ndescription: Identifier of the order")])
    }

    func testPlainOnlyWhereItReadsTheSame() {
        let plain = { (value: String) in YAMLEdits.scalar(value, replacing: nil, in: SyntaxTree(parsing: "")) == value }
        for value in ["published", "Order Completed", "mobile-team@acme.example", "iglu:com.acme/x/jsonschema/1-0-0", "a-b_c"] {
            XCTAssertTrue(plain(value), value)
        }
        for value in ["", "true", "No", "null", "~", "12", "1.5", ".5", "+1", "0x1F", "- item", "key: value", "a #b", "{x}", "[x]", "'q'",
                      "\"q\"", "*alias", "&anchor", "!tag", "|", ">", "%x", "@x", "`x", " lead", "trail ", "ends:", "tab\there", "line\nbreak",
                      ".inf", "-.inf", ".NaN"] {
            XCTAssertFalse(plain(value), value)
        }
        // What is not plain-safe reads back as the string itself, double-quoted.
        for value in ["true", "12", "key: value", "line\nbreak", "\"q\""] {
            let text = "x: " + YAMLEdits.scalar(value, replacing: nil, in: SyntaxTree(parsing: "")) + "\n"
            let tree = DocumentParsing.parse(path: "/tmp/a.yaml", bytes: Array(text.utf8))
            XCTAssertEqual(tree.rootValue?["x"], .string(value), text)
        }
    }

    static let dataStructure = "/tmp/data-structures/checkout.yaml"

    func dataStructure(properties: String, required: String) -> String {
        """
        apiVersion: v1
        resourceType: data-structure
        meta:
          hidden: false
          schemaType: event
          customData: {}
        data:
          $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#
          self:
            vendor: com.acme
            name: checkout
            format: jsonschema
            version: 1-0-0
          type: object
          properties:\(properties)
          additionalProperties: false
          required:\(required)

        """
    }

    func testARequiredNameMissingFromPropertiesInBlockStyle() {
        let properties = "\n    step:\n      type: integer\n      minimum: 1"
        let text = dataStructure(properties: properties, required: "\n    - step\n    - total")
        let found = results(text, path: Self.dataStructure, rule: IgluRule.requiredMissing)
        XCTAssertEqual(found["Add 'total' to properties"], dataStructure(properties: properties + "\n    total: {}", required: "\n    - step\n    - total"))
        XCTAssertEqual(found["Do not require 'total'"], dataStructure(properties: properties, required: "\n    - step"))
        // The first item of the list, and a list written in flow style.
        let first = dataStructure(properties: properties, required: "\n    - total\n    - step")
        XCTAssertEqual(results(first, path: Self.dataStructure, rule: IgluRule.requiredMissing)["Do not require 'total'"],
                       dataStructure(properties: properties, required: "\n    - step"))
        let flow = dataStructure(properties: " {step: {type: integer}}", required: " [step, total]")
        let flowFound = results(flow, path: Self.dataStructure, rule: IgluRule.requiredMissing)
        XCTAssertEqual(flowFound["Add 'total' to properties"], dataStructure(properties: " {step: {type: integer}, total: {}}", required: " [step, total]"))
        XCTAssertEqual(flowFound["Do not require 'total'"], dataStructure(properties: " {step: {type: integer}}", required: " [step]"))
    }

    func testAWrongMetaSchemaIsReplacedPlain() {
        let text = dataStructure(properties: " {step: {type: integer}}", required: " [step]")
        let wrong = text.replacingOccurrences(of: "$schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
                                              with: "$schema: http://json-schema.org/draft-04/schema#")
        XCTAssertNotEqual(wrong, text)
        XCTAssertEqual(Array(results(wrong, path: Self.dataStructure, rule: SnowplowRule.dataStructureInvalid).values), [text])
        // Missing: added as the last line of `data`, at its keys' indentation.
        let missing = text.replacingOccurrences(of: "  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n", with: "")
        XCTAssertEqual(Array(results(missing, path: Self.dataStructure, rule: SnowplowRule.dataStructureInvalid).values),
                       [missing + "  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n"])
    }

    /// A duplicate entity, a mapping over several lines in a block list, goes with all its lines (and nothing of
    /// its neighbours); in a flow list, with its comma.
    func testADuplicateEntityIsRemovedWholeInBlockAndFlowLists() {
        let head = "name: Tap\nstatus: draft\nevent:\n  source: iglu:com.acme/checkout/jsonschema/1-0-0\nentities:\n  tracked:\n"
        let user = "    - source: iglu:com.acme/user/jsonschema/1-0-0\n      minCardinality: 1\n"
        let page = "    - source: iglu:com.acme/page/jsonschema/1-0-0\n"
        let duplicate = "    - source: iglu:com.acme/user/jsonschema/1-0-0\n      comment: again\n      maxCardinality: 1\n"
        for (text, fixed) in [(head + user + duplicate + page, head + user + page), (head + user + page + duplicate, head + user + page)] {
            XCTAssertEqual(Array(results(text, path: Self.scenario, rule: SnowplowRule.entityDuplicate).values), [fixed], text)
        }
        let flow = head.replacingOccurrences(of: "  tracked:\n", with: "")
            + "  tracked: [{source: iglu:com.acme/user/jsonschema/1-0-0}, {source: iglu:com.acme/page/jsonschema/1-0-0}, {source: iglu:com.acme/user/jsonschema/1-0-0}]\n"
        XCTAssertEqual(Array(results(flow, path: Self.scenario, rule: SnowplowRule.entityDuplicate).values),
                       [flow.replacingOccurrences(of: ", {source: iglu:com.acme/user/jsonschema/1-0-0}]", with: "]")])
    }

    /// `event.schema` made to require what its source requires: a block list grows by lines, a flow one in place,
    /// and a schema without `required` gets one (the Iglu Central cache of the shared fixtures).
    func testRequireWhatTheSourceRequiresInYAML() {
        let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: SnowplowRulesTests.iglu)
        func scenario(_ schema: String) -> String {
            "name: C\nevent:\n  source: iglu:com.snowplowanalytics.snowplow/change_form/jsonschema/1-0-0\n  schema:\n    type: object\n" + schema
        }
        let cases: [(String, String)] = [
            ("    required:\n      - formId\n", "    required:\n      - formId\n      - elementId\n      - nodeName\n      - value\n"),
            ("    required: [formId]\n", "    required: [formId, elementId, nodeName, value]\n"),
            ("    properties: {}\n", "    properties: {}\n    required: [formId, elementId, nodeName, value]\n"),
        ]
        for (schema, expected) in cases {
            let text = scenario(schema)
            let error = analyzer.analyze(path: "/w/s.scenario.yaml", bytes: Array(text.utf8)).diagnostics.first {
                $0.rule == SnowplowRule.schemaIncompatible && $0.message.contains("is required by")
            }
            guard let fix = error?.fixes.first(where: { $0.title.hasPrefix("Require") }) else { return XCTFail("no fix for \(schema)") }
            let fixed = applying(fix, to: text)
            XCTAssertEqual(fixed, scenario(expected))
            let after = analyzer.analyze(path: "/w/s.scenario.yaml", bytes: Array(fixed.utf8)).diagnostics
            XCTAssertFalse(after.contains { $0.message.contains("is required by") || $0.rule.hasPrefix("yaml/") }, "\(after.map(\.message))")
        }
    }
}
