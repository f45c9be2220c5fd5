import XCTest
import JSONSyntax
@testable import JSONSchema

/// A schema compared with an identical copy (a scenario refining its source verbatim) is compatible even
/// where the checker's per-type procedures cannot decide (an object `anyOf` in the second schema), and only
/// then: one changed assertion anywhere sends the pair back to the checker proper.
final class SchemaEquivalenceTests: XCTestCase {
    func compiled(_ text: String, draft: Draft = .draft4) -> CompiledSchema {
        SchemaCompiler.compile(SyntaxTree(parsing: text), defaultDraft: draft)
    }

    static let objectAnyOf = ##"""
    {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}, "tree": {"$ref": "#/definitions/node"}},
     "anyOf": [{"required": ["kind"]}, {"properties": {"extra": {"type": "string"}}, "required": ["extra"]}],
     "definitions": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}},
     "additionalProperties": false, "title": "ignored"}
    """##

    func testIdenticalCopiesAreCompatible() {
        let a = compiled(SchemaEquivalenceTests.objectAnyOf)
        // Annotations differ, the draft-07 copy spells nothing differently: still the same assertions.
        let b = compiled(SchemaEquivalenceTests.objectAnyOf.replacingOccurrences(of: "\"ignored\"", with: "\"other title\""), draft: .draft7)
        XCTAssertEqual(SubschemaChecker(a, b).check(), .compatible)
        var equivalence = SchemaEquivalence(a, b)
        XCTAssertTrue(equivalence.equal(a.root, b.root))
    }

    func testOneChangedAssertionIsNotEquivalent() {
        let a = compiled(SchemaEquivalenceTests.objectAnyOf)
        for (from, to) in [(#""b"]"#, #""c"]"#), (#""required": ["extra"]"#, #""required": []"#), (#""type": "array""#, #""type": "object""#),
                           (#""additionalProperties": false"#, #""additionalProperties": true"#)] {
            let text = SchemaEquivalenceTests.objectAnyOf.replacingOccurrences(of: from, with: to)
            XCTAssertNotEqual(text, SchemaEquivalenceTests.objectAnyOf)
            let b = compiled(text)
            var equivalence = SchemaEquivalence(a, b)
            XCTAssertFalse(equivalence.equal(a.root, b.root), "\(from) → \(to)")
            // The checker proper may still prove one direction (dropping a `required` widens the schema),
            // never both: the schemas differ.
            let both = SubschemaChecker(a, b).check() == .compatible && SubschemaChecker(b, a).check() == .compatible
            XCTAssertFalse(both, "\(from) → \(to) must not be answered compatible both ways")
        }
    }

    func testExclusiveBoundsAcrossDrafts() {
        let four = compiled(#"{"type": "number", "maximum": 5, "exclusiveMaximum": true}"#)
        let seven = compiled(#"{"type": "number", "exclusiveMaximum": 5}"#, draft: .draft7)
        let inclusive = compiled(#"{"type": "number", "maximum": 5}"#, draft: .draft7)
        var e1 = SchemaEquivalence(four, seven)
        XCTAssertTrue(e1.equal(four.root, seven.root))
        var e2 = SchemaEquivalence(four, inclusive)
        XCTAssertFalse(e2.equal(four.root, inclusive.root))
    }
}
