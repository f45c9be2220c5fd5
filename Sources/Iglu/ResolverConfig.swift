import Foundation
import JSONSyntax

/// Snowplow's resolver configuration (`iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-0`
/// to `1-0-3`): which repositories to ask for a schema, and in which order.
public struct ResolverConfig: Sendable, Equatable {
    public enum Connection: Sendable, Equatable {
        /// A local folder in the static layout (relative paths resolve against the resolver file's folder).
        case embedded(path: String)
        case http(uri: String, apikey: String?)
    }

    public struct Repository: Sendable, Equatable {
        public var name: String
        public var priority: Int
        public var vendorPrefixes: [String]
        public var connection: Connection

        public var isEmbedded: Bool { if case .embedded = connection { return true }; return false }

        public func matchesVendor(_ vendor: String) -> Bool { vendorPrefixes.contains { vendor.hasPrefix($0) } }
    }

    public var schemaVersion: SchemaVer
    public var cacheSize: Int
    public var cacheTtl: Int?
    public var repositories: [Repository]

    public static let supported = (1...3).map { SchemaVer(model: 1, revision: 0, addition: $0) } + [SchemaVer(model: 1, revision: 0, addition: 0)]

    /// The order Iglu clients ask repositories for `key`: those whose vendor prefix matches first,
    /// then embedded before HTTP, then by `priority` (lower first), then as listed.
    public func lookupOrder(for key: SchemaKey) -> [Repository] {
        repositories.enumerated().sorted { a, b in
            let ka = (a.element.matchesVendor(key.vendor) ? 0 : 1, a.element.isEmbedded ? 0 : 1, a.element.priority, a.offset)
            let kb = (b.element.matchesVendor(key.vendor) ? 0 : 1, b.element.isEmbedded ? 0 : 1, b.element.priority, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// Folders of the embedded repositories, resolved against `base` (the resolver file's folder).
    public func embeddedFolders(relativeTo base: String) -> [String] {
        repositories.compactMap {
            guard case .embedded(let path) = $0.connection else { return nil }
            return path.hasPrefix("/") && FileManager.default.fileExists(atPath: path) ? path : (base as NSString).appendingPathComponent(path)
        }
    }

    public struct Error: Swift.Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func load(_ path: String) throws -> ResolverConfig {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(description: "\(path): cannot read the resolver config") }
        return try parse([UInt8](data), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String = "resolver config") throws -> ResolverConfig {
        let tree = SyntaxTree(parsing: bytes)
        if let e = tree.diagnostics.first(where: { $0.severity == .error }) {
            throw Error(description: "\(path): not valid JSON: \(e.message)")
        }
        guard let root = tree.rootValue?.objectValue else { throw Error(description: "\(path): a resolver config is a JSON object") }
        guard let schemaURI = root["schema"]?.stringValue, let key = SchemaKey(schemaURI),
              key.vendor == "com.snowplowanalytics.iglu", key.name == "resolver-config" else {
            throw Error(description: "\(path): 'schema' must be iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-x")
        }
        guard key.version.model == 1, key.version.revision == 0, key.version.addition <= 3 else {
            throw Error(description: "\(path): resolver-config \(key.version) is not supported (1-0-0 to 1-0-3 are)")
        }
        guard let data = root["data"]?.objectValue else { throw Error(description: "\(path): 'data' must be an object") }
        guard let cacheSize = data["cacheSize"]?.numberValue?.intValue, cacheSize >= 0 else {
            throw Error(description: "\(path): data.cacheSize must be a non-negative integer")
        }
        var cacheTtl: Int?
        if let ttl = data["cacheTtl"], ttl != .null {
            guard key.version.addition >= 1 else { throw Error(description: "\(path): data.cacheTtl needs resolver-config 1-0-1 or later") }
            guard let t = ttl.numberValue?.intValue, t >= 1 else { throw Error(description: "\(path): data.cacheTtl must be a positive integer") }
            cacheTtl = t
        }
        guard let repos = data["repositories"]?.arrayValue else { throw Error(description: "\(path): data.repositories must be an array") }
        var repositories: [Repository] = []
        for (i, raw) in repos.enumerated() {
            let at = "\(path): data.repositories[\(i)]"
            guard let repo = raw.objectValue else { throw Error(description: "\(at) must be an object") }
            guard let name = repo["name"]?.stringValue else { throw Error(description: "\(at).name must be a string") }
            guard let priority = repo["priority"]?.numberValue?.intValue else { throw Error(description: "\(at).priority must be an integer") }
            guard let prefixes = repo["vendorPrefixes"]?.arrayValue, prefixes.allSatisfy({ $0.stringValue != nil }) else {
                throw Error(description: "\(at).vendorPrefixes must be an array of strings")
            }
            guard let connection = repo["connection"]?.objectValue else { throw Error(description: "\(at).connection must be an object") }
            let parsed: Connection
            if let embedded = connection["embedded"]?.objectValue {
                guard let p = embedded["path"]?.stringValue else { throw Error(description: "\(at).connection.embedded.path must be a string") }
                parsed = .embedded(path: p)
            } else if let http = connection["http"]?.objectValue {
                guard let uri = http["uri"]?.stringValue, let url = URL(string: uri), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                    throw Error(description: "\(at).connection.http.uri must be an http(s) URL")
                }
                let apikey = http["apikey"]?.stringValue
                parsed = .http(uri: uri.hasSuffix("/") ? String(uri.dropLast()) : uri, apikey: apikey)
            } else {
                throw Error(description: "\(at).connection needs 'embedded' or 'http'")
            }
            repositories.append(Repository(name: name, priority: priority, vendorPrefixes: prefixes.compactMap(\.stringValue), connection: parsed))
        }
        return ResolverConfig(schemaVersion: key.version, cacheSize: cacheSize, cacheTtl: cacheTtl, repositories: repositories)
    }
}
