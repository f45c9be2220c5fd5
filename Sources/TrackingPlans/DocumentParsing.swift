import JSONSyntax
import YAMLSyntax

/// The one place a file's bytes become a tree: YAML for `.yaml`/`.yml` files (what snowplow-cli writes by
/// default and rudder-cli reads), JSON otherwise. Everything after this reads the same model.
public enum DocumentParsing {
    public static func isYAML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    public static func parse(path: String, bytes: [UInt8]) -> SyntaxTree {
        isYAML(path) ? YAMLParser.parse(bytes) : SyntaxTree(parsing: bytes)
    }
}
