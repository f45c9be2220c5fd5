import Foundation

/// The read-only test material in `shared/` beside the project folder (Iglu Central, jsonsubschema's
/// pairs, the LSP meta model…). A test that needs a piece of it that is absent fails on its own with one
/// message naming the missing path; it never crashes the runner (it used to: an index out of range after
/// an empty cache, which stopped every test after it).
public enum SharedFixtures {
    /// The project folder (this file is Tests/TestSupport/SharedFixtures.swift).
    public static let projectRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `TRACKSPEC_SHARED_DIR`, else `../shared` from the project folder.
    public static let root: URL = ProcessInfo.processInfo.environment["TRACKSPEC_SHARED_DIR"].map { URL(fileURLWithPath: $0) }
        ?? projectRoot.deletingLastPathComponent().appendingPathComponent("shared")

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    /// The absolute path of `relative` inside shared/ (whether or not it exists): for static properties.
    public static func location(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// The absolute path of `relative` inside shared/, or an error naming it when it is missing.
    public static func path(_ relative: String) throws -> String {
        let path = location(relative)
        guard FileManager.default.fileExists(atPath: path) else {
            throw Missing(description: "missing test fixture \(path): this test reads shared/\(relative), the read-only test material "
                + "kept beside the project folder (or at TRACKSPEC_SHARED_DIR); see README.md, 'Test fixtures'")
        }
        return path
    }
}
