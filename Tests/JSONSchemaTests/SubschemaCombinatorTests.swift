import XCTest
import JSONSyntax
@testable import JSONSchema

/// patternProperties compared as languages of names, and the second schema's anyOf/oneOf/not narrowed per
/// type. Each incompatible answer's witness is re-validated here; each compatible answer is one a wrong
/// rule would miss.
final class SubschemaCombinatorTests: XCTestCase {
    func check(_ a: String, _ b: String) -> SubschemaResult {
        SubschemaChecker(SchemaCompiler.compile(SyntaxTree(parsing: a), defaultDraft: .draft7),
                         SchemaCompiler.compile(SyntaxTree(parsing: b), defaultDraft: .draft7)).check()
    }

    func assertIncompatible(_ a: String, _ b: String, witness expected: String? = nil, file: StaticString = #filePath, line: UInt = #line) {
        guard case .incompatible(let w, _, _, _) = check(a, b) else {
            return XCTFail("expected incompatible, got \(check(a, b))", file: file, line: line)
        }
        let va = Validator(SchemaCompiler.compile(SyntaxTree(parsing: a), defaultDraft: .draft7))
        let vb = Validator(SchemaCompiler.compile(SyntaxTree(parsing: b), defaultDraft: .draft7))
        XCTAssertTrue(va.isValid(w) && !vb.isValid(w), "witness \(JSONWriter().string(w))", file: file, line: line)
        if let expected { XCTAssertEqual(JSONWriter().string(w), expected, file: file, line: line) }
    }

    /// The same patterns on both sides with different value schemas: names matching them must be compared
    /// too (a check that only tried a name matching no pattern answered "compatible" here).
    func testSamePatternsDifferentValues() {
        assertIncompatible(#"{"patternProperties": {"^x": {"type": "string"}}}"#, #"{"patternProperties": {"^x": {"type": "string", "maxLength": 2}}}"#,
                           witness: #"{"x":"aaa"}"#)
        XCTAssertEqual(check(#"{"patternProperties": {"^x": {"type": "string", "maxLength": 2}}}"#, #"{"patternProperties": {"^x": {"type": "string"}}}"#), .compatible)
    }

    func testOverlappingPatternsAreSplitIntoRegions() {
        // A: names starting with "a" are strings; B: names ending with "z" are numbers. "az" is in both.
        assertIncompatible(#"{"patternProperties": {"^a": {"type": "string"}}, "additionalProperties": false}"#,
                           #"{"patternProperties": {"z$": {"type": "number"}}}"#)
        // B allows anything A's names can be: compatible, decided over every region.
        XCTAssertEqual(check(#"{"patternProperties": {"^a": {"type": "string"}}, "additionalProperties": false}"#,
                             #"{"patternProperties": {"^a": {"type": ["string", "null"]}, "z$": {}}, "additionalProperties": false}"#), .compatible)
        // Listed names are not regions: "ab" is listed in B with its own schema.
        assertIncompatible(#"{"properties": {"ab": {"type": "integer"}}, "patternProperties": {"^a": {"type": "integer"}}}"#,
                           #"{"properties": {"ab": {"type": "integer", "maximum": 3}}, "patternProperties": {"^a": {"type": "integer"}}}"#)
    }

    func testSecondSchemaAlternativesNarrowedPerType() {
        XCTAssertEqual(check(#"{"type": ["string", "boolean"]}"#, #"{"anyOf": [{"type": "string"}, {"type": "boolean"}]}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "string", "minLength": 2}"#, #"{"oneOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}"#), .compatible)
        assertIncompatible(#"{"type": "string"}"#, #"{"oneOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}"#, witness: #""""#)
        assertIncompatible(#"{"type": ["string", "null"]}"#, #"{"anyOf": [{"type": "string"}, {"type": "integer"}]}"#, witness: "null")
        // oneOf with overlapping branches for strings: "exactly one" fails for strings both accept.
        XCTAssertNotEqual(check(#"{"type": "string"}"#, #"{"oneOf": [{"type": "string"}, {}]}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "integer"}"#, #"{"oneOf": [{"type": "string"}, {}]}"#), .compatible)
    }

    func testNotInEitherSchema() {
        XCTAssertEqual(check(#"{"not": {"type": "string"}}"#, #"{"type": ["null", "boolean", "number", "array", "object"]}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "string", "minLength": 1}"#, #"{"type": "string", "not": {"enum": ["", 3]}}"#), .compatible)
        assertIncompatible(#"{"type": "string"}"#, #"{"type": "string", "not": {"enum": ["", 3]}}"#, witness: #""""#)
        XCTAssertEqual(check(#"{"type": "integer"}"#, #"{"not": {"type": "string"}}"#), .compatible)
        assertIncompatible(#"{"type": ["integer", "string"]}"#, #"{"not": {"type": "string"}}"#)
    }

    func testDependenciesInTheSecondSchema() {
        let b = #"{"type": "object", "dependencies": {"card": ["cvv"]}}"#
        assertIncompatible(#"{"type": "object"}"#, b, witness: #"{"card":"x"}"#)
        XCTAssertEqual(check(#"{"type": "object", "required": ["cvv"]}"#, b), .compatible)
        XCTAssertEqual(check(#"{"type": "object", "dependencies": {"card": ["cvv", "expiry"]}}"#, b), .compatible)
        XCTAssertEqual(check(#"{"type": "object", "properties": {"card": false}}"#, b), .compatible)
        let schemaDependency = #"{"type": "object", "dependencies": {"card": {"required": ["cvv"]}}}"#
        XCTAssertEqual(check(schemaDependency, schemaDependency.replacingOccurrences(of: "{\"type", with: "{\"title\": \"copy\", \"type")), .compatible)
        assertIncompatible(#"{"type": "object"}"#, schemaDependency)
    }

    func testPropertyNamesInTheSecondSchema() {
        let b = #"{"type": "object", "propertyNames": {"pattern": "^[a-z]+$"}}"#
        assertIncompatible(#"{"type": "object", "properties": {"Bad": {}}, "required": ["Bad"]}"#, b)
        XCTAssertEqual(check(#"{"type": "object", "properties": {"good": {}}, "additionalProperties": false}"#, b), .compatible)
        XCTAssertEqual(check(#"{"type": "object", "patternProperties": {"^[a-z]+$": {}}, "additionalProperties": false}"#, b), .compatible)
        guard case .incompatible(let w, _, _, _) = check(#"{"type": "object"}"#, b) else { return XCTFail("an unrestricted object has names the pattern refuses") }
        XCTAssertEqual(w.objectValue?.count, 1)
        XCTAssertEqual(check(#"{"type": "object"}"#, #"{"type": "object", "propertyNames": {"type": "string"}}"#), .compatible)
    }
}
