import XCTest
import JSONSyntax
import TestSupport
@testable import TrackingPlans

/// The editor's budget: the first `limit` findings of a file (by position) are built exactly as without a
/// budget, the rest are counted (with their errors, after the configuration's overrides), not built.
final class DiagnosticBudgetTests: XCTestCase {
    /// A Data Catalog tracking plan with two problems per event (a misspelt event type, a misspelt property type),
    /// a misspelt key every third event, and the event types of some events right.
    func plan(events: Int) -> String {
        let list = (0..<events).map { i in
            let type = i % 4 == 1 ? "track" : "trak"
            let extra = i % 3 == 0 ? #", "descripton": "x""# : ""
            return #"{"name": "Event \#(i)", "eventType": "\#(type)"\#(extra), "properties": [{"name": "p\#(i)", "type": "strin"}]}"#
        }
        return #"{"name": "Plan", "events": ["# + list.joined(separator: ",\n") + "]}"
    }

    func testTheFirstFindingsAreBuiltExactlyAndTheRestCounted() {
        let text = plan(events: 300)
        let path = "/tmp/budget.tracking-plan.json"
        let analyzer = Analyzer(configuration: Configuration(root: "/tmp"))
        let full = analyzer.analyze(path: path, bytes: Array(text.utf8))
        XCTAssertGreaterThan(full.diagnostics.count, 500)
        for limit in [1, 7, 100] {
            let budget = DiagnosticBudget(limit: limit, configuration: analyzer.configuration)
            let capped = analyzer.analyze(path: path, bytes: Array(text.utf8), budget: budget)
            XCTAssertEqual(Array(capped.diagnostics.prefix(limit)), Array(full.diagnostics.prefix(limit)), "limit \(limit)")
            // Built past the limit (out of order) or counted: every finding is one or the other, once.
            XCTAssertEqual(capped.diagnostics.count + capped.omitted.count, full.diagnostics.count, "limit \(limit)")
            XCTAssertLessThan(capped.diagnostics.count, limit + 10, "limit \(limit): the budget built far more than it shows")
            let builtErrors = capped.diagnostics.filter { $0.severity == .error }.count
            XCTAssertEqual(builtErrors + capped.omitted.errors, full.diagnostics.filter { $0.severity == .error }.count)
        }
    }

    func testCountsFollowTheConfigurationsSeverities() throws {
        let text = plan(events: 60)
        let path = "/tmp/budget.tracking-plan.json"
        var configuration = Configuration(root: "/tmp")
        configuration.ruleSeverities = [RudderStackRule.eventTypeInvalid: .warning, RudderStackRule.propertyTypeInvalid: nil]
        let analyzer = Analyzer(configuration: configuration)
        let full = analyzer.analyze(path: path, bytes: Array(text.utf8))
        XCTAssertFalse(full.diagnostics.contains { $0.rule == RudderStackRule.propertyTypeInvalid })
        let capped = analyzer.analyze(path: path, bytes: Array(text.utf8), budget: DiagnosticBudget(limit: 3, configuration: configuration))
        XCTAssertEqual(capped.diagnostics.count + capped.omitted.count, full.diagnostics.count)
        XCTAssertEqual(capped.diagnostics.filter { $0.severity == .error }.count + capped.omitted.errors,
                       full.diagnostics.filter { $0.severity == .error }.count)
    }

    /// Findings reported in any order: what is built always holds the smallest ranges, and everything else is
    /// counted once.
    func testAnyReportOrderKeepsTheSmallestRanges() {
        var random = SplitMix64(seed: 36)
        for round in 0..<200 {
            let count = Int(random.next() % 60)
            let limit = 1 + Int(random.next() % 10)
            let ranges: [Range<Int>] = (0..<count).map { _ in
                let start = Int(random.next() % 40)
                return start..<(start + Int(random.next() % 3))
            }
            let budget = DiagnosticBudget(limit: limit, configuration: Configuration(root: "/"))
            let built = ranges.filter { budget.admit(RudderStackRule.eventTypeInvalid, .error, $0) }
            let order = { (a: Range<Int>, b: Range<Int>) in (a.lowerBound, a.upperBound) < (b.lowerBound, b.upperBound) }
            XCTAssertEqual(Array(built.sorted(by: order).prefix(limit)), Array(ranges.sorted(by: order).prefix(limit)), "round \(round)")
            XCTAssertEqual(built.count + budget.omitted.count, ranges.count, "round \(round)")
            XCTAssertEqual(budget.omitted.errors, budget.omitted.count)
        }
    }
}
