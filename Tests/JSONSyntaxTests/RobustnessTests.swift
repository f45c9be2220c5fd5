import Foundation
import XCTest
import TestSupport
@testable import JSONSyntax

/// Bad input never crashes or hangs: truncated documents, absurd nesting, huge files, random damage.
final class RobustnessTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples")

    func example(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: RobustnessTests.examples.appendingPathComponent(name)))
    }

    /// Structural invariants any tree must keep, however broken its input.
    func assertWellFormed(_ tree: SyntaxTree, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        let n = tree.bytes.count
        for d in tree.diagnostics {
            XCTAssertTrue(d.range.lowerBound >= 0 && d.range.upperBound <= n && d.range.lowerBound <= d.range.upperBound, "\(label): \(d)", file: file, line: line)
        }
        let starts = tree.diagnostics.map(\.range.lowerBound)
        XCTAssertEqual(starts, starts.sorted(), label, file: file, line: line)
        XCTAssertEqual(Set(starts).count, starts.count, "\(label): more than one diagnostic at an offset", file: file, line: line)
        for i in 0..<tree.nodeCount {
            let id = NodeID(i)
            let r = tree.range(id)
            XCTAssertTrue(r.lowerBound >= 0 && r.upperBound <= n && r.lowerBound <= r.upperBound, "\(label): node \(i) \(r)", file: file, line: line)
            if let p = tree.parent(id) {
                let pr = tree.range(p)
                XCTAssertTrue(pr.lowerBound <= r.lowerBound && r.upperBound <= pr.upperBound, "\(label): node \(i) \(r) outside parent \(pr)", file: file, line: line)
            }
        }
    }

    func testEveryPrefixOfARealisticDocumentIsUsableForCompletion() throws {
        let bytes = try example("snowplow/link-click.scenario.json") + Array("\n".utf8)
        XCTAssertGreaterThan(bytes.count, 1500)
        for length in 0...bytes.count {
            let prefix = Array(bytes[0..<length])
            let tree = SyntaxTree(parsing: prefix)
            assertWellFormed(tree, "prefix \(length)")
            let context = tree.completionContext(at: length)
            _ = tree.rootValue
            if length >= 1 && length < bytes.count - 2 {
                // Once the opening brace is typed, every prefix is an (unclosed) object we can complete in.
                XCTAssertEqual(tree.root.map { tree.kind($0) }, .object, "prefix \(length)")
                XCTAssertNotEqual(context.location, .root, "prefix \(length)")
                XCTAssertNotNil(context.container, "prefix \(length)")
                XCTAssertTrue(context.replaceRange.upperBound <= length || context.replaceRange.lowerBound <= length, "prefix \(length)")
            }
        }
        // A few prefixes pinned to exact contexts.
        let text = String(decoding: bytes, as: UTF8.self)
        func cut(after marker: String) -> Int { Array(text.utf8).count - Array(text.components(separatedBy: marker).dropFirst().joined(separator: marker).utf8).count }
        let inSource = cut(after: "\"source\": \"iglu:com.snowplowanalytics.snowplow/")
        let context = SyntaxTree(parsing: Array(bytes[0..<inSource])).completionContext(at: inSource)
        XCTAssertEqual(context.location, .propertyValue(key: "source"))
        XCTAssertEqual(context.path, [.key("event")])
        XCTAssertEqual(context.prefix, "iglu:com.snowplowanalytics.snowplow/")
        let inSchemaKey = cut(after: "\"targetUrl\": {\n          \"ty")
        let keyContext = SyntaxTree(parsing: Array(bytes[0..<inSchemaKey])).completionContext(at: inSchemaKey)
        XCTAssertEqual(keyContext.location, .propertyKey)
        XCTAssertEqual(keyContext.path, [.key("event"), .key("schema"), .key("properties"), .key("targetUrl")])
        XCTAssertEqual(keyContext.prefix, "ty")
    }

    func testMillionDeepNestingDoesNotOverflowTheStack() {
        let depth = 1_000_000
        let open = [UInt8](repeating: UInt8(ascii: "["), count: depth)
        for bytes in [open, open + [UInt8](repeating: UInt8(ascii: "]"), count: depth), Array(String(repeating: "{\"a\":", count: depth).utf8)] {
            let tree = SyntaxTree(parsing: bytes)
            XCTAssertTrue(tree.diagnostics.contains { $0.code == .nestingTooDeep })
            XCTAssertLessThan(tree.diagnostics.count, 10)
            XCTAssertNotNil(tree.root)
            _ = tree.rootValue
            _ = tree.completionContext(at: bytes.count)
        }
        let balanced = SyntaxTree(parsing: open + [UInt8](repeating: UInt8(ascii: "]"), count: depth))
        XCTAssertEqual(balanced.diagnostics.map(\.code), [.nestingTooDeep])
        XCTAssertEqual(balanced.diagnostics.first?.range, 512..<513)
    }

    func testNestingAtTheLimitParsesOnASmallStack() {
        // The parser does not recurse; decoding values does, once per level, up to the limit.
        // Both must fit a 512 KiB thread stack (macOS's default for secondary threads) in a debug build.
        let text = String(repeating: "{\"a\":", count: 511) + "1" + String(repeating: "}", count: 511)
        let done = expectation(description: "parsed")
        nonisolated(unsafe) var result: SyntaxTree?
        let thread = Thread {
            result = SyntaxTree(parsing: text)
            _ = result?.rootValue
            done.fulfill()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        wait(for: [done], timeout: 60)
        XCTAssertEqual(result?.diagnostics.count, 0)
    }

    func testHundredMegabyteDocument() {
        let record = Array("{\"id\":\"5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10\",\"n\":12345,\"ok\":true,\"tags\":[\"a\",\"b\"],\"price\":-1.5e3},\n".utf8)
        let count = 100_000_000 / record.count + 1
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(count * record.count + 16)
        for _ in 0..<count { bytes += record }
        bytes.removeLast(2)
        bytes.append(UInt8(ascii: "]"))
        XCTAssertGreaterThan(bytes.count, 100_000_000)
        let tree = SyntaxTree(parsing: bytes)
        XCTAssertEqual(tree.diagnostics.count, 0)
        XCTAssertEqual(tree.root.map { tree.childCount($0) }, count)
        let last = tree.node(at: JSONPointer([.index(count - 1), .key("price")]))
        XCTAssertEqual(last.map { tree.text($0) }, "-1.5e3")
        let index = LineIndex(bytes)
        XCTAssertEqual(index.lineCount, count)
    }

    func testRandomDamageNeverBreaksInvariants() throws {
        let base = try example("snowplow/link-click.scenario.json")
        var rng = SplitMix64(seed: 0x7472_6163_6b73)
        let alphabet = Array("{}[]:,\"\\'/*-+.0123456789eEtrufalsn \n\t\r@".utf8) + [0xFF, 0xC3, 0xE2, 0xF0, 0x80]
        for round in 0..<1500 {
            var bytes = base
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let at = Int(rng.next() % UInt64(bytes.count + 1))
                switch rng.next() % 3 {
                case 0: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                case 1: if at < bytes.count { bytes.remove(at: at) }
                default: if at < bytes.count { bytes[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                }
            }
            let tree = SyntaxTree(parsing: bytes)
            assertWellFormed(tree, "round \(round)")
            _ = tree.rootValue
            let offset = Int(rng.next() % UInt64(bytes.count + 1))
            _ = tree.completionContext(at: offset)
            // A value node's pointer leads back to it (when no duplicate key makes a path ambiguous).
            if let node = tree.node(at: offset), tree.kind(node) != .property, !tree.diagnostics.contains(where: { $0.code == .duplicateKey }),
               tree.parent(node).map({ tree.key(ofProperty: $0) != node }) ?? true {
                XCTAssertEqual(tree.node(at: tree.pointer(of: node)), node, "round \(round)")
            }
            let index = LineIndex(bytes)
            let position = index.position(of: offset)
            XCTAssertLessThanOrEqual(index.offset(of: position), bytes.count)
        }
    }
}
