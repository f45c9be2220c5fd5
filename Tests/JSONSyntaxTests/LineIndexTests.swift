import XCTest
import TestSupport
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
    /// The conversion as it was before checkpoints: walk from the line start. The oracle for long lines.
    func naivePosition(_ index: LineIndex, _ offset: Int, _ encoding: PositionEncoding) -> Position {
        let offset = min(max(offset, 0), index.bytes.count)
        let line = index.line(of: offset)
        let start = index.lineStarts[line]
        let end = min(offset, index.lineContentEnd(line))
        var units = 0, i = start
        while i < end {
            let (length, width) = index.step(i, end, encoding)
            i += length
            units += width
        }
        return Position(line: line, character: encoding == .utf8 ? end - start : units)
    }

    func testLongLinesUseCheckpointsAndAgreeWithTheWalkFromTheLineStart() {
        var random = SplitMix64(seed: 16)
        let pieces: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("😀".utf8), Array("中".utf8), [0xFF], [0xE2, 0x82], Array("\r\n".utf8),
                                 Array("\n".utf8), Array("\r".utf8), Array(String(repeating: "x", count: 300).utf8)]
        for round in 0..<12 {
            var bytes: [UInt8] = []
            let target = random.int(200...3_000)
            while bytes.count < target {
                // Mostly characters, few line breaks: lines long enough to carry checkpoints.
                let piece = random.int(0...20) == 0 ? random.pick(pieces) : random.pick(Array(pieces[0...5]) + [pieces[9]])
                bytes += piece
            }
            let index = LineIndex(bytes)
            XCTAssertFalse(index.isASCII)
            for offset in 0...bytes.count {
                for encoding in [PositionEncoding.utf16, .utf32] {
                    let p = index.position(of: offset, encoding: encoding)
                    XCTAssertEqual(p, naivePosition(index, offset, encoding), "round \(round) offset \(offset) \(encoding)")
                    if offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
                        // offset(of:) lands on the start of the character holding that column.
                        let back = index.offset(of: p, encoding: encoding)
                        XCTAssertEqual(index.position(of: back, encoding: encoding), p, "round \(round) offset \(offset) \(encoding)")
                    }
                }
            }
        }
    }

    func testAMinifiedLineHasCheckpointsEveryFewHundredBytes() {
        let line = Array(String(repeating: "{\"é\": 1},", count: 20_000).utf8)
        let index = LineIndex(line)
        XCTAssertEqual(index.lineCount, 1)
        XCTAssertGreaterThanOrEqual(index.checkpoints.count, line.count / LineIndex.checkpointSpacing - 1)
        XCTAssertEqual(index.position(of: line.count), Position(line: 0, character: 20_000 * 9))
        XCTAssertEqual(index.offset(of: Position(line: 0, character: 20_000 * 9 - 9)), line.count - 10)
        // ASCII documents need none: columns are byte counts.
        XCTAssertTrue(LineIndex(Array(String(repeating: "x", count: 5_000).utf8)).checkpoints.isEmpty)
    }

    /// `check` keeps a compacted index (no bytes) for ASCII files: every position and offset must be the same.
    func testCompactedIndexAnswersAsTheFullOne() {
        for text in ["", "a", "{\n  \"a\": 1\r\n}\r", "x\n\n\ny", "line\r\nline\rline\n", String(repeating: "ab\n", count: 300) + "tail"] {
            let full = LineIndex(text)
            let compact = full.compacted()
            XCTAssertTrue(compact.bytes.isEmpty)
            XCTAssertEqual(compact.lineCount, full.lineCount)
            for offset in -1...(text.utf8.count + 1) {
                for encoding in [PositionEncoding.utf8, .utf16, .utf32] {
                    XCTAssertEqual(compact.position(of: offset, encoding: encoding), full.position(of: offset, encoding: encoding), "\(text.debugDescription) @\(offset)")
                }
            }
            for line in 0...(full.lineCount + 1) {
                for character in [-1, 0, 1, 3, 100] {
                    let p = Position(line: line, character: character)
                    XCTAssertEqual(compact.offset(of: p), full.offset(of: p), "\(text.debugDescription) \(p)")
                }
            }
        }
        let accented = LineIndex("{\"é\": 1}")
        XCTAssertFalse(accented.compacted().bytes.isEmpty, "a document past ASCII keeps its bytes (columns need them)")
    }
}
