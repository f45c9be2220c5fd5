import Foundation
import JSONSyntax
import TrackingPlans

/// A folder below a workspace root with a `trackspec.json` of its own (a monorepo's package, `Examples/yaml`):
/// a project of its own, as `check` treats it. Its files are analysed under its configuration, and cross-file
/// rules see only its files: opened with the workspace at the monorepo's root, the editor says what `check` says.
final class NestedProject: @unchecked Sendable {
    let folder: String
    let configuration: Configuration
    let configurationFile: String
    let facts = WorkspaceFacts()

    init(folder: String, configuration: Configuration, configurationFile: String) {
        self.folder = folder
        self.configuration = configuration
        self.configurationFile = configurationFile
    }
}

/// What a file is analysed with: its project's configuration, facts and folder(s).
struct ProjectContext: @unchecked Sendable {
    var configuration: Configuration
    var configurationFile: String?
    var facts: WorkspaceFacts
    /// Where the project's files are looked for: the workspace roots, or the nested project's folder.
    var roots: [String]
    var isNested: Bool
}

extension LanguageServer {
    /// The workspace root project (the first folder's trackspec.json, found upwards, and the client's settings).
    var rootProject: ProjectContext {
        ProjectContext(configuration: configuration, configurationFile: configurationFile, facts: workspaceFacts, roots: workspaceRoots, isNested: false)
    }

    /// The project `path` belongs to: the nearest folder between it and its workspace root holding a
    /// trackspec.json, else the root project.
    func project(for path: String) -> ProjectContext {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let root = workspaceRoots.map({ URL(fileURLWithPath: $0).standardizedFileURL.path })
            .filter({ standardized.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }) else { return rootProject }
        var folder = (standardized as NSString).deletingLastPathComponent
        while folder.count > root.count && folder.hasPrefix(root + "/") {
            if let nested = nestedProject(at: folder) {
                return ProjectContext(configuration: nested.configuration, configurationFile: nested.configurationFile, facts: nested.facts,
                                      roots: [nested.folder], isNested: true)
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return rootProject
    }

    /// The nested project at `folder`, when it has a trackspec.json; loaded once until the configuration changes.
    func nestedProject(at folder: String) -> NestedProject? {
        if let known = projectFolders[folder] { return known }
        let file = folder + "/" + Configuration.fileName
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            projectFolders[folder] = .some(nil)
            return nil
        }
        var configuration: Configuration
        do {
            let (loaded, _, diagnostics) = try Configuration.load(explicitPath: file, from: folder)
            if diagnostics.contains(where: { $0.severity == .error }) { log("\(file) has errors; see its diagnostics") }
            configuration = loaded
        } catch {
            log("cannot read configuration \(file): \(error)")
            configuration = Configuration(root: folder)
        }
        let project = NestedProject(folder: folder, configuration: withClientSettings(configuration), configurationFile: file)
        projectFolders[folder] = project
        return project
    }

    /// The client's settings on top of a configuration read from a file (the same keys, theirs winning).
    func withClientSettings(_ configuration: Configuration) -> Configuration {
        guard var settings = clientSettings else { return configuration }
        // The editor's own settings are not trackspec.json's (and not unknown keys of it).
        if case .object(var object) = settings {
            object["maxDiagnostics"] = nil
            settings = .object(object)
        }
        let tree = SyntaxTree(parsing: JSONWriter().string(settings))
        let (merged, problems) = Configuration.parse(tree, path: "<client settings>", root: configuration.root, base: configuration)
        for p in problems { log("settings: \(p.message)") }
        return merged
    }

    /// Every nested project below the workspace roots, found by the walk `check` does.
    func allNestedProjects() -> [NestedProject] {
        var found: [NestedProject] = []
        var pending: [(folders: [String], configuration: Configuration)] = workspaceRoots.isEmpty ? [] : [(workspaceRoots, configuration)]
        while let (folders, configuration) = pending.popLast() {
            guard let (_, nested, _) = try? WorkspaceFiles.collect(folders, configuration: configuration, stoppingAtNestedProjects: true) else { continue }
            for folder in nested {
                guard let project = nestedProject(at: folder) else { continue }
                found.append(project)
                pending.append(([folder], project.configuration))
            }
        }
        return found
    }
}
