import Foundation
import XCTest
import JSONSyntax
@testable import JSONSchema

/// Length and count bounds beyond any document (`1e400`, `2^63 - 1`): read as clamped values, so the
/// subschema checker's `bound + 1` arithmetic never traps (it did: SIGILL in `StringLanguages.includes`)
/// and every pair gets an answer.
final class HugeBoundsTests: XCTestCase {
    func compile(_ s: String) -> CompiledSchema {
        SchemaCompiler.compile(SyntaxTree(parsing: s), defaultDraft: .draft7)
    }

    func check(_ a: String, _ b: String) -> SubschemaResult {
        SubschemaChecker(compile(a), compile(b)).check()
    }

    static let huge = ["1e400", "9223372036854775807", "9223372036854775808", "18446744073709551616", "2147483647", "1e19"]
    static let keywords = [("string", "minLength"), ("string", "maxLength"), ("array", "minItems"), ("array", "maxItems"),
                           ("object", "minProperties"), ("object", "maxProperties")]

    func testCompiledBoundsAreClamped() {
        for value in Self.huge {
            let node = compile(#"{"minLength": \#(value), "maxLength": \#(value), "minItems": \#(value), "maxItems": \#(value), "minProperties": \#(value), "maxProperties": \#(value)}"#).nodes[0]
            XCTAssertEqual(node.minLength, SchemaNode.sizeCeiling, value)
            XCTAssertEqual(node.minItems, SchemaNode.sizeCeiling, value)
            XCTAssertEqual(node.minProperties, SchemaNode.sizeCeiling, value)
            XCTAssertNil(node.maxLength, value)
            XCTAssertNil(node.maxItems, value)
            XCTAssertNil(node.maxProperties, value)
        }
        let small = compile(#"{"minLength": 3, "maxItems": 2147483646}"#).nodes[0]
        XCTAssertEqual(small.minLength, 3)
        XCTAssertEqual(small.maxItems, 2147483646)
    }

    func testEveryPairWithAHugeBoundIsAnswered() {
        for (type, keyword) in Self.keywords {
            let others = [
                #"{"type": "\#(type)", "maxLength": 5, "maxItems": 5, "maxProperties": 5}"#,
                #"{"type": "\#(type)", "minLength": 5, "minItems": 5, "minProperties": 5}"#,
                #"{"type": "\#(type)", "pattern": "^a+$"}"#,
                "{}",
                #"{"not": {"type": "\#(type)"}}"#,
                #"{"anyOf": [{"type": "\#(type)", "minLength": 3, "minItems": 3, "minProperties": 3}, {"type": "\#(type)", "maxLength": 1, "maxItems": 1, "maxProperties": 1}]}"#,
            ]
            for value in Self.huge {
                let a = #"{"type": "\#(type)", "\#(keyword)": \#(value)}"#
                for b in others {
                    // Any answer will do; before the fix several of these trapped on overflow.
                    _ = check(a, b)
                    _ = check(b, a)
                }
                XCTAssertEqual(check(a, a), .compatible, a)
            }
        }
    }

    func testAMinimumNoDocumentMeetsLeavesNoValueOfThatKind() {
        // Nothing of 2^63 characters, items or properties fits in a document: inclusion holds.
        XCTAssertEqual(check(#"{"type": "string", "minLength": 1e400}"#, #"{"type": "string", "maxLength": 5}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "array", "minItems": 9223372036854775807}"#, #"{"type": "array", "maxItems": 0}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "object", "minProperties": 1e30}"#, #"{"type": "object", "maxProperties": 1}"#), .compatible)
    }

    func testAMaximumNoDocumentReachesIsNoBound() {
        XCTAssertEqual(check(#"{"type": "string"}"#, #"{"type": "string", "maxLength": 1e400}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "array"}"#, #"{"type": "array", "maxItems": 9223372036854775807}"#), .compatible)
        guard case .incompatible(let w, _, _, _) = check(#"{"type": "array", "maxItems": 1e30}"#, #"{"type": "array", "maxItems": 5}"#) else {
            return XCTFail("expected a witness with 6 items")
        }
        XCTAssertEqual(w.arrayValue?.count, 6)
    }

    func testTheValidatorAcceptsAndRejectsAsBefore() {
        XCTAssertFalse(Validator(compile(#"{"minLength": 1e400}"#)).isValid(.string("abc")))
        XCTAssertTrue(Validator(compile(#"{"maxLength": 1e400}"#)).isValid(.string("abc")))
        XCTAssertFalse(Validator(compile(#"{"minItems": 1e400}"#)).isValid(.array([])))
        XCTAssertTrue(Validator(compile(#"{"maxProperties": 9223372036854775807}"#)).isValid(.object(JSONObject())))
    }

    /// Example values are bounded in size, not only in length per level: 20,000 rows of 20,000 columns asked
    /// by a 150-byte schema would have been built whole (4 × 10^8 values) to serve as a witness.
    func testNestedLengthsDoNotBuildAHugeWitness() {
        let square = #"{"type": "array", "minItems": 20000, "maxItems": 20000, "items": {"type": "array", "minItems": 20000, "maxItems": 20000}}"#
        switch check(square, #"{"type": "array", "maxItems": 5}"#) {
        case .undecidable: break
        case let other: XCTFail("expected undecidable (no witness small enough), got \(other)")
        }
        // 300 × 200 values fit: the witness is built and checked.
        let wide = #"{"type": "array", "minItems": 300, "maxItems": 300, "items": {"type": "array", "minItems": 200, "maxItems": 200, "items": {"enum": [0]}}}"#
        guard case .incompatible(let w, _, _, _) = check(wide, #"{"type": "array", "maxItems": 5}"#) else { return XCTFail("expected a witness") }
        XCTAssertEqual(w.arrayValue?.count, 300)
    }

    /// The work bound grows with the schemas: a plain 1,000-property narrowing (each property a pattern where
    /// the source has a length) is decided; it used to run out of work at property 115.
    func testALargeStraightforwardNarrowingIsDecided() {
        let count = 1_000
        let source = "{\"type\": \"object\", \"properties\": {" + (0..<count).map { "\"p\($0)\": {\"type\": \"string\", \"maxLength\": 64}" }.joined(separator: ", ") + "}}"
        let narrowed = "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {"
            + (0..<count).map { "\"p\($0)\": {\"type\": \"string\", \"pattern\": \"^[a-z]{1,10}$\"}" }.joined(separator: ", ") + "}}"
        XCTAssertEqual(check(narrowed, source), .compatible)
        // One property too long for the source is still found, with its witness.
        let loose = narrowed.replacingOccurrences(of: "\"p999\": {\"type\": \"string\", \"pattern\": \"^[a-z]{1,10}$\"}", with: "\"p999\": {\"type\": \"string\"}")
        guard case .incompatible(let w, _, _, _) = check(loose, source) else { return XCTFail("expected incompatible") }
        XCTAssertEqual(w["p999"]?.stringValue?.count, 65)
    }
}
