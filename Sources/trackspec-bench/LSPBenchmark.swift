import Foundation
import JSONSyntax
import LanguageServer

/// Drives the real `trackspec lsp` binary over pipes, as an editor would.
final class LSPSession: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private let lock = NSLock()
    private let signal = DispatchSemaphore(value: 0)
    private var messages: [JSONValue] = []
    private var framer = MessageFramer()

    init(binary: String, debounceMilliseconds: Int?) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["lsp"]
        var env = ProcessInfo.processInfo.environment
        if let ms = debounceMilliseconds { env["TRACKSPEC_LSP_DEBOUNCE_MS"] = String(ms) }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            guard let self else { return }
            let data = handle.availableData
            guard !data.isEmpty else { return }
            self.lock.lock()
            for case .message(let body) in self.framer.feed([UInt8](data)) {
                if let value = SyntaxTree(parsing: body).rootValue { self.messages.append(value) }
            }
            self.lock.unlock()
            self.signal.signal()
        }
    }

    func send(_ value: JSONValue) {
        input.fileHandleForWriting.write(Data(frame(Array(JSONWriter().string(value).utf8))))
    }

    /// Waits for (and removes) the first message matching `predicate`.
    func wait(timeout: Double = 120, _ predicate: (JSONValue) -> Bool) -> JSONValue? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            if let i = messages.firstIndex(where: predicate) {
                let m = messages.remove(at: i)
                lock.unlock()
                return m
            }
            lock.unlock()
            _ = signal.wait(timeout: .now() + 0.05)
        }
        return nil
    }

    func initialize(root: String? = nil) {
        send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["processId": .null, "rootUri": root.map { .string("file://" + $0) } ?? .null, "capabilities": [:]]])
        _ = wait { $0["id"] == 1 }
        send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
    }

    var residentKilobytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return -1 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        }
        return -1
    }

    func stop() {
        send(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
        _ = wait(timeout: 30) { $0["id"] == 2 }
        send(["jsonrpc": "2.0", "method": "exit"])
        process.waitUntilExit()
    }
}

func trackspecBinary() -> String {
    let bench = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    return bench.deletingLastPathComponent().appendingPathComponent("trackspec").path
}

/// Nearest-rank percentile of samples in any order (NaN for none).
func percentile(_ samples: [Double], _ p: Double) -> Double {
    guard !samples.isEmpty else { return .nan }
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func lspBenchmark(_ arguments: [String]) {
    let binary = trackspecBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("trackspec-bench: \(binary) not found; build it first (swift build -c release)")
        exit(2)
    }
    print("lsp: trackspec lsp (\(binary)) over pipes; latency = didChange sent → publishDiagnostics for that version received")
    print(row(["document", "edits", "p50 ms", "p90 ms", "max ms", "debounce"]))
    for mb in [1, 10] {
        let text = String(decoding: generateDocument(bytes: mb * 1_000_000), as: UTF8.self)
        for debounce in [0, 100] {
            guard let session = try? LSPSession(binary: binary, debounceMilliseconds: debounce) else { exit(2) }
            session.initialize()
            let uri = "file:///tmp/trackspec-bench-\(mb)mb.json"
            session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
                "uri": .string(uri), "languageId": "json", "version": 1, "text": .string(text)]]])
            _ = session.wait { $0["method"] == "textDocument/publishDiagnostics" }
            var samples: [Double] = []
            let edits = mb == 1 ? 30 : 10
            for i in 0..<edits {
                let version = 2 + i
                // Toggle a character inside the first string: a realistic keystroke-sized edit.
                let change: JSONValue = ["range": ["start": ["line": 1, "character": 11], "end": ["line": 1, "character": 12]],
                                         "text": .string(i % 2 == 0 ? "X" : "5")]
                let start = now()
                session.send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                    "textDocument": ["uri": .string(uri), "version": .number(JSONNumber(version))], "contentChanges": [change]]])
                _ = session.wait { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["version"] == .number(JSONNumber(version)) }
                samples.append((now() - start) * 1000)
            }
            session.stop()
            samples.sort()
            print(row(["\(mb) MB", "\(edits)", fmt(percentile(samples, 0.5)), fmt(percentile(samples, 0.9)), fmt(samples.last!), "\(debounce) ms"]))
        }
    }

    let count = arguments.first.flatMap(Int.init) ?? 10_000
    guard let session = try? LSPSession(binary: binary, debounceMilliseconds: 0) else { exit(2) }
    session.initialize()
    let baseline = session.residentKilobytes
    let start = now()
    for i in 0..<count {
        let text = """
        {"id": "5b6b2a2c-5e2f-4c1e-9f7e-\(String(format: "%012d", i))", "version": 1, "status": "draft", "name": "Scenario \(i)",
         "event": {"source": "iglu:com.acme/event_\(i % 50)/jsonschema/1-0-0", "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}
        """
        session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": .string("file:///tmp/bench/scenario-\(i).json"), "languageId": "json", "version": 1, "text": .string(text)]]])
    }
    var published = 0
    while published < count, session.wait(timeout: 120, { $0["method"] == "textDocument/publishDiagnostics" }) != nil { published += 1 }
    let elapsed = now() - start
    let rss = session.residentKilobytes
    session.stop()
    print("open documents: \(count) opened and analysed in \(fmt(elapsed, 2)) s (\(published) publishes); resident memory \(fmt(Double(rss) / 1024)) MiB (\(fmt(Double(baseline) / 1024)) MiB after initialize)")
}

/// A keystroke in a tracking plan with a problem on every line or two (two per event), with the editor's cap
/// (`maxDiagnostics` 1,000) and without it (a cap above the count): what the budget saves when only the first
/// findings are shown. The rest of a keystroke (parsing, walking the rules, facts) stays linear in the document.
func cappedBenchmark(_ arguments: [String]) {
    let megabytes = arguments.first.flatMap(Double.init) ?? 20
    let binary = trackspecBinary()
    var events: [String] = []
    var size = 0
    while Double(size) < megabytes * 1_000_000 {
        let i = events.count
        let event = #"  {"name": "Événement \#(i) ☕", "eventType": "trak", "description": "Generated.", "properties": [{"name": "prop_\#(i)", "type": "strin", "required": true}]}"#
        size += event.utf8.count + 2
        events.append(event)
    }
    let text = "{\"name\": \"Generated plan\", \"description\": \"x\", \"events\": [\n" + events.joined(separator: ",\n") + "\n]}\n"
    print("capped: one tracking plan of \(text.utf8.count / 1_000_000) MB, \(events.count) events, two problems each; keystroke = didChange → publishDiagnostics")
    print(row(["maxDiagnostics", "first publish s", "keystroke p50 s", "max s", "published", "peak RSS MiB"]))
    var medians: [Double] = []
    for cap in [1_000, 1_000_000_000] {
        guard let session = try? LSPSession(binary: binary, debounceMilliseconds: 0) else { exit(2) }
        session.send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["processId": .null, "rootUri": .null, "capabilities": [:],
                                                                                  "initializationOptions": ["maxDiagnostics": .number(JSONNumber(cap))]]])
        _ = session.wait { $0["id"] == 1 }
        session.send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
        let uri = "file:///tmp/trackspec-bench-capped.tracking-plan.json"
        var start = now()
        session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": .string(uri), "languageId": "json", "version": 1, "text": .string(text)]]])
        let first = session.wait(timeout: 600) { $0["method"] == "textDocument/publishDiagnostics" }
        let open = now() - start
        var samples: [Double] = []
        var peak = session.residentKilobytes
        for i in 0..<3 {
            let version = 2 + i
            let change: JSONValue = ["range": ["start": ["line": 0, "character": 11], "end": ["line": 0, "character": 11]], "text": "x"]
            start = now()
            session.send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
                "textDocument": ["uri": .string(uri), "version": .number(JSONNumber(version))], "contentChanges": [change]]])
            _ = session.wait(timeout: 600) { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["version"] == .number(JSONNumber(version)) }
            samples.append(now() - start)
            peak = max(peak, session.residentKilobytes)
        }
        session.stop()
        samples.sort()
        medians.append(samples[1])
        let published = first?["params"]?["diagnostics"]?.arrayValue?.count ?? -1
        print(row([cap == 1_000 ? "1,000" : "no cap", fmt(open, 2), fmt(samples[1], 2), fmt(samples[2], 2), "\(published)", fmt(Double(peak) / 1024, 0)]))
    }
    print("ratio keystroke without cap / with cap: \(fmt(medians[1] / max(medians[0], 0.001), 2))x")
}
