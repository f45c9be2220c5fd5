import Foundation
import XCTest
import TestSupport
@testable import JSONSyntax

/// Formatting keeps every token as written (only whitespace changes), is idempotent, and refuses text it
/// would have to guess at.
final class FormatterTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The non-whitespace bytes outside strings: what formatting must preserve exactly.
    func tokens(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false, escaped = false
        for b in text.utf8 {
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
                out.append(b)
            } else if ![0x20, 0x09, 0x0A, 0x0D].contains(b) {
                out.append(b)
            }
        }
        return out
    }

    func testLayout() {
        let text = #"{"b":1,"a":{"x":[1,2.50,"\u00e9"],"y":{}},"list":[{"k":true},null],"e":[]}"#
        let formatted = JSONFormatter().format(SyntaxTree(parsing: text))
        XCTAssertEqual(formatted, """
        {
          "b": 1,
          "a": {
            "x": [1, 2.50, "\\u00e9"],
            "y": {}
          },
          "list": [
            {"k": true},
            null
          ],
          "e": []
        }
        """)
        XCTAssertEqual(JSONFormatter(tabSize: 4, insertSpaces: false).format(SyntaxTree(parsing: #"{"a": {"b": [1]}}"#)), "{\n\t\"a\": {\n\t\t\"b\": [1]\n\t}\n}", "only scalars share a line")
    }

    /// The user's line breaks stay where they are (like the JSON language service's keepLines): indentation
    /// and spacing are normalised, nothing is reflowed. The bundled catalog grew from 21 to 62 lines before.
    func testKeepsTheUsersLineBreaks() throws {
        let catalog = try String(contentsOf: Self.root.appendingPathComponent("Examples/rudderstack/catalog.json"), encoding: .utf8)
        let formatted = try XCTUnwrap(JSONFormatter().format(SyntaxTree(parsing: catalog)))
        XCTAssertEqual(formatted.split(separator: "\n", omittingEmptySubsequences: false).count,
                       catalog.split(separator: "\n", omittingEmptySubsequences: false).count)
        XCTAssertEqual(tokens(formatted), tokens(catalog))
        let text = "{\"a\":1,   \"b\" :[1,2,\n3],\n\n\n\n      \"c\": {\"d\": true}\n        }\n"
        XCTAssertEqual(JSONFormatter().format(SyntaxTree(parsing: text)), "{\"a\": 1, \"b\": [1, 2,\n    3],\n\n  \"c\": {\"d\": true}\n}\n",
                       "breaks kept, at most one blank line, spaces normalised, indentation by depth")
        XCTAssertEqual(JSONFormatter(tabSize: 4, insertSpaces: false).format(SyntaxTree(parsing: "{\n    \"a\": [\n      1\n    ]\n}")),
                       "{\n\t\"a\": [\n\t\t1\n\t]\n}", "insertSpaces: false indents with tabs")
        XCTAssertEqual(JSONFormatter().format(SyntaxTree(parsing: "{\r\n\"a\": 1\r\n}\r\n")), "{\r\n  \"a\": 1\r\n}\r\n", "CRLF stays CRLF")
    }

    func testFinalNewline() {
        XCTAssertEqual(JSONFormatter(finalNewline: true).format(SyntaxTree(parsing: "{\n\"a\": 1\n}")), "{\n  \"a\": 1\n}\n")
        XCTAssertEqual(JSONFormatter().format(SyntaxTree(parsing: "{\n\"a\": 1\n}")), "{\n  \"a\": 1\n}", "as the document had it")
        XCTAssertEqual(JSONFormatter().format(SyntaxTree(parsing: "[1]\n\n\n")), "[1]\n")
    }

    func testSaysWhyItRefuses() {
        XCTAssertEqual(JSONFormatter.refusal(SyntaxTree(parsing: "{\"a\": 1 // note\n}")),
                       "it has comments, which JSON cannot hold and formatting would have to drop")
        XCTAssertEqual(JSONFormatter.refusal(SyntaxTree(parsing: #"{"a": 1,}"#)),
                       "it has a syntax error (first: trailing comma before '}'); formatting would have to guess what was meant")
        XCTAssertNil(JSONFormatter.refusal(SyntaxTree(parsing: "{}")))
    }

    func testRefusesWhatItWouldHaveToGuess() {
        for text in [#"{"a": 1,}"#, "{\"a\": 1 // note\n}", #"{"a": }"#, "\u{FEFF}{}", #"{'a': 1}"#] {
            XCTAssertNil(JSONFormatter().format(SyntaxTree(parsing: text)), text)
        }
        XCTAssertNotNil(JSONFormatter().format(SyntaxTree(parsing: #"{"a": 1, "a": 2}"#)), "duplicate keys are printed as written")
    }

    func testMinimalEdit() {
        let old = Array("{\"a\":1}".utf8), new = Array("{\"a\": 1}".utf8)
        let edit = JSONFormatter.minimalEdit(from: old, to: new)!
        XCTAssertEqual(edit.range, 5..<5)
        XCTAssertEqual(String(decoding: edit.text, as: UTF8.self), " ")
        XCTAssertNil(JSONFormatter.minimalEdit(from: old, to: old))
        let accented = JSONFormatter.minimalEdit(from: Array("\"é\"".utf8), to: Array("\"è\"".utf8))!
        XCTAssertEqual(accented.range, 1..<3, "never splits a UTF-8 sequence")
    }

    /// Every JSON file of Examples and of the Iglu Central fixture: tokens unchanged, a second pass changes
    /// nothing, the result parses cleanly.
    func testIdempotentOverExamplesAndTheFixtureCache() throws {
        var files: [URL] = []
        for base in [Self.root.appendingPathComponent("Examples"), URL(fileURLWithPath: try SharedFixtures.path("fixtures/iglu-central/schemas"))] {
            let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])!
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true && url.pathExtension != "yaml" { files.append(url) }
        }
        XCTAssertGreaterThan(files.count, 600)
        var formattedCount = 0, refused = 0
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            let tree = SyntaxTree(parsing: text)
            guard let once = JSONFormatter().format(tree) else {
                XCTAssertFalse(JSONFormatter.canFormat(tree), url.path)
                refused += 1
                continue
            }
            formattedCount += 1
            XCTAssertEqual(tokens(once), tokens(text), url.lastPathComponent)
            let again = SyntaxTree(parsing: once)
            XCTAssertTrue(again.diagnostics.allSatisfy { $0.code == .duplicateKey }, url.path)
            XCTAssertEqual(JSONFormatter().format(again), once, "not idempotent: \(url.path)")
        }
        XCTAssertGreaterThan(formattedCount, 600)
        XCTAssertLessThan(refused, 10, "only the deliberately broken examples")
    }
}
