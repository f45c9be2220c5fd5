import Foundation

/// Finds the files to analyse. Shared by `check` and the server so both see the same workspace.
public enum WorkspaceFiles {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    /// Path of `path` relative to `root` with `/` separators, or nil when it is not inside `root`.
    public static func relativePath(_ path: String, to root: String) -> String? {
        let p = standardized(path)
        let r = standardized(root)
        if p == r { return "" }
        let prefix = r.hasSuffix("/") ? r : r + "/"
        return p.hasPrefix(prefix) ? String(p.dropFirst(prefix.count)) : nil
    }

    /// Absolute and already standard paths are the common case: skip Foundation's URL round trip for them.
    static func standardized(_ path: String) -> String {
        if path.hasPrefix("/"), !path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return path
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The configured Iglu cache folders (standardized): a cache inside the workspace is the registry's copy, not
    /// schemas the user writes, so a walk does not enter it (its schemas are read as the cache).
    static func cacheFolders(of config: Configuration) -> Set<String> {
        Set(config.configuredIgluCacheFolders.map(standardized))
    }

    static func isExcluded(_ relative: String, isDirectory: Bool, by config: Configuration) -> Bool {
        let candidate = isDirectory ? relative + "/" : relative
        return config.exclude.contains { $0.matches(candidate) || (isDirectory && $0.matches(relative)) }
    }

    /// Whether `collect([root])` would list `path`: inside `root`, no hidden or `node_modules` component,
    /// included and not excluded (nor under an excluded folder). For files that change one at a time.
    public static func includes(_ path: String, root: String, configuration config: Configuration) -> Bool {
        guard let relative = relativePath(path, to: root), !relative.isEmpty else { return false }
        let components = relative.split(separator: "/").map(String.init)
        guard !components.contains(where: { $0.hasPrefix(".") || $0 == "node_modules" }) else { return false }
        let rootPrefix = { (r: String) in r.hasSuffix("/") ? r : r + "/" }(standardized(config.root))
        let absolute = standardized(path)
        let walked = standardized(root)
        for cache in cacheFolders(of: config) where cache != walked && absolute.hasPrefix(cache + "/") { return false }
        let configRelative = absolute.hasPrefix(rootPrefix) ? String(absolute.dropFirst(rootPrefix.count)) : relative
        let parts = configRelative.split(separator: "/").map(String.init)
        for i in 1..<max(parts.count, 1) where isExcluded(parts[0..<i].joined(separator: "/"), isDirectory: true, by: config) { return false }
        return config.include.contains(where: { $0.matches(configRelative) }) && !isExcluded(configRelative, isDirectory: false, by: config)
    }

    /// Files under the given paths that the configuration includes, sorted, without duplicates.
    /// Files named explicitly are always taken (as ruff does); folders are walked without following
    /// symlinked folders (no cycles), skipping hidden entries and excluded paths.
    public static func collect(_ paths: [String], configuration config: Configuration) throws -> [String] {
        try collect(paths, configuration: config, stoppingAtNestedProjects: false).files
    }

    /// A path the walk could not look into or name: a folder it cannot list, a file name that is not UTF-8.
    public struct Skipped: Sendable, Hashable {
        public var path: String
        public var reason: String
    }

    /// As `collect`, and with `stoppingAtNestedProjects` a folder below a walked path that holds its own
    /// `trackspec.json` is not walked: it is a project of its own (a monorepo's package, `Examples/yaml`),
    /// returned in `nestedProjects` (standardized absolute paths) whether or not this configuration excludes
    /// it. Found in the same walk, by one look per folder.
    public static func collect(_ paths: [String], configuration config: Configuration,
                               stoppingAtNestedProjects: Bool) throws -> (files: [String], nestedProjects: [String], skipped: [Skipped]) {
        var nested: [String] = []
        var skipped: [Skipped] = []
        var result: [String] = []
        let caches = cacheFolders(of: config)
        var seen = Set<String>()
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw Error(description: "\(path): no such file or directory")
            }
            if !isDirectory.boolValue {
                if seen.insert(URL(fileURLWithPath: path).standardizedFileURL.path).inserted { result.append(path) }
                continue
            }
            // Walk with two spellings of each path: the user's (printed in reports) and the standardized
            // absolute one (matched against the root's globs). Standardizing once per folder, not per file:
            // URL standardization was a tenth of `check`'s time on 10,000 files.
            let rootPrefix = { (r: String) in r.hasSuffix("/") ? r : r + "/" }(URL(fileURLWithPath: config.root).standardizedFileURL.path)
            var stack = [(path, URL(fileURLWithPath: path).standardizedFileURL.path)]
            var found: [(String, String)] = []
            while let (dir, absoluteDir) = stack.popLast() {
                let listing = FileReading.entries(of: dir)
                if let failure = listing.failure {
                    skipped.append(Skipped(path: dir, reason: "cannot list the folder: \(failure)"))
                    continue
                }
                for name in listing.notUTF8 where !name.hasPrefix(".") {
                    skipped.append(Skipped(path: dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name), reason: "the file name is not UTF-8"))
                }
                for name in listing.names.sorted() where !name.hasPrefix(".") && name != "node_modules" {
                    let full = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
                    let absolute = absoluteDir.hasSuffix("/") ? absoluteDir + name : absoluteDir + "/" + name
                    guard let attributes = try? fm.attributesOfItem(atPath: full), let type = attributes[.type] as? FileAttributeType else { continue }
                    let relative = absolute.hasPrefix(rootPrefix) ? String(absolute.dropFirst(rootPrefix.count)) : full
                    if type == .typeDirectory {
                        if caches.contains(absolute) { continue }
                        if stoppingAtNestedProjects && fm.fileExists(atPath: full + "/" + Configuration.fileName) {
                            nested.append(absolute)
                        } else if !isExcluded(relative, isDirectory: true, by: config) {
                            stack.append((full, absolute))
                        }
                    } else if type == .typeRegular || type == .typeSymbolicLink {
                        // Only regular files are read: a FIFO or device behind a `.json` name would block or never end.
                        if type == .typeSymbolicLink {
                            guard let target = try? fm.attributesOfItem(atPath: URL(fileURLWithPath: full).resolvingSymlinksInPath().path),
                                  target[.type] as? FileAttributeType == .typeRegular else { continue }
                        }
                        guard config.include.contains(where: { $0.matches(relative) }), !isExcluded(relative, isDirectory: false, by: config) else { continue }
                        found.append((full, absolute))
                    }
                }
            }
            for (f, absolute) in found.sorted(by: { $0.0 < $1.0 }) where seen.insert(absolute).inserted {
                result.append(f)
            }
        }
        return (result, nested.sorted(), skipped)
    }
}
