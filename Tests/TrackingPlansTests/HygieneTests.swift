import XCTest
import JSONSyntax
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
            "props.yaml: hygiene/naming-convention property name 'productSku' is not snake_case, the convention 4 of the 5 property names in the workspace that tell conventions apart follow",
            "props.yaml: hygiene/naming-convention property id 'productSku' is not snake_case, the convention 4 of the 5 property ids in the workspace that tell conventions apart follow",
        ])
    }

    func testNoMajorityNoReport() {
        let files = ["/p/props.yaml": properties(["order_id", "product_id", "unit_price", "couponCode", "productSku", "shippingCost"])]
        XCTAssertEqual(findings(files), [], "half snake_case, half camelCase: no convention to hold names to")
        // One-word names tell nothing: three snake_case names among twenty one-word ones are not a majority of four.
        XCTAssertEqual(findings(["/p/props.yaml": properties(["a_b", "c_d", "eF"] + (0..<20).map { "word\($0)" })]), [])
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
}
