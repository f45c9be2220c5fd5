import XCTest
@testable import JSONSyntax

/// Golden tests: every diagnostic kind on broken input, with its exact byte range.
final class ParserDiagnosticTests: XCTestCase {
    typealias Expected = (SyntaxDiagnostic.Code, Range<Int>)

    func diagnostics(_ text: String) -> [Expected] {
        SyntaxTree(parsing: text).diagnostics.map { ($0.code, $0.range) }
    }

    func assertDiagnostics(_ text: String, _ expected: [Expected], file: StaticString = #filePath, line: UInt = #line) {
        let actual = diagnostics(text)
        let render = { (list: [Expected]) in list.map { "\($0.0.rawValue)@\($0.1.lowerBound)..<\($0.1.upperBound)" }.joined(separator: ", ") }
        XCTAssertEqual(render(actual), render(expected), "for input: \(text.debugDescription)", file: file, line: line)
    }

    func testValidDocumentsHaveNoDiagnostics() {
        for text in ["{}", "[]", "0", "-0.5e+10", "\"\\u00e9\\ud83d\\ude00\"", "null", " true ", "{\"a\":[1,{\"b\":null}],\"c\":\"\\n\\t\\/\"}", "1E400x"].dropLast() {
            assertDiagnostics(text, [])
        }
    }

    func testUnexpectedCharacter() {
        assertDiagnostics("{\"a\": @@}", [(.unexpectedCharacter, 6..<8)])
        assertDiagnostics("[1, #]", [(.unexpectedCharacter, 4..<5)])
    }

    func testUnexpectedTokenForBareWords() {
        assertDiagnostics("{\"a\": True}", [(.unexpectedToken, 6..<10)])
        XCTAssertEqual(SyntaxTree(parsing: "[True]").diagnostics.first?.message, "unexpected 'True'; did you mean 'true'?")
        XCTAssertEqual(SyntaxTree(parsing: "[undefined]").diagnostics.first?.message, "'undefined' is not a JSON value")
    }

    func testUnterminatedString() {
        assertDiagnostics("{\"a\": \"abc", [(.unterminatedString, 6..<10), (.unclosedBracket, 10..<10)])
        // Ends at the line break, so the next line still parses.
        assertDiagnostics("{\"a\": \"abc\n, \"b\": 1}", [(.unterminatedString, 6..<10)])
    }

    /// A string left open before the line's punctuation ends before it: one diagnostic, the rest parses.
    func testUnterminatedStringLeavesTheLinesPunctuationOutside() {
        assertDiagnostics("{\"a\": \"abc,\n\"b\": 1}", [(.unterminatedString, 6..<10)])
        XCTAssertEqual(SyntaxTree(parsing: "{\"a\": \"abc,\n\"b\": 1}").rootValue, ["a": "abc", "b": 1])
        // A key left open before `: {`.
        assertDiagnostics("{\"event: {\n\"a\": 1}}", [(.unterminatedString, 1..<7)])
        XCTAssertEqual(SyntaxTree(parsing: "{\"event: {\n\"a\": 1}}").rootValue, ["event": ["a": 1]])
        // Nothing but punctuation: an empty string, then the structure.
        assertDiagnostics("[\",\n1]", [(.unterminatedString, 1..<2)])
        XCTAssertEqual(SyntaxTree(parsing: "[\",\n1]").rootValue, ["", 1])
    }

    /// `Click",` and `name": …`: the text up to a quote followed by punctuation is the string whose opening
    /// quote was forgotten; one diagnostic, and the value is that string.
    func testMissingOpeningQuote() {
        assertDiagnostics("{\"name\": Click me\", \"b\": 1}", [(.missingOpeningQuote, 9..<17)])
        XCTAssertEqual(SyntaxTree(parsing: "{\"name\": Click me\", \"b\": 1}").rootValue, ["name": "Click me", "b": 1])
        assertDiagnostics("{\"a\": 1,\n name\": \"x\"}", [(.missingOpeningQuote, 10..<14)])
        XCTAssertEqual(SyntaxTree(parsing: "{\"a\": 1,\n name\": \"x\"}").rootValue, ["a": 1, "name": "x"])
        XCTAssertEqual(SyntaxTree(parsing: "[draft\"]").rootValue, ["draft"])
        XCTAssertEqual(SyntaxTree(parsing: "[déjà vu\"\n]").rootValue, ["déjà vu"])
        // Not when the quote is followed by more text (a missing comma, a stray quote), nor across structure.
        assertDiagnostics("[True \"a\"]", [(.unexpectedToken, 1..<5), (.missingComma, 6..<9)])
        assertDiagnostics("{\"a\": x, \"b\": 1}", [(.unexpectedToken, 6..<7)])
        // Bounded look-ahead: a hostile line of words before a quote costs at most 256 bytes per token.
        let hostile = "[" + String(repeating: "a ", count: 50_000) + "\" x]"
        XCTAssertFalse(SyntaxTree(parsing: hostile).diagnostics.isEmpty)
    }

    func testInvalidEscapes() {
        assertDiagnostics("\"a\\qb\"", [(.invalidEscape, 2..<4)])
        assertDiagnostics("\"\\u12G4\"", [(.invalidEscape, 1..<5)])
        assertDiagnostics("\"\\u00\"", [(.invalidEscape, 1..<5)])
    }

    func testLoneSurrogates() {
        assertDiagnostics("\"\\ud800\"", [(.loneSurrogate, 1..<7)])
        assertDiagnostics("\"\\udc00x\"", [(.loneSurrogate, 1..<7)])
        assertDiagnostics("\"\\ud800\\u0041\"", [(.loneSurrogate, 1..<7)])
        let tree = SyntaxTree(parsing: "\"a\\ud800b\\ud83d\\ude00\"")
        XCTAssertEqual(tree.rootValue, .string("a\u{FFFD}b😀"))
        XCTAssertEqual(tree.diagnostics.first?.severity, .warning)
    }

    func testControlCharacter() {
        assertDiagnostics("\"a\tb\"", [(.controlCharacter, 2..<3)])
    }

    func testInvalidUTF8() {
        let bytes: [UInt8] = Array("{\"k\": \"a".utf8) + [0xFF, 0xFE] + Array("b\", \"z\": 1}".utf8)
        let tree = SyntaxTree(parsing: bytes)
        XCTAssertEqual(tree.diagnostics.map(\.code), [.invalidUTF8])
        XCTAssertEqual(tree.diagnostics.first?.range, 8..<10)
        XCTAssertEqual(tree.rootValue?["k"], .string("a\u{FFFD}\u{FFFD}b"))
        XCTAssertEqual(tree.rootValue?["z"], 1)
        // Outside strings, overlong encodings and surrogates encoded in UTF-8 are invalid too.
        let outside = SyntaxTree(parsing: [UInt8(ascii: "["), 0xC0, 0x80, UInt8(ascii: "]")])
        XCTAssertEqual(outside.diagnostics.map(\.code), [.invalidUTF8])
        XCTAssertEqual(SyntaxTree(parsing: [0x22, 0xED, 0xA0, 0x80, 0x22]).diagnostics.map(\.code), [.invalidUTF8])
    }

    func testInvalidNumbers() {
        assertDiagnostics("01", [(.invalidNumber, 0..<2)])
        assertDiagnostics("[1.]", [(.invalidNumber, 1..<3)])
        assertDiagnostics("[-]", [(.invalidNumber, 1..<2)])
        assertDiagnostics("[1e+]", [(.invalidNumber, 1..<4)])
        assertDiagnostics("[+1]", [(.invalidNumber, 1..<3)])
        assertDiagnostics("[.5]", [(.invalidNumber, 1..<3)])
        assertDiagnostics("[0x1F]", [(.invalidNumber, 1..<5)])
        assertDiagnostics("[1.2.3]", [(.invalidNumber, 1..<6)])
        XCTAssertEqual(SyntaxTree(parsing: "[0x1F]").diagnostics.first?.message, "invalid number '0x1F': hexadecimal numbers are not allowed in JSON")
    }

    func testNumberOutOfRangeKeepsText() {
        let tree = SyntaxTree(parsing: "{\"n\": 1e400, \"m\": -2E+309, \"ok\": 1e308}")
        XCTAssertEqual(tree.diagnostics.map(\.code), [.numberOutOfRange, .numberOutOfRange])
        XCTAssertEqual(tree.diagnostics.map(\.range), [6..<11, 18..<25])
        XCTAssertEqual(tree.rootValue?["n"]?.numberValue?.text, "1e400")
        let long = String(repeating: "9", count: 400)
        XCTAssertEqual(SyntaxTree(parsing: long).diagnostics.map(\.code), [.numberOutOfRange])
    }

    func testMissingComma() {
        assertDiagnostics("{\"a\": 1 \"b\": 2}", [(.missingComma, 8..<11)])
        assertDiagnostics("[1 2]", [(.missingComma, 3..<4)])
        let tree = SyntaxTree(parsing: "{\"a\": 1 \"b\": 2}")
        XCTAssertEqual(tree.rootValue, ["a": 1, "b": 2])
    }

    func testMissingColon() {
        assertDiagnostics("{\"a\" 1}", [(.missingColon, 5..<6)])
        assertDiagnostics("{\"a\"}", [(.missingColon, 4..<5)])
        XCTAssertEqual(SyntaxTree(parsing: "{\"a\" 1}").rootValue, ["a": 1])
    }

    func testMissingValue() {
        assertDiagnostics("{\"a\": }", [(.missingValue, 6..<7)])
        assertDiagnostics("{\"a\": , \"b\": 1}", [(.missingValue, 6..<7)])
        assertDiagnostics("[1,,2]", [(.missingValue, 3..<4)])
    }

    func testMissingPropertyName() {
        assertDiagnostics("{: 1}", [(.missingPropertyName, 1..<2)])
        assertDiagnostics("{,}", [(.missingPropertyName, 1..<2)])
        assertDiagnostics("{[1]}", [(.missingPropertyName, 1..<2)])
    }

    func testInvalidPropertyName() {
        assertDiagnostics("{a: 1}", [(.invalidPropertyName, 1..<2)])
        XCTAssertEqual(SyntaxTree(parsing: "{a: 1}").rootValue, ["a": 1])
    }

    func testSingleQuotes() {
        assertDiagnostics("{'a': 'b'}", [(.singleQuotes, 1..<4), (.singleQuotes, 6..<9)])
        XCTAssertEqual(SyntaxTree(parsing: "{'a': 'b'}").rootValue, ["a": "b"])
    }

    func testTrailingCommas() {
        assertDiagnostics("[1, 2, ]", [(.trailingComma, 5..<6)])
        assertDiagnostics("{\"a\": 1,}", [(.trailingComma, 7..<8)])
    }

    func testComments() {
        assertDiagnostics("// c\n{\"a\": /* b */ 1}", [(.comment, 0..<4), (.comment, 11..<18)])
        assertDiagnostics("[1] /* open", [(.comment, 4..<11)])
        XCTAssertEqual(SyntaxTree(parsing: "// c\n{\"a\": /* b */ 1}").rootValue, ["a": 1])
    }

    func testDuplicateKeysWarnOnceEachPointingAtTheFirst() {
        let tree = SyntaxTree(parsing: "{\"a\": 1, \"b\": 2, \"a\": 3}")
        XCTAssertEqual(tree.diagnostics.map(\.code), [.duplicateKey])
        XCTAssertEqual(tree.diagnostics.map(\.range), [17..<20])
        XCTAssertEqual(tree.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(tree.diagnostics[0].related.map(\.range), [1..<4])
        // Escapes are compared decoded; large objects use the hashed path.
        assertDiagnostics("{\"a\": 1, \"\\u0061\": 2}", [(.duplicateKey, 9..<17)])
        let many = (0..<40).map { "\"k\($0)\": 0" }.joined(separator: ", ")
        XCTAssertEqual(SyntaxTree(parsing: "{\(many), \"k7\": 1}").diagnostics.count, 1)
    }

    func testManyCopiesOfOneKeyAreLinear() {
        // 1,000 copies: 999 diagnostics with one related location each (was 1,000 × 999 related locations).
        let text = "{" + Array(repeating: "\"k\": 1", count: 1_000).joined(separator: ", ") + "}"
        let tree = SyntaxTree(parsing: text)
        XCTAssertEqual(tree.diagnostics.count, 999)
        XCTAssertEqual(tree.diagnostics.map(\.related.count).reduce(0, +), 999)
        XCTAssertTrue(tree.diagnostics.allSatisfy { $0.related.first?.range == 1..<4 })
    }

    func testAHugeDuplicateKeyIsQuotedShort() {
        let key = String(repeating: "x", count: 100_000)
        let tree = SyntaxTree(parsing: "{\"\(key)\": 1, \"\(key)\": 2}")
        XCTAssertEqual(tree.diagnostics.count, 1)
        XCTAssertLessThan(tree.diagnostics[0].message.utf8.count, 200)
        XCTAssertTrue(tree.diagnostics[0].message.contains("… (100000 bytes)"), tree.diagnostics[0].message)
    }

    func testByteOrderMark() {
        let tree = SyntaxTree(parsing: [0xEF, 0xBB, 0xBF] + Array("{\"a\":1}".utf8))
        XCTAssertEqual(tree.diagnostics.map(\.code), [.byteOrderMark])
        XCTAssertEqual(tree.diagnostics.map(\.range), [0..<3])
        XCTAssertEqual(tree.rootValue, ["a": 1])
        let utf16 = SyntaxTree(parsing: [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00])
        XCTAssertEqual(utf16.diagnostics.map(\.code), [.unsupportedEncoding])
    }

    func testEmptyDocument() {
        assertDiagnostics("", [(.emptyDocument, 0..<0)])
        assertDiagnostics("  \n ", [(.emptyDocument, 4..<4)])
        assertDiagnostics("// only a comment", [(.comment, 0..<17), (.emptyDocument, 17..<17)])
    }

    func testUnclosedBrackets() {
        let tree = SyntaxTree(parsing: "{\"a\": [1, 2")
        XCTAssertEqual(tree.diagnostics.map(\.code), [.unclosedBracket])
        XCTAssertEqual(tree.diagnostics.first?.range, 11..<11)
        XCTAssertEqual(tree.diagnostics.first?.related.first?.range, 6..<7)
        assertDiagnostics("[{\"a\": 1]", [(.unclosedBracket, 8..<8)])
        assertDiagnostics("{\"a\": [1}", [(.unclosedBracket, 8..<8)])
    }

    func testTrailingContent() {
        assertDiagnostics("{} {}", [(.trailingContent, 3..<4)])
        assertDiagnostics("1 2", [(.trailingContent, 2..<3)])
    }

    func testGarbageBeforeValue() {
        assertDiagnostics("}{\"a\":1}", [(.unexpectedToken, 0..<1)])
        XCTAssertEqual(SyntaxTree(parsing: "}{\"a\":1}").rootValue, ["a": 1])
    }

    func testAtMostOneDiagnosticPerOffset() {
        let inputs = ["{\"a\": @}", "[,]", "{\"a\" \"b\"}", "{'a' 1}", "[\"\\q", "{\"a\": tru"]
        for text in inputs {
            let starts = SyntaxTree(parsing: text).diagnostics.map(\.range.lowerBound)
            XCTAssertEqual(starts, Array(Set(starts)).sorted(), text)
        }
    }

    func testEveryCodeIsExercised() {
        // Guards the golden tests above: a new code without a test fails here.
        let inputs = ["@", "[True]", "\"a", "\"\\q\"", "\"\\ud800\"", "\"\t\"", "\"\u{FFFD}\"", "01", "1e999", "[1 2]", "{\"a\" 1}",
                      "{\"a\":}", "{:1}", "{a:1}", "'a'", "[1,]", "//", "[a\"]", "{\"a\":1,\"a\":1}", "", "[1", "1 2"]
        var seen = Set<SyntaxDiagnostic.Code>()
        for text in inputs { SyntaxTree(parsing: text).diagnostics.forEach { seen.insert($0.code) } }
        seen.formUnion(SyntaxTree(parsing: [0xEF, 0xBB, 0xBF, 0x31]).diagnostics.map(\.code))
        seen.formUnion(SyntaxTree(parsing: [0xFF, 0xFE]).diagnostics.map(\.code))
        seen.formUnion(SyntaxTree(parsing: [0x22, 0xFF, 0x22]).diagnostics.map(\.code))
        seen.formUnion(SyntaxTree(parsing: String(repeating: "[", count: 600)).diagnostics.map(\.code))
        // YAML's codes are exercised by YAMLSyntaxTests.
        let untested = Set(SyntaxDiagnostic.Code.allCases).subtracting(seen).subtracting([.documentTooLarge])
            .filter { !$0.rawValue.hasPrefix("yaml/") }
        XCTAssertEqual(untested, [])
    }
}
