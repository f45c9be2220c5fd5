import Foundation
import JSONSyntax

/// Rename and references across a rudder-cli project through the real server over pipes: N files (N − 2 property
/// files, one events file, one tracking plan referencing every property), a property in the middle renamed from its
/// reference in the open plan. The budget: the rename's edit within 200 ms at 2,000 files.
func renameBenchmark(_ arguments: [String]) {
    let binary = trackspecBinary()
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        print("trackspec-bench: \(binary) not found; build it first (swift build -c release)")
        exit(2)
    }
    let sizes = arguments.compactMap { Int($0) }.isEmpty ? [2_000] : arguments.compactMap { Int($0) }
    print("rename: trackspec lsp over pipes; a rudder-cli project of N files, a property renamed from its use in the open plan")
    print("(the first request scans the workspace: its time is shown apart); p50/p90 of 30 requests after it")
    print(row(["files", "first ms", "rename p50", "rename p90", "refs p50", "edited files", "budget 200 ms"]))
    for n in sizes {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-rename-\(n)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir.appendingPathComponent("properties"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let properties = max(1, n - 2)
        for i in 0..<properties {
            let text = "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\(i)\nspec:\n  properties:\n    - id: prop_\(i)\n      name: prop_\(i)\n      type: string\n"
            _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("properties/p\(i).yaml").path, contents: Data(text.utf8))
        }
        _ = FileManager.default.createFile(atPath: dir.appendingPathComponent("events.yaml").path, contents: Data(
            "version: rudder/v1\nkind: events\nmetadata:\n  name: events\nspec:\n  events:\n    - id: viewed\n      name: Viewed\n      event_type: track\n".utf8))
        var plan = "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: plan\n  display_name: Bench Plan\n  rules:\n"
        plan += "    - type: event_rule\n      id: viewed_rule\n      event: \"#event:viewed\"\n      properties:\n"
        for i in 0..<properties { plan += "        - property: \"#property:prop_\(i)\"\n" }
        let planPath = dir.appendingPathComponent("plan.yaml").path
        _ = FileManager.default.createFile(atPath: planPath, contents: Data(plan.utf8))
        let target = "#property:prop_\(properties / 2)\""
        let before = plan[..<plan.range(of: target)!.lowerBound]
        let line = before.filter { $0 == "\n" }.count
        let character = before.split(separator: "\n", omittingEmptySubsequences: false).last!.count + 12

        guard let session = try? LSPSession(binary: binary, debounceMilliseconds: 0) else { exit(2) }
        session.initialize(root: dir.path)
        let uri = "file://" + planPath
        session.send(["jsonrpc": "2.0", "method": "textDocument/didOpen", "params": ["textDocument": [
            "uri": .string(uri), "languageId": "yaml", "version": 1, "text": .string(plan)]]])
        let position: JSONValue = ["line": .number(JSONNumber(line)), "character": .number(JSONNumber(character))]
        var id = 100
        func request(_ method: String, _ extra: [(String, JSONValue)]) -> (Double, JSONValue?) {
            id += 1
            var params = JSONObject([("textDocument", ["uri": .string(uri)]), ("position", position)])
            for (k, v) in extra { params[k] = v }
            let t0 = now()
            session.send(["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params)])
            let answer = session.wait(timeout: 600) { $0["id"] == .number(JSONNumber(id)) }
            return ((now() - t0) * 1000, answer)
        }
        let (first, _) = request("textDocument/rename", [("newName", "renamed_prop")])
        var renames: [Double] = [], refs: [Double] = []
        var edited = 0
        for i in 0..<30 {
            let (ms, answer) = request("textDocument/rename", [("newName", .string("renamed_\(i)"))])
            renames.append(ms)
            edited = answer?["result"]?["changes"]?.objectValue?.count ?? 0
            refs.append(request("textDocument/references", [("context", ["includeDeclaration": true])]).0)
        }
        session.stop()
        let p50 = percentile(renames, 0.5)
        print(row(["\(n)", fmt(first, 0), fmt(p50, 2), fmt(percentile(renames, 0.9), 2), fmt(percentile(refs, 0.5), 2), "\(edited)",
                   p50 <= 200 ? "within (\(fmt(200 / max(p50, 0.001), 1))× under)" : "OVER (\(fmt(p50 / 200, 1))× the budget)"]))
    }
}
