import Foundation
import JSONSyntax
import TrackingPlans
import YAMLSyntax

/// `trackspec convert FILE [--to json|yaml]`: the document in the other notation, the way users move files
/// between the API's JSON and the CLIs' YAML. Data is kept exactly (key order, number spellings); comments
/// are dropped, with a note. A file with syntax errors is not converted (exit 1, its errors printed).
enum ConvertCommand {
    static let usage = """
    USAGE: trackspec convert FILE [--to json|yaml]

    Prints FILE in the other notation: YAML for a .json file, JSON for a .yaml/.yml file (or the one --to
    names). A YAML stream of several documents becomes one JSON value per document. Comments are dropped
    (a note says so). Exit status: 0 converted, 1 the file has syntax errors, 2 usage or read error.
    """

    static func run(_ arguments: [String], output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let parsed: ChoiceArguments
        switch ChoiceArguments.parse(arguments, command: "convert", option: "--to", choices: ["json", "yaml"], usage: usage, output: output, errors: errors) {
        case .success(let p): parsed = p
        case .failure(let exit): return exit.code
        }
        guard parsed.words.count <= 1 else {
            errors("trackspec convert: one file at a time\n\n\(usage)\n")
            return 2
        }
        let file = parsed.words.first
        let target = parsed.choice
        guard let file else {
            errors("trackspec convert: which file?\n\n\(usage)\n")
            return 2
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            errors("trackspec convert: cannot read \(file)\n")
            return 2
        }
        let bytes = [UInt8](data)
        let fromYAML = DocumentParsing.isYAML(file)
        let tree = DocumentParsing.parse(path: file, bytes: bytes)
        let lines = LineIndex(bytes)
        let blocking = tree.diagnostics.filter { $0.severity == .error }
        guard blocking.isEmpty else {
            for d in blocking.prefix(20) {
                let p = lines.position(of: d.range.lowerBound, encoding: .utf16)
                errors("\(file):\(p.line + 1):\(p.character + 1): error: \(d.message) [\(d.code.rawValue)]\n")
            }
            errors("trackspec convert: \(file) has \(blocking.count) syntax error(s); not converted\n")
            return 1
        }
        let values = tree.documents.indices.map { tree.document($0).rootValue ?? .null }
        let toYAML = target.map { $0 == "yaml" } ?? !fromYAML
        if toYAML {
            output(values.map { YAMLWriter().string($0) }.joined(separator: "---\n"))
        } else {
            output(values.map { JSONWriter(pretty: true).string($0) + "\n" }.joined())
        }
        let comments = fromYAML ? YAMLParser.commentCount(bytes) : tree.diagnostics.filter { $0.code == .comment }.count
        if comments > 0 && (toYAML != fromYAML || !toYAML) {
            errors("note: \(comments) comment(s) of \(file) are not in the output\n")
        }
        return 0
    }
}
