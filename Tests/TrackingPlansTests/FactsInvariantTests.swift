import Foundation
import XCTest
import TestSupport
@testable import TrackingPlans

/// A file's facts from the workspace scan (`facts`, nothing else computed) are the facts its analysis finds: the
/// server scans the files nobody has open and analyses the open ones, and a difference looked like a change
/// (cross-file refreshes, pull-mode result ids that moved once for every scanned data product).
final class FactsInvariantTests: XCTestCase {
    func testScannedFactsAreTheAnalysedFactsForEveryExample() throws {
        let examples = SharedFixtures.projectRoot.appendingPathComponent("Examples")
        let analyzer = Analyzer(configuration: Configuration(root: examples.path, igluCache: [examples.appendingPathComponent("iglu").path]))
        var compared = 0
        let files = FileManager.default.enumerator(at: examples, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
        for file in files where ["json", "yaml", "yml"].contains(file.pathExtension) || file.path.contains("/schemas/") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let bytes = [UInt8](try Data(contentsOf: file))
            XCTAssertEqual(analyzer.facts(path: file.path, bytes: bytes), analyzer.analyze(path: file.path, bytes: bytes).facts, file.path)
            compared += 1
        }
        XCTAssertGreaterThan(compared, 60)
    }
}
