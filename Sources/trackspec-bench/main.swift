import Foundation
import JSONSyntax

/// `trackspec-bench`: measures trackspec side by side with its peers in one run and prints ratios.
/// Wall-clock numbers belong here, never in tests.

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Runs `body` repeatedly (at least `minRuns`, at least `minSeconds`) and returns the median seconds.
/// `TRACKSPEC_BENCH_RUNS=n` fixes the number of runs of every measurement, so that `perf stat -e
/// instructions` counts the same work from one build to the next on a machine whose speed drifts.
let fixedRuns = ProcessInfo.processInfo.environment["TRACKSPEC_BENCH_RUNS"].flatMap { Int($0) }

/// `best`: the fastest run instead of the median, where a peer reports its best of runs (the validators do).
func measure(minRuns: Int = 3, minSeconds: Double = 1.0, best: Bool = false, _ body: () -> Void) -> Double {
    var samples: [Double] = []
    let start = now()
    while samples.count < (fixedRuns ?? minRuns) || (fixedRuns == nil && now() - start < minSeconds && samples.count < 50) {
        let t = now()
        body()
        samples.append(now() - t)
    }
    samples.sort()
    return best ? samples[0] : samples[samples.count / 2]
}

/// A realistic document: scenario-like records with nested schemas, unicode and numbers.
func generateDocument(bytes target: Int) -> [UInt8] {
    var out: [UInt8] = Array("[\n".utf8)
    var i = 0
    while out.count < target {
        let record = """
          {"id": "5b6b2a2c-5e2f-4c1e-9f7e-\(String(format: "%012d", i))", "version": \(i % 17), "status": "published",
           "name": "Outbound link click \(i) – café ☕", "appIds": ["web", "ios", "android"],
           "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1",
                     "schema": {"type": "object", "properties": {"targetUrl": {"type": "string", "minLength": 1, "pattern": "^https://"},
                                "price": {"type": "number", "minimum": 0.01, "maximum": 1.5e6}, "flag": {"type": ["boolean", "null"]}},
                                "required": ["targetUrl"], "additionalProperties": false}},
           "entities": {"tracked": [{"source": "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", "minCardinality": 1, "maxCardinality": 1}]},
           "escaped": "line\\nbreak \\"quoted\\" \\u00e9"},

        """
        out += Array(record.utf8)
        i += 1
    }
    out.removeLast(2)
    out += Array("\n]\n".utf8)
    return out
}

/// Writes a benchmark input; a benchmark that cannot write its inputs stops with the reason.
func writeFile(atPath path: String, contents: Data?) {
    guard FileManager.default.createFile(atPath: path, contents: contents) else {
        FileHandle.standardError.write(Data("trackspec-bench: cannot write \(path)\n".utf8))
        exit(2)
    }
}

func fmt(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// Runs a Python peer (`python3 -c script args…`) and returns what it printed; `quiet` drops its stderr
/// (library warnings) instead of passing it through.
func runPython(_ script: String, _ arguments: [String], quiet: Bool = false, python: String = "python3") -> Result<String, Error> {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    if quiet { process.standardError = FileHandle.nullDevice }
    do {
        try process.run()
    } catch {
        return .failure(error)
    }
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return .success(output)
}

/// A Python peer kept running and spoken to line by line (`python3 -c script`), for measurements that
/// interleave with ours. Its stderr (library warnings) is dropped.
final class PythonPeer {
    let process = Process()
    let input = Pipe()
    let output = Pipe()
    var buffer: [UInt8] = []

    init?(_ script: String) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
    }

    func write(_ line: String) {
        try? input.fileHandleForWriting.write(contentsOf: Data(line.utf8))
    }

    /// The next line it prints, nil once it has exited.
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { return nil }
            buffer += data
        }
    }

    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// Left-aligned first column, right-aligned numbers.
func row(_ cells: [String]) -> String {
    cells.enumerated().map { i, c in
        let width = i == 0 ? 30 : 15
        // At least one space between cells, however long one is.
        let pad = String(repeating: " ", count: max(i == 0 ? 0 : 1, width - c.count))
        return i == 0 ? c + pad : pad + c
    }.joined()
}

func parseBenchmark(_ arguments: [String]) {
    if arguments.first == "--once" {
        // One parse of the generated document of the size given (default 10 MB): for callgrind.
        let bytes = generateDocument(bytes: (arguments.dropFirst().compactMap(Int.init).first ?? 10) * 1_000_000)
        let tree = SyntaxTree(parsing: bytes)
        print("\(bytes.count) bytes, \(tree.nodeCount) nodes, \(tree.diagnostics.count) diagnostics")
        return
    }
    var inputs: [(String, [UInt8])] = []
    if arguments.isEmpty {
        for mb in [1, 10, 100] { inputs.append(("generated \(mb) MB", generateDocument(bytes: mb * 1_000_000))) }
    } else {
        for path in arguments {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("trackspec-bench: cannot read \(path)\n".utf8))
                exit(2)
            }
            inputs.append((path, [UInt8](data)))
        }
    }
    print("parse: trackspec JSONSyntax (tree with byte ranges; + line index) vs Foundation JSONSerialization and, from Python, orjson")
    print("(bytes → Python objects) and pysimdjson (parse only: its document, no Python objects), same bytes, median of runs")
    print(row(["input", "size MB", "trackspec MB/s", "+lines MB/s", "JSONSer. MB/s", "ratio", "orjson MB/s", "ratio", "simdjson MB/s", "ratio"]))
    let peerScript = """
    import sys, time
    data = open(sys.argv[1], "rb").read()
    def median(run, seconds):
        samples = []; start = time.perf_counter()
        while len(samples) < 3 or (time.perf_counter() - start < seconds and len(samples) < 50):
            t = time.perf_counter(); run(); samples.append(time.perf_counter() - t)
        samples.sort(); return samples[len(samples) // 2]
    seconds = float(sys.argv[2])
    try:
        import orjson; print("orjson", median(lambda: orjson.loads(data), seconds))
    except ImportError: print("orjson -")
    try:
        import simdjson; parser = simdjson.Parser()
        def parse():
            document = parser.parse(data)
            del document
        print("simdjson", median(parse, seconds))
    except ImportError: print("simdjson -")
    """
    let peerFile = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-parse-\(getpid()).json").path
    defer { try? FileManager.default.removeItem(atPath: peerFile) }
    for (name, bytes) in inputs {
        let data = Data(bytes)
        let mb = Double(bytes.count) / 1_000_000
        let minSeconds = bytes.count > 50_000_000 ? 0.0 : 1.5
        var nodeCount = 0
        let ours = measure(minSeconds: minSeconds) { nodeCount = SyntaxTree(parsing: bytes).nodeCount }
        let oursWithLines = measure(minSeconds: minSeconds) {
            let tree = SyntaxTree(parsing: bytes)
            let index = LineIndex(bytes)
            nodeCount = tree.nodeCount + index.lineCount
        }
        let foundation = measure(minSeconds: minSeconds) {
            _ = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        }
        _ = nodeCount
        writeFile(atPath: peerFile, contents: data)
        var peers: [String: Double] = [:]
        if case .success(let output) = runPython(peerScript, [peerFile, fmt(minSeconds)]) {
            for line in output.split(separator: "\n") {
                let cells = line.split(separator: " ")
                if cells.count == 2, let seconds = Double(cells[1]) { peers[String(cells[0])] = seconds }
            }
        }
        func peer(_ key: String) -> [String] {
            guard let seconds = peers[key] else { return ["missing", "-"] }
            return [fmt(mb / seconds), fmt(seconds / ours, 2) + "x"]
        }
        print(row([name, fmt(mb), fmt(mb / ours), fmt(mb / oursWithLines), fmt(mb / foundation), fmt(foundation / ours, 2) + "x"]
                  + peer("orjson") + peer("simdjson")))
    }
    print("ratio = that parser's time / trackspec's tree time (> 1: trackspec is faster); orjson and pysimdjson from .venv")
    print("(pip install orjson pysimdjson); their figures include one Python call per document, nothing per value")
}

let usage = """
USAGE: trackspec-bench <benchmark> [args]
  parse [FILE…]   parser throughput next to JSONSerialization, orjson and pysimdjson (default: generated 1, 10 and 100 MB documents); --once [MB]: one parse (for callgrind)
  validate [N]    validator instances/s next to jsonschema-rs (per call and batch), fastjsonschema and jsonschema on the same data
  subschema [DIR] compatibility check per pair over all consecutive versions in an Iglu cache, next to jsonsubschema
  check [N] [DIR] `trackspec check` on N (10,000) generated scenario files over an Iglu cache, next to check-jsonschema
  completion [DIR] [N]  completion latency p50/p99 in a 1 MB document with an Iglu cache (default: ../shared/fixtures/iglu-central)
  plan [N]        `trackspec check` on a generated RudderStack tracking plan of N (5,000) events with its catalog, next to check-jsonschema
  narrowing [N]   the subschema check of an N-property (1,000) narrowing, decided or not, and its time
  minified [MB]   `trackspec check` on a plan with a problem per event, minified (one line) and pretty-printed (default 2 MB)
  yaml [MB…]      YAML parse throughput (positions kept) on generated rudder-cli plans next to PyYAML's C loader (default 1, 10 MB); --once [MB]: one parse (for callgrind)
  iglu [DIR]      indexing an Iglu cache (default ../shared/fixtures/iglu-central)
  lsp [N]         didChange→publishDiagnostics latency on 1 and 10 MB documents; memory with N (10,000) open documents
  capped [MB]     a keystroke in a plan of MB (20) with two problems per event, with maxDiagnostics 1,000 and without a cap
  workspace [N…]  edit→publish latency of one file in rudder-cli projects of N (100, 2,000, 20,000) files; the ratio largest/smallest
  rename [N…]     rename and references across a rudder-cli project of N (2,000) files through the server; the 200 ms budget
"""

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse": parseBenchmark(Array(arguments.dropFirst()))
case "lsp": lspBenchmark(Array(arguments.dropFirst()))
case "capped": cappedBenchmark(Array(arguments.dropFirst()))
case "workspace": workspaceBenchmark(Array(arguments.dropFirst()))
case "rename": renameBenchmark(Array(arguments.dropFirst()))
case "iglu": igluBenchmark(Array(arguments.dropFirst()))
case "validate": validateBenchmark(Array(arguments.dropFirst()))
case "subschema": subschemaBenchmark(Array(arguments.dropFirst()))
case "check": checkBenchmark(Array(arguments.dropFirst()))
case "plan": planBenchmark(Array(arguments.dropFirst()))
case "completion": completionBenchmark(Array(arguments.dropFirst()))
case "minified": minifiedBenchmark(Array(arguments.dropFirst()))
case "narrowing": narrowingBenchmark(Array(arguments.dropFirst()))
case "yaml": yamlBenchmark(Array(arguments.dropFirst()))
default:
    print(usage)
    exit(arguments.isEmpty ? 0 : 2)
}
