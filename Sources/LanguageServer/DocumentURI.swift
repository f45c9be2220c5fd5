import Foundation

/// `file://` URIs ↔ paths. Editors percent-encode differently (VS Code encodes `:` in drive letters,
/// Neovim does not), so paths are compared decoded and URIs are produced in one canonical form.
public enum DocumentURI {
    public static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        var rest = String(uri.dropFirst("file://".count))
        // Authority (usually empty, sometimes "localhost").
        if !rest.hasPrefix("/") {
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = String(rest[slash...])
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = String(rest[..<query]) }
        return rest.removingPercentEncoding ?? rest
    }

    static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~/")
        return set
    }()

    public static func uri(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        var encoded = ""
        for scalar in standardized.unicodeScalars {
            if scalar.isASCII && unreserved.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                for b in String(scalar).utf8 { encoded += String(format: "%%%02X", b) }
            }
        }
        return "file://" + encoded
    }

    /// A canonical key for a URI, so `file:///a%20b` and `file:///a b` name one document.
    public static func key(_ uri: String) -> String {
        path(uri).map { self.uri($0) } ?? uri
    }
}
