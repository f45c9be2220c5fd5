/// Decoding of string literal contents. Kept separate from scanning: the scanner only validates and
/// marks, and decoding happens when a value is actually asked for (most strings never are).
enum StringDecoding {
    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Reads `\uXXXX` at `i` (pointing at the backslash); nil when not four hex digits.
    static func unicodeEscape(_ buf: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> UInt32? {
        guard i + 5 < end + 1, i + 5 <= end, buf[i] == UInt8(ascii: "\\"), buf[i + 1] == UInt8(ascii: "u") else { return nil }
        var v: UInt32 = 0
        for k in 2..<6 {
            guard let h = hexValue(buf[i + k]) else { return nil }
            v = v << 4 | h
        }
        return v
    }

    static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var scalars = String.UnicodeScalarView()
        var i = range.lowerBound
        let end = range.upperBound
        let replacement = Unicode.Scalar(0xFFFD)!
        while i < end {
            let b = buf[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < end else { scalars.append(replacement); break }
                let e = buf[i + 1]
                switch e {
                case UInt8(ascii: "\""): scalars.append("\""); i += 2
                case UInt8(ascii: "\\"): scalars.append("\\"); i += 2
                case UInt8(ascii: "/"): scalars.append("/"); i += 2
                case UInt8(ascii: "b"): scalars.append("\u{08}"); i += 2
                case UInt8(ascii: "f"): scalars.append("\u{0C}"); i += 2
                case UInt8(ascii: "n"): scalars.append("\n"); i += 2
                case UInt8(ascii: "r"): scalars.append("\r"); i += 2
                case UInt8(ascii: "t"): scalars.append("\t"); i += 2
                case UInt8(ascii: "u"):
                    guard let v = unicodeEscape(buf, at: i, end: end) else {
                        scalars.append(replacement)
                        i += 2
                        continue
                    }
                    i += 6
                    if v >= 0xD800 && v < 0xDC00 {
                        if let low = unicodeEscape(buf, at: i, end: end), low >= 0xDC00 && low < 0xE000 {
                            let combined = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                            scalars.append(Unicode.Scalar(combined)!)
                            i += 6
                        } else {
                            scalars.append(replacement)
                        }
                    } else if v >= 0xDC00 && v < 0xE000 {
                        scalars.append(replacement)
                    } else {
                        scalars.append(Unicode.Scalar(v)!)
                    }
                default:
                    scalars.append(replacement)
                    i += 2
                }
            } else if b < 0x80 {
                scalars.append(Unicode.Scalar(b))
                i += 1
            } else {
                let (scalar, length) = UTF8Validation.decodeScalar(buf, at: i, end: end)
                scalars.append(scalar ?? replacement)
                i += length
            }
        }
        return String(scalars)
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF), so that what we
/// accept is exactly what every other tool in the user's chain accepts.
enum UTF8Validation {
    /// Decodes one scalar at `i`; on invalid input returns nil and the number of bytes to skip (≥ 1).
    @inline(__always)
    static func decodeScalar(_ buf: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (Unicode.Scalar?, Int) {
        let b0 = buf[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        func cont(_ k: Int) -> UInt32? {
            guard i + k < end else { return nil }
            let b = buf[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = cont(1) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(b0 & 0x1F) << 6 | c1), 2)
        case 0xE0...0xEF:
            guard let c1 = cont(1) else { return (nil, 1) }
            if b0 == 0xE0 && c1 < 0x20 { return (nil, 1) }  // overlong
            if b0 == 0xED && c1 >= 0x20 { return (nil, 1) }  // surrogate
            guard let c2 = cont(2) else { return (nil, 2) }
            return (Unicode.Scalar(UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2), 3)
        case 0xF0...0xF4:
            guard let c1 = cont(1) else { return (nil, 1) }
            if b0 == 0xF0 && c1 < 0x10 { return (nil, 1) }
            if b0 == 0xF4 && c1 >= 0x10 { return (nil, 1) }
            guard let c2 = cont(2) else { return (nil, 2) }
            guard let c3 = cont(3) else { return (nil, 3) }
            return (Unicode.Scalar(UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3), 4)
        default:
            return (nil, 1)
        }
    }
}
