import XCTest
import TestSupport
import JSONSyntax
@testable import JSONSchema

/// The regular formats' automata (#41) against `FormatChecker`, by brute force: every date of years that test the
/// leap rule × months 00–13 × days 00–32, every dotted quad of parts around the boundaries, and random mutations of
/// valid values of each format. An automaton that accepted one string more or less than the checker would make
/// the subschema checker wrong.
final class FormatLanguagesTests: XCTestCase {
    func agree(_ format: String, _ strings: [String], file: StaticString = #filePath, line: UInt = #line) {
        let regex = FormatLanguages.regex(for: format)!
        let known = FormatChecker.Known(rawValue: format)!
        var accepted = 0
        for s in strings {
            let expected = FormatChecker.check(known, s)
            if expected { accepted += 1 }
            XCTAssertEqual(regex.search(s) == .match, expected, "\(format): \(s.debugDescription)", file: file, line: line)
        }
        XCTAssertGreaterThan(accepted, strings.count / 20, "the strings must include valid ones", file: file, line: line)
        XCTAssertLessThan(accepted, strings.count, "and invalid ones", file: file, line: line)
    }

    /// Random edits of `valid` strings: a character replaced, inserted or deleted, from characters that matter.
    func mutations(of valid: [String], alphabet: [Character], count: Int, seed: UInt64) -> [String] {
        var rng = SplitMix64(seed: seed)
        var out = valid
        for _ in 0..<count {
            var chars = Array(valid[Int(rng.next() % UInt64(valid.count))])
            for _ in 0..<Int(rng.next() % 3) {
                let i = Int(rng.next() % UInt64(chars.count + 1))
                let c = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                switch rng.next() % 3 {
                case 0 where i < chars.count: chars[i] = c
                case 1: chars.insert(c, at: i)
                default: if i < chars.count { chars.remove(at: i) }
                }
            }
            out.append(String(chars))
        }
        return out
    }

    func testDatesEveryDayOfLeapRuleYears() {
        var strings: [String] = []
        for year in ["0000", "0004", "0100", "0400", "1900", "1996", "1999", "2000", "2004", "2023", "2024", "2100", "2400", "9996", "9999"] {
            for month in 0...13 {
                for day in 0...32 { strings.append(year + "-" + String(format: "%02d", month) + "-" + String(format: "%02d", day)) }
            }
        }
        agree("date", strings)
        agree("date", mutations(of: ["2024-02-29", "1999-12-31", "2000-02-29", "0001-01-01"], alphabet: Array("0123456789-/T:Z a"), count: 3_000, seed: 5))
    }

    func testIPv4PartsAroundTheBoundaries() {
        let parts = ["0", "00", "01", "1", "9", "10", "99", "099", "100", "199", "200", "249", "250", "255", "256", "299", "300", "999", "1000", "", "-1", "a"]
        var strings: [String] = []
        for a in parts { for b in ["0", "255", "256", "01"] { strings.append("\(a).\(b).1.2") ; strings.append("1.2.\(b).\(a)") } }
        strings += ["1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.4.", "１.2.3.4", "1.2.3.4\n"]
        agree("ipv4", strings)
        agree("ipv4", mutations(of: ["192.168.0.1", "255.255.255.255", "0.0.0.0", "10.20.30.40"], alphabet: Array("0123456789.5a "), count: 3_000, seed: 6))
    }

    func testUUIDs() {
        agree("uuid", mutations(of: ["123e4567-e89b-12d3-a456-426614174000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "00000000-0000-0000-0000-000000000000"],
                                alphabet: Array("0123456789abcdefABCDEFgG-{} "), count: 3_000, seed: 7))
    }

    /// Decided now, where they were undecidable: a format against a pattern, both ways, with witnesses in the format.
    func testFormatAgainstPatternIsDecided() {
        func check(_ a: String, _ b: String) -> SubschemaResult {
            SubschemaChecker(SchemaCompiler.compile(SyntaxTree(parsing: a)), SchemaCompiler.compile(SyntaxTree(parsing: b))).check()
        }
        XCTAssertEqual(check(#"{"type": "string", "format": "date"}"#, #"{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "string", "format": "uuid"}"#, #"{"type": "string", "maxLength": 36, "minLength": 36}"#), .compatible)
        XCTAssertEqual(check(#"{"type": "string", "format": "ipv4"}"#, #"{"type": "string", "pattern": "^[0-9.]+$"}"#), .compatible)
        guard case .incompatible(let w, _, _, _) = check(#"{"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}"#, #"{"type": "string", "format": "date"}"#) else {
            return XCTFail("a pattern of date shapes is wider than dates")
        }
        XCTAssertFalse(FormatChecker.check(.date, w.stringValue ?? ""), "\(w)")
        guard case .incompatible(let w2, _, _, _) = check(#"{"type": "string", "format": "ipv4"}"#, #"{"type": "string", "pattern": "^[0-9]{1,2}\\."}"#) else {
            return XCTFail("an ipv4 address may start with three digits")
        }
        XCTAssertTrue(FormatChecker.check(.ipv4, w2.stringValue ?? ""), "\(w2)")
    }
}
