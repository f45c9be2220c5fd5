import Foundation
import XCTest
@testable import TrackingPlans

/// One file's cross-file diagnostics are computed from the files that share a group key with it (not from
/// all of them, which made opening N files O(N²)): they must be exactly those computed from all files.
final class WorkspaceFactsTests: XCTestCase {
    func testRelevantFilesGiveTheSameCrossFileDiagnostics() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples").path
        let analyzer = Analyzer(configuration: Configuration(root: examples))
        let files = try WorkspaceFiles.collect([examples], configuration: analyzer.configuration)
        XCTAssertGreaterThan(files.count, 10)
        let facts = WorkspaceFacts()
        var analyses: [FileAnalysis] = []
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let analysis = analyzer.analyze(path: file, bytes: bytes)
            analyses.append(analysis)
            _ = facts.update(file, analysis.facts)
        }
        var withCrossFile = 0
        for own in analyses {
            let everything = analyzer.crossFile([own], others: facts.others(excluding: own.path))[0]
            let relevant = analyzer.crossFile([own], others: facts.relevant(to: own.facts, excluding: own.path))[0]
            XCTAssertEqual(relevant.diagnostics.map(\.message), everything.diagnostics.map(\.message), own.path)
            XCTAssertEqual(relevant.diagnostics.map { Set($0.related.map(\.location.path)) }, everything.diagnostics.map { Set($0.related.map(\.location.path)) }, own.path)
            if everything.diagnostics.count > own.diagnostics.count { withCrossFile += 1 }
        }
        // The examples hold name clashes, property conflicts, catalog duplicates and unresolved ids.
        XCTAssertGreaterThanOrEqual(withCrossFile, 3)
        // Facts replaced and removed leave no stale entries behind.
        for file in files { _ = facts.update(file, FileFacts()) }
        for own in analyses { XCTAssertTrue(facts.relevant(to: own.facts, excluding: own.path).isEmpty) }
    }
}
