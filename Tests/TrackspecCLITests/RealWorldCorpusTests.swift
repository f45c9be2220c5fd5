import Foundation
import XCTest
import JSONSyntax
import TestSupport
import TrackingPlans
@testable import TrackspecCLI

/// Every case of `shared/realworld-dev` (real files from the vendors' repositories, with their verdicts and
/// evidence in `expected.json`), checked as `score.py` checks it: each case folder on its own, with the corpus's
/// Iglu cache. A valid file gets no error or warning beyond its `tolerate` list; every expected problem of an
/// invalid file is found at its node (matching hint, severity where given) and nothing else is reported.
/// Where the expectation is wrong, the disagreement is listed below with its evidence, never skipped silently.
final class RealWorldCorpusTests: XCTestCase {
    /// (file, expected problem's `desc`) → the evidence that rudder-cli itself does not report it.
    static let knownDisagreements: [String: String] = [
        "rudder-iac/docs-es-connection-semantic-missing-required-config/connections.yaml":
            "type WEBHOOK is registered only by rudder-iac's test registry (cli/internal/providers/destination/definitions/export_test.go "
            + "WebhookTestDefinition); the shipped registry (definitions/registry.go, app/dependencies.go NewRegistry) has no WEBHOOK, so "
            + "connection_semantic_valid.go validateSourceTypeCompatibility returns nothing after registry.Get fails",
        "rudder-iac/docs-es-connection-semantic-unsupported-source-type/connections.yaml":
            "the same WEBHOOK test-only definition: with rudder-cli's shipped registry registry.Get(\"WEBHOOK\", 1) fails and no source-type "
            + "result is produced",
    ]

    struct Entry {
        var hint: String
        var at: [String]?
        var severity: String?
        var desc: String
    }

    func testEveryCaseIsJudgedAsItsSourceJudgesIt() throws {
        let corpus = try SharedFixtures.path("realworld-dev")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: corpus + "/expected.json"))) as! [String: Any]
        let cache = URL(fileURLWithPath: corpus).appendingPathComponent(expected["iglu_cache"] as! String).standardized.path
        let cases = expected["cases"] as! [String: [String: Any]]
        let files = expected["files"] as! [String: [String: Any]]
        XCTAssertGreaterThanOrEqual(cases.count, 68, "the corpus shrank")
        var checked = 0, problems = 0, disagreementsSeen = Set<String>()
        for (name, c) in cases.sorted(by: { $0.key < $1.key }) {
            var out = ""
            let code = Trackspec.main(["check", "--format", "json", "--iglu-cache", cache, corpus + "/" + name], output: { out += $0 }, errors: { _ in })
            XCTAssertTrue(code == 0 || code == 1, "\(name): exit \(code)")
            guard let report = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any],
                  let diagnostics = report["diagnostics"] as? [[String: Any]] else {
                XCTFail("\(name): no JSON report")
                continue
            }
            for file in c["files"] as! [String] {
                let record = files[file]!
                if record["checked"] as? Bool == false { continue }
                checked += 1
                let absolute = corpus + "/" + file
                let ours = diagnostics.filter {
                    URL(fileURLWithPath: $0["path"] as! String).standardized.path == URL(fileURLWithPath: absolute).standardized.path
                        && ["error", "warning"].contains($0["severity"] as! String)
                }
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: absolute)))
                let tree = DocumentParsing.parse(path: (record["syntax"] as! String) == "yaml" ? "x.yaml" : "x.json", bytes: bytes)
                func entries(_ key: String) -> [Entry] {
                    (record[key] as? [[String: Any]] ?? []).map { raw in
                        Entry(hint: raw["hint"] as? String ?? "", at: (raw["at"] as? String).map { [$0] + (raw["at_any"] as? [String] ?? []) },
                              severity: raw["severity"] as? String, desc: raw["desc"] as? String ?? "")
                    }
                }
                func matches(_ e: Entry, _ d: [String: Any]) -> Bool {
                    if let s = e.severity, s != d["severity"] as! String { return false }
                    if !e.hint.isEmpty, (d["message"] as! String).range(of: e.hint, options: [.regularExpression, .caseInsensitive]) == nil { return false }
                    guard let pointers = e.at else { return true }
                    let offset = ((d["offsets"] as! [String: Any])["start"] as! NSNumber).intValue
                    return pointers.contains { RealWorldCorpusTests.span(of: $0, in: tree).contains(offset) }
                }
                var used = Set<Int>()
                for e in entries("expect") {
                    let hits = ours.indices.filter { matches(e, ours[$0]) }
                    if hits.isEmpty {
                        if RealWorldCorpusTests.knownDisagreements[file] != nil {
                            disagreementsSeen.insert(file)
                        } else {
                            problems += 1
                            XCTFail("\(file): missed \(e.desc)")
                        }
                    }
                    used.formUnion(hits)
                }
                let tolerated = entries("tolerate")
                for (i, d) in ours.enumerated() where !used.contains(i) && !tolerated.contains(where: { matches($0, d) }) {
                    problems += 1
                    XCTFail("\(file) [\(record["verdict"]!)]: false alarm \(d["severity"]!) \(d["rule"]!): \(d["message"]!)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 152)
        XCTAssertEqual(problems, 0)
        // A listed disagreement that no longer shows is stale: the list must say only what is true.
        XCTAssertEqual(disagreementsSeen, Set(RealWorldCorpusTests.knownDisagreements.keys))
    }

    /// The byte span a pointer names, as score.py reads it: an object member from its key to its value; a
    /// pointer to a missing member names the deepest node that exists; "" is the whole file.
    static func span(of pointerText: String, in tree: SyntaxTree) -> ClosedRange<Int> {
        let whole = 0...tree.bytes.count
        guard !pointerText.isEmpty, var pointer = JSONPointer(parsing: pointerText) else { return whole }
        while true {
            if pointer.segments.isEmpty { return whole }
            if let node = tree.node(at: pointer) {
                let target = tree.parent(node).flatMap { tree.kind($0) == .property ? $0 : nil } ?? node
                let r = tree.range(target)
                return r.lowerBound...r.upperBound
            }
            pointer.segments.removeLast()
        }
    }
}
