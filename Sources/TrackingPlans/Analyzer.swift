import Iglu
import JSONSyntax

/// The analysis of one file: what `check` prints and what the server publishes.
public struct FileAnalysis: Sendable {
    public let path: String
    public let tree: SyntaxTree
    public let lineIndex: LineIndex
    public var diagnostics: [Diagnostic]
    public var kind: FileKind = .json
    /// What cross-file rules need from this file (scenario names, property definitions, catalog ids).
    public var facts = FileFacts()
    /// Findings an editor's budget counted without building them (none in `check`).
    public var omitted = DiagnosticBudget.Omitted()

    /// The same analysis without its syntax tree (and, for an ASCII file, its bytes): a batch report needs
    /// diagnostics and line offsets only, and 10,000 trees held until the report is printed were most of
    /// `check`'s peak memory.
    public func droppingTree() -> FileAnalysis {
        FileAnalysis(path: path, tree: FileAnalysis.noTree, lineIndex: lineIndex.compacted(), diagnostics: diagnostics, kind: kind, facts: facts)
    }

    /// The same analysis without its tree and, when it has nothing to report, without its line index either:
    /// what `check` keeps of a clean file other files need (its facts, its Iglu URIs). 10,000 such line
    /// indexes were a tenth of `check`'s peak heap; the few files cross-file rules then report on get theirs
    /// back from the file (`restoringLines`).
    public func keptForWorkspace() -> FileAnalysis {
        guard diagnostics.isEmpty else { return droppingTree() }
        var kept = FileAnalysis(path: path, tree: FileAnalysis.noTree, lineIndex: FileAnalysis.noLines, diagnostics: [], kind: kind, facts: facts)
        kept.linesDropped = true
        return kept
    }

    /// True when `keptForWorkspace()` let the line index go: positions need `restoringLines`.
    public private(set) var linesDropped = false

    /// The analysis with its line index made again from `bytes` (the file as it was analysed).
    public func restoringLines(_ bytes: [UInt8]) -> FileAnalysis {
        guard linesDropped else { return self }
        return FileAnalysis(path: path, tree: tree, lineIndex: LineIndex(bytes).compacted(), diagnostics: diagnostics, kind: kind, facts: facts)
    }

    static let noLines = LineIndex([UInt8]())

    /// The tree an analysis without one holds: one for all of them.
    static let noTree = SyntaxTree(parsing: [])
}

/// Runs every rule that applies to a file and applies the configuration's severity overrides.
/// Pure: callers supply the bytes, so the server can analyse unsaved editor buffers the same way.
public struct Analyzer: Sendable {
    public var configuration: Configuration
    public var iglu: IgluContext
    /// Data structures the workspace defines (snowplow-cli files), which shadow the cache: `check` and the
    /// server fill it from the workspace's facts (`IgluSchemas.workspace`).
    public var workspaceSchemas: [SchemaKey: WorkspaceSchema] {
        get { workspaceIndex.byKey }
        set { workspaceIndex = WorkspaceSchemaIndex(newValue) }
    }
    /// The same, indexed (by key, by family): the server keeps one per workspace state and hands it over whole.
    public var workspaceIndex = WorkspaceSchemaIndex()
    /// What Iglu URIs resolve against: the workspace's data structures, then the cache.
    public var schemas: IgluSchemas { IgluSchemas(context: iglu, index: workspaceIndex) }

    /// Without `iglu`, a context of its own (nothing compiled is shared with other analyzers: workspaces share
    /// theirs through `IgluContexts`).
    public init(configuration: Configuration, iglu: IgluContext? = nil) {
        self.configuration = configuration
        self.iglu = iglu ?? IgluContext.make(for: configuration)
    }

    /// One file on its own. Cross-file rules need every file's facts: see `crossFile(_:)`.
    /// `budget`: the editor's (see `DiagnosticBudget`): findings past it are counted in `omitted`, not built.
    public func analyze(path: String, bytes: [UInt8], budget: DiagnosticBudget? = nil) -> FileAnalysis {
        let tree = DocumentParsing.parse(path: path, bytes: bytes)
        var diagnostics: [Diagnostic]
        var kind = FileKind.json
        var facts = FileFacts()
        if fileName(of: path) == Configuration.fileName {
            diagnostics = Configuration.parse(tree, path: path, root: configuration.root).1
        } else {
            diagnostics = tree.diagnostics.map { Diagnostic($0, path: path) }
            if let budget { diagnostics.forEach(budget.note) }
            // Each document of a YAML stream is judged as what it is; the file's kind is its first one's.
            for (i, document) in tree.documentTrees.enumerated() {
                let (documentKind, more, documentFacts) = analyze(document, path: path, factsOnly: false, budget: budget)
                if i == 0 { kind = documentKind }
                diagnostics += more
                facts = FileFacts.merged([facts, documentFacts])
            }
        }
        diagnostics = Analyzer.fixesThatFit(applySeverities(diagnostics), tree: tree, path: path)
        var analysis = FileAnalysis(path: path, tree: tree, lineIndex: LineIndex(bytes), diagnostics: diagnostics, kind: kind, facts: facts)
        analysis.omitted = budget?.omitted ?? DiagnosticBudget.Omitted()
        return analysis
    }

    /// What cross-file rules need from a file, without analysing it: for the files of a workspace that
    /// nobody has open (the server's start-up scan must not run every compatibility check).
    public func facts(path: String, bytes: [UInt8]) -> FileFacts {
        facts(path: path, tree: DocumentParsing.parse(path: path, bytes: bytes))
    }

    /// The same, from a tree already parsed (any of its documents: every document's facts are taken).
    public func facts(path: String, tree: SyntaxTree) -> FileFacts {
        guard fileName(of: path) != Configuration.fileName else { return FileFacts() }
        return FileFacts.merged(tree.documentTrees.map { analyze($0, path: path, factsOnly: true).facts })
    }

    /// One document's kind, diagnostics and facts (with `factsOnly`, no diagnostics worth keeping and none of
    /// the expensive checks: compatibility, compiling `rules`).
    func analyze(_ tree: SyntaxTree, path: String, factsOnly: Bool, budget: DiagnosticBudget? = nil) -> (kind: FileKind, diagnostics: [Diagnostic], facts: FileFacts) {
        let kind = configuration.forcedKind(of: path) ?? FileKind.detect(tree)
        if kind.isSnowplow {
            var snowplow = ScenarioAnalysis(tree: tree, path: path, iglu: schemas)
            snowplow.factsOnly = factsOnly
            snowplow.budget = budget
            snowplow.analyze(kind: kind)
            return (kind, snowplow.diagnostics, FileFacts(scenarios: snowplow.facts, snowplow: snowplow.cliFacts))
        }
        if kind == .igluSchema {
            var iglu = IgluSchemaAnalysis(tree: tree, path: path, schemas: schemas)
            iglu.factsOnly = factsOnly
            iglu.budget = budget
            iglu.analyze()
            return (kind, iglu.diagnostics, FileFacts(snowplow: iglu.facts))
        }
        if kind.isRudderStack {
            var rudderstack = RudderStackAnalysis(tree: tree, path: path)
            rudderstack.factsOnly = factsOnly
            rudderstack.budget = budget
            rudderstack.analyze(kind: kind)
            return (kind, rudderstack.diagnostics, FileFacts(rudderstack: rudderstack.facts))
        }
        return (kind, [], FileFacts())
    }

    /// A workspace's data structures are Iglu schemas too (shadowing the cache), and they are known only once
    /// every file was analysed: this analyzer knowing them, and which of `analyses` to analyse again with it
    /// (those resolving Iglu URIs). Nil when the workspace defines no data structure: no second pass.
    public func knowingDataStructures(of analyses: [FileAnalysis]) -> (analyzer: Analyzer, again: [Int])? {
        let local = IgluSchemas.workspace(analyses.map(\.facts.snowplow))
        guard !local.isEmpty else { return nil }
        var analyzer = self
        analyzer.workspaceSchemas = local
        return (analyzer, analyses.indices.filter { analyses[$0].kind.resolvesIgluURIs })
    }

    /// Adds the cross-file diagnostics (duplicate scenario and catalog names, conflicting property
    /// definitions, unresolved catalog ids) to analyses of a whole workspace. `others` are facts of files
    /// not in `analyses` (the rest of the workspace, for the server).
    public func crossFile(_ analyses: [FileAnalysis], others: [FileFacts] = []) -> [FileAnalysis] {
        var out = analyses
        applyCrossFile(to: &out, others: others)
        return out
    }

    /// The hygiene rules this configuration turns on (the family is off by default).
    var enabledHygieneRules: Set<String> {
        Set(HygieneRule.rules.filter { configuration.severity(of: $0.id, default: $0.defaultSeverity) != nil }.map(\.id))
    }

    /// Whether any hygiene rule is on: they read every name of the workspace, so the server gives them every file's
    /// facts, not only the related ones.
    public var hygieneEnabled: Bool { !enabledHygieneRules.isEmpty }

    /// `crossFile` in place: `check` holds every file's analysis once, not twice.
    public func applyCrossFile(to analyses: inout [FileAnalysis], others: [FileFacts] = []) {
        var all = FileFacts.merged(others)
        all.merge(analyses.lazy.map(\.facts))
        var extra = WorkspaceIndex.duplicateNames(all.scenarios)
        for more in [WorkspaceIndex.sourceAppReferences(all.snowplow), WorkspaceIndex.dataStructureDuplicates(all.snowplow.dataStructures),
                     WorkspaceIndex.propertyConflicts(all.rudderstack.properties), WorkspaceIndex.catalogDuplicates(all.rudderstack.catalog),
                     WorkspaceIndex.unresolvedReferences(all.rudderstack.references, catalog: all.rudderstack.catalog),
                     WorkspaceIndex.projectDuplicates(all.rudderstack.resources),
                     WorkspaceIndex.projectReferences(all.rudderstack.projectReferences, resources: all.rudderstack.resources),
                     WorkspaceIndex.projectImports(all.rudderstack.imports, resources: all.rudderstack.resources),
                     WorkspaceIndex.projectConnections(all.rudderstack.connections, resources: all.rudderstack.resources)] {
            extra.merge(more, uniquingKeysWith: +)
        }
        let hygiene = enabledHygieneRules
        if !hygiene.isEmpty { extra.merge(HygieneFindings.findings(all, enabled: hygiene, naming: configuration.naming), uniquingKeysWith: +) }
        guard !extra.isEmpty else { return }
        for i in analyses.indices {
            guard let more = extra[analyses[i].path] else { continue }
            analyses[i].diagnostics = Analyzer.fixesThatFit(applySeverities(analyses[i].diagnostics + more), tree: analyses[i].tree, path: analyses[i].path)
        }
    }

    /// Quick fixes are written as JSON text, except those `YAMLEdits` writes for a YAML file. In a YAML file a
    /// JSON fix is kept only where it replaces one scalar (or key) with a scalar, and then re-spelt as YAML: in
    /// the replaced scalar's quoting, plain where it was plain and reads the same (`status: published`, not
    /// `status: "published"`). An inserted `"required": [...]` or a removed list item written for JSON would
    /// break the user's YAML: dropped (their YAML forms are written by the rules themselves).
    static func fixesThatFit(_ diagnostics: [Diagnostic], tree: SyntaxTree, path: String) -> [Diagnostic] {
        guard DocumentParsing.isYAML(path) else { return diagnostics }
        return diagnostics.map { d in
            guard !d.fixes.isEmpty else { return d }
            var copy = d
            copy.fixes = d.fixes.compactMap { fix in
                if fix.writtenForYAML { return fix }
                var respelt = fix
                for (i, edit) in fix.edits.enumerated() {
                    guard tree.syntax == .yaml, let node = tree.node(at: edit.range.lowerBound), tree.range(node) == edit.range,
                          [.string, .number, .boolean, .null].contains(tree.kind(node)) else { return nil }
                    let replacement = SyntaxTree(parsing: edit.newText)
                    guard replacement.diagnostics.isEmpty, let root = replacement.root,
                          [.string, .number, .boolean, .null].contains(replacement.kind(root)) else { return nil }
                    if replacement.kind(root) == .string {
                        respelt.edits[i].newText = YAMLEdits.scalar(replacement.stringValue(root), replacing: node, in: tree)
                    }
                }
                return respelt
            }
            return copy
        }
    }

    func applySeverities(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.compactMap { d in
            guard !configuration.ruleSeverities.isEmpty || RuleRegistry.offByDefault.contains(d.rule) else { return d }
            guard let severity = configuration.severity(of: d.rule, default: d.severity) else { return nil }
            var copy = d
            copy.severity = severity
            return copy
        }.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }
}

func fileName(of path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

extension Analyzer {
    /// A file that could not be read still appears in the report, with the reason.
    public func unreadable(path: String, reason: String) -> FileAnalysis {
        let d = Diagnostic(rule: FileRule.unreadable, range: 0..<0, message: "cannot read file: \(reason)")
        return FileAnalysis(path: path, tree: SyntaxTree(parsing: []), lineIndex: LineIndex([UInt8]()), diagnostics: [d])
    }
}
