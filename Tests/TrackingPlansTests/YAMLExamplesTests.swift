import Foundation
import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Examples/yaml holds every example as the YAML file snowplow-cli or rudder-cli users keep (written by
/// `trackspec convert`; the one JSON example with syntax errors has a hand-written twin). Each must get the
/// same analysis as its JSON original: the same rules at the same JSON pointers. Syntax rules differ by
/// notation (`json/…`, `yaml/…`) and are compared by neither.
final class YAMLExamplesTests: XCTestCase {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples")

    /// File name without its extension → the sorted "rule pointer" lines of its diagnostics.
    func analysis(of folder: URL) throws -> [String: [String]] {
        let (configuration, _, problems) = try Configuration.load(from: folder.path)
        XCTAssertEqual(problems.filter { $0.severity == .error }.map(\.message), [])
        // Folders with their own trackspec.json (the rudder-cli and Data Catalog API projects) are projects of
        // their own, with no copy in the other format.
        let files = try WorkspaceFiles.collect([folder.path], configuration: configuration, stoppingAtNestedProjects: true).files
            // Not examples of a tracking format: the configuration and the Iglu resolver config.
            .filter { !$0.hasSuffix("/" + Configuration.fileName) && !$0.hasSuffix(".resolver.json") }
        let analyzer = Analyzer(configuration: configuration)
        let analyses = analyzer.crossFile(try files.map { analyzer.analyze(path: $0, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) })
        var out: [String: [String]] = [:]
        for a in analyses {
            let name = URL(fileURLWithPath: a.path).lastPathComponent
            let stem = String(name[..<(name.range(of: ".json") ?? name.range(of: ".yaml") ?? name.range(of: ".yml"))!.lowerBound])
            out[stem] = a.diagnostics.filter { !$0.rule.hasPrefix("json/") && !$0.rule.hasPrefix("yaml/") }.map { d in
                // The outermost node the diagnostic's range covers, from the one at its start: a mapping's
                // range starts at `{` in JSON and at its first key in YAML, but covers the same node. A mark on
                // an item's first byte (`{` in JSON, the first key's first letter in YAML) is about the item.
                var node = a.tree.node(at: d.range.lowerBound)
                while let n = node, let parent = a.tree.parent(n) {
                    let r = a.tree.range(parent)
                    let covered = d.range.contains(r.lowerBound) && r.upperBound <= d.range.upperBound && !r.isEmpty
                    let sameStart = d.range.count <= 1 && r.lowerBound == d.range.lowerBound && a.tree.kind(parent) != .array
                    guard covered || sameStart else { break }
                    node = parent
                }
                return "\(d.rule) \(node.map { a.tree.pointer(of: $0).description } ?? "?")"
            }.sorted()
        }
        return out
    }

    func testYAMLCopiesGetTheSameDiagnosticsAsTheirJSONOriginals() throws {
        let json = try analysis(of: Self.examples)
        let yaml = try analysis(of: Self.examples.appendingPathComponent("yaml"))
        XCTAssertEqual(Set(yaml.keys), Set(json.keys), "every JSON example has its YAML copy")
        XCTAssertGreaterThan(json.values.map(\.count).reduce(0, +), 50, "the examples' diagnostics are compared")
        for (stem, expected) in json.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(yaml[stem] ?? [], expected, stem)
        }
    }
}

extension YAMLExamplesTests {
    /// Fixes in YAML are YAML: a scalar replaced keeps its style (a boolean that must be a string is quoted),
    /// and a structural fix is written for YAML (`YAMLEdits`), never JSON's text.
    func testYAMLGetsItsOwnFixesNotJSONs() {
        let analyzer = Analyzer(configuration: Configuration(root: "/w"))
        let connection = "config:\n  track:\n    propagateValidationErrors: true\n"
        let d = analyzer.analyze(path: "/w/web.connection.yaml", bytes: Array(connection.utf8)).diagnostics
        let boolean = d.first { $0.rule == "rudderstack/config-value-invalid" }
        XCTAssertEqual(boolean?.fixes.first?.edits.first?.newText, "\"true\"")
        var bytes = Array(connection.utf8)
        if let edit = boolean?.fixes.first?.edits.first { bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "config:\n  track:\n    propagateValidationErrors: \"true\"\n")
        // The same entity twice: JSON's fix removes the second list item with its comma; YAML's removes its line.
        let source = "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0"
        let scenario = "name: Tap\nevent:\n  source: \(source)\nentities:\n  tracked:\n    - source: \(source)\n    - source: \(source)\n"
        let json = #"{"name": "Tap", "event": {"source": "\#(source)"}, "entities": {"tracked": [{"source": "\#(source)"}, {"source": "\#(source)"}]}}"#
        let inJSON = analyzer.analyze(path: "/w/s.json", bytes: Array(json.utf8)).diagnostics.first { $0.rule == "snowplow/entity-duplicate" }
        let inYAML = analyzer.analyze(path: "/w/s.yaml", bytes: Array(scenario.utf8)).diagnostics.first { $0.rule == "snowplow/entity-duplicate" }
        XCTAssertFalse(inJSON?.fixes.isEmpty ?? true, "JSON has the fix")
        XCTAssertNotNil(inYAML, "YAML has the diagnostic")
        XCTAssertEqual(inYAML?.fixes.count, 1, "and its YAML-shaped fix")
        var fixed = Array(scenario.utf8)
        for edit in inYAML?.fixes.first?.edits ?? [] { fixed.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
        XCTAssertEqual(String(decoding: fixed, as: UTF8.self), "name: Tap\nevent:\n  source: \(source)\nentities:\n  tracked:\n    - source: \(source)\n")
    }

    /// Every fix offered on the YAML examples, applied on its own: the file is still YAML without a syntax error,
    /// and the problem it fixes is gone (one diagnostic fewer of its rule).
    func testEveryFixOnTheYAMLExamplesLeavesValidYAMLWithoutItsProblem() throws {
        let folder = Self.examples.appendingPathComponent("yaml")
        let (configuration, _, _) = try Configuration.load(from: folder.path)
        let files = try WorkspaceFiles.collect([folder.path], configuration: configuration, stoppingAtNestedProjects: true).files
            .filter { $0.hasSuffix(".yaml") }
        let analyzer = Analyzer(configuration: configuration)
        var tried = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let before = analyzer.analyze(path: file, bytes: bytes).diagnostics
            for d in before {
                for fix in d.fixes {
                    var fixed = bytes
                    for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                        fixed.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
                    }
                    let after = analyzer.analyze(path: file, bytes: fixed).diagnostics
                    let name = "\(URL(fileURLWithPath: file).lastPathComponent): \(fix.title)"
                    XCTAssertEqual(after.filter { $0.rule.hasPrefix("yaml/") }.map(\.message), before.filter { $0.rule.hasPrefix("yaml/") }.map(\.message),
                                   "\(name) left a syntax error:\n\(String(decoding: fixed, as: UTF8.self))")
                    XCTAssertLessThan(after.filter { $0.rule == d.rule }.count, before.filter { $0.rule == d.rule }.count, "\(name) did not fix \(d.rule)")
                    tried += 1
                }
            }
        }
        print("YAML examples: \(tried) fixes applied")
        XCTAssertGreaterThan(tried, 10, "the examples offer fixes to try")
    }
}
