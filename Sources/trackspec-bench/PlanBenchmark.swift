import Foundation
import JSONSyntax

/// `trackspec check` on one generated RudderStack tracking plan of N events (with a catalog of its
/// properties and categories, so the workspace rules have work), next to check-jsonschema validating the
/// same plan against a JSON Schema of the plan's shape only. Events/s and peak RSS, one run each.
func planBenchmark(_ arguments: [String]) {
    let count = arguments.first.flatMap(Int.init) ?? 5_000
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-plan-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    writeFile(atPath: dir.appendingPathComponent("trackspec.json").path, contents: Data(#"{"include": ["*.json"]}"#.utf8))

    // A pool of properties with one definition each (no conflicts), used by several events.
    let types = ["string", "integer", "number", "boolean", "array"]
    let pool: [(String, String, JSONValue)] = (0..<300).map { i in
        let type = types[i % types.count]
        let config: JSONValue
        switch type {
        case "string": config = ["minLength": .number(JSONNumber(1)), "maxLength": .number(JSONNumber(64 + i))]
        case "integer", "number": config = ["minimum": .number(JSONNumber(0))]
        case "array": config = ["minItems": .number(JSONNumber(1)), "itemTypes": ["string"]]
        default: config = .object(JSONObject())
        }
        return ("property_\(i)", type, config)
    }
    let categories = (0..<20).map { "cat_\($0)" }
    var events: [JSONValue] = []
    for i in 0..<count {
        var properties: [JSONValue] = []
        for k in 0..<(3 + i % 4) {
            let (name, type, config) = pool[(i * 7 + k * 13) % pool.count]
            properties.append(["name": .string(name), "type": .string(type), "required": .bool(k == 0), "propConfig": config])
        }
        // Every hundredth event carries a mistake, so both tools have something to find.
        events.append(["name": .string("Event \(i)"), "eventType": i % 100 == 42 ? "trak" : "track", "description": "Generated event.",
                       "categoryId": .string(categories[i % categories.count]), "properties": .array(properties)])
    }
    let plan: JSONValue = ["name": "Generated plan", "description": "A large plan for the benchmark.", "events": .array(events)]
    let catalog: JSONValue = [
        "categories": .array(categories.map { ["id": .string($0), "name": .string("Category \($0)")] }),
        "properties": .array(pool.map { ["id": .string("prop_" + $0.0), "name": .string($0.0), "type": .string($0.1), "propConfig": $0.2] }),
    ]
    let planPath = dir.appendingPathComponent("plan.json").path
    let planText = JSONWriter(pretty: true).string(plan)
    writeFile(atPath: planPath, contents: Data(planText.utf8))
    writeFile(atPath: dir.appendingPathComponent("catalog.json").path, contents: Data(JSONWriter(pretty: true).string(catalog).utf8))
    let shape = """
    {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "required": ["name", "events"],
     "properties": {"name": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_, .-]{2,64}$"}, "description": {"type": "string"},
       "events": {"type": "array", "items": {"type": "object", "required": ["eventType"],
         "properties": {"name": {"type": "string"}, "description": {"type": "string"}, "categoryId": {"type": "string"},
           "eventType": {"enum": ["track", "identify", "group", "page", "screen"]},
           "properties": {"type": "array", "items": {"type": "object", "properties": {
             "name": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_ ]*$"}, "required": {"type": "boolean"},
             "type": {"enum": ["string", "integer", "number", "object", "array", "boolean", "null"]}, "propConfig": {"type": "object"}}}}}}}}}
    """
    let shapePath = dir.appendingPathComponent("plan-shape.schema").path
    writeFile(atPath: shapePath, contents: Data(shape.utf8))

    print("plan: one tracking plan of \(count) events (\(planText.utf8.count / 1024) KiB) with a catalog of \(pool.count) properties")
    print(row(["tool", "seconds", "events/s", "peak RSS MiB", "findings"]))
    if let r = timedRun([trackspecBinary(), "check", "--format", "json", "plan.json", "catalog.json"], cwd: dir.path) {
        var byRule: [String: Int] = [:]
        for d in SyntaxTree(parsing: r.output).rootValue?["diagnostics"]?.arrayValue ?? [] { byRule[d["rule"]?.stringValue ?? "?", default: 0] += 1 }
        print(row(["trackspec check", fmt(r.seconds, 2), fmt(Double(count) / r.seconds, 0), fmt(Double(r.maxRSSKB) / 1024, 1),
                   byRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")]))
    } else {
        print("trackspec check: could not run under /usr/bin/time")
    }
    if let r = timedRun(["check-jsonschema", "--schemafile", shapePath, "plan.json"], cwd: dir.path) {
        print(row(["check-jsonschema (shape only)", fmt(r.seconds, 2), fmt(Double(count) / r.seconds, 0), fmt(Double(r.maxRSSKB) / 1024, 1),
                   r.status == 0 ? "no errors" : "errors found"]))
    } else {
        print("check-jsonschema: not installed (pip install check-jsonschema)")
    }
}
