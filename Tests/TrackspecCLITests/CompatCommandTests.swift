import Foundation
import XCTest
import JSONSyntax
import JSONSchema
@testable import TrackspecCLI

/// `trackspec compat`: the draft a schema is read as (`--draft`, said in the output), formats trackspec does not
/// check never answered compatible, every incompatibility printed.
final class CompatCommandTests: CLIWorkspaceTestCase {
    func testDraftOption() throws {
        try write("any.json", "{}")
        try write("one.json", #"{"const": 1}"#)
        // Draft-04 has no `const`: read as draft-04, `{"const": 1}` accepts everything.
        let four = run(["compat", "any.json", "one.json"])
        XCTAssertEqual(four.code, 0, four.err)
        XCTAssertTrue(four.out.hasSuffix("read as: any.json draft-04 (no $schema), one.json draft-04 (no $schema)\n"), four.out)
        let seven = run(["compat", "--draft", "7", "any.json", "one.json"])
        XCTAssertEqual(seven.code, 1, seven.out)
        XCTAssertTrue(seven.out.contains("draft-07 (no $schema)"), seven.out)
        let json = run(["compat", "--json", "--draft=6", "any.json", "one.json"])
        let value = try XCTUnwrap(SyntaxTree(parsing: json.out).rootValue)
        XCTAssertEqual(value["drafts"], ["draft-06 (no $schema)", "draft-06 (no $schema)"])
        XCTAssertEqual(value["result"], "incompatible")
        // A declared $schema wins over --draft.
        try write("declared.json", #"{"$schema": "http://json-schema.org/draft-04/schema#", "const": 1}"#)
        XCTAssertEqual(run(["compat", "--draft", "7", "any.json", "declared.json"]).code, 0)
        let bad = run(["compat", "--draft", "5", "any.json", "one.json"])
        XCTAssertEqual(bad.code, 2)
        XCTAssertTrue(bad.err.hasPrefix("trackspec compat: --draft takes 4, 6 or 7"), bad.err)
    }

    func testFormatsTrackspecDoesNotCheckAreNeverCompatible() throws {
        try write("string.json", #"{"type": "string"}"#)
        let unchecked = [("my-own-format", #""format": "my-own-format""#, "format 'my-own-format'")]
        for (name, keyword, described) in unchecked {
            try write("b.json", #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "string", \#(keyword)}"#)
            let loose = run(["compat", "string.json", "b.json"])
            XCTAssertEqual(loose.code, 3, "\(name): \(loose.out)")
            XCTAssertTrue(loose.out.hasPrefix("undecidable: the second schema requires \(described), which trackspec does not check"), loose.out)
            // The same keyword on both sides: nothing is left to the unchecked keyword.
            XCTAssertEqual(run(["compat", "b.json", "b.json"]).code, 0, name)
            // Incompatible for another reason: still said, with its witness.
            try write("a.json", #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": ["string", "integer"], \#(keyword)}"#)
            XCTAssertEqual(run(["compat", "a.json", "b.json"]).code, 1, name)
            // Inside properties and under anyOf alike.
            try write("obj-a.json", #"{"type": "object", "properties": {"x": {"type": "string"}}}"#)
            try write("obj-b.json", #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"x": {"anyOf": [{"type": "string", \#(keyword)}, {"type": "integer"}]}}}"#)
            XCTAssertEqual(run(["compat", "obj-a.json", "obj-b.json"]).code, 3, name)
        }
        // Content keywords are annotations in draft-07 (#41): compared as absent, and `compat` says where they are.
        for keyword in [#""contentMediaType": "application/json""#, #""contentEncoding": "base64""#] {
            try write("b.json", #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"x": {"type": "string", \#(keyword)}}}"#)
            try write("obj-a.json", #"{"type": "object", "properties": {"x": {"type": "string"}}}"#)
            let text = run(["compat", "obj-a.json", "b.json"])
            XCTAssertEqual(text.code, 0, text.out)
            XCTAssertTrue(text.out.contains("note: contentMediaType/contentEncoding in b.json at /properties/x are annotations (draft-07 validation §8), not assertions"), text.out)
            let json = try XCTUnwrap(SyntaxTree(parsing: run(["compat", "--json", "obj-a.json", "b.json"]).out).rootValue)
            XCTAssertEqual(json["result"], "compatible")
            XCTAssertEqual(json["notes"]?.arrayValue?.count, 1)
            // Incompatible for another reason: still said, with its witness.
            try write("int.json", #"{"type": "object", "properties": {"x": {"type": "integer"}}}"#)
            XCTAssertEqual(run(["compat", "int.json", "b.json"]).code, 1)
            XCTAssertFalse(run(["compat", "obj-a.json", "obj-a.json"]).out.contains("note:"), "no content keyword, no note")
        }
        // Checked formats are decided, with a witness the format rejects; the draft-07 ones included.
        for format in ["email", "idn-email", "idn-hostname", "iri", "iri-reference", "uri-template"] {
            try write("format.json", #"{"type": "string", "format": "\#(format)"}"#)
            let result = run(["compat", "--json", "string.json", "format.json"])
            XCTAssertEqual(result.code, 1, "\(format): \(result.out)")
            let witness = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue?["witness"]?.stringValue, result.out)
            XCTAssertEqual(FormatChecker.check(format, witness), false, "\(format): \(witness)")
            // Narrower strings of the format are compatible.
            try write("narrow.json", #"{"type": "string", "format": "\#(format)", "maxLength": 40}"#)
            XCTAssertEqual(run(["compat", "narrow.json", "format.json"]).code, 0, format)
        }
    }
}
