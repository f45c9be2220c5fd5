import Foundation
import XCTest
import Iglu
import JSONSchema
import JSONSyntax
import TestSupport
@testable import TrackingPlans

/// SchemaVer decided by the subschema checker: Iglu Central's own history (the ADDITIONs it broke, a
/// REVISION that an ADDITION would have done), each witness re-checked by the validator; the rules on workspace
/// files (gaps, no 1-0-0, quick fixes that renumber), a data structure going backwards, and the hover.
final class SchemaEvolutionTests: XCTestCase {
    static let fixture = SharedFixtures.location("fixtures/iglu-central")
    static let central = IgluContext(folders: [fixture])

    override func setUpWithError() throws { _ = try SharedFixtures.path("fixtures/iglu-central") }

    func verdict(_ uri: String) throws -> (EvolutionVerdict, CompiledSchema) {
        let key = try XCTUnwrap(SchemaKey(uri))
        let schemas = IgluSchemas(context: Self.central)
        let source = schemas.source(try XCTUnwrap(schemas.entry(key)))
        let schema = try XCTUnwrap(source.schema)
        return (try XCTUnwrap(schemas.evolution(of: key, schema: schema, value: source.root.flatMap { source.cached.tree.value($0) })), schema)
    }

    func testIgluCentralsADDITIONsThatBreakEventsOfThePreviousVersion() throws {
        // An ADDITION whose new required property no old event has, under additionalProperties false: a MODEL change.
        let (runtime, new) = try verdict("iglu:com.snowplowanalytics.snowplow.badrows/loader_runtime_error/jsonschema/1-0-1")
        XCTAssertEqual(runtime.bump, .addition)
        XCTAssertEqual(runtime.previous.key.version.description, "1-0-0")
        guard case .incompatible(let witness, let reason, _, _)? = runtime.result else { return XCTFail("\(String(describing: runtime.result))") }
        XCTAssertTrue(reason.contains("'failure' is required by the second schema only"), reason)
        let old = try XCTUnwrap(IgluSchemas(context: Self.central).source(runtime.previous).schema)
        XCTAssertTrue(Validator(old).isValid(witness))
        XCTAssertFalse(Validator(new).isValid(witness))
        XCTAssertNil(runtime.common)
        XCTAssertEqual(runtime.needed.version.description, "2-0-0")
        XCTAssertEqual(runtime.needed.bump, .model)
        // An ADDITION adding an optional property to an open schema: strictly, some events of 1-0-0 (with any
        // userId) are rejected, some stay valid (a REVISION by the letter); Snowplow's versioning calls it an
        // ADDITION, and the verdict says which properties make the difference.
        let (webhook, newWebhook) = try verdict("iglu:com.iterable/system_webhook/jsonschema/1-0-1")
        XCTAssertEqual(webhook.addedOptional, ["userId"])
        XCTAssertEqual(runtime.addedOptional, [])
        guard case .incompatible? = webhook.result, let common = webhook.common else { return XCTFail("\(String(describing: webhook.result))") }
        let oldWebhook = try XCTUnwrap(IgluSchemas(context: Self.central).source(webhook.previous).schema)
        XCTAssertTrue(Validator(oldWebhook).isValid(common) && Validator(newWebhook).isValid(common), "\(common)")
        XCTAssertEqual(webhook.needed.version.description, "1-1-0")
        XCTAssertEqual(webhook.needed.bump, .revision)
    }

    func testKnownCompatibleSteps() throws {
        // link_click 1-0-1 adds an optional property: the ADDITION keeps its promise.
        let (link, _) = try verdict("iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1")
        XCTAssertEqual(link.bump, .addition)
        XCTAssertEqual(link.result, .compatible)
        // geolocation_context 1-1-0 accepts every event of 1-0-0: its REVISION could have been an ADDITION.
        let (geo, _) = try verdict("iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0")
        XCTAssertEqual(geo.bump, .revision)
        XCTAssertEqual(geo.result, .compatible)
    }

    /// Every step of Iglu Central's history: the ADDITIONs found breaking are exactly these, each witness valid
    /// under the old version and invalid under the new one by the validator.
    func testEveryStepOfIgluCentral() throws {
        let schemas = IgluSchemas(context: Self.central)
        var breaking: [String] = []
        var addingOptional: [String] = []
        var steps = 0
        for family in schemas.allFamilies {
            for entry in schemas.versions(of: family).dropFirst() {
                let source = schemas.source(entry)
                guard let schema = source.schema,
                      let v = schemas.evolution(of: entry.key, schema: schema, value: source.root.flatMap { source.cached.tree.value($0) }) else { continue }
                steps += 1
                guard case .incompatible(let witness, _, _, _)? = v.result else { continue }
                let old = try XCTUnwrap(schemas.source(v.previous).schema)
                XCTAssertTrue(Validator(old).isValid(witness), "\(entry.key)")
                XCTAssertFalse(Validator(schema).isValid(witness), "\(entry.key)")
                if let common = v.common { XCTAssertTrue(Validator(old).isValid(common) && Validator(schema).isValid(common), "\(entry.key)") }
                if v.bump == .addition && v.addedOptional.isEmpty { breaking.append("\(entry.key.vendor)/\(entry.key.name)/\(entry.key.version)") }
                if v.bump == .addition && !v.addedOptional.isEmpty { addingOptional.append("\(entry.key.vendor)/\(entry.key.name)/\(entry.key.version)") }
            }
        }
        XCTAssertGreaterThan(steps, 120)
        XCTAssertEqual(breaking.sorted(), [
            "com.snowplowanalytics.accelerators.travel/schedule_update/1-0-1",
            "com.snowplowanalytics.mobile/remote_config/1-0-1",
            "com.snowplowanalytics.snowplow.badrows/loader_runtime_error/1-0-1",
            "com.snowplowanalytics.snowplow.enrichments/bot_detection_enrichment_config/1-0-1",
            "com.snowplowanalytics.snowplow.storage/snowflake_config/1-0-3",
        ])
        // Breaking only by the letter: optional properties added where the previous version was open.
        XCTAssertEqual(addingOptional.sorted(), [
            "com.iterable/system_webhook/1-0-1",
            "com.snowplowanalytics.snowplow.storage/shredding_complete/2-0-1",
        ])
    }

    // MARK: Rules on workspace files

    static let metaSchema = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"

    static func schema(_ version: String, _ properties: String, name: String = "search") -> String {
        """
        {
          "$schema": "\(metaSchema)",
          "description": "A search",
          "self": {"vendor": "com.acme", "name": "\(name)", "format": "jsonschema", "version": "\(version)"},
          "type": "object",
          "properties": {\(properties)},
          "additionalProperties": false
        }
        """
    }

    /// A static registry in the workspace, judged as `check` does (a first pass, then again knowing every schema).
    func check(_ files: [(String, String)], cache: IgluContext = IgluContext(folders: [])) -> [String: [Diagnostic]] {
        let analyzer = Analyzer(configuration: Configuration(root: "/w", igluCache: []), iglu: cache)
        let paths = files.map { "/w/schemas/com.acme/\($0.0)" }
        var analyses = zip(paths, files).map { analyzer.analyze(path: $0, bytes: Array($1.1.utf8)) }
        if let (knowing, again) = analyzer.knowingDataStructures(of: analyses) {
            for i in again { analyses[i] = knowing.analyze(path: paths[i], bytes: Array(files[i].1.utf8)) }
        }
        var out: [String: [Diagnostic]] = [:]
        for a in analyses { out[String(a.path.dropFirst("/w/schemas/com.acme/".count))] = a.diagnostics }
        return out
    }

    func testAnADDITIONThatBreaksIsAnErrorWithItsWitnessAndTheRenumbering() throws {
        let old = Self.schema("1-0-0", #""results": {"type": "integer", "minimum": 0, "maximum": 10000}"#)
        let newText = Self.schema("1-0-1", #""results": {"type": "integer", "minimum": 0, "maximum": 1000}"#)
        let found = check([("search/jsonschema/1-0-0", old), ("search/jsonschema/1-0-1", newText)])
        XCTAssertEqual(found["search/jsonschema/1-0-0"]?.map(\.rule), [])
        let d = try XCTUnwrap(found["search/jsonschema/1-0-1"]?.first)
        XCTAssertEqual(found["search/jsonschema/1-0-1"]?.count, 1)
        XCTAssertEqual(d.rule, IgluRule.additionIncompatible)
        XCTAssertEqual(String(decoding: Array(newText.utf8)[d.range], as: UTF8.self), "\"1-0-1\"")
        XCTAssertTrue(d.message.hasPrefix("1-0-1 is an ADDITION to 1-0-0 but rejects events 1-0-0 accepts: {\"results\":10000} is valid under 1-0-0 and rejected by 1-0-1"), d.message)
        XCTAssertTrue(d.message.hasSuffix("some events of 1-0-0 stay valid ({}): a REVISION, 1-1-0"), d.message)
        XCTAssertEqual(d.related.first?.location.path, "/w/schemas/com.acme/search/jsonschema/1-0-0")
        // Both related places are the keyword the example shows: the old version's and the new one's `maximum`.
        XCTAssertEqual(d.related.map { String(decoding: Array(($0.location.path.hasSuffix("1-0-0") ? old : newText).utf8)[$0.location.range], as: UTF8.self) },
                       ["\"maximum\"", "\"maximum\""])
        XCTAssertEqual(d.related.last?.location.path, "/w/schemas/com.acme/search/jsonschema/1-0-1")
        XCTAssertEqual(d.fixes.map(\.title), ["Renumber to 1-1-0 (REVISION)", "Renumber to 2-0-0 (MODEL)"])
        XCTAssertEqual(d.fixes.first?.edits.map(\.newText), ["\"1-1-0\""])
        // In a registry layout the file moves with its version.
        XCTAssertEqual(d.fixes.map(\.renameFile), ["/w/schemas/com.acme/search/jsonschema/1-1-0", "/w/schemas/com.acme/search/jsonschema/2-0-0"])
        // Compatible: nothing to say.
        let fine = check([("search/jsonschema/1-0-0", old), ("search/jsonschema/1-0-1", Self.schema("1-0-1", #""results": {"type": "integer"}"#))])
        XCTAssertEqual(fine["search/jsonschema/1-0-1"]?.map(\.rule), [])
    }

    /// Snowplow's versioning: adding an optional property is an ADDITION. Where the previous version was open,
    /// it strictly accepted any value there: an info with the example, never an error. Required, closing the
    /// schema, or narrowing an existing property stays an error.
    func testAnOptionalPropertyAddedToAnOpenSchemaIsAnAddition() throws {
        func open(_ version: String, _ properties: String, _ extra: String = "") -> String {
            Self.schema(version, properties).replacingOccurrences(of: #""additionalProperties": false"#, with: #""additionalProperties": true"# + extra)
        }
        let v100 = open("1-0-0", #""q": {"type": "string"}, "nested": {"type": "object", "properties": {"x": {"type": "integer"}}}"#)
        let added = open("1-0-1", #""q": {"type": "string"}, "n": {"type": "integer"}, "nested": {"type": "object", "properties": {"x": {"type": "integer"}, "y": {"type": "string"}}}"#)
        let found = check([("search/jsonschema/1-0-0", v100), ("search/jsonschema/1-0-1", added)])
        let d = try XCTUnwrap(found["search/jsonschema/1-0-1"]?.first)
        XCTAssertEqual(found["search/jsonschema/1-0-1"]?.map(\.rule), [IgluRule.additionNarrowsOpen])
        XCTAssertEqual(d.severity, .info)
        XCTAssertTrue(d.message.hasPrefix("1-0-1 adds the optional properties 'n', 'nested.y', an ADDITION in Snowplow's versioning; strictly, 1-0-0 accepted any value there"), d.message)
        // Required: events of 1-0-0 without it are rejected, a real break.
        let required = open("1-0-1", #""q": {"type": "string"}, "n": {"type": "integer"}, "nested": {"type": "object"}"#, #", "required": ["n"]"#)
        XCTAssertEqual(check([("search/jsonschema/1-0-0", v100), ("search/jsonschema/1-0-1", required)])["search/jsonschema/1-0-1"]?.map(\.rule),
                       [IgluRule.additionIncompatible])
        // Narrowing a property 1-0-0 had, beside an added one: still an error.
        let narrowed = open("1-0-1", #""q": {"type": "string", "maxLength": 3}, "n": {"type": "integer"}, "nested": {"type": "object"}"#)
        XCTAssertEqual(check([("search/jsonschema/1-0-0", v100), ("search/jsonschema/1-0-1", narrowed)])["search/jsonschema/1-0-1"]?.map(\.rule),
                       [IgluRule.additionIncompatible])
        // Closing an open schema: other properties are now refused.
        let closed = Self.schema("1-0-1", #""q": {"type": "string"}, "n": {"type": "integer"}, "nested": {"type": "object"}"#)
        XCTAssertEqual(check([("search/jsonschema/1-0-0", v100), ("search/jsonschema/1-0-1", closed)])["search/jsonschema/1-0-1"]?.map(\.rule),
                       [IgluRule.additionIncompatible])
    }

    func testABumpLargerThanNeededGapsAndAFamilyWithout100() throws {
        let v100 = Self.schema("1-0-0", #""q": {"type": "string", "maxLength": 9}"#)
        let wider = #""q": {"type": "string", "maxLength": 90}"#
        let found = check([("search/jsonschema/1-0-0", v100), ("search/jsonschema/1-1-0", Self.schema("1-1-0", wider)),
                           ("search/jsonschema/1-1-2", Self.schema("1-1-2", wider)),
                           ("other/jsonschema/2-0-0", Self.schema("2-0-0", wider, name: "other"))])
        let revision = try XCTUnwrap(found["search/jsonschema/1-1-0"]?.first)
        XCTAssertEqual(revision.rule, IgluRule.bumpLargerThanNeeded)
        XCTAssertEqual(revision.severity, .hint)
        XCTAssertEqual(revision.message, "every event valid under 1-0-0 is valid under 1-1-0: an ADDITION (1-0-1) would do, this REVISION is not needed")
        XCTAssertEqual(revision.fixes.first?.edits.map(\.newText), ["\"1-0-1\""])
        XCTAssertEqual(found["search/jsonschema/1-1-2"]?.map(\.message), ["1-1-2 does not directly follow 1-1-0: 1-1-1 is missing (after 1-1-0 come 1-1-1, 1-2-0, 2-0-0)"])
        XCTAssertEqual(found["other/jsonschema/2-0-0"]?.map(\.message), ["no version of iglu:com.acme/other/jsonschema comes before 2-0-0 here: a family starts at 1-0-0"])
        XCTAssertEqual(found["other/jsonschema/2-0-0"]?.map(\.rule), [IgluRule.noInitialVersion])
    }

    /// A snowplow-cli data structure is edited in place: its history is the cache's, and a new version goes after
    /// the published ones of its MODEL.
    func testADataStructureGoingBackwards() throws {
        /// The cached `from` version's schema, renumbered, as a data structure (its JSON is YAML's flow style).
        func dataStructure(_ version: String, from: String) throws -> String {
            let cached = Self.fixture + "/schemas/com.snowplowanalytics.snowplow/geolocation_context/jsonschema/" + from
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: cached)), as: UTF8.self)
            return """
            apiVersion: v1
            resourceType: data-structure
            meta: {hidden: false, schemaType: entity, customData: {}}
            data: \(text.replacingOccurrences(of: "\"version\": \"\(from)\"", with: "\"version\": \"\(version)\"").replacingOccurrences(of: "\n", with: " "))
            """
        }
        let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: Self.central)
        let path = "/w/data-structures/com.snowplowanalytics.snowplow/geolocation_context.yaml"
        // 1-0-1 is not published, and 1-1-0 is: backwards.
        let back = analyzer.analyze(path: path, bytes: Array(try dataStructure("1-0-1", from: "1-0-0").utf8)).diagnostics.filter { $0.rule.hasPrefix("iglu/") }
        XCTAssertEqual(back.map(\.rule), [IgluRule.versionBackwards])
        XCTAssertEqual(back.first?.message, "1-0-1 is below 1-1-0, already published (in the Iglu cache): a new version of MODEL 1 comes after 1-1-0")
        // 1-1-1 comes after the published 1-1-0 and accepts every event of it.
        XCTAssertEqual(analyzer.analyze(path: path, bytes: Array(try dataStructure("1-1-1", from: "1-1-0").utf8)).diagnostics.filter { $0.rule.hasPrefix("iglu/") }.map(\.message), [])
        // A family the cache does not know: its history is unknown, no "starts at 1-0-0".
        let unknown = try dataStructure("3-0-0", from: "1-1-0").replacingOccurrences(of: "geolocation_context", with: "no_such_family")
        XCTAssertEqual(analyzer.analyze(path: "/w/data-structures/com.snowplowanalytics.snowplow/no_such_family.yaml", bytes: Array(unknown.utf8))
            .diagnostics.filter { $0.rule.hasPrefix("iglu/") }.map(\.message), [])
    }

    func testHoverOnSelfVersionGivesTheVerdict() throws {
        let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: Self.central)
        let path = SchemaEvolutionTests.fixture + "/schemas/com.iterable/system_webhook/jsonschema/1-0-1"
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let offset = try XCTUnwrap(String(decoding: bytes, as: UTF8.self).range(of: "\"1-0-1\"")).lowerBound.utf16Offset(in: String(decoding: bytes, as: UTF8.self)) + 2
        let hover = try XCTUnwrap(analyzer.hover(path: path, bytes: bytes, offset: offset))
        XCTAssertTrue(hover.markdown.hasPrefix("**iglu:com.iterable/system_webhook/jsonschema/1-0-1**\n\nAn ADDITION after 1-0-0. It adds optional properties (userId), an ADDITION in Snowplow's versioning. Strictly, 1-0-0 accepted any value there"), hover.markdown)
        let configPath = SchemaEvolutionTests.fixture + "/schemas/com.snowplowanalytics.mobile/remote_config/jsonschema/1-0-1"
        let config = [UInt8](try Data(contentsOf: URL(fileURLWithPath: configPath)))
        let configAt = try XCTUnwrap(String(decoding: config, as: UTF8.self).range(of: "\"1-0-1\"")).lowerBound.utf16Offset(in: String(decoding: config, as: UTF8.self)) + 2
        let breaking = try XCTUnwrap(analyzer.hover(path: configPath, bytes: config, offset: configAt)).markdown
        XCTAssertTrue(breaking.hasPrefix("**iglu:com.snowplowanalytics.mobile/remote_config/jsonschema/1-0-1**\n\nAn ADDITION after 1-0-0. Not backward compatible: this event is valid under 1-0-0 and rejected by 1-0-1"), breaking)
        XCTAssertTrue(breaking.hasSuffix("An ADDITION must keep every event valid: this needs 1-1-0 (REVISION)."), breaking)
        let linkPath = SchemaEvolutionTests.fixture + "/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"
        let link = [UInt8](try Data(contentsOf: URL(fileURLWithPath: linkPath)))
        let at = try XCTUnwrap(String(decoding: link, as: UTF8.self).range(of: "\"1-0-1\"")).lowerBound.utf16Offset(in: String(decoding: link, as: UTF8.self)) + 2
        XCTAssertEqual(analyzer.hover(path: linkPath, bytes: link, offset: at)?.markdown,
                       "**iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1**\n\nAn ADDITION after 1-0-0. Every event valid under 1-0-0 is valid under 1-0-1: backward compatible, as an ADDITION promises.")
    }

    /// `iglu list --check` judges a cache with the same rules as `check` (its tests are in CommandLineTests);
    /// here the entry point it uses, on a cached file whose `self` names another version.
    func testACachedSchemaJudgedAsAnIgluSchemaFile() throws {
        let analyzer = Analyzer(configuration: Configuration(root: "/"), iglu: Self.central)
        let text = Self.schema("1-0-1", #""q": {}"#)
        let analysis = analyzer.analyzeIgluSchema(path: "/c/schemas/com.acme/search/jsonschema/1-0-0", bytes: Array(text.utf8))
        // Judged as the version its `self` names (no version of com.acme/search before it).
        XCTAssertEqual(analysis.diagnostics.map(\.rule), [IgluRule.selfMismatch, IgluRule.noInitialVersion])
        XCTAssertEqual(analyzer.analyzeIgluSchema(path: "/c/schemas/com.acme/search/jsonschema/1-0-0", bytes: Array("[1]".utf8)).diagnostics.map(\.rule), [IgluRule.schemaInvalid])
    }
}
