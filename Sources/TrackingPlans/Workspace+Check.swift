import Dispatch
import Foundation

/// `check`'s job, in the analysis layer: the paths' projects (each PATH under the `trackspec.json` found from it
/// upwards, or the one given; a folder below it with its own trackspec.json a project of its own), every file
/// analysed, the projects' data structures shadowing the cache (a second pass for the files resolving Iglu URIs),
/// and each project's cross-file rules. The CLI parses arguments and renders; the server analyses with the same
/// `Analyzer`, so a file gets the same diagnostics from both.
extension Workspace {
    /// What stops a run before any file is analysed.
    public enum CheckFailure: Error {
        case noSuchPath(String, reason: String)
        /// The configuration file's own analysis (its errors).
        case invalidConfiguration(file: String, analysis: FileAnalysis)
        case unreadableConfiguration(file: String, reason: String)
        case walk(String)
    }

    /// Said during a run without stopping it.
    public enum CheckWarning {
        /// A configured Iglu cache folder that does not exist, and the configuration file naming it (nil: defaults).
        case missingIgluCache(folder: String, configurationFile: String?)
        case skipped(WorkspaceFiles.Skipped)
    }

    public struct CheckResult {
        /// The files with something to report.
        public var analyses: [FileAnalysis]
        /// Files checked with nothing to report: counted, not kept.
        public var cleanFiles: Int
    }

    /// Checks `paths` as `trackspec check` does. `configPath`: `--config` (one configuration for every path, no
    /// nested projects); `extraIgluCaches`: `--iglu-cache` folders, before each configuration's own.
    public func check(paths: [String], configPath: String?, extraIgluCaches: [String], cwd: String, hygiene: Bool = false,
                      warn: (CheckWarning) -> Void) throws(CheckFailure) -> CheckResult {
        var projects = try projects(paths: paths, configPath: configPath, extraIgluCaches: extraIgluCaches, cwd: cwd, warn: warn)
        // `--hygiene`: the family on for this run, where trackspec.json does not say otherwise.
        if hygiene { for i in projects.indices { projects[i].configuration.ruleSeverities = HygieneRule.enabling(projects[i].configuration.ruleSeverities) } }
        var analyses: [FileAnalysis] = []
        var clean = 0
        // The run's Iglu caches (the workspace's), compiled once for all its projects.
        for (configuration, files) in projects {
            let analyzer = igluContexts.analyzer(configuration)
            // A file with nothing to report and nothing other files need is counted, not kept.
            var analyzed: [FileAnalysis] = []
            do {
                let all = Workspace.analyzeAll(files, analyzer: analyzer)
                analyzed.reserveCapacity(all.reduce(0) { $0 + ($1 == nil ? 0 : 1) })
                for case let analysis? in all { analyzed.append(analysis) }
                clean += all.count - analyzed.count
            }
            // The project's data structures are Iglu schemas too (shadowing the cache): the files that
            // resolve Iglu URIs are judged again knowing them. No data structures, no second pass.
            if let (knowing, again) = analyzer.knowingDataStructures(of: analyzed) {
                let redone = Workspace.analyzeAll(again.map { analyzed[$0].path }, analyzer: knowing, keepingClean: true)
                for (i, analysis) in zip(again, redone) { analyzed[i] = analysis ?? analyzed[i] }
            }
            analyzer.applyCrossFile(to: &analyzed)
            for analysis in analyzed {
                if analysis.diagnostics.isEmpty {
                    clean += 1
                } else {
                    // Reported only by cross-file rules: its positions come from the file again.
                    analyses.append(analysis.linesDropped ? analysis.restoringLines((try? FileReading.read(analysis.path)) ?? []) : analysis)
                }
            }
        }
        return CheckResult(analyses: analyses, cleanFiles: clean)
    }

    /// The projects `paths` belong to, each with its configuration (found from each path upwards, or `configPath`)
    /// and its files, nested projects (folders with their own trackspec.json) found on the way: what `check`
    /// analyses and `refs` searches.
    public func projects(paths: [String], configPath: String?, extraIgluCaches: [String], cwd: String,
                         warn: (CheckWarning) -> Void) throws(CheckFailure) -> [(configuration: Configuration, files: [String])] {
        var configurations: [String: Configuration] = [:]
        var projects: [(configuration: Configuration, files: [String])] = []
        var seen = Set<String>()
        var queued = Set<String>()
        var pending = paths
        while !pending.isEmpty {
            var round: [(project: Int, paths: [String])] = []
            for path in pending {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                    // A link that leads nowhere (or round in a loop) is not "no such file": say which.
                    let why = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) != nil
                        ? "a symbolic link that leads to no file (a loop, or a missing target)" : "no such file or directory"
                    throw .noSuchPath(path, reason: why)
                }
                let start = isDirectory.boolValue ? path : (URL(fileURLWithPath: path).deletingLastPathComponent().path)
                let configFile = configPath ?? Configuration.locate(from: start)
                let key = configFile ?? "<default:\(cwd)>"
                if configurations[key] == nil {
                    let loaded: (Configuration, String?, [Diagnostic])
                    do {
                        loaded = try Configuration.load(explicitPath: configFile, from: cwd)
                    } catch {
                        throw .unreadableConfiguration(file: configFile ?? Configuration.fileName,
                                                       reason: error is FileReading.Failure ? "\(error)" : error.localizedDescription)
                    }
                    let (configuration, _, diagnostics) = loaded
                    if let configFile, diagnostics.contains(where: { $0.severity == .error }) {
                        let analysis = Analyzer(configuration: configuration).analyze(path: configFile, bytes: (try? FileReading.read(configFile)) ?? [])
                        throw .invalidConfiguration(file: configFile, analysis: analysis)
                    }
                    var configured = configuration
                    configured.extraIgluCache = extraIgluCaches.map { Configuration.resolve($0, against: cwd) } + configured.extraIgluCache
                    for folder in configured.missingIgluCacheFolders() { warn(.missingIgluCache(folder: folder, configurationFile: configFile)) }
                    configurations[key] = configured
                }
                let project = projects.firstIndex(where: { $0.configuration == configurations[key]! }) ?? {
                    projects.append((configurations[key]!, []))
                    return projects.count - 1
                }()
                if let i = round.firstIndex(where: { $0.project == project }) { round[i].paths.append(path) } else { round.append((project, [path])) }
            }
            pending = []
            for (project, projectPaths) in round {
                let walked: (files: [String], nestedProjects: [String], skipped: [WorkspaceFiles.Skipped])
                do {
                    walked = try WorkspaceFiles.collect(projectPaths, configuration: projects[project].configuration, stoppingAtNestedProjects: configPath == nil)
                } catch {
                    throw .walk("\(error)")
                }
                // What the walk could not look into is said: a run that passes has read what it says it read.
                for s in walked.skipped { warn(.skipped(s)) }
                projects[project].files += walked.files.filter { seen.insert($0).inserted }
                pending += walked.nestedProjects.filter { queued.insert($0).inserted }
            }
        }
        return projects
    }

    /// Every file's facts, per project, with the project's analyzer: the design's graph, for `trackspec refs`.
    public func facts(paths: [String], configPath: String?, extraIgluCaches: [String], cwd: String,
                      warn: (CheckWarning) -> Void) throws(CheckFailure) -> [(analyzer: Analyzer, facts: FileFacts)] {
        try projects(paths: paths, configPath: configPath, extraIgluCaches: extraIgluCaches, cwd: cwd, warn: warn).map { configuration, files in
            let analyzer = igluContexts.analyzer(configuration)
            var merged = FileFacts()
            for file in files {
                guard let bytes = try? FileReading.read(file) else { continue }
                merged.merge(CollectionOfOne(analyzer.facts(path: file, bytes: bytes)))
            }
            return (analyzer, merged)
        }
    }

    /// Analyses files in parallel (files are independent at this layer); results keep input order.
    /// Nil for a file with nothing to report, no facts and no Iglu URIs to resolve (unless `keepingClean`): the
    /// run counts it and keeps nothing of it.
    public static func analyzeAll(_ files: [String], analyzer: Analyzer, keepingClean: Bool = false,
                                  read: @Sendable (String) throws -> [UInt8] = { try FileReading.read($0) }) -> [FileAnalysis?] {
        let results = ResultSlots<FileAnalysis?>(count: files.count)
        // The Iglu URIs scenarios name and the fields schemas define serve navigation and the hygiene family
        // only: not kept for 10,000 files otherwise.
        let keepIgluUses = analyzer.hygieneEnabled
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let path = files[i]
            var analysis: FileAnalysis
            do {
                analysis = analyzer.analyze(path: path, bytes: try read(path))
            } catch FileReading.Failure.tooLarge(let size, let limit) {
                analysis = analyzer.tooLarge(path: path, size: size, limit: limit)
            } catch let failure as FileReading.Failure {
                analysis = analyzer.unreadable(path: path, reason: failure.description)
            } catch {
                analysis = analyzer.unreadable(path: path, reason: (error as? CocoaError)?.localizedDescription ?? String(describing: error))
            }
            if !keepIgluUses {
                analysis.facts.snowplow.igluUses = []
                analysis.facts.snowplow.schemaFields = []
            }
            let unneeded = !keepingClean && analysis.diagnostics.isEmpty && analysis.facts.isEmpty && !analysis.kind.resolvesIgluURIs
            results.set(i, unneeded ? nil : analysis.keptForWorkspace())
        }
        return results.values
    }
}

/// Write-once slots filled from concurrent workers, each worker its own index.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    /// The values, moved out (the slots are not read again): one array of them alive, not two.
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        var out: [T] = []
        out.reserveCapacity(slots.count)
        for i in slots.indices { out.append(slots[i].take()!) }
        slots = []
        return out
    }
}
