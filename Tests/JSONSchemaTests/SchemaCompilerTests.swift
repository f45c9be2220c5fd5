import XCTest
import TestSupport
import JSONSyntax
@testable import JSONSchema

final class SchemaCompilerTests: XCTestCase {
    /// Diagnostics as (pointer, text at the range, message).
    func diagnostics(_ text: String, draft: Draft = .draft4) -> [(String, String, String)] {
        let tree = SyntaxTree(parsing: text)
        let bytes = Array(text.utf8)
        return SchemaCompiler.compile(tree, defaultDraft: draft).diagnostics.map { d in
            (d.pointer.description, d.range.map { String(decoding: bytes[$0], as: UTF8.self) } ?? "", d.message)
        }
    }

    func testInvalidKeywordsAreReportedAtTheirRange() {
        let found = diagnostics(#"{"type": "strin", "maxLength": -1, "enum": [], "pattern": "a(", "required": "x", "properties": {"a": 3}, "minimum": "0", "$ref": null}"#)
        let expected: [(String, String, String)] = [
            ("/type", #""strin""#, "unknown type 'strin'; expected one of null, boolean, object, array, number, string, integer"),
            ("/maxLength", "-1", "'maxLength' must be a non-negative integer"),
            ("/enum", "[]", "'enum' is empty: no value can be valid"),
            ("/pattern", #""a(""#, "invalid regular expression /a(/: missing ')' at position 2"),
            ("/required", #""x""#, "'required' must be an array of property names"),
            ("/properties/a", "3", "a schema must be an object"),
            ("/minimum", #""0""#, "'minimum' must be a number"),
            ("/$ref", "null", "'$ref' must be a string"),
        ]
        XCTAssertEqual(found.map { "\($0.0) \($0.1) \($0.2)" }, expected.map { "\($0.0) \($0.1) \($0.2)" })
    }

    func testDraftSpecificRules() {
        XCTAssertEqual(diagnostics(#"{"not": true}"#).map(\.2), ["a schema must be an object in draft-04 (boolean schemas arrived in draft-06)"])
        XCTAssertEqual(diagnostics(#"{"not": true}"#, draft: .draft7).map(\.2), [])
        XCTAssertEqual(diagnostics(#"{"$schema": "http://json-schema.org/draft-07/schema#", "not": true}"#).map(\.2), [], "$schema picks the draft")
        XCTAssertEqual(diagnostics(#"{"exclusiveMaximum": true}"#).map(\.2), ["'exclusiveMaximum' needs 'maximum' beside it"])
        XCTAssertEqual(diagnostics(#"{"exclusiveMaximum": true}"#, draft: .draft7).map(\.2), ["'exclusiveMaximum' must be a number"])
    }

    func testUnresolvedReference() {
        XCTAssertEqual(diagnostics(##"{"properties": {"a": {"$ref": "#/definitions/missing"}}}"##).map { "\($0.0) \($0.1) \($0.2)" },
                       [##"/properties/a/$ref "$ref": "#/definitions/missing" cannot resolve $ref '#/definitions/missing'"##])
    }

    func testIgluSelfDescribingSchemaIsDraft4() throws {
        let fixture = URL(fileURLWithPath: try SharedFixtures.path("fixtures/iglu-central/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"))
        let tree = SyntaxTree(parsing: [UInt8](try Data(contentsOf: fixture)))
        let schema = SchemaCompiler.compile(tree, defaultDraft: .draft7)
        XCTAssertEqual(schema.draft, .draft4)
        XCTAssertEqual(schema.diagnostics, [])
        let validator = Validator(schema)
        XCTAssertTrue(validator.isValid(["targetUrl": "https://a.example", "elementClasses": ["x"]]))
        let errors = validator.validate(["targetUrl": "", "extra": 1])
        XCTAssertEqual(errors.map(\.description), ["/targetUrl: must be at least 1 character long", "(root): property 'extra' is not allowed"])
        XCTAssertEqual(errors.map(\.schemaPath.description), ["/properties/targetUrl/minLength", "/additionalProperties"])
    }
}
