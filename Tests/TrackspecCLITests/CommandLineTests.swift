import Foundation
import XCTest
import JSONSyntax
@testable import TrackingPlans
@testable import TrackspecCLI

/// What a newcomer types: help on stdout with exit 0, mistakes on stderr with exit 2 and a "did you mean",
/// and the ways to point `check` at an Iglu cache.
final class CommandLineTests: CLIWorkspaceTestCase {
    let schema = """
    {"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
     "self": {"vendor": "com.acme", "name": "tap", "format": "jsonschema", "version": "1-0-0"},
     "type": "object", "properties": {"x": {"type": "string"}}}
    """
    let scenario = #"{"name": "Tap", "event": {"source": "iglu:com.acme/tap/jsonschema/1-0-0", "schema": {"type": "object", "properties": {"x": {"type": "string", "maxLength": 3}}}}}"#

    func testHelpIsOnStandardOutputWithExitZero() {
        for arguments in [["help"], ["--help"], ["-h"], ["iglu", "--help"], ["iglu", "help"], ["iglu", "-h"], ["iglu", "pull", "--help"],
                          ["check", "--help"], ["compat", "--help"], ["lsp", "--help"]] {
            let result = run(arguments)
            XCTAssertEqual(result.code, 0, "\(arguments)")
            XCTAssertTrue(result.out.contains("USAGE"), "\(arguments): \(result.out)")
            XCTAssertEqual(result.err, "", "\(arguments)")
        }
    }

    /// `trackspec rules`: every rule with its severity and basis, as text and JSON; some rules explained by id
    /// or family; an unknown id named with the closest one.
    func testRulesListsEveryRuleWithItsBasis() throws {
        let json = run(["rules", "--format", "json"])
        XCTAssertEqual(json.code, 0)
        let rules = try XCTUnwrap(SyntaxTree(parsing: json.out).rootValue?["rules"])
        guard case .array(let items) = rules else { return XCTFail(json.out) }
        XCTAssertEqual(items.count, RuleRegistry.all.count)
        for item in items {
            guard case .string(let basis)? = item["basis"], case .string(let id)? = item["id"], case .string(let severity)? = item["severity"] else {
                return XCTFail("\(item)")
            }
            XCTAssertFalse(basis.isEmpty, id)
            XCTAssertEqual(severity, RuleRegistry.rule(id)?.defaultSeverity.rawValue)
        }
        let one = run(["rules", "snowplow/schema-incompatible"])
        XCTAssertEqual(one.code, 0)
        XCTAssertTrue(one.out.hasPrefix("snowplow/schema-incompatible (error)\n"), one.out)
        XCTAssertTrue(one.out.contains("    warning against the latest cached version"), one.out)
        XCTAssertTrue(one.out.contains("basis: vendor code: snowplow/snowplow-cli internal/validation/local_data_product_validation.go"), one.out)
        let family = run(["rules", "rudderstack/import-*"]).out
        XCTAssertEqual(family.split(separator: "\n").filter { $0.hasPrefix("rudderstack/") }.count, 3, family)
        XCTAssertTrue(family.contains("[import-manifest/duplicate-urn]"), family)
        let wrong = run(["rules", "snowplow/schema-incompatibel"])
        XCTAssertEqual(wrong.code, 2)
        XCTAssertTrue(wrong.err.contains("did you mean 'snowplow/schema-incompatible'?"), wrong.err)
        XCTAssertTrue(run(["rules"]).out.hasSuffix("\(RuleRegistry.all.count) rules\n"))
    }

    func testMistakesSayWhatWasWrongAndWhatWasMeant() {
        let cases: [([String], String)] = [
            (["chek"], "trackspec: unknown command 'chek'; did you mean 'check'?"),
            (["iglu", "lst"], "trackspec iglu: unknown command 'lst'; did you mean 'list'?"),
            (["iglu"], "trackspec iglu: a command is needed: pull or list"),
            (["iglu", "pull", "--resolve", "r.json"], "trackspec iglu pull: unknown option '--resolve'; did you mean '--resolver'?"),
            (["check", "--formt", "json"], "trackspec check: unknown option '--formt'; did you mean '--format'?"),
            (["check", "--iglu-cach=x"], "trackspec check: unknown option '--iglu-cach=x'; did you mean '--iglu-cache'?"),
            (["compat", "--jsn"], "trackspec compat: unknown option '--jsn'; did you mean '--json'?"),
            (["lsp", "--stdi"], "trackspec lsp: unknown option '--stdi'; did you mean '--stdio'?"),
        ]
        for (arguments, first) in cases {
            let result = run(arguments)
            XCTAssertEqual(result.code, 2, "\(arguments)")
            XCTAssertEqual(result.out, "", "\(arguments)")
            XCTAssertEqual(result.err.split(separator: "\n").first.map(String.init), first, "\(arguments)")
        }
    }

    func testCheckHelpSaysWhereTheConfigurationAndTheFormatsComeFrom() {
        let help = run(["check", "--help"]).out
        XCTAssertTrue(help.contains("the trackspec.json found from each PATH upwards"), help)
        XCTAssertTrue(help.contains("one line per problem"), help)
        XCTAssertTrue(help.contains("--iglu-cache DIR"), help)
    }

    func testIgluCacheFlagResolvesASource() throws {
        try write("caches/acme/schemas/com.acme/tap/jsonschema/1-0-0", schema)
        try write("s.json", scenario)
        let without = run(["check", "s.json"])
        XCTAssertEqual(without.code, 1)
        XCTAssertTrue(without.out.contains("[snowplow/source-not-found]"), without.out)
        // The message says how to fix it: the pull command with a resolver, the config key, the flag.
        XCTAssertTrue(without.out.contains("`trackspec iglu pull --resolver RESOLVER.json`"), without.out)
        XCTAssertTrue(without.out.contains("`check --iglu-cache DIR`"), without.out)
        XCTAssertTrue(without.out.contains("schemas/com.acme/tap/jsonschema/1-0-0"), without.out)
        let with = run(["check", "--iglu-cache", "caches/acme", "s.json"])
        XCTAssertEqual(with.code, 0, with.out)
        XCTAssertEqual(with.out, "All checks passed (1 file checked).\n")
        XCTAssertEqual(run(["check", "--iglu-cache=caches/acme", "s.json"]).code, 0)
        // Repeatable: the second folder is searched too.
        XCTAssertEqual(run(["check", "--iglu-cache", "nowhere", "--iglu-cache", "caches/acme", "s.json"]).code, 0)
    }

    func testAMissingCacheFolderIsWarnedAbout() throws {
        try write("s.json", scenario)
        try write("trackspec.json", #"{"iglu": {"cache": ["schemas-typo"]}}"#)
        let result = run(["check", "--iglu-cache", "elsewhere", "s.json"])
        XCTAssertEqual(result.code, 1)
        let warnings = result.err.split(separator: "\n").filter { $0.hasPrefix("trackspec: warning: the Iglu cache folder ") }
        XCTAssertEqual(warnings.count, 2, result.err)
        XCTAssertTrue(warnings[0].contains("elsewhere does not exist"), result.err)
        XCTAssertTrue(warnings[1].contains("schemas-typo does not exist"), result.err)
        // The default folder, not configured, is not warned about.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("trackspec.json"))
        XCTAssertEqual(run(["check", "s.json"]).err, "")
    }

    func testTheEnvironmentVariableAddsCacheFolders() throws {
        try write("caches/acme/schemas/com.acme/tap/jsonschema/1-0-0", schema)
        try write("s.json", scenario)
        setenv(Configuration.igluCacheVariable, directory.appendingPathComponent("nowhere").path + ":caches/acme", 1)
        defer { unsetenv(Configuration.igluCacheVariable) }
        let result = run(["check", "s.json"])
        XCTAssertEqual(result.code, 0, result.out)
        XCTAssertTrue(result.err.contains("nowhere does not exist"), result.err)
    }

    func testALeadingTildeIsTheHomeFolder() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        XCTAssertEqual(Configuration.resolve("~/iglu", against: "/w"), home + "/iglu")
        XCTAssertEqual(Configuration.resolve("~", against: "/w"), home)
        XCTAssertEqual(Configuration.resolve("iglu", against: "/w"), "/w/iglu")
        XCTAssertEqual(Configuration.resolve("~user/iglu", against: "/w"), "/w/~user/iglu")
        XCTAssertEqual(Configuration(root: "/w", igluCache: ["~/cache"]).resolve("~/cache"), home + "/cache")
    }

    func testTextOutputIsOneLinePerProblemWithIndentedDetails() {
        let out = run(["check", SharedExamples.root + "/snowplow/button-tap.scenario.json"]).out
        let lines = out.split(separator: "\n").map(String.init)
        let first = lines.firstIndex { $0.hasSuffix("[snowplow/schema-incompatible]") }
        XCTAssertNotNil(first, out)
        guard let first else { return }
        // The reason leads; the example event and the API's title follow, indented; then the note.
        XCTAssertTrue(lines[first].contains(": warning: property 'action': \"swipe\" is allowed by event.schema but not ui_actions 1-0-1"), lines[first])
        XCTAssertTrue(lines[first + 1].hasPrefix("    example event this scenario allows"), lines[first + 1])
        XCTAssertTrue(lines[first + 2].hasPrefix("    Tracking scenario with id: c6f1e9a2"), lines[first + 2])
        XCTAssertTrue(lines[first + 3].hasPrefix("  ") && lines[first + 3].contains(": note: "), lines[first + 3])
        // Every line is a problem, an indented continuation, or the summary.
        XCTAssertTrue(lines.dropLast().allSatisfy { $0.hasPrefix(" ") || $0.contains(": warning: ") || $0.contains(": error: ") || $0.contains(": hint: ") }, out)
    }

    /// Iglu schemas in a registry layout are files of the workspace, checked by default; the Iglu cache folder,
    /// even inside the workspace, is the registry's copy and is not walked (only read as the cache).
    func testAuthoredIgluSchemasAreCheckedTheCacheIsNot() throws {
        try write("iglu/schemas/com.acme/tap/jsonschema/1-0-0", schema.replacingOccurrences(of: "\"1-0-0\"", with: "\"1-0-9\""))
        try write("schemas/com.acme/tap/jsonschema/1-0-1", schema.replacingOccurrences(of: "\"1-0-0\"", with: "\"1-0-1\"")
            .replacingOccurrences(of: "{\"type\": \"string\"}", with: "{\"type\": \"string\", \"maxLength\": 3}"))
        let result = run(["check", "--format", "json", "."])
        let report = try XCTUnwrap(SyntaxTree(parsing: result.out).rootValue)
        XCTAssertEqual(report["summary"]?["files"], 1, result.out)
        // The authored 1-0-1 narrows the cached 1-0-0 (whose self mismatch is the cache's business, not reported).
        let rules = report["diagnostics"]?.arrayValue?.compactMap { $0["rule"]?.stringValue }
        XCTAssertEqual(rules, [IgluRule.additionIncompatible], result.out)
        XCTAssertEqual(result.code, 1)
    }

    func testJSONSummaryCountsHintsApartFromInfos() throws {
        // A scenario on an outdated source (hint) next to the source it could move to, plus an info.
        try write("s.json", #"{"a": 1}"#)
        let value = try XCTUnwrap(SyntaxTree(parsing: run(["check", "--format", "json", "s.json"]).out).rootValue)
        XCTAssertEqual(value["summary"], ["files": 1, "errors": 0, "warnings": 0, "infos": 0, "hints": 0])
        let examples = SharedExamples.root
        let report = run(["check", "--format", "json", examples + "/snowplow"]).out
        let summary = try XCTUnwrap(SyntaxTree(parsing: report).rootValue?["summary"])
        // snowplow/source-outdated, snowplow-cli's two broken data structures editing a published version, and the
        // Iglu registry's REVISION where an ADDITION would do; infos: the unpublished versions, and the two broken
        // data structures' names, which are not where snowplow-cli would write them (it does not require it).
        XCTAssertEqual(summary["hints"], 4)
        XCTAssertEqual(summary["infos"], 3)
    }
}

/// The bundled examples, from this file's location.
enum SharedExamples {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples").path
}
