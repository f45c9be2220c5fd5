import XCTest
@testable import Iglu

final class ResolverConfigTests: XCTestCase {
    let text = """
    {"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3",
     "data": {"cacheSize": 500, "cacheTtl": 600, "repositories": [
       {"name": "Iglu Central", "priority": 0, "vendorPrefixes": ["com.snowplowanalytics"], "connection": {"http": {"uri": "http://iglucentral.com/"}}},
       {"name": "Acme server", "priority": 1, "vendorPrefixes": ["com.acme"], "connection": {"http": {"uri": "https://iglu.acme.example/api", "apikey": "k"}}},
       {"name": "Local", "priority": 5, "vendorPrefixes": [], "connection": {"embedded": {"path": "iglu-local"}}},
       {"name": "Mirror", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "http://mirror.example"}}}
     ]}}
    """

    func testParsesAndOrdersLookups() throws {
        let config = try ResolverConfig.parse(Array(text.utf8))
        XCTAssertEqual(config.cacheSize, 500)
        XCTAssertEqual(config.cacheTtl, 600)
        XCTAssertEqual(config.repositories.count, 4)
        XCTAssertEqual(config.repositories[0].connection, .http(uri: "http://iglucentral.com", apikey: nil))
        XCTAssertEqual(config.repositories[1].connection, .http(uri: "https://iglu.acme.example/api", apikey: "k"))
        let acme = SchemaKey("iglu:com.acme/click/jsonschema/1-0-0")!
        XCTAssertEqual(config.lookupOrder(for: acme).map(\.name), ["Acme server", "Local", "Iglu Central", "Mirror"])
        let snowplow = SchemaKey("iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0")!
        XCTAssertEqual(config.lookupOrder(for: snowplow).map(\.name), ["Iglu Central", "Local", "Mirror", "Acme server"])
        XCTAssertEqual(config.embeddedFolders(relativeTo: "/etc/trackspec"), ["/etc/trackspec/iglu-local"])
    }

    func testRejectsBadConfigs() {
        func error(_ s: String) -> String? {
            do {
                _ = try ResolverConfig.parse(Array(s.utf8))
                return nil
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(error("{"), "resolver config: not valid JSON: expected '}' to close the object, found end of file")
        XCTAssertEqual(error(#"{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-4", "data": {}}"#),
                       "resolver config: resolver-config 1-0-4 is not supported (1-0-0 to 1-0-3 are)")
        XCTAssertEqual(error(#"{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-0", "data": {"cacheSize": 1, "cacheTtl": 5, "repositories": []}}"#),
                       "resolver config: data.cacheTtl needs resolver-config 1-0-1 or later")
        XCTAssertEqual(error(#"{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1", "data": {"cacheSize": 1, "repositories": [{"name": "x", "priority": 0, "vendorPrefixes": [], "connection": {"http": {"uri": "ftp://x"}}}]}}"#),
                       "resolver config: data.repositories[0].connection.http.uri must be an http(s) URL")
    }
}
