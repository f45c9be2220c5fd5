import XCTest
import JSONSyntax
@testable import TrackingPlans

/// Each RudderStack rule on a valid and an invalid file, with the exact range (marked by `«…»`) and
/// message; quick fixes applied and re-analysed; the workspace rules over several files.
final class RudderStackRulesTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: IgluContext(folders: []))

    /// One file as `check` sees it alone: its own rules plus the workspace rules over itself.
    func analyze(_ text: String, path: String = "/w/plan.json") -> FileAnalysis {
        analyzer.crossFile([raw(text, path: path)])[0]
    }

    /// One file's own rules only, for tests that run the workspace rules over several files.
    func raw(_ text: String, path: String) -> FileAnalysis {
        analyzer.analyze(path: path, bytes: Array(text.utf8))
    }

    /// Exactly one diagnostic of `rule`, at the marked range, whose message contains `message`.
    @discardableResult
    func expect(_ rule: String, in markedSource: String, message: String, severity: Severity = .error,
                file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        let (text, range) = markedText(markedSource)
        let all = analyze(text).diagnostics
        let found = all.filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(rule): \(all.map { "\($0.rule) \($0.message)" })", file: file, line: line)
        guard let d = found.first else { return nil }
        XCTAssertEqual(d.range, range, "range of \(rule): \(d.message)", file: file, line: line)
        XCTAssertTrue(d.message.contains(message), "message of \(rule): \(d.message)", file: file, line: line)
        XCTAssertEqual(d.severity, severity, file: file, line: line)
        return d
    }

    func clean(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = analyze(text)
        XCTAssertNotEqual(result.kind, .json, "not detected: \(text)", file: file, line: line)
        XCTAssertEqual(result.diagnostics.map { "\($0.rule) \($0.message)" }, [], file: file, line: line)
    }

    /// Applies a diagnostic's first fix and returns the new text.
    func applyFix(_ d: Diagnostic?, to markedSource: String) -> String {
        var bytes = Array(markedText(markedSource).0.utf8)
        for edit in (d?.fixes.first?.edits ?? []).sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            bytes.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func plan(_ events: String, name: String = "\"Web plan\"") -> String {
        "{\"name\": \(name), \"events\": [\(events)]}"
    }

    func track(_ properties: String = "", extra: String = "") -> String {
        "{\"name\": \"Product Viewed\", \"eventType\": \"track\"\(extra)\(properties.isEmpty ? "" : ", \"properties\": [\(properties)]")}"
    }

    // MARK: Kinds

    func testKindsAreDetectedByContent() {
        XCTAssertEqual(analyze(plan(track())).kind, .rudderstackTrackingPlan)
        XCTAssertEqual(analyze(#"{"events": [{"name": "Order Completed", "eventType": "track"}]}"#).kind, .rudderstackCatalog)
        XCTAssertEqual(analyze(#"{"data": [{"id": "p1", "name": "sku", "type": "string"}], "total": 1}"#).kind, .rudderstackCatalog)
        XCTAssertEqual(analyze(#"[{"name": "sku", "type": "string"}]"#).kind, .rudderstackCatalog)
        XCTAssertEqual(analyze(#"{"sourceId": "s", "trackingPlanId": "t", "config": {}}"#).kind, .rudderstackConnection)
        XCTAssertEqual(analyze(#"{"config": {"track": {"allowUnplannedEvents": "true"}}}"#).kind, .rudderstackConnection)
        // Neither: a JSON Schema, an unrelated array, a package manifest.
        XCTAssertEqual(analyze(#"{"type": "object", "properties": {"events": {"type": "array"}}}"#).kind, .json)
        XCTAssertEqual(analyze(#"[{"id": 1, "name": "x"}]"#).kind, .json)
        XCTAssertEqual(analyze(#"{"name": "pkg", "config": {"port": 1}, "scripts": {}}"#).kind, .json)
    }

    func testCleanFiles() {
        clean(plan(track(#"{"name": "sku", "type": ["string", "null"], "required": true, "propConfig": {"minLength": 1, "pattern": "^[A-Z]+$"}}"#,
                         extra: #", "id": "ev_1", "categoryId": "cat_1", "additionalProperties": false, "rules": {"type": "object", "required": ["properties"]}"#)
                   + #", {"name": "", "eventType": "identify", "identitySection": "context.traits"}"#))
        clean(#"{"categories": [{"id": "c1", "name": "Checkout"}], "events": [{"id": "e1", "name": "Order Completed", "eventType": "track", "categoryId": "c1"}]}"#)
        clean(#"{"sourceId": "s", "config": {"track": {"allowUnplannedEvents": "false", "unplannedProperties": "drop"}, "identify": {"propagateValidationErrors": "true"}}}"#)
    }

    // MARK: Names

    func testPlanEventAndCategoryNames() {
        expect(RudderStackRule.nameInvalid, in: plan(track(), name: "«\"TP\"»"), message: "tracking plan name 'TP' is too short: 2 characters, at least 3")
        let long = String(repeating: "a", count: 66)
        expect(RudderStackRule.nameInvalid, in: plan(track(), name: "«\"\(long)\"»"), message: "is too long: 66 characters, at most 65")
        expect(RudderStackRule.nameInvalid, in: plan(#"{"name": "«2»FA Enabled", "eventType": "track"}"#), message: "event name '2FA Enabled' must start with a letter, not '2'")
        expect(RudderStackRule.nameInvalid, in: plan(#"{"name": "Cart «!»", "eventType": "track"}"#), message: "has '!' at position 6; only letters, numbers, underscores, commas, spaces, dashes or dots are allowed")
        expect(RudderStackRule.nameInvalid, in: #"{"categories": [{"name": "Sales «&» Ads"}]}"#, message: "category name 'Sales & Ads' has '&' at position 7")
        clean(plan(#"{"name": "Order v2.1, EU-west_x", "eventType": "track"}"#, name: "\"A plan, v2.0 - EU_west\""))
    }

    func testPlanNameRequired() {
        // `{"id": …, "events": [...]}` is a plan (it has plan fields) without a name.
        expect(RudderStackRule.nameRequired, in: #"«{»"id": "tp_1", "events": []}"#, message: "a tracking plan needs a 'name'")
    }

    func testPropertyNames() {
        expect(RudderStackRule.propertyNameInvalid, in: plan(track(#"{"name": "utm«.»source"}"#)), message: "property name 'utm.source' has '.' at position 4; only letters, numbers, underscores or spaces are allowed")
        expect(RudderStackRule.propertyNameInvalid, in: plan(track(#"{"name": "«_»id"}"#)), message: "must start with a letter, not '_'")
        expect(RudderStackRule.propertyNameInvalid, in: plan(track(#"{"name": «""»}"#)), message: "needs at least one character")
        expect(RudderStackRule.nameRequired, in: plan(track(#"«{»"type": "string"}"#)), message: "a property needs a 'name' (or the 'id' of a catalog property)")
        clean(plan(track(#"{"name": "First name 2"}, {"id": "prop_1"}"#)))
    }

    // MARK: Events

    func testEventTypes() {
        let d = expect(RudderStackRule.eventTypeInvalid, in: plan(#"{"name": "Order Completed", "eventType": «"Track"»}"#),
                       message: "eventType 'Track' is not one of track, identify, group, page, screen; did you mean 'track'?")
        XCTAssertEqual(applyFix(d, to: plan(#"{"name": "Order Completed", "eventType": «"Track"»}"#)), plan(#"{"name": "Order Completed", "eventType": "track"}"#))
        expect(RudderStackRule.eventTypeInvalid, in: plan(#"{«"name"»: "Order Completed"}"#), message: "an event needs an 'eventType'")
        expect(RudderStackRule.eventNameRequired, in: plan(#"{"name": «"  "», "eventType": "track"}"#), message: "a track event needs a name")
        expect(RudderStackRule.eventNameRequired, in: plan(#"«{»"eventType": "track"}"#), message: "a track event needs a name")
        let source = plan(#"{"name": «"Signed In"», "eventType": "identify"}"#)
        let named = expect(RudderStackRule.eventNameNotEmpty, in: source, message: "identify events have no name")
        let fixed = applyFix(named, to: source)
        XCTAssertEqual(fixed, plan(#"{"name": "", "eventType": "identify"}"#))
        XCTAssertEqual(analyze(fixed).diagnostics, [], "the fix removes the diagnostic and nothing else changes")
        for type in ["group", "page", "screen"] { clean(plan("{\"name\": \"\", \"eventType\": \"\(type)\"}")) }
    }

    func testIdentitySection() {
        let source = plan(#"{"name": "", "eventType": "identify", "identitySection": «"trait"»}"#)
        let d = expect(RudderStackRule.identitySectionInvalid, in: source, message: "identitySection 'trait' is not one of properties, traits, context.traits; did you mean 'traits'?")
        XCTAssertEqual(analyze(applyFix(d, to: source)).diagnostics, [])
    }

    func testDuplicateEventsAndProperties() {
        let d = expect(RudderStackRule.eventDuplicate, in: plan(#"{"name": "Order Completed", "eventType": "track"}, {"name": «"Order Completed"», "eventType": "track"}"#),
                       message: "event 'Order Completed' is already in this tracking plan")
        XCTAssertEqual(d?.related.count, 1)
        expect(RudderStackRule.eventDuplicate, in: plan(#"{"name": "", "eventType": "page"}, {"name": «""», "eventType": "page"}"#), message: "page event is already in this tracking plan")
        clean(plan(#"{"name": "", "eventType": "page"}, {"name": "", "eventType": "screen"}, {"name": "Order Completed", "eventType": "track"}"#))
        expect(RudderStackRule.propertyDuplicate, in: plan(track(#"{"name": "sku"}, {"name": «"sku"»}"#)), message: "property 'sku' is already defined in this list")
        expect(RudderStackRule.propertyDuplicate, in: plan(track(#"{"id": "p1"}, {"id": «"p1"»}"#)), message: "property 'p1' is already defined")
        // Nested object properties are their own list.
        clean(plan(track(#"{"name": "sku"}, {"name": "product", "type": "object", "properties": [{"name": "sku"}]}"#)))
        expect(RudderStackRule.keywordNotApplicable, in: plan(track(#"{"name": "product", "type": "string", «"properties"»: [{"name": "sku"}]}"#)),
               message: "nested 'properties' need type object (or array), but the property's type is string")
    }

    // MARK: Property types and keywords

    func testPropertyTypes() {
        let d = expect(RudderStackRule.propertyTypeInvalid, in: plan(track(#"{"name": "sku", "type": «"strng"»}"#)), message: "'strng' is not a property type; use string, integer, number, object, array, boolean, null; did you mean 'string'?")
        XCTAssertEqual(d?.fixes.first?.edits.first?.newText, "\"string\"")
        expect(RudderStackRule.propertyTypeInvalid, in: plan(track(#"{"name": "sku", "type": ["string", «"string"»]}"#)), message: "type 'string' is listed twice")
        expect(RudderStackRule.propertyTypeInvalid, in: plan(track(#"{"name": "sku", "type": «[]»}"#)), message: "the type list is empty")
        expect(RudderStackRule.propertyTypeInvalid, in: plan(track(#"{"name": "sku", "type": «3»}"#)), message: "'type' must be a type name or a list of them, found a number")
        clean(plan(track(#"{"name": "a", "type": "integer"}, {"name": "b", "type": ["object", "array", "boolean", "null", "number"]}, {"name": "c"}"#)))
    }

    func testKeywordsMustFitTheType() {
        expect(RudderStackRule.keywordNotApplicable, in: plan(track(#"{"name": "price", "type": "number", "propConfig": {«"minLength"»: 1}}"#)),
               message: "'minLength' applies to string properties, but this property's type is number")
        expect(RudderStackRule.keywordNotApplicable, in: plan(track(#"{"name": "sku", "type": ["string", "null"], "propConfig": {«"minimum"»: 1}}"#)),
               message: "'minimum' applies to integer or number properties, but this property's type is string, null")
        expect(RudderStackRule.keywordNotApplicable, in: plan(track(#"{"name": "tags", "type": "string", "propConfig": {«"uniqueItems"»: true}}"#)),
               message: "'uniqueItems' applies to array properties")
        expect(RudderStackRule.keywordNotApplicable, in: plan(track(#"{"name": "sku", "propConfig": {«"minLenght"»: 1}}"#)),
               message: "'minLenght' is not an advanced keyword RudderStack supports; did you mean 'minLength'?")
        // No type: every keyword fits; a multi-type property takes the keywords of each of its types.
        clean(plan(track(#"{"name": "a", "propConfig": {"minLength": 1, "minimum": 0, "minItems": 1}}, {"name": "b", "type": ["string", "integer"], "propConfig": {"maxLength": 3, "maximum": 9, "multipleOf": 3}}"#)))
    }

    func testKeywordValues() {
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "sku", "type": "string", "propConfig": {"minLength": «-1»}}"#)), message: "'minLength' must be an integer ≥ 0, found -1")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "tags", "type": "array", "propConfig": {"maxItems": «1.5»}}"#)), message: "'maxItems' must be an integer ≥ 0, found 1.5")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "sku", "type": "string", "propConfig": {"minLength": 5, "maxLength": «2»}}"#)), message: "'maxLength' (2) must be at least 'minLength' (5)")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "n", "type": "number", "propConfig": {"exclusiveMinimum": 1, "exclusiveMaximum": «1»}}"#)), message: "'exclusiveMaximum' (1) must be greater than 'exclusiveMinimum' (1)")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "n", "type": "number", "propConfig": {"minimum": «"0"»}}"#)), message: "'minimum' must be a number, found \"0\"")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "n", "type": "number", "propConfig": {"multipleOf": «0»}}"#)), message: "'multipleOf' must be a number greater than 0, found 0")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "s", "type": "string", "propConfig": {"pattern": «"a("»}}"#)), message: "'pattern' is not a valid regular expression: missing ')'")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "s", "type": "string", "propConfig": {"format": «"date_time"»}}"#)), message: "format 'date_time' is not supported; use date-time, date, time, email, uuid, hostname, ipv4, ipv6; did you mean 'date-time'?")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "s", "type": "string", "propConfig": {"enum": «[]»}}"#)), message: "'enum' is empty")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "s", "type": "string", "propConfig": {"enum": ["a", «"a"»]}}"#)), message: "enum value \"a\" is listed twice")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "s", "type": "string", "propConfig": {"enum": ["a", «1»]}}"#)), message: "enum value 1 is not of the property's type (string)")
        expect(RudderStackRule.keywordInvalid, in: plan(track(#"{"name": "t", "type": "array", "propConfig": {"itemTypes": ["string", «"text"»]}}"#)), message: "item type 'text' is not a property type")
        expect(RudderStackRule.wrongType, in: plan(track(#"{"name": "t", "type": "array", "propConfig": {"uniqueItems": «"yes"»}}"#)), message: "'uniqueItems' must be a boolean, found a string")
        clean(plan(track(#"{"name": "n", "type": "integer", "propConfig": {"minimum": 0, "maximum": 0, "exclusiveMaximum": 1, "multipleOf": 0.5, "enum": [1, 2.0e0]}}"#)))
    }

    // MARK: rules

    func testRules() {
        expect(RudderStackRule.rulesInvalid, in: plan(track(extra: #", "rules": {"properties": {"properties": {«"type"»: "objekt"}}}"#)), message: "rules: unknown type 'objekt'")
        expect(RudderStackRule.rulesInvalid, in: plan(track(extra: #", "rules": «[]»"#)), message: "'rules' must be a JSON Schema (an object), found an array")
        for keyword in RudderStackRule.restrictedRulesKeywords {
            let value = ["if", "then", "else", "propertyNames", "contains", "unevaluatedProperties", "unevaluatedItems"].contains(keyword) ? "{}"
                : (keyword == "prefixItems" ? "[]" : (keyword == "const" ? "1" : (keyword == "patternProperties" ? "{}" : "1")))
            expect(RudderStackRule.rulesKeywordRestricted, in: plan(track(extra: ", \"rules\": {\"properties\": {\"properties\": {\"allOf\": [{«\"\(keyword)\"»: \(value)}]}}}")),
                   message: "'\(keyword)' is not supported in RudderStack rules")
        }
        // A property *named* like a restricted keyword is not the keyword.
        clean(plan(track(extra: #", "rules": {"properties": {"properties": {"properties": {"const": {"type": "string"}, "if": {"type": "number"}}}}}"#)))
    }

    // MARK: Catalog

    func testCatalogFiles() {
        let text = #"{"properties": [{"name": "sku", "type": "string"}, {"name": "sku", "type": "string"}], "categories": [{"name": "sku"}]}"#
        let both = analyze(text).diagnostics
        XCTAssertEqual(both.map(\.rule), [RudderStackRule.catalogDuplicate, RudderStackRule.catalogDuplicate], "both places; the category of that name is another kind")
        XCTAssertEqual(both.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }, ["\"sku\"", "\"sku\""])
        XCTAssertEqual(both[0].message, "another catalog property is named 'sku'; catalog names must be unique")
        expect(RudderStackRule.eventTypeInvalid, in: #"{"data": [{"id": "e1", "name": "Alias", "eventType": «"alias"»}], "total": 1}"#, message: "eventType 'alias' is not one of")
        expect(RudderStackRule.unknownKey, in: #"{"data": [{"id": "c1", "name": "Checkout", «"colour"»: "red"}], "total": 1}"#, message: "unknown key 'colour' in a category", severity: .warning)
        expect(RudderStackRule.nameRequired, in: #"{"categories": [«{»"id": "c1"}]}"#, message: "a category needs a 'name'")
    }

    // MARK: Connection config

    func connection(_ config: String) -> String { "{\"sourceId\": \"src_1\", \"trackingPlanId\": \"tp_1\", \"config\": \(config)}" }

    func testConnectionConfig() {
        expect(RudderStackRule.configEmpty, in: connection("«{}»"), message: "'config' is empty")
        expect(RudderStackRule.configEmpty, in: #"«{»"sourceId": "s", "trackingPlanId": "t"}"#, message: "needs a non-empty 'config'")
        let typo = connection(#"{«"Track"»: {"allowUnplannedEvents": "true"}}"#)
        let d = expect(RudderStackRule.configEventTypeInvalid, in: typo, message: "'Track' is not an event type of the config; use track, identify, group, page, screen, global; did you mean 'track'?")
        XCTAssertEqual(analyze(applyFix(d, to: typo)).diagnostics, [])
        expect(RudderStackRule.configEventBlank, in: connection(#"{"track": «{}»}"#), message: "the settings for 'track' are empty")
        expect(RudderStackRule.configSettingInvalid, in: connection(#"{"page": {«"allowUnplannedEvents"»: "true"}}"#), message: "'allowUnplannedEvents' is only allowed under track and global, not under 'page'")
        expect(RudderStackRule.configSettingInvalid, in: connection(#"{"global": {«"anyOtherViolations"»: "drop"}}"#), message: "unknown setting 'anyOtherViolations' for 'global' (settings: allowUnplannedEvents, unplannedProperties, anyOtherViolation, propagateValidationErrors); did you mean 'anyOtherViolation'?")
        expect(RudderStackRule.configValueInvalid, in: connection(#"{"track": {"unplannedProperties": «"keep"»}}"#), message: "'unplannedProperties' must be \"forward\" or \"drop\", found \"keep\"")
        expect(RudderStackRule.configValueInvalid, in: connection(#"{"track": {"anyOtherViolation": «1»}}"#), message: "'anyOtherViolation' must be \"forward\" or \"drop\", found a number")
        let boolean = connection(#"{"identify": {"propagateValidationErrors": «true»}}"#)
        let b = expect(RudderStackRule.configValueInvalid, in: boolean, message: "'propagateValidationErrors' takes the string \"true\", not the JSON boolean true")
        XCTAssertEqual(applyFix(b, to: boolean), connection(#"{"identify": {"propagateValidationErrors": "true"}}"#))
        let cased = connection(#"{"global": {"allowUnplannedEvents": «"False"»}}"#)
        let c = expect(RudderStackRule.configValueInvalid, in: cased, message: "did you mean 'false'?")
        XCTAssertEqual(analyze(applyFix(c, to: cased)).diagnostics, [])
    }

    func testSettingsHaveHoverDocumentation() {
        for setting in RudderStackRule.allSettings + RudderStackRule.configEventTypes {
            XCTAssertNotNil(RudderStackRule.settingDocs[setting], setting)
        }
        XCTAssertTrue(RudderStackRule.settingDocs["propagateValidationErrors"]!.contains("context.violationErrors"))
        XCTAssertTrue(RudderStackRule.settingDocs["unplannedProperties"]!.contains("drops"))
    }

    // MARK: Workspace rules

    /// Three files define `sku` (string): two agree, the catalog differs. Every place is reported, each
    /// linking the definitions that disagree with it; the facts-only scan gives the same facts.
    func testPropertyConflictAcrossThreeFiles() {
        let a = raw(plan(track(#"{"name": "sku", "type": "string", "propConfig": {"minLength": 1, "maxLength": 9}}"#)), path: "/w/a.json")
        let b = raw(plan(#"{"name": "Order Completed", "eventType": "track", "properties": [{"name": "sku", "type": "string", "propConfig": {"maxLength": 9, "minLength": 1}}]}"#), path: "/w/b.json")
        let c = raw(#"{"properties": [{"id": "p1", "name": "sku", "type": "string", "propConfig": {"minLength": 2}}, {"name": "sku2", "type": "number"}]}"#, path: "/w/catalog.json")
        let results = analyzer.crossFile([a, b, c])
        for r in results {
            XCTAssertEqual(analyzer.facts(path: r.path, bytes: r.tree.bytes), r.facts, r.path)
        }
        let conflicts = results.map { $0.diagnostics.filter { $0.rule == RudderStackRule.propertyConflict } }
        XCTAssertEqual(conflicts.map(\.count), [1, 1, 1])
        XCTAssertEqual(conflicts[0][0].message, #"Property with name [sku] and type [string] already exists with different advanced keywords. Here: {"maxLength":9,"minLength":1}"#)
        XCTAssertEqual(conflicts[0][0].related.map(\.location.path), ["/w/catalog.json"], "a and b agree (key order does not matter)")
        XCTAssertEqual(Set(conflicts[2][0].related.map(\.location.path)), ["/w/a.json", "/w/b.json"])
        XCTAssertEqual(String(decoding: c.tree.bytes[conflicts[2][0].range], as: UTF8.self), "\"sku\"")
        // Another type is another property.
        let d = raw(plan(track(#"{"name": "sku", "type": "number", "propConfig": {"minimum": 1}}"#)), path: "/w/d.json")
        XCTAssertEqual(analyzer.crossFile([a, d]).flatMap(\.diagnostics), [])
    }

    func testReferencesResolveAgainstCatalogFiles() {
        let planText = plan(#"{"id": "ev_order", "name": "Order Completed", "eventType": "track", "categoryId": "cat_chekout", "properties": [{"id": "prop_sku"}, {"id": "prop_gone"}]}"#)
        let p = raw(planText, path: "/w/plan.json")
        // Without catalog files, ids cannot be judged: nothing reported.
        XCTAssertEqual(analyzer.crossFile([p])[0].diagnostics, [])
        let catalog = raw(#"{"categories": [{"id": "cat_checkout", "name": "Checkout"}], "properties": [{"id": "prop_sku", "name": "sku", "type": "string"}]}"#, path: "/w/catalog.json")
        let unresolved = analyzer.crossFile([p, catalog])[0].diagnostics.filter { $0.rule == RudderStackRule.referenceUnresolved }
        XCTAssertEqual(unresolved.map(\.message), [
            "categoryId 'cat_chekout' is not defined in any catalog file of the workspace; did you mean 'cat_checkout'?",
            "property id 'prop_gone' is not defined in any catalog file of the workspace",
        ], "event ids are not checked: the workspace has no catalog of events")
        XCTAssertEqual(String(decoding: p.tree.bytes[unresolved[0].range], as: UTF8.self), "\"cat_chekout\"")
    }

    func testCatalogNamesAreUniqueAcrossFiles() {
        let one = raw(#"{"events": [{"id": "e1", "name": "Order Completed", "eventType": "track"}, {"id": "e2", "name": "", "eventType": "identify"}]}"#, path: "/w/one.json")
        let two = raw(#"{"data": [{"id": "e3", "name": "order completed", "eventType": "track"}, {"id": "e4", "name": "", "eventType": "page"}, {"id": "e1", "name": "Order Completed", "eventType": "track"}]}"#, path: "/w/two.json")
        let results = analyzer.crossFile([one, two])
        let dups = results.map { $0.diagnostics.filter { $0.rule == RudderStackRule.catalogDuplicate } }
        // e1 listed in both files is one item; e3 clashes with it in either file (names compare case-insensitively).
        XCTAssertEqual(dups.map(\.count), [1, 2])
        XCTAssertEqual(dups[0][0].message, "another catalog track event is named 'Order Completed'; catalog names must be unique")
    }
}

extension RudderStackRulesTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Examples/rudderstack")

    /// Every prefix of every RudderStack example (a file being typed) is analysed without a crash, as the kind
    /// the whole file has; the complete clean files stay clean.
    func testEveryPrefixOfTheExamples() throws {
        let api = "data-catalog-api/"
        let files = try (FileManager.default.contentsOfDirectory(atPath: Self.examples.path)
            + FileManager.default.contentsOfDirectory(atPath: Self.examples.path + "/" + api).map { api + $0 })
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(Configuration.fileName) }.sorted()
        XCTAssertEqual(files.count, 14)
        var analysed = 0
        for file in files {
            let name = file.replacingOccurrences(of: api, with: "")
            let bytes = try [UInt8](Data(contentsOf: Self.examples.appendingPathComponent(file)))
            let kind = analyzer.analyze(path: "/w/\(name)", bytes: bytes).kind
            XCTAssertTrue(kind.isRudderStack, name)
            var config = Configuration(root: "/w")
            config.kindOverrides = [.init(glob: try Glob("*.json"), kind: kind)]
            let forced = Analyzer(configuration: config, iglu: IgluContext(folders: []))
            for length in 0...bytes.count {
                let a = forced.analyze(path: "/w/\(name)", bytes: Array(bytes[..<length]))
                XCTAssertTrue(a.diagnostics.allSatisfy { $0.range.upperBound <= length }, "\(name)[..<\(length)]")
                analysed += 1
            }
            if !name.contains("broken") {
                XCTAssertEqual(analyzer.analyze(path: "/w/\(name)", bytes: bytes).diagnostics, [], name)
            }
        }
        XCTAssertGreaterThan(analysed, 5_000)
    }

    func testDeepNestingIsBounded() {
        var property = #"{"name": "leaf"}"#
        for _ in 0..<200 { property = #"{"name": "node", "type": "object", "properties": ["# + property + "]}" }
        let result = analyze(plan(track(property)))
        // RudderStack's own limit (3 levels) stops the walk: one diagnostic, at the fourth level's key.
        XCTAssertEqual(result.diagnostics.map(\.message), ["properties nest 4 levels deep; RudderStack allows at most 3"])
    }
}

/// What the Data Catalog API itself returns or documents is not judged wrong: comma-separated types, a null
/// category, described categories, read-only fields, and the `rules` the API writes into responses.
final class RudderStackAPIShapesTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/w"), iglu: IgluContext(folders: []))

    func diagnostics(_ text: String, path: String = "/w/plan.json") -> [String] {
        let a = analyzer.crossFile([analyzer.analyze(path: path, bytes: Array(text.utf8))])[0]
        XCTAssertNotEqual(a.kind, .json)
        return a.diagnostics.map { "\($0.rule) \($0.message)" }
    }

    /// A tracking plan as GET /catalog/tracking-plans/{id} returns it.
    static let response = """
        {
          "id": "tp_2abc", "name": "Web Shop", "description": "The shop's plan", "version": 3, "creationType": "Data catalog API",
          "workspaceId": "ws_1", "createdAt": "2025-01-01T00:00:00.000Z", "updatedAt": "2025-02-01T00:00:00.000Z",
          "events": [
            {
              "id": "ev_1", "name": "Order Completed", "description": "Paid", "eventType": "track", "categoryId": null,
              "workspaceId": "ws_1", "createdBy": "usr_1", "updatedBy": "usr_1", "createdAt": "2025-01-01T00:00:00.000Z",
              "updatedAt": "2025-01-01T00:00:00.000Z", "externalId": "ext-1", "identitySection": "properties", "additionalProperties": false,
              "rules": {
                "type": "object",
                "properties": {"properties": {"type": "object", "properties": {"total": {"type": ["number", "string"]}}, "required": ["total"],
                                              "unevaluatedProperties": false,
                                              "if": {"properties": {"total": {"type": "string"}}}, "then": {"required": ["total"]}}}
              }
            }
          ]
        }
        """

    func testTheAPIsOwnResponseIsClean() {
        XCTAssertEqual(diagnostics(Self.response), [])
        // The same rules written by a user in a request are still refused.
        let request = Self.response.replacingOccurrences(of: "\"workspaceId\": \"ws_1\", ", with: "")
            .replacingOccurrences(of: "\"createdAt\": \"2025-01-01T00:00:00.000Z\", \"updatedAt\": \"2025-02-01T00:00:00.000Z\",", with: "")
            .replacingOccurrences(of: "\"createdBy\": \"usr_1\", \"updatedBy\": \"usr_1\", \"createdAt\": \"2025-01-01T00:00:00.000Z\",", with: "")
            .replacingOccurrences(of: "\"updatedAt\": \"2025-01-01T00:00:00.000Z\", \"externalId\": \"ext-1\", ", with: "")
        XCTAssertEqual(Set(diagnostics(request)), ["rudderstack/rules-keyword-restricted 'unevaluatedProperties' is not supported in RudderStack rules",
                                                   "rudderstack/rules-keyword-restricted 'if' is not supported in RudderStack rules",
                                                   "rudderstack/rules-keyword-restricted 'then' is not supported in RudderStack rules"])
    }

    func testCommaSeparatedTypesNullCategoriesAndDescribedCategories() {
        XCTAssertEqual(diagnostics("""
            {"properties": [{"name": "total", "type": "number, string", "propConfig": {"minimum": 0}}],
             "categories": [{"id": "cat_1", "name": "Checkout", "description": "Checkout events"}],
             "events": [{"id": "ev_1", "name": "Order Completed", "eventType": "track", "categoryId": null}]}
            """, path: "/w/catalog.json"), [])
        XCTAssertEqual(diagnostics("""
            {"properties": [{"name": "total", "type": "number, strng"}]}
            """, path: "/w/catalog.json"), ["rudderstack/property-type-invalid 'strng' is not a property type; use string, integer, number, object, array, boolean, null; did you mean 'string'?"])
    }
}
