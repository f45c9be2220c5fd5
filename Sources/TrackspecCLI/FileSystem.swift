import Foundation
import TrackingPlans

enum FileSystem {
    static func currentDirectory() -> String { FileManager.default.currentDirectoryPath }

    /// A path for humans: relative to the working directory when inside it.
    static func displayPath(_ path: String) -> String {
        // Already relative to the working directory (as the user typed it): nothing to resolve.
        if !path.hasPrefix("/"), !path.split(separator: "/").contains(where: { $0 == "." || $0 == ".." }) { return path }
        let cwd = currentDirectory()
        if let relative = WorkspaceFiles.relativePath(path, to: cwd), !relative.isEmpty { return relative }
        return path
    }
}
