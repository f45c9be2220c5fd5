import Iglu
import JSONSchema
import JSONSyntax

/// An Iglu schema file (a static registry's `schemas/{vendor}/{name}/{format}/{version}`, or a self-describing
/// schema anywhere): its `self`, the lint, its evolution from the version before, and the schema it gives the
/// workspace (which shadows the cache's of the same key, like a data structure's).
struct IgluSchemaAnalysis: TreeRules {
    let tree: SyntaxTree
    let path: String
    let schemas: IgluSchemas
    var diagnostics: [Diagnostic] = []
    var facts = SnowplowFacts()
    var factsOnly = false
    var wrongTypeRule: String { IgluRule.schemaInvalid }
    var unknownKeyRule: String { IgluRule.schemaInvalid }

    mutating func analyze() {
        guard let root = tree.root, tree.kind(root) == .object else { return }
        let key = selfKey(root)
        if let key {
            facts.igluSchemas.append(WorkspaceSchema(key: key, path: path, bytes: tree.bytes, document: tree.documents.firstIndex(of: root) ?? 0, atRoot: true))
        }
        guard !factsOnly else { return }
        var lint = SchemaLint(tree: tree, path: path)
        lint.lint(root, selfDescribing: true, place: SchemaLint.Place.of(path))
        diagnostics += lint.diagnostics
        let schema = compileSchema(root, draft: .draft4, rule: IgluRule.schemaInvalid, label: "schema", remotes: schemas.remoteDocument)
        if let key {
            var evolution = EvolutionRules(tree: tree, path: path, schemas: schemas)
            evolution.judge(key, root: root, schema: schema, dataStructure: false)
            diagnostics += evolution.diagnostics
        }
    }

    /// The key `self` names; nil (reported) when a part is missing or malformed.
    mutating func selfKey(_ root: NodeID) -> SchemaKey? {
        guard let me = tree.member("self", in: root), tree.kind(me) == .object else { return nil }
        var parts: [String] = []
        for field in ["vendor", "name", "format", "version"] {
            guard let v = tree.member(field, in: me) else {
                if !factsOnly { report(IgluRule.schemaInvalid, .error, ownerRange(me), "'self' needs '\(field)'") }
                return nil
            }
            guard tree.kind(v) == .string else {
                if !factsOnly { report(IgluRule.schemaInvalid, .error, v, "self.\(field) must be a string, found \(describe(tree.kind(v)))") }
                return nil
            }
            parts.append(tree.stringValue(v))
        }
        switch SchemaKey.parse("iglu:" + parts.joined(separator: "/")) {
        case .success(let key):
            return key
        case .failure(let error):
            if !factsOnly { report(IgluRule.schemaInvalid, .error, me, "self does not name a schema key: \(error)") }
            return nil
        }
    }
}

extension Analyzer {
    /// A file judged as an Iglu schema whatever its content looks like (a cache's file: `iglu list --check`),
    /// with the same rules as an Iglu schema file of the workspace.
    public func analyzeIgluSchema(path: String, bytes: [UInt8]) -> FileAnalysis {
        let tree = SyntaxTree(parsing: bytes)
        var iglu = IgluSchemaAnalysis(tree: tree, path: path, schemas: schemas)
        if tree.root.map({ tree.kind($0) }) != .object, tree.diagnostics.isEmpty {
            iglu.diagnostics.append(Diagnostic(rule: IgluRule.schemaInvalid, severity: .error, range: 0..<min(bytes.count, 1), message: "an Iglu schema is a JSON object"))
        }
        iglu.analyze()
        let diagnostics = applySeverities(tree.diagnostics.map { Diagnostic($0, path: path) } + iglu.diagnostics)
        return FileAnalysis(path: path, tree: tree, lineIndex: LineIndex(bytes), diagnostics: diagnostics, kind: .igluSchema, facts: FileFacts(snowplow: iglu.facts))
    }
}
