import Foundation
import XCTest
import JSONSyntax
import TrackingPlans
@testable import TrackspecCLI

/// A temporary working directory with helpers to write files and run the CLI in it.
class CLIWorkspaceTestCase: XCTestCase {
    var directory: URL!
    var previousDirectory: String!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("trackspec-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        previousDirectory = FileManager.default.currentDirectoryPath
        guard FileManager.default.changeCurrentDirectoryPath(directory.path) else { throw CocoaError(.fileNoSuchFile) }
    }

    override func tearDownWithError() throws {
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(previousDirectory))
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ path: String, _ text: String) throws {
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func run(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        var out = "", err = ""
        let code = Trackspec.main(arguments, output: { out += $0 }, errors: { err += $0 })
        return (code, out, err)
    }
}

/// Runs `check` in a temporary workspace and pins its exact output in every format.
final class CheckCommandTests: CLIWorkspaceTestCase {
    func testTextOutputAndExitCodes() throws {
        try write("plans/ok.json", #"{"a": 1}"#)
        try write("plans/bad.json", "{\"emoji\": \"😀\", \"a\": 1,}\n")
        try write("notes.txt", "not json")
        let result = run(["check"])
        XCTAssertEqual(result.code, 1)
        XCTAssertEqual(result.out, """
        plans/bad.json:1:22: error: trailing comma before '}' [json/trailing-comma]
        Found 1 error, 0 warnings (2 files checked).

        """)
        XCTAssertEqual(run(["check", "plans/ok.json"]).out, "All checks passed (1 file checked).\n")
        XCTAssertEqual(run(["check", "plans/ok.json"]).code, 0)
    }

    /// Clean files are kept without their line index (memory); one that only a cross-file rule reports on gets
    /// it back from the file: its positions are exact, columns in characters past non-ASCII text included.
    func testCrossFileFindingsOnOtherwiseCleanFilesHaveExactPositions() throws {
        let scenario = { (id: String) in
            "{\n  \"id\": \"\(id)\",\n  \"description\": \"Café ☕\", \"name\": \"Tap\",\n  \"event\": {\"source\": \"iglu:com.acme/tap/jsonschema/1-0-0\"}\n}\n"
        }
        try write("trackspec.json", #"{"include": ["scenarios/*.json"], "iglu": {"cache": ["iglu"]}}"#)
        try write("iglu/schemas/com.acme/tap/jsonschema/1-0-0", #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "self": {"vendor": "com.acme", "name": "tap", "format": "jsonschema", "version": "1-0-0"}, "type": "object"}"#)
        try write("scenarios/a.json", scenario("5b6b2a2c-5e2f-4c1e-9f7e-000000000001"))
        try write("scenarios/b.json", scenario("5b6b2a2c-5e2f-4c1e-9f7e-000000000002"))
        let text = run(["check", "--format", "text"]).out
        XCTAssertTrue(text.contains("scenarios/a.json:3:36: warning: another tracking scenario for com.acme/tap is named 'Tap'"), text)
        XCTAssertTrue(text.contains("scenarios/b.json:3:36: warning:"), text)
        XCTAssertTrue(text.contains("  scenarios/b.json:3:36: note: 'Tap' is also used here"), text)
        let json = SyntaxTree(parsing: run(["check", "--format", "json"]).out).rootValue
        let first = json?["diagnostics"]?.arrayValue?.first { $0["rule"]?.stringValue == "snowplow/name-duplicate" }
        // LSP ranges are UTF-16: "Café ☕" is 6 code units, as many as characters here.
        XCTAssertEqual(first?["range"]?["start"], ["line": 2, "character": 35])
        XCTAssertTrue(text.hasSuffix("Found 0 errors, 2 warnings (2 files checked).\n"), text)
    }

    func testStrictTurnsWarningsIntoFailure() throws {
        try write("dup.json", #"{"a": 1, "a": 2}"#)
        XCTAssertEqual(run(["check"]).code, 0)
        XCTAssertEqual(run(["check", "--strict"]).code, 1)
    }

    func testConfigurationOverridesAndExcludes() throws {
        try write("trackspec.json", #"{"exclude": ["vendor/"], "rules": {"json/comment": "off", "json/duplicate-key": "error"}}"#)
        try write("a.json", "// header\n{\"a\": 1, \"a\": 2}")
        try write("vendor/broken.json", "{")
        let result = run(["check", "--format", "json"])
        XCTAssertEqual(result.code, 1)
        let value = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue)
        let diagnostics = try XCTUnwrap(value["diagnostics"]?.arrayValue)
        XCTAssertEqual(diagnostics.map { $0["rule"]?.stringValue }, ["json/duplicate-key"])
        XCTAssertEqual(diagnostics.map { $0["severity"]?.stringValue }, ["error"])
        XCTAssertEqual(diagnostics.first?["range"], ["start": ["line": 1, "character": 9], "end": ["line": 1, "character": 12]])
        XCTAssertEqual(value["summary"]?["files"], 2)  // a.json and trackspec.json; vendor/ excluded
        // An explicitly named file is checked even when excluded.
        XCTAssertEqual(run(["check", "vendor/broken.json"]).code, 1)
    }

    func testConfigurationFoundFromThePathUpwards() throws {
        try write("sub/trackspec.json", #"{"rules": {"json/trailing-comma": "off"}}"#)
        try write("sub/a.json", "[1,]")
        XCTAssertEqual(run(["check", "sub"]).code, 0)
        XCTAssertEqual(run(["check", "--config", "/dev/null/none.json", "sub"]).code, 2)
    }

    /// A folder with its own trackspec.json below a checked folder is a project of its own: checked under its
    /// configuration (even where the enclosing one excludes it, as Examples does with yaml/), not under the
    /// enclosing one; with --config, one configuration for everything.
    func testNestedProjectsAreCheckedUnderTheirOwnConfiguration() throws {
        try write("trackspec.json", #"{"exclude": ["pkg/"]}"#)
        try write("a.json", "[1,]")
        try write("pkg/trackspec.json", #"{"rules": {"json/trailing-comma": "off", "json/comment": "warning"}}"#)
        try write("pkg/b.json", "[1,] // note")
        try write("pkg/inner/trackspec.json", "{}")
        try write("pkg/inner/c.json", "[2,]")
        let result = run(["check", "--format", "json"])
        let value = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue)
        let found = try XCTUnwrap(value["diagnostics"]?.arrayValue).map { "\($0["path"]?.stringValue ?? "") \($0["rule"]?.stringValue ?? "") \($0["severity"]?.stringValue ?? "")" }
        XCTAssertEqual(found.sorted(), ["a.json json/trailing-comma error", "pkg/b.json json/comment warning", "pkg/inner/c.json json/trailing-comma error"])
        XCTAssertEqual(value["summary"]?["files"], 6, "three files and three configurations")
        let one = run(["check", "--format", "json", "--config", "trackspec.json"])
        let oneValue = try XCTUnwrap(SyntaxTree(parsing: one.out).rootValue)
        XCTAssertEqual(oneValue["summary"]?["files"], 2, "with --config, pkg/ is excluded by it")
    }

    func testInvalidConfigurationExitsTwo() throws {
        try write("trackspec.json", #"{"rules": {"json/comment": "sometimes"}}"#)
        let result = run(["check"])
        XCTAssertEqual(result.code, 2)
        XCTAssertTrue(result.err.contains("trackspec.json:1:28: error: rule severity must be one of"), result.err)
    }

    func testUsageErrorsExitTwo() {
        XCTAssertEqual(run(["check", "--format", "xml"]).code, 2)
        XCTAssertEqual(run(["check", "--bogus"]).code, 2)
        XCTAssertEqual(run(["check", "missing-dir"]).code, 2)
        XCTAssertEqual(run(["frobnicate"]).code, 2)
        XCTAssertEqual(run([]).code, 2)
        XCTAssertEqual(run(["--version"]).out, Version.current + "\n")
    }

    func testGitHubFormat() throws {
        try write("a,b.json", "{\"x\": 01}")
        let result = run(["check", "--format=github"])
        XCTAssertEqual(result.out, """
        ::error file=a%2Cb.json,line=1,col=7,endLine=1,endColumn=9,title=json/invalid-number::invalid number '01': leading zeros are not allowed
        Found 1 error, 0 warnings (1 file checked).

        """)
    }

    func testSarifFormat() throws {
        try write("dir name/x.json", "{\"k\": \"😀\" \"j\": 1}")
        let result = run(["check", "--format", "sarif"])
        XCTAssertEqual(result.code, 1)
        let sarif = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue)
        XCTAssertEqual(sarif["version"], "2.1.0")
        let run0 = try XCTUnwrap(sarif["runs"]?.arrayValue?.first)
        XCTAssertEqual(run0["tool"]?["driver"]?["name"], "trackspec")
        XCTAssertEqual(run0["columnKind"], "utf16CodeUnits")
        let results = try XCTUnwrap(run0["results"]?.arrayValue)
        XCTAssertEqual(results.count, 1)
        let r = results[0]
        XCTAssertEqual(r["ruleId"], "json/missing-comma")
        XCTAssertEqual(r["level"], "error")
        let location = try XCTUnwrap(r["locations"]?.arrayValue?.first?["physicalLocation"])
        XCTAssertEqual(location["artifactLocation"], ["uri": "dir%20name/x.json", "uriBaseId": "%SRCROOT%"])
        // The emoji counts two UTF-16 code units: `{"k": "😀" ` is 11 units, so column 12 (end exclusive).
        XCTAssertEqual(location["region"], ["startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 15])
        let ruleIndex = try XCTUnwrap(r["ruleIndex"]?.numberValue?.intValue)
        XCTAssertEqual(run0["tool"]?["driver"]?["rules"]?.arrayValue?[ruleIndex]["id"], "json/missing-comma")
        // Every result's rule is described in the driver.
        XCTAssertTrue(result.out.hasPrefix("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\""))
    }

    /// JSON and SARIF are written one diagnostic at a time, in 64 KiB chunks: the text is exactly what writing the
    /// whole document at once gives, with diagnostics, with none, and past many chunks.
    func testStreamedDocumentsReadAsTheWholeDocumentWritten() throws {
        try write("many.json", "{" + (0..<3000).map { _ in #""k": 1"# }.joined(separator: ", ") + "}")
        try write("b.json", #"{"a": 1 "b": 2}"#)
        for format in ["json", "sarif"] {
            for paths in [["."], ["b.json"]] {
                var chunks: [String] = []
                let code = Trackspec.main(["check", "--format", format] + paths, output: { chunks.append($0) }, errors: { _ in })
                XCTAssertEqual(code, 1)
                let text = chunks.joined()
                if paths == ["."] { XCTAssertGreaterThan(chunks.count, 3, "written in chunks") }
                let value = try XCTUnwrap(SyntaxTree(parsing: Array(text.utf8)).rootValue, format)
                XCTAssertEqual(text, JSONWriter(pretty: true).string(value) + "\n", "\(format) \(paths)")
            }
        }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("many.json"))
        try write("b.json", "{}")
        for format in ["json", "sarif"] {
            let text = run(["check", "--format", format, "."]).out
            let value = try XCTUnwrap(SyntaxTree(parsing: Array(text.utf8)).rootValue)
            XCTAssertEqual(text, JSONWriter(pretty: true).string(value) + "\n", format)
        }
    }

    func testUnreadableFileIsReportedNotFatal() throws {
        struct Denied: Error, CustomStringConvertible { var description: String { "permission denied" } }
        let analyses = Workspace.analyzeAll(["a.json", "b.json"], analyzer: Analyzer(configuration: .init(root: directory.path)), keepingClean: true) { path in
            if path == "b.json" { throw Denied() }
            return Array("{}".utf8)
        }
        XCTAssertEqual(analyses.map { $0?.path }, ["a.json", "b.json"])
        XCTAssertEqual(analyses[0]?.diagnostics, [])
        XCTAssertEqual(analyses[1]?.diagnostics.map(\.rule), ["file/unreadable"])
        XCTAssertEqual(analyses[1]?.diagnostics.first?.message, "cannot read file: permission denied")
        // Without keepingClean, a clean file with nothing other files need is counted, not kept.
        let counted = Workspace.analyzeAll(["a.json", "b.json"], analyzer: Analyzer(configuration: .init(root: directory.path))) { path in
            if path == "b.json" { throw Denied() }
            return Array("{}".utf8)
        }
        XCTAssertNil(counted[0])
        XCTAssertEqual(counted[1]?.diagnostics.map(\.rule), ["file/unreadable"])
    }
}
