import Foundation
import Iglu
import JSONSchema
import JSONSyntax
import YAMLSyntax

/// `snowplow/schema-incompatible` and `snowplow/schema-undecidable`: is a refinement (`event.schema`, an
/// entity's `schema`) a subschema of the data structure it refines, in the version it names (current) and
/// in the newest cached one (latest)? `label` names the refinement in messages.
extension ScenarioAnalysis {
    mutating func compatibility(id: String?, schemaNode: NodeID, schema: CompiledSchema, key: SchemaKey, entry: CacheEntry, sourceNode: NodeID?,
                                label: String = "event.schema") {
        let isEvent = label == "event.schema"
        let subject = isEvent ? "event schema" : "entity schema (\(key.vendor)/\(key.name))"
        let text = tree.text(schemaNode)
        var targets: [(CacheEntry, isCurrent: Bool)] = [(entry, true)]
        /// Moving `event.source` to the latest cached version, offered when the scenario is compatible with it.
        var upgrade: [Fix] = []
        if let latest = iglu.latest(for: key, acrossModels: iglu.latestAcrossModels), latest.key.version > key.version {
            targets.append((latest, false))
            if let sourceNode, iglu.compatibility(of: schema, text: text, with: latest) == .compatible {
                upgrade = [replaceFix(sourceNode, with: latest.key.description, title: "Use \(latest.key) (compatible)")]
                if iglu.compatibility(of: schema, text: text, with: entry) == .compatible {
                    report(SnowplowRule.sourceOutdated, sourceNode,
                           "\(latest.key) is cached and this \(isEvent ? "scenario" : "entity's schema") is compatible with it", fixes: upgrade)
                }
            }
        }
        for (target, isCurrent) in targets {
            guard let result = iglu.compatibility(of: schema, text: text, with: target) else {
                if !isCurrent {
                    let why = iglu.source(target).cached.problems.first?.message ?? "it cannot be read"
                    report(SnowplowRule.sourceUnusable, as: .warning, schemaNode, "the latest cached version \(target.key) cannot be used: \(why)")
                }
                continue
            }
            func title(_ verdict: String) -> String {
                "Tracking scenario with id: \(id ?? "(none)"), \(subject) is \(verdict) with schema with name: \(target.key.name), vendor: \(target.key.vendor), version: \(target.key.version)"
            }
            /// The checker speaks of "the first/second schema"; here they have names.
            func named(_ reason: String) -> String {
                let source = "\(target.key.name) \(target.key.version)"
                return reason.replacingOccurrences(of: "the first schema", with: label)
                    .replacingOccurrences(of: "the second schema", with: source)
                    .replacingOccurrences(of: "the second", with: source)
            }
            switch result {
            case .compatible:
                continue
            case .incompatible:
                // One diagnostic per property the refinement gets wrong, each at its own range with its own
                // example (the Console's per-property verdicts); the title line counts them.
                let all = iglu.incompatibilities(of: schema, text: text, with: target, verdict: result)
                let sourceName = "\(target.key.name) \(target.key.version)"
                // Those at one place of the refinement (source properties it leaves open, all at its
                // `properties`) are one diagnostic: one cause, one fix.
                var places: [(range: Range<Int>, related: Range<Int>, items: [(JSONValue, String)])] = []
                for item in all {
                    guard case .incompatible(let witness, let reason, let pathInA, _) = item else { continue }
                    let (range, relatedRange) = ranges(for: pathInA, reason: reason, schemaNode: schemaNode, source: target)
                    if let i = places.firstIndex(where: { $0.range == range }) {
                        places[i].items.append((witness, reason))
                    } else {
                        places.append((range, relatedRange, [(witness, reason)]))
                    }
                }
                for (i, place) in places.enumerated() {
                    let (witness, reason) = place.items[0]
                    let more = place.items.dropFirst().map { named($0.1) }
                    let also = more.isEmpty ? "" : " (and \(more.count) more here: \(more.prefix(3).joined(separator: "; "))\(more.count > 3 ? "; …" : ""))"
                    let which = isCurrent ? ""
                        : " (\(named(reason).contains(sourceName) ? "" : sourceName + ", ")the latest cached version; \(key.version) is compatible)"
                    // The reason first, with its property path: one-line views (a status line, a problems list,
                    // `check`'s first line) show what is wrong. The API's title and code follow.
                    let message = named(reason) + also + which
                    let details = ["example \(isEvent ? "event" : "entity") this scenario allows but \(target.key) rejects: \(Excerpt.example(witness).truncated(to: 400))",
                                   title("INCOMPATIBLE") + (places.count > 1 ? " (\(i + 1) of \(places.count) incompatibilities)" : "")]
                    report(SnowplowRule.schemaIncompatible, as: isCurrent ? .error : .warning, place.range, message, details: details, code: "SchemaIncompatible",
                           related: [RelatedInformation(location: Location(path: target.path, range: place.related), message: "\(target.key) defines it here")],
                           fixes: isCurrent ? upgrade + requireFix(schemaNode, source: target, reason: reason) : [])
                }
                // Incompatible with the current version: the latest adds nothing the user must act on first.
                return
            case .undecidable(let reason, let at):
                let (range, relatedRange) = ranges(for: at, reason: reason, schemaNode: schemaNode, source: target)
                let message = "compatibility with \(target.key.name) \(target.key.version) could not be decided: \(named(reason)); ensure the scenario is compatible yourself"
                report(SnowplowRule.schemaUndecidable, range, message, details: [title("of UNDECIDABLE compatibility")], code: "SchemaUndecidable",
                       related: [RelatedInformation(location: Location(path: target.path, range: relatedRange), message: "\(target.key)")])
            }
        }
    }

    /// "Property 'x' is required by the second schema only": add what the source's top level requires to
    /// `event.schema`'s `required`, in place (an existing list grows, otherwise one is inserted first).
    func requireFix(_ schemaNode: NodeID, source: CacheEntry, reason: String) -> [Fix] {
        guard reason.contains("is required by the second schema only"), tree.kind(schemaNode) == .object,
              let sourceRequired = iglu.source(source).cached.value?["required"]?.arrayValue?.compactMap(\.stringValue) else { return [] }
        let list = tree.member("required", in: schemaNode)
        let present = Set(list.map { tree.children($0).compactMap { tree.kind($0) == .string ? tree.stringValue($0) : nil } } ?? [])
        let missing = sourceRequired.filter { !present.contains($0) }
        guard !missing.isEmpty else { return [] }
        let quoted = missing.map { JSONWriter().string(.string($0)) }.joined(separator: ", ")
        let title = "Require \(missing.map { "'\($0)'" }.joined(separator: ", ")) as \(source.key.name) does"
        if tree.syntax == .yaml {
            // In YAML: a block list grows by `- name` lines, a flow one by `, name`; none yet: `required: [a, b]`.
            let fix: Fix?
            if let list {
                fix = tree.kind(list) == .array ? YAMLEdits.appendItems(list, missing, title: title, in: tree) : nil
            } else {
                let names = missing.map(YAMLWriter.scalarString).joined(separator: ", ")
                fix = YAMLEdits.insertMember(schemaNode, key: "required", value: "[" + names + "]", title: title, in: tree)
            }
            return fix.map { var f = $0; f.writtenForYAML = true; return [f] } ?? []
        }
        if let list, tree.kind(list) == .array {
            if let last = Array(tree.children(list)).last {
                return [Fix(title: title, edits: [TextEdit(range: tree.range(last).upperBound..<tree.range(last).upperBound, newText: ", " + quoted)])]
            }
            return [Fix(title: title, edits: [TextEdit(range: tree.range(list), newText: "[\(quoted)]")])]
        }
        guard list == nil else { return [] }
        let open = tree.range(schemaNode).lowerBound + 1
        let empty = Array(tree.children(schemaNode)).isEmpty
        return [Fix(title: title, edits: [TextEdit(range: open..<open, newText: "\"required\": [\(quoted)]" + (empty ? "" : ", "))])]
    }

    /// The range of the most specific keyword of `event.schema` on the way to `instancePath`, and the
    /// matching place in the cached source schema.
    func ranges(for instancePath: JSONPointer, reason: String, schemaNode: NodeID, source: CacheEntry) -> (Range<Int>, Range<Int>) {
        let ownKey = tree.parent(schemaNode).flatMap { tree.kind($0) == .property ? tree.key(ofProperty: $0) : nil }
        let mine = ScenarioAnalysis.locate(instancePath, reason: reason, in: tree, from: schemaNode) ?? ownKey.map { tree.range($0) } ?? tree.range(schemaNode)
        let compiled = iglu.source(source)
        let cached = compiled.cached
        var theirs = 0..<0
        if let root = compiled.root {
            theirs = ScenarioAnalysis.locate(instancePath, reason: reason, in: cached.tree, from: root) ?? (cached.tree.range(root).lowerBound..<(cached.tree.range(root).lowerBound + 1))
        }
        return (mine, theirs)
    }

    /// Follows an instance path through `properties` / `items` of a schema tree, then picks the keyword the
    /// reason names (`enum`, `maximum`…) or the property's key.
    static func locate(_ instancePath: JSONPointer, reason: String, in tree: SyntaxTree, from root: NodeID) -> Range<Int>? {
        var node = root
        var lastKey: NodeID?
        for segment in instancePath.segments {
            guard tree.kind(node) == .object else { break }
            var next: NodeID?
            switch segment {
            case .key(let k):
                if let props = tree.member("properties", in: node), let p = tree.property(k, in: props) {
                    lastKey = tree.key(ofProperty: p)
                    next = tree.value(ofProperty: p)
                }
            case .index(let i):
                if let items = tree.member("items", in: node) {
                    next = tree.kind(items) == .array ? tree.item(i, in: items) : items
                }
            }
            guard let n = next else { break }
            node = n
        }
        if tree.kind(node) == .object {
            let keywords = ["enum", "const", "pattern", "format", "maxLength", "minLength", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
                            "multipleOf", "maxItems", "minItems", "uniqueItems", "required", "additionalProperties", "maxProperties", "minProperties", "type"]
            let lowered = reason.lowercased()
            // The checker's words for keywords it does not name.
            let synonyms: [(String, [String])] = [("lower bound", ["minimum", "exclusiveMinimum"]), ("upper bound", ["maximum", "exclusiveMaximum"])]
            let named = keywords.filter { lowered.contains($0.lowercased()) } + synonyms.filter { lowered.contains($0.0) }.flatMap(\.1)
            for keyword in named {
                if let p = tree.property(keyword, in: node), let k = tree.key(ofProperty: p) { return tree.range(k) }
            }
        }
        return lastKey.map { tree.range($0) }
    }
}

extension String {
    func truncated(to limit: Int) -> String {
        count <= limit ? self : String(prefix(limit)) + "…"
    }
}
