import XCTest
import JSONSyntax
@testable import TrackingPlans

/// References, rename and workspace symbols over a workspace's facts: per symbol kind, in YAML and JSON.
final class ReferencesTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/p"), iglu: IgluContext(folders: []))

    static let properties = """
        version: rudder/v1
        kind: properties
        metadata:
          name: props
        spec:
          properties:
            - id: product_id
              name: product_id
              type: string
            - id: price
              name: price
              type: number
        """
    static let plan = """
        version: rudder/v1
        kind: tracking-plan
        metadata:
          name: plan
        spec:
          id: web
          display_name: Web
          rules:
            - type: event_rule
              id: viewed
              event: "#event:product_viewed"
              properties:
                - property: "#property:product_id"
                - property: '#property:price'
        """
    /// The same plan in rudder/v0.1's JSON spelling: legacy references with the group.
    static let legacyJSON = """
        {"version": "rudder/v0.1", "kind": "tp", "metadata": {"name": "legacy"},
         "spec": {"id": "legacy", "display_name": "Legacy", "rules": [{"type": "event_rule", "id": "r", "event": {"$ref": "#/events/evs/product_viewed"},
           "properties": [{"$ref": "#/properties/props/product_id", "required": true}]}]}}
        """
    static let events = """
        version: rudder/v1
        kind: events
        metadata:
          name: evs
        spec:
          events:
            - id: product_viewed
              name: Product Viewed
              event_type: track
        """

    var files: [String: String] { ["/p/props.yaml": Self.properties, "/p/plan.yaml": Self.plan, "/p/legacy.json": Self.legacyJSON, "/p/events.yaml": Self.events] }

    func facts(_ files: [String: String]) -> FileFacts {
        FileFacts.merged(files.sorted { $0.key < $1.key }.map { analyzer.facts(path: $0.key, bytes: Array($0.value.utf8)) })
    }

    func symbol(in path: String, at needle: String, plus: Int = 1, files: [String: String]? = nil) -> NavigationSymbol? {
        let files = files ?? self.files
        let text = files[path]!
        let offset = text.utf8.distance(from: text.startIndex, to: text.range(of: needle)!.lowerBound) + plus
        let bytes = Array(text.utf8)
        return analyzer.symbol(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes), offset: offset,
                               own: analyzer.facts(path: path, bytes: bytes))
    }

    /// Each reference as `path: text at its range`.
    func described(_ refs: [SymbolReference], files: [String: String]? = nil) -> [String] {
        let files = files ?? self.files
        return refs.map { r in
            let bytes = Array(files[r.location.path]!.utf8)
            return "\(r.location.path): \(String(decoding: bytes[r.location.range], as: UTF8.self))\(r.isDeclaration ? " (definition)" : "")"
        }
    }

    func testAProjectPropertyFromItsDefinitionAndFromEveryUse() {
        let all = facts(files)
        let fromDefinition = symbol(in: "/p/props.yaml", at: "id: product_id", plus: 5)
        XCTAssertEqual(fromDefinition, .projectResource(kind: "property", id: "product_id"))
        for start in [fromDefinition, symbol(in: "/p/plan.yaml", at: "#property:product_id"), symbol(in: "/p/legacy.json", at: "#/properties/props/product_id")] {
            XCTAssertEqual(start, fromDefinition)
        }
        XCTAssertEqual(described(analyzer.references(to: fromDefinition!, in: all, includeDeclaration: true)), [
            "/p/legacy.json: \"#/properties/props/product_id\"",
            "/p/plan.yaml: \"#property:product_id\"",
            "/p/props.yaml: product_id (definition)",
        ])
        XCTAssertEqual(analyzer.references(to: fromDefinition!, in: all, includeDeclaration: false).count, 2)
        // An event, in the v1 and the legacy spelling; a tracking plan has no uses.
        let event = symbol(in: "/p/legacy.json", at: "#/events/evs/product_viewed")
        XCTAssertEqual(event, .projectResource(kind: "event", id: "product_viewed"))
        XCTAssertEqual(analyzer.references(to: event!, in: all, includeDeclaration: true).map(\.location.path), ["/p/events.yaml", "/p/legacy.json", "/p/plan.yaml"])
        XCTAssertEqual(symbol(in: "/p/plan.yaml", at: "id: web", plus: 4), .projectResource(kind: "tracking-plan", id: "web"))
        XCTAssertNil(symbol(in: "/p/plan.yaml", at: "display_name: Web", plus: 15), "a name is not a symbol")
    }

    func testRenameEditsOnlyTheIdKeepingQuotesAndURNs() throws {
        let all = facts(files)
        let edits = try analyzer.renameEdits(.projectResource(kind: "property", id: "product_id"), to: "product_sku", in: all) { Array(self.files[$0]!.utf8) }.get()
        var renamed = files
        for (path, list) in edits {
            var bytes = Array(renamed[path]!.utf8)
            for edit in list.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) { bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
            renamed[path] = String(decoding: bytes, as: UTF8.self)
        }
        XCTAssertEqual(renamed["/p/props.yaml"], Self.properties.replacingOccurrences(of: "- id: product_id", with: "- id: product_sku"))
        XCTAssertEqual(renamed["/p/plan.yaml"], Self.plan.replacingOccurrences(of: "\"#property:product_id\"", with: "\"#property:product_sku\""))
        XCTAssertEqual(renamed["/p/legacy.json"], Self.legacyJSON.replacingOccurrences(of: "#/properties/props/product_id", with: "#/properties/props/product_sku"))
        XCTAssertNil(edits["/p/events.yaml"], "files that do not name it are not touched")
        // The project is as clean after the rename as before it (every reference resolves).
        let before = analyzer.crossFile(files.sorted { $0.key < $1.key }.map { analyzer.analyze(path: $0.key, bytes: Array($0.value.utf8)) })
        let after = analyzer.crossFile(renamed.sorted { $0.key < $1.key }.map { analyzer.analyze(path: $0.key, bytes: Array($0.value.utf8)) })
        XCTAssertEqual(after.flatMap(\.diagnostics).map(\.rule), before.flatMap(\.diagnostics).map(\.rule))
        XCTAssertFalse(after.flatMap(\.diagnostics).contains { $0.rule == "rudderstack/reference-unresolved" })
    }

    func testRenameIsRefusedWithAReason() {
        let all = facts(files)
        let symbol = NavigationSymbol.projectResource(kind: "property", id: "product_id")
        let read: (String) -> [UInt8]? = { Array(self.files[$0]!.utf8) }
        for (newID, says) in [("price", "already has the id 'price'"), ("product id", "not an id trackspec writes"), ("", "not an id"), ("a/b", "not an id")] {
            guard case .failure(let refusal) = analyzer.renameEdits(symbol, to: newID, in: all, bytesOf: read) else {
                XCTFail("'\(newID)' accepted")
                continue
            }
            XCTAssertTrue(refusal.message.contains(says), refusal.message)
        }
        guard case .failure(let refusal) = analyzer.renameEdits(.dataStructure(family: "com.acme/x"), to: "y", in: all, bytesOf: read) else {
            return XCTFail("a data structure renamed")
        }
        XCTAssertTrue(refusal.message.contains("cannot be renamed"), refusal.message)
        // What YAML would read as another type is refused too.
        guard case .failure(let number) = analyzer.renameEdits(symbol, to: "123", in: all, bytesOf: read) else { return XCTFail("123 accepted") }
        XCTAssertTrue(number.message.contains("not a number"), number.message)
        // The range the editor selects: the id alone, inside the quotes and after the URN's colon.
        let text = Self.plan
        let offset = text.utf8.distance(from: text.startIndex, to: text.range(of: "#property:product_id")!.lowerBound) + 3
        let bytes = Array(text.utf8)
        let range = try? analyzer.renameRange(path: "/p/plan.yaml", tree: DocumentParsing.parse(path: "/p/plan.yaml", bytes: bytes), offset: offset,
                                              own: analyzer.facts(path: "/p/plan.yaml", bytes: bytes)).get()
        XCTAssertEqual(range.map { String(decoding: bytes[$0], as: UTF8.self) }, "product_id")
    }

    func testADataStructureFromAnyURIToEveryVersionItsScenariosName() {
        let scenario = { (name: String, version: String) in
            "name: \(name)\nevent:\n  source: iglu:com.acme/checkout/jsonschema/\(version)\nentities:\n  tracked:\n    - source: iglu:com.acme/user/jsonschema/1-0-0\n"
        }
        let files = ["/p/a.scenario.yaml": scenario("A", "1-0-0"), "/p/b.scenario.yaml": scenario("B", "1-0-2"),
                     "/p/c.scenario.json": #"{"name": "C", "event": {"source": "iglu:com.acme/checkout/jsonschema/2-0-0"}}"#,
                     "/p/d.scenario.json": #"{"name": "D", "event": {"source": "iglu:com.acme/checkout_done/jsonschema/1-0-0"}}"#]
        let symbol = self.symbol(in: "/p/c.scenario.json", at: "iglu:com.acme/checkout/", plus: 3, files: files)
        XCTAssertEqual(symbol, .dataStructure(family: "com.acme/checkout"))
        let refs = analyzer.references(to: symbol!, in: facts(files), includeDeclaration: true)
        XCTAssertEqual(refs.map(\.location.path), ["/p/a.scenario.yaml", "/p/b.scenario.yaml", "/p/c.scenario.json"])
        XCTAssertEqual(refs.map(\.detail), ["1-0-0", "1-0-2", "2-0-0"], "the version each use names")
        // An entity's URI is its own data structure's.
        XCTAssertEqual(self.symbol(in: "/p/a.scenario.yaml", at: "iglu:com.acme/user", files: files), .dataStructure(family: "com.acme/user"))
        XCTAssertEqual(NavigationSymbol(parsing: "iglu:com.acme/checkout"), symbol)
        XCTAssertEqual(NavigationSymbol(parsing: "#property:product_id"), .projectResource(kind: "property", id: "product_id"))
        XCTAssertEqual(NavigationSymbol(parsing: "catalog:property:p1"), .catalogItem(kind: .property, id: "p1"))
        XCTAssertNil(NavigationSymbol(parsing: "product_id"))
    }

    func testADataCatalogIdFromThePlanToItsCatalogItem() {
        let catalog = #"{"events": [{"id": "ev_1", "name": "Product Viewed", "eventType": "track"}], "properties": [{"id": "p_1", "name": "price", "type": "number"}]}"#
        let plan = #"{"name": "Web", "events": [{"id": "ev_1", "name": "Product Viewed", "eventType": "track", "properties": [{"id": "p_1", "name": "price", "type": "number", "required": true}]}]}"#
        let files = ["/p/catalog.json": catalog, "/p/web.tracking-plan.json": plan]
        let fromPlan = symbol(in: "/p/web.tracking-plan.json", at: "\"p_1\"", plus: 2, files: files)
        XCTAssertEqual(fromPlan, .catalogItem(kind: .property, id: "p_1"))
        XCTAssertEqual(symbol(in: "/p/catalog.json", at: "\"p_1\"", plus: 2, files: files), fromPlan, "from the catalog item's id")
        let refs = analyzer.references(to: fromPlan!, in: facts(files), includeDeclaration: true)
        XCTAssertEqual(refs.map(\.location.path), ["/p/catalog.json", "/p/web.tracking-plan.json"])
        XCTAssertEqual(refs.map(\.isDeclaration), [true, false])
    }

    func testWorkspaceSymbolsMatchFuzzilyWithTheirKinds() {
        // Characters in order: both match "prdi"; a name containing the query ranks before one that only has its letters.
        XCTAssertEqual(analyzer.workspaceSymbols(matching: "prdi", in: facts(files)).map(\.name), ["product_id", "product_viewed"])
        let found = analyzer.workspaceSymbols(matching: "duct_i", in: facts(files))
        XCTAssertEqual(found.map(\.name), ["product_id", "product_viewed"], "containing the query first")
        XCTAssertEqual(found.map(\.kind), [.property, .event])
        let viewed = analyzer.workspaceSymbols(matching: "product", in: facts(files))
        XCTAssertEqual(Set(viewed.map(\.kind)), [.property, .event])
        XCTAssertEqual(analyzer.workspaceSymbols(matching: "web", in: facts(files)).first?.kind, .trackingPlan)
        XCTAssertTrue(analyzer.workspaceSymbols(matching: "zzz", in: facts(files)).isEmpty)
    }

    func testCodeLensesCountUsesInPlans() {
        let all = facts(files)
        let lenses = analyzer.codeLenses(own: analyzer.facts(path: "/p/props.yaml", bytes: Array(Self.properties.utf8)), all: all)
        XCTAssertEqual(lenses.map(\.title), ["used by 2 tracking plans · 2 references", "used by 1 tracking plan · 1 reference"])
        XCTAssertEqual(lenses.first?.locations.map(\.path), ["/p/legacy.json", "/p/plan.yaml"])
        let unused = "version: rudder/v1\nkind: properties\nmetadata:\n  name: more\nspec:\n  properties:\n    - id: orphan\n      name: orphan\n      type: string\n"
        XCTAssertEqual(analyzer.codeLenses(own: analyzer.facts(path: "/p/more.yaml", bytes: Array(unused.utf8)), all: all).map(\.title), ["no references"])
    }

    func apply(_ edits: [String: [TextEdit]], to files: [String: String]) -> [String: String] {
        var out = files
        for (path, list) in edits {
            var bytes = Array(out[path]!.utf8)
            for edit in list.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) { bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8)) }
            out[path] = String(decoding: bytes, as: UTF8.self)
        }
        return out
    }

    func testRenameADataCatalogIdInTheCatalogAndThePlans() throws {
        let catalog = #"{"events": [{"id": "ev_1", "name": "Product Viewed", "eventType": "track"}], "properties": [{"id": "p_1", "name": "price", "type": "number"}, {"id": "p_2", "name": "sku", "type": "string"}]}"#
        let plan = #"{"name": "Web", "events": [{"id": "ev_1", "name": "Product Viewed", "eventType": "track", "properties": [{"id": "p_1", "name": "price", "type": "number", "required": true}]}]}"#
        let files = ["/p/catalog.json": catalog, "/p/web.tracking-plan.json": plan]
        let symbol = try XCTUnwrap(self.symbol(in: "/p/catalog.json", at: "\"p_1\"", plus: 2, files: files))
        let edits = try analyzer.renameEdits(symbol, to: "price_1", in: facts(files)) { Array(files[$0]!.utf8) }.get()
        let renamed = apply(edits, to: files)
        XCTAssertEqual(renamed["/p/catalog.json"], catalog.replacingOccurrences(of: "\"p_1\"", with: "\"price_1\""))
        XCTAssertEqual(renamed["/p/web.tracking-plan.json"], plan.replacingOccurrences(of: "\"p_1\"", with: "\"price_1\""))
        guard case .failure(let taken) = analyzer.renameEdits(symbol, to: "p_2", in: facts(files), bytesOf: { Array(files[$0]!.utf8) }) else {
            return XCTFail("a taken catalog id accepted")
        }
        XCTAssertTrue(taken.message.contains("already has the id 'p_2'"), taken.message)
    }

    func testRenameAnEventSpecificationKeepsItsNameUniqueAndItsNotation() throws {
        let source = "iglu:com.acme/checkout/jsonschema/1-0-0"
        let files = ["/p/a.scenario.yaml": "name: Tap\nevent:\n  source: \(source)\n",
                     "/p/b.scenario.json": "{\"name\": \"Tap twice\", \"event\": {\"source\": \"\(source)\"}}\n",
                     "/p/c.scenario.yaml": "name: 'Quoted'\nevent:\n  source: \(source)\n"]
        let read: (String) -> [UInt8]? = { Array(files[$0]!.utf8) }
        let tap = try XCTUnwrap(symbol(in: "/p/a.scenario.yaml", at: "Tap", plus: 1, files: files))
        XCTAssertEqual(tap, .scenarioName(structure: "com.acme/checkout", name: "Tap"))
        XCTAssertEqual(apply(try analyzer.renameEdits(tap, to: "Tap on the button", in: facts(files), bytesOf: read).get(), to: files)["/p/a.scenario.yaml"],
                       "name: Tap on the button\nevent:\n  source: \(source)\n", "plain where it reads the same")
        XCTAssertEqual(apply(try analyzer.renameEdits(tap, to: "Tap: done", in: facts(files), bytesOf: read).get(), to: files)["/p/a.scenario.yaml"],
                       "name: \"Tap: done\"\nevent:\n  source: \(source)\n", "quoted where a plain scalar would not")
        let twice = try XCTUnwrap(symbol(in: "/p/b.scenario.json", at: "Tap twice", plus: 1, files: files))
        XCTAssertEqual(apply(try analyzer.renameEdits(twice, to: "Tap \"twice\"", in: facts(files), bytesOf: read).get(), to: files)["/p/b.scenario.json"],
                       "{\"name\": \"Tap \\\"twice\\\"\", \"event\": {\"source\": \"\(source)\"}}\n")
        let quoted = try XCTUnwrap(symbol(in: "/p/c.scenario.yaml", at: "Quoted", plus: 1, files: files))
        XCTAssertEqual(apply(try analyzer.renameEdits(quoted, to: "Requoted", in: facts(files), bytesOf: read).get(), to: files)["/p/c.scenario.yaml"],
                       "name: 'Requoted'\nevent:\n  source: \(source)\n", "its quotes kept")
        guard case .failure(let taken) = analyzer.renameEdits(tap, to: "Tap twice", in: facts(files), bytesOf: read) else {
            return XCTFail("a taken name accepted")
        }
        XCTAssertTrue(taken.message.contains("cannot be told apart"), taken.message)
        // The editor selects the name's content, without its quotes.
        let text = files["/p/b.scenario.json"]!
        let bytes = Array(text.utf8)
        let range = try analyzer.renameRange(path: "/p/b.scenario.json", tree: DocumentParsing.parse(path: "/p/b.scenario.json", bytes: bytes),
                                             offset: 12, own: analyzer.facts(path: "/p/b.scenario.json", bytes: bytes)).get()
        XCTAssertEqual(String(decoding: bytes[range], as: UTF8.self), "Tap twice")
    }

    /// The Examples' rudder-cli project and the YAML Data Catalog: categories, custom types and a source's plan, and
    /// catalog ids in YAML.
    func testCategoriesCustomTypesAndYAMLCatalogsOfTheExamples() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
        func load(_ folder: String) throws -> [String: String] {
            let dir = examples.appendingPathComponent(folder)
            var out: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".yaml") {
                out[dir.appendingPathComponent(name).path] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            }
            return out
        }
        let project = try load("rudderstack/rudder-cli")
        let all = facts(project)
        let name = { (r: SymbolReference) in URL(fileURLWithPath: r.location.path).lastPathComponent + (r.isDeclaration ? " (definition)" : "") }
        XCTAssertEqual(analyzer.references(to: .projectResource(kind: "category", id: "checkout"), in: all, includeDeclaration: true).map(name),
                       ["categories.yaml (definition)", "events.yaml"])
        XCTAssertEqual(analyzer.references(to: .projectResource(kind: "custom-type", id: "payment_details"), in: all, includeDeclaration: true).map(name),
                       ["custom-types.yaml (definition)", "properties.yaml"])
        let plan = analyzer.references(to: .projectResource(kind: "tracking-plan", id: "shop"), in: all, includeDeclaration: true).map(name)
        XCTAssertTrue(plan.contains("tracking-plan.yaml (definition)"), "\(plan)")
        let catalog = try load("yaml/rudderstack")
        let path = try XCTUnwrap(catalog.keys.first { $0.hasSuffix("/catalog.yaml") })
        let plans = catalog.filter { $0.key.hasSuffix("/catalog.yaml") || $0.key.hasSuffix("/ecommerce.tracking-plan.yaml") }
        let item = try XCTUnwrap(analyzer.facts(path: path, bytes: Array(catalog[path]!.utf8)).rudderstack.catalog.first { $0.kind == .event })
        let refs = analyzer.references(to: .catalogItem(kind: .event, id: item.id!), in: facts(plans), includeDeclaration: true).map(name)
        XCTAssertEqual(refs.first, "catalog.yaml (definition)")
        XCTAssertTrue(refs.contains("ecommerce.tracking-plan.yaml"), "\(refs)")
    }

    /// A property of a source schema, from a scenario's refinement (JSON and YAML, an entity's too) or from the cached
    /// schema: its definition in every cached version that has it, and every refinement of it.
    func testASourceSchemasPropertyAndItsRefinements() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples")
        let cached = Analyzer(configuration: Configuration(root: "/p"), iglu: IgluContext(folders: [examples.appendingPathComponent("iglu").path]))
        let source = "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"
        let files = ["/p/a.scenario.json": #"{"name": "A", "event": {"source": "\#(source)", "schema": {"properties": {"targetUrl": {"maxLength": 100}}}}}"#,
                     "/p/b.scenario.yaml": "name: B\nevent:\n  source: \(source)\n  schema:\n    properties:\n      elementId: {maxLength: 10}\n      targetUrl: {minLength: 1}\n",
                     "/p/c.scenario.yaml": "name: C\nevent:\n  source: iglu:com.acme/other/jsonschema/1-0-0\n  schema:\n    properties:\n      targetUrl: {}\n"]
        func at(_ path: String, _ needle: String, plus: Int = 1) -> NavigationSymbol? {
            let text = files[path]!
            let offset = text.utf8.distance(from: text.startIndex, to: text.range(of: needle)!.lowerBound) + plus
            let bytes = Array(text.utf8)
            return cached.symbol(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes), offset: offset, own: cached.facts(path: path, bytes: bytes))
        }
        let symbol = try XCTUnwrap(at("/p/b.scenario.yaml", "targetUrl"))
        XCTAssertEqual(symbol, .schemaProperty(family: "com.snowplowanalytics.snowplow/link_click", path: ["properties", "targetUrl"]))
        XCTAssertEqual(at("/p/a.scenario.json", "targetUrl"), symbol, "from JSON too")
        XCTAssertEqual(at("/p/c.scenario.yaml", "targetUrl"), .schemaProperty(family: "com.acme/other", path: ["properties", "targetUrl"]))
        XCTAssertNil(at("/p/b.scenario.yaml", "maxLength"), "a keyword is no property")
        let all = FileFacts.merged(files.sorted { $0.key < $1.key }.map { cached.facts(path: $0.key, bytes: Array($0.value.utf8)) })
        let refs = cached.references(to: symbol, in: all, includeDeclaration: true, bytesOf: { Array(files[$0]!.utf8) })
        XCTAssertEqual(refs.filter(\.isDeclaration).map(\.detail), ["1-0-0", "1-0-1"], "every cached version has it")
        XCTAssertEqual(refs.filter { !$0.isDeclaration }.map { r in String(decoding: Array(files[r.location.path]!.utf8)[r.location.range], as: UTF8.self) },
                       ["\"targetUrl\"", "targetUrl"])
        XCTAssertEqual(NavigationSymbol(parsing: "iglu:com.snowplowanalytics.snowplow/link_click#/properties/targetUrl"), symbol)
        XCTAssertNil(NavigationSymbol(parsing: "iglu:com.acme/x#/type"))
    }

    func testASchemasIgluRefIsAUseOfTheDataStructureItNames() {
        let schema = #"{"$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#", "self": {"vendor": "com.acme", "name": "order", "format": "jsonschema", "version": "1-0-0"}, "type": "object", "properties": {"shipping": {"$ref": "iglu:com.acme/address/jsonschema/1-0-0"}}}"#
        let path = "/p/schemas/com.acme/order/jsonschema/1-0-0"
        let facts = analyzer.facts(path: path, bytes: Array(schema.utf8))
        let refs = analyzer.references(to: .dataStructure(family: "com.acme/address"), in: facts, includeDeclaration: false)
        XCTAssertEqual(refs.map { String(decoding: Array(schema.utf8)[$0.location.range], as: UTF8.self) }, ["\"iglu:com.acme/address/jsonschema/1-0-0\""])
        XCTAssertEqual(refs.map(\.detail), ["1-0-0"])
    }
}
