import XCTest
import JSONSyntax
@testable import LanguageServer

final class MessageFramerTests: XCTestCase {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    func testSplitsMessagesFedByteByByte() {
        var framer = MessageFramer()
        let wire = bytes("Content-Length: 2\r\n\r\n{}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 3\r\n\r\n[1]")
        var events: [MessageFramer.Event] = []
        for b in wire { events += framer.feed([b]) }
        XCTAssertEqual(events, [.message(bytes("{}")), .message(bytes("[1]"))])
        XCTAssertEqual(framer.pendingByteCount, 0)
    }

    func testContentLengthCountsBytesNotCharacters() {
        var framer = MessageFramer()
        let body = bytes("{\"a\":\"😀é\"}")
        XCTAssertEqual(framer.feed(bytes("Content-Length: \(body.count)\r\n\r\n") + body), [.message(body)])
    }

    func testBadHeadersAreSkippedAndTheStreamResynchronises() {
        var framer = MessageFramer()
        let events = framer.feed(bytes("Content-Length: abc\r\n\r\ngarbageContent-Length: 2\r\n\r\n{}"))
        XCTAssertEqual(events.count, 3)
        guard case .badHeader = events[0], case .badHeader = events[1] else { return XCTFail("\(events)") }
        XCTAssertEqual(events[2], .message(bytes("{}")))
    }

    func testOversizedBodyIsDiscardedThenNextMessageRead() {
        var framer = MessageFramer(maxBodySize: 4)
        let events = framer.feed(bytes("Content-Length: 6\r\n\r\n123456Content-Length: 2\r\n\r\n{}"))
        XCTAssertEqual(events, [.oversized(6), .message(bytes("{}"))])
    }

    func testTruncatedBodyWaits() {
        var framer = MessageFramer()
        XCTAssertEqual(framer.feed(bytes("Content-Length: 9\r\n\r\n{\"a\"")), [])
        XCTAssertEqual(framer.pendingByteCount, 4)
        XCTAssertEqual(framer.feed(bytes(":123}")), [.message(bytes("{\"a\":123}"))])
    }

    func testHeaderBlockOverTheLimitIsDropped() {
        var framer = MessageFramer(maxHeaderSize: 64)
        let events = framer.feed(bytes(String(repeating: "x", count: 200)))
        XCTAssertEqual(events.count, 1)
        XCTAssertEqual(framer.feed(bytes("\r\n\r\nContent-Length: 2\r\n\r\n{}")).last, .message(bytes("{}")))
    }
}

final class JSONRPCTests: XCTestCase {
    func parse(_ s: String) -> IncomingMessage { IncomingMessage.parse(Array(s.utf8)) }

    func code(_ s: String) -> Int? {
        if case .invalid(_, let error, _) = parse(s) { return error.code }
        return nil
    }

    func testClassification() {
        guard case .request(.number(1), "initialize", _) = parse(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#) else { return XCTFail() }
        guard case .request(.string("a"), "x", nil) = parse(#"{"jsonrpc":"2.0","id":"a","method":"x"}"#) else { return XCTFail() }
        guard case .notification("exit", nil) = parse(#"{"jsonrpc":"2.0","method":"exit"}"#) else { return XCTFail() }
        guard case .response(.number(3), _, nil) = parse(#"{"jsonrpc":"2.0","id":3,"result":null}"#) else { return XCTFail() }
    }

    func testErrors() {
        XCTAssertEqual(code("{nope"), ErrorCode.parseError)
        XCTAssertEqual(code("[]"), ErrorCode.invalidRequest)
        XCTAssertEqual(code(#"{"id":1,"method":"x"}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":[1],"method":"x"}"#), ErrorCode.invalidRequest)
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":1,"method":"x","params":1}"#), ErrorCode.invalidParams)
        XCTAssertEqual(code(#"{"jsonrpc":"2.0","id":1}"#), ErrorCode.invalidRequest)
        // A broken notification has no id to answer.
        if case .invalid(_, _, let reply) = parse(#"{"jsonrpc":"2.0","method":"x","params":1}"#) { XCTAssertFalse(reply) } else { XCTFail() }
    }
}

final class DocumentStoreTests: XCTestCase {
    func testIncrementalChangesAppliedInOrder() {
        var store = DocumentStore()
        store.open(uri: "file:///a.json", languageId: "json", version: 1, text: "{\"x\": \"😀\"}\n")
        let changes = [
            TextChange(range: (Position(line: 0, character: 7), Position(line: 0, character: 9)), text: "ok"),
            TextChange(range: (Position(line: 1, character: 0), Position(line: 1, character: 0)), text: "// end"),
        ]
        XCTAssertTrue(store.change(uri: "file:///a.json", version: 2, changes: changes, encoding: .utf16))
        XCTAssertEqual(String(decoding: store["file:///a.json"]!.bytes, as: UTF8.self), "{\"x\": \"ok\"}\n// end")
        XCTAssertEqual(store["file:///a.json"]?.version, 2)
        XCTAssertTrue(store.change(uri: "file:///a.json", version: 3, changes: [TextChange(range: nil, text: "[]")], encoding: .utf16))
        XCTAssertEqual(store["file:///a.json"]?.bytes, Array("[]".utf8))
        XCTAssertFalse(store.change(uri: "file:///b.json", version: 1, changes: [], encoding: .utf16))
    }

    func testURIsAreCanonical() {
        XCTAssertEqual(DocumentURI.path("file:///tmp/a%20b.json"), "/tmp/a b.json")
        XCTAssertEqual(DocumentURI.uri("/tmp/a b/é.json"), "file:///tmp/a%20b/%C3%A9.json")
        XCTAssertEqual(DocumentURI.key("file:///tmp/a b.json"), DocumentURI.key("file:///tmp/a%20b.json"))
        XCTAssertNil(DocumentURI.path("untitled:Untitled-1"))
    }
}
