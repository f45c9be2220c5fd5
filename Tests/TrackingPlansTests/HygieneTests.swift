import XCTest
import JSONSyntax
import JSONSchema
@testable import TrackingPlans

/// The hygiene family (#39): off by default, on with `--hygiene` or trackspec.json; naming conventions inferred
/// only from a clear majority; near-duplicates folded or one letter apart, not numbered names or plurals; both
/// vendors, both syntaxes.
final class HygieneTests: XCTestCase {
    func analyzer(_ overrides: [String: Severity?] = HygieneRule.enabling([:])) -> Analyzer {
        Analyzer(configuration: Configuration(root: "/p", ruleSeverities: overrides), iglu: IgluContext(folders: []))
    }

    /// `path: rule message` of every hygiene finding of the files, analysed together.
    func findings(_ files: [String: String], _ analyzer: Analyzer? = nil) -> [String] {
        let analyzer = analyzer ?? self.analyzer()
        let analyses = analyzer.crossFile(files.sorted { $0.key < $1.key }.map { analyzer.analyze(path: $0.key, bytes: Array($0.value.utf8)) })
        return analyses.flatMap { a in
            a.diagnostics.filter { $0.rule.hasPrefix("hygiene/") }.map { "\(URL(fileURLWithPath: a.path).lastPathComponent): \($0.rule) \($0.message)" }
        }
    }

    func properties(_ names: [String]) -> String {
        "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
            + names.map { "    - id: \($0)\n      name: \($0)\n      type: string\n      description: The \($0)\n" }.joined()
    }

    func testANameAgainstTheWorkspacesClearMajority() {
        let files = ["/p/props.yaml": properties(["order_id", "product_id", "unit_price", "coupon_code", "price", "productSku"])]
        XCTAssertEqual(findings(files), [
            "props.yaml: hygiene/naming-convention property id 'productSku' is not snake_case, the convention 4 of the 5 property ids in the workspace that tell conventions apart follow",
            "props.yaml: hygiene/naming-convention property name 'productSku' is not snake_case, the convention 4 of the 5 property names in the workspace that tell conventions apart follow",
        ])
    }

    func testNoMajorityNoReport() {
        let files = ["/p/props.yaml": properties(["order_id", "product_id", "unit_price", "couponCode", "productSku", "shippingCost"])]
        XCTAssertEqual(findings(files), [], "half snake_case, half camelCase: no convention to hold names to")
        // One-word names tell nothing: three snake_case names among twenty one-word ones are no majority of five.
        XCTAssertEqual(findings(["/p/props.yaml": properties(["a_b", "c_d", "eF"] + (0..<20).map { "word\($0)" })]), [])
        // Three against one is not yet a convention (the minimum is five names that tell conventions apart).
        XCTAssertEqual(findings(["/p/props.yaml": properties(["a_b", "c_d", "e_f", "gH", "price"])]), [])
        XCTAssertEqual(findings(["/p/props.yaml": properties(["a_b", "c_d", "e_f", "g_h", "iJ"])]).count, 2, "four of five: names and ids")
    }

    func testSnowplowNamesInJSONAndYAMLAndTitleCaseMinorWords() {
        let source = "iglu:com.acme/checkout/jsonschema/1-0-0"
        var files: [String: String] = [:]
        for (i, name) in ["Checkout Started", "Payment Added to Order", "Order Completed", "Cart Viewed"].enumerated() {
            files["/p/s\(i).scenario.json"] = #"{"name": "\#(name)", "event": {"source": "\#(source)"}}"#
        }
        files["/p/late.scenario.yaml"] = "name: checkout abandoned\nevent:\n  source: \(source)\n"
        XCTAssertEqual(findings(files), [
            "late.scenario.yaml: hygiene/naming-convention event specification name 'checkout abandoned' is not Title Case, the convention 4 of the 5 event specification names in the workspace that tell conventions apart follow",
        ])
    }

    func testNearDuplicatesFoldedOrOneLetterApart() {
        let catalog = #"{"properties": [{"id": "p1", "name": "product_id", "type": "string"}, {"id": "p2", "name": "productId", "type": "string"}, {"id": "p3", "name": "product_ids", "type": "array"}, {"id": "p4", "name": "step_1", "type": "string"}, {"id": "p5", "name": "step_2", "type": "string"}], "events": [{"id": "e1", "name": "Order Complete", "eventType": "track"}, {"id": "e2", "name": "Order Completed", "eventType": "track"}]}"#
        let found = findings(["/p/catalog.json": catalog], analyzer(["hygiene/near-duplicate": .some(.warning)]))
        XCTAssertTrue(found.contains("catalog.json: hygiene/near-duplicate property name 'productId' and 'product_id' differ only in case or separators: likely one name spelt twice"), "\(found)")
        XCTAssertTrue(found.contains { $0.contains("'Order Complete") && $0.contains("one letter from") }, "\(found)")
        XCTAssertFalse(found.contains { $0.contains("product_ids") || $0.contains("step_") }, "plurals and numbered names are kept apart: \(found)")
        XCTAssertEqual(found.count, 2, "\(found)")
    }

    func testOffByDefaultAndOnFromTrackspecJSON() {
        let files = ["/p/props.yaml": properties(["order_id", "product_id", "unit_price", "coupon_code", "productSku"])]
        XCTAssertEqual(findings(files, analyzer([:])), [], "off without --hygiene or trackspec.json")
        XCTAssertEqual(findings(files, analyzer(["hygiene/*": .some(.warning)])).count, 2, "the family turned on in trackspec.json")
        XCTAssertEqual(findings(files, analyzer(HygieneRule.enabling(["hygiene/naming-convention": Severity?.none]))), [], "a rule trackspec.json turns off stays off")
        XCTAssertNotNil(RuleRegistry.rule(HygieneRule.namingConvention))
        XCTAssertEqual(RuleRegistry.rule(HygieneRule.nearDuplicate)?.maximumSeverity, .warning, "the project's own reading: a warning at most")
    }

    func testConflictingTypesAcrossPlacesAndVendorsDataStructures() {
        let catalog = #"{"properties": [{"id": "p1", "name": "price", "type": "number"}]}"#
        let plan = #"{"name": "Web", "events": [{"id": "e1", "name": "Order Completed", "eventType": "track", "properties": [{"name": "price", "type": "string"}, {"name": "currency", "type": "string"}]}]}"#
        let props = properties(["price"]).replacingOccurrences(of: "type: string", with: "type: number")
        let found = findings(["/p/catalog.json": catalog, "/p/web.tracking-plan.json": plan, "/p/props.yaml": props], analyzer(["hygiene/conflicting-definition": .some(.warning)]))
        XCTAssertEqual(found, ["web.tracking-plan.json: hygiene/conflicting-definition property 'price' is string here but number in 2 places elsewhere in the workspace: one field typed two ways splits its data"])
        // Snowplow: one vendor's data structures, each at its latest version (a MODEL bump may retype a field).
        func structure(_ name: String, _ version: String, _ type: String) -> String {
            "apiVersion: v1\nresourceType: data-structure\nmeta:\n  hidden: false\n  schemaType: event\n  customData: {}\ndata:\n"
                + "  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n"
                + "  self: {vendor: com.acme, name: \(name), format: jsonschema, version: \(version)}\n  type: object\n"
                + "  properties:\n    order_id: {type: \(type)}\n  additionalProperties: false\n"
        }
        let snowplow = ["/p/a.yaml": structure("checkout", "1-0-0", "string"), "/p/b.yaml": structure("refund", "1-0-0", "integer"),
                        "/p/c.yaml": structure("payment", "1-0-0", "string")]
        XCTAssertEqual(findings(snowplow, analyzer(["hygiene/conflicting-definition": .some(.warning)])),
                       ["b.yaml: hygiene/conflicting-definition com.acme field 'order_id' is integer here but string in 2 places elsewhere in the workspace: one field typed two ways splits its data"])
        let versions = ["/p/a.yaml": structure("checkout", "1-0-0", "string"), "/p/a2.yaml": structure("checkout", "2-0-0", "integer")]
        XCTAssertEqual(findings(versions, analyzer(["hygiene/conflicting-definition": .some(.warning)])), [], "two versions of one data structure")
    }

    func testOrphansOnlyWhereTheWorkspaceHasUsers() {
        let plan = "version: rudder/v1\nkind: tracking-plan\nmetadata:\n  name: plan\nspec:\n  id: web\n  display_name: Web\n  rules:\n"
            + "    - type: event_rule\n      id: r\n      event: \"#event:e\"\n      properties:\n        - property: \"#property:order_id\"\n"
        let events = "version: rudder/v1\nkind: events\nmetadata:\n  name: evs\nspec:\n  events:\n    - id: e\n      name: E\n      event_type: track\n"
        let props = properties(["order_id", "unused_one"])
        let on = analyzer(["hygiene/orphan": .some(.info)])
        XCTAssertEqual(findings(["/p/plan.yaml": plan, "/p/events.yaml": events, "/p/props.yaml": props], on),
                       ["props.yaml: hygiene/orphan property 'unused_one' is used by no tracking plan, custom type or event of the workspace"])
        XCTAssertEqual(findings(["/p/events.yaml": events, "/p/props.yaml": props], on), [], "no plan in the workspace: a catalog, not orphans")
        // Data Catalog categories: named by events' categoryId.
        let catalog = #"{"events": [{"id": "e1", "name": "Order Completed", "eventType": "track", "categoryId": "cat_1"}], "categories": [{"id": "cat_1", "name": "Orders"}, {"id": "cat_2", "name": "Unused"}]}"#
        XCTAssertEqual(findings(["/p/catalog.json": catalog], on), ["catalog.json: hygiene/orphan catalog category 'Unused' (cat_2) is the category of no event of the workspace"])
        // Beside a plan that tracks e1 only, the catalog's other event is an orphan (its categoryId makes the catalog no plan).
        let withMore = catalog.replacingOccurrences(of: #"}], "categories""#, with: #"}, {"id": "e2", "name": "Cart Viewed", "eventType": "track", "categoryId": "cat_1"}], "properties": [{"id": "p1", "name": "total", "type": "number"}, {"id": "p2", "name": "coupon", "type": "string"}], "categories""#)
        let webPlan = #"{"name": "Web", "events": [{"id": "e1", "name": "Order Completed", "eventType": "track", "properties": [{"name": "total", "type": "number"}]}]}"#
        XCTAssertEqual(findings(["/p/catalog.json": withMore, "/p/web.tracking-plan.json": webPlan], on), [
            "catalog.json: hygiene/orphan catalog event 'Cart Viewed' (e2) is used by no tracking plan of the workspace",
            "catalog.json: hygiene/orphan catalog property 'coupon' (p2) is used by no tracking plan of the workspace",
            "catalog.json: hygiene/orphan catalog category 'Unused' (cat_2) is the category of no event of the workspace",
        ], "'total' is used by name in the plan's event")
    }

    func testMissingDescriptions() {
        let props = "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
            + "    - id: documented\n      name: documented\n      type: string\n      description: What it is\n"
            + "    - id: bare\n      name: bare\n      type: string\n    - id: blank\n      name: blank\n      type: string\n      description: \"  \"\n"
        let catalog = #"{"events": [{"id": "e1", "name": "Order Completed", "eventType": "track", "description": "Paid"}, {"id": "e2", "name": "Cart Viewed", "eventType": "track"}]}"#
        XCTAssertEqual(findings(["/p/props.yaml": props, "/p/catalog.json": catalog], analyzer(["hygiene/missing-description": .some(.info)])), [
            "catalog.json: hygiene/missing-description catalog event 'Cart Viewed' has no description",
            "props.yaml: hygiene/missing-description property 'bare' has no description",
            "props.yaml: hygiene/missing-description property 'blank' has no description",
        ])
    }

    /// trackspec.json's `naming` parsed: a convention, a pattern, off; what is not a kind or a setting is reported.
    func configured(_ json: String) -> (Configuration, [String]) {
        let (config, diagnostics) = Configuration.parse(SyntaxTree(parsing: Array(json.utf8)), path: "/p/trackspec.json", root: "/p")
        return (config, diagnostics.map { "\($0.rule) \($0.message)" })
    }

    func testAChosenConventionOrPatternPerKind() throws {
        var (config, problems) = configured(#"{"naming": {"event": "Title Case", "property": {"pattern": "^[a-z][a-z0-9_]*$"}, "id": "off", "property-id": "snake_case"}, "rules": {"hygiene/naming-convention": "info"}}"#)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(config.naming, ["event": .convention(.titleCase), "property": .pattern(try ECMARegex("^[a-z][a-z0-9_]*$")), "id": .off, "property-id": .convention(.snakeCase)])
        config.root = "/p"
        let analyzer = Analyzer(configuration: config, iglu: IgluContext(folders: []))
        let events = "version: rudder/v1\nkind: events\nmetadata:\n  name: evs\nspec:\n  events:\n"
            + "    - id: viewed\n      name: Product Viewed\n      event_type: track\n      description: d\n"
            + "    - id: signupDone\n      name: signed up\n      event_type: track\n      description: d\n"
        // One name breaking the chosen convention is reported: no majority needed. `id: off` keeps event ids quiet;
        // `property-id` is more specific than `id`.
        XCTAssertEqual(findings(["/p/events.yaml": events, "/p/props.yaml": properties(["order_id", "Price", "skuCode"])], analyzer), [
            "events.yaml: hygiene/naming-convention event name 'signed up' is not Title Case, the convention trackspec.json sets for event names",
            "props.yaml: hygiene/naming-convention property id 'Price' is not snake_case, the convention trackspec.json sets for property ids",
            "props.yaml: hygiene/naming-convention property name 'Price' is not spelt matching /^[a-z][a-z0-9_]*$/, the pattern trackspec.json sets for property names",
            "props.yaml: hygiene/naming-convention property id 'skuCode' is not snake_case, the convention trackspec.json sets for property ids",
            "props.yaml: hygiene/naming-convention property name 'skuCode' is not spelt matching /^[a-z][a-z0-9_]*$/, the pattern trackspec.json sets for property names",
        ])
        (config, problems) = configured(#"{"naming": {"evnt": "Title Case", "event": "snake case", "property": {"pattern": "(["}, "category": 3}}"#)
        XCTAssertEqual(config.naming, [:])
        XCTAssertEqual(problems.count, 4, "\(problems)")
        XCTAssertTrue(problems[0].hasPrefix("config/unknown-key unknown kind of name 'naming.evnt'; did you mean 'event'?"), problems[0])
        XCTAssertTrue(problems[1].contains("did you mean 'snake_case'?"), problems[1])
        XCTAssertTrue(problems[2].contains("is not a regular expression"), problems[2])
    }

    func testRespellingIntoEachConvention() {
        XCTAssertEqual(NamingConvention.words(of: "productID"), ["product", "ID"])
        XCTAssertEqual(NamingConvention.words(of: "HTTPStatus code-2"), ["HTTP", "Status", "code", "2"])
        XCTAssertEqual(NamingConvention.snakeCase.respell("productId"), "product_id")
        XCTAssertEqual(NamingConvention.camelCase.respell("product_id"), "productId")
        XCTAssertEqual(NamingConvention.kebabCase.respell("Product Id"), "product-id")
        XCTAssertEqual(NamingConvention.titleCase.respell("product_added_to_cart"), "Product Added to Cart")
        XCTAssertEqual(NamingConvention.lowerCase.respell("OrderCompleted"), "order completed")
        XCTAssertNil(NamingConvention.snakeCase.respell("product_id"), "already conforming: nothing to write")
        XCTAssertNil(NamingConvention.snakeCase.respell("PrixÉté"), "letters outside ASCII: no spelling that conforms")
        // Every respelling conforms, for names of every convention.
        for name in ["Order Completed", "order_completed", "orderCompleted", "order-completed", "order completed", "URLPath2 x"] {
            for c in NamingConvention.allCases { if let out = c.respell(name) { XCTAssertTrue(c.matches(out), "\(name) → \(out) as \(c)") } }
        }
    }

    /// Fixes: a name's string is replaced (JSON and YAML, the YAML spelt as YAML); an id is renamed through the
    /// workspace rename (its references change with it); a data structure's field gets none (a new version's work).
    func testNamingFixesLocalForNamesRenameForIds() throws {
        let files = ["/p/props.yaml": properties(["order_id", "product_id", "unit_price", "coupon_code", "productSku"])]
        let analyzer = analyzer(["hygiene/naming-convention": .some(.info)])
        let analysis = analyzer.crossFile(files.map { analyzer.analyze(path: $0.key, bytes: Array($0.value.utf8)) })[0]
        let byMessage = Dictionary(uniqueKeysWithValues: analysis.diagnostics.map { ($0.message.components(separatedBy: " is not")[0], $0.fixes) })
        let nameFix = try XCTUnwrap(byMessage["property name 'productSku'"]?.first)
        XCTAssertEqual(nameFix.title, "Rename to 'product_sku' (snake_case)")
        var text = Array(files["/p/props.yaml"]!.utf8)
        let edit = try XCTUnwrap(nameFix.edits.first)
        text.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        XCTAssertTrue(String(decoding: text, as: UTF8.self).contains("      name: product_sku\n"), "plain YAML, as it was written")
        let after = analyzer.crossFile([analyzer.analyze(path: "/p/props.yaml", bytes: text)])[0]
        XCTAssertFalse(after.diagnostics.contains { $0.message.hasPrefix("property name 'productSku'") })
        let idFix = try XCTUnwrap(byMessage["property id 'productSku'"]?.first)
        XCTAssertEqual(idFix.renamingSymbolTo, "product_sku")
        XCTAssertEqual(idFix.edits, [])
        // JSON: the catalog's name string.
        let catalog = #"{"events": [{"id": "e1", "name": "Order Completed", "eventType": "track"}, {"id": "e2", "name": "Cart Viewed", "eventType": "track"}, {"id": "e3", "name": "Checkout Started", "eventType": "track"}, {"id": "e5", "name": "Search Made", "eventType": "track"}, {"id": "e4", "name": "product_added", "eventType": "track"}]}"#
        let json = analyzer.crossFile([analyzer.analyze(path: "/p/catalog.json", bytes: Array(catalog.utf8))])[0]
        let fix = try XCTUnwrap(json.diagnostics.first { $0.rule == HygieneRule.namingConvention }?.fixes.first)
        XCTAssertEqual(fix.edits.map(\.newText), [#""Product Added""#])
    }

    func testSchemaPropertyNamesOfLatestVersions() {
        func structure(_ name: String, _ version: String, _ fields: [String]) -> String {
            "apiVersion: v1\nresourceType: data-structure\nmeta:\n  hidden: false\n  schemaType: event\n  customData: {}\ndata:\n"
                + "  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n"
                + "  self: {vendor: com.acme, name: \(name), format: jsonschema, version: \(version)}\n  type: object\n"
                + "  properties:\n" + fields.map { "    \($0): {type: string}\n" }.joined() + "  additionalProperties: false\n"
        }
        let iglu = #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "self": {"vendor": "com.acme", "name": "refund", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"refund_id": {"type": "string"}, "line": {"type": "object", "properties": {"itemSku": {"type": "string"}}}}}"#
        let files = ["/p/a.yaml": structure("checkout", "1-0-0", ["orderId"]), "/p/a2.yaml": structure("checkout", "1-0-1", ["order_id", "cart_total"]),
                     "/p/b.yaml": structure("payment", "1-0-0", ["payment_id", "card_type"]),
                     "/p/schemas/com.acme/refund/jsonschema/1-0-0": iglu]
        let found = findings(files, analyzer(["hygiene/naming-convention": .some(.info)]))
        XCTAssertEqual(found, ["1-0-0: hygiene/naming-convention schema property name 'itemSku' is not snake_case, the convention 5 of the 6 schema property names in the workspace that tell conventions apart follow"],
                       "the nested field of the Iglu schema; not 1-0-0's orderId, a published version")
        let analyzer = analyzer(["hygiene/naming-convention": .some(.info)])
        let analyses = analyzer.crossFile(files.sorted { $0.key < $1.key }.map { analyzer.analyze(path: $0.key, bytes: Array($0.value.utf8)) })
        XCTAssertEqual(analyses.flatMap(\.diagnostics).filter { $0.rule == HygieneRule.namingConvention }.flatMap(\.fixes), [], "renaming a field is a new version's work")
    }

    /// Formats and enums disagree too, where both places say one; a place that says none disagrees with nothing.
    func testConflictingFormatsAndEnums() {
        let catalog = #"{"properties": [{"id": "p1", "name": "ordered_at", "type": "string", "propConfig": {"format": "date-time"}}, {"id": "p2", "name": "currency", "type": "string", "propConfig": {"enum": ["USD", "EUR"]}}]}"#
        let props = "version: rudder/v1\nkind: properties\nmetadata:\n  name: props\nspec:\n  properties:\n"
            + "    - id: ordered_at\n      name: ordered_at\n      type: string\n      config:\n        format: date-time\n"
            + "    - id: ordered_at_2\n      name: ordered_at\n      type: string\n      config:\n        format: date\n"
            + "    - id: currency\n      name: currency\n      type: string\n      config:\n        enum: [EUR, USD]\n"
            + "    - id: currency_2\n      name: currency\n      type: string\n      config:\n        enum: [USD, GBP]\n"
            + "    - id: currency_3\n      name: currency\n      type: string\n"
        let found = findings(["/p/catalog.json": catalog, "/p/props.yaml": props], analyzer(["hygiene/conflicting-definition": .some(.warning)]))
        XCTAssertEqual(found, [
            "props.yaml: hygiene/conflicting-definition property 'ordered_at' has format date here but format date-time in 2 places elsewhere in the workspace: one field formatted two ways splits its data",
            "props.yaml: hygiene/conflicting-definition property 'currency' allows [\"GBP\", \"USD\"] here but [\"EUR\", \"USD\"] in 2 places elsewhere in the workspace: one field with two lists of values splits its data",
        ], "the order of an enum means nothing; currency_3 without one disagrees with nothing")
        // Snowplow: a field's format across one vendor's data structures.
        func structure(_ name: String, _ format: String) -> String {
            #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "self": {"vendor": "com.acme", "name": "\#(name)", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"sent_at": {"type": "string", "format": "\#(format)"}}}"#
        }
        let snowplow = ["/p/schemas/com.acme/a/jsonschema/1-0-0": structure("a", "date-time"), "/p/schemas/com.acme/b/jsonschema/1-0-0": structure("b", "date-time"),
                        "/p/schemas/com.acme/c/jsonschema/1-0-0": structure("c", "date")]
        XCTAssertEqual(findings(snowplow, analyzer(["hygiene/conflicting-definition": .some(.warning)])),
                       ["1-0-0: hygiene/conflicting-definition com.acme field 'sent_at' has format date here but format date-time in 2 places elsewhere in the workspace: one field formatted two ways splits its data"])
    }

    /// Snowplow orphans: a data structure no event specification names, a source application no data product names;
    /// both only where the workspace has event specifications and data products at all.
    func testSnowplowOrphans() {
        func structure(_ name: String) -> String {
            "apiVersion: v1\nresourceType: data-structure\nmeta:\n  hidden: false\n  schemaType: event\n  customData: {}\ndata:\n"
                + "  $schema: http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#\n"
                + "  self: {vendor: com.acme, name: \(name), format: jsonschema, version: 1-0-0}\n  type: object\n  properties: {}\n"
        }
        func app(_ name: String) -> String {
            "apiVersion: v1\nresourceType: source-application\nresourceName: 0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f\(name.count)\ndata:\n  name: \(name)\n  appIds: [\(name.lowercased())]\n"
        }
        let product = "apiVersion: v1\nresourceType: data-product\nresourceName: 8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b\ndata:\n  name: Checkout\n"
            + "  sourceApplications:\n    - $ref: ./source-apps/web.yaml\n  eventSpecifications:\n"
            + "    - resourceName: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\n      name: Checkout started\n      event:\n        source: iglu:com.acme/checkout/jsonschema/1-0-0\n"
        let on = analyzer(["hygiene/orphan": .some(.info)])
        let files = ["/p/data-structures/checkout.yaml": structure("checkout"), "/p/data-structures/refund.yaml": structure("refund"),
                     "/p/data-products/checkout.yaml": product, "/p/data-products/source-apps/web.yaml": app("Web"),
                     "/p/data-products/source-apps/ios.yaml": app("iOS")]
        XCTAssertEqual(findings(files, on), [
            "ios.yaml: hygiene/orphan source application 'iOS' is named by no data product of the workspace",
            "refund.yaml: hygiene/orphan data structure com.acme/refund is named by no event specification or schema of the workspace",
        ])
        XCTAssertEqual(findings(["/p/data-structures/refund.yaml": structure("refund")], on), [], "no event specification in the workspace: a registry, not orphans")
    }

    /// Near-duplicates in YAML and across Snowplow's event specifications (JSON beside YAML).
    func testNearDuplicatesInYAMLAndSnowplow() {
        let near = analyzer(["hygiene/near-duplicate": .some(.warning)])
        let events = "version: rudder/v1\nkind: events\nmetadata:\n  name: evs\nspec:\n  events:\n"
            + "    - id: signup\n      name: Signed Up\n      event_type: track\n    - id: sign_up\n      name: Signed up\n      event_type: track\n"
        XCTAssertEqual(findings(["/p/events.yaml": events], near), [
            "events.yaml: hygiene/near-duplicate event id 'sign_up' and 'signup' differ only in case or separators: likely one name spelt twice",
            "events.yaml: hygiene/near-duplicate event name 'Signed up' and 'Signed Up' differ only in case or separators: likely one name spelt twice",
        ])
        let source = "iglu:com.acme/checkout/jsonschema/1-0-0"
        let found = findings(["/p/a.scenario.json": #"{"name": "Checkout Completed", "event": {"source": "\#(source)"}}"#,
                              "/p/b.scenario.yaml": "name: Checkout Complete\nevent:\n  source: \(source)\n"], near)
        XCTAssertEqual(found, ["b.scenario.yaml: hygiene/near-duplicate event specification name 'Checkout Complete' is one letter from 'Checkout Completed': likely one name spelt twice"])
    }
}
