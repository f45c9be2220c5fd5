import Foundation
import JSONSyntax

/// The `format` values trackspec asserts, each per its RFC. Unknown formats pass (lint rules report them).
public enum FormatChecker {
    public static let known: Set<String> = Set(Known.allCases.map(\.rawValue))

    /// nil when the format is unknown (not checked).
    public static func check(_ format: String, _ s: String) -> Bool? {
        Known(rawValue: format).map { check($0, s) }
    }

    /// The formats trackspec checks, named once: a schema node reads its `format` into one of these when it is
    /// compiled, so the validator does not compare format names for every string it checks.
    public enum Known: String, Sendable, CaseIterable {
        case dateTime = "date-time", date, time, email, idnEmail = "idn-email", hostname, idnHostname = "idn-hostname"
        case ipv4, ipv6, uri, uriReference = "uri-reference", iri, iriReference = "iri-reference", uriTemplate = "uri-template"
        case uuid, regex, jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer"
    }

    public static func check(_ format: Known, _ s: String) -> Bool {
        switch format {
        case .dateTime: return isDateTime(s)
        case .date: return isDate(s)
        case .time: return isTime(s)
        case .email: return isEmail(s, international: false)
        case .idnEmail: return isEmail(s, international: true)
        case .hostname: return isHostname(s)
        case .idnHostname: return IDNA.isHostname(s)
        case .ipv4: return isIPv4(s)
        case .ipv6: return isIPv6(s)
        case .uri: return isURI(s, requireScheme: true)
        case .uriReference: return isURI(s, requireScheme: false)
        case .iri: return isURI(s, requireScheme: true, iri: true)
        case .iriReference: return isURI(s, requireScheme: false, iri: true)
        case .uriTemplate: return isURITemplate(s)
        case .uuid: return isUUID(s)
        case .regex: return ECMARegex.isValidSyntax(s)
        case .jsonPointer: return isJSONPointer(s)
        case .relativeJSONPointer: return isRelativeJSONPointer(s)
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

    /// RFC 3339 full-time at `i` (time zone required), ending exactly at the end. A leap second (`:60`) is
    /// allowed only at 23:59 UTC, whatever the offset it is written in (`15:59:60-08:00`), as RFC 3339's
    /// section 5.7 and the JSON-Schema-Test-Suite say.
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
        var offset = 0
        if b[j] | 0x20 == UInt8(ascii: "z") {
            guard j + 1 == b.count else { return false }
        } else {
            guard b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-"), let oh = field(b, j + 1, 2), j + 6 == b.count,
                  b[j + 3] == UInt8(ascii: ":"), let om = field(b, j + 4, 2), oh <= 23, om <= 59 else { return false }
            offset = (oh * 60 + om) * (b[j] == UInt8(ascii: "+") ? 1 : -1)
        }
        if s == 60 {
            let utc = ((h * 60 + m - offset) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
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

    /// RFC 5322 addr-spec (dot-atom local part or quoted string) with an RFC 1123 host or an RFC 5321 address
    /// literal (`[192.0.2.1]`, `[IPv6:2001:db8::1]`). The local part may hold any non-ASCII character (RFC 6531;
    /// trackspec accepted it for `email` before `idn-email` existed and keeps doing so). With `international`
    /// (`idn-email`) the domain is an internationalized host name, in NFC as mail software normalizes it.
    static func isEmail(_ s: String, international: Bool) -> Bool {
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
            // Snum: 1*3DIGIT, 0 through 255 (leading zeros allowed, unlike the ipv4 format).
            let parts = literal.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { p in (1...3).contains(p.count) && p.allSatisfy { $0.isASCII && $0.isNumber } && Int(p)! <= 255 }
        }
        if international { return IDNA.isHostname(String(domain).precomposedStringWithCanonicalMapping) }
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

    static func isHex(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66) }
    static func isHex(_ s: Unicode.Scalar) -> Bool { s.isASCII && isHex(UInt8(s.value)) }

    /// A well-formed percent escape (`%` and two hex digits) at `j`, ending before `end`.
    static func isEscape(_ c: [Unicode.Scalar], _ j: Int, end: Int) -> Bool {
        c[j] == "%" && j + 2 < end && isHex(c[j + 1]) && isHex(c[j + 2])
    }

    static let unreserved: [Bool] = (0..<128).map { b in
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8.contains(UInt8(b))
    }
    static let subDelims: [Bool] = (0..<128).map { b in "!$&'()*+,;=".utf8.contains(UInt8(b)) }
    /// ASCII a URI part may hold unescaped: unreserved, sub-delims and the part's own characters (one table
    /// lookup per character; these checks run on every string of every validated event).
    static func uriCharacters(_ extra: String) -> [Bool] { (0..<128).map { unreserved[$0] || subDelims[$0] || extra.utf8.contains(UInt8($0)) } }
    static let queryCharacters = uriCharacters(":@/?"), pathCharacters = uriCharacters(":@/")
    static let userInfoCharacters = uriCharacters(":"), hostCharacters = uriCharacters("")

    /// RFC 3987's `ucschar`: the non-ASCII characters an IRI may hold anywhere.
    static func isUCSChar(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFEF: return true
        case 0x10000...0xEFFFD: return v & 0xFFFF <= 0xFFFD && !(0xE0000...0xE0FFF).contains(v)
        default: return false
        }
    }

    /// RFC 3987's `iprivate`: private-use characters, allowed in an IRI's query only.
    static func isPrivateUse(_ v: UInt32) -> Bool {
        (0xE000...0xF8FF).contains(v) || (0xF0000...0xFFFFD).contains(v) || (0x100000...0x10FFFD).contains(v)
    }

    /// RFC 3986 URI (scheme required) or URI-reference, and with `iri` RFC 3987's IRI and IRI-reference: the
    /// grammar's parts (scheme, authority with user info, host — IP literal, IPv4 or name — and numeric port, path,
    /// query, fragment), each with its own characters; percent escapes well formed.
    static func isURI(_ s: String, requireScheme: Bool, iri: Bool = false) -> Bool {
        let c = scalars(s)
        var i = 0
        if hasScheme(s) {
            i = c.firstIndex(of: ":")! + 1
        } else {
            if requireScheme { return false }
            // path-noscheme: no ':' in a relative reference's first segment.
            if let colon = c.firstIndex(of: ":"), !c[..<colon].contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return false }
        }
        let hash = c[i...].firstIndex(of: "#") ?? c.count
        let question = c[i..<hash].firstIndex(of: "?") ?? hash
        /// The part `range` of `c`: characters allowed by `allowed` (unreserved, sub-delims and the part's own) and escapes.
        func part(_ range: Range<Int>, _ allowed: [Bool], privateUse: Bool = false) -> Bool {
            var j = range.lowerBound
            while j < range.upperBound {
                let x = c[j]
                if x == "%" {
                    guard isEscape(c, j, end: range.upperBound) else { return false }
                    j += 3
                    continue
                }
                if x.isASCII {
                    guard allowed[Int(x.value)] else { return false }
                } else {
                    guard iri && (isUCSChar(x.value) || (privateUse && isPrivateUse(x.value))) else { return false }
                }
                j += 1
            }
            return true
        }
        guard part(question < hash ? (question + 1)..<hash : hash..<hash, FormatChecker.queryCharacters, privateUse: true),
              part(hash < c.count ? (hash + 1)..<c.count : c.count..<c.count, FormatChecker.queryCharacters) else { return false }
        var pathStart = i
        if question - i >= 2 && c[i] == "/" && c[i + 1] == "/" {
            let authorityEnd = c[(i + 2)..<question].firstIndex(of: "/") ?? question
            guard authority(c, (i + 2)..<authorityEnd, part) else { return false }
            pathStart = authorityEnd
        }
        return part(pathStart..<question, FormatChecker.pathCharacters)
    }

    /// The scalars of `s`, read straight from its bytes when they are ASCII (as nearly every URI is): decoding
    /// through the scalar view cost more than checking the URI.
    static func scalars(_ s: String) -> [Unicode.Scalar] {
        let ascii: [Unicode.Scalar]?? = s.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return bytes.map { Unicode.Scalar($0) }
        }
        return (ascii ?? nil) ?? Array(s.unicodeScalars)
    }

    /// `[ userinfo "@" ] host [ ":" port ]`.
    static func authority(_ c: [Unicode.Scalar], _ range: Range<Int>, _ part: (Range<Int>, [Bool], Bool) -> Bool) -> Bool {
        var hostStart = range.lowerBound
        if let at = c[range].firstIndex(of: "@") {
            guard part(range.lowerBound..<at, FormatChecker.userInfoCharacters, false) else { return false }
            hostStart = at + 1
        }
        var hostEnd = range.upperBound
        if hostStart < range.upperBound && c[hostStart] == "[" {
            guard let close = c[hostStart..<range.upperBound].firstIndex(of: "]") else { return false }
            let literal = String(String.UnicodeScalarView(c[(hostStart + 1)..<close]))
            guard isIPv6(literal) || isIPvFuture(literal) else { return false }
            hostEnd = close + 1
            guard hostEnd == range.upperBound || c[hostEnd] == ":" else { return false }
        } else {
            hostEnd = c[hostStart..<range.upperBound].firstIndex(of: ":") ?? range.upperBound
            guard part(hostStart..<hostEnd, FormatChecker.hostCharacters, false) else { return false }
        }
        // The port: digits only (an IPv6 address without brackets fails here).
        return hostEnd == range.upperBound || c[(hostEnd + 1)..<range.upperBound].allSatisfy { ("0"..."9").contains($0) }
    }

    /// `"v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )`.
    static func isIPvFuture(_ s: String) -> Bool {
        let c = Array(s.unicodeScalars)
        guard c.first == "v" || c.first == "V", let dot = c.firstIndex(of: "."), dot > 1, dot + 1 < c.count,
              c[1..<dot].allSatisfy(isHex) else { return false }
        return c[(dot + 1)...].allSatisfy { $0.isASCII && userInfoCharacters[Int($0.value)] }
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
