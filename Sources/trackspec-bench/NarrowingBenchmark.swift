import Foundation
import JSONSchema
import JSONSyntax

/// The subschema check of a straightforward large narrowing: an event.schema of N properties, each a pattern,
/// against a source of N length-bounded strings (the kind of pair that used to run out of work), and the
/// same with one property left loose (incompatible, with its witness). Median of runs, compile included.
func narrowingBenchmark(_ arguments: [String]) {
    let counts = arguments.compactMap(Int.init).isEmpty ? [1_000, 10_000] : arguments.compactMap(Int.init)
    for count in counts { narrowing(count) }
}

private func narrowing(_ count: Int) {
    let (narrowed, loose, source) = largeNarrowing(count)
    print("narrowing: an event.schema of \(count) pattern properties against a source of \(count) length-bounded strings")
    print(row(["pair", "answer", "median ms", "ms/property"]))
    for (name, a) in [("narrowed", narrowed), ("one property loose", loose)] {
        var answer = ""
        let seconds = measure(minRuns: 3, minSeconds: 1) {
            let result = SubschemaChecker(SchemaCompiler.compile(SyntaxTree(parsing: a), defaultDraft: .draft4),
                                          SchemaCompiler.compile(SyntaxTree(parsing: source), defaultDraft: .draft4)).check()
            switch result {
            case .compatible: answer = "compatible"
            case .incompatible(_, let reason, _, _): answer = "incompatible (\(reason.prefix(40)))"
            case .undecidable(let reason, _): answer = "undecidable (\(reason.prefix(40)))"
            }
        }
        print(row([name, answer, fmt(seconds * 1000, 1), fmt(seconds * 1000 / Double(count), 3)]))
    }
    // Per-property mode (every incompatibility, #40): every tenth property left loose, each reported with its example.
    let everyTenth = "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {" + (0..<count).map {
        $0 % 10 == 0 ? "\"p\($0)\": {\"type\": \"string\"}" : "\"p\($0)\": {\"type\": \"string\", \"pattern\": \"^[a-z_]{1,32}$\"}"
    }.joined(separator: ", ") + "}}"
    var found = 0
    let seconds = measure(minRuns: 3, minSeconds: 1) {
        found = SubschemaChecker.incompatibilities(SchemaCompiler.compile(SyntaxTree(parsing: everyTenth), defaultDraft: .draft4),
                                                   SchemaCompiler.compile(SyntaxTree(parsing: source), defaultDraft: .draft4)).count
    }
    print(row(["per property, every tenth loose", "\(found) incompatibilities", fmt(seconds * 1000, 1), fmt(seconds * 1000 / Double(count), 3)]))
}
