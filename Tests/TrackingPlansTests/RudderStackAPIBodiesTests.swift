import XCTest
@testable import TrackingPlans

/// The Data Catalog API's rules beyond names and types (descriptions, nesting, custom types, variants),
/// its single-resource bodies, and the older tracking-plan JSON (RudderTyper's `plan.json`), each in the
/// shape the API or RudderTyper writes.
extension RudderStackRulesTests {
    // MARK: Descriptions, names, nesting

    func testDescriptionsAreThreeToTwoThousandCharactersStartingWithALetter() {
        expect(RudderStackRule.descriptionInvalid, in: #"{"name": "Web plan", "description": «"ok"», "events": []}"#,
               message: "3–2000 characters; this one has 2")
        expect(RudderStackRule.descriptionInvalid, in: plan(#"{"name": "Product Viewed", "eventType": "track", "description": "«1»st view"}"#),
               message: "starts with a letter, not '1'")
        expect(RudderStackRule.descriptionInvalid, in: plan(track(#"{"name": "price", "type": "number", "description": «"$"»}"#)),
               message: "this one has 1")
        expect(RudderStackRule.descriptionInvalid, in: #"{"categories": [{"name": "Checkout", "description": «"—"»}]}"#, message: "this one has 1")
        let long = String(repeating: "a", count: 2001)
        expect(RudderStackRule.descriptionInvalid, in: #"{"name": "Web plan", "description": «"\#(long)"», "events": []}"#, message: "this one has 2001")
        // The API writes "" for no description.
        clean(#"{"name": "Web plan", "description": "", "events": [{"name": "Product Viewed", "eventType": "track", "description": ""}]}"#)
    }

    func testPropertyNamesHaveAtMostSixtyFiveCharacters() {
        let name = String(repeating: "p", count: 66)
        expect(RudderStackRule.propertyNameInvalid, in: plan(track(#"{"name": «"\#(name)"», "type": "string"}"#)), message: "too long: 66 characters, at most 65")
        clean(plan(track(#"{"name": "\#(name.dropLast())", "type": "string"}"#)))
    }

    func testPropertiesNestAtMostThreeLevels() {
        let three = #"{"name": "a", "type": "object", "properties": [{"name": "b", "type": "object", "properties": [{"name": "c", "type": "string"}]}]}"#
        clean(plan(track(three)))
        expect(RudderStackRule.nestingInvalid,
               in: plan(track(#"{"name": "a", "type": "object", "properties": [{"name": "b", "type": "object", "properties": [{"name": "c", "type": "object", «"properties"»: [{"name": "d"}]}]}]}"#)),
               message: "properties nest 4 levels deep; RudderStack allows at most 3")
    }

    func testAdditionalPropertiesTrueNeedsNestedProperties() {
        expect(RudderStackRule.nestingInvalid, in: plan(track(#"{"name": "a", "type": "object", «"additionalProperties"»: true}"#)),
               message: "applies only to a property with nested properties")
        // What the API returns: false on every property.
        clean(plan(track(#"{"name": "a", "type": "string", "additionalProperties": false}"#)))
        clean(plan(track(#"{"name": "a", "type": "object", "additionalProperties": true, "properties": [{"name": "b"}]}"#)))
    }

    func testNestedPropertiesNeedATypedProperty() {
        expect(RudderStackRule.nestingInvalid, in: plan(track(#"{"name": "a", «"properties"»: [{"name": "b"}]}"#)), message: "this one has no 'type'")
        // A catalog property named by id has its type in the catalog.
        clean(plan(track(#"{"id": "prop_1", "properties": [{"id": "prop_2"}]}"#)))
    }

    // MARK: Custom types and variants

    /// POST /catalog/custom-types, as rudder-cli sends it.
    static let customType = #"""
        {"name": "Address", "description": "A postal address", "type": "object", "config": {},
         "properties": [{"id": "prop_kind", "required": true}, {"id": "prop_line", "required": false}],
         "variants": [{"type": "discriminator", "discriminator": "prop_kind",
                       "cases": [{"display_name": "Home", "match": ["home"], "properties": [{"id": "prop_line", "required": true}]}],
                       "default": [{"id": "prop_line", "required": false}]}],
         "externalId": "address"}
        """#

    func testACustomTypeBodyIsRecognisedAndClean() {
        XCTAssertEqual(analyze(Self.customType).kind, .rudderstackCatalog)
        clean(Self.customType)
        // As GET /catalog/custom-types returns them.
        clean(#"{"data": [{"id": "ct_1", "name": "Amount", "description": "Money", "type": "number", "dataType": "number", "version": 1, "config": {"minimum": 0},"#
              + #" "rules": {}, "itemDefinitions": [], "workspaceId": "ws_1", "createdAt": "2025-01-01T00:00:00Z", "updatedAt": "2025-01-01T00:00:00Z"}], "total": 1}"#)
    }

    func testCustomTypeRules() {
        expect(RudderStackRule.customTypeInvalid, in: Self.customType.replacingOccurrences(of: #""name": "Address""#, with: #""name": "«a»ddress""#),
               message: "must start with a capital letter")
        expect(RudderStackRule.customTypeInvalid, in: Self.customType.replacingOccurrences(of: #""config": {}"#, with: #"«"config"»: {"minLength": 1}"#),
               message: "an object custom type has no 'config'")
        let string = #"{"name": "Code", "type": "string", "config": {"pattern": "^[A-Z]+$"}, «"variants"»: []}"#
        expect(RudderStackRule.customTypeInvalid, in: string, message: "variants are allowed only on object custom types; this one is string")
        expect(RudderStackRule.keywordNotApplicable, in: #"{"name": "Code", "type": "string", "config": {«"minimum"»: 1}}"#, message: "minimum")
    }

    func testVariantRulesInAPIBodies() {
        expect(RudderStackRule.variantInvalid, in: Self.customType.replacingOccurrences(of: #""discriminator": "prop_kind""#, with: #""discriminator": «"prop_other"»"#),
               message: "discriminator 'prop_other' is not one of this custom type's properties")
        expect(RudderStackRule.variantInvalid, in: Self.customType.replacingOccurrences(of: #""match": ["home"]"#, with: #""match": «[]»"#),
               message: "'match' needs at least one value")
        expect(RudderStackRule.variantInvalid, in: Self.customType.replacingOccurrences(of: #""type": "discriminator""#, with: #""type": «"switch"»"#),
               message: "must be discriminator")
        // PUT /tracking-plans/{id}/events: an event of the plan with its properties and a variant.
        let event = #"""
            {"id": "ev_1", "identitySection": "properties", "additionalProperties": false,
             "properties": [{"id": "prop_kind", "required": true, "additionalProperties": false}, {"id": "prop_line", "required": false}],
             "variants": [{"type": "discriminator", "discriminator": «"prop_line2"», "cases": [{"display_name": "Home", "match": ["home"], "properties": [{"id": "prop_line", "required": true}]}]}]}
            """#
        XCTAssertEqual(analyze(markedText(event).0).kind, .rudderstackTrackingPlan)
        expect(RudderStackRule.variantInvalid, in: event, message: "not one of this event's properties")
        clean(markedText(event).0.replacingOccurrences(of: "prop_line2", with: "prop_kind"))
    }

    func testCatalogReferencesFromVariantsResolveAcrossFiles() {
        let catalog = raw(#"{"properties": [{"id": "prop_kind", "name": "kind", "type": "string"}, {"id": "prop_line", "name": "line", "type": "string"}]}"#, path: "/w/catalog.json")
        let body = raw(Self.customType.replacingOccurrences(of: #"[{"id": "prop_line", "required": false}]}]"#, with: #"[{"id": "prop_lin", "required": false}]}]"#),
                       path: "/w/custom-type.json")
        let results = analyzer.crossFile([catalog, body])
        XCTAssertEqual(results[0].diagnostics, [])
        XCTAssertEqual(results[1].diagnostics.map(\.message), ["property id 'prop_lin' is not defined in any catalog file of the workspace; did you mean 'prop_line'?"])
    }

    // MARK: Single-resource bodies

    func testSingleResourceBodiesAreRecognised() {
        // POST /catalog/events, /catalog/properties as rudder-cli sends them.
        let event = #"{"name": "Order Completed", "description": "An order was paid", "eventType": "track", "categoryId": null, "externalId": "order_completed"}"#
        XCTAssertEqual(analyze(event).kind, .rudderstackCatalog)
        clean(event)
        expect(RudderStackRule.eventTypeInvalid, in: #"{"name": "Order Completed", "eventType": «"trak"»}"#, message: "did you mean 'track'")
        let property = #"{"name": "total", "description": "Order total", "type": "number", "propConfig": {"minimum": 0}, "externalId": "total"}"#
        XCTAssertEqual(analyze(property).kind, .rudderstackCatalog)
        clean(property)
        expect(RudderStackRule.keywordNotApplicable, in: #"{"name": "total", "type": "number", "propConfig": {«"minLength"»: 1}}"#, message: "minLength")
        // PUT /tracking-plans/{id}/events: the plan's events by catalog id, with their properties.
        let events = #"{"events": [{"id": "ev_1", "identitySection": "properties", "additionalProperties": false, "properties": [{"id": "prop_1", "required": true}]}]}"#
        XCTAssertEqual(analyze(events).kind, .rudderstackTrackingPlan)
        clean(events)
        // Plain JSON with a name and a type is not taken for a property.
        XCTAssertEqual(analyze(#"{"name": "x", "type": "string"}"#).kind, .json)
    }

    /// PATCH /tracking-plans/{id}/events, as rudder-cli sends it: the event with its rules schema.
    static let upsertEvent = #"""
        {"name": "Order Completed", "description": "An order was paid", "eventType": "track", "identitySection": "properties",
         "rules": {"type": "object", "properties": {"properties": {"type": "object", "additionalProperties": false,
                   "properties": {"total": {"type": "number"}}, "required": ["total"]}}}}
        """#

    func testAnUpsertEventBodyIsAPlanEvent() {
        XCTAssertEqual(analyze(Self.upsertEvent).kind, .rudderstackTrackingPlan)
        clean(Self.upsertEvent)
        expect(RudderStackRule.rulesKeywordRestricted, in: Self.upsertEvent.replacingOccurrences(of: #""required": ["total"]"#, with: #"«"minProperties"»: 1"#),
               message: "'minProperties' is not supported")
        let d = expect(RudderStackRule.ruleSectionUnknown, in: Self.upsertEvent.replacingOccurrences(of: #"{"properties": {"type""#, with: #"{«"propertis"»: {"type""#),
                       message: "rules section 'propertis' is not one of properties, traits, context", severity: .warning)
        XCTAssertEqual(d?.fixes.first?.title, "Rename to 'properties'")
        expect(RudderStackRule.ruleSectionUnknown,
               in: Self.upsertEvent.replacingOccurrences(of: #"{"properties": {"type": "object", "additionalProperties": false,"#,
                                                         with: #"{"context": {"properties": {«"trait"»: {"type": "object"}}}, "properties": {"type": "object", "additionalProperties": false,"#),
               message: "'context.trait' is not one RudderStack validates", severity: .warning)
    }

    // MARK: Legacy tracking-plan JSON

    /// RudderTyper's `plan.json` (keys sorted, tab-indented) of a plan of the Tracking Plan API.
    static let rudderTyperPlan = """
        {
        \t"createdAt": "2024-03-01T10:00:00.000Z",
        \t"creationType": "Data catalog API",
        \t"id": "tp_2abc",
        \t"name": "Web Shop",
        \t"rules": {
        \t\t"events": [
        \t\t\t{
        \t\t\t\t"description": "An order was paid",
        \t\t\t\t"eventType": "track",
        \t\t\t\t"name": "Order Completed",
        \t\t\t\t"rules": {
        \t\t\t\t\t"$schema": "http://json-schema.org/draft-07/schema#",
        \t\t\t\t\t"properties": {
        \t\t\t\t\t\t"properties": {
        \t\t\t\t\t\t\t"additionalProperties": false,
        \t\t\t\t\t\t\t"properties": {"total": {"type": ["number"]}},
        \t\t\t\t\t\t\t"required": ["total"],
        \t\t\t\t\t\t\t"type": "object"
        \t\t\t\t\t\t}
        \t\t\t\t\t},
        \t\t\t\t\t"type": "object"
        \t\t\t\t}
        \t\t\t},
        \t\t\t{
        \t\t\t\t"eventType": "identify",
        \t\t\t\t"name": "",
        \t\t\t\t"rules": {"properties": {"context": {"properties": {"traits": {"properties": {"email": {"type": "string", "format": "email"}}, "type": "object"}}}}, "type": "object"}
        \t\t\t}
        \t\t]
        \t},
        \t"updatedAt": "2024-03-02T10:00:00.000Z",
        \t"version": 4,
        \t"workspaceId": "ws_1"
        }
        """

    func testARudderTyperPlanIsRecognisedAndClean() {
        XCTAssertEqual(analyze(Self.rudderTyperPlan).kind, .rudderstackTrackingPlan)
        clean(Self.rudderTyperPlan)
        // The older API's naming: a resource name and a display name.
        let v1 = #"{"name": "workspaces/acme/tracking-plans/tp_1", "display_name": "Web Shop", "version": 2, "create_time": "2023-01-01T00:00:00Z","#
            + #" "rules": {"events": [{"name": "Signed Up", "eventType": "track", "rules": {"type": "object"}}], "global": {"rules": {"type": "object"}}}}"#
        clean(v1)
    }

    func testLegacyPlanRules() {
        expect(RudderStackRule.rulesInvalid, in: Self.rudderTyperPlan.replacingOccurrences(of: #""type": ["number"]"#, with: #""type": ["numbr"]"#)
                                                   .replacingOccurrences(of: #"{"total": {"type""#, with: #"{"total": {«"type"»"#), message: "numbr")
        expect(RudderStackRule.ruleSectionUnknown, in: Self.rudderTyperPlan.replacingOccurrences(of: #""properties": {"context""#, with: #""properties": {«"contxt"»"#),
               message: "did you mean 'context'", severity: .warning)
        expect(RudderStackRule.eventTypeInvalid, in: Self.rudderTyperPlan.replacingOccurrences(of: #""eventType": "identify""#, with: #""eventType": «"identity"»"#),
               message: "did you mean 'identify'")
        expect(RudderStackRule.eventDuplicate, in: Self.rudderTyperPlan.replacingOccurrences(of: "\"eventType\": \"identify\",\n\t\t\t\t\"name\": \"\"",
                                                                                              with: "\"eventType\": \"track\",\n\t\t\t\t\"name\": «\"Order Completed\"»"),
               message: "event 'Order Completed' is already in this tracking plan")
        expect(RudderStackRule.nameInvalid, in: Self.rudderTyperPlan.replacingOccurrences(of: #""name": "Web Shop""#, with: #""name": «"W"»"#), message: "too short")
    }
}

extension RudderStackRulesTests {
    /// Examples/rudderstack/data-catalog-api: the API's bodies and RudderTyper's plan check clean; each broken
    /// copy shows the rules above, the cross-file ones (a variant's property id) included.
    func testTheDataCatalogAPIExamples() throws {
        let folder = Self.examples.appendingPathComponent("data-catalog-api").path
        let (configuration, _, _) = try Configuration.load(from: folder)
        let files = try WorkspaceFiles.collect([folder], configuration: configuration).filter { !$0.hasSuffix("/" + Configuration.fileName) }
        let analyzer = Analyzer(configuration: configuration)
        let results = analyzer.crossFile(try files.map { analyzer.analyze(path: $0, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) })
        var rules: [String: [String]] = [:]
        for r in results { rules[URL(fileURLWithPath: r.path).lastPathComponent] = r.diagnostics.map(\.rule).sorted() }
        XCTAssertEqual(rules.count, 7)
        for clean in ["catalog.json", "address.custom-type.json", "order-completed.upsert-event.json", "plan.json"] {
            XCTAssertEqual(rules[clean], [], clean)
        }
        XCTAssertEqual(results.first { $0.path.hasSuffix("/plan.json") }?.kind, .rudderstackTrackingPlan)
        XCTAssertEqual(rules["address-broken.custom-type.json"], [RudderStackRule.customTypeInvalid, RudderStackRule.customTypeInvalid, RudderStackRule.descriptionInvalid,
                                                                  RudderStackRule.referenceUnresolved] + Array(repeating: RudderStackRule.variantInvalid, count: 4))
        XCTAssertEqual(rules["checkout-broken.tracking-plan.json"], Array(repeating: RudderStackRule.nestingInvalid, count: 3) + [RudderStackRule.propertyNameInvalid])
        XCTAssertEqual(rules["order-completed-broken.upsert-event.json"], [RudderStackRule.ruleSectionUnknown, RudderStackRule.rulesKeywordRestricted])
    }
}

extension RudderStackRulesTests {
    /// A rename quick fix is offered only where the new name is free: renaming next to an existing key would
    /// write a duplicate key.
    func testNoRenameFixOntoAKeyAlreadyThere() {
        let free = expect(RudderStackRule.configEventTypeInvalid, in: #"{"config": {«"trak"»: {"unplannedProperties": "drop"}}}"#, message: "did you mean 'track'")
        XCTAssertEqual(free?.fixes.map(\.title), ["Rename to 'track'"])
        let taken = expect(RudderStackRule.configEventTypeInvalid,
                           in: #"{"config": {"track": {"unplannedProperties": "drop"}, «"trak"»: {"unplannedProperties": "drop"}}}"#, message: "did you mean 'track'")
        XCTAssertEqual(taken?.fixes.count, 0)
        let section = expect(RudderStackRule.ruleSectionUnknown,
                             in: Self.upsertEvent.replacingOccurrences(of: #"{"properties": {"type""#, with: #"{«"propertis"»: {}, "properties": {"type""#),
                             message: "did you mean 'properties'", severity: .warning)
        XCTAssertEqual(section?.fixes.count, 0)
    }
}
