import Foundation
import Iglu
import JSONSyntax

/// textDocument/completion latency through the release server: a 1 MB API envelope of scenarios over the
/// full fixture cache, requests at status values, Iglu URI segments and key positions, as a user types.
func completionBenchmark(_ arguments: [String]) {
    let cacheRoot = URL(fileURLWithPath: arguments.first ?? "../shared/fixtures/iglu-central").standardizedFileURL.path
    let families = RegistryCache(roots: [cacheRoot]).allFamilies
    guard !families.isEmpty else {
        print("trackspec-bench completion: no schemas under \(cacheRoot)")
        exit(2)
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-completion-\(getpid())").path
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    writeFile(atPath: dir + "/trackspec.json", contents: Data(#"{"iglu": {"cache": ["\#(cacheRoot)"]}}"#.utf8))

    // One scenario per line; remember where the cursor goes on each.
    var lines = ["{\"data\": ["]
    var positions: [(line: Int, character: Int, what: String)] = []
    var i = 0
    while lines.joined(separator: "\n").utf8.count < 1_000_000 {
        let family = families[i % families.count]
        let prefix = "  {\"id\": \"5b6b2a2c-5e2f-4c1e-9f7e-\(String(format: "%012d", i))\", \"status\": \"dr"
        let middle = "aft\", \"name\": \"Scenario \(i)\", \"event\": {\"source\": \"iglu:\(family.vendor)/"
        let rest = "\(family.name)/jsonschema/1-0-0\"}, \"description\": \"Generated scenario number \(i) for the completion benchmark.\"},"
        let line = prefix + middle + rest
        switch i % 3 {
        case 0: positions.append((lines.count, prefix.utf16.count, "status value"))
        case 1: positions.append((lines.count, (prefix + middle).utf16.count, "Iglu URI name segment"))
        default: positions.append((lines.count, 3, "scenario key"))
        }
        lines.append(line)
        i += 1
    }
    lines[lines.count - 1].removeLast()
    lines.append("]}")
    let text = lines.joined(separator: "\n")
    let binary = trackspecBinary()
    guard let session = try? LSPSession(binary: binary, debounceMilliseconds: 0) else { exit(2) }
    session.initialize(root: dir)
    let uri = "file://\(dir)/scenarios.api.json"
    session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
        "uri": .string(uri), "languageId": "json", "version": 1, "text": .string(text)]]])
    _ = session.wait(timeout: 600) { $0["method"] == "textDocument/publishDiagnostics" }
    var samples: [String: [Double]] = [:]
    var itemCounts: [String: Int] = [:]
    let requests = arguments.dropFirst().first.flatMap(Int.init) ?? 300
    for r in 0..<requests {
        let p = positions[(r * 7919) % positions.count]
        let id = 100 + r
        let start = now()
        session.send(["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": "textDocument/completion", "params": [
            "textDocument": ["uri": .string(uri)], "position": ["line": .number(JSONNumber(p.line)), "character": .number(JSONNumber(p.character))]]])
        let response = session.wait { $0["id"] == .number(JSONNumber(id)) }
        samples[p.what, default: []].append((now() - start) * 1000)
        itemCounts[p.what] = response?["result"]?["items"]?.arrayValue?.count ?? -1
    }
    session.stop()
    print("completion: \(text.utf8.count / 1024) KiB document of \(i) scenarios, cache of \(families.count) schema families, \(requests) requests")
    print(row(["position", "requests", "items", "p50 ms", "p99 ms", "max ms"]))
    for (what, values) in samples.sorted(by: { $0.key < $1.key }) {
        print(row([what, "\(values.count)", "\(itemCounts[what] ?? 0)", fmt(percentile(values, 0.5), 2), fmt(percentile(values, 0.99), 2), fmt(values.max() ?? 0, 2)]))
    }
    let all = samples.values.flatMap { $0 }
    print(row(["all", "\(all.count)", "", fmt(percentile(all, 0.5), 2), fmt(percentile(all, 0.99), 2), fmt(all.max() ?? 0, 2)]))
}
