import XCTest
import TestSupport
@testable import TrackingPlans

/// Globs as an automaton: the same answers as the brace-expanding backtracking reference on short patterns,
/// and hostile patterns (exponential for backtracking or for brace expansion) answered at once.
final class GlobTests: XCTestCase {
    func testHostilePatternsAreLinear() throws {
        // Backtracking tries every way of placing nine stars in a 40-character name.
        let stars = try Glob("*a*a*a*a*a*a*a*a*a*b")
        XCTAssertFalse(stars.matches(String(repeating: "a", count: 40)))
        XCTAssertFalse(stars.matches(String(repeating: "a", count: 100_000)))
        XCTAssertTrue(stars.matches(String(repeating: "a", count: 40) + "b"))
        // Thirty brace groups spell 2^30 alternatives; compiled as groups they are 150 tokens.
        let braces = try Glob(String(repeating: "{a,b}", count: 30))
        XCTAssertTrue(braces.matches(String(repeating: "ab", count: 15)))
        XCTAssertFalse(braces.matches(String(repeating: "ab", count: 15) + "c"))
        XCTAssertFalse(braces.matches(String(repeating: "a", count: 29)))
        let nested = try Glob(String(repeating: "{a,", count: 200) + "b" + String(repeating: "}", count: 200))
        XCTAssertTrue(nested.matches("b"))
        XCTAssertTrue(nested.matches("a"))
        XCTAssertFalse(nested.matches("ab"))
        // A long path through `**` segments.
        let deep = Array(repeating: "d", count: 5_000).joined(separator: "/") + "/x.json"
        XCTAssertTrue(try Glob("**/*.json").matches(deep))
        XCTAssertFalse(try Glob("**/a/**/b/**/c/**/*.yaml").matches(deep))
    }

    func testTheDefaultsAndCommonShapes() throws {
        let cases: [(String, String, Bool)] = [
            ("**/*.{json,yaml,yml}", "a/b/c.yml", true), ("**/*.{json,yaml,yml}", "c.json", true), ("**/*.{json,yaml,yml}", "c.jsonc", false),
            ("**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*", "iglu/schemas/com.acme/e/jsonschema/1-0-0", true),
            ("**/schemas/*/*/*/[0-9]*-[0-9]*-[0-9]*", "iglu/schemas/com.acme/e/jsonschema/x-0-0", false),
            ("node_modules/", "a/node_modules/b/c.json", true), ("/plans/*.json", "plans/a.json", true), ("/plans/*.json", "x/plans/a.json", false),
            ("{a,b}/**", "b/c/d", true), ("{a,b}/**", "c/d", false), ("src/**/x.json", "src/x.json", true), ("src/**/x.json", "src/a/b/x.json", true),
            ("[!.]*", "a/.hidden", false), ("[!.]*", "a/visible", true), ("a?c", "abc", true), ("a?c", "a/c", false),
            // A combining mark after `}` is its own scalar: the braces still close (bytes, not characters).
            ("{a,b}\u{301}.json", "b\u{301}.json", true), ("{a,b}\u{301}.json", "b.json", false),
            ("{a/**,b}", "a/x/y", true), ("{a,{b,c}}.json", "c.json", true), ("\\*.json", "*.json", true), ("\\*.json", "a.json", false),
        ]
        for (pattern, path, expected) in cases {
            XCTAssertEqual(try Glob(pattern).matches(path), expected, "\(pattern) ~ \(path)")
            if GlobReference.isComparable(pattern) { XCTAssertEqual(try GlobReference.matches(pattern, path), expected, "reference: \(pattern) ~ \(path)") }
        }
        XCTAssertThrowsError(try Glob("a[b"))
        XCTAssertThrowsError(try Glob("{a,b"))
        XCTAssertThrowsError(try Glob(""))
    }

    /// Random short patterns and paths over a small alphabet: the automaton answers as the reference does (the
    /// fuzz target `glob` does the same with coverage guidance).
    func testAgreesWithTheReferenceOnRandomShortInputs() throws {
        var random = SplitMix64(seed: 7)
        let patternAlphabet: [String] = ["a", "b", "/", "*", "**", "?", "{", "}", ",", "[ab]", "[!a]", "."]
        let pathAlphabet: [Character] = ["a", "b", "/", "."]
        var compared = 0
        for _ in 0..<20_000 {
            let pattern = (0..<random.int(1...7)).map { _ in random.pick(patternAlphabet) }.joined()
            guard GlobReference.isComparable(pattern), pattern.filter({ $0 == "*" }).count <= 4 else { continue }
            let glob = try? Glob(pattern)
            for _ in 0..<4 {
                let path = String((0..<random.int(0...8)).map { _ in random.pick(pathAlphabet) })
                let reference: Bool?
                do { reference = try GlobReference.matches(pattern, path) } catch GlobReference.Failure.tooManyAlternatives { continue } catch { reference = nil }
                XCTAssertEqual(glob == nil, reference == nil, "'\(pattern)' compiles")
                if let glob, let reference {
                    XCTAssertEqual(glob.matches(path), reference, "'\(pattern)' ~ '\(path)'")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 20_000)
    }
}
