import Foundation
import Iglu
import JSONSyntax

/// `trackspec check` on a generated workspace of N scenario files over a real Iglu cache, next to
/// check-jsonschema (PyPI) validating the same files against a JSON Schema of the scenario's shape only.
/// Both run as processes under /usr/bin/time: files/s and peak RSS.
func checkBenchmark(_ arguments: [String]) {
    let count = arguments.first.flatMap(Int.init) ?? 10_000
    let cacheRoot = URL(fileURLWithPath: arguments.dropFirst().first ?? "../shared/fixtures/iglu-central").standardizedFileURL.path
    let cache = RegistryCache(roots: [cacheRoot])
    let entries = cache.allFamilies.compactMap { cache.versions(of: $0).last }
    guard !entries.isEmpty else {
        print("trackspec-bench check: no schemas under \(cacheRoot)/schemas")
        exit(2)
    }
    // Each scenario refines a real schema with the schema's own body (compatible by construction, but
    // the checker still decides it), every tenth one with a narrowed copy, every hundredth one broken.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-check-\(getpid())")
    try? FileManager.default.createDirectory(at: dir.appendingPathComponent("scenarios"), withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    writeFile(atPath: dir.appendingPathComponent("trackspec.json").path,
                                   contents: Data(#"{"include": ["scenarios/*.json"], "iglu": {"cache": ["\#(cacheRoot)"]}}"#.utf8))
    var bodies: [String: JSONValue] = [:]
    var paths: [String] = []
    for i in 0..<count {
        let entry = entries[i % entries.count]
        if bodies[entry.path] == nil {
            var body = cache.load(entry).value?.objectValue ?? JSONObject()
            body["self"] = nil
            body["$schema"] = nil
            bodies[entry.path] = .object(body)
        }
        var schema = bodies[entry.path]!
        if i % 10 == 3, case .object(var o) = schema { o["additionalProperties"] = false; schema = .object(o) }
        let scenario: JSONObject = [
            "id": .string(String(format: "5b6b2a2c-5e2f-4c1e-9f7e-%012d", i)), "version": .number(JSONNumber(i % 5)),
            "status": i % 100 == 7 ? "publishd" : "draft", "name": .string("Scenario \(i)"), "appIds": ["web"],
            "event": .object(["source": .string(entry.key.description), "schema": schema]),
        ]
        let path = dir.appendingPathComponent("scenarios/s\(i).json").path
        writeFile(atPath: path, contents: Data(JSONWriter(pretty: true).string(.object(scenario)).utf8))
        paths.append(path)
    }
    let shape = """
    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["name"],
     "properties": {"id": {"type": "string", "format": "uuid"}, "version": {"type": "integer", "minimum": 0},
       "status": {"enum": ["draft", "published", "deprecated"]}, "name": {"type": "string", "minLength": 1},
       "description": {"type": "string"}, "owner": {"type": "string"}, "appIds": {"type": "array", "items": {"type": "string"}},
       "triggers": {"type": "array"}, "dataProductId": {"type": "string"},
       "event": {"type": "object", "properties": {"source": {"type": "string", "pattern": "^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[1-9][0-9]*-[0-9]+-[0-9]+$"},
                 "schema": {"type": "object"}}, "additionalProperties": false},
       "entities": {"type": "object"}}, "additionalProperties": false}
    """
    let shapePath = dir.appendingPathComponent("scenario-shape.json").path
    writeFile(atPath: shapePath, contents: Data(shape.utf8))
    let trackspec = trackspecBinary()

    print("check: \(count) generated scenario files over \(entries.count) schemas of \(cacheRoot)")
    print(row(["tool", "seconds", "files/s", "peak RSS MiB", "findings"]))
    if let r = timedRun([trackspec, "check", "--format", "json", "scenarios"], cwd: dir.path) {
        let diagnostics = (SyntaxTree(parsing: r.output).rootValue?["diagnostics"]?.arrayValue ?? [])
        var byRule: [String: Int] = [:]
        for d in diagnostics { byRule[d["rule"]?.stringValue ?? "?", default: 0] += 1 }
        print(row(["trackspec check", fmt(r.seconds, 2), fmt(Double(count) / r.seconds, 0), fmt(Double(r.maxRSSKB) / 1024, 1),
                   byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]))
    } else {
        print("trackspec check: could not run \(trackspec) under /usr/bin/time")
    }
    if let r = timedRun(["check-jsonschema", "--schemafile", shapePath] + paths.map { "scenarios/" + URL(fileURLWithPath: $0).lastPathComponent }, cwd: dir.path) {
        let failures = r.output.split(separator: "\n").filter { $0.contains("scenarios/") }.count
        print(row(["check-jsonschema (shape only)", fmt(r.seconds, 2), fmt(Double(count) / r.seconds, 0), fmt(Double(r.maxRSSKB) / 1024, 1), "\(failures) files with errors"]))
    } else {
        print("check-jsonschema: not installed (pip install check-jsonschema)")
    }
}

/// Runs a command under /usr/bin/time: wall seconds, peak RSS, exit status and standard output.
func timedRun(_ arguments: [String], cwd: String) -> (seconds: Double, maxRSSKB: Int, status: Int32, output: String)? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    process.arguments = ["-f", "TIME %e %M"] + arguments
    process.currentDirectoryURL = URL(fileURLWithPath: cwd)
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return nil }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard let line = errText.split(separator: "\n").last(where: { $0.hasPrefix("TIME ") }) else { return nil }
    let cells = line.split(separator: " ")
    guard cells.count == 3, let s = Double(cells[1]), let kb = Int(cells[2]) else { return nil }
    return (s, kb, process.terminationStatus, String(decoding: outData, as: UTF8.self))
}
