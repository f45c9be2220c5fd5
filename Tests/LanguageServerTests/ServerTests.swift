import Foundation
import XCTest
import JSONSyntax
import TrackingPlans
@testable import LanguageServer

/// Drives the server in-process: messages in, captured frames out.
final class ServerTests: XCTestCase {
    final class Capture: @unchecked Sendable {
        let lock = NSLock()
        var framer = MessageFramer()
        var messages: [JSONValue] = []
        var exitCode: Int32?
        func take(_ bytes: [UInt8]) {
            lock.lock()
            for case .message(let body) in framer.feed(bytes) { messages.append(SyntaxTree(parsing: body).rootValue!) }
            lock.unlock()
        }
        var all: [JSONValue] { lock.lock(); defer { lock.unlock() }; return messages }
    }

    func makeServer(debounce: DispatchTimeInterval = .milliseconds(100)) -> (LanguageServer, Capture) {
        let capture = Capture()
        var options = LanguageServer.Options()
        options.debounce = debounce
        let server = LanguageServer(options: options, output: { capture.take($0) }, terminate: { capture.exitCode = $0 })
        return (server, capture)
    }

    func send(_ server: LanguageServer, _ value: JSONValue) {
        server.receive(Array(JSONWriter().string(value).utf8))
    }

    func waitFor(_ capture: Capture, _ server: LanguageServer, timeout: TimeInterval = 10, _ predicate: ([JSONValue]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            server.sync()
            if predicate(capture.all) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    func publishes(_ messages: [JSONValue]) -> [JSONValue] {
        messages.filter { $0["method"] == "textDocument/publishDiagnostics" }.compactMap { $0["params"] }
    }

    func testDebouncedTypingPublishesOnceForTheLatestVersion() {
        let (server, capture) = makeServer(debounce: .milliseconds(200))
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": ["uri": "file:///tmp/t.json", "languageId": "json", "version": 1, "text": "["]]])
        XCTAssertTrue(waitFor(capture, server) { self.publishes($0).count == 1 })
        for v in 2...6 {
            send(server, ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                "textDocument": ["uri": "file:///tmp/t.json", "version": .number(JSONNumber(v))],
                "contentChanges": [["text": .string(v == 6 ? "[1]" : "[1,")]]]])
        }
        XCTAssertTrue(waitFor(capture, server) { self.publishes($0).count >= 2 })
        Thread.sleep(forTimeInterval: 0.5)
        server.sync()
        let published = publishes(capture.all)
        XCTAssertEqual(published.count, 2, "one publish for open, one for the burst of changes")
        XCTAssertEqual(published.last?["version"], 6)
        XCTAssertEqual(published.last?["diagnostics"], [])
    }

    func testExitCodes() {
        let (server, capture) = makeServer()
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:]]])
        send(server, ["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        send(server, ["jsonrpc": "2.0", "method": "exit"])
        server.sync()
        XCTAssertEqual(capture.exitCode, 0)
        let (other, otherCapture) = makeServer()
        send(other, ["jsonrpc": "2.0", "method": "exit"])
        other.sync()
        XCTAssertEqual(otherCapture.exitCode, 1)
    }

    func testRelatedInformationForDuplicateKeys() {
        let (server, capture) = makeServer()
        // No workspace: the client's `include` makes the plain JSON file one of the project's.
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [
            "textDocument": ["publishDiagnostics": ["relatedInformation": true]]], "initializationOptions": ["include": ["**/*.json"]]]])
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": "file:///tmp/dup.json", "languageId": "json", "version": 1, "text": "{\"a\": 1,\n \"a\": 2}"]]])
        XCTAssertTrue(waitFor(capture, server) { !self.publishes($0).isEmpty })
        let diagnostics = publishes(capture.all)[0]["diagnostics"]?.arrayValue ?? []
        // The second occurrence is reported, pointing at the first.
        guard diagnostics.count == 1 else { return XCTFail("\(diagnostics)") }
        XCTAssertEqual(diagnostics[0]["range"], ["start": ["line": 1, "character": 1], "end": ["line": 1, "character": 4]])
        XCTAssertEqual(diagnostics[0]["relatedInformation"]?.arrayValue?.first?["location"]?["range"],
                       ["start": ["line": 0, "character": 1], "end": ["line": 0, "character": 4]])
    }

    /// A file with more problems than the editor is shown (maxDiagnostics): the first ones, then one saying how many
    /// more (and how many of them are errors). `check` lists every one.
    func testPublicationsAreCappedAtMaxDiagnostics() {
        let (server, capture) = makeServer()
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:],
            "initializationOptions": ["include": ["**/*.json"], "maxDiagnostics": 5]]])
        // Twenty trailing commas: twenty errors.
        let text = "[" + String(repeating: "[1,],", count: 20) + "1]"
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": "file:///tmp/many.json", "languageId": "json", "version": 1, "text": .string(text)]]])
        XCTAssertTrue(waitFor(capture, server) { !self.publishes($0).isEmpty })
        let diagnostics = publishes(capture.all)[0]["diagnostics"]?.arrayValue ?? []
        XCTAssertEqual(diagnostics.count, 6)
        XCTAssertEqual(diagnostics.prefix(5).compactMap { $0["code"] }, Array(repeating: "json/trailing-comma", count: 5))
        XCTAssertEqual(diagnostics.last?["code"], "file/diagnostics-capped")
        XCTAssertEqual(diagnostics.last?["message"], "15 more problems in this file (15 errors) not shown: the editor shows the first 5 (setting maxDiagnostics); `trackspec check` lists them all")
    }

    /// Past the cap the analysis only counts findings (their messages, suggestions and fixes are not built): the
    /// editor still gets the first ones exactly as `check` has them, and the exact count and errors of the rest.
    func testCappedPublicationsOfRuleFindingsMatchTheFullAnalysis() throws {
        let (server, capture) = makeServer()
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:],
            "initializationOptions": ["maxDiagnostics": 4]]])
        let events = (0..<40).map { i in #"{"name": "Event \#(i)", "eventType": "\#(i % 2 == 0 ? "trak" : "track")", "properties": [{"name": "p\#(i)", "type": "strin"}]}"# }
        let text = #"{"name": "Plan", "events": ["# + events.joined(separator: ",\n") + "]}"
        let path = "/tmp/capped.tracking-plan.json"
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": .string("file://" + path), "languageId": "json", "version": 1, "text": .string(text)]]])
        XCTAssertTrue(waitFor(capture, server) { !self.publishes($0).isEmpty })
        let diagnostics = publishes(capture.all)[0]["diagnostics"]?.arrayValue ?? []
        let full = Analyzer(configuration: Configuration(root: "/tmp")).analyze(path: path, bytes: Array(text.utf8)).diagnostics
        XCTAssertEqual(full.count, 60)
        XCTAssertEqual(diagnostics.count, 5)
        XCTAssertEqual(diagnostics.prefix(4).compactMap { $0["message"]?.stringValue }, full.prefix(4).map(\.message))
        XCTAssertEqual(diagnostics.last?["message"], "56 more problems in this file (56 errors) not shown: the editor shows the first 4 (setting maxDiagnostics); `trackspec check` lists them all")
    }

    /// A client that cannot watch files (Neovim 0.7: no dynamic registration) still sees another file change on
    /// disk: the server watches the workspace itself. `sed -i` writes a new file and renames it over the old one.
    func testAFileChangedOnDiskIsSeenWithoutTheClientsWatcher() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("catalog"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let properties = "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n    - id: product_id\n      name: product_id\n      type: string\n"
        let plan = "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: shop\n  display_name: Shop Plan\n  rules:\n    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n        - property: \"#property:product_id\"\n          required: true\n"
        let events = "version: rudder/v1\nkind: events\nmetadata:\n  name: events\nspec:\n  events:\n    - id: viewed\n      name: Product Viewed\n      event_type: track\n"
        try Data(properties.utf8).write(to: dir.appendingPathComponent("catalog/properties.yaml"))
        try Data(events.utf8).write(to: dir.appendingPathComponent("catalog/events.yaml"))
        try Data(plan.utf8).write(to: dir.appendingPathComponent("plan.yaml"))
        let (server, capture) = makeServer(debounce: .milliseconds(20))
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:], "rootUri": .string(dir.absoluteString),
                                                                                   "clientInfo": ["name": "Neovim", "version": "0.7.2"]]])
        send(server, ["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        let planURI = dir.appendingPathComponent("plan.yaml").absoluteString
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": .string(planURI), "languageId": "yaml", "version": 1, "text": .string(plan)]]])
        func planPublishes() -> [JSONValue] { publishes(capture.all).filter { $0["uri"]?.stringValue == planURI } }
        XCTAssertTrue(waitFor(capture, server) { _ in !planPublishes().isEmpty })
        XCTAssertEqual(planPublishes().last?["diagnostics"], [])
        // As `sed -i 's/id: product_id/id: product_sku/' catalog/properties.yaml` does it: a new file renamed over.
        let target = dir.appendingPathComponent("catalog/properties.yaml")
        let temporary = dir.appendingPathComponent("catalog/sedXYZ123")
        try Data(properties.replacingOccurrences(of: "id: product_id", with: "id: product_sku").utf8).write(to: temporary)
        XCTAssertEqual(rename(temporary.path, target.path), 0)
        XCTAssertTrue(waitFor(capture, server, timeout: 10) { _ in
            planPublishes().last?["diagnostics"]?.arrayValue?.contains { $0["code"] == "rudderstack/reference-unresolved" } == true
        }, "\(planPublishes().last ?? .null)")
        send(server, ["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        XCTAssertTrue(waitFor(capture, server) { $0.contains { $0["id"] == 2 } })
    }

    /// A cross-file change republishes the files that depend on it and no other: renaming a property's id makes
    /// the plan that references it unresolved; the category file beside them hears nothing.
    func testACrossFileChangeRepublishesExactlyItsDependents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files: [String: String] = [
            "properties.yaml": "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n    - id: product_id\n      name: product_id\n      type: string\n",
            "events.yaml": "version: rudder/v1\nkind: events\nmetadata:\n  name: events\nspec:\n  events:\n    - id: viewed\n      name: Product Viewed\n      event_type: track\n",
            "plan.yaml": "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: shop\n  display_name: Shop Plan\n  rules:\n    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n        - property: \"#property:product_id\"\n          required: true\n",
            "categories.yaml": "version: rudder/v1\nkind: categories\nmetadata:\n  name: cats\nspec:\n  categories:\n    - id: shop\n      name: Shopping\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        let (server, capture) = makeServer(debounce: .milliseconds(20))
        send(server, ["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:], "rootUri": .string(dir.absoluteString)]])
        send(server, ["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            send(server, ["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
                "uri": .string(dir.appendingPathComponent(name).absoluteString), "languageId": "yaml", "version": 1, "text": .string(text)]]])
        }
        func published(_ name: String) -> [JSONValue] {
            publishes(capture.all).filter { $0["uri"]?.stringValue?.hasSuffix("/" + name) == true }
        }
        XCTAssertTrue(waitFor(capture, server) { _ in files.keys.allSatisfy { !published($0).isEmpty } })
        Thread.sleep(forTimeInterval: 0.5)
        server.sync()
        XCTAssertEqual(published("plan.yaml").last?["diagnostics"], [])
        let before = Dictionary(uniqueKeysWithValues: files.keys.map { ($0, published($0).count) })
        let renamed = files["properties.yaml"]!.replacingOccurrences(of: "id: product_id", with: "id: product_sku")
        send(server, ["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
            "textDocument": ["uri": .string(dir.appendingPathComponent("properties.yaml").absoluteString), "version": 2],
            "contentChanges": [["text": .string(renamed)]]]])
        XCTAssertTrue(waitFor(capture, server) { _ in published("plan.yaml").count > before["plan.yaml"]! })
        Thread.sleep(forTimeInterval: 0.6)
        server.sync()
        let plan = published("plan.yaml").last?["diagnostics"]?.arrayValue ?? []
        XCTAssertEqual(plan.compactMap { $0["code"]?.stringValue }, ["rudderstack/reference-unresolved"])
        XCTAssertEqual(published("categories.yaml").count, before["categories.yaml"], "an unrelated file is not republished")
        XCTAssertEqual(published("events.yaml").count, before["events.yaml"], "an unrelated file is not republished")
    }
}
