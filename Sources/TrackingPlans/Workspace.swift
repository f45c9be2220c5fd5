import Foundation
import JSONSyntax

/// A folder below a workspace root with a `trackspec.json` of its own (a monorepo's package, `Examples/yaml`):
/// a project of its own, as `check` treats it. Its files are analysed under its configuration, and cross-file
/// rules see only its files: opened with the workspace at the monorepo's root, the editor says what `check` says.
public final class NestedProject: @unchecked Sendable {
    public let folder: String
    public let configuration: Configuration
    public let configurationFile: String
    public let facts = WorkspaceFacts()

    init(folder: String, configuration: Configuration, configurationFile: String) {
        self.folder = folder
        self.configuration = configuration
        self.configurationFile = configurationFile
    }
}

/// What a file is analysed with: its project's configuration, facts and folder(s).
public struct Project: @unchecked Sendable {
    public var configuration: Configuration
    public var configurationFile: String?
    public var facts: WorkspaceFacts
    /// Where the project's files are looked for: the workspace roots, or the nested project's folder.
    public var roots: [String]
    public var isNested: Bool
}

/// A workspace as the server sees it: its roots and root configuration (the client's settings on top), the
/// projects nested in it, the facts index of each, and the Iglu caches compiled for it. Built again when the
/// configuration changes; knows nothing of the protocol.
public final class Workspace: @unchecked Sendable {
    public let roots: [String]
    public let configuration: Configuration
    public let configurationFile: String?
    public let facts = WorkspaceFacts()
    public let igluContexts = IgluContexts()
    /// The client's settings (trackspec.json's keys), laid over every project's configuration.
    let clientSettings: JSONValue?
    let log: @Sendable (String) -> Void
    private let lock = NSLock()
    private var projectFolders: [String: NestedProject?] = [:]

    /// `configuration`: the root project's, read from its file (the client's settings are laid over it here).
    public init(roots: [String], configuration: Configuration, configurationFile: String?, clientSettings: JSONValue? = nil,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.roots = roots
        self.configurationFile = configurationFile
        self.clientSettings = Workspace.trackspecSettings(clientSettings)
        self.log = log
        self.configuration = Workspace.overlay(configuration, settings: self.clientSettings, log: log)
    }

    /// The editor's own settings (`maxDiagnostics`, `completionInsertTextOnly`, `serverFileWatching`) are not trackspec.json's, nor
    /// unknown keys of it.
    static func trackspecSettings(_ settings: JSONValue?) -> JSONValue? {
        guard case .object(var object)? = settings else { return settings }
        object["maxDiagnostics"] = nil
        object["completionInsertTextOnly"] = nil
        object["serverFileWatching"] = nil
        return .object(object)
    }

    /// The client's settings on top of a configuration read from a file (the same keys, theirs winning).
    static func overlay(_ configuration: Configuration, settings: JSONValue?, log: (String) -> Void) -> Configuration {
        guard let settings else { return configuration }
        let tree = SyntaxTree(parsing: JSONWriter().string(settings))
        let (merged, problems) = Configuration.parse(tree, path: "<client settings>", root: configuration.root, base: configuration)
        for p in problems { log("settings: \(p.message)") }
        return merged
    }

    public var rootProject: Project {
        Project(configuration: configuration, configurationFile: configurationFile, facts: facts, roots: roots, isNested: false)
    }

    /// An analyzer for a project, over this workspace's Iglu caches.
    public func analyzer(for project: Project) -> Analyzer { igluContexts.analyzer(project.configuration) }

    /// The project `path` belongs to: the nearest folder between it and its workspace root holding a
    /// trackspec.json, else the root project.
    public func project(for path: String) -> Project {
        let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let root = roots.map({ URL(fileURLWithPath: $0).standardizedFileURL.path })
            .filter({ standardized.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }) else { return rootProject }
        var folder = (standardized as NSString).deletingLastPathComponent
        while folder.count > root.count && folder.hasPrefix(root + "/") {
            if let nested = nestedProject(at: folder) {
                return Project(configuration: nested.configuration, configurationFile: nested.configurationFile, facts: nested.facts,
                               roots: [nested.folder], isNested: true)
            }
            folder = (folder as NSString).deletingLastPathComponent
        }
        return rootProject
    }

    /// The nested project at `folder`, when it has a trackspec.json; loaded once for this workspace.
    public func nestedProject(at folder: String) -> NestedProject? {
        lock.lock()
        if let known = projectFolders[folder] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let file = folder + "/" + Configuration.fileName
        var isDirectory: ObjCBool = false
        var project: NestedProject?
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue {
            var configuration: Configuration
            do {
                let (loaded, _, diagnostics) = try Configuration.load(explicitPath: file, from: folder)
                if diagnostics.contains(where: { $0.severity == .error }) { log("\(file) has errors; see its diagnostics") }
                configuration = loaded
            } catch {
                log("cannot read configuration \(file): \(error)")
                configuration = Configuration(root: folder)
            }
            project = NestedProject(folder: folder, configuration: Workspace.overlay(configuration, settings: clientSettings, log: log),
                                    configurationFile: file)
        }
        lock.lock()
        defer { lock.unlock() }
        if let known = projectFolders[folder] { return known }
        projectFolders[folder] = .some(project)
        return project
    }

    /// Every nested project below the roots, found by the walk `check` does.
    public func allNestedProjects() -> [NestedProject] {
        var found: [NestedProject] = []
        var pending: [(folders: [String], configuration: Configuration)] = roots.isEmpty ? [] : [(roots, configuration)]
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

    /// What an editor shows of an analysis. Editors start the server for every JSON file (`tsconfig.json`,
    /// `package.json`…): a file that is neither a tracking file nor included by its project's `trackspec.json` (or
    /// the client's `include` setting) gets nothing. JSON-with-comments documents (`languageId` `jsonc`, `*.jsonc`)
    /// may have comments and trailing commas, as their format allows.
    public func shownDiagnostics(_ analysis: FileAnalysis, languageId: String?) -> [Diagnostic] {
        guard showsDiagnostics(of: analysis) else { return [] }
        guard languageId == "jsonc" || analysis.path.hasSuffix(".jsonc") else { return analysis.diagnostics }
        return analysis.diagnostics.filter { !Workspace.allowedInJSONC.contains($0.rule) }
    }

    /// False for a plain JSON file that no configuration includes: the editor is shown nothing of it.
    public func showsDiagnostics(of analysis: FileAnalysis) -> Bool {
        guard analysis.kind == .json else { return true }
        let project = project(for: analysis.path)
        let configured = project.configurationFile != nil || clientSettings?["include"] != nil
        return configured && (project.roots.isEmpty || project.roots.contains(where: {
            WorkspaceFiles.includes(analysis.path, root: $0, configuration: project.configuration)
        }))
    }

    public static let allowedInJSONC: Set<String> = [SyntaxDiagnostic.Code.comment.rawValue, SyntaxDiagnostic.Code.trailingComma.rawValue]

    /// After files or caches changed on disk: every project's facts are read again, nested projects found again,
    /// Iglu caches indexed again.
    public func reset() {
        facts.reset()
        lock.lock()
        let nested = projectFolders.values.compactMap { $0 }
        projectFolders = [:]
        lock.unlock()
        for project in nested { project.facts.reset() }
        igluContexts.invalidate()
    }
}
