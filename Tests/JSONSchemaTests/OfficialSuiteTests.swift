import Foundation
import XCTest
import JSONSyntax
@testable import JSONSchema

/// The official JSON-Schema-Test-Suite (Debian's json-schema-test-suite, installed by scripts/test.sh):
/// every required test of draft-04, -06 and -07 must pass. Remote references are served from the
/// suite's `remotes/` folder on disk, never the network.
final class OfficialSuiteTests: XCTestCase {
    static let suite = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] ?? "/usr/share/json-schema-test-suite"

    struct Case {
        var file: String
        var group: String
        var description: String
        var schema: JSONValue
        var data: JSONValue
        var valid: Bool
    }

    static func cases(_ folder: String) throws -> [Case] {
        let fm = FileManager.default
        var result: [Case] = []
        for name in try fm.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".json") {
            let data = try XCTUnwrap(fm.contents(atPath: folder + "/" + name))
            let groups = try XCTUnwrap(SyntaxTree(parsing: [UInt8](data)).rootValue?.arrayValue)
            for group in groups {
                for test in group["tests"]?.arrayValue ?? [] {
                    result.append(Case(file: name, group: group["description"]?.stringValue ?? "", description: test["description"]?.stringValue ?? "",
                                       schema: group["schema"] ?? .null, data: test["data"] ?? .null, valid: test["valid"]?.boolValue ?? false))
                }
            }
        }
        return result
    }

    static func remote(_ uri: String) -> SyntaxTree? {
        let prefix = "http://localhost:1234/"
        guard uri.hasPrefix(prefix) else { return nil }
        let path = suite + "/remotes/" + String(uri.dropFirst(prefix.count))
        return FileManager.default.contents(atPath: path).map { SyntaxTree(parsing: [UInt8]($0)) }
    }

    /// Runs the cases; returns the failures as readable lines.
    static func run(_ cases: [Case], draft: Draft) -> [String] {
        var failures: [String] = []
        var compiled: [JSONValue: CompiledSchema] = [:]
        for c in cases {
            let schema = compiled[c.schema] ?? SchemaCompiler.compile(c.schema, defaultDraft: draft, remotes: remote)
            compiled[c.schema] = schema
            let validator = Validator(schema)
            let errors = validator.validate(c.data)
            let valid = errors.isEmpty
            if valid != c.valid || validator.isValid(c.data) != valid {
                failures.append("\(c.file) / \(c.group) / \(c.description): expected \(c.valid ? "valid" : "invalid"), got \(valid ? "valid" : "invalid \(errors.map(\.description))")")
            }
        }
        return failures
    }

    func required(_ draft: Draft, _ folder: String) throws {
        let path = OfficialSuiteTests.suite + "/tests/" + folder
        guard FileManager.default.fileExists(atPath: path) else {
            return XCTFail("JSON-Schema-Test-Suite not found at \(OfficialSuiteTests.suite): run `apt-get install json-schema-test-suite` (scripts/test.sh does) or set JSON_SCHEMA_TEST_SUITE")
        }
        let cases = try OfficialSuiteTests.cases(path)
        XCTAssertGreaterThan(cases.count, 300)
        let failures = OfficialSuiteTests.run(cases, draft: draft)
        print("JSON-Schema-Test-Suite \(folder): \(cases.count - failures.count)/\(cases.count) required tests pass")
        XCTAssertEqual(failures, [], "\(failures.count) of \(cases.count) failed")
        // optional/format is a folder in draft-07 and a single format.json in older drafts.
        var optional: [Case] = []
        if FileManager.default.fileExists(atPath: path + "/optional/format") {
            optional = try OfficialSuiteTests.cases(path + "/optional/format")
        } else if FileManager.default.fileExists(atPath: path + "/optional/format.json") {
            optional = try OfficialSuiteTests.cases(path + "/optional").filter { $0.file == "format.json" }
        }
        if !optional.isEmpty {
            let failed = OfficialSuiteTests.run(optional, draft: draft)
            print("JSON-Schema-Test-Suite \(folder) optional/format: \(optional.count - failed.count)/\(optional.count) pass")
            // Every format of the draft is asserted (idn-*, iri*, uri-template included), so all optional format tests pass.
            XCTAssertEqual(failed, [], "\(failed.count) of \(optional.count) optional format tests failed")
        }
    }

    func testDraft4() throws { try required(.draft4, "draft4") }
    func testDraft6() throws { try required(.draft6, "draft6") }
    func testDraft7() throws { try required(.draft7, "draft7") }
}
