import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

/// `trackspec check [PATH…]`: the analysis for CI. Exit 0 clean, 1 problems, 2 usage or config error.
public struct CheckCommand {
    public var paths: [String] = []
    public var format: OutputFormat = .text
    public var strict = false
    public var configPath: String?
    /// `--iglu-cache DIR`, in order, before the configured folders.
    public var igluCaches: [String] = []

    public static let options = ["--format", "--strict", "--config", "--iglu-cache", "--help"]

    public static let usage = """
    USAGE: trackspec check [--format text|json|sarif|github] [--strict] [--config FILE] [--iglu-cache DIR]… [PATH…]

    Checks tracking scenarios, tracking plans and other JSON files under PATH (default: .).
      --format FORMAT    text (default): one line per problem, path:line:column: severity: message [rule]
                         (a message's details continue on lines indented by four spaces, notes on related
                         places by two);
                         json, sarif (SARIF 2.1.0) or github (Actions annotations)
      --strict           exit 1 on warnings as well as errors
      --config FILE      use FILE instead of the trackspec.json found from each PATH upwards
      --iglu-cache DIR   an Iglu cache folder (static-registry layout: DIR/schemas/vendor/name/format/version),
                         searched before iglu.cache of trackspec.json; repeatable. TRACKSPEC_IGLU_CACHE=DIR:DIR…
                         does the same for every command
    Exit status: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or configuration error.
    """

    public enum ParseError: Error, CustomStringConvertible {
        case message(String)
        public var description: String {
            switch self { case .message(let m): return m }
        }
    }

    public init(arguments: [String]) throws {
        var i = 0
        var onlyPaths = false
        while i < arguments.count {
            let a = arguments[i]
            func value() throws -> String {
                if let eq = a.firstIndex(of: "=") { return String(a[a.index(after: eq)...]) }
                i += 1
                guard i < arguments.count else { throw ParseError.message("\(a) needs a value") }
                return arguments[i]
            }
            if onlyPaths || !a.hasPrefix("-") || a == "-" {
                paths.append(a)
            } else if a == "--" {
                onlyPaths = true
            } else if a == "--strict" {
                strict = true
            } else if a == "--format" || a.hasPrefix("--format=") {
                let v = try value()
                guard let f = OutputFormat(rawValue: v) else {
                    throw ParseError.message("unknown format '\(v)'; expected one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                format = f
            } else if a == "--config" || a.hasPrefix("--config=") {
                configPath = try value()
            } else if a == "--iglu-cache" || a.hasPrefix("--iglu-cache=") {
                igluCaches.append(try value())
            } else {
                let name = a.split(separator: "=", maxSplits: 1).first.map(String.init) ?? a
                throw ParseError.message("unknown option '\(a)'\(Suggestions.didYouMean(name, in: CheckCommand.options))")
            }
            i += 1
        }
        if paths.isEmpty { paths = ["."] }
    }

    /// Runs the check, writing the report to `output` and problems with the invocation to `errors`.
    /// Each PATH is checked under the `trackspec.json` found from it upwards (or `--config`), so
    /// `trackspec check Examples` honours `Examples/trackspec.json` wherever it is run from.
    public func run(output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let cwd = FileSystem.currentDirectory()
        var configurations: [String: Configuration] = [:]
        // One project per configuration, with its files. A folder below a PATH with its own trackspec.json is
        // a project of its own (a monorepo's packages, Examples/yaml): the walk that finds it leaves it out of
        // the enclosing project, and it is checked in a next round under its own configuration.
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
                    errors("trackspec: \(Excerpt.escapingControls(path)): \(why)\n")
                    return 2
                }
                let start = isDirectory.boolValue ? path : (URL(fileURLWithPath: path).deletingLastPathComponent().path)
                let configFile = configPath ?? Configuration.locate(from: start)
                let key = configFile ?? "<default:\(cwd)>"
                if configurations[key] == nil {
                    do {
                        let (configuration, _, diagnostics) = try Configuration.load(explicitPath: configFile, from: cwd)
                        if let configFile, diagnostics.contains(where: { $0.severity == .error }) {
                            let analysis = Analyzer(configuration: configuration).analyze(path: configFile, bytes: (try? FileSystem.read(configFile)) ?? [])
                            let report = CheckReport(files: [analysis], displayPaths: [configFile: FileSystem.displayPath(configFile)], root: cwd)
                            errors(OutputRenderer.text(report).split(separator: "\n").dropLast().map { $0 + "\n" }.joined())
                            errors("trackspec: invalid configuration in \(Excerpt.escapingControls(FileSystem.displayPath(configFile)))\n")
                            return 2
                        }
                        var configured = configuration
                        configured.extraIgluCache = igluCaches.map { Configuration.resolve($0, against: cwd) } + configured.extraIgluCache
                        for folder in configured.missingIgluCacheFolders() {
                            errors("trackspec: warning: the Iglu cache folder \(FileSystem.displayPath(folder)) does not exist "
                                + "(from --iglu-cache, \(Configuration.igluCacheVariable) or iglu.cache in \(configFile.map(FileSystem.displayPath) ?? Configuration.fileName))\n")
                        }
                        configurations[key] = configured
                    } catch {
                        errors("trackspec: cannot read configuration \(Excerpt.escapingControls(configFile ?? Configuration.fileName)): \(error is FileReading.Failure ? "\(error)" : error.localizedDescription)\n")
                        return 2
                    }
                }
                let project = projects.firstIndex(where: { $0.configuration == configurations[key]! }) ?? {
                    projects.append((configurations[key]!, []))
                    return projects.count - 1
                }()
                if let i = round.firstIndex(where: { $0.project == project }) { round[i].paths.append(path) } else { round.append((project, [path])) }
            }
            pending = []
            for (project, projectPaths) in round {
                do {
                    let (files, nested, skippedHere) = try WorkspaceFiles.collect(projectPaths, configuration: projects[project].configuration,
                                                                                  stoppingAtNestedProjects: configPath == nil)
                    // What the walk could not look into is said: a run that passes has read what it says it read.
                    for s in skippedHere {
                        errors("trackspec: warning: skipped \(Excerpt.escapingControls(FileSystem.displayPath(s.path))): \(s.reason)\n")
                    }
                    projects[project].files += files.filter { seen.insert($0).inserted }
                    pending += nested.filter { queued.insert($0).inserted }
                } catch {
                    errors("trackspec: \(Excerpt.escapingControls("\(error)"))\n")
                    return 2
                }
            }
        }
        var analyses: [FileAnalysis] = []
        var clean = 0
        // The run's Iglu caches, compiled once for all its projects.
        let igluContexts = IgluContexts()
        for (configuration, files) in projects {
            let analyzer = igluContexts.analyzer(configuration)
            // A file with nothing to report and nothing other files need is counted, not kept.
            let all = analyzeAll(files, analyzer: analyzer)
            var analyzed = all.compactMap { $0 }
            clean += all.count - analyzed.count
            // The project's data structures are Iglu schemas too (shadowing the cache): the files that
            // resolve Iglu URIs are judged again knowing them. No data structures, no second pass.
            if let (knowing, again) = analyzer.knowingDataStructures(of: analyzed) {
                let redone = analyzeAll(again.map { analyzed[$0].path }, analyzer: knowing, keepingClean: true)
                for (i, analysis) in zip(again, redone) { analyzed[i] = analysis ?? analyzed[i] }
            }
            for analysis in analyzer.crossFile(analyzed) {
                if analysis.diagnostics.isEmpty { clean += 1 } else { analyses.append(analysis) }
            }
        }
        var displayPaths: [String: String] = [:]
        for a in analyses { displayPaths[a.path] = FileSystem.displayPath(a.path) }
        let report = CheckReport(files: analyses, cleanFiles: clean, displayPaths: displayPaths, root: cwd)
        if report.fileCount == 0 {
            errors("trackspec: warning: no file was checked under \(paths.map { Excerpt.escapingControls($0) }.joined(separator: ", ")): "
                + "nothing there matches the configuration's include (or everything is excluded)\n")
        }
        withoutActuallyEscaping(output) { OutputRenderer.write(report, as: format, to: $0) }
        let failing = report.count(.error) > 0 || (strict && report.count(.warning) > 0)
        return failing ? 1 : 0
    }

    /// Analyses files in parallel (files are independent at this layer); results keep input order.
    /// Nil for a file with nothing to report, no facts and no Iglu URIs to resolve (unless `keepingClean`): the
    /// run counts it and keeps nothing of it.
    func analyzeAll(_ files: [String], analyzer: Analyzer, keepingClean: Bool = false,
                    read: @Sendable (String) throws -> [UInt8] = { try FileReading.read($0) }) -> [FileAnalysis?] {
        let results = ResultSlots<FileAnalysis?>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let path = files[i]
            let analysis: FileAnalysis
            do {
                analysis = analyzer.analyze(path: path, bytes: try read(path))
            } catch FileReading.Failure.tooLarge(let size, let limit) {
                analysis = analyzer.tooLarge(path: path, size: size, limit: limit)
            } catch let failure as FileReading.Failure {
                analysis = analyzer.unreadable(path: path, reason: failure.description)
            } catch {
                analysis = analyzer.unreadable(path: path, reason: (error as? CocoaError)?.localizedDescription ?? String(describing: error))
            }
            let unneeded = !keepingClean && analysis.diagnostics.isEmpty && analysis.facts.isEmpty && !analysis.kind.resolvesIgluURIs
            results.set(i, unneeded ? nil : analysis.droppingTree())
        }
        return results.values
    }
}

/// Write-once slots filled from concurrent workers.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    var values: [T] { slots.map { $0! } }
}
