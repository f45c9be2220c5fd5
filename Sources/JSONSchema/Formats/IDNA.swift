import Foundation

/// Internationalized host names (`idn-hostname`) per IDNA2008: RFC 5890/5891 (label syntax, A-labels),
/// RFC 5892 (which code points a label may hold, and the contextual rules for the few that depend on their
/// neighbours) and RFC 5893 (the Bidi rule). From UTS #46 only the label separators are taken (`。`, `．`, `｡`
/// separate labels like `.`, as the JSON-Schema-Test-Suite expects) and ASCII letters are case-insensitive; other
/// upper-case or compatibility characters are not mapped, so they are invalid, as IDNA2008's registration rules say.
///
/// Why it matters: `compat` may only claim "compatible" or show an example event when it knows which strings the
/// format accepts; a validator that asserts `idn-hostname` rejects `〮실례.테스트`, so trackspec must too.
enum IDNA {
    enum Derived { case pvalid, contextJ, contextO, disallowed }

    /// How many of the sorted `starts` are ≤ v (a binary search): the range `v` falls in.
    static func startsAtMost(_ v: UInt32, _ starts: [UInt32]) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let mid = (low + high) / 2
            if starts[mid] <= v { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Membership in an inversion list: inside when an odd number of starts are ≤ v.
    static func inRanges(_ v: UInt32, _ list: [UInt32]) -> Bool { startsAtMost(v, list) % 2 == 1 }

    static func lookup(_ v: UInt32, _ starts: [UInt32], _ values: [UInt8]) -> UInt8 {
        let i = startsAtMost(v, starts)
        return i == 0 ? 0 : values[i - 1]
    }

    enum Bidi: UInt8 { case other = 0, l, r, al, an, en, es, cs, et, on, bn, nsm }
    static func bidi(_ s: Unicode.Scalar) -> Bidi { Bidi(rawValue: lookup(s.value, UnicodeTables.bidiStarts, UnicodeTables.bidiValues)) ?? .other }

    enum Joining: UInt8 { case none = 0, l, d, r, t }
    static func joining(_ s: Unicode.Scalar) -> Joining { Joining(rawValue: lookup(s.value, UnicodeTables.joiningStarts, UnicodeTables.joiningValues)) ?? .none }

    static func isVirama(_ s: Unicode.Scalar) -> Bool { s.properties.canonicalCombiningClass.rawValue == 9 }

    static func isMark(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .spacingMark, .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// RFC 5892 section 3: the derived property of a code point, rules applied in the RFC's order.
    static func derived(_ s: Unicode.Scalar) -> Derived {
        let v = s.value
        switch v {
        // 2.6 Exceptions.
        case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007: return .pvalid
        case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB, 0x0660...0x0669, 0x06F0...0x06F9: return .contextO
        case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        default: break
        }
        let p = s.properties
        if p.generalCategory == .unassigned && !p.isNoncharacterCodePoint { return .disallowed }  // UNASSIGNED
        if v == 0x2D || (0x30...0x39).contains(v) || (0x61...0x7A).contains(v) { return .pvalid }  // LDH
        if v == 0x200C || v == 0x200D { return .contextJ }
        if p.changesWhenNFKCCaseFolded { return .disallowed }  // Unstable
        if p.isDefaultIgnorableCodePoint || p.isWhitespace || p.isNoncharacterCodePoint { return .disallowed }
        if (0x20D0...0x20FF).contains(v) || (0x1D100...0x1D24F).contains(v) { return .disallowed }  // IgnorableBlocks
        if (0x1100...0x11FF).contains(v) || (0xA960...0xA97F).contains(v) || (0xD7B0...0xD7FF).contains(v) { return .disallowed }
        switch p.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark, .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    /// RFC 5892 appendix A: the rule for a CONTEXTJ or CONTEXTO code point at `i` of `label`.
    static func contextHolds(_ label: [Unicode.Scalar], _ i: Int) -> Bool {
        let v = label[i].value
        let before = i > 0 ? label[i - 1] : nil
        let after = i + 1 < label.count ? label[i + 1] : nil
        switch v {
        case 0x200D:
            return before.map(isVirama) ?? false
        case 0x200C:
            if before.map(isVirama) ?? false { return true }
            // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
            var j = i - 1
            while j >= 0 && joining(label[j]) == .t { j -= 1 }
            guard j >= 0, [.l, .d].contains(joining(label[j])) else { return false }
            var k = i + 1
            while k < label.count && joining(label[k]) == .t { k += 1 }
            return k < label.count && [.r, .d].contains(joining(label[k]))
        case 0x00B7:
            return before == "l" && after == "l"
        case 0x0375:
            return after.map { inRanges($0.value, UnicodeTables.scriptGreek) } ?? false
        case 0x05F3, 0x05F4:
            return before.map { inRanges($0.value, UnicodeTables.scriptHebrew) } ?? false
        case 0x30FB:
            return label.contains { s in
                s.value != 0x30FB && (inRanges(s.value, UnicodeTables.scriptHiragana) || inRanges(s.value, UnicodeTables.scriptKatakana)
                    || inRanges(s.value, UnicodeTables.scriptHan))
            }
        case 0x0660...0x0669:
            return !label.contains { (0x06F0...0x06F9).contains($0.value) }
        case 0x06F0...0x06F9:
            return !label.contains { (0x0660...0x0669).contains($0.value) }
        default:
            return false
        }
    }

    static let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    static func isLDH(_ s: Unicode.Scalar) -> Bool {
        s == "-" || ("0"..."9").contains(s) || ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    /// Is `s` an internationalized host name? Labels separated by `.` (or its ideographic and full-width forms),
    /// none empty; each an ASCII label, an A-label (`xn--` + Punycode that round-trips) or a U-label; 63 octets
    /// a label and 253 in all in their ASCII form.
    static func isHostname(_ s: String) -> Bool {
        let scalars = Array(s.unicodeScalars)
        // Every label's ASCII form is at least as long as its scalars: longer names cannot fit in 253.
        guard !scalars.isEmpty, scalars.count <= 253 else { return false }
        var labels: [[Unicode.Scalar]] = [[]]
        for c in scalars {
            if separators.contains(c) { labels.append([]) } else { labels[labels.count - 1].append(c) }
        }
        var total = labels.count - 1
        var uLabels: [[Unicode.Scalar]] = []
        for label in labels {
            guard !label.isEmpty, label.count <= 63 else { return false }
            if label.allSatisfy(\.isASCII) {
                let lower = String(String.UnicodeScalarView(label)).lowercased()
                if lower.hasPrefix("xn--") {
                    // An A-label: its U-label must be valid and encode back to exactly this text.
                    let code = String(lower.dropFirst(4))
                    guard label.allSatisfy(isLDH), let decoded = Punycode.decode(code), !decoded.allSatisfy(\.isASCII),
                          Punycode.encode(decoded) == code, validULabel(decoded) else { return false }
                    uLabels.append(decoded)
                } else {
                    guard label.allSatisfy(isLDH), hyphensAllowed(label) else { return false }
                    uLabels.append(Array(lower.unicodeScalars))
                }
                total += label.count
            } else {
                let folded = label.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32)! : $0 }
                guard validULabel(folded) else { return false }
                let ascii = 4 + Punycode.encode(folded).utf8.count
                guard ascii <= 63 else { return false }
                total += ascii
                uLabels.append(folded)
            }
        }
        return total <= 253 && bidiRuleHolds(uLabels)
    }

    /// RFC 5891 section 4.2.3.1: no hyphen at either end, none in both the third and fourth positions.
    static func hyphensAllowed(_ label: [Unicode.Scalar]) -> Bool {
        label.first != "-" && label.last != "-" && !(label.count >= 4 && label[2] == "-" && label[3] == "-")
    }

    /// RFC 5891 section 5.4 on a U-label: NFC, no hyphen at either end nor in positions 3 and 4, not starting
    /// with a combining mark, every code point PVALID or CONTEXTJ/CONTEXTO with its rule holding.
    static func validULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, !isMark(first), hyphensAllowed(label) else { return false }
        let text = String(String.UnicodeScalarView(label))
        guard Array(text.precomposedStringWithCanonicalMapping.unicodeScalars) == label else { return false }
        for i in label.indices {
            switch derived(label[i]) {
            case .pvalid: continue
            case .contextJ, .contextO: if !contextHolds(label, i) { return false }
            case .disallowed: return false
            }
        }
        return true
    }

    /// RFC 5893 section 2, for a name holding a right-to-left character (R, AL or AN) in any label: every label
    /// starts with L, R or AL; a right-to-left label holds only R, AL, AN, EN, ES, CS, ET, ON, BN, NSM, ends in R,
    /// AL, EN or AN (then NSMs), and does not mix EN and AN; a left-to-right one holds only L, EN, ES, CS, ET, ON,
    /// BN, NSM and ends in L or EN (then NSMs).
    static func bidiRuleHolds(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidi) }
        guard classes.contains(where: { $0.contains { [.r, .al, .an].contains($0) } }) else { return true }
        for c in classes {
            guard let first = c.first else { return false }
            let last = c.last { $0 != .nsm }
            switch first {
            case .r, .al:
                let allowed: Set<Bidi> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard c.allSatisfy(allowed.contains), let end = last, [.r, .al, .en, .an].contains(end),
                      !(c.contains(.en) && c.contains(.an)) else { return false }
            case .l:
                let allowed: Set<Bidi> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard c.allSatisfy(allowed.contains), let end = last, [.l, .en].contains(end) else { return false }
            default:
                return false
            }
        }
        return true
    }
}
