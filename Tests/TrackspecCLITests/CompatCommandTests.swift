import Foundation
import XCTest
import JSONSyntax
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
        for format in ["idn-email", "idn-hostname", "iri", "iri-reference", "uri-template", "my-own-format"] {
            try write("b.json", #"{"type": "string", "format": "\#(format)"}"#)
            let loose = run(["compat", "string.json", "b.json"])
            XCTAssertEqual(loose.code, 3, "\(format): \(loose.out)")
            XCTAssertTrue(loose.out.hasPrefix("undecidable: the second schema requires format \(format), which trackspec does not check"), loose.out)
            // The same format on both sides: nothing is left to the unchecked format.
            XCTAssertEqual(run(["compat", "b.json", "b.json"]).code, 0, format)
            // Incompatible for another reason: still said, with its witness.
            try write("a.json", #"{"type": ["string", "integer"], "format": "\#(format)"}"#)
            XCTAssertEqual(run(["compat", "a.json", "b.json"]).code, 1, format)
            // Inside properties and under anyOf alike.
            try write("obj-a.json", #"{"type": "object", "properties": {"x": {"type": "string"}}}"#)
            try write("obj-b.json", #"{"type": "object", "properties": {"x": {"anyOf": [{"type": "string", "format": "\#(format)"}, {"type": "integer"}]}}}"#)
            XCTAssertEqual(run(["compat", "obj-a.json", "obj-b.json"]).code, 3, format)
        }
        // Checked formats are decided.
        try write("email.json", #"{"type": "string", "format": "email"}"#)
        XCTAssertEqual(run(["compat", "string.json", "email.json"]).code, 1)
    }
}
