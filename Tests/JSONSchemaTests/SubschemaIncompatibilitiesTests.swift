import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import JSONSchema

/// Every incompatibility, not only the first: one per property of B that A gets wrong on its own, each with
/// a witness the validator confirms (valid under A, invalid under B) that shows that property only.
final class SubschemaIncompatibilitiesTests: XCTestCase {
    func compile(_ json: String) -> CompiledSchema { SchemaCompiler.compile(SyntaxTree(parsing: json)) }

    func linkClick() throws -> CompiledSchema {
        let path = try SharedFixtures.path("fixtures/iglu-central/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1")
        return SchemaCompiler.compile(SyntaxTree(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
    }

    func items(_ results: [SubschemaResult]) -> [(witness: JSONValue, reason: String, path: String)] {
        results.compactMap {
            if case .incompatible(let w, let r, let p, _) = $0 { return (w, r, p.description) } else { return nil }
        }
    }

    /// The issue's case: link_click narrowed in three places (an empty targetUrl, integer element ids, element
    /// classes of any kind): three incompatibilities where `check()` reports one.
    func testARealIgluSchemaNarrowedInThreePlaces() throws {
        let b = try linkClick()
        let a = compile("""
        {"type": "object", "properties": {"targetUrl": {"type": "string", "minLength": 0}, "elementId": {"type": ["string", "integer"]},
         "elementClasses": {"type": "array"}}, "required": ["targetUrl"], "additionalProperties": false}
        """)
        guard case .incompatible = SubschemaChecker(a, b).check() else { return XCTFail("incompatible") }
        let found = items(SubschemaChecker.incompatibilities(a, b))
        XCTAssertEqual(found.map(\.path).sorted(), ["/elementClasses/0", "/elementId", "/targetUrl"])
        let (va, vb) = (Validator(a), Validator(b))
        for item in found {
            XCTAssertTrue(va.isValid(item.witness), "\(item)")
            XCTAssertFalse(vb.isValid(item.witness), "\(item)")
            // Each witness shows its own property only: B's one complaint is about it.
            let errors = vb.validate(item.witness)
            XCTAssertEqual(errors.count, 1, "\(item.witness): \(errors)")
            let property = String(item.path.split(separator: "/").first ?? "")
            XCTAssertTrue(errors.allSatisfy { $0.instancePath.description.hasPrefix("/" + property) }, "\(errors)")
        }
    }

    func testNestedPropertiesAndTheObjectsOwnKeywords() {
        let b = compile("""
        {"type": "object", "properties": {"user": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string", "format": "email"}},
          "required": ["id"]}, "count": {"type": "integer", "minimum": 0}}, "required": ["user"], "additionalProperties": false}
        """)
        // Wrong at user.id, at user's own `required`, at count, and at the root's `required`.
        let a = compile("""
        {"type": "object", "properties": {"user": {"type": "object", "properties": {"id": {"type": ["integer", "string"]}, "email": {"type": "string", "format": "email"}}},
          "count": {"type": "integer"}}, "additionalProperties": false}
        """)
        let found = items(SubschemaChecker.incompatibilities(a, b))
        XCTAssertEqual(found.count, 4, "\(found.map(\.reason))")
        let (va, vb) = (Validator(a), Validator(b))
        for item in found {
            XCTAssertTrue(va.isValid(item.witness) && !vb.isValid(item.witness), "\(item)")
        }
        XCTAssertTrue(found.contains { $0.path == "/user/id" }, "\(found.map(\.path))")
        XCTAssertTrue(found.contains { $0.path == "/count" }, "\(found.map(\.path))")
    }

    func testNothingToSplit() {
        // Compatible: nothing.
        let b = compile(#"{"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "string"}}}"#)
        XCTAssertEqual(SubschemaChecker.incompatibilities(compile(#"{"type": "object", "properties": {"x": {"type": "integer", "minimum": 1}}, "additionalProperties": false}"#), b).count, 0)
        // B is no plain object schema (a $ref root, a combinator root): the single verdict stands (empty list).
        let wrapped = compile(#"{"anyOf": [{"type": "object", "properties": {"x": {"type": "integer"}}}, {"type": "string"}]}"#)
        XCTAssertEqual(SubschemaChecker.incompatibilities(compile(#"{"type": "object", "properties": {"x": {"type": "string"}}}"#), wrapped).count, 0)
    }

    /// #40: no 64-unit cap any more: 2,000 properties, every tenth loosened, give 200 incompatibilities, each with a
    /// witness the validators confirm (one checker serves every unit, so this is linear in the properties).
    func testThousandsOfProperties() {
        var bProperties: [String] = [], aProperties: [String] = []
        for i in 0..<2_000 {
            bProperties.append("\"p\(i)\": {\"type\": \"string\", \"maxLength\": 8}")
            aProperties.append("\"p\(i)\": {\"type\": \"string\", \"maxLength\": \(i % 10 == 0 ? 9 : 8)}")
        }
        let b = compile("{\"type\": \"object\", \"properties\": {\(bProperties.joined(separator: ", "))}}")
        let a = compile("{\"type\": \"object\", \"properties\": {\(aProperties.joined(separator: ", "))}, \"additionalProperties\": false}")
        let found = items(SubschemaChecker.incompatibilities(a, b))
        XCTAssertEqual(found.count, 200)
        XCTAssertEqual(Set(found.map(\.path)), Set(stride(from: 0, to: 2_000, by: 10).map { "/p\($0)" }))
        let (va, vb) = (Validator(a), Validator(b))
        XCTAssertTrue(found.allSatisfy { va.isValid($0.witness) && !vb.isValid($0.witness) })
    }

    /// #41: units through `$ref` (definitions), `allOf` members and arrays (`items`, tuple positions): each
    /// incompatibility found on its own, each witness valid under A and invalid under B, and shown at its place.
    func testThroughRefsAllOfAndItems() {
        let b = compile("""
        {"definitions": {"line": {"type": "object", "properties": {"sku": {"type": "string", "maxLength": 8}, "qty": {"type": "integer", "minimum": 1}}}},
         "type": "object",
         "allOf": [{"properties": {"total": {"type": "number", "minimum": 0}}}, {"properties": {"currency": {"enum": ["EUR", "USD"]}}}],
         "properties": {"lines": {"type": "array", "items": {"$ref": "#/definitions/line"}},
                        "pair": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]}}}
        """)
        let a = compile("""
        {"type": "object", "properties": {"total": {"type": "number"}, "currency": {"type": "string", "minLength": 3, "maxLength": 3},
          "lines": {"type": "array", "items": {"type": "object", "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 0}},
                                                "additionalProperties": false}},
          "pair": {"type": "array", "items": [{"type": "string"}, {"type": "number"}], "maxItems": 2}}}
        """)
        let found = items(SubschemaChecker.incompatibilities(a, b))
        XCTAssertEqual(found.map(\.path).sorted(), ["/currency", "/lines/0/qty", "/lines/0/sku", "/pair/1", "/total"], "\(found.map(\.reason))")
        let (va, vb) = (Validator(a), Validator(b))
        for item in found {
            XCTAssertTrue(va.isValid(item.witness) && !vb.isValid(item.witness), "\(item)")
        }
        // B behind a $ref at its root is cut too.
        let referenced = compile(##"{"$ref": "#/definitions/o", "definitions": {"o": {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "string"}}}}}"##)
        let wrong = compile(#"{"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": ["string", "null"]}}}"#)
        XCTAssertEqual(items(SubschemaChecker.incompatibilities(wrong, referenced)).map(\.path).sorted(), ["/x", "/y"])
    }

    /// #41: a discriminated `oneOf` (and `anyOf`): per property, the property's schemas of every branch as one
    /// union, beside the root's own properties.
    func testThroughAlternativesBranches() {
        let b = compile("""
        {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}, "note": {"type": "string"}},
         "oneOf": [{"properties": {"kind": {"enum": ["a"]}, "x": {"type": "integer"}}, "additionalProperties": false},
                   {"properties": {"kind": {"enum": ["b"]}, "x": {"type": "string"}, "note": {}}, "additionalProperties": false}]}
        """)
        let a = compile(#"{"type": "object", "properties": {"kind": {"enum": ["a"]}, "x": {"type": "number"}, "note": {"type": "integer"}}, "required": ["kind"], "additionalProperties": false}"#)
        let found = items(SubschemaChecker.incompatibilities(a, b))
        XCTAssertEqual(Set(found.map(\.path)), ["/note", "/x"], "\(found.map(\.reason))")
        let (va, vb) = (Validator(a), Validator(b))
        for item in found { XCTAssertTrue(va.isValid(item.witness) && !vb.isValid(item.witness), "\(item)") }
    }
}
