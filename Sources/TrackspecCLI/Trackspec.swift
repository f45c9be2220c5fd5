import Foundation
import TrackingPlans

/// Entry point shared by the `trackspec` executable and tests: subcommand dispatch.
public enum Trackspec {
    public static let usage = """
    trackspec \(Version.current): checks Snowplow tracking scenarios and RudderStack tracking plans.

    USAGE: trackspec <command> [options]

    COMMANDS:
      check [PATH…]     analyse files and print diagnostics (see `trackspec check --help`)
      lsp               run the language server on stdin/stdout
      iglu pull|list    fetch referenced Iglu schemas into the local cache; list the cache
      compat A B        is schema A a subschema of B? (compatible / incompatible with a witness / undecidable)
      convert FILE      print a JSON file as YAML, or a YAML file as JSON (--to json|yaml)
      rules [ID…]       list every rule with its severity and basis (--format json), or explain some
      refs SYMBOL       every definition and use of a rudder-cli resource, Iglu data structure or catalog id
      help              show this help
      --version         print the version
    """

    public static func main(_ arguments: [String], output: (String) -> Void = writeStdout, errors: (String) -> Void = writeStderr) -> Int32 {
        guard let command = arguments.first else {
            errors(usage + "\n")
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "check":
            if rest.contains("--help") || rest.contains("-h") {
                output(CheckCommand.usage + "\n")
                return 0
            }
            do {
                return try CheckCommand(arguments: rest).run(output: output, errors: errors)
            } catch {
                errors("trackspec check: \(error)\n\n\(CheckCommand.usage)\n")
                return 2
            }
        case "compat":
            return CompatCommand.run(rest, output: output, errors: errors)
        case "convert":
            return ConvertCommand.run(rest, output: output, errors: errors)
        case "iglu":
            return IgluCommand.run(rest, output: output, errors: errors)
        case "rules":
            return RulesCommand.run(rest, output: output, errors: errors)
        case "refs":
            return RefsCommand.run(rest, output: output, errors: errors)
        case "lsp":
            if rest.contains("--help") || rest.contains("-h") {
                output(LSPCommand.usage + "\n")
                return 0
            }
            return LSPCommand.run(rest, errors: errors)
        case "help", "--help", "-h":
            output(usage + "\n")
            return 0
        case "--version", "version":
            output(Version.current + "\n")
            return 0
        default:
            let commands = ["check", "lsp", "iglu", "compat", "convert", "rules", "refs", "help", "--version"]
            errors("trackspec: unknown command '\(command)'\(Suggestions.didYouMean(command, in: commands))\n\n\(usage)\n")
            return 2
        }
    }

    public static func writeStdout(_ s: String) {
        FileHandle.standardOutput.write(Data(s.utf8))
    }

    public static func writeStderr(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
