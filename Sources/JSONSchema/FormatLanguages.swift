/// Formats whose languages are regular, as the automata the subschema checker compares strings with (#41):
/// `format` against `pattern` is then decided like two patterns, and two such formats alike. Each expression
/// accepts exactly what `FormatChecker` accepts (a brute-force test holds them to it); formats not listed here
/// are compared by name, as before.
public enum FormatLanguages {
    /// A UUID: 8-4-4-4-12 hexadecimal digits, either case (`FormatChecker.isUUID`).
    static let uuid = #"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"#

    /// A dotted quad, each part 0–255 without leading zeros (`FormatChecker.isIPv4`).
    static let ipv4: String = {
        let octet = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
        return "^" + [octet, octet, octet, octet].joined(separator: "\\.") + "$"
    }()

    /// An RFC 3339 full-date with a day that exists: 31-day and 30-day months, February's 28 days, and its 29th
    /// in leap years (a multiple of 4 whose last two digits are not 00, or a multiple of 400) (`FormatChecker.validDate`).
    static let date: String = {
        let year = "[0-9]{4}"
        let leapYear = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)"
        let long = year + "-(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])"
        let short = year + "-(0[469]|11)-(0[1-9]|[12][0-9]|30)"
        let february = year + "-02-(0[1-9]|1[0-9]|2[0-8])"
        return "^(" + [long, short, february, leapYear + "-02-29"].joined(separator: "|") + ")$"
    }()

    static let sources: [String: String] = ["uuid": uuid, "ipv4": ipv4, "date": date]
    static let compiled: [String: ECMARegex] = sources.compactMapValues { try? ECMARegex($0) }

    /// The automaton of `format`'s language, where it is regular and listed; nil otherwise.
    public static func regex(for format: String) -> ECMARegex? { compiled[format] }
}
