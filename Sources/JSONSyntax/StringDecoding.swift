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

    /// The string a literal's contents stand for. Built as UTF-8 bytes, runs between escapes copied whole: a
    /// scalar at a time into a `String.UnicodeScalarView` cost ~450 instructions a byte, and a document sent
    /// inside a JSON-RPC message (a `didOpen` of a 78 MB plan) is one long string with escapes.
    /// Invalid UTF-8 and broken escapes become U+FFFD, as many as before.
    static func decode(_ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        let end = range.upperBound
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        func append(_ scalar: Unicode.Scalar) {
            out.append(contentsOf: UTF8.encode(scalar)!)
        }
        while i < end {
            // A run of plain ASCII bytes, copied at once.
            var j = i
            while j < end && buf[j] < 0x80 && buf[j] != UInt8(ascii: "\\") { j += 1 }
            if j > i {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                i = j
                if i >= end { break }
            }
            let b = buf[i]
            if b == UInt8(ascii: "\\") {
                guard i + 1 < end else { out.append(contentsOf: replacement); break }
                let e = buf[i + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e); i += 2
                case UInt8(ascii: "b"): out.append(0x08); i += 2
                case UInt8(ascii: "f"): out.append(0x0C); i += 2
                case UInt8(ascii: "n"): out.append(0x0A); i += 2
                case UInt8(ascii: "r"): out.append(0x0D); i += 2
                case UInt8(ascii: "t"): out.append(0x09); i += 2
                case UInt8(ascii: "u"):
                    guard let v = unicodeEscape(buf, at: i, end: end) else {
                        out.append(contentsOf: replacement)
                        i += 2
                        continue
                    }
                    i += 6
                    if v >= 0xD800 && v < 0xDC00 {
                        if let low = unicodeEscape(buf, at: i, end: end), low >= 0xDC00 && low < 0xE000 {
                            append(Unicode.Scalar(0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00))!)
                            i += 6
                        } else {
                            out.append(contentsOf: replacement)
                        }
                    } else if v >= 0xDC00 && v < 0xE000 {
                        out.append(contentsOf: replacement)
                    } else {
                        append(Unicode.Scalar(v)!)
                    }
                default:
                    out.append(contentsOf: replacement)
                    i += 2
                }
            } else {
                // A multi-byte scalar: its bytes copied when valid (strictly: no overlongs or surrogates).
                let (scalar, length) = UTF8Validation.decodeScalar(buf, at: i, end: end)
                if scalar != nil {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<(i + length)]))
                } else {
                    out.append(contentsOf: replacement)
                }
                i += length
            }
        }
        return String(decoding: out, as: UTF8.self)
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
