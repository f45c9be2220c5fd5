import XCTest
@testable import JSONSyntax

final class OutlineTests: XCTestCase {
    let text = """
    {
      "name": "Web",
      "events": [
        {"name": "Order Completed", "properties": [
          {"name": "sku"}
        ]},
        {"eventType": "page"}
      ]
    }
    """

    func testOutlineNamesItemsByTheirName() {
        let tree = SyntaxTree(parsing: text)
        let outline = tree.outline()
        XCTAssertEqual(outline.map(\.name), ["name", "events"])
        let events = outline[1].children
        // A page event has no name: its event type names it.
        XCTAssertEqual(events.map(\.name), ["Order Completed", "page"])
        XCTAssertEqual(events[0].container, "events")
        XCTAssertTrue(events[0].isArrayItem)
        XCTAssertEqual(tree.text(in: events[0].selectionRange), "\"Order Completed\"")
        XCTAssertEqual(events[0].children.last?.children.map(\.name), ["sku"])
        for node in [outline[1], events[0]] { XCTAssertTrue(node.range.lowerBound <= node.selectionRange.lowerBound && node.selectionRange.upperBound <= node.range.upperBound) }
        XCTAssertEqual(SyntaxTree(parsing: String(repeating: "[", count: 400)).outline(maxDepth: 24).count, 1, "bounded on deep input")
    }

    func testFoldingRanges() {
        let tree = SyntaxTree(parsing: text)
        let folds = tree.foldingRanges(LineIndex(Array(text.utf8)))
        XCTAssertEqual(folds.map { [$0.start, $0.end] }, [[0, 7], [2, 6], [3, 4]])
    }

    func testSelectionRangesGrowOutwards() {
        let tree = SyntaxTree(parsing: text)
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "k"))! + 1 // inside "sku"
        let chain = tree.selectionRanges(at: offset).map { tree.text(in: $0) }
        XCTAssertEqual(chain.prefix(3), ["sku", "\"sku\"", "\"name\": \"sku\""])
        XCTAssertEqual(chain.last, text)
        for (inner, outer) in zip(tree.selectionRanges(at: offset), tree.selectionRanges(at: offset).dropFirst()) {
            XCTAssertTrue(outer.lowerBound <= inner.lowerBound && inner.upperBound <= outer.upperBound && outer != inner)
        }
    }
}
