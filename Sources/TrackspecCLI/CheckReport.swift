import JSONSyntax
import TrackingPlans

/// Everything a `check` run found, ready for any output format.
public struct CheckReport: Sendable {
    /// The files with something to report.
    public var files: [FileAnalysis]
    /// Files checked with nothing to report: counted, not kept (a run over 100,000 files holds only those
    /// with diagnostics until it prints).
    public var cleanFiles = 0
    /// Every file checked.
    public var fileCount: Int { files.count + cleanFiles }
    /// Display path for each analysed file (relative to the working directory where possible).
    public var displayPaths: [String: String]
    /// Absolute workspace root, for SARIF's `%SRCROOT%`.
    public var root: String

    /// Every diagnostic with its file, in report order, made as it is read (not one array of all of them).
    public var diagnostics: LazySequence<FlattenSequence<LazyMapSequence<[FileAnalysis], LazyMapSequence<[Diagnostic], (file: FileAnalysis, diagnostic: Diagnostic)>>>> {
        files.lazy.flatMap { f in f.diagnostics.lazy.map { (file: f, diagnostic: $0) } }
    }

    public func count(_ severity: Severity) -> Int {
        files.reduce(0) { $0 + $1.diagnostics.filter { $0.severity == severity }.count }
    }

    public func displayPath(_ path: String) -> String { displayPaths[path] ?? path }

    /// The analysed files by path: renderers look related locations up here once each, not by a scan of
    /// every file (O(diagnostics × files) on a large workspace).
    public func filesByPath() -> [String: FileAnalysis] {
        Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// 1-based line and column for humans and CI annotations; columns count characters.
    public func humanPosition(_ file: FileAnalysis, _ offset: Int, encoding: PositionEncoding = .utf32) -> (line: Int, column: Int) {
        let p = file.lineIndex.position(of: offset, encoding: encoding)
        return (p.line + 1, p.character + 1)
    }

    public var summary: String {
        let e = count(.error), w = count(.warning), i = count(.info), h = count(.hint)
        let checked = "\(fileCount) file\(fileCount == 1 ? "" : "s") checked"
        if e + w + i + h == 0 { return "All checks passed (\(checked))." }
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var parts = [plural(e, "error"), plural(w, "warning")]
        if i > 0 { parts.append(plural(i, "info")) }
        if h > 0 { parts.append(plural(h, "hint")) }
        // The design's hygiene (`--hygiene`) is counted apart: a run is judged on the vendors' rules first.
        let hygiene = files.reduce(0) { $0 + $1.diagnostics.filter { $0.rule.hasPrefix("hygiene/") }.count }
        let apart = hygiene > 0 ? " \(hygiene) of these \(hygiene == 1 ? "is a hygiene finding" : "are hygiene findings")." : ""
        return "Found \(parts.joined(separator: ", ")) (\(checked)).\(apart)"
    }
}
