import Foundation
import XCTest
import JSONSyntax
@testable import JSONSchema

/// `$ref`s resolved against base URIs that nested `id`/`$id`s change, as each draft specifies: cases of the newer
/// JSON-Schema-Test-Suite's `ref.json` that Debian's copy lacks (a `$ref` beside an `$id` resolved against the parent's
/// base, relative and absolute ids in `definitions`, the nearest parent's base, location-independent `#foo`, draft-04's
/// `id`). The validator gives the suite's answers, and the subschema checker calls each schema compatible with itself
/// and with `{}`, never incompatible.
final class IdResolutionTests: XCTestCase {
    static let cases = #"""
[{"name": "sibling id", "schema": {"$id": "http://localhost:1234/sibling_id/base/", "definitions": {"foo": {"$id": "http://localhost:1234/sibling_id/foo.json", "type": "string"}, "base_foo": {"$id": "foo.json", "type": "number"}}, "allOf": [{"$id": "http://localhost:1234/sibling_id/", "$ref": "foo.json"}]}, "tests": [["a", false], [1, true]]}, {"name": "relative uris and defs", "schema": {"$id": "http://example.com/schema-relative-uri-defs1.json", "properties": {"foo": {"$id": "schema-relative-uri-defs2.json", "definitions": {"inner": {"properties": {"bar": {"type": "string"}}}}, "allOf": [{"$ref": "#/definitions/inner"}]}}, "allOf": [{"$ref": "schema-relative-uri-defs2.json"}]}, "tests": [[{"foo": {"bar": 1}, "bar": "a"}, false], [{"foo": {"bar": "a"}, "bar": 1}, false], [{"foo": {"bar": "a"}, "bar": "a"}, true]]}, {"name": "absolute uris and defs", "schema": {"$id": "http://example.com/schema-refs-absolute-uris-defs1.json", "properties": {"foo": {"$id": "http://example.com/schema-refs-absolute-uris-defs2.json", "definitions": {"inner": {"properties": {"bar": {"type": "string"}}}}, "allOf": [{"$ref": "#/definitions/inner"}]}}, "allOf": [{"$ref": "schema-refs-absolute-uris-defs2.json"}]}, "tests": [[{"foo": {"bar": 1}, "bar": "a"}, false], [{"foo": {"bar": "a"}, "bar": 1}, false], [{"foo": {"bar": "a"}, "bar": "a"}, true]]}, {"name": "nearest parent", "schema": {"$id": "http://example.com/a.json", "definitions": {"x": {"$id": "http://example.com/b/c.json", "not": {"definitions": {"y": {"$id": "d.json", "type": "number"}}}}}, "allOf": [{"$ref": "http://example.com/b/d.json"}]}, "tests": [[1, true], ["a", false]]}, {"name": "location-independent", "schema": {"allOf": [{"$ref": "#foo"}], "definitions": {"A": {"$id": "#foo", "type": "integer"}}}, "tests": [[1, true], ["a", false]]}, {"name": "draft4 id nested", "schema": {"$schema": "http://json-schema.org/draft-04/schema#", "id": "http://localhost:1234/root", "properties": {"a": {"id": "sub/", "properties": {"b": {"$ref": "x.json"}}, "definitions": {"x": {"id": "x.json", "type": "integer"}}}}}, "tests": [[{"a": {"b": 1}}, true], [{"a": {"b": "s"}}, false]]}]
"""#

    func testNestedIdsChangeTheBaseForValidatorAndChecker() throws {
        let cases = try XCTUnwrap(SyntaxTree(parsing: Array(Self.cases.utf8)).rootValue?.arrayValue)
        XCTAssertEqual(cases.count, 6)
        for c in cases {
            let name = c["name"]?.stringValue ?? "?"
            let schema = try XCTUnwrap(c["schema"])
            let compiled = SchemaCompiler.compile(schema, defaultDraft: .draft7)
            XCTAssertEqual(compiled.diagnostics.map(\.message), [], name)
            let validator = Validator(compiled)
            for test in c["tests"]?.arrayValue ?? [] {
                let pair = try XCTUnwrap(test.arrayValue)
                XCTAssertEqual(validator.isValid(pair[0]), pair[1] == .bool(true), "\(name): \(pair[0])")
            }
            for other in [schema, JSONValue.object([:])] {
                let result = SubschemaChecker(compiled, SchemaCompiler.compile(other, defaultDraft: .draft7)).check()
                guard case .compatible = result else { return XCTFail("\(name) against \(other == schema ? "itself" : "{}"): \(result)") }
            }
        }
    }
}
