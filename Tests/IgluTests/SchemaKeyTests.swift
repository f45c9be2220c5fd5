import XCTest
@testable import Iglu

final class SchemaKeyTests: XCTestCase {
    func testParsesValidKeys() throws {
        let key = try SchemaKey.parse("iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1").get()
        XCTAssertEqual(key.vendor, "com.snowplowanalytics.snowplow")
        XCTAssertEqual(key.name, "link_click")
        XCTAssertEqual(key.format, "jsonschema")
        XCTAssertEqual(key.version, SchemaVer(model: 1, revision: 0, addition: 1))
        XCTAssertEqual(key.description, "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1")
        XCTAssertEqual(key.relativePath, "com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1")
        XCTAssertNotNil(SchemaKey("iglu:com.acme-co_1/Name-2_x/jsonschema/10-20-30"))
    }

    /// One case per kind of malformed URI, with the exact message and the range it points at.
    func testEveryMalformedKind() {
        let cases: [(String, SchemaKeyError.Kind, String, String)] = [
            ("com.acme/click/jsonschema/1-0-0", .notIglu, "an Iglu URI starts with 'iglu:'", "com.a"),
            ("IGLU:com.acme/click/jsonschema/1-0-0", .notIglu, "an Iglu URI starts with 'iglu:' (the scheme is lower-case)", "IGLU:"),
            ("iglu:com.acme/click/1-0-0", .missingParts, "the URI is missing parts: expected iglu:vendor/name/format/version, found 3 parts", "com.acme/click/1-0-0"),
            ("iglu:com.acme/click/jsonschema/1-0-0/x", .tooManyParts, "the URI has too many parts: expected iglu:vendor/name/format/version, found 5 parts", "com.acme/click/jsonschema/1-0-0/x"),
            ("iglu:/click/jsonschema/1-0-0", .emptyPart, "the vendor is empty", ""),
            ("iglu:com.acme//jsonschema/1-0-0", .emptyPart, "the name is empty", ""),
            ("iglu:com.acme/click//1-0-0", .emptyPart, "the format is empty", ""),
            ("iglu:com acme/click/jsonschema/1-0-0", .invalidCharacter, "invalid character ' ' in vendor 'com acme': a vendor may contain only letters, digits, '-', '_' and '.'", " "),
            ("iglu:com.acme/link.click/jsonschema/1-0-0", .invalidCharacter, "invalid character '.' in name 'link.click': a name may contain only letters, digits, '-' and '_'", "."),
            ("iglu:com.acme/click/json:schema/1-0-0", .invalidCharacter, "invalid character ':' in format 'json:schema': a format may contain only letters, digits, '-' and '_'", ":"),
            ("iglu:com.acmé/click/jsonschema/1-0-0", .invalidCharacter, "invalid character 'é' in vendor 'com.acmé': a vendor may contain only letters, digits, '-', '_' and '.'", "é"),
            ("iglu:com.acme/click/jsonschema/", .invalidVersion, "the version is empty: expected MODEL-REVISION-ADDITION, e.g. 1-0-0", ""),
            ("iglu:com.acme/click/jsonschema/1-0", .invalidVersion, "invalid version '1-0': expected MODEL-REVISION-ADDITION (three numbers joined by '-'), found 2 parts", "1-0"),
            ("iglu:com.acme/click/jsonschema/1--0", .invalidVersion, "invalid version '1--0': REVISION is empty", "1--0"),
            ("iglu:com.acme/click/jsonschema/1-x-0", .invalidVersion, "invalid version '1-x-0': REVISION must be a whole number", "1-x-0"),
            ("iglu:com.acme/click/jsonschema/1-0-01", .invalidVersion, "invalid version '1-0-01': ADDITION has a leading zero", "1-0-01"),
            ("iglu:com.acme/click/jsonschema/0-1-0", .invalidVersion, "invalid version '0-1-0': MODEL starts at 1", "0-1-0"),
            ("iglu:com.acme/click/jsonschema/1-0-99999999999", .invalidVersion, "invalid version '1-0-99999999999': ADDITION is too large", "1-0-99999999999"),
        ]
        for (uri, kind, message, pointed) in cases {
            guard case .failure(let error) = SchemaKey.parse(uri) else {
                XCTFail("\(uri) parsed")
                continue
            }
            XCTAssertEqual(error.kind, kind, uri)
            XCTAssertEqual(error.message, message, uri)
            let bytes = Array(uri.utf8)
            XCTAssertEqual(String(decoding: bytes[error.range], as: UTF8.self), pointed, uri)
        }
    }

    func testTraversalIsRefusedByTheKeyGrammar() {
        for uri in ["iglu:../x/jsonschema/1-0-0", "iglu:./x/jsonschema/1-0-0", "iglu:com.acme/../jsonschema/1-0-0",
                    "iglu:../../../etc/passwd/1-0-0", "iglu:com.acme/x%2F..%2F/jsonschema/1-0-0", "iglu:com.acme/x/jsonschema/../1-0-0",
                    "iglu:/etc/passwd/x/1-0-0", "iglu:com.acme/x\\..\\y/jsonschema/1-0-0"] {
            XCTAssertNil(SchemaKey(uri), uri)
        }
    }

    func testSchemaVerOrder() {
        let sorted = ["2-0-0", "1-0-10", "1-1-0", "1-0-2", "1-0-0", "10-0-0", "1-10-0"].compactMap(SchemaVer.init).sorted().map(\.description)
        XCTAssertEqual(sorted, ["1-0-0", "1-0-2", "1-0-10", "1-1-0", "1-10-0", "2-0-0", "10-0-0"])
        XCTAssertEqual(SchemaVer("1-0-2")!.successors.map(\.description), ["1-0-3", "1-1-0", "2-0-0"])
        XCTAssertNil(SchemaVer("1-0-0-0"))
    }
}
