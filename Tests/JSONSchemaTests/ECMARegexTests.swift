import XCTest
@testable import JSONSchema

final class ECMARegexTests: XCTestCase {
    func matches(_ pattern: String, _ s: String) -> Bool { (try! ECMARegex(pattern)).search(s) == .match }

    func testECMASemanticsWhereICUDiffers() {
        XCTAssertFalse(matches("^\\d$", "٣"), "\\d is ASCII-only in ECMA-262")
        XCTAssertTrue(matches("^\\d+$", "0123456789"))
        XCTAssertFalse(matches("^\\w$", "é"), "\\w is ASCII-only")
        XCTAssertFalse(matches("^abc$", "abc\n"), "$ matches only at the very end")
        XCTAssertFalse(matches("^a.c$", "a\nc"), ". excludes line terminators")
        XCTAssertTrue(matches("^a.c$", "a\u{85}c"), "NEL is not an ECMA-262 line terminator")
        XCTAssertTrue(matches("^\\s$", "\u{FEFF}"))
        XCTAssertTrue(matches("^[^\\s]+$", "abc"))
        XCTAssertTrue(matches("b", "abc"), "pattern searches, unanchored")
        XCTAssertTrue(matches("^á", "água"))
    }

    func testSyntax() {
        XCTAssertTrue(matches("^[a-z]{2,3}$", "abc"))
        XCTAssertFalse(matches("^[a-z]{2,3}$", "abcd"))
        XCTAssertTrue(matches("^a{,5}$", "a{,5}"), "Annex B: a { that starts no quantifier is literal")
        XCTAssertTrue(matches("^(a|b)+c\\1$", "ababcb"))
        XCTAssertTrue(matches("^(?=.*\\d)(?!.*x)\\w+$", "abc1"))
        XCTAssertFalse(matches("^(?=.*\\d)(?!.*x)\\w+$", "abx1"))
        XCTAssertTrue(matches("^\\u00e9\\x41$", "éA"))
        XCTAssertTrue(matches("^[\\d-x]+$", "1-x"), "Annex B: a class escape in a range makes '-' literal")
        XCTAssertTrue(matches("^a*?b$", "aab"))
        XCTAssertTrue(matches("\\bfoo\\b", "a foo b"))
        XCTAssertFalse(matches("\\bfoo\\b", "afoob"))
        XCTAssertFalse(matches("^[]$", "a"), "[] matches nothing")
        for bad in ["(", "a)", "[a", "*a", "a**", "x{2,1}", "[z-a]", "\\", "(?<x>a)", "\\2(a)"] {
            XCTAssertThrowsError(try ECMARegex(bad), bad)
        }
    }

    func testHostilePatternsAreAnsweredOrStopAtTheBudget() throws {
        // Without backreferences or lookaround the automaton answers exactly, in linear time.
        let evil = try ECMARegex("^(a+)+b$")
        XCTAssertNotNil(evil.nfa)
        XCTAssertEqual(evil.search(String(repeating: "a", count: 5000) + "!", budget: 1), .noMatch)
        XCTAssertEqual(evil.search("aaab"), .match)
        XCTAssertEqual(try ECMARegex("(.*a){20}").search(String(repeating: "a", count: 30) + "b"), .match)
        XCTAssertEqual(try ECMARegex("(.*a){20}").search(String(repeating: "a", count: 19) + "b"), .noMatch)
        // Lookaround needs backtracking: a pathological one stops at the step budget instead of hanging.
        let backtracking = try ECMARegex("^(?=(a+)+b)")
        XCTAssertNil(backtracking.nfa)
        XCTAssertEqual(backtracking.search(String(repeating: "a", count: 40) + "!", budget: 100_000), .tooExpensive)
        XCTAssertEqual(backtracking.search("aab"), .match)
    }

    /// The automaton and the backtracker agree (the backtracker is the reference for ECMA-262 semantics).
    func testAutomatonAgreesWithBacktracking() throws {
        let patterns = ["^[a-z]+$", "a|b|c", "^(ab|a)(bc|c)?$", "x*y+z?", "^\\d{2,4}-\\w*$", "\\bcat", "^$", "(a|)*b", "[^abc]{2}", "^.{0,3}$"]
        let inputs = ["", "a", "abc", "abbc", "xyz", "yy", "12-ab", "1234-", "the cat", "concat", "b", "aab", "dd", "ab\n"]
        for p in patterns {
            let regex = try ECMARegex(p)
            let nfa = try XCTUnwrap(regex.nfa, p)
            for s in inputs {
                var matcher = RegexMatcher(input: s.unicodeScalars.map(\.value), groups: regex.groupCount, budget: 1_000_000)
                var found = false
                for start in 0...matcher.input.count where matcher.match(regex.root, start, { _, _ in true }) {
                    found = true
                    break
                }
                XCTAssertEqual(nfa.search(s.unicodeScalars.map(\.value)), found, "/\(p)/ on \(s.debugDescription)")
            }
        }
    }

    /// The validator's byte table (RegexDFA) must answer exactly as the NFA does wherever it answers: random ASCII
    /// strings over each pattern's own characters, plus non-ASCII and empty strings it must leave to the NFA.
    func testTableAgreesWithTheAutomaton() throws {
        let patterns = ["^[a-z][a-z0-9_-]{0,63}$", "^[A-Z]{3}-[0-9]{4,8}$", "a|b|c", "^(ab|a)(bc|c)?$", "x*y+z?", "^\\d{2,4}-\\w*$",
                        "^$", "(a|)*b", "[^abc]{2}", "^.{0,3}$", "$", "^", "a$|^b", "(^a|b$)c?", "^https?://", "\\.(png|jpe?g)$",
                        "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "a{3}$", "^(a|ab)*c$"]
        var generator = SystemRandomNumberGenerator()
        var answered = 0
        for p in patterns {
            let regex = try ECMARegex(p)
            let nfa = try XCTUnwrap(regex.nfa, p)
            let dfa = try XCTUnwrap(regex.dfa, "\(p) should get a table")
            let alphabet = Array(Set(p.unicodeScalars.filter(\.isASCII)).union("ab1-.@ \n".unicodeScalars))
            for _ in 0..<400 {
                let length = Int.random(in: 0...12, using: &generator)
                let s = String(String.UnicodeScalarView((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
                let expected = nfa.search(s.unicodeScalars.map(\.value))
                let table = Array(s.utf8).withUnsafeBufferPointer { dfa.matches($0) }
                if let table {
                    answered += 1
                    XCTAssertEqual(table, expected, "/\(p)/ on \(s.debugDescription)")
                }
                XCTAssertEqual(regex.search(s) == .match, expected, "/\(p)/ on \(s.debugDescription)")
            }
            for s in ["é", "aé", "éa", "☕b", ""] {
                XCTAssertEqual(regex.search(s) == .match, nfa.search(s.unicodeScalars.map(\.value)), "/\(p)/ on \(s.debugDescription)")
            }
        }
        XCTAssertGreaterThan(answered, patterns.count * 300, "the table answers most ASCII strings itself")
        XCTAssertNil(try ECMARegex("\\bcat").dfa, "word boundaries are left to the NFA")
        XCTAssertNil(try ECMARegex("^[a-z]{0,1000}x[a-z]{0,1000}$").dfa, "a table past its size limit is not built")
    }
}
