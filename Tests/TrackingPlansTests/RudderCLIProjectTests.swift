import XCTest
import JSONSyntax
@testable import TrackingPlans

/// rudder-cli project files beyond what rudder-cli's own catalogue exemplifies: each rule with its exact
/// range (`«…»`) and message, fixes applied, several files resolved together, JSON like YAML, navigation and
/// completion of references.
final class RudderCLIProjectTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/p"), iglu: IgluContext(folders: []))

    /// Files of one project (`name` → text), analysed with the project-wide rules.
    func project(_ files: [String: String]) -> [String: FileAnalysis] {
        let analyses = analyzer.crossFile(files.sorted { $0.key < $1.key }.map { analyzer.analyze(path: "/p/" + $0.key, bytes: Array($0.value.utf8)) })
        return Dictionary(uniqueKeysWithValues: analyses.map { (String($0.path.dropFirst(3)), $0) })
    }

    static let properties = """
        version: rudder/v1
        kind: properties
        metadata:
          name: props
        spec:
          properties:
            - id: kind
              name: kind
              type: string
            - id: flag
              name: flag
              type: boolean
            - id: address
              name: address
              type: object
            - id: street
              name: street
              type: string
            - id: typed
              name: typed
              type: "#custom-type:address_type"
        """
    static let types = """
        version: rudder/v1
        kind: custom-types
        metadata:
          name: types
        spec:
          types:
            - id: address_type
              name: AddressType
              type: object
        """

    /// The one diagnostic of `rule` in `file` of the project (the marked one), at the mark, saying `message`.
    @discardableResult
    func expect(_ rule: String, in file: String, of files: [String: String], message: String,
                line: UInt = #line) -> (Diagnostic, FileAnalysis)? {
        var texts = files
        let (text, range) = markedText(files[file]!)
        texts[file] = text
        let a = project(texts)[file]!
        XCTAssertEqual(a.kind, .rudderstackProject, line: line)
        let found = a.diagnostics.filter { $0.rule == rule }
        XCTAssertEqual(found.count, 1, "\(rule): \(a.diagnostics.map { "\($0.rule) \($0.message)" })", line: line)
        guard let d = found.first else { return nil }
        XCTAssertEqual(d.range, range, "range: \(d.message)", line: line)
        XCTAssertTrue(d.message.contains(message), d.message, line: line)
        return (d, a)
    }

    func plan(_ rules: String) -> String {
        """
        version: rudder/v1
        kind: tracking-plan
        metadata:
          name: plan
        spec:
          id: plan
          display_name: Main Plan
          rules:
        \(rules)
        """
    }

    func testAPlanWithinTheLimitsIsClean() {
        let files = ["props.yaml": Self.properties, "types.yaml": Self.types, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:kind"
                    - property: "#property:address"
                      additionalProperties: false
                      properties:
                        - property: "#property:typed"
                          properties:
                            - property: "#property:street"
                  variants:
                    - type: discriminator
                      discriminator: "#property:kind"
                      cases:
                        - display_name: Home
                          match: [home, 1, true]
                          properties:
                            - property: "#property:street"
            """), "events.yaml": """
            version: rudder/v1
            kind: events
            metadata:
              name: events
            spec:
              events:
                - id: e
                  name: Something Happened
                  event_type: track
            """]
        for (name, a) in project(files) {
            XCTAssertEqual(a.diagnostics.map { "\($0.rule) \($0.message)" }, [], name)
        }
    }

    func testPropertiesNestDeeperThanThreeLevels() {
        expect(RudderStackRule.planRuleInvalid, in: "plan.yaml", of: ["props.yaml": Self.properties, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:address"
                      properties:
                        - property: "#property:address"
                          properties:
                            - property: "#property:address"
                              «properties»:
                                - property: "#property:street"
            """)], message: "properties nest 4 levels deep; RudderStack allows at most 3")
    }

    func testAdditionalPropertiesNeedNestedProperties() {
        expect(RudderStackRule.planRuleInvalid, in: "plan.yaml", of: ["props.yaml": Self.properties, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:street"
                      «additionalProperties»: true
            """)], message: "'additionalProperties' applies only to a property with nested properties")
    }

    func testNestedPropertiesUnderAStringOrAnUntypedProperty() {
        expect(RudderStackRule.planRuleInvalid, in: "plan.yaml", of: ["props.yaml": Self.properties, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: «"#property:street"»
                      properties:
                        - property: "#property:kind"
            """)], message: "nested properties need a property of type object (or an array of objects); property 'street' is string")
        // A property typed by a custom type takes the custom type's type: an object one may nest.
        let typed = project(["props.yaml": Self.properties, "types.yaml": Self.types, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:typed"
                      properties:
                        - property: "#property:kind"
            """)])["plan.yaml"]!
        XCTAssertEqual(typed.diagnostics.filter { $0.rule == RudderStackRule.planRuleInvalid }.map(\.message), [])
        // Without the custom type's file, the property's type is unknown: untyped, so no nesting.
        let untyped = project(["props.yaml": Self.properties, "plan.yaml": plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:typed"
                      properties:
                        - property: "#property:kind"
            """)])["plan.yaml"]!
        XCTAssertEqual(untyped.diagnostics.filter { $0.rule == RudderStackRule.planRuleInvalid }.map(\.message),
                       ["nested properties need a property of type object (or an array of objects); property 'typed' is untyped"])
    }

    func testDiscriminators() {
        let rule = { (discriminator: String) in self.plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:address"
                    - property: "#property:flag"
                  variants:
                    - type: discriminator
                      discriminator: \(discriminator)
                      cases:
                        - display_name: A
                          match: [a]
                          properties:
                            - property: "#property:street"
            """) }
        expect(RudderStackRule.variantInvalid, in: "plan.yaml", of: ["props.yaml": Self.properties, "plan.yaml": rule("«\"#property:address\"»")],
               message: "a discriminator must be a string, integer or boolean property; property 'address' is object")
        expect(RudderStackRule.variantInvalid, in: "plan.yaml", of: ["props.yaml": Self.properties, "plan.yaml": rule("«\"#property:kind\"»")],
               message: "discriminator '#property:kind' is not one of this rule's properties")
        let flag = project(["props.yaml": Self.properties, "plan.yaml": rule("\"#property:flag\"")])["plan.yaml"]!
        XCTAssertEqual(flag.diagnostics.filter { $0.rule == RudderStackRule.variantInvalid }.map(\.message), [])
    }

    func testVariantShapes() {
        let file = """
            version: rudder/v1
            kind: custom-types
            metadata:
              name: types
            spec:
              types:
                - id: t
                  name: Thing
                  type: string
                  «variants»:
                    - type: discriminator
                      discriminator: "#property:kind"
                      cases:
                        - display_name: A
                          match: [a]
                          properties:
                            - property: "#property:kind"
            """
        expect(RudderStackRule.customTypeInvalid, in: "types.yaml", of: ["props.yaml": Self.properties, "types.yaml": file],
               message: "variants are allowed only on object custom types; this one is string")
        let cases = """
            version: rudder/v1
            kind: custom-types
            metadata:
              name: types
            spec:
              types:
                - id: t
                  name: Thing
                  type: object
                  properties:
                    - property: "#property:kind"
                  variants:
                    - type: «switch»
                      discriminator: "#property:kind"
                      cases:
                        - display_name: A
                          match: [a]
                          properties:
                            - property: "#property:kind"
            """
        let (d, _) = expect(RudderStackRule.variantInvalid, in: "types.yaml", of: ["props.yaml": Self.properties, "types.yaml": cases],
                            message: "a variant's 'type' must be discriminator")!
        // Plain, as the YAML around it: `type: discriminator`.
        XCTAssertEqual(d.fixes.first?.edits.first?.newText, "discriminator")
        let match = cases.replacingOccurrences(of: "«switch»", with: "discriminator").replacingOccurrences(of: "match: [a]", with: "match: [«1.5»]")
        expect(RudderStackRule.variantInvalid, in: "types.yaml", of: ["props.yaml": Self.properties, "types.yaml": match],
               message: "match values are strings, booleans or integers, found 1.5")
    }

    func testCustomTypeNamesAndConfig() {
        let file = { (name: String, type: String, config: String) in """
            version: rudder/v1
            kind: custom-types
            metadata:
              name: types
            spec:
              types:
                - id: t
                  name: \(name)
                  type: \(type)
                  config:
            \(config)
            """ }
        expect(RudderStackRule.customTypeInvalid, in: "t.yaml", of: ["t.yaml": file("«a»ddress", "string", "        min_length: 1")],
               message: "custom type name 'address' must start with a capital letter")
        expect(RudderStackRule.customTypeInvalid, in: "t.yaml", of: ["t.yaml": file("«Street Address»", "string", "        min_length: 1")],
               message: "has ' '; only letters, digits, '_' and '-' are allowed")
        expect(RudderStackRule.customTypeInvalid, in: "t.yaml", of: ["t.yaml": file("«X»", "string", "        min_length: 1")],
               message: "custom type name 'X' has 1 character; it needs 2–65")
        expect(RudderStackRule.customTypeInvalid, in: "t.yaml", of: ["t.yaml": file("Address", "object", "        min_length: 1").replacingOccurrences(of: "config:", with: "«config»:")],
               message: "an object custom type has no 'config'")
        // v1 spells keywords in snake_case: the camelCase one is not a keyword there.
        expect(RudderStackRule.keywordNotApplicable, in: "t.yaml", of: ["t.yaml": file("Address", "string", "        «minLength»: 1")],
               message: "'minLength' is not an advanced keyword RudderStack supports; did you mean 'min_length'?")
        expect(RudderStackRule.keywordInvalid, in: "t.yaml", of: ["t.yaml": file("Address", "string", "        min_length: 5\n        max_length: «2»")],
               message: "'max_length' (2) must be at least 'min_length' (5)")
    }

    func testLegacyPropertiesTakeCommaSeparatedTypesAndCamelCaseKeywords() {
        let legacy = """
            version: rudder/v0.1
            kind: properties
            metadata:
              name: props
            spec:
              properties:
                - id: amount
                  name: amount
                  type: number, string
                  propConfig:
                    minLength: 1
                    minimum: 0
            """
        XCTAssertEqual(project(["p.yaml": legacy])["p.yaml"]!.diagnostics.map(\.message), [])
        expect(RudderStackRule.propertyTypeInvalid, in: "p.yaml", of: ["p.yaml": legacy.replacingOccurrences(of: "type: number, string", with: "type: «number, strng»")],
               message: "'strng' is not a property type")
    }

    func testReferencesOfTheOtherVersionAreRewritten() {
        let events = """
            version: rudder/v1
            kind: events
            metadata:
              name: events
            spec:
              events:
                - id: e
                  name: Something Happened
                  event_type: track
                  category: «"#/categories/cats/checkout"»
            """
        let categories = """
            version: rudder/v1
            kind: categories
            metadata:
              name: cats
            spec:
              categories:
                - id: checkout
                  name: Checkout
            """
        guard let (d, a) = expect(RudderStackRule.referenceInvalid, in: "e.yaml", of: ["e.yaml": events, "c.yaml": categories],
                                  message: "'category' is invalid: must be of pattern #category:<id>") else { return }
        let fixed = applying(d.fixes[0], to: a.tree.bytes)
        XCTAssertTrue(fixed.contains("category: \"#category:checkout\""), fixed)
        let after = project(["e.yaml": fixed, "c.yaml": categories])
        XCTAssertEqual(after["e.yaml"]!.diagnostics.map(\.message), [])
    }

    func testAPlainYesWhereABooleanBelongsHasAFix() {
        let source = """
            version: rudder/v1
            kind: event-stream-source
            metadata:
              name: s
            spec:
              id: s
              name: Source
              type: node
              enabled: «yes»
            """
        guard let (d, a) = expect(RudderStackRule.wrongType, in: "s.yaml", of: ["s.yaml": source],
                                  message: "'enabled' must be a boolean, found the string 'yes': YAML 1.2 reads a plain yes as a string (YAML 1.1 read it as true)") else { return }
        XCTAssertEqual(d.fixes.map(\.title), ["Replace with true"])
        XCTAssertEqual(project(["s.yaml": applying(d.fixes[0], to: a.tree.bytes)])["s.yaml"]!.diagnostics.map(\.message), [])
        // Quoted, it is a string the user meant: the plain wrong-type message, no fix.
        let quoted = project(["s.yaml": source.replacingOccurrences(of: "«yes»", with: "'yes'")])["s.yaml"]!
        XCTAssertEqual(quoted.diagnostics.map(\.message), ["'enabled' must be a boolean, found a string"])
    }

    func testAnUnsupportedPairIsReportedOnceAndItsResourcesStillResolve() {
        let files = ["plan.yaml": """
            version: rudder/0.1
            kind: «tracking-plan»
            metadata:
              name: plan
            spec:
              id: main
              name: Not display_name
            """, "source.yaml": """
            version: rudder/v1
            kind: event-stream-source
            metadata:
              name: s
            spec:
              id: s
              name: Source
              type: node
              governance:
                validations:
                  tracking_plan: "#tracking-plan:main"
                  config: {}
            """]
        guard let (_, a) = expect(RudderStackRule.projectKindVersion, in: "plan.yaml", of: files,
                                  message: "kind 'tracking-plan' is not supported with version 'rudder/0.1'; rudder-cli registers it with rudder/v1") else { return }
        XCTAssertEqual(a.diagnostics.count, 1, "the spec of an unsupported pair is not judged")
        XCTAssertEqual(project(files.mapValues { $0.replacingOccurrences(of: "«", with: "").replacingOccurrences(of: "»", with: "") })["source.yaml"]!.diagnostics.map(\.message), [])
    }

    func testUnknownKindsAndImportsOfUndeclaredURNs() {
        expect(RudderStackRule.projectKindVersion, in: "x.yaml", of: ["x.yaml": """
            version: rudder/v1
            kind: «event»
            metadata:
              name: x
            spec:
              events: []
            """], message: "kind 'event' is not a rudder-cli kind; did you mean 'events'?")
        expect(RudderStackRule.projectMetadata, in: "x.yaml", of: ["x.yaml": """
            version: rudder/v1
            kind: events
            metadata:
              name: x
              import:
                workspaces:
                  - workspace_id: ws
                    resources:
                      - urn: «event:other»
                        remote_id: r
            spec:
              events:
                - id: mine
                  event_type: identify
            """], message: "import urn 'event:other' is not declared in this file's spec")
    }

    func testDescriptions() {
        let file = { (d: String) in """
            version: rudder/v1
            kind: events
            metadata:
              name: x
            spec:
              events:
                - id: e
                  event_type: identify
                  description: \(d)
            """ }
        expect(RudderStackRule.descriptionInvalid, in: "x.yaml", of: ["x.yaml": file("«ab»")], message: "a description has 3–2000 characters; this one has 2")
        expect(RudderStackRule.descriptionInvalid, in: "x.yaml", of: ["x.yaml": file("\"«1»st event\"")], message: "a description starts with a letter, not '1'")
    }

    /// The same project as JSON files: the same diagnostics at the same places of the model.
    func testJSONProjectFilesAreJudgedTheSame() {
        let yaml = ["s.yaml": "version: rudder/v1\nkind: event-stream-source\nmetadata:\n  name: s\nspec:\n  id: s\n  type: nod\n  extra: 1\n"]
        let json = ["s.json": #"{"version": "rudder/v1", "kind": "event-stream-source", "metadata": {"name": "s"}, "spec": {"id": "s", "type": "nod", "extra": 1}}"#]
        let y = project(yaml)["s.yaml"]!, j = project(json)["s.json"]!
        XCTAssertEqual(j.kind, .rudderstackProject)
        XCTAssertEqual(y.diagnostics.map { "\($0.rule) \($0.message)" }, j.diagnostics.map { "\($0.rule) \($0.message)" })
        XCTAssertEqual(Set(y.diagnostics.map(\.rule)), [RudderStackRule.requiredField, RudderStackRule.sourceTypeInvalid, RudderStackRule.projectUnknownKey])
    }

    func testDefinitionAndCompletionOfReferences() {
        let props = project(["props.yaml": Self.properties])["props.yaml"]!
        let text = plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  properties:
                    - property: "#property:street"
                    - property: 
            """)
        let bytes = Array(text.utf8)
        // After the last `property: `, at the end of the document.
        let items = analyzer.completions(path: "/p/plan.yaml", bytes: bytes, offset: bytes.count, workspace: [props.facts]).items
        XCTAssertTrue(items.contains { $0.label == "#property:street" }, items.map(\.label).description)
        XCTAssertEqual(items.first { $0.label == "#property:street" }?.insertText, "\"#property:street\"", "a YAML value starting with # is quoted")
        let street = text.range(of: "#property:street")!
        let streetOffset = text.utf8.distance(from: text.startIndex, to: street.lowerBound) + 2
        let locations = analyzer.definition(path: "/p/plan.yaml", bytes: bytes, offset: streetOffset, workspace: [props.facts])
        XCTAssertEqual(locations.map(\.path), ["/p/props.yaml"])
        XCTAssertEqual(locations.first.map { props.tree.text(in: $0.range) }, "street")
    }

    /// Hover on a reference names the resource it resolves to (and says when none does); hover on a key says
    /// what rudder-cli does with it, config keywords in either spelling included.
    func testHoverOnReferencesAndKeys() {
        let props = project(["props.yaml": Self.properties])["props.yaml"]!
        let text = plan("""
                - type: event_rule
                  id: r
                  event: "#event:e"
                  identity_section: properties
                  properties:
                    - property: "#property:typed"
                    - property: "#property:gone"
            """)
        let bytes = Array(text.utf8)
        func hover(at needle: String, plus: Int = 2) -> HoverInfo? {
            let at = text.utf8.distance(from: text.startIndex, to: text.range(of: needle)!.lowerBound) + plus
            return analyzer.hover(path: "/p/plan.yaml", bytes: bytes, offset: at, workspace: [props.facts])
        }
        let typed = hover(at: "#property:typed")
        XCTAssertEqual(typed?.markdown, "**property** `typed`: **typed** (custom type address_type)\n\nDeclared in props.yaml (`metadata.name: props`).")
        XCTAssertEqual(typed.map { text.utf8.count >= $0.range.upperBound ? String(decoding: bytes[$0.range], as: UTF8.self) : "" }, "\"#property:typed\"")
        XCTAssertEqual(hover(at: "#property:gone")?.markdown, "**property** `gone`\n\nNo file of the project declares `property:gone`.")
        XCTAssertTrue(hover(at: "identity_section", plus: 1)?.markdown.hasPrefix("**identity_section**\n\nWhere an `identify` or `group` call") == true)
        XCTAssertNil(hover(at: "identity_section: properties", plus: 20), "no hover on a plain value")
        let config = "version: rudder/v1\nkind: properties\nmetadata:\n  name: p\nspec:\n  properties:\n    - id: a\n      name: a\n      type: string\n      config:\n        min_length: 1\n"
        let at = Array(config.utf8).count - 6
        XCTAssertEqual(analyzer.hover(path: "/p/p.yaml", bytes: Array(config.utf8), offset: at)?.markdown, "**min_length**\n\nAdvanced keyword for string properties.")
    }

    /// Each document of a YAML stream is judged as its own file would be: its kind, its rules, its facts.
    func testEveryDocumentOfAStreamIsAnalysed() {
        let stream = """
            version: rudder/v1
            kind: categories
            metadata:
              name: cats
            spec:
              categories:
                - id: checkout
                  name: Checkout
            ---
            version: rudder/v1
            kind: events
            metadata:
              name: events
            spec:
              events:
                - id: e
                  name: Order Completed
                  event_type: trak
                  category: "#category:checkout"
            """
        let a = project(["s.yaml": stream])["s.yaml"]!
        XCTAssertEqual(a.kind, .rudderstackProject)
        XCTAssertEqual(a.diagnostics.map(\.rule), [RudderStackRule.eventTypeInvalid], "the second document's error, and its reference resolved by the first")
        XCTAssertEqual(a.diagnostics.first.map { a.tree.text(in: $0.range) }, "trak")
        let bytes = Array(stream.utf8)
        let at = stream.utf8.distance(from: stream.startIndex, to: stream.range(of: "#category:checkout")!.lowerBound) + 2
        XCTAssertEqual(analyzer.definition(path: "/p/s.yaml", bytes: bytes, offset: at).map { a.tree.text(in: $0.range) }, ["checkout"])
        let typeAt = stream.utf8.distance(from: stream.startIndex, to: stream.range(of: "trak")!.lowerBound)
        for cursor in [typeAt, typeAt + 3] {
            // At the value's first character as within it: values, not keys.
            let items = analyzer.completions(path: "/p/s.yaml", bytes: bytes, offset: cursor).items.map(\.label)
            XCTAssertTrue(items.contains("track") && !items.contains("description"), "completion reads the second document: \(items)")
        }
    }

    /// The shapes rudder-cli's documentation shows for legacy plans (`allow_unplanned` beside `event` and
    /// inside it, variant cases with an `id`, legacy references with their groups) are clean.
    func testTheDocumentedLegacyShapesAreClean() {
        let files = ["events.yaml": """
            version: rudder/0.1
            kind: events
            metadata:
              name: example_events
            spec:
              events:
                - id: example_event
                  name: Example Event
                  event_type: track
            """, "props.yaml": """
            version: rudder/0.1
            kind: properties
            metadata:
              name: common_props
            spec:
              properties:
                - id: property_1
                  name: property_1
                  type: string
                - id: property_2
                  name: property_2
                  type: number, string
            """, "plan.yaml": """
            version: rudder/0.1
            kind: tp
            metadata:
              name: mytrackingplan
            spec:
              id: mytrackingplan
              display_name: Product Tracking Plan
              description: Contains all the events and properties for the Product Tracking Plan.
              rules:
                - type: event_rule
                  id: example_rule
                  event:
                    $ref: "#/events/example_events/example_event"
                    allow_unplanned: false
                  allow_unplanned: false
                  properties:
                    - $ref: "#/properties/common_props/property_1"
                      required: true
                    - $ref: "#/properties/common_props/property_2"
                      required: false
                  variants:
                    - type: discriminator
                      discriminator: "#/properties/common_props/property_1"
                      cases:
                        - id: case_a
                          display_name: "Case A"
                          match: ["value1", "value2"]
                          description: "Description of Case A"
                          properties:
                            - $ref: "#/properties/common_props/property_2"
                              required: true
            """]
        for (name, a) in project(files) {
            XCTAssertEqual(a.diagnostics.map { "\($0.rule) \($0.message)" }, [], name)
        }
    }

    func applying(_ fix: Fix, to bytes: [UInt8]) -> String {
        var out = bytes
        for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            out.replaceSubrange(edit.range, with: Array(edit.newText.utf8))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
