import JSONSyntax
import TrackingPlans

/// `trackspec rules [ID…] [--format text|json]`: every rule with its severity, summary and basis (the vendor
/// source that makes it a rule), or the rules named. What a user reads before silencing or re-grading a rule.
enum RulesCommand {
    static let usage = """
    USAGE: trackspec rules [ID…] [--format text|json]

    Lists every rule trackspec reports: its id, default severity (and the others it may report at), what it
    checks, and its basis: the vendor's code or documentation, or the spec, that makes it a rule. With ids (or
    prefixes ending in *, such as iglu/*), explains those rules. Exit status: 0, or 2 for an unknown id or option.
    """

    static func run(_ arguments: [String], output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let parsed: ChoiceArguments
        switch ChoiceArguments.parse(arguments, command: "rules", option: "--format", choices: ["text", "json"], usage: usage, output: output, errors: errors) {
        case .success(let p): parsed = p
        case .failure(let exit): return exit.code
        }
        let format = parsed.choice ?? "text"
        let ids = parsed.words
        var rules = RuleRegistry.all
        if !ids.isEmpty {
            var chosen: [Rule] = []
            for id in ids {
                let matching = id.hasSuffix("*") ? rules.filter { $0.id.hasPrefix(String(id.dropLast())) } : rules.filter { $0.id == id }
                guard !matching.isEmpty else {
                    errors("trackspec rules: unknown rule '\(id)'\(Suggestions.didYouMean(id, in: rules.map(\.id)))\n")
                    return 2
                }
                chosen += matching.filter { !chosen.contains($0) }
            }
            rules = chosen
        }
        output(format == "json" ? json(rules) : text(rules, detailed: !ids.isEmpty))
        return 0
    }

    static func basisText(_ basis: RuleBasis) -> String {
        "\(basis.kind.rawValue): \(basis.source)" + (basis.vendorRules.isEmpty ? "" : " [\(basis.vendorRules.joined(separator: ", "))]")
    }

    static func text(_ rules: [Rule], detailed: Bool) -> String {
        var out = ""
        for rule in rules {
            let off = RuleRegistry.offByDefault.contains(rule.id) ? ", off by default" : ""
            out += "\(rule.id) (\(rule.defaultSeverity.rawValue)\(off))\n    \(rule.summary)\n"
            for (severity, when) in rule.otherSeverities.sorted(by: { $0.key > $1.key }) { out += "    \(severity.rawValue) \(when)\n" }
            out += "    basis: \(basisText(rule.basis))\n"
            if detailed { out += "\n" }
        }
        if !detailed { out += "\(rules.count) rules\n" }
        return out
    }

    static func json(_ rules: [Rule]) -> String {
        let items: [JSONValue] = rules.map { rule in
            .object(JSONObject([
                ("id", .string(rule.id)),
                ("severity", .string(rule.defaultSeverity.rawValue)),
                ("severities", .array(rule.severities.map { .string($0.rawValue) })),
                ("summary", .string(rule.summary)),
                ("basis", .string(basisText(rule.basis))),
                ("basisKind", .string(rule.basis.kind.rawValue)),
                ("vendorRules", .array(rule.basis.vendorRules.map { .string($0) })),
                ("offByDefault", .bool(RuleRegistry.offByDefault.contains(rule.id))),
            ]))
        }
        return JSONWriter(pretty: true).string(.object(JSONObject([("rules", .array(items))]))) + "\n"
    }
}
