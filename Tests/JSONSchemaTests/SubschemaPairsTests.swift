import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import JSONSchema

/// jsonsubschema's 689 test pairs (../shared/subschema). Where our answer differs from the suite's label,
/// the test requires a witness that proves us right; an unexplained "compatible" against a "false" label fails.
final class SubschemaPairsTests: XCTestCase {
    static let file = URL(fileURLWithPath: SharedFixtures.location("subschema/jsonsubschema_test_pairs.json"))

    override func setUpWithError() throws { _ = try SharedFixtures.path("subschema/jsonsubschema_test_pairs.json") }

    /// Suite labels that are wrong, each with the reason we can state (a "compatible" answer has no
    /// witness to show, so the argument is written here and the answer pinned).
    static let refutedCompatibleLabels: [String: String] = [
        "test/test_numeric.py::TestCompositeNumericSubtype::test_all_all_3":
            "integers that are multiples of 3 are multiples of 0.3 (3k = 0.3 × 10k); the suite's label comes from floating-point division (3 / 0.3 = 10.000000000000002)",
    ]

    func testSuitePairs() throws {
        let data = try Data(contentsOf: SubschemaPairsTests.file)
        let pairs = try XCTUnwrap(SyntaxTree(parsing: [UInt8](data)).rootValue?.arrayValue)
        var agree = 0, undecidable = 0, provenWrongLabel = 0, unlabeled = 0
        var failures: [String] = []
        var undecidedReasons: [String: Int] = [:]
        var witnesses: [JSONValue] = []
        let slow = ProcessInfo.processInfo.environment["TRACKSPEC_SLOW_PAIRS"] != nil
        for (index, pair) in pairs.enumerated() {
            let started = Date()
            defer { if slow && Date().timeIntervalSince(started) > 0.3 { print("slow pair \(index): \(Date().timeIntervalSince(started)) s \(pair["test"]?.stringValue ?? "")") } }
            if slow { FileHandle.standardError.write(Data("pair \(index)\n".utf8)) }
            guard let lhs = pair["lhs"], let rhs = pair["rhs"], let label = pair["result"]?.boolValue else {
                unlabeled += 1
                continue
            }
            let equivalence = pair["via"] == "isEquivalent"
            var results = [SubschemaChecker.decideOne(lhs, rhs)]
            if equivalence { results.append(SubschemaChecker.decideOne(rhs, lhs)) }
            let incompatible = results.first { if case .incompatible = $0 { return true }; return false }
            for (i, r) in results.enumerated() {
                // Huge witnesses (10,000-item arrays) are checked by our validator only; Python gets the rest.
                if case .incompatible(let w, _, _, _) = r, JSONWriter().string(w).utf8.count <= 65_536 {
                    let (x, y) = i == 0 ? (lhs, rhs) : (rhs, lhs)
                    witnesses.append(["test": .string(pair["test"]?.stringValue ?? ""), "lhs": x, "rhs": y, "witness": w,
                                      "lhsDraft": .string(SubschemaChecker.draft(of: x).rawValue), "rhsDraft": .string(SubschemaChecker.draft(of: y).rawValue)])
                }
            }
            let allCompatible = results.allSatisfy { $0 == .compatible }
            let name = pair["test"]?.stringValue ?? "?"
            if allCompatible {
                if label {
                    agree += 1
                } else if let why = SubschemaPairsTests.refutedCompatibleLabels[name] {
                    provenWrongLabel += 1
                    print("suite label refuted: \(name): \(why)")
                } else {
                    failures.append("\(name): we say compatible, the suite says not")
                }
            } else if let incompatible, case .incompatible(let w, _, _, _) = incompatible {
                if !label {
                    agree += 1
                } else {
                    provenWrongLabel += 1
                    print("suite label contradicted by witness: \(name): \(JSONWriter().string(w))")
                }
            } else {
                undecidable += 1
                if ProcessInfo.processInfo.environment["TRACKSPEC_SHOW_UNDECIDED"] != nil { print("UNDECIDED PAIR \(index) \(name)") }
                for case .undecidable(let reason, _) in results { undecidedReasons[reason, default: 0] += 1 }
            }
        }
        print("subschema pairs: \(agree) agree, \(provenWrongLabel) labels refuted by witnesses, \(undecidable) undecidable, \(failures.count) unexplained, \(unlabeled) unlabeled (suite raised or unsupported)")
        for (reason, count) in undecidedReasons.sorted(by: { $0.value > $1.value }).prefix(15) { print("  undecidable ×\(count): \(reason)") }
        XCTAssertEqual(failures, [])
        // For the end-to-end check that Python's jsonschema agrees with every witness.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: root.appendingPathComponent(".build"), withIntermediateDirectories: true)
        try Data(JSONWriter().string(.array(witnesses)).utf8).write(to: root.appendingPathComponent(".build/subschema-witnesses.json"))
    }
}

extension SubschemaChecker {
    /// The suite's schemas mostly omit `$schema` and use `const`, which jsonsubschema honours: without a
    /// `$schema`, read them as draft-07 (draft-04's boolean exclusiveMaximum/Minimum still select draft-04).
    static func draft(of schema: JSONValue) -> Draft {
        let text = JSONWriter().string(schema)
        return text.contains("\"exclusiveMaximum\":true") || text.contains("\"exclusiveMinimum\":true")
            || text.contains("\"exclusiveMaximum\":false") || text.contains("\"exclusiveMinimum\":false") ? .draft4 : .draft7
    }

    static func decideOne(_ lhs: JSONValue, _ rhs: JSONValue) -> SubschemaResult {
        SubschemaChecker(SchemaCompiler.compile(lhs, defaultDraft: draft(of: lhs)), SchemaCompiler.compile(rhs, defaultDraft: draft(of: rhs))).check()
    }
}
