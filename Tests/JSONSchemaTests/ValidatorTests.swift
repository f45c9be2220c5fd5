import XCTest
import JSONSyntax
@testable import JSONSchema

final class ValidatorTests: XCTestCase {
    func errors(_ schema: JSONValue, _ instance: JSONValue, draft: Draft = .draft7) -> [String] {
        Validator(SchemaCompiler.compile(schema, defaultDraft: draft)).validate(instance).map { "\($0.instancePath) \($0.schemaPath) \($0.message)" }
    }

    func testEveryFailureWithBothPointers() {
        let schema: JSONValue = ["type": "object", "required": ["action"], "properties": [
            "action": ["enum": ["click"]],
            "items": ["type": "array", "items": ["type": "integer", "maximum": 10]],
        ]]
        XCTAssertEqual(errors(schema, ["action": "tap", "items": [1, 20, "x"]]), [
            "/action /properties/action/enum \"tap\" is not one of [\"click\"]",
            "/items/1 /properties/items/items/maximum 20 is greater than the maximum 10",
            "/items/2 /properties/items/items/type expected integer, got string",
        ])
        XCTAssertEqual(errors(schema, [:]), [" /required missing required property 'action'"])
    }

    func testExactDecimalMultipleOf() {
        let schema: JSONValue = ["multipleOf": .number(JSONNumber("0.1")!)]
        XCTAssertEqual(errors(schema, .number(JSONNumber("0.3")!)), [])
        XCTAssertEqual(errors(schema, .number(JSONNumber("1e308")!)), [])
        XCTAssertEqual(errors(schema, .number(JSONNumber("0.35")!)).count, 1)
        XCTAssertEqual(errors(["multipleOf": .number(JSONNumber("0.0001")!)], .number(JSONNumber("0.0075")!)), [])
        XCTAssertEqual(DecimalArithmetic.isMultiple(JSONNumber("12345678901234567890")!, of: JSONNumber("3")!), true)
    }

    func testFormats() {
        let valid = ["date-time": "2026-11-22T21:24:10.5+01:00", "date": "2024-02-29", "time": "23:59:60Z", "email": "a.b+c@example.com",
                     "hostname": "www.example.com", "ipv4": "192.168.0.1", "ipv6": "::ffff:192.168.0.1", "uri": "https://a.example/x?y#z",
                     "uri-reference": "../x#y", "uuid": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "regex": "^a+$", "unknown-format": "anything"]
        let invalid = ["date-time": "2026-11-22 21:24:10", "date": "2023-02-29", "time": "24:00:00Z", "email": "no-at.example.com",
                       "hostname": "-bad-.example", "ipv4": "256.1.1.1", "ipv6": "1:2:3:4:5:6:7:8:9", "uri": "//no-scheme",
                       "uri-reference": "\\\\bad", "uuid": "5b6b2a2c5e2f4c1e9f7e2a1d8c3b4e10", "regex": "a("]
        for (format, s) in valid { XCTAssertEqual(errors(["format": .string(format)], .string(s)), [], format) }
        for (format, s) in invalid { XCTAssertEqual(errors(["format": .string(format)], .string(s)).count, 1, format) }
    }

    func testRecursiveSchemasTerminate() {
        let schema: JSONValue = ["$ref": "#"]
        XCTAssertEqual(errors(schema, 1), [" /$ref schema recursion deeper than 256 levels"])
        let tree: JSONValue = ["type": "object", "properties": ["child": ["$ref": "#"]], "additionalProperties": false]
        XCTAssertEqual(errors(tree, ["child": ["child": ["child": [:]]]]), [])
        XCTAssertEqual(errors(tree, ["child": ["child": ["x": 1]]]).count, 1)
    }

    /// Forty levels of `anyOf`/`allOf` that each reference the next level twice: 2⁴⁰ paths, one subschema
    /// per level. Each subschema is applied to a value once (this test would not finish otherwise), and an
    /// error reached along many paths is reported once.
    func testSharedSubschemasAreAppliedOncePerValue() {
        func chain(_ combinator: String, bottom: JSONValue) -> JSONValue {
            var definitions = JSONObject()
            for i in 0..<40 {
                let next: JSONValue = ["$ref": .string("#/definitions/d\(i + 1)")]
                definitions["d\(i)"] = [combinator: [next, next]]
            }
            definitions["d40"] = bottom
            return ["definitions": .object(definitions), "$ref": "#/definitions/d0"]
        }
        let anyOf = Validator(SchemaCompiler.compile(chain("anyOf", bottom: ["type": "string", "pattern": "^a"]), defaultDraft: .draft7))
        XCTAssertTrue(anyOf.isValid("abc"))
        XCTAssertFalse(anyOf.isValid(.string(String(repeating: "b", count: 50))))
        let allOf = Validator(SchemaCompiler.compile(chain("allOf", bottom: ["maxLength": 1]), defaultDraft: .draft7))
        XCTAssertEqual(allOf.validate("abc").map(\.keyword), ["maxLength"])
        XCTAssertTrue(allOf.validate("a").isEmpty)
        // Inside properties each value has its own answer.
        let definitions = chain("allOf", bottom: ["maxLength": 1])["definitions"]!
        let twice: JSONValue = ["definitions": definitions, "properties": ["x": ["$ref": "#/definitions/d0"], "y": ["$ref": "#/definitions/d0"]]]
        let nested = Validator(SchemaCompiler.compile(twice, defaultDraft: .draft7))
        XCTAssertEqual(nested.validate(["x": "a", "y": "abc"]).map(\.instancePath.description), ["/y"])
    }
}
