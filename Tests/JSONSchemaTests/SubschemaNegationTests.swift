import Foundation
import XCTest
import JSONSyntax
import TestSupport
@testable import JSONSchema

/// Negation over objects and arrays: `anyOf`/`oneOf` of X and `not X` accept everything, `allOf` of them
/// nothing, whatever X says about properties, items, dependencies or patterns, through `$ref`s into the
/// schema's own definitions and recursive ones. Every answer is checked against brute force over a pool of
/// objects and arrays; the universal and empty forms must be decided.
final class SubschemaNegationTests: XCTestCase {
    func compile(_ s: String) -> CompiledSchema {
        let schema = SchemaCompiler.compile(SyntaxTree(parsing: SubschemaNegationTests.document(s)), defaultDraft: .draft7)
        XCTAssertEqual(schema.diagnostics.filter { $0.severity == .error }.map(\.message), [], s)
        return schema
    }

    /// Objects over the names p, q and x, arrays up to three items, over a few scalars and nested values.
    static let pool: [JSONValue] = {
        let leaves: [JSONValue] = [.null, .bool(true), .number(JSONNumber(0)), .number(JSONNumber(7)), .string(""), .string("ab")]
        let nested: [JSONValue] = [.array([]), .array([.number(JSONNumber(0))]), .object(JSONObject()), .object(["p": .string("ab")])]
        let values: [JSONValue?] = [nil] + leaves + nested
        var out: [JSONValue] = leaves + nested
        for p in values { for q in [nil, .number(JSONNumber(0)), .string("ab"), .array([])] as [JSONValue?] { for x in [nil, .null] as [JSONValue?] {
            var o = JSONObject()
            if let p { o["p"] = p }
            if let q { o["q"] = q }
            if let x { o["x"] = x }
            out.append(.object(o))
        } } }
        for a in leaves + nested { out.append(.array([a])); out.append(.array([a, a])); out.append(.array([a, .number(JSONNumber(0))])) }
        out.append(.array([.string(""), .string("ab"), .null]))
        return out
    }()

    /// X: object and array constraints, with and without `$ref`s (into `definitions`, recursive ones too).
    static let constraints: [String] = [
        #"{"type": "object", "properties": {"p": {"type": "string"}}}"#,
        #"{"type": "object", "required": ["p"], "additionalProperties": false, "properties": {"p": {}, "q": {"type": "integer"}}}"#,
        #"{"properties": {"p": {"minLength": 1}}, "patternProperties": {"^q": {"type": "array"}}, "additionalProperties": {"type": "null"}}"#,
        #"{"dependencies": {"p": ["q"], "q": {"properties": {"p": {"type": "integer"}}}}}"#,
        #"{"type": "array", "items": {"type": "integer"}, "uniqueItems": true}"#,
        #"{"type": "array", "items": [{"type": "string"}], "additionalItems": false, "minItems": 1}"#,
        #"{"contains": {"const": 0}, "maxItems": 2}"#,
        #"{"propertyNames": {"maxLength": 1}, "minProperties": 1}"#,
        ##"{"type": "object", "properties": {"p": {"$ref": "#/definitions/s"}}, "required": ["p"]}"##,
        ##"{"$ref": "#/definitions/t"}"##,
        ##"{"anyOf": [{"$ref": "#/definitions/list"}, {"type": "object", "required": ["q"]}]}"##,
        ##"{"$ref": "#/definitions/tree"}"##,
    ]

    /// The definitions the constraints refer to, put at the root of every schema built from them (a `$ref`
    /// `#/definitions/…` is resolved against the document root). `t` and `list` are recursive; `tree`
    /// through an array of itself.
    static let definitions = ##"{"s": {"type": "string", "minLength": 1}, "t": {"type": ["object", "null"], "properties": {"p": {"$ref": "#/definitions/t"}}}, "list": {"type": "array", "items": {"$ref": "#/definitions/list"}}, "tree": {"type": "object", "properties": {"x": {"type": "array", "items": {"$ref": "#/definitions/tree"}}}}}"##

    /// `schema` with the shared definitions at its root.
    static func document(_ schema: String) -> String {
        guard schema.hasPrefix("{") else { return schema }
        return #"{"definitions": \#(definitions)"# + (schema == "{}" ? "}" : ", " + schema.dropFirst())
    }

    static let firsts: [String] = ["{}", #"{"type": "object"}"#, #"{"type": "array", "maxItems": 2}"#, #"{"type": "object", "required": ["p"]}"#,
                                   #"{"properties": {"p": {"type": "integer"}}}"#]

    func bruteForce(_ a: String, _ b: String) -> JSONValue? {
        let va = Validator(compile(a)), vb = Validator(compile(b))
        return SubschemaNegationTests.pool.first { va.isValid($0) && !vb.isValid($0) }
    }

    /// Checks one pair against brute force; returns the answer's kind.
    @discardableResult
    func checked(_ a: String, _ b: String, mustDecide: Bool, file: StaticString = #filePath, line: UInt = #line) -> String {
        let counterexample = bruteForce(a, b)
        switch SubschemaChecker(compile(a), compile(b)).check() {
        case .compatible:
            XCTAssertNil(counterexample, "\(a) ⊆ \(b) answered compatible; \(counterexample.map { JSONWriter().string($0) } ?? "") is a counterexample", file: file, line: line)
            return "compatible"
        case .incompatible(let w, _, _, _):
            XCTAssertTrue(Validator(compile(a)).isValid(w) && !Validator(compile(b)).isValid(w), "\(a) ⊆ \(b): witness \(JSONWriter().string(w))", file: file, line: line)
            return "incompatible"
        case .undecidable(let why, _):
            if mustDecide { XCTFail("\(a) ⊆ \(b): undecidable (\(why))", file: file, line: line) }
            if ProcessInfo.processInfo.environment["TRACKSPEC_SHOW_UNDECIDED"] != nil { print("UNDECIDED \(counterexample == nil ? "compatible?" : "incompatible") \(why) | \(a) ⊆ \(b)") }
            return "undecidable"
        }
    }

    /// X ∪ ¬X accepts everything; X ∩ ¬X nothing. Decided for every X and every first schema.
    func testUniversalAndEmptyThroughNegation() {
        for x in SubschemaNegationTests.constraints {
            let universal = [#"{"anyOf": [\#(x), {"not": \#(x)}]}"#, #"{"oneOf": [{"not": \#(x)}, \#(x)]}"#]
            let empty = #"{"allOf": [\#(x), {"not": \#(x)}]}"#
            for u in universal {
                for a in SubschemaNegationTests.firsts + [x, empty] {
                    XCTAssertEqual(checked(a, u, mustDecide: true), "compatible", "\(a) ⊆ \(u)")
                }
            }
            for b in [#"false"#, #"{"type": "string"}"#, x, #"{"not": \#(x)}"#] {
                XCTAssertEqual(checked(empty, b, mustDecide: true), "compatible", "\(empty) ⊆ \(b)")
            }
            // Nothing non-empty fits in the empty schema; the witness shows it.
            for a in SubschemaNegationTests.firsts {
                XCTAssertEqual(checked(a, empty, mustDecide: true), "incompatible", "\(a) ⊆ \(empty)")
            }
            // Double negation, and X against its own negation.
            XCTAssertEqual(checked(x, #"{"not": {"not": \#(x)}}"#, mustDecide: true), "compatible")
            XCTAssertEqual(checked(#"{"not": {"not": \#(x)}}"#, x, mustDecide: true), "compatible")
            XCTAssertEqual(checked(x, #"{"not": \#(x)}"#, mustDecide: true), "incompatible")
        }
    }

    /// Random first schemas against unions and intersections with negations of random object and array
    /// constraints: every answer agrees with brute force; the share decided is printed.
    func testRandomNegationsAgainstBruteForce() {
        var rng = SplitMix64(seed: 23)
        let xs = SubschemaNegationTests.constraints
        func pick() -> String { xs[Int(rng.next() % UInt64(xs.count))] }
        var counts: [String: Int] = [:]
        for _ in 0..<300 {
            let x = pick(), y = pick()
            let a: String
            switch rng.next() % 3 {
            case 0: a = SubschemaNegationTests.firsts[Int(rng.next() % UInt64(SubschemaNegationTests.firsts.count))]
            case 1: a = #"{"allOf": [\#(x), {"not": \#(y)}]}"#
            default: a = y
            }
            let b: String
            switch rng.next() % 4 {
            case 0: b = #"{"anyOf": [\#(y), {"not": \#(x)}]}"#
            case 1: b = #"{"not": \#(x)}"#
            case 2: b = #"{"oneOf": [\#(x), {"not": \#(y)}]}"#
            default: b = #"{"allOf": [\#(y), {"not": {"allOf": [\#(x), \#(y)]}}]}"#
            }
            let start = Date()
            counts[checked(a, b, mustDecide: false), default: 0] += 1
            if ProcessInfo.processInfo.environment["TRACKSPEC_SHOW_SLOW"] != nil, Date().timeIntervalSince(start) > 0.2 { print("SLOW \(Date().timeIntervalSince(start)) \(a) ⊆ \(b)") }
        }
        print("random negations over objects and arrays: \(counts)")
        XCTAssertGreaterThan(counts["compatible", default: 0], 30)
        XCTAssertGreaterThan(counts["incompatible", default: 0], 30)
    }
}
