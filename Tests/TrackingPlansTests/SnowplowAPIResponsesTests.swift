import XCTest
import JSONSyntax
import TestSupport
@testable import TrackingPlans

/// What Snowplow's Console API returns checks clean: its read-only fields (snowplow-cli's internal/console
/// RemoteDataProduct / RemoteEventSpec: `lockStatus`, `managedFrom`, `dataProductId`; the API's `metadata` and
/// timestamps) are never unknown keys.
final class SnowplowAPIResponsesTests: XCTestCase {
    func testADataProductsResponseWithTheAPIsOwnFieldsIsClean() throws {
        let cache = try SharedFixtures.path("fixtures/iglu-central")
        let analyzer = Analyzer(configuration: Configuration(root: "/w", igluCache: []), iglu: IgluContext(folders: [cache]))
        let id = "0f5d5a7e-9d9d-4b8e-8a8e-1a2b3c4d5e6f", spec = "2f5d5a7e-9d9d-4b8e-8a8e-1a2b3c4d5e6f"
        let response = """
            {"data": [{"id": "\(id)", "name": "Checkout", "status": "draft", "sourceApplications": [], "domain": "Sales", "owner": "a@b.com",
                       "description": "d", "eventSpecs": [{"id": "\(spec)"}], "lockStatus": "unlocked", "managedFrom": "snowplow-cli"}],
             "includes": {"eventSpecs": [{"id": "\(spec)", "sourceApplications": [], "name": "Add to cart", "description": "", "status": "draft",
                "version": 0, "event": {"source": "iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1"},
                "entities": {"tracked": [], "enriched": []}, "dataProductId": "\(id)", "lockStatus": "locked", "managedFrom": "snowplow-cli",
                "metadata": {"createdAt": "2024-01-01T00:00:00Z"}, "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"}]}}
            """
        let analysis = analyzer.analyze(path: "/w/dp.json", bytes: Array(response.utf8))
        XCTAssertEqual(analysis.kind, .snowplowScenarioEnvelope)
        XCTAssertEqual(analysis.diagnostics.map(\.message), [])
        // A misspelt field next to them is still named.
        let typo = response.replacingOccurrences(of: "\"lockStatus\": \"locked\"", with: "\"lockStatu\": \"locked\"")
        XCTAssertEqual(analyzer.analyze(path: "/w/dp.json", bytes: Array(typo.utf8)).diagnostics.map(\.rule), [SnowplowRule.unknownKey])
    }
}
