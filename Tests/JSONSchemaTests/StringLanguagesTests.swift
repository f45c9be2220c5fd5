import XCTest
import JSONSyntax
@testable import JSONSchema

final class StringLanguagesTests: XCTestCase {
    func c(_ min: Int = 0, _ max: Int? = nil, _ patterns: String...) throws -> StringConstraint {
        StringConstraint(minLength: min, maxLength: max, patterns: try patterns.map { try ECMARegex($0) })
    }

    func testInclusionAndShortestCounterexamples() throws {
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^(ab){0,3}$"), in: try c(0, 5, "^(ab)*$")), .counterexample("ababab"))
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^(ab){0,2}$"), in: try c(0, 5, "^(ab)*$")), .included)
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^[a-c]+$"), in: try c(0, nil, "^[a-z]+$")), .included)
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^[a-z]+$"), in: try c(0, nil, "^[a-c]+$")), .counterexample("x"))
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^https://"), in: try c(0, nil, "^https?://")), .included)
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "^https?://"), in: try c(0, nil, "^https://")), .counterexample("http://"))
        XCTAssertEqual(StringLanguages.includes(try c(2, 3), in: try c(1, 3)), .included)
        XCTAssertEqual(StringLanguages.includes(try c(0, 3), in: try c(1, 3)), .counterexample(""))
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "abc"), in: try c(0, nil, "b")), .included, "unanchored: containing abc implies containing b")
        XCTAssertEqual(StringLanguages.includes(try c(0, nil, "a$"), in: try c(0, nil, "^.*a$")), .counterexample("\na"), "'.' excludes line terminators")
        if case .unknown = StringLanguages.includes(try c(0, nil, "(a)\\1"), in: try c()) {} else { XCTFail("backreferences have no automaton") }
    }

    func testExamples() throws {
        XCTAssertEqual(StringLanguages.example(try c(3, nil, "^[0-9]+$")), "000")
        XCTAssertNil(StringLanguages.example(try c(0, nil, "^a$", "^b$")))
    }
}
