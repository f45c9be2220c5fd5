import Foundation
import XCTest
import JSONSyntax
import TestSupport
@testable import TrackingPlans

/// The rule catalogue as a contract: every rule has one descriptor with a basis, the severity policy holds for
/// each, every id the sources can report is registered, and the README's rule tables say the same.
final class RuleRegistryTests: XCTestCase {
    func testEveryRuleHasABasisAndIdsAreUnique() {
        var seen = Set<String>()
        for rule in RuleRegistry.all {
            XCTAssertTrue(seen.insert(rule.id).inserted, "\(rule.id) is registered twice")
            XCTAssertFalse(rule.summary.isEmpty, "\(rule.id) has no summary")
            XCTAssertGreaterThan(rule.basis.source.count, 10, "\(rule.id) has no basis")
            XCTAssertEqual(RuleRegistry.rule(rule.id), rule)
        }
        XCTAssertGreaterThan(seen.count, 120)
    }

    /// Error only where the vendor (or a spec, or trackspec's own file and limits) rejects the file: a rule
    /// of trackspec's own reading is a warning at most, in every severity it may report at.
    func testSeverityPolicy() {
        for rule in RuleRegistry.all {
            for severity in rule.severities {
                XCTAssertLessThanOrEqual(severity, rule.maximumSeverity, "\(rule.id) (\(rule.basis.kind.rawValue)) may report at \(severity)")
            }
            if rule.basis.kind == .ownReading { XCTAssertNotEqual(rule.defaultSeverity, .error, rule.id) }
        }
        // The rules re-graded by this policy (README, "Severity policy"), pinned so they cannot drift back.
        XCTAssertEqual(RuleRegistry.rule(SnowplowRule.nameDuplicate)?.defaultSeverity, .warning)
        XCTAssertEqual(RuleRegistry.rule(SnowplowRule.entityDuplicate)?.defaultSeverity, .warning)
        XCTAssertEqual(RuleRegistry.rule(SnowplowRule.schemaIncompatible)?.severities, [.error, .warning])
    }

    /// Every rule id literal in the sources is registered: an unregistered id would be reported with no
    /// descriptor, no basis and no way to configure it.
    func testEveryRuleIdInTheSourcesIsRegistered() throws {
        let sources = SharedFixtures.projectRoot.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #""((?:json|yaml|config|file|snowplow|rudderstack|iglu|hygiene)/[a-z0-9]+(?:-[a-z0-9]+)*)""#)
        var found = Set<String>()
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        XCTAssertGreaterThan(found.count, 100)
        let registered = Set(RuleRegistry.all.map(\.id))
        XCTAssertEqual(found.subtracting(registered).sorted(), [], "rule ids in the sources with no descriptor")
    }

    /// The README's rule tables list every rule with its default severity and basis kind, so users see why a
    /// rule exists before they silence it.
    func testReadmeListsEveryRuleWithItsBasis() throws {
        let readme = try String(contentsOf: SharedFixtures.projectRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for rule in RuleRegistry.all {
            let row = readme.split(separator: "\n").first { $0.hasPrefix("| ") && $0.contains("`\(rule.id)`") }
            XCTAssertNotNil(row, "README has no row for \(rule.id)")
            guard let row else { continue }
            XCTAssertTrue(row.contains(rule.basis.kind.rawValue), "README's row for \(rule.id) does not give its basis (\(rule.basis.kind.rawValue))")
        }
    }

    /// rudder-cli's local rules that trackspec implements name it in their basis: the mapping users read in the
    /// README is the registry's.
    func testVendorRulesAreMapped() {
        let mapped = Set(RuleRegistry.all.flatMap(\.basis.vendorRules))
        for id in ["project/spec-syntax-valid", "project/resource-kind-version-valid", "project/metadata-syntax-valid", "project/duplicate-urn",
                   "project/manifest-inline-conflict", "import-manifest/duplicate-urn", "import-manifest/orphaned-urn", "import-manifest/spec-syntax-valid",
                   "event-stream/connection/spec-syntax-valid", "event-stream/connection/semantic-valid", "event-stream/connection/enabled-endpoints-valid",
                   "event-stream/source/spec-syntax-valid", "event-stream/source/semantic-valid", "datacatalog/properties/config-valid",
                   "datacatalog/tracking-plans/semantic-valid", "datacatalog/events/semantic-valid"] {
            XCTAssertTrue(mapped.contains(id), "no rule implements rudder-cli's \(id)")
        }
    }
}
