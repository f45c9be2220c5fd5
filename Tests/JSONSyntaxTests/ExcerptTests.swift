import XCTest
@testable import JSONSyntax

/// Quotes of user text and example values in messages stay short, and say what they left out.
final class ExcerptTests: XCTestCase {
    func testShortValuesAreWrittenAsJSON() {
        XCTAssertEqual(Excerpt.example(["a": "swipe", "n": 3, "list": [1, 2]]), #"{"a": "swipe", "n": 3, "list": [1, 2]}"#)
    }

    /// A `maxLength: 255` witness: the length is the point, stated instead of 256 letters.
    func testLongStringsAndArraysAreShortenedWithTheirLength() {
        let long = String(repeating: "a", count: 256)
        XCTAssertEqual(Excerpt.example(["label": .string(long)]), #"{"label": "aaaaaaaaaaaa…"} (/label is 256 characters)"#)
        let items = JSONValue.array((0..<11).map { .number(JSONNumber($0)) })
        XCTAssertEqual(Excerpt.example(["tags": items]), #"{"tags": [0, 1, 2, …]} (/tags has 11 items)"#)
        XCTAssertEqual(Excerpt.example(.string(long)), #""aaaaaaaaaaaa…" (the value is 256 characters)"#)
        // Many notes: three are listed.
        let many = JSONValue.object(JSONObject((0..<5).map { ("k\($0)", JSONValue.string(long)) }))
        XCTAssertTrue(Excerpt.example(many).hasSuffix("(/k0 is 256 characters; /k1 is 256 characters; /k2 is 256 characters; …)"))
    }
}
