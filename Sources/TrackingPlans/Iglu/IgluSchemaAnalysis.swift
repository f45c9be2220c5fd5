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
    let sink = DiagnosticSink()
    var facts = SnowplowFacts()
    var factsOnly = false
    var wrongTypeRule: String { IgluRule.schemaInvalid }
    var unknownKeyRule: String { IgluRule.schemaInvalid }

    mutating func analyze() {
        guard let root = tree.root, tree.kind(root) == .object else { return }
        let key = selfKey(root)
        if let key {
            facts.igluSchemas.append(WorkspaceSchema(key: key, path: path, bytes: tree.bytes, document: tree.documents.firstIndex(of: root) ?? 0, atRoot: true))
            facts.schemaFields += SchemaField.fields(in: tree, schema: root, key: key, path: path)
        }
        facts.igluUses += IgluUse.refs(in: tree, below: root, path: path)
        guard !factsOnly else { return }
        var lint = SchemaLint(tree: tree, path: path)
        lint.budget = budget
        lint.lint(root, selfDescribing: true, place: SchemaLint.Place.of(path))
        diagnostics += lint.diagnostics
        superseding(root, key: key)
        let schema = compileSchema(root, draft: .draft4, rule: IgluRule.schemaInvalid, label: "schema", remotes: schemas.remoteDocument)
        if let key {
            var evolution = EvolutionRules(tree: tree, path: path, schemas: schemas)
            evolution.judge(key, root: root, schema: schema, dataStructure: false)
            diagnostics += evolution.diagnostics
        }
    }

    /// A version as schema-ddl's self schema writes it: `^[1-9][0-9]*(-(0|[1-9][0-9]*)){2}$`.
    static func isSchemaVer(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        for (i, p) in parts.enumerated() {
            guard !p.isEmpty, p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            if p.count > 1 && p.first == "0" { return false }
            if i == 0 && p == "0" { return false }
        }
        return true
    }

    /// `$supersedes` (versions this one replaces) and `$supersededBy` (the version replacing this one): SchemaVer
    /// strings (schema-ddl's self schema, an error); `$supersededBy` above the schema's own version and, in a
    /// registry layout, a version the registry holds (iglu-scala-client's resolver fails otherwise).
    mutating func superseding(_ root: NodeID, key: SchemaKey?) {
        if let list = tree.member("$supersedes", in: root) {
            if tree.kind(list) != .array {
                report(IgluRule.supersedingInvalid, list, "$supersedes must be an array of versions, found \(describe(tree.kind(list)))")
            } else {
                for item in tree.children(list) {
                    guard tree.kind(item) == .string else {
                        report(IgluRule.supersedingInvalid, item, "$supersedes items must be version strings, found \(describe(tree.kind(item)))")
                        continue
                    }
                    let text = tree.stringValue(item)
                    if !IgluSchemaAnalysis.isSchemaVer(text) {
                        report(IgluRule.supersedingInvalid, item, "$supersedes item \"\(text)\" does not match the regex pattern of a SchemaVer version (MODEL-REVISION-ADDITION, e.g. 1-0-1)")
                    }
                }
            }
        }
        guard let by = tree.member("$supersededBy", in: root) else { return }
        guard tree.kind(by) == .string else {
            report(IgluRule.supersedingInvalid, by, "$supersededBy must be a version string, found \(describe(tree.kind(by)))")
            return
        }
        let text = tree.stringValue(by)
        guard IgluSchemaAnalysis.isSchemaVer(text), let version = SchemaVer(text) else {
            report(IgluRule.supersedingInvalid, by, "$supersededBy \"\(text)\" does not match the regex pattern of a SchemaVer version (MODEL-REVISION-ADDITION, e.g. 1-0-1)")
            return
        }
        guard let key else { return }
        if version <= key.version {
            report(IgluRule.supersedingInvalid, by, "superseding version \(text) isn't greater than the version of the schema \(key.version): a schema is superseded by a later one")
            return
        }
        guard case .registry = SchemaLint.Place.of(path) else { return }
        // This file's own version too: the editor analyses a buffer without its own (previous) facts.
        let known = Set(schemas.versions(of: key.family).map(\.key.version) + [key.version]).sorted()
        if !known.contains(version) {
            report(IgluRule.supersedingInvalid, by, "$supersededBy names \(text), which does not exist in the registry (\(key.family) has \(known.map(\.description).joined(separator: ", "))): resolving this schema fails")
        }
    }

    /// The key `self` names; nil (reported) when a part is missing or malformed.
    mutating func selfKey(_ root: NodeID) -> SchemaKey? {
        guard let me = tree.member("self", in: root), tree.kind(me) == .object else { return nil }
        var parts: [String] = []
        for field in ["vendor", "name", "format", "version"] {
            guard let v = tree.member(field, in: me) else {
                if !factsOnly { report(IgluRule.schemaInvalid, ownerRange(me), "'self' needs '\(field)'") }
                return nil
            }
            guard tree.kind(v) == .string else {
                if !factsOnly { report(IgluRule.schemaInvalid, v, "self.\(field) must be a string, found \(describe(tree.kind(v)))") }
                return nil
            }
            parts.append(tree.stringValue(v))
        }
        switch SchemaKey.parse("iglu:" + parts.joined(separator: "/")) {
        case .success(let key):
            return key
        case .failure(let error):
            if !factsOnly { report(IgluRule.schemaInvalid, me, "self does not name a schema key: \(error)") }
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
            iglu.diagnostics.append(Diagnostic(rule: IgluRule.schemaInvalid, range: 0..<min(bytes.count, 1), message: "an Iglu schema is a JSON object"))
        }
        iglu.analyze()
        let diagnostics = applySeverities(tree.diagnostics.map { Diagnostic($0, path: path) } + iglu.diagnostics)
        return FileAnalysis(path: path, tree: tree, lineIndex: LineIndex(bytes), diagnostics: diagnostics, kind: .igluSchema, facts: FileFacts(snowplow: iglu.facts))
    }
}
