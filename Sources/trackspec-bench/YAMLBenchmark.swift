import Foundation
import JSONSyntax
import YAMLSyntax

/// `trackspec-bench yaml [MB…]`: YAML parse throughput with positions kept (the tree with byte ranges, plus the
/// line index an editor needs), on generated rudder-cli style tracking plans of 1 and 10 MB (and any sizes
/// given), next to PyYAML's C loader (libyaml, `yaml.load(…, Loader=CSafeLoader)`) on the same bytes in the
/// same run. PyYAML's figure includes building Python objects (its only way to read YAML) and no positions.
/// rapidyaml (PyPI `rapidyaml`, the C++ parser) parses the same bytes into its own tree (`parse_in_arena`: no Python
/// objects), the fastest peer (#40).
/// `yaml --once [MB]` parses the document once and prints its size (for callgrind).
func yamlBenchmark(_ arguments: [String]) {
    if arguments.first == "--once" {
        // One parse of the generated document of the size given (default 1 MB), nothing else: what
        // `valgrind --tool=callgrind` counts for a before/after comparison.
        let bytes = Array(generatedPlanYAML(megabytes: arguments.dropFirst().compactMap(Double.init).first ?? 1).utf8)
        let tree = YAMLParser.parse(bytes)
        print("\(bytes.count) bytes, \(tree.nodeCount) nodes, \(tree.diagnostics.count) diagnostics")
        return
    }
    let sizes = arguments.compactMap(Double.init).isEmpty ? [1.0, 10.0] : arguments.compactMap(Double.init)
    print(row(["document", "MB", "trackspec MB/s", "+ line index", "PyYAML C MB/s", "ratio", "rapidyaml MB/s", "ratio"]))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-yaml-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // The plain block style the CLIs write (the fast path's), and the same plan with a tagged scalar per rule:
    // the general parser's pace, which every file the fast path leaves gets.
    for (size, general) in sizes.map({ ($0, false) }) + [(sizes[0], true)] {
        let text = generatedPlanYAML(megabytes: size, tagged: general)
        let bytes = Array(text.utf8)
        let mb = Double(bytes.count) / 1_048_576
        var nodes = 0
        // The best run, as the peers' scripts report theirs (best of 3 and of 5): one statistic on both sides.
        let ours = measure(minSeconds: 1, best: true) { nodes = YAMLParser.parse(bytes).nodeCount }
        let withLines = measure(minSeconds: 1, best: true) { nodes = YAMLParser.parse(bytes).nodeCount + LineIndex(bytes).lineCount }
        _ = nodes
        let path = dir.appendingPathComponent("plan-\(size).yaml").path
        writeFile(atPath: path, contents: Data(bytes))
        let script = """
        import sys, time
        try:
            import yaml
            loader = getattr(yaml, "CSafeLoader", None)
            if loader is None: raise ImportError("no libyaml")
        except ImportError as e:
            print("missing", e); sys.exit(0)
        data = open(sys.argv[1], "rb").read()
        best = None
        for _ in range(3):
            t = time.perf_counter(); yaml.load(data, Loader=loader); e = time.perf_counter() - t
            best = e if best is None or e < best else best
        print("ok", best)
        """
        let (peer, ratio) = pythonPeer(script, path: path, megabytes: mb, ours: ours, missing: "PyYAML with libyaml missing (scripts/install-test-deps.sh)")
        let rapid = """
        import sys, time
        try:
            import ryml
        except ImportError as e:
            print("missing", e); sys.exit(0)
        data = open(sys.argv[1], "rb").read()
        best = None
        for _ in range(5):
            t = time.perf_counter(); tree = ryml.parse_in_arena(data); e = time.perf_counter() - t
            best = e if best is None or e < best else best
        print("ok", best, tree.size())
        """
        let (rapidPeer, rapidRatio) = pythonPeer(rapid, path: path, megabytes: mb, ours: ours, missing: "rapidyaml missing (scripts/bench-requirements.txt)")
        print(row([general ? "rudder-cli plan, tags" : "rudder-cli plan", fmt(mb), fmt(mb / ours), fmt(mb / withLines), peer, ratio, rapidPeer, rapidRatio]))
    }
    print("ratio = the peer's parse time / trackspec parse time (> 1: trackspec is faster)")
}

/// A Python peer's MB/s and its ratio to `ours` (seconds), from a script that prints `ok SECONDS` (or `missing …`).
func pythonPeer(_ script: String, path: String, megabytes mb: Double, ours: Double, missing: String) -> (String, String) {
    switch runPython(script, [path], python: venvPython()) {
    case .success(let output):
        let cells = output.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard cells.first == "ok", cells.count > 1, let seconds = Double(cells[1]) else { return (missing, "-") }
        return (fmt(mb / seconds), fmt(seconds / ours, 2) + "x")
    case .failure(let error):
        return ("cannot run python (\(error))", "-")
    }
}

/// The project's virtual environment's Python (PyYAML is installed there), else python3 on PATH.
func venvPython() -> String {
    FileManager.default.isExecutableFile(atPath: ".venv/bin/python") ? ".venv/bin/python" : "python3"
}

/// A rudder-cli style tracking-plan file: events with properties, comments, quoted and plain scalars (with
/// `tagged`, each rule also has a tagged scalar, `!!str …`, which the block fast path leaves to the general parser).
func generatedPlanYAML(megabytes: Double, tagged: Bool = false) -> String {
    var out = "# generated for trackspec-bench\nversion: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: web\nspec:\n  id: web\n  display_name: \"Web plan\"\n  rules:\n"
    var i = 0
    let target = Int(megabytes * 1_048_576)
    while out.utf8.count < target {
        out += """
            - type: event_rule
              id: rule_\(i)
              event:
                $ref: "#event:event_\(i)"
                allow_unplanned: false
              properties:
                - $ref: "#property:product_id"
                  required: true
                - $ref: "#property:price_\(i % 17)"
                  required: false   # optional
                - $ref: '#property:currency'
              description: Order \(i) was completed, with its products and totals.\(tagged ? "\n      notes: !!str sent once per order" : "")

        """
        i += 1
    }
    return out
}
