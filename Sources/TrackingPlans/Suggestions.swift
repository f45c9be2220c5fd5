/// "Did you mean …?" for typos in keys, enum values and rule ids.
public enum Suggestions {
    /// Words longer than this get no suggestion at all.
    static let maxWordBytes = 256

    /// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), case-insensitive.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            (prev2, prev, cur) = (prev, cur, prev2)
        }
        return prev[y.count]
    }

    /// The closest candidate within a distance that scales with the word's length, or nil when nothing
    /// is plausibly meant (better no suggestion than a silly one).
    public static func closest(to word: String, in candidates: [String]) -> String? {
        // Typos are short: a 50 MB "key" made this quadratic distance take seconds per candidate. Nothing
        // longer than the longest candidate plus the largest allowed distance can be within reach.
        let longest = candidates.map(\.utf8.count).max() ?? 0
        guard word.utf8.count <= min(longest * 4 + 3, maxWordBytes) else { return nil }
        let limit = max(1, min(3, word.count / 3 + 1))
        let length = word.unicodeScalars.count
        var best: (String, Int)?
        for c in candidates {
            // The distance is at least the difference in length.
            guard abs(c.unicodeScalars.count - length) <= limit else { continue }
            let d = distance(word, c)
            if d <= limit && (best == nil || d < best!.1) { best = (c, d) }
        }
        if best == nil, let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(word.lowercased()) && word.count >= 3 }) {
            return prefixed
        }
        return best?.0
    }

    public static func didYouMean(_ word: String, in candidates: [String]) -> String {
        didYouMean(closest(to: word, in: candidates))
    }

    /// The phrase for a suggestion already found (callers that also offer it as a fix compute it once).
    public static func didYouMean(_ closest: String?) -> String {
        closest.map { "; did you mean '\($0)'?" } ?? ""
    }
}
