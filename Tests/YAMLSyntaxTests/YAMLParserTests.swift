import XCTest
import JSONSyntax
@testable import YAMLSyntax

/// The YAML front-end makes the same model as the JSON parser: byte ranges for keys and values, parents,
/// pointers, decoded values; and it stays bounded on hostile input.
final class YAMLParserTests: XCTestCase {
    func text(_ tree: SyntaxTree, _ node: NodeID?) -> String? { node.map { tree.text($0) } }

    func testRangesOfKeysAndValuesInASnowplowCLIFile() throws {
        let yaml = """
        apiVersion: v1
        resourceType: data-product
        data:
          name: Checkout   # the product
          eventSpecifications:
            - name: "Tap"
              event:
                source: iglu:com.acme/ui_actions/jsonschema/1-0-0

        """
        let tree = YAMLParser.parse(yaml)
        XCTAssertEqual(tree.diagnostics.map(\.message), [])
        XCTAssertEqual(tree.syntax, .yaml)
        let name = try XCTUnwrap(tree.node(at: JSONPointer([.key("data"), .key("name")])))
        XCTAssertEqual(tree.text(name), "Checkout", "a plain scalar's range is its text, without the comment")
        let spec = try XCTUnwrap(tree.node(at: JSONPointer([.key("data"), .key("eventSpecifications"), .index(0)])))
        let specName = try XCTUnwrap(tree.member("name", in: spec))
        XCTAssertEqual(tree.text(specName), "\"Tap\"")
        XCTAssertEqual(tree.stringValue(specName), "Tap")
        XCTAssertEqual(tree.contentRange(specName).count, 3, "inside the quotes")
        let property = try XCTUnwrap(tree.parent(specName))
        XCTAssertEqual(text(tree, tree.key(ofProperty: property)), "name")
        XCTAssertEqual(tree.pointer(of: specName), JSONPointer([.key("data"), .key("eventSpecifications"), .index(0), .key("name")]))
        // The node under a position, as hover and completion ask.
        let offset = yaml.utf8.count - yaml[yaml.range(of: "Tap")!.lowerBound...].utf8.count + 1
        XCTAssertEqual(tree.node(at: offset), specName)
        let source = try XCTUnwrap(tree.node(at: JSONPointer([.key("data"), .key("eventSpecifications"), .index(0), .key("event"), .key("source")])))
        XCTAssertEqual(tree.stringValue(source), "iglu:com.acme/ui_actions/jsonschema/1-0-0")
    }

    func testCoreSchemaScalars() {
        let tree = YAMLParser.parse("[~, null, true, False, 0x1F, 0o17, +12, 1.5, .5, 1e3, yes, on, '1', \"true\", 012, .inf]")
        XCTAssertEqual(tree.rootValue, [.null, .null, true, false, 31, 15, 12, .number(JSONNumber("1.5")!), .number(JSONNumber("0.5")!),
                                        1000, "yes", "on", "1", "true", 12],
                       "YAML 1.2: yes/on are strings; .inf is a number JSON cannot hold (left out of the data)")
        let items = Array(tree.children(tree.root!))
        XCTAssertEqual(tree.kind(items.last!), .number)
    }

    func testAliasesExpandAndABombStops() {
        let tree = YAMLParser.parse("base: &b {x: 1, y: [a, b]}\ncopy: *b\n")
        XCTAssertEqual(tree.rootValue, ["base": ["x": 1, "y": ["a", "b"]], "copy": ["x": 1, "y": ["a", "b"]]])
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h", "i"].enumerated() {
            let previous = i == 0 ? "a" : ["b", "c", "d", "e", "f", "g", "h"][i - 1]
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        let exploded = YAMLParser.parse(bomb)
        XCTAssertTrue(exploded.diagnostics.contains { $0.code == .yamlAliasTooLarge })
        XCTAssertLessThan(exploded.nodeCount, YAMLParser.aliasBudget * 2, "bounded, not 9^9 nodes")
        XCTAssertTrue(YAMLParser.parse("a: *nowhere").diagnostics.contains { $0.code == .yamlUndefinedAlias })
        XCTAssertTrue(YAMLParser.parse("a: &x [1, *x]").diagnostics.contains { $0.code == .yamlUndefinedAlias }, "recursion")
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000)
        let tree = YAMLParser.parse(deep)
        XCTAssertTrue(tree.diagnostics.contains { $0.code == .yamlNestingTooDeep })
        var block = ""
        for i in 0..<400 { block += String(repeating: " ", count: i) + "k:\n" }
        XCTAssertTrue(YAMLParser.parse(block).diagnostics.contains { $0.code == .yamlNestingTooDeep })
    }

    func testMistakesGiveOneDiagnosticEach() {
        let cases: [(String, SyntaxDiagnostic.Code)] = [
            ("a: 1\n\tb: 2\n", .yamlTabIndentation),
            ("a: \"open\n", .yamlUnterminatedString),
            ("a: [1, 2\n", .yamlUnclosedFlow),
            ("a: 1\na: 2\n", .yamlDuplicateKey),
            ("a: \"\\q\"\n", .yamlInvalidEscape),
            ("? [a, b]\n: c\n", .yamlNonStringKey),
            ("a: !!int abc\n", .yamlTagMismatch),
            ("a: !custom x\n", .yamlUnknownTag),
            ("%FOO\n%YAML 2.0\n--- x\n", .yamlInvalidDirective),
            ("a: |0\n  x\n", .yamlInvalidBlockScalar),
            ("a: @x\n", .yamlUnexpectedCharacter),
            ("a: b: c\n", .yamlMissingValue),
            ("- a\nb: c\n", .yamlBadIndentation),
            ("a: 1\n... x\n", .yamlUnexpectedToken),
            ("a:\n  b: 1\n c: 2\n", .yamlBadIndentation),
            ("a: \u{FF}\u{FE}x\n", .yamlInvalidUTF8),
        ]
        for (text, code) in cases {
            let bytes = code == .yamlInvalidUTF8 ? [UInt8]("a: ".utf8) + [0xFF, 0xFE] + [UInt8]("x\n".utf8) : Array(text.utf8)
            let found = YAMLParser.parse(bytes).diagnostics.map(\.code)
            XCTAssertTrue(found.contains(code), "\(text.debugDescription): \(found)")
        }
        let exercised = Set(cases.map(\.1)).union([.yamlNestingTooDeep, .yamlAliasTooLarge, .yamlUndefinedAlias])
        let yamlCodes = Set(SyntaxDiagnostic.Code.allCases.filter { $0.rawValue.hasPrefix("yaml/") })
        XCTAssertEqual(yamlCodes.subtracting(exercised), [], "every yaml/ code has a case")
    }

    /// Found by the fuzzer: `[` closed by `}` looped forever, adding a null per round, until memory ran out.
    func testTheWrongClosingBracketEndsTheCollection() {
        for text in ["a: [}", "{a: [}, b: 1}", "[{]", "- {a: [1, }\n", "{\"cache\": [},\n  \"rules\": {\n,o: e\n}\n}\n"] {
            let tree = YAMLParser.parse(text)
            XCTAssertTrue(tree.diagnostics.contains { $0.code == .yamlUnclosedFlow }, text)
            XCTAssertLessThan(tree.nodeCount, 20, text)
        }
    }

    /// Found by the fuzzer: "expected a value" at the end of the input pointed one byte past it.
    func testDiagnosticsStayInsideTheText() {
        var inputs = ["? ", "a: !!str", "- &x", "{a: ", "[", "? [", "a:\n  - ? "].map { Array($0.utf8) }
        // Found by the fuzzer: a directive with invalid UTF-8 ended past the text (its U+FFFDs are longer).
        inputs.append(Array("%FOO ".utf8) + [0xFF, 0xFE, 0xFD, 0xFC] + Array("\n- [a, {b".utf8))
        for bytes in inputs {
            let tree = YAMLParser.parse(bytes)
            for d in tree.diagnostics {
                XCTAssertTrue(d.range.lowerBound >= 0 && d.range.upperBound <= bytes.count, "\(bytes): \(d.range) \(d.message)")
            }
            for i in 0..<tree.nodeCount {
                XCTAssertLessThanOrEqual(tree.range(tree.nodeID(i)).upperBound, bytes.count, "\(bytes): node \(i)")
            }
        }
    }

    func testMultipleDocuments() {
        let tree = YAMLParser.parse("a: 1\n---\nb: 2\n...\n--- [3]\n")
        XCTAssertEqual(tree.documents.count, 3)
        XCTAssertEqual(tree.document(1).rootValue, ["b": 2])
        XCTAssertEqual(tree.document(2).rootValue, [3])
    }

    /// Data written as YAML reads back as the same data: the converter's promise.
    func testWriterRoundTrip() {
        let values: [JSONValue] = [
            ["a": "yes", "b": "1.5", "c": "", "d": " padded ", "e": "line\nbreak", "f": "- dash", "g": "a: b", "h": "#x", "i": "null",
             "list": [1, ["k": "v", "n": [true, .null]], [], [:], [[1, 2]]], "": "empty key", "ü": "ünïcode"],
            [], [:], "top", 3,
            // Found by the fuzzer: strings that start like document markers, at the top and as keys.
            "--- !!str d e", ["...": "---x", "list": ["--- a", "...b"]],
            // Found by the fuzzer: a key longer than YAML's 1,024-character limit for implicit keys.
            [String(repeating: "k\u{1B}", count: 700): ["a": 1], "short": [String(repeating: "x", count: 2_000): "v"]],
        ]
        for v in values {
            let yaml = YAMLWriter().string(v)
            let back = YAMLParser.parse(yaml)
            XCTAssertEqual(back.diagnostics.map(\.message), [], yaml)
            XCTAssertEqual(back.rootValue, v, yaml)
        }
    }
}
