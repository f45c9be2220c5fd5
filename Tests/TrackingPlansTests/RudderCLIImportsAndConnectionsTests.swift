import XCTest
import JSONSyntax
@testable import TrackingPlans

/// rudder-cli's import manifests, inline imports and event-stream connections, beyond the catalogue examples in
/// realworld-dev: each rule at its range with rudder-cli's words, and the files rudder-cli accepts staying clean.
final class RudderCLIImportsAndConnectionsTests: XCTestCase {
    let analyzer = Analyzer(configuration: Configuration(root: "/p"), iglu: IgluContext(folders: []))

    func project(_ files: [String: String]) -> [String: [Diagnostic]] {
        let analyses = analyzer.crossFile(files.sorted { $0.key < $1.key }.map { analyzer.analyze(path: "/p/" + $0.key, bytes: Array($0.value.utf8)) })
        return Dictionary(uniqueKeysWithValues: analyses.map { (String($0.path.dropFirst(3)), $0.diagnostics) })
    }

    func manifest(_ resources: String, workspace: String = "ws-1") -> String {
        """
        version: rudder/v1
        kind: import-manifest
        metadata:
          name: import-manifest
        spec:
          workspaces:
            - workspace_id: "\(workspace)"
              resources:
        \(resources)
        """
    }

    static let events = """
        version: rudder/0.1
        kind: events
        metadata:
          name: events
          import:
            workspaces:
              - workspace_id: ws-1
                resources:
                  - local_id: order_completed
                    remote_id: remote_b
        spec:
          events:
            - id: order_completed
              name: Order Completed
              event_type: track
        """

    func texts(_ d: [Diagnostic]?, _ text: String) -> [String] {
        (d ?? []).map { "\($0.rule) \(String(decoding: Array(text.utf8)[$0.range], as: UTF8.self))" }
    }

    func testImportManifests() {
        let urn = "          - urn: \"event:order_completed\"\n            remote_id: remote_b"
        // A manifest naming a resource of the project, the same remote id inline (legacy local_id): clean.
        let clean = project(["m.yaml": manifest(urn), "events.yaml": Self.events])
        XCTAssertEqual(clean["m.yaml"]?.map(\.message), [])
        XCTAssertEqual(clean["events.yaml"]?.map(\.message), [])
        // Different remote ids: a conflict on both sides; the inline one is its local_id.
        let conflict = manifest("          - urn: \"event:order_completed\"\n            remote_id: remote_a")
        let found = project(["m.yaml": conflict, "events.yaml": Self.events])
        XCTAssertEqual(texts(found["m.yaml"], conflict), ["rudderstack/import-conflict \"event:order_completed\""])
        XCTAssertEqual(texts(found["events.yaml"], Self.events), ["rudderstack/import-conflict order_completed"])
        XCTAssertTrue(found["m.yaml"]![0].message.contains("is defined in both an import-manifest and inline metadata"))
        // Twice in one workspace; an orphan; a local_id in a manifest; a workspace without its id.
        let twice = manifest(urn + "\n" + urn)
        XCTAssertEqual(texts(project(["m.yaml": twice, "events.yaml": Self.events])["m.yaml"], twice).filter { $0.hasPrefix("rudderstack/import-duplicate") }.count, 2)
        let orphan = manifest("          - urn: \"property:nothing\"\n            remote_id: r")
        XCTAssertEqual(texts(project(["m.yaml": orphan])["m.yaml"], orphan), ["rudderstack/import-orphaned \"property:nothing\""])
        // A URN of a kind trackspec does not read (an rETL model) is not called an orphan.
        XCTAssertEqual(project(["m.yaml": manifest("          - urn: \"retl-source-sql-model:m\"\n            remote_id: r")])["m.yaml"]?.map(\.message), [])
        let local = manifest("          - local_id: x\n            remote_id: r")
        XCTAssertEqual(project(["m.yaml": local])["m.yaml"]?.map(\.message), ["urn is required in manifests (local_id not supported)"])
        let noWorkspace = manifest(urn).replacingOccurrences(of: "- workspace_id: \"ws-1\"\n      resources:", with: "- resources:")
        XCTAssertEqual(project(["m.yaml": noWorkspace, "events.yaml": Self.events])["m.yaml"]?.map(\.message), ["workspace_id is required"])
    }

    /// Inline imports: `urn` or the legacy `local_id` (kinds with a legacy resource type only), never both;
    /// rudder-cli decodes metadata leniently, so an unknown key there is a warning, not a refusal.
    func testInlineImports() {
        let both = Self.events.replacingOccurrences(of: "- local_id: order_completed", with: "- local_id: order_completed\n            urn: event:order_completed")
        XCTAssertEqual(project(["events.yaml": both])["events.yaml"]?.map(\.message), ["urn and local_id are mutually exclusive"])
        let destination = """
            version: rudder/v1
            kind: destination
            metadata:
              name: d
              imports: {}
              import:
                workspaces:
                  - workspace_id: ws-1
                    resources:
                      - local_id: d1
                        remote_id: r
            spec:
              id: d1
              type: s3
            """
        let found = project(["d.yaml": destination])["d.yaml"] ?? []
        XCTAssertEqual(found.map(\.rule), [RudderStackRule.projectIgnoredKey, RudderStackRule.projectMetadata])
        XCTAssertEqual(found.map(\.severity), [.warning, .error])
        XCTAssertEqual(found.last?.message, "'local_id' is not supported for this spec kind; use 'urn' instead")
    }

    static let source = """
        version: rudder/v1
        kind: event-stream-source
        metadata:
          name: src
        spec:
          id: js
          name: JS
          type: javascript
          enabled: false
        """
    static let destination = """
        version: rudder/v1
        kind: destination
        metadata:
          name: dst
        spec:
          id: s3
          display_name: S3
          type: S3
          enabled: true
          config:
            bucket_name: b
        """

    func connections(_ items: String) -> String {
        "version: rudder/v1\nkind: event-stream-connections\nmetadata:\n  name: c\nspec:\n  connections:\n" + items
    }

    func testEventStreamConnections() {
        let one = "    - id: js-to-s3\n      source: \"#event-stream-source:js\"\n      destination: \"#destination:s3\"\n"
        let disabledOff = connections(one + "      enabled: false\n")
        XCTAssertEqual(project(["c.yaml": disabledOff, "s.yaml": Self.source, "d.yaml": Self.destination])["c.yaml"]?.map(\.message), [])
        // Enabled, to a disabled source: rudder-cli's warning.
        let enabled = connections(one)
        let found = project(["c.yaml": enabled, "s.yaml": Self.source, "d.yaml": Self.destination])
        XCTAssertEqual(texts(found["c.yaml"], enabled), ["rudderstack/connection-endpoint-disabled \"#event-stream-source:js\""])
        XCTAssertEqual(found["c.yaml"]?.first?.severity, .warning)
        // The same pair twice; a missing destination; wrong kinds and malformed references.
        let pair = connections(one + one.replacingOccurrences(of: "js-to-s3", with: "again"))
        XCTAssertEqual(project(["c.yaml": pair, "s.yaml": Self.source.replacingOccurrences(of: "enabled: false", with: "enabled: true"), "d.yaml": Self.destination])["c.yaml"]?.map(\.rule),
                       [RudderStackRule.connectionDuplicate, RudderStackRule.connectionDuplicate])
        let ghost = connections("    - id: x\n      source: \"#event-stream-source:js\"\n      destination: \"#destination:ghost\"\n")
        XCTAssertEqual(project(["c.yaml": ghost, "s.yaml": Self.source.replacingOccurrences(of: "enabled: false", with: "enabled: true")])["c.yaml"]?.map(\.message),
                       ["destination 'ghost' not found in the project"])
        let wrong = connections("    - id: x\n      source: \"#retl-source-sql-model:m\"\n      destination: \"destination:s3\"\n")
        XCTAssertEqual(project(["c.yaml": wrong, "d.yaml": Self.destination])["c.yaml"]?.map(\.message), [
            "'source' must reference an event stream source (#event-stream-source:<id>), got a 'retl-source-sql-model' reference",
            "'destination' is invalid: must be of pattern #destination:<id>",
        ])
        let missing = connections("    - id: x\n")
        XCTAssertEqual(project(["c.yaml": missing])["c.yaml"]?.map(\.message), ["'source' is required", "'destination' is required"])
    }

    /// RudderTyper's `plan.json` as the older Tracking Plan API returned it: `version` on events, `rules.identify`
    /// and `rules.group` as schemas; v1 rules' `additional_properties`.
    func testLegacyPlanAndV1AdditionalProperties() {
        let plan = """
            {"display_name": "App", "name": "workspaces/w/tracking-plans/tp_1", "version": 3,
             "rules": {"events": [{"name": "Order Completed", "description": "Who bought what", "version": "1-0-0",
                                   "rules": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object", "properties": {"properties": {"type": "object"}}}}],
                       "identify": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "version": "1-0-0",
                                    "properties": {"traits": {"type": "object"}, "trats": {}}},
                       "group": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "properties": {"traits": {}}}}}
            """
        let a = analyzer.analyze(path: "/p/plan.json", bytes: Array(plan.utf8))
        XCTAssertEqual(a.diagnostics.map(\.rule), [RudderStackRule.ruleSectionUnknown], "\(a.diagnostics.map(\.message))")
        let tp = """
            version: rudder/v1
            kind: tracking-plan
            metadata:
              name: tp
            spec:
              id: tp
              display_name: Web App Plan
              rules:
                - type: event_rule
                  id: r
                  event: "#event:e"
                  additional_properties: true
                  properties:
                    - property: "#property:p"
                      additional_properties: true
            """
        let found = project(["tp.yaml": tp])["tp.yaml"] ?? []
        XCTAssertEqual(found.map(\.message).filter { !$0.contains("not found in the project") },
                       ["'additional_properties' applies only to a property with nested properties"])
    }
}
