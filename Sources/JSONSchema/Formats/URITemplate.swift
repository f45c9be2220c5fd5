extension FormatChecker {
    /// RFC 6570 URI Template: literals (any character but controls, space, `"`, `<`, `>`, `\`, `^`, `` ` ``,
    /// `{`, `|`, `}`, with well-formed percent escapes; the apostrophe is allowed, as the JSON-Schema-Test-Suite
    /// reads the RFC) and expressions `{` operator? varspec (`,` varspec)* `}`, where a varspec is a name of
    /// ALPHA / DIGIT / `_` / escapes joined by single dots, then `*` or `:` and 1–9999 without a leading zero.
    static func isURITemplate(_ s: String) -> Bool {
        let c = Array(s.unicodeScalars)
        var i = 0
        while i < c.count {
            let x = c[i]
            if x == "{" {
                i += 1
                guard i < c.count else { return false }
                if "+#./;?&=,!@|".unicodeScalars.contains(c[i]) { i += 1 }
                while true {
                    // varname = varchar *( ["."] varchar )
                    var previousDot = true
                    var length = 0
                    while i < c.count {
                        let v = c[i]
                        if v == "%" {
                            guard isEscape(c, i, end: c.count) else { return false }
                            i += 3
                        } else if v == "_" || ("a"..."z").contains(v) || ("A"..."Z").contains(v) || ("0"..."9").contains(v) {
                            i += 1
                        } else if v == "." && !previousDot {
                            i += 1
                            previousDot = true
                            length += 1
                            continue
                        } else {
                            break
                        }
                        previousDot = false
                        length += 1
                    }
                    guard length > 0, !previousDot, i < c.count else { return false }
                    if c[i] == "*" {
                        i += 1
                    } else if c[i] == ":" {
                        i += 1
                        let start = i
                        while i < c.count && ("0"..."9").contains(c[i]) { i += 1 }
                        guard (1...4).contains(i - start), c[start] != "0" else { return false }
                    }
                    guard i < c.count else { return false }
                    if c[i] == "," { i += 1; continue }
                    guard c[i] == "}" else { return false }
                    i += 1
                    break
                }
                continue
            }
            if x == "%" {
                guard isEscape(c, i, end: c.count) else { return false }
                i += 3
                continue
            }
            if x.isASCII {
                guard x.value > 0x20, x.value != 0x7F, !"\"<>\\^`{|}".unicodeScalars.contains(x) else { return false }
            } else {
                guard isUCSChar(x.value) || isPrivateUse(x.value) else { return false }
            }
            i += 1
        }
        return true
    }
}
