import Foundation
import JSONSyntax

/// Edit → publish latency of one file in workspaces of growing size, through the real server over pipes: a
/// rudder-cli project of N property files and a tracking plan referencing all of them. An edit of one property
/// file should cost what it costs in a small project: the 20,000/100 ratio of the medians is printed.
func workspaceBenchmark(_ arguments: [String]) {
    let binary = trackspecBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("trackspec-bench: \(binary) not found; build it first (swift build -c release)")
        exit(2)
    }
    let sizes = arguments.compactMap { Int($0) }.isEmpty ? [100, 2_000, 20_000] : arguments.compactMap { Int($0) }
    print("workspace: trackspec lsp over pipes, no debounce; a rudder-cli project of N property files and a tracking plan")
    print("referencing every property; latency = didChange of one property file → its publishDiagnostics; RSS after the edits")
    print(row(["files", "scan+open ms", "edits", "p50 ms", "p90 ms", "RSS MiB"]))
    var medians: [Int: Double] = [:]
    var memory: [Int: Double] = [:]
    for n in sizes {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-workspace-\(n)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("properties"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func property(_ i: Int, name: String) -> String {
            "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\(i)\nspec:\n  properties:\n    - id: \(name)\n      name: \(name)\n      type: string\n"
        }
        for i in 0..<n {
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("properties/p\(i).yaml").path, contents: Data(property(i, name: "prop_\(i)").utf8))
        }
        var plan = "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: plan\n  display_name: Bench Plan\n  rules:\n"
        plan += "    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n"
        for i in 0..<n { plan += "        - property: \"#property:prop_\(i)\"\n" }
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("plan.yaml").path, contents: Data(plan.utf8))
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("events.yaml").path, contents: Data(
            "version: rudder/v1\nkind: events\nmetadata:\n  name: events\nspec:\n  events:\n    - id: viewed\n      name: Viewed\n      event_type: track\n".utf8))
        let edited = dir.appendingPathComponent("properties/p\(n / 2).yaml").path
        // The property's description typed and untyped: its facts stay, its diagnostics are recomputed.
        let m = measureEdits(binary: binary, root: dir.path, file: edited) { i in
            property(n / 2, name: "prop_\(n / 2)") + (i % 2 == 1 ? "      description: Typed description\n" : "")
        }
        medians[n] = m.p50
        memory[n] = m.rss
        print(row(["\(n)", fmt(m.opened, 0), "\(m.edits)", fmt(m.p50, 2), fmt(m.p90, 2), fmt(m.rss, 1)]))
    }
    report(sizes, medians, memory)
    print("")
    print("workspace: an Iglu registry of N schemas (schemas/com.acme/e{i}/jsonschema/1-0-0, shadowing the cache) and a")
    print("snowplow-cli data product whose event specification refines one of them; latency = didChange of the data product")
    print(row(["schemas", "scan+open ms", "edits", "p50 ms", "p90 ms", "RSS MiB"]))
    medians = [:]
    memory = [:]
    for n in sizes {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-registry-\(n)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in 0..<n {
            let folder = dir.appendingPathComponent("registry/schemas/com.acme/e\(i)/jsonschema")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let schema = #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "description": "E", "self": {"vendor": "com.acme", "name": "e\#(i)", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"action": {"type": "string", "maxLength": 32}}, "additionalProperties": false}"#
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("1-0-0").path, contents: Data(schema.utf8))
        }
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("data-products"), withIntermediateDirectories: true)
        func product(_ description: String) -> String {
            """
            apiVersion: v1
            resourceType: data-product
            resourceName: 0f5d5a7e-9d9d-4b8e-8a8e-1a2b3c4d5e6f
            data:
              name: Bench
              description: \(description)
              eventSpecifications:
                - resourceName: 1f5d5a7e-9d9d-4b8e-8a8e-1a2b3c4d5e6f
                  name: Clicked
                  event:
                    source: iglu:com.acme/e\(n / 2)/jsonschema/1-0-0
                    schema:
                      type: object
                      properties:
                        action:
                          type: string
                          maxLength: 8
                      additionalProperties: false

            """
        }
        let path = dir.appendingPathComponent("data-products/bench.yaml").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(product("Bench data product").utf8))
        let m = measureEdits(binary: binary, root: dir.path, file: path) { i in
            product(i % 2 == 1 ? "Bench data product, typed" : "Bench data product")
        }
        medians[n] = m.p50
        memory[n] = m.rss
        print(row(["\(n)", fmt(m.opened, 0), "\(m.edits)", fmt(m.p50, 2), fmt(m.p90, 2), fmt(m.rss, 1)]))
    }
    report(sizes, medians, memory)
}

private func report(_ sizes: [Int], _ medians: [Int: Double], _ memory: [Int: Double]) {
    if let small = sizes.first, let large = sizes.last, let a = medians[small], let b = medians[large], small != large {
        print("ratio \(large)/\(small): \(String(format: "%.2f", b / a))x")
        if let ma = memory[small], let mb = memory[large] { print("memory \(large)/\(small): \(String(format: "%.2f", mb / ma))x for \(String(format: "%.0f", Double(large) / Double(small)))x the files") }
    }
}

/// Opens `file` (its text `text(0)`) in a server rooted at `root`, then sends whole-text edits `text(1)`, `text(2)`…
/// and times each didChange → its publishDiagnostics: 60 measured after 5 that warm the caches up (sub-millisecond
/// medians are noisy). Also the time to the first publication (the workspace scan) and the resident memory after.
private func measureEdits(binary: String, root: String, file: String, text: (Int) -> String)
    -> (opened: Double, edits: Int, p50: Double, p90: Double, rss: Double) {
    guard let session = try? LSPSession(binary: binary, debounceMilliseconds: 0) else { exit(2) }
    session.initialize(root: root)
    let uri = "file://" + file
    let start = now()
    session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
        "uri": .string(uri), "languageId": "yaml", "version": 1, "text": .string(text(0))]]])
    _ = session.wait(timeout: 600) { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.stringValue == uri }
    let opened = (now() - start) * 1000
    let edits = 60, warmUp = 5
    var samples: [Double] = []
    for i in 0..<(warmUp + edits) {
        let version = 2 + i
        let t0 = now()
        session.send(["jsonrpc": "2.0", "method": "textDocument/didChange", "params": [
            "textDocument": ["uri": .string(uri), "version": .number(JSONNumber(version))], "contentChanges": [["text": .string(text(i + 1))]]]])
        _ = session.wait { $0["method"] == "textDocument/publishDiagnostics" && $0["params"]?["version"] == .number(JSONNumber(version)) }
        if i >= warmUp { samples.append((now() - t0) * 1000) }
    }
    let rss = Double(session.residentKilobytes) / 1024
    session.stop()
    return (opened, edits, percentile(samples, 0.5), percentile(samples, 0.9), rss)
}
