/// The spellings names of a tracking design take, and the one a workspace's names of a kind mostly follow.
public enum NamingConvention: String, CaseIterable, Sendable, Hashable {
    case titleCase = "Title Case"
    case snakeCase = "snake_case"
    case camelCase = "camelCase"
    case kebabCase = "kebab-case"
    case lowerCase = "lower case"

    /// Whether `name` is written in this convention. A one-word name (`price`) is snake_case, camelCase,
    /// kebab-case and lower case at once: it tells nothing about the convention, and breaks none of those.
    public func matches(_ name: String) -> Bool {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        func lowerWord<S: StringProtocol>(_ w: S) -> Bool { !w.isEmpty && w.first!.isLowercaseASCIILetter && w.allSatisfy { $0.isLowercaseASCIILetter || $0.isASCIIDigit } }
        switch self {
        case .titleCase:
            // Minor words stay lower case after the first (`Product Added to Cart`), as title case is written.
            return words.enumerated().allSatisfy { i, w in
                guard let first = w.first else { return false }
                if i > 0, NamingConvention.minorWords.contains(String(w)) { return true }
                return (first.isUppercaseASCIILetter || first.isASCIIDigit) && w.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
            }
        case .lowerCase:
            return words.allSatisfy { w in !w.isEmpty && w.allSatisfy { $0.isLowercaseASCIILetter || $0.isASCIIDigit } } && name.first?.isLowercaseASCIILetter == true
        case .snakeCase:
            return words.count == 1 && name.split(separator: "_", omittingEmptySubsequences: false).enumerated()
                .allSatisfy { i, w in i == 0 ? lowerWord(w) : !w.isEmpty && w.allSatisfy { $0.isLowercaseASCIILetter || $0.isASCIIDigit } }
        case .kebabCase:
            return words.count == 1 && name.split(separator: "-", omittingEmptySubsequences: false).enumerated()
                .allSatisfy { i, w in i == 0 ? lowerWord(w) : !w.isEmpty && w.allSatisfy { $0.isLowercaseASCIILetter || $0.isASCIIDigit } }
        case .camelCase:
            return words.count == 1 && name.first?.isLowercaseASCIILetter == true && name.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
        }
    }

    /// The convention `name` tells: the one it matches when it matches exactly one (`product_id` is snake_case
    /// only; `price` is snake_case, camelCase, kebab-case and lower case at once and says nothing).
    static func telling(_ name: String) -> Set<NamingConvention> {
        let matched = Set(allCases.filter { $0.matches(name) })
        return matched.count == 1 ? matched : []
    }

    /// The convention at least three quarters of the names that tell conventions apart follow (at least `minimum` of
    /// them), with how many follow it out of how many; nil without such a majority. Five, because three names against
    /// one are not yet a convention: in realworld-dev, four unrelated schema-ddl fixtures made one (see #39's note).
    static func majority(of names: [String], minimum: Int = 5) -> (NamingConvention, followed: Int, of: Int)? {
        let telling = names.map(telling).filter { !$0.isEmpty }
        guard telling.count >= minimum else { return nil }
        var counts: [NamingConvention: Int] = [:]
        for set in telling { for c in set { counts[c, default: 0] += 1 } }
        guard let best = counts.max(by: { ($0.value, -$0.key.order) < ($1.value, -$1.key.order) }), best.value * 4 >= telling.count * 3 else { return nil }
        return (best.key, best.value, telling.count)
    }

    var order: Int { NamingConvention.allCases.firstIndex(of: self)! }

    /// Articles, conjunctions and short prepositions, which title case leaves in lower case.
    static let minorWords: Set<String> = ["a", "an", "the", "and", "or", "nor", "but", "to", "of", "in", "on", "at", "by", "for", "from", "with", "as", "per", "via", "vs"]
}

extension Character {
    var isLowercaseASCIILetter: Bool { ("a"..."z").contains(self) }
    var isUppercaseASCIILetter: Bool { ("A"..."Z").contains(self) }
    var isASCIILetter: Bool { isLowercaseASCIILetter || isUppercaseASCIILetter }
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
