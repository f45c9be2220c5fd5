import Foundation
#if canImport(Glibc)
import Glibc
#endif
import XCTest
import JSONSyntax
@testable import TrackspecCLI

/// Files a careless user or an attacker may hand to `check`: each used to crash it, flood its output or
/// make it quadratic. The server analyses with the same code, so these hold there too.
final class HostileInputTests: CLIWorkspaceTestCase {
    let uiActions = """
    {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
     "self": {"vendor": "com.acme", "name": "ui_actions", "format": "jsonschema", "version": "1-0-0"},
     "type": "object", "properties": {"action": {"type": "string", "enum": ["tap", "swipe"]}, "element": {"type": "string", "maxLength": BOUND}},
     "required": ["action"], "additionalProperties": false}
    """

    func scenario(_ elementSchema: String) -> String {
        """
        {"id": "c6f1e9a2-3b4d-4e5f-8a6b-7c8d9e0f1a2b", "version": 1, "status": "draft", "name": "Tap",
         "event": {"source": "iglu:com.acme/ui_actions/jsonschema/1-0-0",
                   "schema": {"type": "object", "properties": {"action": {"type": "string", "enum": ["tap"]}, "element": \(elementSchema)},
                              "required": ["action"], "additionalProperties": false}}}
        """
    }

    /// Text from files reaches every output escaped: a key holding a line break and a workflow command prints no
    /// GitHub annotation of its own, and ESC, BEL and NUL (in keys and in file names) never reach the terminal.
    func testFileTextCannotForgeOutputLines() throws {
        let key = #"a\n::error file=README.md,line=1::FORGED\u001b[31m\u0007\u0000"#
        try write("d.json", #"{"\#(key)": 1, "\#(key)": 2}"#)
        try write("e\u{1B}[2J\u{7}.json", #"{"a": 1, "a": 2}"#)
        for format in ["text", "github", "sarif", "json"] {
            let result = run(["check", "--format", format, "."])
            XCTAssertEqual(result.code, 0, format)
            for byte in result.out.utf8 where byte < 0x20 {
                XCTAssertEqual(byte, 0x0A, "\(format): raw control byte \(byte)")
            }
            XCTAssertFalse(result.out.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 }, format)
            let commands = result.out.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("::") }
            if format == "github" {
                XCTAssertEqual(commands.count, 2, result.out)
                XCTAssertTrue(commands.allSatisfy { $0.hasPrefix("::warning file=") }, result.out)
            } else {
                XCTAssertEqual(commands, [], format)
            }
        }
        XCTAssertTrue(run(["check", "."]).out.contains(#"duplicate key 'a\n::error file=README.md,line=1::FORGED\u{1B}[31m\u{7}\u{0}'"#))
        XCTAssertTrue(run(["check", "."]).out.contains(#"e\u{1B}[2J\u{7}.json:1:"#))
    }

    /// Nothing is skipped or refused without a word: a file over the size limit is reported from its size alone
    /// (a sparse 300 MB file is never read), a named pipe is no file to read (it used to block), a file name that
    /// is not UTF-8 is named on stderr, a link loop is called one, a trackspec.json that is a folder is an error,
    /// and a run that checks no file says so.
    func testSkippedAndRefusedPathsAreSaid() throws {
        try write("ok.json", #"{"a": 1}"#)
        let big = directory.appendingPathComponent("big.json").path
        XCTAssertTrue(FileManager.default.createFile(atPath: big, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: big))
        try handle.truncate(atOffset: 300 << 20)
        try handle.close()
        XCTAssertEqual(mkfifo(directory.appendingPathComponent("pipe.json").path, 0o644), 0)
        var raw = Array((directory.path + "/bad").utf8) + [0xFF] + Array(".json".utf8) + [0]
        let fd = raw.withUnsafeMutableBufferPointer { p in p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) { open($0, O_CREAT | O_WRONLY, 0o644) } }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        let result = run(["check", "."])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.out.contains("big.json:1:1: error: the file is 314572800 bytes; trackspec reads files up to 268435456 bytes, so it was not read [json/document-too-large]"), result.out)
        XCTAssertTrue(result.err.contains("trackspec: warning: skipped bad\u{FFFD}.json: the file name is not UTF-8"), result.err)
        XCTAssertFalse(result.out.contains("pipe.json"), "a FIFO is not walked into")
        let named = run(["check", "pipe.json"])
        XCTAssertTrue(named.out.contains("pipe.json:1:1: error: cannot read file: not a regular file (a named pipe) [file/unreadable]"), named.out)
        XCTAssertEqual(symlink("loop-b", directory.appendingPathComponent("loop-a").path), 0)
        XCTAssertEqual(symlink("loop-a", directory.appendingPathComponent("loop-b").path), 0)
        let loop = run(["check", "loop-a"])
        XCTAssertEqual(loop.code, 2)
        XCTAssertTrue(loop.err.contains("loop-a: a symbolic link that leads to no file (a loop, or a missing target)"), loop.err)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("p/trackspec.json"), withIntermediateDirectories: true)
        try write("p/a.json", "{}")
        let folder = run(["check", "p"])
        XCTAssertEqual(folder.code, 2)
        XCTAssertTrue(folder.err.contains("trackspec.json: not a regular file (a folder)"), folder.err)
        try write("q/trackspec.json", #"{"include": []}"#)
        try write("q/a.json", "{}")
        let none = run(["check", "q"])
        XCTAssertEqual(none.code, 0)
        XCTAssertTrue(none.err.contains("trackspec: warning: no file was checked under q"), none.err)
    }

    /// A glob that backtracking matches in exponential time, and braces whose expansion is exponential: `check`
    /// used to run past 60 s (and the server stopped answering) on the first, and past 1 GB on the second.
    func testHostileGlobsInTheConfigurationAreLinear() throws {
        let name = String(repeating: "a", count: 40)
        try write("\(name).json", #"{"a": 1}"#)
        try write("ab.json", #"{"a": 1}"#)
        try write("trackspec.json", #"{"include": ["*a*a*a*a*a*a*a*a*a*b", "\#(String(repeating: "{a,b}", count: 30)).json", "*b.json"]}"#)
        let result = run(["check", "--format", "json", "."])
        XCTAssertEqual(result.code, 0, result.err)
        let summary = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue?["summary"])
        XCTAssertEqual(summary["files"], 1, "only ab.json is included")
    }

    /// `"maxLength": 1e400` and friends used to trap (SIGILL) in the subschema checker's `bound + 1`.
    func testBoundsBeyondAnyDocumentAreAnswered() throws {
        for (n, bound) in ["1e400", "9223372036854775807", "100"].enumerated() {
            // A cache folder per bound: caches are read once per process.
            try write("trackspec.json", #"{"iglu": {"cache": ["iglu\#(n)"]}}"#)
            try write("iglu\(n)/schemas/com.acme/ui_actions/jsonschema/1-0-0", uiActions.replacingOccurrences(of: "BOUND", with: bound))
            for element in [#"{"type": "string", "minLength": 1e400}"#, #"{"type": "string", "maxLength": 9223372036854775807}"#,
                            #"{"type": "string", "maxLength": 1e400}"#, #"{"type": "string", "minLength": 18446744073709551616}"#] {
                try write("s.json", scenario(element))
                let result = run(["check", "s.json"])
                XCTAssertTrue([0, 1].contains(result.code), "\(bound) \(element): \(result.out)\(result.err)")
                // The only open question is compatibility, and it was answered.
                XCTAssertFalse(result.out.contains("schema-undecidable"), "\(bound) \(element): \(result.out)")
                let unbounded = element.contains("maxLength") && bound == "100"
                XCTAssertEqual(result.out.contains("schema-incompatible"), unbounded, "\(bound) \(element): \(result.out)")
            }
        }
    }

    /// 1,000 copies of one key: one warning per copy after the first, each pointing at the first (it was one
    /// note per other copy: a million lines).
    func testDuplicateKeysPrintLinearOutput() throws {
        try write("dup.json", "{" + Array(repeating: #""k": 1"#, count: 1_000).joined(separator: ", ") + "}")
        let result = run(["check", "dup.json"])
        let lines = result.out.split(separator: "\n")
        XCTAssertEqual(lines.count, 999 * 2 + 1)
        XCTAssertEqual(lines.filter { $0.hasSuffix("[json/duplicate-key]") }.count, 999)
        XCTAssertEqual(Set(lines.filter { $0.contains("note:") }), ["  dup.json:1:2: note: 'k' is first defined here"])
    }

    /// The same plan minified and pretty-printed gives the same problems at the same places (the minified
    /// one used to take minutes: each column was recounted from the start of its one line).
    func testAMinifiedPlanGivesTheSameDiagnosticsAsItsPrettyCopy() throws {
        let events = (0..<400).map { i -> JSONValue in
            ["name": .string("Événement \(i) 😀"), "eventType": "trak", "properties": [["name": .string("p\(i)"), "type": "strin"]]]
        }
        let plan: JSONValue = ["name": "Generated plan", "events": .array(events)]
        try write("min.tracking-plan.json", JSONWriter().string(plan))
        try write("pretty.tracking-plan.json", JSONWriter(pretty: true).string(plan))
        func located(_ path: String) throws -> [String] {
            let out = run(["check", "--format", "json", path]).out
            let value = try XCTUnwrap(SyntaxTree(parsing: out).rootValue)
            return try XCTUnwrap(value["diagnostics"]?.arrayValue).map { d in
                // Same rule and message; the range's text is the same token in both files.
                "\(d["rule"]?.stringValue ?? "") \(d["message"]?.stringValue ?? "")"
            }
        }
        let minified = try located("min.tracking-plan.json"), pretty = try located("pretty.tracking-plan.json")
        XCTAssertEqual(minified.count, 800)
        XCTAssertEqual(minified, pretty)
        // Columns on the one long line are exact: the last problem's UTF-16 column matches a direct count.
        let text = JSONWriter().string(plan)
        let out = run(["check", "--format", "json", "min.tracking-plan.json"]).out
        let last = try XCTUnwrap(SyntaxTree(parsing: out).rootValue?["diagnostics"]?.arrayValue?.last)
        let offset = try XCTUnwrap(last["offsets"]?["start"]?.numberValue?.intValue ?? last["byteRange"]?["start"]?.numberValue?.intValue)
        let prefix = String(decoding: Array(text.utf8)[..<offset], as: UTF8.self)
        XCTAssertEqual(last["range"]?["start"]?["character"]?.numberValue?.intValue, prefix.utf16.count)
    }

    /// A 2 MB value and a 2 MB unknown key: the message quotes a short prefix and says how long it was.
    func testHugeValuesAreQuotedShort() throws {
        let huge = String(repeating: "x", count: 2_000_000)
        try write("p.tracking-plan.json", #"{"name": "Plan", "\#(huge)": 1, "events": [{"name": "Event", "eventType": "track", "properties": [{"name": "p", "type": "\#(huge)"}]}]}"#)
        let result = run(["check", "p.tracking-plan.json"])
        XCTAssertEqual(result.code, 1)
        XCTAssertLessThan(result.out.utf8.count, 2_000, result.out.prefix(500).description)
        XCTAssertTrue(result.out.contains("unknown key '" + String(repeating: "x", count: 64) + "… (2000000 characters)'"), result.out.prefix(500).description)
        XCTAssertTrue(result.out.contains("[rudderstack/property-type-invalid]"), result.out.prefix(500).description)
    }
}
