import Foundation
import TrackingPlans
import JSONSchema
import JSONSyntax

/// `trackspec compat A.json B.json [--json]`: is A a subschema of B (every instance valid under A also
/// valid under B)? Exit 0 compatible, 1 incompatible, 3 undecidable, 2 usage or input error.
enum CompatCommand {
    static let usage = """
    USAGE: trackspec compat A.json B.json [--json] [--draft 4|6|7]

    Decides whether schema A is a subschema of B: every JSON value valid under A is valid under B.
    Accepts plain JSON Schemas (draft-04/06/07, boolean schemas) and Iglu self-describing schemas.
    Prints `compatible`, `incompatible` with a witness (a value A accepts and B rejects) and the reason
    (one per property of B that A gets wrong on its own, each with its witness; `--json`: the first at
    the top level and all in `incompatibilities`), or `undecidable` with the reason. A schema without
    `$schema` is read as draft-04 (Iglu's), or as `--draft`; the last line (`--json`: `drafts`) says which.
    Formats trackspec checks: date-time, date, time, email, hostname, ipv4, ipv6, uri, uri-reference, uuid,
    regex, json-pointer, relative-json-pointer; any other format B requires (and A does not) is undecidable.
    Exit status: 0 compatible, 1 incompatible, 3 undecidable, 2 error.
    """

    static func run(_ arguments: [String], output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        var files: [String] = []
        var json = false
        var draft = Draft.draft4
        var rest = arguments[...]
        while let a = rest.popFirst() {
            if a == "--json" { json = true } else if a == "--draft" || a.hasPrefix("--draft=") {
                let value = a.hasPrefix("--draft=") ? String(a.dropFirst(8)) : rest.popFirst()
                guard let chosen = ["4": Draft.draft4, "6": .draft6, "7": .draft7][value ?? ""] else {
                    errors("trackspec compat: --draft takes 4, 6 or 7\n\n\(usage)\n")
                    return 2
                }
                draft = chosen
            } else if a == "-h" || a == "--help" {
                output(usage + "\n")
                return 0
            } else if a.hasPrefix("-") {
                errors("trackspec compat: unknown option '\(a)'\(Suggestions.didYouMean(a, in: ["--json", "--draft", "--help"]))\n\n\(usage)\n")
                return 2
            } else {
                files.append(a)
            }
        }
        guard files.count == 2 else {
            errors("trackspec compat: expected two schema files\n\n\(usage)\n")
            return 2
        }
        var schemas: [CompiledSchema] = []
        var drafts: [String] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                errors("trackspec compat: cannot read \(file)\n")
                return 2
            }
            let tree = SyntaxTree(parsing: [UInt8](data))
            if let e = tree.diagnostics.first(where: { $0.severity == .error }) {
                let p = LineIndex([UInt8](data)).position(of: e.range.lowerBound)
                errors("trackspec compat: \(file):\(p.line + 1):\(p.character + 1): \(e.message)\n")
                return 2
            }
            let schema = SchemaCompiler.compile(tree, baseURI: URL(fileURLWithPath: file).absoluteString, defaultDraft: draft)
            let declared = tree.root.flatMap { tree.member("$schema", in: $0) } != nil
            drafts.append("\(schema.draft.rawValue)\(declared ? "" : " (no $schema)")")
            for d in schema.diagnostics where d.severity == .error {
                errors("trackspec compat: \(file): schema problem at \(d.pointer.description.isEmpty ? "/" : d.pointer.description): \(d.message)\n")
            }
            schemas.append(schema)
        }
        // Which draft each schema was read as: the last line, or `drafts` in JSON.
        let readAs = "read as: \(files[0]) \(drafts[0]), \(files[1]) \(drafts[1])\n"
        let draftsJSON: JSONValue = .array(drafts.map { .string($0) })
        // Content keywords are annotations (draft-07 validation §8): not compared, and said so.
        var notes: [String] = []
        for (file, schema) in zip(files, schemas) where !schema.contentAnnotations.isEmpty {
            let places = schema.contentAnnotations.map { $0.description.isEmpty ? "/" : $0.description }
            notes.append("contentMediaType/contentEncoding in \(file) at \(places.prefix(5).joined(separator: ", "))\(places.count > 5 ? " (and \(places.count - 5) more)" : "") "
                         + "are annotations (draft-07 validation §8), not assertions: not compared; a validator set to assert them may reject more")
        }
        func report(_ object: [(String, JSONValue)], text: String) {
            let extra: [(String, JSONValue)] = notes.isEmpty ? [] : [("notes", .array(notes.map { .string($0) }))]
            output(json ? JSONWriter().string(.object(JSONObject(object + extra + [("drafts", draftsJSON)]))) + "\n"
                        : text + notes.map { "note: \($0)\n" }.joined() + readAs)
        }
        let result = SubschemaChecker(schemas[0], schemas[1]).check()
        switch result {
        case .compatible:
            report([("result", "compatible")], text: "compatible\n")
            return 0
        case .incompatible:
            // Every independent incompatibility (one per property of B where they can be told apart), the
            // first one also at the top level as before.
            let all = SubschemaChecker.incompatibilities(schemas[0], schemas[1])
            let found = all.isEmpty ? [result] : all
            let items: [(JSONValue, String, JSONPointer)] = found.compactMap {
                if case .incompatible(let witness, let reason, let pathA, _) = $0 { return (witness, reason, pathA) } else { return nil }
            }
            let list = items.map { JSONValue.object(JSONObject([("witness", $0.0), ("reason", .string($0.1)), ("path", .string($0.2.description))])) }
            var text = items.count == 1 ? "" : "incompatible in \(items.count) places\n"
            for (witness, reason, _) in items {
                text += "incompatible: \(reason)\nwitness (valid under \(files[0]), invalid under \(files[1])):\n\(JSONWriter(pretty: true).string(witness))\n"
            }
            report([("result", "incompatible"), ("witness", items[0].0), ("reason", .string(items[0].1)), ("path", .string(items[0].2.description)),
                    ("incompatibilities", .array(list))], text: text)
            return 1
        case .undecidable(let reason, let path):
            report([("result", "undecidable"), ("reason", .string(reason)), ("path", .string(path.description))],
                   text: "undecidable: \(reason)\(path.segments.isEmpty ? "" : " (at \(path))")\n")
            return 3
        }
    }
}
