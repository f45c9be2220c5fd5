import Foundation
import JSONSyntax

/// `trackspec check` on one RudderStack tracking plan with a problem on every event, written twice: minified
/// (one 2 MB line) and pretty-printed. Columns on a long line used to be recounted from the line start for
/// each diagnostic, so the minified copy took minutes; the ratio shows they now cost the same.
func minifiedBenchmark(_ arguments: [String]) {
    let megabytes = arguments.first.flatMap(Double.init) ?? 2
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-bench-minified-\(getpid())")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var events: [JSONValue] = []
    var size = 0
    while Double(size) < megabytes * 1_000_000 {
        let i = events.count
        // Every event has a wrong eventType and a property with a wrong type: two problems per event;
        // the names are not ASCII, so UTF-16 columns differ from byte offsets.
        let event: JSONValue = ["name": .string("Événement \(i) ☕"), "eventType": "trak", "description": "Generated.",
                                "properties": [["name": .string("prop_\(i)"), "type": "strin", "required": true]]]
        size += JSONWriter().string(event).utf8.count + 1
        events.append(event)
    }
    let plan: JSONValue = ["name": "Generated plan", "description": "Minified or not.", "events": .array(events)]
    let variants = [("minified", JSONWriter().string(plan)), ("pretty-printed", JSONWriter(pretty: true).string(plan))]
    print("minified: `trackspec check` on one tracking plan of \(events.count) events, two problems each, minified and pretty-printed")
    print(row(["plan", "size KiB", "lines", "seconds", "peak RSS MiB", "diagnostics"]))
    var seconds: [Double] = []
    for (name, text) in variants {
        let file = "plan-\(name).tracking-plan.json"
        writeFile(atPath: dir.appendingPathComponent(file).path, contents: Data(text.utf8))
        guard let r = timedRun([trackspecBinary(), "check", "--format", "json", file], cwd: dir.path) else {
            print("trackspec check: could not run under /usr/bin/time")
            return
        }
        let found = SyntaxTree(parsing: r.output).rootValue?["diagnostics"]?.arrayValue?.count ?? -1
        seconds.append(r.seconds)
        print(row([name, "\(text.utf8.count / 1024)", "\(LineIndex(text).lineCount)", fmt(r.seconds, 2), fmt(Double(r.maxRSSKB) / 1024, 1), "\(found)"]))
    }
    print("ratio minified / pretty-printed: \(fmt(seconds[0] / max(seconds[1], 0.01), 2))x (1x: a long line costs what many short ones do)")
}
