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

    /// A fixed-width decimal field at `i` in `b`, or nil.
    static func field(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ count: Int) -> Int? {
        guard i + count <= b.count else { return nil }
        var v = 0
        for k in i..<(i + count) {
            let d = b[k]
            guard d >= 0x30 && d <= 0x39 else { return nil }
            v = v * 10 + Int(d - 0x30)
        }
        return v
    }

    static func validDate(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// RFC 3339 full-date at `i`; the index after it, or nil.
    static func date(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard let y = field(b, i, 4), i + 10 <= b.count, b[i + 4] == UInt8(ascii: "-"), let m = field(b, i + 5, 2),
              b[i + 7] == UInt8(ascii: "-"), let d = field(b, i + 8, 2), validDate(y, m, d) else { return nil }
        return i + 10
    }

    /// RFC 3339 full-time at `i` (time zone required, leap second 60 allowed), ending exactly at the end.
    static func time(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard let h = field(b, i, 2), i + 8 <= b.count, b[i + 2] == UInt8(ascii: ":"), let m = field(b, i + 3, 2),
              b[i + 5] == UInt8(ascii: ":"), let s = field(b, i + 6, 2), h <= 23, m <= 59, s <= 60 else { return false }
        var j = i + 8
        if j < b.count && b[j] == UInt8(ascii: ".") {
            j += 1
            let start = j
            while j < b.count && b[j] >= 0x30 && b[j] <= 0x39 { j += 1 }
            guard j > start else { return false }
        }
        guard j < b.count else { return false }
        if b[j] | 0x20 == UInt8(ascii: "z") { return j + 1 == b.count }
        guard b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-"), let oh = field(b, j + 1, 2), j + 6 == b.count,
              b[j + 3] == UInt8(ascii: ":"), let om = field(b, j + 4, 2) else { return false }
        return oh <= 23 && om <= 59
    }

    static func isDate(_ s: String) -> Bool {
        var u = s
        return u.withUTF8 { date($0, 0) == $0.count }
    }

    static func isTime(_ s: String) -> Bool {
        var u = s
        return u.withUTF8 { time($0, 0) }
    }

    static func isDateTime(_ s: String) -> Bool {
        var u = s
        return u.withUTF8 { b in
            guard let t = date(b, 0), t < b.count, b[t] | 0x20 == UInt8(ascii: "t") else { return false }
            return time(b, t + 1)
        }
    }

    static let atext: [Bool] = (0..<256).map { b in
        b < 0x80 && "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8.contains(UInt8(b))
    }

    /// RFC 5322 addr-spec (dot-atom local part or quoted string) with an RFC 1123 host or an IP literal.
    static func isEmail(_ s: String) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at], domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            for atom in local.split(separator: ".", omittingEmptySubsequences: false) {
                guard !atom.isEmpty, atom.utf8.allSatisfy({ $0 >= 0x80 || FormatChecker.atext[Int($0)] }) else { return false }
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

    static let uriAllowed: [Bool] = (0..<256).map { b in
        guard b < 0x80 else { return false }
        return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%".utf8.contains(UInt8(b))
    }

    static func isHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }

    /// RFC 3986 URI (scheme required) or URI-reference: allowed characters, well-formed percent escapes,
    /// brackets only around an IP-literal host, no ':' in a relative reference's first segment.
    static func isURI(_ s: String, requireScheme: Bool) -> Bool {
        var u = s
        return u.withUTF8 { bytes -> Bool in
            var i = 0
            var open = -1, close = -1, firstColon = -1, firstDelimiter = -1
            while i < bytes.count {
                let b = bytes[i]
                guard uriAllowed[Int(b)] else { return false }
                switch b {
                case UInt8(ascii: "%"):
                    guard i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                    i += 2
                case UInt8(ascii: "["): if open < 0 { open = i } else { return false }
                case UInt8(ascii: "]"): if close < 0 { close = i } else { return false }
                case UInt8(ascii: ":"): if firstColon < 0 { firstColon = i }
                case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): if firstDelimiter < 0 { firstDelimiter = i }
                default: break
                }
                i += 1
            }
            let scheme = hasScheme(s)
            if requireScheme && !scheme { return false }
            if open >= 0 || close >= 0 {
                guard open >= 2, close > open, bytes[open - 1] == UInt8(ascii: "/"), bytes[open - 2] == UInt8(ascii: "/") else { return false }
            }
            if !scheme && firstColon >= 0 && (firstDelimiter < 0 || firstColon < firstDelimiter) { return false }
            return true
        }
    }

    /// `scheme ":"` per RFC 3986: a letter, then letters, digits, `+`, `-`, `.`.
    static func hasScheme(_ s: String) -> Bool {
        var first = true
        for u in s.utf8 {
            if u == UInt8(ascii: ":") { return !first }
            let letter = (u | 0x20) >= UInt8(ascii: "a") && (u | 0x20) <= UInt8(ascii: "z")
            let ok = first ? letter : letter || (u >= 0x30 && u <= 0x39) || u == UInt8(ascii: "+") || u == UInt8(ascii: "-") || u == UInt8(ascii: ".")
            if !ok { return false }
            first = false
        }
        return false
    }

    static func isUUID(_ s: String) -> Bool {
        var u = s
        return u.withUTF8 { b in
            guard b.count == 36 else { return false }
            for i in 0..<36 {
                if i == 8 || i == 13 || i == 18 || i == 23 {
                    if b[i] != UInt8(ascii: "-") { return false }
                } else if !isHex(b[i]) {
                    return false
                }
            }
            return true
        }
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
