import Foundation
import JSONSyntax
import TrackingPlans

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github
}

/// Where a renderer writes: text is handed on in chunks (64 KiB), not built whole, so a report of a quarter of a
/// million diagnostics is never held as one string (nor, for JSON and SARIF, as one document tree).
public struct OutputSink {
    var buffer = ""
    let flush: (String) -> Void
    static let chunk = 64 * 1024

    public init(_ flush: @escaping (String) -> Void) { self.flush = flush }

    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count >= OutputSink.chunk { end() }
    }

    /// Hands on what is buffered.
    mutating func end() {
        guard !buffer.isEmpty else { return }
        flush(buffer)
        buffer = ""
    }
}

/// Renderers for `check` results. Each is a pure function of the report, so tests pin the exact text.
public enum OutputRenderer {
    public static func render(_ report: CheckReport, as format: OutputFormat) -> String {
        var all = ""
        write(report, as: format, to: { all += $0 })
        return all
    }

    /// What a renderer writes, as one string (for tests and small reports).
    static func collected(_ render: (inout OutputSink) -> Void) -> String {
        var all = ""
        var sink = OutputSink { all += $0 }
        render(&sink)
        sink.end()
        return all
    }

    /// The report in `format`, handed to `output` chunk by chunk as it is written.
    public static func write(_ report: CheckReport, as format: OutputFormat, to output: @escaping (String) -> Void) {
        var sink = OutputSink(output)
        switch format {
        case .text: text(report, into: &sink)
        case .json: json(report, into: &sink)
        case .sarif: sarif(report, into: &sink)
        case .github: github(report, into: &sink)
        }
        sink.end()
    }

    public static func text(_ report: CheckReport) -> String { collected { text(report, into: &$0) } }

    /// `value` written pretty at nesting `level` (two spaces a level), its first line not indented: an item of
    /// a streamed array reads exactly as in the document written whole.
    static func pretty(_ value: JSONValue, level: Int) -> String {
        let written = JSONWriter(pretty: true).string(value)
        guard level > 0, written.contains("\n") else { return written }
        // Byte by byte (a written JSON string has no raw line break, so every one is the writer's): splitting the
        // String into lines broke it into graphemes, 70 % of `check --format json` on 62,000 diagnostics.
        let pad = Array(repeating: UInt8(ascii: " "), count: 2 * level)
        var out: [UInt8] = []
        out.reserveCapacity(written.utf8.count + written.utf8.count / 8)
        for b in written.utf8 {
            out.append(b)
            if b == UInt8(ascii: "\n") { out.append(contentsOf: pad) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array of `items` at `level`, streamed item by item (what `JSONWriter(pretty:)` writes for it).
    static func streamArray<S: Sequence>(_ items: S, level: Int, into sink: inout OutputSink, _ item: (S.Element) -> JSONValue?) {
        var first = true
        let pad = String(repeating: "  ", count: level + 1)
        for element in items {
            guard let value = item(element) else { continue }
            sink.write((first ? "[\n" : ",\n") + pad + pretty(value, level: level + 1))
            first = false
        }
        sink.write(first ? "[]" : "\n" + String(repeating: "  ", count: level) + "]")
    }

    /// `path:line:col: severity: message [rule-id]`, then a summary line: the shape compilers use,
    /// so editors' problem matchers and terminals turn it into links.
    static func text(_ report: CheckReport, into sink: inout OutputSink) {
        var out = ""
        // Looked up by path once: a scan of every file per related location was O(diagnostics × files).
        let filesByPath = report.filesByPath()
        var outsideIndexes: [String: LineIndex?] = [:]
        for (file, d) in report.diagnostics {
            let (line, column) = report.humanPosition(file, d.range.lowerBound)
            // One line per problem: a message's further lines (an example event, the API's title) are indented
            // beneath it, like the notes, and the rule id closes the first line.
            let lines = d.message.split(separator: "\n", omittingEmptySubsequences: false)
            // File names come from the disk: control characters in them are written out, as in messages.
            out += "\(Excerpt.escapingControls(report.displayPath(file.path))):\(line):\(column): \(d.severity.rawValue): \(lines[0]) [\(d.rule)]\n"
            for more in lines.dropFirst() { out += "    \(more)\n" }
            for related in d.related {
                let path = related.location.path
                if let relatedFile = filesByPath[path] {
                    let (l, c) = report.humanPosition(relatedFile, related.location.range.lowerBound)
                    out += "  \(Excerpt.escapingControls(report.displayPath(path))):\(l):\(c): note: \(related.message)\n"
                } else if let index = outsideIndexes[path] ?? {
                    // A file outside the report (a cached Iglu schema): positions from its text on disk, read once.
                    let index = FileManager.default.contents(atPath: path).flatMap { $0.count <= 8 * 1024 * 1024 ? LineIndex([UInt8]($0)) : nil }
                    outsideIndexes[path] = index
                    return index
                }() {
                    let p = index.position(of: related.location.range.lowerBound, encoding: .utf32)
                    out += "  \(Excerpt.escapingControls(FileSystem.displayPath(path))):\(p.line + 1):\(p.character + 1): note: \(related.message)\n"
                } else {
                    out += "  \(Excerpt.escapingControls(FileSystem.displayPath(related.location.path))): note: \(related.message)\n"
                }
            }
            sink.write(out)
            out = ""
        }
        sink.write(report.summary + "\n")
    }

    static func lspRange(_ file: FileAnalysis, _ range: Range<Int>) -> JSONValue {
        let (s, e) = file.lineIndex.range(of: range, encoding: .utf16)
        return ["start": ["line": .number(JSONNumber(s.line)), "character": .number(JSONNumber(s.character))],
                "end": ["line": .number(JSONNumber(e.line)), "character": .number(JSONNumber(e.character))]]
    }

    /// Machine-readable: ranges as LSP ranges (0-based, UTF-16) plus byte offsets. Streamed: one diagnostic's
    /// JSON at a time.
    public static func json(_ report: CheckReport) -> String { collected { json(report, into: &$0) } }

    static func json(_ report: CheckReport, into sink: inout OutputSink) {
        let filesByPath = report.filesByPath()
        sink.write("{\n  \"version\": 1,\n  \"diagnostics\": ")
        streamArray(report.diagnostics, level: 1, into: &sink) { file, d in
            var object: JSONObject = JSONObject([
                ("path", .string(report.displayPath(file.path))),
                ("rule", .string(d.rule)),
                ("severity", .string(d.severity.rawValue)),
                ("message", .string(d.message)),
                ("range", lspRange(file, d.range)),
                ("offsets", ["start": .number(JSONNumber(d.range.lowerBound)), "end": .number(JSONNumber(d.range.upperBound))]),
            ])
            if let code = d.code { object["code"] = .string(code) }
            if !d.related.isEmpty {
                object["related"] = .array(d.related.map { r in
                    var o = JSONObject([("path", .string(report.displayPath(r.location.path))), ("message", .string(r.message))])
                    if let f = filesByPath[r.location.path] { o["range"] = lspRange(f, r.location.range) }
                    o["offsets"] = ["start": .number(JSONNumber(r.location.range.lowerBound)), "end": .number(JSONNumber(r.location.range.upperBound))]
                    return .object(o)
                })
            }
            return .object(object)
        }
        let summary: JSONValue = [
            "files": .number(JSONNumber(report.fileCount)),
            "errors": .number(JSONNumber(report.count(.error))),
            "warnings": .number(JSONNumber(report.count(.warning))),
            "infos": .number(JSONNumber(report.count(.info))),
            "hints": .number(JSONNumber(report.count(.hint))),
        ]
        sink.write(",\n  \"summary\": " + pretty(summary, level: 1) + "\n}\n")
    }

    static func sarifLevel(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .info, .hint: return "note"
        }
    }

    /// Percent-encodes a relative path for a URI reference, segment by segment.
    static func uriEncode(_ path: String) -> String {
        var out = ""
        for b in path.utf8 {
            let c = Character(Unicode.Scalar(b))
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~/".contains(c) {
                out.append(c)
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    static func sarifRegion(_ report: CheckReport, _ file: FileAnalysis, _ range: Range<Int>) -> JSONValue {
        let s = file.lineIndex.position(of: range.lowerBound, encoding: .utf16)
        let e = file.lineIndex.position(of: range.upperBound, encoding: .utf16)
        return ["startLine": .number(JSONNumber(s.line + 1)), "startColumn": .number(JSONNumber(s.character + 1)),
                "endLine": .number(JSONNumber(e.line + 1)), "endColumn": .number(JSONNumber(e.character + 1))]
    }

    static func sarifArtifactPath(_ report: CheckReport, _ path: String) -> (String, Bool) {
        if let relative = WorkspaceFiles.relativePath(path, to: report.root) { return (uriEncode(relative), true) }
        return ("file://" + uriEncode(absolute(path)), false)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileSystem.currentDirectory() + "/" + path
    }

    /// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. Columns are UTF-16 code units,
    /// SARIF's default `columnKind`, stated explicitly.
    public static func sarif(_ report: CheckReport) -> String { collected { sarif(report, into: &$0) } }

    /// Streamed: the run's fixed parts, then its results one at a time (`results` is the run's last member).
    static func sarif(_ report: CheckReport, into sink: inout OutputSink) {
        let rules = RuleRegistry.all
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let filesByPath = report.filesByPath()
        let driverRules: [JSONValue] = rules.map {
            ["id": .string($0.id), "shortDescription": ["text": .string($0.summary)],
             "defaultConfiguration": ["level": .string(sarifLevel($0.defaultSeverity))]]
        }
        let root = report.root.hasSuffix("/") ? report.root : report.root + "/"
        let head: [(String, JSONValue)] = [
            ("tool", ["driver": .object(JSONObject([("name", "trackspec"), ("version", .string(Version.current)), ("rules", .array(driverRules))]))]),
            ("originalUriBaseIds", ["%SRCROOT%": ["uri": .string("file://" + uriEncode(root))]]),
            ("columnKind", "utf16CodeUnits"),
        ]
        sink.write("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n")
        for (key, value) in head { sink.write("      " + JSONWriter().string(.string(key)) + ": " + pretty(value, level: 3) + ",\n") }
        sink.write("      \"results\": ")
        streamArray(report.diagnostics, level: 3, into: &sink) { file, d in
            let (uri, relative) = sarifArtifactPath(report, file.path)
            var artifact = JSONObject([("uri", .string(uri))])
            if relative { artifact["uriBaseId"] = "%SRCROOT%" }
            var result = JSONObject([
                ("ruleId", .string(d.rule)),
                ("level", .string(sarifLevel(d.severity))),
                ("message", ["text": .string(d.message)]),
                ("locations", [["physicalLocation": ["artifactLocation": .object(artifact), "region": sarifRegion(report, file, d.range)]]]),
            ])
            if let index = ruleIndex[d.rule] { result["ruleIndex"] = .number(JSONNumber(index)) }
            if !d.related.isEmpty {
                result["relatedLocations"] = .array(d.related.enumerated().compactMap { i, r in
                    guard let f = filesByPath[r.location.path] else { return nil }
                    let (u, rel) = sarifArtifactPath(report, f.path)
                    var a = JSONObject([("uri", .string(u))])
                    if rel { a["uriBaseId"] = "%SRCROOT%" }
                    return ["id": .number(JSONNumber(i + 1)), "message": ["text": .string(r.message)],
                            "physicalLocation": ["artifactLocation": .object(a), "region": sarifRegion(report, f, r.location.range)]]
                })
            }
            return .object(result)
        }
        sink.write("\n    }\n  ]\n}\n")
    }

    /// GitHub Actions workflow commands: each diagnostic becomes an annotation on the pull request.
    public static func github(_ report: CheckReport) -> String { collected { github(report, into: &$0) } }

    static func github(_ report: CheckReport, into sink: inout OutputSink) {
        for (file, d) in report.diagnostics {
            let command: String
            switch d.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .info, .hint: command = "notice"
            }
            let (line, column) = report.humanPosition(file, d.range.lowerBound)
            let (endLine, endColumn) = report.humanPosition(file, d.range.upperBound)
            let properties = [
                "file=\(escapeProperty(Excerpt.escapingControls(report.displayPath(file.path))))",
                "line=\(line)", "col=\(column)", "endLine=\(endLine)", "endColumn=\(endColumn)",
                "title=\(escapeProperty(d.rule))",
            ].joined(separator: ",")
            sink.write("::\(command) \(properties)::\(escapeData(d.message))\n")
        }
        sink.write(report.summary + "\n")
    }

    static func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

