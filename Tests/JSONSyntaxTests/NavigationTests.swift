import XCTest
@testable import JSONSyntax

final class NavigationTests: XCTestCase {
    let text = """
    {"event": {"source": "iglu:com.acme/click/jsonschema/1-0-0", "schema": {"properties": {"a/b": {"type": "string"}}}},
     "entities": {"tracked": [{"source": "x"}, {"source": "y"}]}}
    """

    func testPointersRoundTrip() throws {
        let tree = SyntaxTree(parsing: text)
        XCTAssertEqual(tree.diagnostics.count, 0)
        let pointer = try XCTUnwrap(JSONPointer(parsing: "/event/schema/properties/a~1b/type"))
        let node = try XCTUnwrap(tree.node(at: pointer))
        XCTAssertEqual(tree.stringValue(node), "string")
        XCTAssertEqual(tree.pointer(of: node).description, "/event/schema/properties/a~1b/type")
        let second = try XCTUnwrap(tree.node(at: JSONPointer(parsing: "/entities/tracked/1/source")!))
        XCTAssertEqual(tree.stringValue(second), "y")
        XCTAssertEqual(tree.pointer(of: second), [.key("entities"), .key("tracked"), .index(1), .key("source")])
        XCTAssertNil(tree.node(at: JSONPointer(parsing: "/entities/tracked/2")!))
        XCTAssertNil(JSONPointer(parsing: "event"))
        XCTAssertNil(JSONPointer(parsing: "/a~2"))
        XCTAssertEqual(JSONPointer(parsing: "#/definitions/a%20b")?.segments, [.key("definitions"), .key("a b")])
    }

    func testNodeAtOffsetAndParents() throws {
        let tree = SyntaxTree(parsing: text)
        let offset = Array(text.utf8).lastIndex(of: UInt8(ascii: "y"))!
        let node = try XCTUnwrap(tree.node(at: offset))
        XCTAssertEqual(tree.kind(node), .string)
        let property = try XCTUnwrap(tree.parent(node))
        XCTAssertEqual(tree.kind(property), .property)
        XCTAssertEqual(tree.keyString(ofProperty: property), "source")
        XCTAssertEqual(tree.value(ofProperty: property), node)
        XCTAssertNotNil(tree.colonOffset(ofProperty: property))
        XCTAssertEqual(tree.node(at: 0), tree.root)
        XCTAssertNil(tree.node(at: Array(text.utf8).count))
    }

    func testValuesAndNumbers() {
        let tree = SyntaxTree(parsing: "{\"n\": [1, 1.0, 10e-1, 0.1, -0, 12345678901234567890], \"s\": \"\\\"q\\\"\"}")
        let numbers = tree.rootValue?["n"]?.arrayValue?.compactMap(\.numberValue) ?? []
        XCTAssertEqual(numbers.count, 6)
        XCTAssertEqual(numbers[0], numbers[1])
        XCTAssertEqual(numbers[0], numbers[2])
        XCTAssertTrue(numbers[0].isInteger && numbers[2].isInteger && !numbers[3].isInteger)
        XCTAssertEqual(numbers[4], JSONNumber(0))
        XCTAssertEqual(numbers[5].text, "12345678901234567890")
        XCTAssertTrue(numbers[3] < numbers[0])
        XCTAssertTrue(JSONNumber("-2")! < JSONNumber("-1.5")!)
        XCTAssertEqual(JSONNumber("1e2")?.intValue, 100)
        XCTAssertEqual(tree.rootValue?["s"], .string("\"q\""))
    }

    func testWriterRoundTrip() {
        let value: JSONValue = ["a": ["x", 1, true, nil], "b\n": .string("\u{01}\u{2028}é😀/")]
        let text = JSONWriter().string(value)
        XCTAssertEqual(text, #"{"a":["x",1,true,null],"b\n":"\u0001\u2028é😀/"}"#)
        XCTAssertEqual(SyntaxTree(parsing: text).rootValue, value)
        XCTAssertEqual(SyntaxTree(parsing: JSONWriter(pretty: true).string(value)).rootValue, value)
    }
}
