import TrackingPlans

/// The arguments `convert` and `rules` take: `--help`, one option whose value is one of a few words, and plain
/// words (files, rule ids). Mistakes are said with the usage, and an unknown option with the closest one.
struct ChoiceArguments {
    var choice: String?
    var words: [String] = []

    /// The parsed arguments, or the exit status when they ask for help (0) or are wrong (2, said on `errors`).
    static func parse(_ arguments: [String], command: String, option: String, choices: [String], usage: String,
                      output: (String) -> Void, errors: (String) -> Void) -> Result<ChoiceArguments, ExitStatus> {
        var parsed = ChoiceArguments()
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            switch a {
            case "-h", "--help":
                output(usage + "\n")
                return .failure(ExitStatus(code: 0))
            case option:
                guard i + 1 < arguments.count, choices.contains(arguments[i + 1]) else {
                    errors("trackspec \(command): \(option) takes \(choices.joined(separator: " or "))\n\n\(usage)\n")
                    return .failure(ExitStatus(code: 2))
                }
                parsed.choice = arguments[i + 1]
                i += 1
            default:
                if a.hasPrefix("-") {
                    errors("trackspec \(command): unknown option '\(a)'\(Suggestions.didYouMean(a, in: [option, "--help"]))\n\n\(usage)\n")
                    return .failure(ExitStatus(code: 2))
                }
                parsed.words.append(a)
            }
            i += 1
        }
        return .success(parsed)
    }
}

/// How a command ends before doing its work.
struct ExitStatus: Error {
    var code: Int32
}
