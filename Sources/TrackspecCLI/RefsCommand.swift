import Foundation
import JSONSyntax
import TrackingPlans

/// `trackspec refs SYMBOL [PATH…]`: every definition and use of a symbol of the design's graph, as the language
/// server's references answer them, for scripts and for a look before a change.
enum RefsCommand {
    static let usage = """
    USAGE: trackspec refs [--format text|json] SYMBOL [PATH…]

    Prints every place under PATH (default: .) that defines or names SYMBOL:
      #property:product_id, #event:<id>, #/properties/<group>/<id>…   a rudder-cli resource (any URN form)
      iglu:com.acme/checkout_started[/jsonschema/1-0-0]               an Iglu data structure, every version
      catalog:property:<id> (event, property, category, custom-type)  a Data Catalog item
      iglu:com.acme/checkout_started#/properties/step                 a property of a data structure's schema, with
                                                                      every refinement of it in the scenarios
    Text: path:line:column: definition|use: the line's text. JSON: {"symbol", "references": [{path, line,
    column, definition, detail}]}. Exit status: 0 found, 1 nothing found, 2 usage error.
    """

    static func run(_ arguments: [String], output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let parsed: ChoiceArguments
        switch ChoiceArguments.parse(arguments, command: "refs", option: "--format", choices: ["text", "json"], usage: usage, output: output, errors: errors) {
        case .success(let p): parsed = p
        case .failure(let exit): return exit.code
        }
        guard let text = parsed.words.first else {
            errors("trackspec refs: which symbol?\n\n\(usage)\n")
            return 2
        }
        guard let symbol = NavigationSymbol(parsing: text) else {
            errors("trackspec refs: '\(Excerpt.escapingControls(text))' is not a symbol trackspec knows\n\n\(usage)\n")
            return 2
        }
        var paths = Array(parsed.words.dropFirst())
        if paths.isEmpty { paths = ["."] }
        let cwd = FileSystem.currentDirectory()
        let projects: [(analyzer: Analyzer, facts: FileFacts)]
        do {
            let workspace = Workspace(roots: paths, configuration: Configuration(root: cwd), configurationFile: nil)
            projects = try workspace.facts(paths: paths, configPath: nil, extraIgluCaches: [], cwd: cwd) { warning in
                if case .skipped(let s) = warning { errors("trackspec: warning: skipped \(Excerpt.escapingControls(FileSystem.displayPath(s.path))): \(s.reason)\n") }
            }
        } catch {
            errors("trackspec refs: \(error)\n")
            return 2
        }
        var references: [SymbolReference] = []
        for (analyzer, facts) in projects {
            references += analyzer.references(to: symbol, in: facts, includeDeclaration: true, bytesOf: { try? FileReading.read($0) })
                .filter { !references.contains($0) }
        }
        // Each file read and indexed once, however many references it holds.
        var files: [String: (bytes: [UInt8], lines: LineIndex)] = [:]
        var rows: [(path: String, line: Int, column: Int, text: String, reference: SymbolReference)] = []
        for r in references {
            let path = r.location.path
            if files[path] == nil {
                let bytes = (try? FileReading.read(path)) ?? []
                files[path] = (bytes, LineIndex(bytes))
            }
            let (bytes, lines) = files[path]!
            let offset = min(r.location.range.lowerBound, bytes.count)
            let position = lines.position(of: offset, encoding: .utf32)
            // The reference's line: from the newline before it to the one after.
            let start = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let end = bytes[offset...].firstIndex(of: 0x0A) ?? bytes.count
            let lineText = String(decoding: bytes[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            rows.append((FileSystem.displayPath(path), position.line + 1, position.character + 1, lineText, r))
        }
        if parsed.choice == "json" {
            let list: [JSONValue] = rows.map { row in
                var object = JSONObject([("path", .string(row.path)), ("line", .number(JSONNumber(row.line))), ("column", .number(JSONNumber(row.column))),
                                         ("definition", .bool(row.reference.isDeclaration))])
                if let detail = row.reference.detail { object["detail"] = .string(detail) }
                return .object(object)
            }
            output(JSONWriter(pretty: true).string(["symbol": .string(symbol.description), "references": .array(list)]) + "\n")
        } else {
            for row in rows {
                let what = row.reference.isDeclaration ? "definition" : "use"
                let detail = row.reference.detail.map { " (\($0))" } ?? ""
                output("\(Excerpt.escapingControls(row.path)):\(row.line):\(row.column): \(what)\(detail): \(Excerpt.escapingControls(Excerpt.of(row.text, limit: 160)))\n")
            }
            if rows.isEmpty { errors("trackspec refs: nothing under \(paths.joined(separator: ", ")) defines or names \(symbol)\n") }
        }
        return rows.isEmpty ? 1 : 0
    }
}
