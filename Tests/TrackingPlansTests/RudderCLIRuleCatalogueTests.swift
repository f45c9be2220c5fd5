import Foundation
import XCTest
import JSONSyntax
import TestSupport
@testable import TrackingPlans

/// rudder-cli's own rule catalogue (shared/rudder-cli-rules, MIT): one `*.docs.yaml` per rudder-cli rule with
/// valid and invalid example projects and, for invalid ones, the diagnostics rudder-cli reports (file, JSON
/// pointer, severity, message text). Every example is run through trackspec's analysis, cross-file rules
/// included: valid examples get no error from the trackspec rules the rudder-cli rule maps to; each expected
/// diagnostic is reported by one of them, at that pointer, with that text.
final class RudderCLIRuleCatalogueTests: XCTestCase {
    /// rudder-cli rule id → the trackspec rule ids that carry its checks (README, "rudder-cli rules").
    static let mapping: [String: Set<String>] = {
        let syntax: Set<String> = [RudderStackRule.requiredField, RudderStackRule.projectUnknownKey, RudderStackRule.wrongType,
                                   RudderStackRule.eventTypeInvalid, RudderStackRule.referenceInvalid, RudderStackRule.nameInvalid,
                                   RudderStackRule.propertyNameInvalid, RudderStackRule.propertyTypeInvalid, RudderStackRule.descriptionInvalid,
                                   RudderStackRule.customTypeInvalid, RudderStackRule.variantInvalid, RudderStackRule.planRuleInvalid,
                                   RudderStackRule.identitySectionInvalid, RudderStackRule.propertyDuplicate]
        let config: Set<String> = [RudderStackRule.keywordInvalid, RudderStackRule.keywordNotApplicable, RudderStackRule.customTypeInvalid]
        // Not reference-unresolved: the catalogue's valid plans name events no file of theirs declares, so
        // rudder-cli resolves catalog references elsewhere (trackspec reports them under reference-unresolved).
        let semantic: Set<String> = [RudderStackRule.catalogDuplicate, RudderStackRule.resourceNameDuplicate,
                                     RudderStackRule.variantInvalid, RudderStackRule.planRuleInvalid]
        var out: [String: Set<String>] = [
            "project/spec-syntax-valid": [RudderStackRule.projectEnvelope, RudderStackRule.projectUnknownKey],
            "project/resource-kind-version-valid": [RudderStackRule.projectKindVersion],
            "project/metadata-syntax-valid": [RudderStackRule.projectMetadata],
            "project/duplicate-urn": [RudderStackRule.urnDuplicate],
            "event-stream/source/spec-syntax-valid": syntax.union([RudderStackRule.sourceTypeInvalid]),
            "event-stream/source/semantic-valid": [RudderStackRule.referenceUnresolved, RudderStackRule.resourceNameDuplicate],
        ]
        for kind in ["properties", "events", "categories", "custom-types", "tracking-plans"] {
            out["datacatalog/\(kind)/spec-syntax-valid"] = syntax
            out["datacatalog/\(kind)/semantic-valid"] = semantic
        }
        for kind in ["properties", "custom-types"] { out["datacatalog/\(kind)/config-valid"] = config }
        return out
    }()

    struct Example {
        var id: String
        var files: [(String, String)]
        var expected: [JSONValue]
    }

    struct Behaviour {
        var valid: [Example]
        var invalid: [Example]
    }

    func load() throws -> [(rule: String, behaviours: [Behaviour])] {
        let folder = try SharedFixtures.path("rudder-cli-rules")
        var out: [(rule: String, behaviours: [Behaviour])] = []
        for group in ["project", "datacatalog", "event-stream"] {
            let dir = folder + "/" + group
            for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".docs.yaml") {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
                let tree = DocumentParsing.parse(path: name, bytes: bytes)
                XCTAssertEqual(tree.diagnostics.map(\.message), [], name)
                guard let doc = tree.root.flatMap({ tree.value($0) }), let rule = doc["rule_id"]?.stringValue else {
                    XCTFail("\(name): no rule_id")
                    continue
                }
                func examples(_ v: JSONValue?) -> [Example] {
                    (v?.arrayValue ?? []).map { e in
                        Example(id: e["example_id"]?.stringValue ?? "?",
                                files: (e["files"]?.objectValue?.pairs ?? []).map { ($0.key, $0.value.stringValue ?? "") },
                                expected: e["expected_diagnostics"]?.arrayValue ?? [])
                    }
                }
                out.append((rule, (doc["match_behavior"]?.arrayValue ?? []).map { Behaviour(valid: examples($0["valid"]), invalid: examples($0["invalid"])) }))
            }
        }
        return out
    }

    func analyse(_ files: [(String, String)], under folder: String) -> [String: FileAnalysis] {
        let analyzer = Analyzer(configuration: Configuration(root: folder))
        let analyses = analyzer.crossFile(files.map { analyzer.analyze(path: folder + "/" + $0.0, bytes: Array($0.1.utf8)) })
        return Dictionary(analyses.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The bytes a pointer designates: the deepest node of it that exists (a missing field is reported on
    /// its owner), with its key when it is a member. Pointers of `spec` rules are relative to `spec`.
    static func region(_ reference: String, in tree: SyntaxTree) -> Range<Int>? {
        let first = reference.split(separator: "/").first.map(String.init) ?? ""
        let full = ["version", "kind", "metadata", "spec"].contains(first) ? reference : "/spec" + reference
        guard var pointer = JSONPointer(parsing: full) else { return nil }
        while tree.node(at: pointer) == nil, !pointer.segments.isEmpty { pointer.segments.removeLast() }
        guard let node = tree.node(at: pointer) else { return nil }
        if let parent = tree.parent(node), tree.kind(parent) == .property { return tree.range(parent) }
        return tree.range(node)
    }

    func testEveryExampleOfRudderCLIsRuleCatalogue() throws {
        var counts: [String: (valid: Int, invalid: Int, expected: Int)] = [:]
        for (rule, behaviours) in try load() {
            guard let mapped = Self.mapping[rule] else {
                XCTFail("rudder-cli rule \(rule) has no trackspec mapping")
                continue
            }
            let group = String(rule.split(separator: "/").first!)
            for behaviour in behaviours {
                let valid = behaviour.valid
                for example in valid {
                    let folder = "/catalogue/\(example.id)"
                    for (path, a) in analyse(example.files, under: folder).sorted(by: { $0.key < $1.key }) {
                        let errors = a.diagnostics.filter { mapped.contains($0.rule) && $0.severity == .error }
                        XCTAssertEqual(errors.map { "\($0.rule): \($0.message)" }, [], "\(rule) valid example \(example.id) \(path)")
                    }
                    counts[group, default: (0, 0, 0)].valid += 1
                }
                for example in behaviour.invalid {
                    let folder = "/catalogue/\(example.id)"
                    // Semantic rules are about the project: their invalid examples clash with the valid ones.
                    let context = rule.hasSuffix("semantic-valid") ? valid.flatMap { v in v.files.map { ("valid-\(v.id)/\($0.0)", $0.1) } } : []
                    let analyses = analyse(example.files + context, under: folder)
                    for expected in example.expected {
                        let file = folder + "/" + (expected["file"]?.stringValue ?? "")
                        let reference = expected["reference"]?.stringValue ?? ""
                        let text = expected["message_contains"]?.stringValue ?? ""
                        XCTAssertEqual(expected["severity"]?.stringValue, "error", "\(example.id): only errors are catalogued")
                        guard let a = analyses[file], let region = Self.region(reference, in: a.tree) else {
                            XCTFail("\(rule) \(example.id): no analysis of \(file) or pointer \(reference)")
                            continue
                        }
                        let found = a.diagnostics.contains { d in
                            mapped.contains(d.rule) && d.severity == .error && d.message.contains(text)
                                && d.range.lowerBound >= region.lowerBound && d.range.upperBound <= region.upperBound
                        }
                        XCTAssertTrue(found, "\(rule) invalid example \(example.id): expected '\(text)' at \(reference) in \(file); got "
                            + a.diagnostics.map { "\($0.rule) \(a.tree.text(in: $0.range).prefix(30)): \($0.message)" }.joined(separator: " | "))
                        counts[group, default: (0, 0, 0)].expected += 1
                    }
                    counts[group, default: (0, 0, 0)].invalid += 1
                }
            }
        }
        // The catalogue as shipped (4 project, 13 datacatalog and 2 event-stream rule files): every example ran.
        XCTAssertEqual(counts["project"].map { [$0.valid, $0.invalid, $0.expected] }, [5, 8, 9])
        XCTAssertEqual(counts["datacatalog"].map { [$0.valid, $0.invalid, $0.expected] }, [26, 27, 27])
        XCTAssertEqual(counts["event-stream"].map { [$0.valid, $0.invalid, $0.expected] }, [8, 9, 9])
        for (group, c) in counts.sorted(by: { $0.key < $1.key }) {
            print("rudder-cli rule catalogue \(group): \(c.valid) valid and \(c.invalid) invalid examples, \(c.expected) expected diagnostics")
        }
    }

    /// rudder-cli's own test catalog files (events, properties and a legacy tracking plan referencing them)
    /// load without errors: none of any rule.
    func testRudderCLIsTestdataChecksClean() throws {
        let folder = try SharedFixtures.path("rudder-cli-rules/testdata")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertEqual(names.count, 5)
        let files = try names.map { ($0, String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0)), as: UTF8.self)) }
        let analyses = analyse(files, under: folder)
        for (path, a) in analyses.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(a.kind, .rudderstackProject, path)
            XCTAssertEqual(a.diagnostics.map { "\($0.rule): \($0.message)" }, [], path)
        }
        XCTAssertEqual(analyses.values.map(\.facts.rudderstack.resources.count).reduce(0, +), 2 + 5 + 1 + 1, "events, properties, the plan and its rule")
    }

    /// The README maps every rudder-cli rule of the catalogue to trackspec's ids.
    func testTheREADMEMapsEveryCataloguedRule() throws {
        let readme = try String(contentsOf: SharedFixtures.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for (rule, ids) in Self.mapping {
            guard let line = readme.split(separator: "\n").first(where: { $0.hasPrefix("| `\(rule)` |") }) else {
                XCTFail("README does not map \(rule)")
                continue
            }
            for id in ids where !line.contains(id) && !line.contains("spec rules") && !line.contains("config rules") && !line.contains("semantic rules") {
                XCTFail("README's row for \(rule) does not name \(id)")
            }
        }
    }
}
