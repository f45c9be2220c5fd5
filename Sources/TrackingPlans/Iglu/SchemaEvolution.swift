import Iglu
import JSONSchema
import JSONSyntax

/// SchemaVer is a promise about events, and the subschema checker can hold a schema to it: an ADDITION
/// (1-0-0 → 1-0-1) promises that every event valid under the old version stays valid (old ⊆ new); a REVISION
/// may, and a MODEL may not, break that. igluctl compares versions by number only; this compares what they accept.
public struct EvolutionVerdict: Sendable {
    public enum Bump: String, Sendable {
        case addition = "ADDITION", revision = "REVISION", model = "MODEL"
    }

    /// The version just before (workspace and cache together).
    public var previous: CacheEntry
    public var bump: Bump
    /// Is every event valid under `previous` valid under this version? Nil when `previous` cannot be read or compiled.
    public var result: SubschemaResult?
    /// An event both versions accept, when `result` is incompatible and one was found: the step breaks some
    /// events (a REVISION), not all of them (a MODEL).
    public var common: JSONValue?
    /// When the step breaks events only through properties it adds as optional where the previous version was
    /// open (any property, any value): those properties (`a.b` for nested ones). Snowplow's versioning docs call
    /// adding an optional property an ADDITION, so that is no break to report as one.
    public var addedOptional: [String] = []

    public static func bump(from old: SchemaVer, to new: SchemaVer) -> Bump {
        if old.model != new.model { return .model }
        return old.revision != new.revision ? .revision : .addition
    }

    /// `new` without the properties it adds (relative to `old`, at the same place) where both are open to other
    /// properties (`additionalProperties` absent or true), through `properties` and object `items`. What stays
    /// is compared with `old`: compatible means only those additions break anything.
    static func withoutAddedOptionalProperties(_ new: JSONValue, comparedTo old: JSONValue, at path: String, added: inout [String]) -> JSONValue {
        guard case .object(var n) = new, case .object(let o) = old else { return new }
        func open(_ schema: JSONObject) -> Bool {
            switch schema["additionalProperties"] { case nil, .bool(true)?: return true; default: return false }
        }
        if case .object(var np)? = n["properties"] {
            let op: JSONObject
            if case .object(let p)? = o["properties"] { op = p } else { op = JSONObject() }
            for key in np.keys {
                let place = path.isEmpty ? key : path + "." + key
                if let oldProperty = op[key] {
                    np[key] = withoutAddedOptionalProperties(np[key]!, comparedTo: oldProperty, at: place, added: &added)
                } else if open(n), open(o) {
                    np[key] = nil
                    added.append(place)
                }
            }
            n["properties"] = .object(np)
        }
        if let ni = n["items"], let oi = o["items"] { n["items"] = withoutAddedOptionalProperties(ni, comparedTo: oi, at: path + "[]", added: &added) }
        return .object(n)
    }

    /// The version a step needs: the next REVISION when some events of `previous` stay valid, else the next MODEL.
    public var needed: (version: SchemaVer, bump: Bump) {
        let p = previous.key.version
        return common != nil ? (SchemaVer(model: p.model, revision: p.revision + 1, addition: 0), .revision) : (SchemaVer(model: p.model + 1, revision: 0, addition: 0), .model)
    }
}

extension IgluSchemas {
    /// How `key` (whose compiled schema is `schema`) evolves from the version before it; nil for a family's
    /// first version.
    /// `value`: the schema's JSON, to tell a break through added optional properties from any other.
    public func evolution(of key: SchemaKey, schema: CompiledSchema, value: JSONValue? = nil) -> EvolutionVerdict? {
        guard let previous = versions(of: key.family).last(where: { $0.key.version < key.version }) else { return nil }
        var verdict = EvolutionVerdict(previous: previous, bump: EvolutionVerdict.bump(from: previous.key.version, to: key.version))
        let source = source(previous)
        guard let old = source.schema else { return verdict }
        let checker = SubschemaChecker(old, schema)
        verdict.result = checker.check()
        guard case .incompatible = verdict.result else { return verdict }
        verdict.common = checker.commonExample()
        if let value, let oldValue = source.root.flatMap({ source.cached.tree.value($0) }) {
            var added: [String] = []
            let lenient = EvolutionVerdict.withoutAddedOptionalProperties(value, comparedTo: oldValue, at: "", added: &added)
            if !added.isEmpty {
                let compiled = SchemaCompiler.compile(lenient, defaultDraft: .draft4, remotes: remoteDocument)
                if !compiled.diagnostics.contains(where: { $0.severity == .error }), case .compatible = SubschemaChecker(old, compiled).check() {
                    verdict.addedOptional = added
                }
            }
        }
        return verdict
    }
}

/// The SchemaVer rules on one schema of a workspace file (an Iglu schema file, a data structure's `data`):
/// compatibility with the version before, gaps, a missing 1-0-0, a data structure going backwards.
struct EvolutionRules: TreeRules {
    let tree: SyntaxTree
    let path: String
    let schemas: IgluSchemas
    let sink = DiagnosticSink()
    var wrongTypeRule: String { IgluRule.evolutionUndecidable }
    var unknownKeyRule: String { IgluRule.evolutionUndecidable }

    /// `root`: the schema's node (holding `self`); `schema`: its compiled form (nil when it does not compile:
    /// only the numbering is judged). `dataStructure`: a snowplow-cli file, edited in place version after
    /// version, whose history is the cache's (when the cache knows nothing of its family, nothing is said of it).
    mutating func judge(_ key: SchemaKey, root: NodeID, schema: CompiledSchema?, dataStructure: Bool) {
        let versionNode = tree.member("self", in: root).flatMap { tree.member("version", in: $0) }
        let at = versionNode.map { tree.range($0) } ?? ownerRange(root)
        let v = key.version
        let cached = schemas.context.cache.versions(of: key.family)
        if dataStructure, schemas.context.cache.entry(key) == nil,
           let above = cached.last(where: { $0.key.version.model == v.model && $0.key.version > v }) {
            report(IgluRule.versionBackwards, at,
                   "\(v) is below \(above.key.version), already published (in the Iglu cache): a new version of MODEL \(v.model) comes after \(above.key.version)",
                   related: [related(above, "\(above.key)")])
        }
        let versions = schemas.versions(of: key.family)
        guard let previous = versions.last(where: { $0.key.version < v }) else {
            if v != SchemaVer(model: 1, revision: 0, addition: 0), !dataStructure || !cached.isEmpty {
                report(IgluRule.noInitialVersion, at, "no version of \(key.family) comes before \(v) here: a family starts at 1-0-0")
            }
            return
        }
        let p = previous.key.version
        if !p.successors.contains(v) {
            report(IgluRule.versionGap, at,
                   "\(v) does not directly follow \(p): \(EvolutionRules.missing(after: p, before: v)) is missing (after \(p) come \(p.successors.map(\.description).joined(separator: ", ")))",
                   related: [related(previous, "\(previous.key)")])
        }
        guard let schema, let verdict = schemas.evolution(of: key, schema: schema, value: tree.value(root)), let result = verdict.result else { return }
        let taken = Set(versions.map(\.key.version))
        // In a registry layout the file is named by its version: it moves too (to a version no file has).
        let inRegistry: Bool
        if case .registry = SchemaLint.Place.of(path) { inRegistry = true } else { inRegistry = false }
        func renumber(_ target: SchemaVer, _ bump: EvolutionVerdict.Bump) -> Fix? {
            guard let versionNode, !taken.contains(target) else { return nil }
            var fix = replaceFix(versionNode, with: target.description, title: "Renumber to \(target) (\(bump.rawValue))")
            if inRegistry { fix.renameFile = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/\(target)" }
            return fix
        }
        switch (verdict.bump, result) {
        case (.addition, .incompatible(let witness, let reason, _, _)) where !verdict.addedOptional.isEmpty:
            let names = verdict.addedOptional.map { "'\($0)'" }.joined(separator: ", ")
            report(IgluRule.additionNarrowsOpen, at,
                   "\(v) adds the optional \(verdict.addedOptional.count == 1 ? "property" : "properties") \(names), an ADDITION in Snowplow's versioning; strictly, \(p) accepted any value there (it allows other properties): \(EvolutionRules.written(witness)) is valid under \(p) and rejected by \(v) (\(reason))",
                   related: [related(previous, "\(previous.key)")])
        case (.addition, .incompatible(let witness, let reason, let pathInA, let pathInB)):
            let needed = verdict.needed
            let other: (SchemaVer, EvolutionVerdict.Bump) = needed.bump == .revision ? (SchemaVer(model: p.model + 1, revision: 0, addition: 0), .model) : (SchemaVer(model: p.model, revision: p.revision + 1, addition: 0), .revision)
            let why = verdict.common.map { "some events of \(p) stay valid (\(EvolutionRules.written($0))): a REVISION, \(needed.version)" }
                ?? "no event valid under both versions was found: a MODEL change, \(needed.version)"
            // The paths are instance paths: followed through properties/items to the keyword the reason names.
            var links = [related(previous, "\(previous.key) accepts it here", instancePath: pathInA, reason: reason)]
            if let range = ScenarioAnalysis.locate(pathInB, reason: reason, in: tree, from: root) {
                links.append(RelatedInformation(location: Location(path: path, range: range), message: "rejected here"))
            }
            report(IgluRule.additionIncompatible, at,
                   "\(v) is an ADDITION to \(p) but rejects events \(p) accepts: \(EvolutionRules.written(witness)) is valid under \(p) and rejected by \(v) (\(reason)); \(why)",
                   related: links, fixes: [renumber(needed.version, needed.bump), renumber(other.0, other.1)].compactMap { $0 })
        case (.addition, .undecidable(let reason, _)):
            report(IgluRule.evolutionUndecidable, at, "whether \(v) accepts every event \(p) accepts could not be decided (\(reason))",
                   related: [related(previous, "\(previous.key)")])
        case (.revision, .compatible), (.model, .compatible):
            let addition = SchemaVer(model: p.model, revision: p.revision, addition: p.addition + 1)
            report(IgluRule.bumpLargerThanNeeded, at,
                   "every event valid under \(p) is valid under \(v): an ADDITION (\(addition)) would do, this \(verdict.bump.rawValue) is not needed",
                   related: [related(previous, "\(previous.key)")], fixes: [renumber(addition, .addition)].compactMap { $0 })
        default:
            break
        }
    }

    /// `entry`'s schema, or the keyword in it that `instancePath` and `reason` lead to (where an example is accepted).
    func related(_ entry: CacheEntry, _ message: String, instancePath: JSONPointer? = nil, reason: String = "") -> RelatedInformation {
        let source = schemas.source(entry)
        let tree = source.cached.tree
        var range = source.root.map { tree.range($0) } ?? 0..<0
        if let instancePath, let root = source.root, let keyword = ScenarioAnalysis.locate(instancePath, reason: reason, in: tree, from: root) { range = keyword }
        return RelatedInformation(location: Location(path: entry.path, range: range), message: message)
    }

    /// The version that should come between `p` and `v` (`v` not being one of `p`'s successors).
    static func missing(after p: SchemaVer, before v: SchemaVer) -> SchemaVer {
        if v.model == p.model && v.revision == p.revision { return SchemaVer(model: p.model, revision: p.revision, addition: p.addition + 1) }
        if v.model == p.model { return SchemaVer(model: p.model, revision: p.revision + 1, addition: 0) }
        return v.model == p.model + 1 ? SchemaVer(model: v.model, revision: 0, addition: 0) : SchemaVer(model: p.model + 1, revision: 0, addition: 0)
    }

    static func written(_ value: JSONValue) -> String { Excerpt.of(JSONWriter().string(value)) }
}

extension Analyzer {
    /// Over `self.version` of an Iglu schema file or a data structure: how this version evolves from the one
    /// before, as the subschema checker judges it.
    func versionHover(_ tree: SyntaxTree, _ node: NodeID, kind: FileKind) -> HoverInfo? {
        guard kind == .igluSchema || kind == .snowplowDataStructure, tree.kind(node) == .string,
              let property = tree.parent(node), tree.kind(property) == .property, tree.keyString(ofProperty: property) == "version",
              let me = tree.parent(property), let selfProperty = tree.parent(me), tree.keyString(ofProperty: selfProperty) == "self",
              let root = tree.parent(selfProperty), let documentRoot = tree.root else { return nil }
        let schemaRoot = kind == .igluSchema ? documentRoot : tree.member("data", in: documentRoot)
        guard root == schemaRoot, let value = tree.value(root),
              let key = SchemaKey("iglu:" + ["vendor", "name", "format", "version"].map { tree.member($0, in: me).map(tree.stringValue) ?? "" }.joined(separator: "/"))
        else { return nil }
        let range = tree.range(node)
        let compiled = SchemaCompiler.compile(value, defaultDraft: .draft4, remotes: schemas.remoteDocument)
        guard !compiled.diagnostics.contains(where: { $0.severity == .error }) else {
            return HoverInfo(range: range, markdown: "**\(key)**\n\nThe schema does not compile: no verdict against the version before.")
        }
        guard let verdict = schemas.evolution(of: key, schema: compiled, value: value) else {
            return HoverInfo(range: range, markdown: "**\(key)**\n\nThe first version of its family here (workspace and Iglu cache).")
        }
        let p = verdict.previous.key.version
        var text = "**\(key)**\n\n\(verdict.bump == .addition ? "An" : "A") \(verdict.bump.rawValue) after \(p). "
        switch verdict.result {
        case .compatible?:
            text += "Every event valid under \(p) is valid under \(key.version)"
            text += verdict.bump == .addition ? ": backward compatible, as an ADDITION promises." : ": backward compatible, so an ADDITION would have done."
        case .incompatible(let witness, let reason, _, _)? where !verdict.addedOptional.isEmpty:
            text += "It adds optional properties (\(verdict.addedOptional.joined(separator: ", "))), an ADDITION in Snowplow's versioning. Strictly, \(p) accepted any value there, so this event valid under \(p) is rejected by \(key.version) (\(reason)):\n\n```json\n\(JSONWriter().string(witness).truncated(to: 1_000))\n```"
        case .incompatible(let witness, let reason, _, _)?:
            text += "Not backward compatible: this event is valid under \(p) and rejected by \(key.version) (\(reason)):\n\n```json\n\(JSONWriter().string(witness).truncated(to: 1_000))\n```"
            if verdict.bump == .addition { text += "\n\nAn ADDITION must keep every event valid: this needs \(verdict.needed.version) (\(verdict.needed.bump.rawValue))." }
        case .undecidable(let reason, _)?:
            text += "Whether every event valid under \(p) stays valid could not be decided (\(reason))."
        case nil:
            text += "\(p) cannot be read or compiled: no verdict."
        }
        return HoverInfo(range: range, markdown: text)
    }
}
