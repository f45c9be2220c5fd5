import Foundation
import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Snowplow as teams use it today: the Event Specifications API's shapes, snowplow-cli's data products,
/// source applications and data structures (YAML as the CLI writes them, JSON alike), entity refinements,
/// and the references between the files.
extension SnowplowRulesTests {
    static let webPage = "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0"

    func yamlDiagnostics(_ text: String, path: String = "/tmp/p.yaml") -> [Diagnostic] {
        analyzer().analyze(path: path, bytes: Array(text.utf8)).diagnostics
    }

    /// As `expect`, for a YAML file.
    func expectYAML(_ rule: String, in markedSource: String, message: String, severity: Severity = .error, line: UInt = #line) {
        let (text, range) = marked(markedSource)
        let all = yamlDiagnostics(text)
        let found = all.filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(rule): \(all.map { "\($0.rule) \($0.message)" })", line: line)
        guard let d = found.first else { return }
        XCTAssertEqual(d.range, range, "range of \(rule): \(d.message)", line: line)
        XCTAssertTrue(d.message.contains(message), "message of \(rule): \(d.message)", line: line)
        XCTAssertEqual(d.severity, severity, line: line)
        expectJSONTwin(of: text, rule: rule, message: d.message, severity: severity, at: anchor(d.range, in: DocumentParsing.parse(path: "/tmp/p.yaml", bytes: Array(text.utf8))), line: line)
    }

    /// The JSON twin of a YAML test file (the same values, as `trackspec convert` writes them) gets the same
    /// diagnostic: rule, message, severity, and a range on the same node.
    func expectJSONTwin(of yaml: String, rule: String, message: String, severity: Severity, at pointer: JSONPointer?, line: UInt) {
        let tree = DocumentParsing.parse(path: "/tmp/p.yaml", bytes: Array(yaml.utf8))
        guard tree.documents.count == 1, let value = tree.rootValue else { return XCTFail("one YAML document", line: line) }
        let json = JSONWriter(pretty: true).string(value)
        let all = diagnostics(json, path: "/tmp/p.json")
        // Messages quote values as written: `found v2` in YAML is `found "v2"` in JSON.
        func plain(_ m: String) -> String { m.replacingOccurrences(of: "\"", with: "").split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let found = all.filter { $0.rule == rule && plain($0.message) == plain(message) }
        XCTAssertEqual(found.count, 1, "JSON twin, \(rule) \(message): \(all.map { "\($0.rule) \($0.message)" })", line: line)
        guard let d = found.first else { return }
        XCTAssertEqual(d.severity, severity, "JSON twin", line: line)
        XCTAssertEqual(anchor(d.range, in: SyntaxTree(parsing: json)), pointer, "JSON twin: the range of \(rule) is on the same node", line: line)
    }

    /// The node a diagnostic's range is on (a key stands for its property), as a pointer and a mark for keys.
    func anchor(_ range: Range<Int>, in tree: SyntaxTree) -> JSONPointer? {
        guard var node = tree.node(at: range.lowerBound) else { return nil }
        // One character at the start of an object (its brace, or a block mapping's first key): the object.
        if range.count <= 1 && tree.range(node).count != range.count {
            while let up = tree.parent(node), tree.range(up).lowerBound == range.lowerBound { node = up }
            return tree.pointer(of: node)
        }
        while !tree.range(node).contains(range.lowerBound) || tree.range(node).upperBound < range.upperBound, let up = tree.parent(node) { node = up }
        if let property = tree.parent(node), tree.kind(property) == .property, tree.key(ofProperty: property) == node {
            return JSONPointer(tree.pointer(of: property).segments + [.key("(key)")])
        }
        return tree.pointer(of: node)
    }

    // MARK: API shapes

    func testTheEventSpecificationsAPIShapes() {
        // POST /event-specs/v1 as snowplow-cli sends it: `{spec, message}`, the Console's nulls, string and object triggers.
        let body = """
            {"spec": {"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "sourceApplications": ["0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"], "name": "Outbound link",
                      "triggers": [{"description": "A click", "appIds": ["web"], "url": "https://acme.example/", "variantUrls": {"mobile": "https://m.acme.example/"}},
                                   "the V1 form: a string"],
                      "status": "draft", "version": 0,
                      "event": {"source": "\(Self.linkClick)", "comment": "what the tracker sends"},
                      "entities": {"tracked": [{"source": "\(Self.webPage)", "minCardinality": null, "maxCardinality": null, "comment": "always"}], "enriched": []},
                      "dataProductId": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"},
             "message": ""}
            """
        XCTAssertEqual(analyzer().analyze(path: "/tmp/s.json", bytes: Array(body.utf8)).kind, .snowplowScenarioRequest)
        XCTAssertEqual(diagnostics(body).map { "\($0.rule) \($0.message)" }, [])
        // GET data-products/v2: data products in `data`, their specs in `includes.eventSpecs`.
        let console = """
            {"data": [{"id": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "name": "Checkout", "status": "draft", "sourceApplications": [], "owner": "a@acme.example",
                       "eventSpecs": [{"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10"}], "lockStatus": "unlocked"}],
             "includes": {"eventSpecs": [{"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "sourceApplications": [], "name": "Outbound link", "status": "draft",
                                          "version": 1, "event": null, "entities": {"tracked": [], "enriched": []},
                                          "dataProductId": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"}]}}
            """
        XCTAssertEqual(analyzer().analyze(path: "/tmp/c.json", bytes: Array(console.utf8)).kind, .snowplowScenarioEnvelope)
        XCTAssertEqual(diagnostics(console).map { "\($0.rule) \($0.message)" }, [])
        expect(SnowplowRule.statusInvalid, in: console.replacingOccurrences(of: #""name": "Outbound link", "status": "draft""#, with: #""name": "Outbound link", "status": «"drafty"»"#),
               message: "did you mean 'draft'")
    }

    func testHistoryKeyedByEventSpecIdKeepsTheVersionChecks() {
        let envelope = """
            {"data": [{"id": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "name": "Link", "version": «1», "status": "draft"}],
             "includes": [{"eventSpecId": "5b6b2a2c-5e2f-4c1e-9f7e-2a1d8c3b4e10", "version": 2, "status": "published", "author": "a", "message": "m", "date": "2025-01-01"}]}
            """
        expect(SnowplowRule.versionConflict, in: envelope, message: "version 1 is older than version 2")
    }

    // MARK: Data products

    static let dataProduct = """
        apiVersion: v1
        resourceType: data-product
        resourceName: 8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b
        data:
          name: Checkout
          owner: checkout-team@acme.example
          description: From basket to order
          sourceApplications:
            - $ref: ./source-apps/web.yaml
          eventSpecifications:
            - resourceName: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
              name: Page viewed in checkout
              excludedSourceApplications:
                - $ref: ./source-apps/web.yaml
              triggers:
                - id: 2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081
                  description: Each checkout page load
                  appIds: [web]
              event:
                source: iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1
                comment: A stand-in event
                schema:
                  type: object
                  properties:
                    targetUrl: {type: string, pattern: "^https://"}
                  required: [targetUrl]
                  additionalProperties: false
              entities:
                tracked:
                  - source: iglu:com.snowplowanalytics.mobile/application/jsonschema/1-0-0
                    minCardinality: 1
                    maxCardinality: 1
                    comment: Every screen
                    schema:
                      type: object
                      properties:
                        version: {type: string, maxLength: 20}
                        build: {type: string, maxLength: 255}
                      required: [version, build]
                      additionalProperties: false
        """

    static let sourceApp = """
        apiVersion: v1
        resourceType: source-application
        resourceName: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9
        data:
          name: Website
          owner: web-team@acme.example
          appIds: [web, web-qa]
          entities:
            tracked:
              - source: iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0
                minCardinality: 1
            enriched: []
        """

    /// The data product and its source application as one workspace.
    /// A data product and its source application; with `json`, both as their JSON twins (`web.json`).
    func workspace(product: String = SnowplowRulesTests.dataProduct, app: String = SnowplowRulesTests.sourceApp, json: Bool = false) -> [FileAnalysis] {
        let a = analyzer()
        let ext = json ? "json" : "yaml"
        func text(_ yaml: String) -> String { json ? Self.jsonTwin(yaml).replacingOccurrences(of: ".yaml", with: ".json") : yaml }
        return a.crossFile([a.analyze(path: "/w/data-products/checkout.\(ext)", bytes: Array(text(product).utf8)),
                            a.analyze(path: "/w/data-products/source-apps/web.\(ext)", bytes: Array(text(app).utf8))])
    }

    /// A one-document YAML file as JSON (what `trackspec convert` writes).
    static func jsonTwin(_ yaml: String) -> String {
        JSONWriter(pretty: true).string(DocumentParsing.parse(path: "/t.yaml", bytes: Array(yaml.utf8)).rootValue ?? .null)
    }

    func testASnowplowCLILayoutIsClean() {
        let results = workspace()
        XCTAssertEqual(results.map(\.kind), [.snowplowDataProduct, .snowplowSourceApplication])
        XCTAssertEqual(results.flatMap(\.diagnostics).map { "\($0.rule) \($0.message)" }, [])
        // The same in JSON.
        let json = analyzer().analyze(path: "/tmp/p.json", bytes: Array(#"{"apiVersion": "v1", "resourceType": "data-product", "resourceName": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "data": {"name": "Checkout"}}"#.utf8))
        XCTAssertEqual(json.diagnostics, [])
    }

    func testDataProductFileRules() {
        let p = Self.dataProduct
        expectYAML(SnowplowRule.envelopeInvalid, in: p.replacingOccurrences(of: "apiVersion: v1", with: "apiVersion: «v2»"), message: "apiVersion must be \"v1\"")
        expectYAML(SnowplowRule.envelopeInvalid, in: p.replacingOccurrences(of: "resourceName: 8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", with: "resourceName: «checkout»"),
                   message: "resourceName must be a UUID")
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "owner: checkout-team@acme.example", with: "owner: «checkout team»"), message: "owner must be an email address")
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "description: From basket to order", with: "description: «\"\"»"), message: "description must not be empty")
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "  name: Checkout\n", with: "  nme: Checkout\n").replacingOccurrences(of: "\ndata:", with: "\n«data»:"),
                   message: "a data product needs a 'name'")
        expectYAML(SnowplowRule.unknownKey, in: p.replacingOccurrences(of: "  name: Checkout\n", with: "  name: Checkout\n  «team»: x\n"), message: "unknown key 'team'", severity: .warning)
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "- resourceName: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\n      name:", with: "- «n»ame:"),
                   message: "an event specification needs a 'resourceName'")
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "id: 2b3c4d5e-6f70-4819-8a2b-3c4d5e6f7081", with: "id: «t1»"), message: "a trigger id must be a UUID")
        expectYAML(SnowplowRule.fieldInvalid, in: p.replacingOccurrences(of: "sourceApplications:\n    - $ref: ./source-apps/web.yaml", with: "sourceApplications:\n    - «web»"),
                   message: "sourceApplications items are {\"$ref\"")
    }

    func testRefinementShapeInCLIFiles() {
        expectYAML(SnowplowRule.refinementShape,
                   in: Self.dataProduct.replacingOccurrences(of: "schema:\n          type: object\n          properties:\n            targetUrl: {type: string, pattern: \"^https://\"}\n          required: [targetUrl]\n          additionalProperties: false",
                                                             with: "«schema»:\n          type: object\n          properties:\n            targetUrl: {type: string, pattern: \"^https://\"}\n          required: [targetUrl]"),
                   message: "event.schema in a snowplow-cli file must be type object with additionalProperties false and properties: no 'additionalProperties: false'")
        expectYAML(SnowplowRule.refinementShape,
                   in: Self.dataProduct.replacingOccurrences(of: "comment: Every screen\n            schema:\n              type: object", with: "comment: Every screen\n            «schema»:\n              type: [object, \"null\"]"),
                   message: "entities.tracked[0].schema in a snowplow-cli file")
    }

    func testEntityRefinementsAreCompatibilityChecked() {
        let incompatible = Self.dataProduct.replacingOccurrences(of: "version: {type: string, maxLength: 20}", with: "version: {type: [string, integer]}")
        let found = yamlDiagnostics(incompatible).filter { $0.rule == SnowplowRule.schemaIncompatible }
        let twin = diagnostics(Self.jsonTwin(incompatible), path: "/tmp/p.json").filter { $0.rule == SnowplowRule.schemaIncompatible }
        XCTAssertEqual(twin.map(\.message), found.map(\.message), "the JSON twin")
        XCTAssertEqual(found.count, 1, "\(yamlDiagnostics(incompatible))")
        XCTAssertEqual(found.first?.severity, .error)
        XCTAssertTrue(found.first?.message.contains("example entity this scenario allows but iglu:com.snowplowanalytics.mobile/application/jsonschema/1-0-0 rejects") == true, found.first?.message ?? "")
        XCTAssertTrue(found.first?.message.contains("entity schema (com.snowplowanalytics.mobile/application) is INCOMPATIBLE") == true, found.first?.message ?? "")
        // At the refinement's own property.
        let text = incompatible
        let at = found.first.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
        XCTAssertTrue(at == "type" || at == "version", at ?? "")
    }

    // MARK: References

    func testSourceApplicationReferences() {
        for json in [false, true] {
            let ext = json ? "json" : "yaml"
            let moved = workspace(product: Self.dataProduct.replacingOccurrences(of: "sourceApplications:\n    - $ref: ./source-apps/web.yaml",
                                                                                 with: "sourceApplications:\n    - $ref: ./source-apps/website.yaml"), json: json)
            let product = moved[0].diagnostics.map { "\($0.rule) \($0.message)" }
            XCTAssertEqual(product.filter { $0.hasPrefix(SnowplowRule.referenceUnresolved) }, [
                "snowplow/reference-unresolved './source-apps/website.\(ext)' is not a source-application file (resolved to ./source-apps/website.\(ext)); the workspace has ./source-apps/web.\(ext)",
                "snowplow/reference-unresolved './source-apps/web.\(ext)' is not one of this data product's source applications: ./source-apps/website.\(ext)",
            ])
            let unknownApp = workspace(product: Self.dataProduct.replacingOccurrences(of: "appIds: [web]", with: "appIds: [webb]"), json: json)
            XCTAssertEqual(unknownApp[0].diagnostics.map(\.message), ["app id 'webb' is not an app id of this data product's source applications: its source applications declare web, web-qa; did you mean 'web'?"])
            let d = unknownApp[0].diagnostics.first
            XCTAssertEqual(d.map { String(decoding: unknownApp[0].tree.bytes[$0.range], as: UTF8.self) }, json ? "\"webb\"" : "webb")
        }
    }

    // MARK: Source applications

    func testSourceApplicationFileRules() {
        let s = Self.sourceApp
        expectYAML(SnowplowRule.fieldInvalid, in: s.replacingOccurrences(of: "  appIds: [web, web-qa]\n", with: "").replacingOccurrences(of: "\ndata:", with: "\n«data»:"),
                   message: "a source application needs its 'appIds'")
        let long = String(repeating: "a", count: 257)
        expectYAML(SnowplowRule.fieldInvalid, in: s.replacingOccurrences(of: "web-qa]", with: "«\(long)»]"), message: "at most 256 characters; this one has 257")
        expectYAML(SnowplowRule.fieldInvalid, in: s.replacingOccurrences(of: "\n    enriched: []", with: "").replacingOccurrences(of: "  entities:", with: "  «entities»:"),
                   message: "need 'enriched'")
        expectYAML(SnowplowRule.cardinalityInvalid, in: s.replacingOccurrences(of: "minCardinality: 1", with: "minCardinality: «2»"), message: "minCardinality 0 or 1")
        expectYAML(SnowplowRule.fieldInvalid, in: s.replacingOccurrences(of: "minCardinality: 1", with: "minCardinality: 1\n        «schema»: {type: object}"),
                   message: "a source application's entities have no 'schema'")
        expectYAML(SnowplowRule.sourceNotFound, in: s.replacingOccurrences(of: "iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0", with: "«iglu:com.acme/nothing/jsonschema/1-0-0»"),
                   message: "is not in the local Iglu cache")
    }

    // MARK: Data structures

    static let dataStructure = """
        apiVersion: v1
        resourceType: data-structure
        meta:
          hidden: false
          schemaType: event
          customData: {}
        data:
          $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#
          self:
            vendor: com.acme
            name: checkout_started
            format: jsonschema
            version: 1-0-0
          description: A shopper starts the checkout
          type: object
          properties:
            basketValue: {type: number, minimum: 0}
          required: [basketValue]
          additionalProperties: false
        """

    func testDataStructureFileRules() {
        let d = Self.dataStructure
        XCTAssertEqual(analyzer().analyze(path: "/tmp/d.yaml", bytes: Array(d.utf8)).kind, .snowplowDataStructure)
        XCTAssertEqual(yamlDiagnostics(d).map { "\($0.rule) \($0.message)" }, [])
        expectYAML(SnowplowRule.dataStructureInvalid, in: d.replacingOccurrences(of: "schemaType: event", with: "schemaType: «events»"), message: "did you mean 'event'")
        expectYAML(SnowplowRule.dataStructureInvalid, in: d.replacingOccurrences(of: "version: 1-0-0", with: "version: «0-1-0»"), message: "MODEL ≥ 1")
        expectYAML(SnowplowRule.dataStructureInvalid, in: d.replacingOccurrences(of: "vendor: com.acme", with: "vendor: «com acme»"), message: "self.vendor 'com acme' may hold only")
        expectYAML(SnowplowRule.dataStructureInvalid, in: d.replacingOccurrences(of: "$schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", with: "$schema: «http://json-schema.org/draft-04/schema#»"),
                   message: "$schema must be Iglu's self-describing meta-schema")
        expectYAML(SnowplowRule.schemaInvalid, in: d.replacingOccurrences(of: "minimum: 0", with: "«minimum»: zero"), message: "'minimum' must be a number")
        // Two files for one vendor/name.
        let a = analyzer()
        let both = a.crossFile([a.analyze(path: "/w/data-structures/com.acme/checkout_started.yaml", bytes: Array(d.utf8)),
                                a.analyze(path: "/w/data-structures/com.acme/checkout_started_copy.yaml", bytes: Array(d.replacingOccurrences(of: "version: 1-0-0", with: "version: 1-1-0").utf8))])
        XCTAssertEqual(both.map { $0.diagnostics.map(\.message) }, [
            ["com.acme/checkout_started is also described by ./checkout_started_copy.yaml; one data-structure file per vendor/name"],
            ["com.acme/checkout_started is also described by ./checkout_started.yaml; one data-structure file per vendor/name",
             "self.name \"checkout_started\" is not where snowplow-cli would write it, its place (data-structures/com.acme/checkout_started_copy) (snowplow-cli does not require it)"],
        ])
        // The JSON twins.
        let twins = a.crossFile([a.analyze(path: "/w/data-structures/com.acme/checkout_started.json", bytes: Array(Self.jsonTwin(d).utf8)),
                                 a.analyze(path: "/w/data-structures/com.acme/checkout_started_copy.json", bytes: Array(Self.jsonTwin(d.replacingOccurrences(of: "version: 1-0-0", with: "version: 1-1-0")).utf8))])
        XCTAssertEqual(twins.map { $0.diagnostics.map(\.message) }, [
            ["com.acme/checkout_started is also described by ./checkout_started_copy.json; one data-structure file per vendor/name"],
            ["com.acme/checkout_started is also described by ./checkout_started.json; one data-structure file per vendor/name",
             "self.name \"checkout_started\" is not where snowplow-cli would write it, its place (data-structures/com.acme/checkout_started_copy) (snowplow-cli does not require it)"],
        ])
        XCTAssertEqual(twins[0].diagnostics.first.map { String(decoding: twins[0].tree.bytes[$0.range], as: UTF8.self).hasPrefix("{") }, true, "at self")
    }
}

extension SnowplowRulesTests {
    /// Examples/snowplow/snowplow-cli: the clean layout checks clean; each broken copy shows the new rules.
    func testTheSnowplowCLIExamples() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/snowplow/snowplow-cli").path
        let (configuration, _, _) = try Configuration.load(from: folder)
        let files = try WorkspaceFiles.collect([folder], configuration: configuration)
        let analyzer = Analyzer(configuration: configuration)
        let read = { (path: String) in [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
        var analyses = try files.map { analyzer.analyze(path: $0, bytes: try read($0)) }
        // As `check` does: the data structures are known after a first pass; the event specs are judged again.
        let (knowing, again) = try XCTUnwrap(analyzer.knowingDataStructures(of: analyses))
        XCTAssertEqual(knowing.workspaceSchemas.keys.map(\.description).sorted(),
                       ["iglu:com.acme/checkout_started/jsonschema/1-0-0", "iglu:com.acme/checkout_started_broken/jsonschema/1-0-0",
                        "iglu:com.acme/newsletter_signup/jsonschema/1-0-0", "iglu:com.acme/ui_actions/jsonschema/1-0-1"])
        for i in again { analyses[i] = knowing.analyze(path: analyses[i].path, bytes: try read(analyses[i].path)) }
        let results = analyzer.crossFile(analyses)
        var rules: [String: Set<String>] = [:]
        for r in results { rules[URL(fileURLWithPath: r.path).lastPathComponent] = Set(r.diagnostics.map(\.rule)) }
        XCTAssertEqual(rules.count, 9)
        for clean in ["checkout.yaml", "web.yaml", "ui_actions.yaml", "checkout_started.yaml"] { XCTAssertEqual(rules[clean], [], clean) }
        XCTAssertEqual(rules["checkout-broken.yaml"], [SnowplowRule.envelopeInvalid, SnowplowRule.fieldInvalid, SnowplowRule.referenceUnresolved,
                                                       SnowplowRule.refinementShape, SnowplowRule.schemaIncompatible])
        XCTAssertEqual(rules["web-broken.yaml"], [SnowplowRule.fieldInvalid, SnowplowRule.cardinalityInvalid])
        // Both edit a version already published (`published/`, a cache folder of the project's trackspec.json).
        XCTAssertEqual(rules["checkout_started-broken.yaml"], [SnowplowRule.dataStructureInvalid, SnowplowRule.dataStructureDuplicate, SnowplowRule.schemaInvalid,
                                                               SnowplowRule.dataStructureShadowsCache, IgluRule.selfMismatch])
        XCTAssertEqual(rules["ui_actions-broken.yaml"], [SnowplowRule.dataStructureDuplicate, SnowplowRule.dataStructureShadowsCache, IgluRule.selfMismatch])
        // A data structure with schema lint errors.
        XCTAssertEqual(rules["newsletter_signup.yaml"], [IgluRule.minAboveMax, IgluRule.propertyName, IgluRule.unknownFormat, IgluRule.keywordTypeMismatch,
                                                         IgluRule.requiredMissing])
    }
}

extension SnowplowRulesTests {
    /// Per-property verdicts as the Console gives them: link_click narrowed wrongly in three places gets three
    /// diagnostics, each at its own property with its own example; JSON and YAML alike.
    func testEachIncompatibilityIsReportedAtItsOwnProperty() throws {
        let json = scenario("""
        "event": {"source": "\(Self.linkClick)", "schema": {"type": "object", "properties": {
          «"targetUrl"»: {"type": "string", "minLength": 0}, «"elementId"»: {"type": ["string", "integer"]}, «"elementClasses"»: {"type": "array"}},
          "required": ["targetUrl"], "additionalProperties": false}}
        """)
        let yaml = oneSpecDataProduct(source: Self.linkClick, required: "targetUrl", properties: [
            "«targetUrl»: {type: string, minLength: 0}", "«elementId»: {type: [string, integer]}", "«elementClasses»: {type: array}",
        ])
        for (path, source) in [("/w/s.json", json), ("/w/p.yaml", yaml)] {
            let (text, ranges) = markedRanges(source)
            let found = analyzer().analyze(path: path, bytes: Array(text.utf8)).diagnostics
            XCTAssertEqual(found.map(\.rule), Array(repeating: SnowplowRule.schemaIncompatible, count: 3), path)
            XCTAssertEqual(found.map(\.range), ranges, path)
            let starts = ["property 'targetUrl': a string of 0 characters", "property 'elementId': event.schema allows integers",
                          "property 'elementClasses': item 0: event.schema allows arrays"]
            for (d, start) in zip(found, starts) {
                XCTAssertTrue(d.message.hasPrefix(start), d.message)
                XCTAssertTrue(d.message.contains("of 3 incompatibilities"), d.message)
            }
            XCTAssertTrue(found[1].message.contains(#"rejects: {"targetUrl": "a", "elementId": 0}"#), found[1].message)
        }
    }

    /// A snowplow-cli data product (YAML) with one event specification refining `source` with a closed object
    /// schema: `properties` are the lines under `properties:`, `required` the list's items.
    func oneSpecDataProduct(source: String, required: String, properties: [String]) -> String {
        """
        apiVersion: v1
        resourceType: data-product
        resourceName: 8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b
        data:
          name: Events
          eventSpecifications:
            - resourceName: 6f708192-a3b4-4c5d-8e6f-708192a3b4c5
              name: Event happened
              event:
                source: \(source)
                schema:
                  type: object
                  properties:
        \(properties.map { "            " + $0 }.joined(separator: "\n"))
                  required: [\(required)]
                  additionalProperties: false
        """
    }

    /// Text with several «marked» ranges: the text without marks and each range, in order.
    func markedRanges(_ source: String) -> (String, [Range<Int>]) {
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        var start = 0
        var rest = Substring(source)
        while let c = rest.first {
            if c == "«" { start = bytes.count } else if c == "»" { ranges.append(start..<bytes.count) } else { bytes += Array(String(c).utf8) }
            rest = rest.dropFirst()
        }
        return (String(decoding: bytes, as: UTF8.self), ranges)
    }
}

extension SnowplowRulesTests {
    /// Definition and links on a data product's source-application `$ref`: the file it names, when the workspace has it.
    func testSourceApplicationReferencesLeadToTheirFiles() throws {
        for json in [false, true] {
            let files = workspace(json: json)
            let (product, app) = (files[0], files[1])
            let text = String(decoding: product.tree.bytes, as: UTF8.self)
            let at = try XCTUnwrap(text.range(of: "./source-apps/web")).lowerBound.utf16Offset(in: text) + 3
            let facts = [analyzer().facts(path: app.path, tree: app.tree)]
            XCTAssertEqual(analyzer().definition(path: product.path, tree: product.tree, offset: at, workspace: facts), [Location(path: app.path, range: 0..<0)])
            XCTAssertEqual(analyzer().definition(path: product.path, tree: product.tree, offset: at), [], "no such file in the workspace")
            let links = analyzer().documentLinks(path: product.path, tree: product.tree, workspace: facts).filter { $0.path == app.path }
            // `sourceApplications` and `excludedSourceApplications` each name it.
            XCTAssertEqual(text.components(separatedBy: "./source-apps/web").count - 1, 2)
            XCTAssertEqual(links.map { String(decoding: product.tree.bytes[$0.range], as: UTF8.self) }, Array(repeating: json ? "\"./source-apps/web.json\"" : "./source-apps/web.yaml", count: 2))
        }
    }
}
