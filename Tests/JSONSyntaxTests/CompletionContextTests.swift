import XCTest
@testable import JSONSyntax

/// Cursor-marker tests: `|` marks the cursor and is removed before parsing.
final class CompletionContextTests: XCTestCase {
    func context(_ marked: String) -> (SyntaxTree, CompletionContext) {
        let offset = Array(marked.utf8).firstIndex(of: UInt8(ascii: "|"))!
        let text = marked.replacingOccurrences(of: "|", with: "")
        let tree = SyntaxTree(parsing: text)
        return (tree, tree.completionContext(at: offset))
    }

    func testKeyInEmptyObject() {
        let (_, c) = context("{|}")
        XCTAssertEqual(c.location, .propertyKey)
        XCTAssertEqual(c.path, [])
        XCTAssertEqual(c.replaceRange, 1..<1)
    }

    func testKeyInsideUnterminatedString() {
        let (_, c) = context("{\"event\": {\"sou|")
        XCTAssertEqual(c.location, .propertyKey)
        XCTAssertEqual(c.path, [.key("event")])
        XCTAssertEqual(c.prefix, "sou")
        XCTAssertTrue(c.inString)
        XCTAssertEqual(c.replaceRange, 11..<15)
    }

    func testValueAfterColon() {
        let (_, c) = context("{\"status\": |}")
        XCTAssertEqual(c.location, .propertyValue(key: "status"))
        let (_, atEnd) = context("{\"status\":|")
        XCTAssertEqual(atEnd.location, .propertyValue(key: "status"))
    }

    func testValueWhileTypingBareWord() {
        let (_, c) = context("{\"status\": dra|}")
        XCTAssertEqual(c.location, .propertyValue(key: "status"))
        XCTAssertEqual(c.prefix, "dra")
        XCTAssertEqual(c.replaceRange, 11..<14)
    }

    func testValueInsideString() {
        let (_, c) = context("{\"a\": {\"status\": \"pub|\"}}")
        XCTAssertEqual(c.location, .propertyValue(key: "status"))
        XCTAssertEqual(c.path, [.key("a")])
        XCTAssertEqual(c.prefix, "pub")
        XCTAssertEqual(c.replaceRange, 17..<22)
    }

    func testKeyAfterComma() {
        let (_, c) = context("{\"a\": 1, |}")
        XCTAssertEqual(c.location, .propertyKey)
        XCTAssertEqual(c.existingKeys, ["a"])
    }

    func testArrayItems() {
        let (_, c) = context("{\"list\": [1, |]}")
        XCTAssertEqual(c.location, .arrayItem(index: 1))
        XCTAssertEqual(c.path, [.key("list")])
        let (_, nested) = context("{\"list\": [{\"x\": 1}, {|")
        XCTAssertEqual(nested.location, .propertyKey)
        XCTAssertEqual(nested.path, [.key("list"), .index(1)])
    }

    func testEmptyDocument() {
        let (_, c) = context("|")
        XCTAssertEqual(c.location, .root)
    }
}
