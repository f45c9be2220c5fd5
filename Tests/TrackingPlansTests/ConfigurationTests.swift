import XCTest
import JSONSyntax
@testable import TrackingPlans

final class ConfigurationTests: XCTestCase {
    func parse(_ text: String) -> (Configuration, [Diagnostic]) {
        Configuration.parse(SyntaxTree(parsing: text), path: "/w/trackspec.json", root: "/w")
    }

    func testFullConfiguration() {
        let (config, diagnostics) = parse("""
        {"include": ["plans/**/*.json", "scenarios/*.json"], "exclude": "plans/archive/",
         "iglu": {"cache": ["vendor/iglu", "/abs/iglu"], "resolver": "resolver.json"},
         "rules": {"json/comment": "off", "json/duplicate-key": "error", "json/*": "warning"}}
        """)
        XCTAssertEqual(diagnostics, [])
        XCTAssertEqual(config.include.map(\.pattern), ["plans/**/*.json", "scenarios/*.json"])
        XCTAssertEqual(config.exclude.map(\.pattern), ["plans/archive/"])
        XCTAssertEqual(config.igluCache, ["vendor/iglu", "/abs/iglu"])
        XCTAssertEqual(config.igluResolver, "resolver.json")
        XCTAssertEqual(config.severity(of: "json/comment", default: .error), nil)
        XCTAssertEqual(config.severity(of: "json/duplicate-key", default: .warning), .error)
        XCTAssertEqual(config.severity(of: "json/trailing-comma", default: .error), .warning)
        XCTAssertEqual(config.severity(of: "config/invalid", default: .error), .error)
    }

    func testBadSettingsAreDiagnosedAtTheirRange() {
        let text = #"{"includ": [], "rules": {"json/coment": "off", "json/comment": "loud"}, "exclude": [3, "a[b"]}"#
        let (config, diagnostics) = parse(text)
        let bytes = Array(text.utf8)
        func at(_ d: Diagnostic) -> String { String(decoding: bytes[d.range], as: UTF8.self) }
        XCTAssertEqual(diagnostics.map(\.rule), [ConfigRule.unknownKey, ConfigRule.unknownRule, ConfigRule.invalid, ConfigRule.invalid, ConfigRule.invalid])
        XCTAssertEqual(diagnostics.map(at), [#""includ""#, #""json/coment""#, #""loud""#, "3", #""a[b""#])
        XCTAssertEqual(diagnostics[0].message, "unknown key 'includ'; did you mean 'include'?")
        XCTAssertEqual(diagnostics[1].message, "unknown rule 'json/coment'; did you mean 'json/comment'?")
        XCTAssertEqual(diagnostics[1].severity, .warning)
        XCTAssertEqual(config.severity(of: "json/comment", default: .error), .error)
    }

    func testGlobs() throws {
        let cases: [(String, String, Bool)] = [
            ("**/*.json", "a.json", true), ("**/*.json", "a/b/c.json", true), ("**/*.json", "a.jsonc", false),
            ("*.json", "deep/dir/x.json", true),  // no slash: matches the name at any depth
            ("plans/*.json", "plans/a.json", true), ("plans/*.json", "plans/x/a.json", false),
            ("plans/**", "plans/x/a.json", true), ("node_modules/", "node_modules/", true),
            ("archive/", "a/archive/", true), ("a/archive/", "b/a/archive/", false), ("/top.json", "top.json", true), ("/top.json", "x/top.json", false),
            ("{a,b}/*.json", "b/x.json", true), ("{a,b}/*.json", "c/x.json", false),
            ("file?.json", "file1.json", true), ("[!a]*.json", "b.json", true), ("[!a]*.json", "a.json", false),
            ("[a-c]x.json", "bx.json", true),
        ]
        for (pattern, path, expected) in cases {
            XCTAssertEqual(try Glob(pattern).matches(path), expected, "\(pattern) ~ \(path)")
        }
        XCTAssertThrowsError(try Glob("a[b"))
        XCTAssertThrowsError(try Glob("{a,b"))
        XCTAssertThrowsError(try Glob(""))
    }

    func testSuggestions() {
        XCTAssertEqual(Suggestions.closest(to: "publshed", in: ["draft", "published", "deprecated"]), "published")
        XCTAssertEqual(Suggestions.closest(to: "xyz", in: ["draft", "published", "deprecated"]), nil)
        XCTAssertEqual(Suggestions.distance("ab", "ba"), 1)
    }
}
