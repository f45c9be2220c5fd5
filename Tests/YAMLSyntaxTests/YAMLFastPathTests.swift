import Foundation
import XCTest
import TestSupport
import JSONSyntax
@testable import YAMLSyntax

/// The block fast path (#40) must make exactly the general parser's tree, or give up. Every document here is
/// read both ways; wherever the fast path answers, the two trees are compared node for node (kinds, flags,
/// ranges, links, colons, stored values, diagnostics, documents).
final class YAMLFastPathTests: XCTestCase {
    /// Reads `yaml` both ways; returns whether the fast path answered.
    @discardableResult
    func compare(_ yaml: [UInt8], _ name: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        guard let fast = YAMLBlockFastPath.parse(yaml) else { return false }
        let general = YAMLParser.parseGenerally(yaml)
        if let difference = fast.firstDifference(from: general) {
            XCTFail("\(name): the fast path's tree differs: \(difference)\n\(String(decoding: yaml.prefix(400), as: UTF8.self))", file: file, line: line)
        }
        return true
    }

    func testTrackingFilesTakeTheFastPathAndMatch() throws {
        // The shapes of the vendors' files: rudder-cli projects and snowplow-cli data products.
        let documents = [
            """
            # rudder-cli
            version: rudder/v1
            kind: tracking-plan
            metadata:
              name: web
            spec:
              id: web
              display_name: "Web plan"
              rules:
                - type: event_rule
                  id: rule_1
                  event:
                    $ref: "#event:product_viewed"
                    allow_unplanned: false
                  properties:
                    - $ref: "#property:product_id"
                      required: true
                    - $ref: '#property:price'   # optional
                      required: false
                  description: Order 1 was completed, with its products and totals.
            """,
            """
            apiVersion: v1
            resourceType: data-product
            resourceName: 3d3059c4-d29b-4979-a973-43f7070e1dd0
            data:
              name: Test Product
              sourceApplications:
              - $ref: ./source-apps/web.yaml
              eventSpecifications:
              - resourceName: 11d881cd-316e-4286-b5d4-fe7aebf56fca
                name: test
                event:
                  source: iglu:com.example/ui_actions/jsonschema/1-0-0
                  schema:
                    type: object
                    properties:
                      count: {}
                entities:
                  tracked: []
            """,
            "a: 1\nb: -2.5\nc: 0x1F\nd: +3\ne: .inf\nf: ~\ng: null\nh: TRUE\ni: no\nj: 1e5\nk: 007\nl:\nm: 'x'\n",
            "- a\n- 1\n-\n- - x\n",
            "list:\n- a\n- b:\n  c: d\n-\nnext: 1\n",
            "k: v\n  # a comment deeper\nl: w  # trailing\n\n\n",
            "root:\n  child:\n    grandchild:\n      - x\n      - y: z\n        w: 'q'\n  sibling: \"s\"\n",
            "key: value\nkey: again\n",
            "a: b: c\n",
            "a: multi\n  line\n",
            "\"quoted key\": 1\n'single': 2\n",
            "k: \"esc\\n\"\n",
            "k: 'it''s'\n",
            "k: [flow]\n",
            "foo: |\n  xfoo:",
            "k: []\nl: {}\nm: [a, 'b', \"c\", 1, true, ~ ]\nn: [ x y ,z]  # c\n",
            "- [a]\n- []\n- {}\n",
            "k: [a, b]\nl:\n  - []\n  - [1]\n  - {}\n  - [a, [b]]\n",
            "k: {type: integer, minimum: 1, 'q': \"v\", n: ~}\nl: {a: b}  # c\n",
            "- {x: 1}\n- {y: [a]}\n- {z: {}}\n- {\"a\":1}\n", "k: {a: b, a: c}\n", "k: {a:b}\n", "k: {a: , b: c}\n", "k: {1: a}\n",
            "k: [a: b]\n", "k: [a,]\n", "k: {a: b}\n", "k: [a] x\n", "k: [a]: b\n", "k: [-, ?x, :y, a:b]\n",
            "k: &a x\nl: *a\n",
            "---\nk: v\n",
            "k: v\n---\nl: w\n",
            "  indented: root\n  second: 2\n",
            "k:\tv\n",
            "k: v\r\nl: w\r\n",
            "k: é\n",
            "name: Ünïcödé — ok  # ça va\nlist: [naïve, \"日本\", 'ß']\nq: \"emoji 🎉\"\n",
            "k: \u{FEFF}x\n", "k: a\u{85}b\n",
            "a:\n  - x\n  -\n  - y\nb: 2\n",
            "1: one\ntrue: t\n",
            "- a: 1\n  b: 2\n- c: 3\n",
            "k: v #c\n  deeper: x\n",
            "k:#c\n",
            "k: a#b\n",
            "k: http://x.y/z?q=1#frag\n",
            "? complex\n: value\n",
            "k: |\n  block\n",
            "a: |\n  line one\n    indented\n\n  after blank\nb: >\n  folded\n  text\n\n  para\n   more\nc: |-\n  strip\n\n\nd: |+\n  keep\n\n\ne: x\n",
            "- |\n  in a list\n- >-\n    deeper\n    lines\n-   |  # comment\n  x\n- last\n",
            "k: |\n\n   \n    text\n  back\n", "k: >\n  a\n\n\n  b\n  # not a comment\n # a comment\nl: 1\n", "k: |\n", "k: |\n  x\n  ",
            "k: |2\n   x\n", "k: |#c\n  x\n", "k: |\n  x\n y\n", "k: |\n \tx\n", "k: >\n  a\n   b\n  c\n", "k: |\n  é — ok\n",
            "k: -\n",
            "k: - x\n",
            "",
            "# only a comment\n",
        ]
        var fast = 0
        for (i, text) in documents.enumerated() where compare(Array(text.utf8), "document \(i)") { fast += 1 }
        // The two vendor shapes, and the plain block documents, take the fast path.
        XCTAssertNotNil(YAMLBlockFastPath.parse(Array(documents[0].utf8)), "rudder-cli plan")
        XCTAssertNotNil(YAMLBlockFastPath.parse(Array(documents[2].utf8)), "core-schema scalars")
        for text in ["k: []\nl: {}\nm: [a, 'b', \"c\", 1, true, ~ ]\nn: [ x y ,z]  # c\n", "- [a]\n- []\n- {}\n", "k: é\n",
                     "name: Ünïcödé — ok  # ça va\nlist: [naïve, \"日本\", 'ß']\nq: \"emoji 🎉\"\n",
                     "step: {type: integer, minimum: 1, maximum: 5}\n", "- {x: 1}\n- {y: 'z'}\n",
                     "a: |\n  line one\n    indented\n\n  after blank\nb: >\n  folded\n  text\n"] {
            XCTAssertNotNil(YAMLBlockFastPath.parse(Array(text.utf8)), "flow lists of scalars: \(text)")
        }
        XCTAssertGreaterThanOrEqual(fast, 10)
        // And what it must leave alone.
        for text in ["key: value\nkey: again\n", "a: b: c\n", "a: multi\n  line\n", "k: &a x\nl: *a\n", "ключ: v\n", "k:\tv\n", "---\nk: v\n", "",
                     "k: [a: b]\n", "k: [a,]\n", "k: {a: b, a: c}\n", "k: [a, [b]]\n", "k: {a: {b: c}}\n", "k: {a:b}\n"] {
            XCTAssertNil(YAMLBlockFastPath.parse(Array(text.utf8)), text)
        }
    }

    /// Large mappings go through the seeded set (fast path) and dictionary (general parser): a duplicate among
    /// hundreds of keys, block and flow, is found by both (the fast path gives up, the general parser reports).
    func testDuplicatesInLargeMappings() {
        var block = "", flow = "f: {"
        for i in 0..<300 {
            block += "key_\(i): \(i)\n"
            flow += (i > 0 ? ", " : "") + "k\(i): v"
        }
        XCTAssertTrue(compare(Array((block + flow + "}\n").utf8), "300 keys"))
        for text in [block + "key_150: again\n", "f: {" + (0..<40).map { "k\($0): v" }.joined(separator: ", ") + ", k7: w}\n"] {
            let bytes = Array(text.utf8)
            XCTAssertNil(YAMLBlockFastPath.parse(bytes))
            let duplicates = YAMLParser.parse(bytes).diagnostics.filter { $0.code == .yamlDuplicateKey }
            XCTAssertEqual(duplicates.count, 1, text.suffix(40).description)
        }
    }

    func testTheOfficialSuiteAndTheVendorFiles() throws {
        var files: [URL] = []
        let suite = URL(fileURLWithPath: try SharedFixtures.path("yaml-test-suite"))
        for id in try FileManager.default.contentsOfDirectory(atPath: suite.path) {
            files.append(suite.appendingPathComponent(id).appendingPathComponent("in.yaml"))
        }
        let roots = [try SharedFixtures.path("realworld-dev"), SharedFixtures.projectRoot.appendingPathComponent("Examples").path]
        for root in roots {
            let walker = FileManager.default.enumerator(atPath: root)
            while let path = walker?.nextObject() as? String {
                guard path.hasSuffix(".yaml") || path.hasSuffix(".yml") else { continue }
                files.append(URL(fileURLWithPath: root).appendingPathComponent(path))
            }
        }
        var fast = 0
        for url in files {
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            if compare([UInt8](data), url.path) { fast += 1 }
        }
        print("YAML fast path: \(fast) of \(files.count) files read by it, each the general parser's tree")
        XCTAssertGreaterThan(fast, 20, "the fast path reads the plain block files")
    }

    /// Random edits of block documents (a byte deleted, duplicated or replaced by one of YAML's structural
    /// characters): wherever the fast path still answers, its tree is the general parser's.
    func testMutatedDocumentsAgree() {
        var random = SplitMix64(seed: 40)
        // Bytes of YAML's structure, and the pieces of multi-byte characters (a lead byte alone, a continuation).
        let alphabet = Array(" :-#'\"\n\tab1.~&*![]{}|>?".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x94, 0xFF]
        var properties = "version: rudder/v1\nkind: properties\nspec:\n  properties:\n"
        for i in 0..<6 {
            properties += "    - id: prop_\(i)\n      name: \"p \(i) — é\"\n      type: string   # kind\n      description: |-\n        Line one\n\n        line two\n      propConfig:\n        enum:\n          - a\n          - 'b'\n        minLength: \(i)\n"
        }
        let product = """
            apiVersion: v1
            resourceType: data-product
            data:
              name: Test Product
              sourceApplications:
              - $ref: ./source-apps/web.yaml
              eventSpecifications:
              - resourceName: 11d881cd
                name: test
                event:
                  source: iglu:com.example/ui_actions/jsonschema/1-0-0
                  schema:
                    type: object
                    required: [a, "b"]
                    propertyNames: {pattern: "^[a-z]+$", maxLength: 20}
                    properties:
                      count:
                        type: integer
                        maximum: 10
                entities:
                  enriched: []
                  tracked:
                  -
                  - source: iglu:com.example/user/jsonschema/1-0-0
                    minCardinality: 1

            """
        var fast = 0
        for base in [properties, product] {
            let bytes = Array(base.utf8)
            XCTAssertTrue(compare(bytes, "base"), "the unmutated document takes the fast path")
            // TRACKSPEC_FASTPATH_ROUNDS soaks it longer locally (CI: 1,500 per document).
            let rounds = ProcessInfo.processInfo.environment["TRACKSPEC_FASTPATH_ROUNDS"].flatMap(Int.init) ?? 1500
            for round in 0..<rounds {
                var b = bytes
                for _ in 0..<(1 + Int(random.next() % 3)) {
                    let at = Int(random.next() % UInt64(b.count))
                    switch random.next() % 3 {
                    case 0: b.remove(at: at)
                    case 1: b.insert(b[at], at: at)
                    default: b[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                    }
                }
                if compare(b, "mutation \(round)") { fast += 1 }
            }
        }
        print("YAML fast path: \(fast) of \(2 * (ProcessInfo.processInfo.environment["TRACKSPEC_FASTPATH_ROUNDS"].flatMap(Int.init) ?? 1500)) mutated documents read by it, each the general parser's tree")
        XCTAssertGreaterThan(fast, 300)
    }
}
