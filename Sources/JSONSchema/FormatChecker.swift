import Foundation
import JSONSyntax

/// The `format` values trackspec asserts, each per its RFC. Unknown formats pass (lint rules report them).
public enum FormatChecker {
    public static let known: Set<String> = ["date-time", "date", "time", "email", "hostname", "ipv4", "ipv6", "uri", "uri-reference",
                                            "uuid", "regex", "json-pointer", "relative-json-pointer"]

    /// nil when the format is unknown (not checked).
    public static func check(_ format: String, _ s: String) -> Bool? {
        switch format {
        case "date-time": return isDateTime(s)
        case "date": return isDate(s)
        case "time": return isTime(s)
        case "email": return isEmail(s)
        case "hostname": return isHostname(s)
        case "ipv4": return isIPv4(s)
        case "ipv6": return isIPv6(s)
        case "uri": return isURI(s, requireScheme: true)
        case "uri-reference": return isURI(s, requireScheme: false)
        case "uuid": return isUUID(s)
        case "regex": return (try? ECMARegex(s)) != nil
        case "json-pointer": return isJSONPointer(s)
        case "relative-json-pointer": return isRelativeJSONPointer(s)
        default: return nil
        }
    }

    static func digits(_ s: Substring, _ count: Int) -> Int? {
        guard s.count == count, s.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(s)
    }

    /// RFC 3339 full-date.
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = digits(parts[0], 4), let m = digits(parts[1], 2), let d = digits(parts[2], 2) else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    /// RFC 3339 full-time (a time zone is required), leap second 60 allowed.
    static func isTime(_ s: String) -> Bool {
        let u = s.uppercased()
        var body = Substring(u)
        if body.hasSuffix("Z") {
            body = body.dropLast()
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let offset = body[body.index(after: sign)...].split(separator: ":", omittingEmptySubsequences: false)
            guard offset.count == 2, let oh = digits(offset[0], 2), let om = digits(offset[1], 2), oh <= 23, om <= 59 else { return false }
            body = body[..<sign]
        } else {
            return false
        }
        var main = body
        if let dot = body.firstIndex(of: ".") {
            let fraction = body[body.index(after: dot)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            main = body[..<dot]
        }
        let hms = main.split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, let h = digits(hms[0], 2), let m = digits(hms[1], 2), let sec = digits(hms[2], 2) else { return false }
        return h <= 23 && m <= 59 && sec <= 60
    }

    static func isDateTime(_ s: String) -> Bool {
        guard let t = s.firstIndex(where: { $0 == "T" || $0 == "t" }) else { return false }
        return isDate(String(s[..<t])) && isTime(String(s[s.index(after: t)...]))
    }

    /// RFC 5322 addr-spec (dot-atom local part or quoted string) with an RFC 1123 host or an IP literal.
    static func isEmail(_ s: String) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at], domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            let atext = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~")
            for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
                guard !atom.isEmpty, atom.unicodeScalars.allSatisfy({ atext.contains($0) || $0.value >= 0x80 }) else { return false }
            }
        }
        if domain.hasPrefix("[") && domain.hasSuffix("]") {
            let literal = domain.dropFirst().dropLast()
            if literal.lowercased().hasPrefix("ipv6:") { return isIPv6(String(literal.dropFirst(5))) }
            return isIPv4(String(literal))
        }
        return isHostname(String(domain))
    }

    /// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens, 1–63 each, 253 in all.
    static func isHostname(_ s: String) -> Bool {
        var name = s
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.unicodeScalars.allSatisfy({ ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }) else { return false }
        }
        return true
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard (1...3).contains(p.count), p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255 else { return false }
            if p.count > 1 && p.first == "0" { return false }
        }
        return true
    }

    static func isIPv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == ":" || $0 == ".") }) else { return false }
        var text = Substring(s)
        var groups = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon]
            if text.hasSuffix(":") && !text.hasSuffix("::") { text = text.dropLast() }
            groups = 6
        }
        let doubleColon = text.components(separatedBy: "::")
        guard doubleColon.count <= 2 else { return false }
        func hexGroups(_ part: String) -> Int? {
            if part.isEmpty { return 0 }
            let gs = part.split(separator: ":", omittingEmptySubsequences: false)
            for g in gs where g.isEmpty || g.count > 4 || g.contains(".") { return nil }
            return gs.count
        }
        if doubleColon.count == 2 {
            guard let a = hexGroups(doubleColon[0]), let b = hexGroups(doubleColon[1]) else { return false }
            return a + b < groups
        }
        return hexGroups(String(text)) == groups
    }

    /// RFC 3986 URI (scheme required) or URI-reference: allowed characters, well-formed percent escapes.
    static func isURI(_ s: String, requireScheme: Bool) -> Bool {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
        guard s.unicodeScalars.allSatisfy({ allowed.contains($0) }) else { return false }
        let bytes = Array(s.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, StringHex.value(Unicode.Scalar(bytes[i + 1])) != nil, StringHex.value(Unicode.Scalar(bytes[i + 2])) != nil else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        let hasScheme = s.range(of: "^[A-Za-z][A-Za-z0-9+.-]*:", options: .regularExpression) != nil
        if requireScheme && !hasScheme { return false }
        // `[` and `]` only in an IP-literal host.
        if s.contains("[") || s.contains("]") {
            guard let open = s.range(of: "//["), let close = s.range(of: "]"), open.upperBound < close.lowerBound else { return false }
        }
        if !hasScheme, let firstColon = s.firstIndex(of: ":") {
            // A relative reference's first segment may not contain ':'.
            let firstSlash = s.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? s.endIndex
            if firstColon < firstSlash { return false }
        }
        return true
    }

    static func isUUID(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isHexDigit } }
    }

    static func isJSONPointer(_ s: String) -> Bool {
        guard s.isEmpty || s.hasPrefix("/") else { return false }
        let chars = Array(s)
        for (i, c) in chars.enumerated() where c == "~" {
            guard i + 1 < chars.count, chars[i + 1] == "0" || chars[i + 1] == "1" else { return false }
        }
        return true
    }

    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let prefix = s.prefix { $0.isASCII && $0.isNumber }
        guard !prefix.isEmpty, prefix.count == 1 || prefix.first != "0" else { return false }
        let rest = s.dropFirst(prefix.count)
        return rest == "#" || isJSONPointer(String(rest))
    }
}
