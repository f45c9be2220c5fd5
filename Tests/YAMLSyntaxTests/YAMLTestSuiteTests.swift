import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import YAMLSyntax

/// The official YAML test suite (../shared/yaml-test-suite, MIT): every case with `in.json` must load to
/// exactly that data, every case with `error` must get at least one error, and valid cases without a JSON
/// form (non-string keys…) must load without syntax errors. Counts per group are printed, with any case
/// failing listed.
final class YAMLTestSuiteTests: XCTestCase {
    struct Case {
        var id: String
        var folder: URL
    }

    func cases() throws -> [Case] {
        let root = URL(fileURLWithPath: try SharedFixtures.path("yaml-test-suite"))
        var out: [Case] = []
        for id in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() {
            let folder = root.appendingPathComponent(id)
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("in.yaml").path) {
                out.append(Case(id: id, folder: folder))
            } else if let subs = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
                for sub in subs.sorted() where FileManager.default.fileExists(atPath: folder.appendingPathComponent(sub).appendingPathComponent("in.yaml").path) {
                    out.append(Case(id: id + "/" + sub, folder: folder.appendingPathComponent(sub)))
                }
            }
        }
        return out
    }

    /// A stream of JSON values, one after another (a multi-document YAML stream's expected data).
    static func jsonStream(_ bytes: [UInt8]) -> [JSONValue]? {
        var values: [JSONValue] = []
        var rest = bytes[...]
        while true {
            while let b = rest.first, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { rest = rest.dropFirst() }
            if rest.isEmpty { return values }
            let tree = SyntaxTree(parsing: Array(rest))
            let trailing = tree.diagnostics.first { $0.code == .trailingContent }
            if let bad = tree.diagnostics.first(where: { $0.code != .trailingContent && $0.severity == .error }),
               trailing.map({ bad.range.lowerBound < $0.range.lowerBound }) ?? true { return nil }
            guard let value = tree.rootValue else { return nil }
            values.append(value)
            guard let trailing else { return values }
            rest = rest.dropFirst(trailing.range.lowerBound)
        }
    }

    /// Equal data: numbers by value (`1.0` and `1e0` are the same number).
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y || Double(x.description) == Double(y.description)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.pairs.count == y.pairs.count && x.pairs.allSatisfy { pair in y[pair.key].map { same(pair.value, $0) } ?? false }
        default: return a == b
        }
    }

    func testTheOfficialSuite() throws {
        var validPass = 0, validTotal = 0, errorPass = 0, errorTotal = 0, plainPass = 0, plainTotal = 0
        var failures: [String] = []
        for c in try cases() {
            let yaml = try [UInt8](Data(contentsOf: c.folder.appendingPathComponent("in.yaml")))
            let tree = YAMLParser.parse(yaml)
            let errors = tree.diagnostics.filter { $0.severity == .error && $0.code != .yamlNonStringKey }
            let fm = FileManager.default
            if fm.fileExists(atPath: c.folder.appendingPathComponent("error").path) {
                errorTotal += 1
                if !errors.isEmpty { errorPass += 1 } else { failures.append("\(c.id) (error case): no error reported") }
            } else if fm.fileExists(atPath: c.folder.appendingPathComponent("in.json").path) {
                validTotal += 1
                let expected = Self.jsonStream(try [UInt8](Data(contentsOf: c.folder.appendingPathComponent("in.json"))))
                let got = tree.documents.indices.map { tree.document($0).rootValue ?? .null }
                if let expected, expected.count == got.count, zip(expected, got).allSatisfy({ Self.same($0, $1) }) {
                    if errors.isEmpty { validPass += 1 } else { failures.append("\(c.id): right data, but \(errors[0].code.rawValue): \(errors[0].message)") }
                } else {
                    let shown = got.map { JSONWriter().string($0) }.joined(separator: " ")
                    failures.append("\(c.id): got \(shown.prefix(160)); expected \((expected ?? []).map { JSONWriter().string($0) }.joined(separator: " ").prefix(160))"
                                    + (errors.first.map { " [\($0.code.rawValue): \($0.message)]" } ?? ""))
                }
            } else {
                plainTotal += 1
                if errors.isEmpty { plainPass += 1 } else { failures.append("\(c.id) (valid, no JSON form): \(errors[0].code.rawValue): \(errors[0].message)") }
            }
        }
        print("yaml-test-suite: valid with in.json \(validPass)/\(validTotal), error cases \(errorPass)/\(errorTotal), valid without JSON form \(plainPass)/\(plainTotal)")
        for f in failures { print("  failing: \(f)") }
        // Every case passes today (279 + 94 + 29 of 402): any failure is a regression.
        XCTAssertEqual(validPass, validTotal, "valid cases loading to their in.json")
        XCTAssertEqual(errorPass, errorTotal, "error cases diagnosed")
        XCTAssertEqual(plainPass, plainTotal, "valid cases without a JSON form loading without errors")
        XCTAssertEqual(validTotal + errorTotal + plainTotal, 402, "the suite's case count")
    }
}
