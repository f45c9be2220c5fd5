import XCTest
@testable import JSONSyntax

final class LineIndexTests: XCTestCase {
    func testUTF16PositionAfterEmoji() {
        // 😀 is 4 UTF-8 bytes and 2 UTF-16 code units; é is 2 bytes and 1 unit.
        let text = "{\n  \"emoji\": \"😀é\", \"x\": tru\n}"
        let tree = SyntaxTree(parsing: text)
        let index = LineIndex(text)
        let d = try! XCTUnwrap(tree.diagnostics.first)
        XCTAssertEqual(d.code, .unexpectedToken)
        XCTAssertEqual(index.position(of: d.range.lowerBound), Position(line: 1, character: 23))
        XCTAssertEqual(index.position(of: d.range.lowerBound, encoding: .utf8), Position(line: 1, character: 26))
        XCTAssertEqual(index.position(of: d.range.lowerBound, encoding: .utf32), Position(line: 1, character: 22))
        XCTAssertEqual(index.offset(of: Position(line: 1, character: 23)), d.range.lowerBound)
        // Round trip for every offset that starts a character.
        let bytes = Array(text.utf8)
        for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
            for encoding in [PositionEncoding.utf16, .utf8, .utf32] {
                XCTAssertEqual(index.offset(of: index.position(of: offset, encoding: encoding), encoding: encoding), offset, "offset \(offset) \(encoding)")
            }
        }
    }

    func testLineTerminators() {
        let index = LineIndex("a\r\nb\rc\nd")
        XCTAssertEqual(index.lineCount, 4)
        XCTAssertEqual(index.lineStarts, [0, 3, 5, 7])
        XCTAssertEqual(index.position(of: 1), Position(line: 0, character: 1))
        // An offset between CR and LF belongs to the end of the first line.
        XCTAssertEqual(index.position(of: 2), Position(line: 0, character: 1))
        XCTAssertEqual(index.position(of: 4), Position(line: 1, character: 1))
        XCTAssertEqual(index.offset(of: Position(line: 2, character: 0)), 5)
    }

    func testClampingPastLineAndDocumentEnd() {
        let index = LineIndex("ab\ncd")
        XCTAssertEqual(index.offset(of: Position(line: 0, character: 99)), 2)
        XCTAssertEqual(index.offset(of: Position(line: 9, character: 0)), 5)
        XCTAssertEqual(index.position(of: 99), Position(line: 1, character: 2))
        // A column in the middle of a surrogate pair moves to the end of the character.
        let emoji = LineIndex("😀x")
        XCTAssertEqual(emoji.offset(of: Position(line: 0, character: 1)), 4)
    }

    func testInvalidUTF8CountsOneUnitPerBadByte() {
        let index = LineIndex([0x61, 0xFF, 0xFE, 0x62])
        XCTAssertEqual(index.position(of: 3), Position(line: 0, character: 3))
        XCTAssertEqual(index.offset(of: Position(line: 0, character: 3)), 3)
    }
}
