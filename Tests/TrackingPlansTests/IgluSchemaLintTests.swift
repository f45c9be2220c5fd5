import Foundation
import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Each `iglu/…` lint rule on a schema that breaks it (exact range, marked `«…»`, message and fix) and one
/// that does not, in an Iglu schema file of a static registry; the same findings in a snowplow-cli data
/// structure (YAML); the Info rules only when trackspec.json turns them on.
final class IgluSchemaLintTests: XCTestCase {
    static let path = "/w/schemas/com.acme/thing/jsonschema/1-0-0"
    static let metaSchema = "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#"

    /// No cache: the lint alone (and no version before 1-0-0).
    func analyzer(rules: [String: Severity?] = [:]) -> Analyzer {
        Analyzer(configuration: Configuration(root: "/w", igluCache: [], ruleSeverities: rules), iglu: IgluContext(folders: []))
    }

    /// A self-describing schema of com.acme/thing 1-0-0 with `properties` and more members after them.
    func schema(_ properties: String, _ extra: String = "", version: String = "1-0-0", type: String = "\"object\"") -> String {
        """
        {
          "$schema": "\(Self.metaSchema)",
          "description": "A thing",
          "self": {"vendor": "com.acme", "name": "thing", "format": "jsonschema", "version": "\(version)"},
          "type": \(type),
          "properties": {\(properties)}\(extra)
        }
        """
    }

    func diagnostics(_ text: String, path: String = IgluSchemaLintTests.path, rules: [String: Severity?] = [:]) -> [Diagnostic] {
        analyzer(rules: rules).analyze(path: path, bytes: Array(text.utf8)).diagnostics
    }

    /// Exactly one diagnostic of `rule` at the marked range, with `message` in it; returns it.
    @discardableResult
    func expect(_ rule: String, _ severity: Severity, in marked: String, message: String, path: String = IgluSchemaLintTests.path,
                rules: [String: Severity?] = [:], file: StaticString = #filePath, line: UInt = #line) -> (String, Diagnostic?) {
        let (text, range) = markedText(marked)
        let all = diagnostics(text, path: path, rules: rules)
        let found = all.filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(rule): \(all.map { "\($0.rule) \($0.message)" })", file: file, line: line)
        guard let d = found.first else { return (text, nil) }
        XCTAssertEqual(d.range, range, "range of \(rule): \(d.message)", file: file, line: line)
        XCTAssertTrue(d.message.contains(message), "message of \(rule): \(d.message)", file: file, line: line)
        XCTAssertEqual(d.severity, severity, file: file, line: line)
        return (text, d)
    }

    func expectClean(_ text: String, of rule: String, path: String = IgluSchemaLintTests.path, rules: [String: Severity?] = [:], file: StaticString = #filePath, line: UInt = #line) {
        let found = diagnostics(text, path: path, rules: rules).filter { $0.rule == rule }
        XCTAssertEqual(found.map(\.message), [], rule, file: file, line: line)
    }

    func applying(_ fix: Fix?, to text: String) throws -> String {
        var bytes = Array(text.utf8)
        for edit in try XCTUnwrap(fix).edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func testTheFileIsAnIgluSchemaAndACleanOneHasNoFindings() {
        let text = schema(#""name": {"type": "string", "maxLength": 100}"#, #", "required": ["name"], "additionalProperties": false"#)
        let analysis = analyzer().analyze(path: Self.path, bytes: Array(text.utf8))
        XCTAssertEqual(analysis.kind, .igluSchema)
        XCTAssertEqual(analysis.diagnostics.map { "\($0.rule) \($0.message)" }, [])
        // The static registry layout is checked by default: the file has no extension.
        XCTAssertTrue(Configuration(root: "/w").include.contains { $0.matches("iglu/schemas/com.acme/thing/jsonschema/1-0-0") })
        XCTAssertFalse(Configuration(root: "/w").include.contains { $0.matches("iglu/schemas/com.acme/thing/jsonschema/README") })
    }

    func testMinimumAboveMaximum() throws {
        for (low, high, noun, type) in [("minimum", "maximum", "number", "integer"), ("minLength", "maxLength", "string", "string"),
                                        ("minItems", "maxItems", "array", "array"), ("minProperties", "maxProperties", "object", "object")] {
            let (text, d) = expect(IgluRule.minAboveMax, .error, in: schema(#""n": {"type": "\#(type)", "\#(low)": «5», "\#(high)": 1}"#),
                                   message: "'\(low)' 5 is above '\(high)' 1: no \(noun) is valid here")
            XCTAssertEqual(try applying(d?.fixes.first, to: text), schema(#""n": {"type": "\#(type)", "\#(low)": 1, "\#(high)": 5}"#))
            expectClean(schema(#""n": {"type": "\#(type)", "\#(low)": 5, "\#(high)": 5}"#), of: IgluRule.minAboveMax)
        }
        // Numbers compare exactly, beyond doubles.
        expect(IgluRule.minAboveMax, .error, in: schema(#""n": {"type": "number", "minimum": «1e400», "maximum": 9e399}"#), message: "is above")
    }

    func testKeywordsOfATypeTheSchemaExcludes() {
        expect(IgluRule.keywordTypeMismatch, .error, in: schema(#""age": {"type": "integer", «"maxLength"»: 3}"#),
               message: "'maxLength' constrains strings, but this schema's type is \"integer\": it has no effect")
        expect(IgluRule.keywordTypeMismatch, .error, in: schema(#""tags": {"type": ["string", "null"], «"minItems"»: 1}"#),
               message: "'minItems' constrains arrays, but this schema's type is [\"null\", \"string\"]")
        expect(IgluRule.keywordTypeMismatch, .error, in: schema(#""n": {"type": "string", «"minimum"»: 1}"#), message: "'minimum' constrains numbers")
        expect(IgluRule.keywordTypeMismatch, .error, in: schema(#""n": {"type": "array", «"required"»: ["x"]}"#), message: "'required' constrains objects")
        // A type that allows the keyword's type, or no type at all: nothing to say.
        expectClean(schema(#""age": {"type": ["integer", "string"], "maxLength": 3}, "any": {"maxLength": 3}, "n": {"type": "integer", "minimum": 1}"#),
                    of: IgluRule.keywordTypeMismatch)
    }

    func testARequiredKeyTheSchemaCannotHold() throws {
        let (text, d) = expect(IgluRule.requiredMissing, .error,
                               in: schema(#""a": {"type": "string", "maxLength": 9}"#, #", "required": ["a", «"b"»], "additionalProperties": false"#),
                               message: "'b' is required but not among 'properties', and additionalProperties is false: no object is valid here")
        XCTAssertEqual(d?.fixes.map(\.title), ["Add 'b' to properties", "Do not require 'b'"])
        // Each fix leaves a schema without the finding (and valid JSON).
        for fix in d?.fixes ?? [] {
            let fixed = try applying(fix, to: text)
            XCTAssertEqual(SyntaxTree(parsing: Array(fixed.utf8)).diagnostics.map(\.message), [], fixed)
            expectClean(fixed, of: IgluRule.requiredMissing)
        }
        XCTAssertEqual(try applying(d?.fixes.first, to: text), schema(#""a": {"type": "string", "maxLength": 9}, "b": {}"#, #", "required": ["a", "b"], "additionalProperties": false"#))
        // On its own line when the properties are.
        let multiline = schema("\n    \"a\": {}\n  ", #", "required": ["b"], "additionalProperties": false"#)
        let add = diagnostics(multiline).first { $0.rule == IgluRule.requiredMissing }?.fixes.first
        XCTAssertEqual(try applying(add, to: multiline), schema("\n    \"a\": {},\n    \"b\": {}\n  ", #", "required": ["b"], "additionalProperties": false"#))
        // Other properties allowed, or pattern properties that may match: the key can be there.
        expectClean(schema(#""a": {}"#, #", "required": ["b"]"#), of: IgluRule.requiredMissing)
        expectClean(schema(#""a": {}"#, #", "required": ["b"], "additionalProperties": false, "patternProperties": {"^b": {}}"#), of: IgluRule.requiredMissing)
    }

    func testTheRootNamesIglusMetaSchema() throws {
        let wrong = schema("").replacingOccurrences(of: "\"\(Self.metaSchema)\"", with: "«\"http://json-schema.org/draft-04/schema#\"»")
        let (text, d) = expect(IgluRule.metaSchema, .error, in: wrong, message: "$schema must be Iglu's self-describing meta-schema \(Self.metaSchema)")
        XCTAssertEqual(try applying(d?.fixes.first, to: text), schema(""))
        let missing = schema("").replacingOccurrences(of: "\"$schema\": \"\(Self.metaSchema)\",\n  ", with: "").replacingOccurrences(of: "{\n  \"description\"", with: "«{»\n  \"description\"")
        let (text2, d2) = expect(IgluRule.metaSchema, .error, in: missing, message: "a self-describing schema needs '$schema'")
        let fixed = try applying(d2?.fixes.first, to: text2)
        expectClean(fixed, of: IgluRule.metaSchema)
    }

    func testSelfMatchesTheFilesPlace() throws {
        let (text, d) = expect(IgluRule.selfMismatch, .error, in: schema("").replacingOccurrences(of: "\"version\": \"1-0-0\"", with: "\"version\": «\"1-0-1\"»"),
                               message: "self.version \"1-0-1\" does not match its path (schemas/com.acme/thing/jsonschema/1-0-0): \"1-0-0\"")
        XCTAssertEqual(try applying(d?.fixes.first, to: text), schema(""))
        expect(IgluRule.selfMismatch, .error, in: schema("").replacingOccurrences(of: "\"com.acme\"", with: "«\"com.acme.shop\"»"), message: "self.vendor")
        // Outside a registry layout there is no place to match.
        expectClean(schema("", version: "1-0-1"), of: IgluRule.selfMismatch, path: "/w/thing.json")
        // snowplow-cli writes a data structure to data-structures/{vendor}/{name}.yaml but never requires it: an
        // info, and only past the file names snowplow-cli makes (lower case, dashes, a -N suffix on collisions).
        let yaml = dataStructure(name: "«thing»", properties: "a: {type: string, maxLength: 9}")
        expect(IgluRule.selfMismatch, .info, in: yaml, message: "self.name \"thing\" is not where snowplow-cli would write it, its place (data-structures/com.acme/other)",
               path: "/w/data-structures/com.acme/other.yaml")
        expectClean(markedText(yaml).0, of: IgluRule.selfMismatch, path: "/w/data-structures/com.acme/thing.yaml")
        expectClean(markedText(yaml).0, of: IgluRule.selfMismatch, path: "/w/data-structures/com.acme/thing-2.yaml")
        let upper = markedText(dataStructure(name: "CheckoutStep", properties: "a: {type: string, maxLength: 9}")).0
        expectClean(upper, of: IgluRule.selfMismatch, path: "/w/data-structures/com.acme/checkoutstep.yaml")
        XCTAssertTrue(SchemaLint.snowplowCLIFileName("Com.Acme", matches: "com.acme"))
        XCTAssertFalse(SchemaLint.snowplowCLIFileName("thing", matches: "thing-x"))
    }

    func testTheRootIsAnObjectWithProperties() {
        let array = schema("", type: "«\"array\"»").replacingOccurrences(of: "\"properties\": {}", with: "\"items\": {}")
        expect(IgluRule.rootNotObject, .warning, in: array, message: "an event or entity schema should be \"type\": \"object\" with \"properties\" at its root")
        let noProperties = schema("").replacingOccurrences(of: "\"type\": \"object\"", with: "\"type\": «\"object\"»").replacingOccurrences(of: ",\n  \"properties\": {}", with: "")
        expect(IgluRule.rootNotObject, .warning, in: noProperties, message: "should be")
        expectClean(schema(""), of: IgluRule.rootNotObject)
        // Only at the root: a nested array is fine.
        expectClean(schema(#""list": {"type": "array", "items": {"type": "string", "maxLength": 3}}"#), of: IgluRule.rootNotObject)
    }

    func testFormatsTheLoadersKnow() throws {
        let (text, d) = expect(IgluRule.unknownFormat, .warning, in: schema(#""link": {"type": "string", "format": «"url"»}"#),
                               message: "unknown format 'url': Snowplow's loaders know date-time, date, email, hostname, ipv4, ipv6, uri, uuid; did you mean 'uri'?")
        XCTAssertEqual(try applying(d?.fixes.first, to: text), schema(#""link": {"type": "string", "format": "uri"}"#))
        // schema-ddl spells ipv6 "ivp6" in one place; trackspec knows the real name only.
        expectClean(schema(#""a": {"type": "string", "format": "ipv6"}, "b": {"type": "string", "format": "uuid"}, "c": {"type": "string", "format": "date"}"#),
                    of: IgluRule.unknownFormat)
        expect(IgluRule.unknownFormat, .warning, in: schema(#""a": {"type": "string", "format": «"ivp6"»}"#), message: "did you mean 'ipv6'?")
    }

    func testMaxLengthWithinAWarehouseVarchar() {
        expect(IgluRule.maxLengthTooLarge, .warning, in: schema(#""note": {"type": ["string", "null"], "maxLength": «65536»}"#),
               message: "maxLength 65536 is over 65,535, the warehouses' VARCHAR maximum")
        expectClean(schema(#""note": {"type": "string", "maxLength": 65535}"#), of: IgluRule.maxLengthTooLarge)
    }

    func testPropertyNamesBigQueryAccepts() {
        expect(IgluRule.propertyName, .warning, in: schema(#"«"opt-in"»: {}"#), message: "'opt-in' is not a BigQuery column name")
        expect(IgluRule.propertyName, .warning, in: schema(#"«"1h"»: {}"#), message: "'1h' is not a BigQuery column name")
        expect(IgluRule.propertyName, .warning, in: schema(#""outer": {"type": "object", "properties": {«"a.b"»: {}}}"#), message: "'a.b'")
        expectClean(schema(#""_private": {}, "camelCase2": {}, "snake_case": {}"#), of: IgluRule.propertyName)
    }

    /// schema-ddl's strict meta-schema (SelfSyntaxChecker, Level.Warning): a key where a schema is expected that no
    /// draft-04 keyword has; later drafts' keywords are named as such. Iglu's own keys at the root are keywords.
    func testKeysThatAreNoDraft04Keyword() {
        expect(IgluRule.unknownKeyword, .warning, in: schema(#""users": {"type": "array", «"user"»: {"type": "object"}}"#),
               message: "'user' is not a JSON Schema keyword (the meta-schema does not allow it)")
        expect(IgluRule.unknownKeyword, .warning, in: schema(#""n": {"type": "integer", «"examples"»: [1]}"#),
               message: "'examples' is not a draft-04 keyword: Iglu validates with draft-04")
        expect(IgluRule.unknownKeyword, .warning, in: schema(#""n": {"type": "integer", «"minimun"»: 1}"#), message: "did you mean 'minimum'?")
        expectClean(schema(##""n": {"type": "integer", "exclusiveMinimum": true, "minimum": 0}, "r": {"$ref": "#/definitions/x"}"##,
                           #", "definitions": {"x": {}}, "dependencies": {"n": ["r"]}, "$supersedes": ["1-0-0"], "id": "x""#, version: "1-0-1"),
                    of: IgluRule.unknownKeyword)
    }

    /// `$supersedes` / `$supersededBy`: SchemaVer strings (schema-ddl's self schema, an error), `$supersededBy` above the
    /// schema's own version (iglu-scala-client), and in a registry a version it holds.
    func testSupersedingVersions() {
        let v = "1-0-1"
        expect(IgluRule.supersedingInvalid, .error, in: schema("", #", "$supersededBy": «"1-0"»"#, version: v),
               message: "$supersededBy \"1-0\" does not match the regex pattern of a SchemaVer version")
        expect(IgluRule.supersedingInvalid, .error, in: schema("", #", "$supersedes": ["1-0-0", «"01-0-0"»]"#, version: v),
               message: "$supersedes item \"01-0-0\" does not match")
        expect(IgluRule.supersedingInvalid, .error, in: schema("", #", "$supersededBy": «"1-0-0"»"#, version: v),
               message: "superseding version 1-0-0 isn't greater than the version of the schema 1-0-1")
        expect(IgluRule.supersedingInvalid, .error, in: schema("", #", "$supersededBy": «"1-0-3"»"#, version: v), message: "$supersededBy names 1-0-3, which does not exist in the registry",
               path: "/w/schemas/com.acme/thing/jsonschema/1-0-1")
        // Outside a registry layout the family's other versions are unknown: the syntax alone is judged.
        expectClean(schema("", #", "$supersededBy": "1-0-3", "$supersedes": ["1-0-0"]"#, version: v), of: IgluRule.supersedingInvalid,
                    path: "/w/elsewhere/thing.json")
    }

    /// schema-ddl's Info linters flag most real schemas: iglu-central's CI skips them, and so does trackspec
    /// unless trackspec.json names them.
    func testInfoRulesAreOffUnlessTurnedOn() {
        let text = schema(#""n": {"type": "integer"}, "s": {"type": "string"}"#, #", "required": ["s"]"#)
        let infos = [IgluRule.descriptionMissing, IgluRule.optionalNotNullable, IgluRule.numericBoundsMissing, IgluRule.stringLengthMissing]
        XCTAssertEqual(diagnostics(text).filter { infos.contains($0.rule) }.map(\.rule), [])
        let on = diagnostics(text, rules: ["iglu/*": .info]).filter { infos.contains($0.rule) }
        XCTAssertEqual(Set(on.map(\.rule)), Set(infos))
        // One by one, at their places.
        let one: [String: Severity?] = [IgluRule.optionalNotNullable: .info]
        expect(IgluRule.optionalNotNullable, .info, in: schema(#"«"n"»: {"type": "integer"}, "m": {"type": ["integer", "null"]}"#, #", "required": []"#),
               message: "'n' is optional but its type does not allow null", rules: one)
        expect(IgluRule.numericBoundsMissing, .info, in: schema(#""n": {"type": «"integer"», "minimum": 0}"#), message: "without both 'minimum' and 'maximum'",
               rules: [IgluRule.numericBoundsMissing: .info])
        expect(IgluRule.stringLengthMissing, .info, in: schema(#""s": {"type": «"string"», "format": "url"}"#), message: "without 'maxLength'",
               rules: [IgluRule.stringLengthMissing: .info])
        expectClean(schema(#""s": {"type": "string", "format": "uuid"}, "e": {"type": "string", "enum": ["a"]}"#), of: IgluRule.stringLengthMissing,
                    rules: [IgluRule.stringLengthMissing: .info])
        expect(IgluRule.descriptionMissing, .info, in: schema(#"«"n"»: {"type": "integer"}"#), message: "no description", rules: [IgluRule.descriptionMissing: .info])
    }

    func dataStructure(name: String, properties: String, required: String = "[a]") -> String {
        """
        apiVersion: v1
        resourceType: data-structure
        meta: {hidden: false, schemaType: event, customData: {}}
        data:
          $schema: \(Self.metaSchema)
          self: {vendor: com.acme, name: \(name), format: jsonschema, version: 1-0-0}
          description: A thing
          type: object
          properties:
            \(properties)
          required: \(required)
          additionalProperties: false
        """
    }

    /// The lint reads the document model: a data structure in YAML gets the findings the JSON schema gets, at
    /// the same nodes.
    func testADataStructureInYAMLIsLintedLikeAnIgluSchema() {
        let path = "/w/data-structures/com.acme/thing.yaml"
        let yaml = dataStructure(name: "thing", properties: "a: {type: integer, «minimum»: 5, maximum: 1}\n    b: {type: string, format: url, maxLength: 9}\n    c-d: {}",
                                 required: "[a, e]")
        let (text, _) = markedText(yaml)
        let found = diagnostics(text, path: path).filter { $0.rule.hasPrefix("iglu/") }
        XCTAssertEqual(found.map(\.rule), [IgluRule.minAboveMax, IgluRule.unknownFormat, IgluRule.propertyName, IgluRule.requiredMissing])
        func at(_ d: Diagnostic) -> String { String(decoding: Array(text.utf8)[d.range], as: UTF8.self) }
        XCTAssertEqual(found.map(at), ["5", "url", "c-d", "e"])
        // Fixes that replace one scalar stay (swap, format); members are added and items removed as YAML.
        XCTAssertEqual(found.map { $0.fixes.map(\.title) }, [["Swap 'minimum' and 'maximum'"], ["Replace with \"uri\""], [], ["Add 'e' to properties", "Do not require 'e'"]])
        XCTAssertEqual(found[1].fixes.first?.edits.first?.newText, "uri")
        XCTAssertTrue(found[3].fixes.allSatisfy(\.writtenForYAML))
    }

    /// Nesting as deep as the parser reads (512 levels) is walked iteratively, every level visited.
    func testDeeplyNestedSchemasAreLintedIteratively() {
        let depth = 240
        let text = schema(String(repeating: #""x": {"type": "object", "properties": {"#, count: depth) + #""y": {"type": "integer", "minimum": 2, "maximum": 1}"#
            + String(repeating: "}}", count: depth))
        let found = diagnostics(text).filter { $0.rule == IgluRule.minAboveMax }
        XCTAssertEqual(found.count, 1)
    }
}
