import Foundation
import JSONSyntax
import JSONSchema
import TestSupport
import TrackingPlans
import YAMLSyntax

/// Fuzz targets: each takes arbitrary bytes and must return without crashing, hanging or blowing up
/// memory (libFuzzer's `-timeout` and `-rss_limit_mb` turn the last two into failures too). Built with
/// `-sanitize=fuzzer` by `scripts/fuzz.sh`; in an ordinary build the same targets replay files.
enum FuzzTarget: String, CaseIterable {
    /// The JSON parser, the line index and every diagnostic's position, and the formatter.
    case json
    /// The analysis of one file of any kind (the file name, picked by the first byte, steers the kind).
    case analysis
    /// `compat` on two schemas (split at the first NUL byte): an answer, and a witness that really
    /// separates them.
    case compat
    /// The YAML parser: every node and diagnostic inside the text, each document's data written back as
    /// YAML reads as the same data, and the block fast path's tree, where it answers, is the general parser's.
    case yaml
    /// Globs (pattern and path split at the first NUL): the automaton answers in linear time, and on short
    /// inputs as the brace-expanding backtracking reference does.
    case glob

    static let names = ["plan.tracking-plan.json", "e.scenario.json", "catalog.json", "web.connection.json",
                        "p.data-product.json", "trackspec.json", "other.json", "ui.api.json",
                        "plan.tracking-plan.yaml", "e.scenario.yaml", "catalog.yml", "p.data-product.yaml",
                        // An Iglu schema in a registry layout (lint, self against the path, evolution against the
                        // examples' cache), and a snowplow-cli data structure.
                        "schemas/com.acme/ui_actions/jsonschema/1-0-2", "data-structures/com.acme/ui_actions.yaml"]

    /// The analyzer over the examples' Iglu cache when it can be found (`TRACKSPEC_FUZZ_IGLU`, else
    /// `Examples/iglu` below the working directory), so compatibility checks run too.
    static let analyzer: Analyzer = {
        let cwd = FileManager.default.currentDirectoryPath
        let cache = ProcessInfo.processInfo.environment["TRACKSPEC_FUZZ_IGLU"] ?? cwd + "/Examples/iglu"
        return Analyzer(configuration: Configuration(root: cwd, igluCache: [cache]))
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .json:
            let tree = SyntaxTree(parsing: bytes)
            let index = LineIndex(bytes)
            for d in tree.diagnostics {
                let (start, end) = index.range(of: d.range)
                precondition(start <= end, "diagnostic range runs backwards")
                precondition(index.offset(of: start) <= bytes.count)
            }
            if let formatted = JSONFormatter(tabSize: 2, insertSpaces: true).format(tree) {
                // Formatting changes whitespace only: the value read back is the same.
                precondition(SyntaxTree(parsing: Array(formatted.utf8)).rootValue == tree.rootValue, "formatting changed the value")
            }
        case .analysis:
            let name = FuzzTarget.names[Int(bytes.first ?? 0) % FuzzTarget.names.count]
            let body = Array(bytes.dropFirst())
            let analysis = FuzzTarget.analyzer.analyze(path: "/fuzz/" + name, bytes: body)
            let crossed = FuzzTarget.analyzer.crossFile([analysis], others: [analysis.facts])
            for d in crossed[0].diagnostics {
                precondition(d.range.lowerBound >= 0 && d.range.upperBound <= body.count, "diagnostic outside the file: \(d.rule) \(d.range)")
                for fix in d.fixes { for edit in fix.edits { precondition(edit.range.upperBound <= body.count, "fix outside the file") } }
            }
        case .yaml:
            let tree = YAMLParser.parse(bytes)
            if let fast = YAMLParser.parseFast(bytes), let difference = fast.firstDifference(from: YAMLParser.parseGenerally(bytes)) {
                preconditionFailure("the YAML fast path's tree differs from the general parser's: \(difference)")
            }
            for d in tree.diagnostics { precondition(d.range.lowerBound >= 0 && d.range.upperBound <= bytes.count, "diagnostic outside the text") }
            for i in 0..<tree.nodeCount {
                let r = tree.range(tree.nodeID(i))
                precondition(r.lowerBound >= 0 && r.upperBound <= bytes.count, "node outside the text")
            }
            for d in tree.documents.indices {
                guard let value = tree.document(d).rootValue, !tree.diagnostics.contains(where: { $0.severity == .error }) else { continue }
                let again = YAMLParser.parse(YAMLWriter().string(value))
                precondition(again.rootValue == value, "YAML written from the data reads back differently")
            }
        case .glob:
            let split = bytes.firstIndex(of: 0) ?? bytes.count
            let pattern = String(decoding: bytes[..<split], as: UTF8.self)
            let path = String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self)
            let glob = try? Glob(pattern)
            _ = glob?.matches(path)
            // The reference backtracks: short inputs and few stars keep it quick.
            guard pattern.utf8.count <= 24, path.utf8.count <= 32, pattern.utf8.filter({ $0 == UInt8(ascii: "*") }).count <= 4,
                  GlobReference.isComparable(pattern) else { return }
            let reference: Bool?
            do { reference = try GlobReference.matches(pattern, path, maxAlternatives: 64) } catch GlobReference.Failure.tooManyAlternatives { return } catch { reference = nil }
            precondition((glob == nil) == (reference == nil), "glob '\(pattern)': compiles \(glob != nil), reference \(reference != nil)")
            if let glob, let reference {
                precondition(glob.matches(path) == reference, "glob '\(pattern)' ~ '\(path)': \(glob.matches(path)), reference \(reference)")
            }
        case .compat:
            let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
            let a = SchemaCompiler.compile(SyntaxTree(parsing: Array(bytes[..<split])), defaultDraft: .draft7)
            let b = SchemaCompiler.compile(SyntaxTree(parsing: Array(bytes[min(split + 1, bytes.count)...])), defaultDraft: .draft7)
            if case .incompatible(let witness, _, _, _) = SubschemaChecker(a, b).check() {
                precondition(Validator(a).isValid(witness) && !Validator(b).isValid(witness),
                             "witness \(JSONWriter().string(witness)) does not separate the schemas")
                // Every per-property incompatibility separates them too.
                for case .incompatible(let w, _, _, _) in SubschemaChecker.incompatibilities(a, b) {
                    precondition(Validator(a).isValid(w) && !Validator(b).isValid(w), "per-property witness \(JSONWriter().string(w)) does not separate the schemas")
                }
            }
        }
    }

    /// `TRACKSPEC_FUZZ_TARGET` names the target a fuzzing binary runs.
    static var selected: FuzzTarget {
        let name = ProcessInfo.processInfo.environment["TRACKSPEC_FUZZ_TARGET"] ?? "json"
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("trackspec-fuzz: unknown TRACKSPEC_FUZZ_TARGET '\(name)'; targets: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzTarget.selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// libFuzzer's driver, called from the executable's entry point: SwiftPM links executables with `main`
/// defined as `<module>_main`, so libFuzzer's own `main` is never used.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("trackspec_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return withUnsafeMutablePointer(to: &count) { c in
        withUnsafeMutablePointer(to: &arguments) { a in LLVMFuzzerRunDriver(c, a, fuzzOneInput) }
    }
}
#else
/// Without the fuzzer: `trackspec-fuzz TARGET FILE…` runs each file through the target (a crash found by
/// fuzzing replays in an ordinary debug build, with a debugger).
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let first = arguments.first, let target = FuzzTarget(rawValue: first) else {
            print("USAGE: trackspec-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) FILE…  (scripts/fuzz.sh fuzzes)")
            exit(arguments.isEmpty ? 0 : 2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(2)
            }
            target.run([UInt8](data))
            print("ok \(path)")
        }
    }
}
#endif
