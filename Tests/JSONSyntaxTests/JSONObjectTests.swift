import XCTest
@testable import JSONSyntax

/// JSONObject keeps keys in arrays and builds a key index only past `indexThreshold` keys: both layouts must
/// read, write, remove, compare and hash alike.
final class JSONObjectTests: XCTestCase {
    func testSmallAndIndexedObjectsBehaveAlike() {
        for size in [0, 1, 5, JSONObject.indexThreshold, JSONObject.indexThreshold + 1, 40] {
            var object = JSONObject()
            for i in 0..<size { object["k\(i)"] = .number(JSONNumber(i)) }
            XCTAssertEqual(object.count, size)
            XCTAssertEqual(object.keys, (0..<size).map { "k\($0)" }, "insertion order")
            for i in 0..<size { XCTAssertEqual(object["k\(i)"], .number(JSONNumber(i))) }
            XCTAssertNil(object["missing"])
            // A repeated key keeps its first position and its last value.
            if size > 2 {
                object["k1"] = "again"
                XCTAssertEqual(object.keys[1], "k1")
                XCTAssertEqual(object["k1"], "again")
                object["k0"] = nil
                XCTAssertNil(object["k0"])
                XCTAssertEqual(object.count, size - 1)
                XCTAssertEqual(object.keys.first, "k1")
                XCTAssertEqual(object[object.keys.last!], .number(JSONNumber(size - 1)), "positions stay right after a removal")
            }
            // Equality and hashing ignore key order.
            let reversed = JSONObject(object.pairs.reversed().map { ($0.key, $0.value) })
            XCTAssertEqual(reversed, object)
            XCTAssertEqual(reversed.hashValue, object.hashValue)
            if size > 0 {
                var other = object
                other[object.keys[0]] = "changed"
                XCTAssertNotEqual(other, object)
                var extra = object
                extra["new"] = true
                XCTAssertNotEqual(extra, object)
                XCTAssertEqual(Set([JSONValue.object(object), .object(reversed), .object(other)]).count, 2)
            }
        }
    }
}
