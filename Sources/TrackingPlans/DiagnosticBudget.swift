import JSONSyntax

/// How many of one file's diagnostics are built in full: the editor is shown the first `limit` (by position) and
/// one saying how many more, so a keystroke in a 78 MB plan with 623,000 problems need not format 623,000
/// messages, "did you mean" suggestions and quick fixes (18–22 s per keystroke) to show 1,000 of them.
///
/// The analysis asks `admit` before it builds a finding. The budget remembers the `limit` smallest ranges
/// admitted so far; a finding that starts after all of them, once there are `limit`, cannot be among the first
/// `limit` of the file and is only counted (with its severity after the configuration's overrides). Everything
/// among the first `limit` is therefore built; a few more may be (findings reported out of position order),
/// which the publisher trims after sorting. `check` uses no budget: it reports every finding.
public final class DiagnosticBudget: @unchecked Sendable {
    /// Findings the analysis counted without building them.
    public struct Omitted: Sendable, Equatable {
        public var count = 0
        public var errors = 0
        public init(count: Int = 0, errors: Int = 0) {
            self.count = count
            self.errors = errors
        }
    }

    public let limit: Int
    /// The severity a rule is shown at after the configuration's overrides; nil when it is turned off.
    let severity: @Sendable (_ rule: String, _ default: Severity) -> Severity?
    /// Whether a finding of the rule would be shown at all (a `jsonc` document hides comments and trailing
    /// commas): hidden ones are built as before and take no place among the first `limit`.
    let shown: @Sendable (_ rule: String) -> Bool
    public private(set) var omitted = Omitted()
    /// Max-heap of the smallest admitted ranges, at most `limit` of them.
    private var smallest: [(Int, Int)] = []

    public init(limit: Int, configuration: Configuration, shown: @escaping @Sendable (String) -> Bool = { _ in true }) {
        self.limit = max(limit, 1)
        // The overrides alone: a closure over the whole configuration retained and released its every field
        // per finding (~2,900 instructions each).
        let overrides = configuration.ruleSeverities
        self.severity = { rule, fallback in Configuration.severity(of: rule, default: fallback, overrides: overrides) }
        self.shown = shown
        smallest.reserveCapacity(min(self.limit, 1 << 16))
    }

    /// Whether to build a finding of `rule` at `range`; when not, it is counted.
    public func admit(_ rule: String, _ defaultSeverity: Severity, _ range: Range<Int>) -> Bool {
        guard shown(rule) else { return true }
        // Turned off: applying the overrides would drop it anyway; neither built nor counted.
        guard let severity = severity(rule, defaultSeverity) else { return false }
        guard place((range.lowerBound, range.upperBound)) else {
            omitted.count += 1
            if severity == .error { omitted.errors += 1 }
            return false
        }
        return true
    }

    /// A finding already built (the parser's): it takes its place among the smallest ranges, and stays built
    /// whatever its place (the publisher trims it with the others after sorting).
    func note(_ diagnostic: Diagnostic) {
        guard shown(diagnostic.rule), severity(diagnostic.rule, diagnostic.severity) != nil else { return }
        _ = place((diagnostic.range.lowerBound, diagnostic.range.upperBound))
    }

    /// Keeps `key` among the `limit` smallest when it belongs there (ties too); false when it does not.
    private func place(_ key: (Int, Int)) -> Bool {
        if smallest.count < limit {
            push(key)
            return true
        }
        guard key <= smallest[0] else { return false }
        replaceTop(with: key)
        return true
    }

    private func push(_ key: (Int, Int)) {
        smallest.append(key)
        var i = smallest.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard smallest[parent] < smallest[i] else { break }
            smallest.swapAt(parent, i)
            i = parent
        }
    }

    private func replaceTop(with key: (Int, Int)) {
        smallest[0] = key
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var largest = i
            if l < smallest.count && smallest[l] > smallest[largest] { largest = l }
            if r < smallest.count && smallest[r] > smallest[largest] { largest = r }
            guard largest != i else { return }
            smallest.swapAt(i, largest)
            i = largest
        }
    }
}
