import XCTest
import TestSupport
import JSONSyntax
@testable import JSONSchema

/// Property tests of the subschema checker over random schemas (seeded, so a failure reproduces):
/// - a schema narrowed by operations that only remove instances (add `required`, shrink bounds, restrict
///   enums, tighten patterns, forbid extra properties) must be answered compatible with its original;
/// - for random perturbations, every `incompatible` carries a witness that the validator confirms, and every
///   `compatible` survives random instances of A: none valid under A is invalid under B.
final class SubschemaPropertyTests: XCTestCase {
    typealias Random = SplitMix64

    /// Patterns with a narrower partner: every string matching the second matches the first.
    static let patterns: [(wide: String, narrow: String)] = [
        ("^[a-z]+$", "^[a-c]+$"), ("^[a-z0-9_]*$", "^[a-z]{2,5}$"), ("^https?://", "^https://"),
        ("^[0-9]{1,4}$", "^[1-9][0-9]{0,2}$"), ("^(GET|POST|PUT)$", "^(GET|POST)$"), ("^.+@.+$", "^[a-z]+@example\\.com$"),
    ]
    static let names = ["id", "name", "price", "tags", "kind", "meta", "count"]

    func leaf(_ r: inout Random, depth: Int) -> JSONObject {
        switch r.int(0...(depth > 1 ? 5 : 6)) {
        case 0:
            var s: JSONObject = ["type": "integer"]
            if r.bool() { s["minimum"] = .number(JSONNumber(r.int(-5...5))) }
            if r.bool() { s["maximum"] = .number(JSONNumber(r.int(6...20))) }
            if r.int(0...3) == 0 { s["multipleOf"] = .number(JSONNumber(r.pick([2, 3, 5]))) }
            return s
        case 1:
            var s: JSONObject = ["type": "number"]
            if r.bool() { s["minimum"] = .number(JSONNumber(Double(r.int(-50...50)) / 10)!) }
            if r.bool() { s["maximum"] = .number(JSONNumber(Double(r.int(60...200)) / 10)!) }
            return s
        case 2:
            var s: JSONObject = ["type": "string"]
            if r.bool() { s["minLength"] = .number(JSONNumber(r.int(0...3))) }
            if r.bool() { s["maxLength"] = .number(JSONNumber(r.int(4...12))) }
            if r.bool() { s["pattern"] = .string(r.pick(Self.patterns).wide) }
            return s
        case 3:
            let values: [JSONValue] = ["a", "b", "c", 1, 2, true, .null]
            var chosen: [JSONValue] = []
            for v in values where r.int(0...2) > 0 { chosen.append(v) }
            return ["enum": .array(chosen.isEmpty ? ["a"] : chosen)]
        case 4: return ["type": .array([.string(r.pick(["string", "integer"])), "null"])]
        case 5:
            var s: JSONObject = ["type": "array", "items": .object(leaf(&r, depth: depth + 1))]
            if r.bool() { s["minItems"] = .number(JSONNumber(r.int(0...2))) }
            if r.bool() { s["maxItems"] = .number(JSONNumber(r.int(3...6))) }
            if r.int(0...3) == 0 { s["uniqueItems"] = true }
            return s
        default: return object(&r, depth: depth + 1)
        }
    }

    func object(_ r: inout Random, depth: Int) -> JSONObject {
        var properties = JSONObject()
        for name in Self.names where r.int(0...2) == 0 || properties.isEmpty { properties[name] = .object(leaf(&r, depth: depth)) }
        var s: JSONObject = ["type": "object", "properties": .object(properties)]
        let required = properties.keys.filter { _ in r.int(0...3) == 0 }
        if !required.isEmpty { s["required"] = .array(required.map(JSONValue.string)) }
        if r.int(0...2) == 0 { s["additionalProperties"] = false }
        return s
    }

    /// One narrowing step somewhere in the schema: the result accepts a subset of what `s` accepts.
    func narrow(_ s: JSONObject, _ r: inout Random) -> JSONObject {
        var s = s
        if s["type"] == "object", case .object(var properties)? = s["properties"], !properties.isEmpty {
            let names = properties.keys
            let name = r.pick(names)
            switch r.int(0...3) {
            case 0:
                var required = s["required"]?.arrayValue ?? []
                if !required.contains(.string(name)) { required.append(.string(name)) }
                s["required"] = .array(required)
            case 1: s["additionalProperties"] = false
            default:
                if case .object(let child)? = properties[name] { properties[name] = .object(narrow(child, &r)) }
                s["properties"] = .object(properties)
            }
            return s
        }
        if let e = s["enum"]?.arrayValue, e.count > 1 {
            s["enum"] = .array(Array(e.dropLast()))
        } else if s["type"] == "integer" || s["type"] == "number" {
            if r.bool() {
                s["minimum"] = .number(JSONNumber((s["minimum"]?.numberValue?.doubleValue ?? -10) + 1)!)
            } else {
                s["maximum"] = .number(JSONNumber((s["maximum"]?.numberValue?.doubleValue ?? 30) - 1)!)
            }
        } else if s["type"] == "string" {
            switch r.int(0...2) {
            case 0: s["minLength"] = .number(JSONNumber((s["minLength"]?.numberValue?.doubleValue).map { Int($0) + 1 } ?? 1))
            case 1: s["maxLength"] = .number(JSONNumber((s["maxLength"]?.numberValue?.doubleValue).map { max(0, Int($0) - 1) } ?? 8))
            default:
                if let p = s["pattern"]?.stringValue, let pair = Self.patterns.first(where: { $0.wide == p }) {
                    s["pattern"] = .string(pair.narrow)
                } else {
                    s["pattern"] = .string(r.pick(Self.patterns).narrow)
                }
            }
        } else if s["type"] == "array" {
            if r.bool(), case .object(let items)? = s["items"] {
                s["items"] = .object(narrow(items, &r))
            } else {
                s["minItems"] = .number(JSONNumber((s["minItems"]?.numberValue?.doubleValue).map { Int($0) + 1 } ?? 1))
            }
        } else if case .array(let types)? = s["type"] {
            s["type"] = types[0]
        }
        return s
    }

    /// Random instances that roughly follow the schema's shape, so that many are valid under it.
    func instance(_ s: JSONValue?, _ r: inout Random, depth: Int = 0) -> JSONValue {
        guard depth < 5, case .object(let o)? = s else { return r.pick([.null, 1, "a", true]) }
        if let e = o["enum"]?.arrayValue, r.int(0...4) > 0 { return r.pick(e) }
        let type = o["type"]?.stringValue ?? o["type"]?.arrayValue?.first?.stringValue ?? "null"
        switch type {
        case "integer": return .number(JSONNumber(r.int(-12...25)))
        case "number": return .number(JSONNumber(Double(r.int(-120...250)) / 10)!)
        case "string":
            let pool = ["", "a", "abc", "abcdefghijklm", "https://x", "http://x", "12", "0", "GET", "PUT", "a@example.com", "z@y"]
            return .string(r.pick(pool))
        case "array":
            return .array((0..<r.int(0...7)).map { _ in instance(o["items"], &r, depth: depth + 1) })
        case "object":
            var out = JSONObject()
            for (k, v) in (o["properties"]?.objectValue ?? JSONObject()).pairs where r.int(0...3) > 0 { out[k] = instance(v, &r, depth: depth + 1) }
            if r.int(0...5) == 0 { out["extra"] = 1 }
            return .object(out)
        default: return r.pick([.null, 1, "a", true])
        }
    }

    func checker(_ a: JSONObject, _ b: JSONObject) -> (SubschemaResult, Validator, Validator) {
        let sa = SchemaCompiler.compile(.object(a), defaultDraft: .draft7), sb = SchemaCompiler.compile(.object(b), defaultDraft: .draft7)
        return (SubschemaChecker(sa, sb).check(), Validator(sa), Validator(sb))
    }

    func testNarrowedSchemasAreCompatible() {
        var r = Random(seed: 20_261_123)
        var compatible = 0
        var failures: [String] = []
        for _ in 0..<1_000 {
            let wide = object(&r, depth: 0)
            var narrowed = wide
            for _ in 0..<r.int(1...3) { narrowed = narrow(narrowed, &r) }
            let (result, _, _) = checker(narrowed, wide)
            if result == .compatible {
                compatible += 1
            } else {
                failures.append("\(JSONWriter().string(.object(narrowed))) ⊆ \(JSONWriter().string(.object(wide))): \(result)")
            }
        }
        print("narrowed pairs: \(compatible) of 1,000 compatible")
        XCTAssertEqual(failures, [], failures.prefix(3).joined(separator: "\n"))
    }

    func testPerturbedSchemasAreSoundAndWitnessed() {
        var r = Random(seed: 7)
        var counts = [String: Int]()
        var failures: [String] = []
        for _ in 0..<1_000 {
            let a = object(&r, depth: 0)
            // Either a narrowing of A, or a fresh random schema, or A narrowed the other way round.
            let b: JSONObject
            switch r.int(0...2) {
            case 0: b = object(&r, depth: 0)
            case 1: b = narrow(a, &r)
            default: b = narrow(narrow(a, &r), &r)
            }
            let (result, va, vb) = checker(a, b)
            switch result {
            case .compatible:
                counts["compatible", default: 0] += 1
                for _ in 0..<200 {
                    let i = instance(.object(a), &r)
                    if va.isValid(i) && !vb.isValid(i) {
                        failures.append("compatible, but \(JSONWriter().string(i)) is valid under \(JSONWriter().string(.object(a))) and not under \(JSONWriter().string(.object(b)))")
                        break
                    }
                }
            case .incompatible(let w, _, _, _):
                counts["incompatible", default: 0] += 1
                if !va.isValid(w) || vb.isValid(w) { failures.append("witness \(JSONWriter().string(w)) does not separate the schemas") }
            case .undecidable:
                counts["undecidable", default: 0] += 1
            }
        }
        print("perturbed pairs: \(counts)")
        XCTAssertGreaterThan(counts["incompatible"] ?? 0, 50)
        XCTAssertGreaterThan(counts["compatible"] ?? 0, 20)
        XCTAssertEqual(failures, [], failures.prefix(3).joined(separator: "\n"))
    }
}
