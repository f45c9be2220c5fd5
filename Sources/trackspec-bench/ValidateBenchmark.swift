import Foundation
import JSONSchema
import JSONSyntax

/// A realistic Snowplow-style event schema: nested objects, patterns, enums, formats, bounds.
let benchmarkSchema = """
{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
 "properties": {
   "event_id": {"type": "string", "format": "uuid"},
   "action": {"type": "string", "enum": ["click", "view", "submit", "scroll"]},
   "target_url": {"type": "string", "format": "uri", "maxLength": 4096},
   "element_id": {"type": ["string", "null"], "pattern": "^[a-z][a-z0-9_-]{0,63}$"},
   "occurred_at": {"type": "string", "format": "date-time"},
   "price": {"type": "number", "minimum": 0, "maximum": 1000000, "multipleOf": 0.01},
   "quantity": {"type": "integer", "minimum": 1, "maximum": 999},
   "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 32}, "maxItems": 10, "uniqueItems": true},
   "product": {"type": "object", "properties": {
       "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{4,8}$"},
       "name": {"type": "string", "minLength": 1, "maxLength": 255},
       "category": {"type": "string"}},
     "required": ["sku", "name"], "additionalProperties": false}
 },
 "required": ["event_id", "action", "occurred_at"],
 "additionalProperties": false}
"""

func benchmarkInstances(_ count: Int) -> [JSONValue] {
    let actions = ["click", "view", "submit", "scroll", "tap"]
    return (0..<count).map { i in
        let broken = i % 10 == 9
        var object = JSONObject([
            ("event_id", .string(String(format: "5b6b2a2c-5e2f-4c1e-9f7e-%012d", i))),
            ("action", .string(actions[broken ? 4 : i % 4])),
            ("target_url", .string("https://www.acme.example/products/\(i)?ref=home#top")),
            ("element_id", i % 3 == 0 ? .null : .string("button-\(i % 50)")),
            ("occurred_at", .string("2026-11-\(10 + i % 18)T12:\(10 + i % 50):05.123Z")),
            ("price", .number(JSONNumber("\(i % 500).\(i % 100 < 10 ? "0" : "")\(i % 100)")!)),
            ("quantity", .number(JSONNumber(1 + i % 20))),
            ("tags", .array((0..<(i % 5)).map { .string("tag\($0)") })),
            ("product", .object(JSONObject([("sku", .string("ABC-\(1000 + i % 9000)")), ("name", .string("Product \(i)")), ("category", "shoes")]))),
        ])
        if broken && i % 20 == 19 { object["unexpected"] = true }
        return .object(object)
    }
}

func validateBenchmark(_ arguments: [String]) {
    let count = arguments.first.flatMap(Int.init) ?? 20_000
    let schema = SchemaCompiler.compile(SyntaxTree(parsing: benchmarkSchema))
    precondition(schema.diagnostics.isEmpty, "\(schema.diagnostics)")
    let validator = Validator(schema)
    let instances = benchmarkInstances(count)
    var validCount = 0
    let fast = measure(minRuns: 3, minSeconds: 1, best: true) { validCount = instances.reduce(0) { $0 + (validator.isValid($1) ? 1 : 0) } }
    var errorCount = 0
    let full = measure(minRuns: 3, minSeconds: 1, best: true) { errorCount = instances.reduce(0) { $0 + validator.validate($1).count } }
    let ours = Double(count) / fast
    print("validate: \(count) instances of a Snowplow-style event schema (\(validCount) valid, \(errorCount) errors), formats asserted")
    print(row(["validator", "instances/s", "valid", "vs trackspec"]))
    print(row(["trackspec isValid", fmt(ours, 0), "\(validCount)", "1.00x"]))
    print(row(["trackspec validate", fmt(Double(count) / full, 0), "\(count - (errorCount > 0 ? count - validCount : 0))", fmt((Double(count) / full) / ours, 2) + "x"]))

    // Same schema and instances for the Python peers.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let schemaPath = dir.appendingPathComponent("schema.json").path
    let dataPath = dir.appendingPathComponent("instances.json").path
    writeFile(atPath: schemaPath, contents: Data(benchmarkSchema.utf8))
    writeFile(atPath: dataPath, contents: Data(JSONWriter().string(.array(instances)).utf8))
    // The batch row: the valid instances as one array under `{"type": "array", "items": schema}`, one call each side,
    // so a peer's per-call Python overhead drops out (is_valid must then look at every item).
    let validInstances = instances.filter { validator.isValid($0) }
    let batchSchemaText = #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": "# + benchmarkSchema + "}"
    let batchValidator = Validator(SchemaCompiler.compile(SyntaxTree(parsing: batchSchemaText)))
    let batchInstance = JSONValue.array(validInstances)
    var batchValid = false
    let batch = measure(minRuns: 3, minSeconds: 1, best: true) { batchValid = batchValidator.isValid(batchInstance) }
    let oursBatch = Double(validInstances.count) / batch
    print(row(["trackspec isValid, batch", fmt(oursBatch, 0), batchValid ? "\(validInstances.count)" : "0", "1.00x (batch)"]))
    let script = """
    import json, sys, time
    schema = json.load(open(sys.argv[1])); data = json.load(open(sys.argv[2]))
    def best_of(run, repeat=3):
        best = None
        for _ in range(repeat):
            t = time.perf_counter(); result = run(); e = time.perf_counter() - t
            best = e if best is None or e < best else best
        return best, result
    def bench(name, check):
        best, valid = best_of(lambda: sum(1 for d in data if check(d)))
        print(f"{name}\t{len(data) / best:.0f}\t{valid}")
    # The floor of any Python peer called per instance: the same loop calling a builtin that does nothing.
    bench("python loop calling bool()", bool)
    try:
        import jsonschema_rs
        version = __import__("importlib.metadata").metadata.version("jsonschema-rs")
        r = jsonschema_rs.validator_for(schema, validate_formats=True)
        bench("jsonschema-rs " + version + " is_valid", r.is_valid)
        good = [d for d in data if r.is_valid(d)]
        batch = jsonschema_rs.validator_for({"type": "array", "items": schema}, validate_formats=True)
        best, ok = best_of(lambda: batch.is_valid(good))
        print(f"jsonschema-rs {version} batch\t{len(good) / best:.0f}\t{len(good) if ok else 0}\tbatch")
    except ImportError:
        print("jsonschema-rs\tmissing (pip install jsonschema-rs)\t-")
    try:
        import fastjsonschema
        f = fastjsonschema.compile(schema)
        def ok(d):
            try:
                f(d); return True
            except fastjsonschema.JsonSchemaException:
                return False
        bench("python fastjsonschema " + fastjsonschema.VERSION, ok)
    except ImportError:
        print("python fastjsonschema\tmissing (pip install fastjsonschema)\t-")
    try:
        import jsonschema
        v = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        bench("python jsonschema " + __import__("importlib.metadata").metadata.version("jsonschema"), v.is_valid)
    except ImportError:
        print("python jsonschema\tmissing\t-")
    """
    switch runPython(script, [schemaPath, dataPath]) {
    case .success(let output):
        for line in output.split(separator: "\n") {
            let cells = line.split(separator: "\t").map(String.init)
            guard cells.count >= 3 else { continue }
            let isBatch = cells.count == 4 && cells[3] == "batch"
            let ratio = Double(cells[1]).map { fmt((isBatch ? oursBatch : ours) / $0, 2) + "x" + (isBatch ? " (batch)" : "") } ?? "-"
            print(row([cells[0], cells[1], cells[2], ratio]))
        }
    case .failure(let error):
        print("python peers: cannot run python3 (\(error))")
    }
    print("best run of each side; last column = trackspec isValid throughput ÷ that validator's (> 1: trackspec is faster); a batch row is compared with")
    print("trackspec's batch row (the valid instances as one array, one call). Python peers' per-instance figures include the")
    print("interpreter's loop and call (see the bool() row, their ceiling); the batch rows do not.")
}
