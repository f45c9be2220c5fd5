import Dispatch
import Foundation
import JSONSyntax
import TrackingPlans

/// `trackspec check [PATH…]`: the analysis for CI. Exit 0 clean, 1 problems, 2 usage or config error.
public struct CheckCommand {
    public var paths: [String] = []
    public var format: OutputFormat = .text
    public var strict = false
    /// `--hygiene`: the `hygiene/…` rules on for this run.
    public var hygiene = false
    public var configPath: String?
    /// `--iglu-cache DIR`, in order, before the configured folders.
    public var igluCaches: [String] = []

    public static let options = ["--format", "--strict", "--hygiene", "--config", "--iglu-cache", "--help"]

    public static let usage = """
    USAGE: trackspec check [--format text|json|sarif|github] [--strict] [--hygiene] [--config FILE] [--iglu-cache DIR]… [PATH…]

    Checks tracking scenarios, tracking plans and other JSON files under PATH (default: .).
      --format FORMAT    text (default): one line per problem, path:line:column: severity: message [rule]
                         (a message's details continue on lines indented by four spaces, notes on related
                         places by two);
                         json, sarif (SARIF 2.1.0) or github (Actions annotations)
      --strict           exit 1 on warnings as well as errors
      --hygiene          also the design's hygiene rules (hygiene/…: naming conventions, near-duplicate names),
                         off by default; the summary counts their findings apart
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
            } else if a == "--hygiene" {
                hygiene = true
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
        let result: Workspace.CheckResult
        do {
            // A workspace for the run: its projects are found from the paths, its Iglu caches compiled once.
            let workspace = Workspace(roots: paths, configuration: Configuration(root: cwd), configurationFile: nil)
            result = try workspace.check(paths: paths, configPath: configPath, extraIgluCaches: igluCaches, cwd: cwd, hygiene: hygiene) { warning in
                switch warning {
                case .missingIgluCache(let folder, let configFile):
                    errors("trackspec: warning: the Iglu cache folder \(Excerpt.escapingControls(FileSystem.displayPath(folder))) does not exist "
                        + "(from --iglu-cache, \(Configuration.igluCacheVariable) or iglu.cache in \(configFile.map { Excerpt.escapingControls(FileSystem.displayPath($0)) } ?? Configuration.fileName))\n")
                case .skipped(let s):
                    errors("trackspec: warning: skipped \(Excerpt.escapingControls(FileSystem.displayPath(s.path))): \(s.reason)\n")
                }
            }
        } catch {
            switch error {
            case .noSuchPath(let path, let why):
                errors("trackspec: \(Excerpt.escapingControls(path)): \(why)\n")
            case .invalidConfiguration(let configFile, let analysis):
                let report = CheckReport(files: [analysis], displayPaths: [configFile: FileSystem.displayPath(configFile)], root: cwd)
                errors(OutputRenderer.text(report).split(separator: "\n").dropLast().map { $0 + "\n" }.joined())
                errors("trackspec: invalid configuration in \(Excerpt.escapingControls(FileSystem.displayPath(configFile)))\n")
            case .unreadableConfiguration(let configFile, let reason):
                errors("trackspec: cannot read configuration \(Excerpt.escapingControls(configFile)): \(reason)\n")
            case .walk(let why):
                errors("trackspec: \(Excerpt.escapingControls(why))\n")
            }
            return 2
        }
        var displayPaths: [String: String] = [:]
        for a in result.analyses { displayPaths[a.path] = FileSystem.displayPath(a.path) }
        let report = CheckReport(files: result.analyses, cleanFiles: result.cleanFiles, displayPaths: displayPaths, root: cwd)
        if report.fileCount == 0 {
            errors("trackspec: warning: no file was checked under \(paths.map { Excerpt.escapingControls($0) }.joined(separator: ", ")): "
                + "nothing there matches the configuration's include (or everything is excluded)\n")
        }
        withoutActuallyEscaping(output) { OutputRenderer.write(report, as: format, to: $0) }
        let failing = report.count(.error) > 0 || (strict && report.count(.warning) > 0)
        return failing ? 1 : 0
    }
}
