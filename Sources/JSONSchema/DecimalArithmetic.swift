import JSONSyntax

/// Exact decimal checks on `JSONNumber`s: `multipleOf` must say that 0.3 is a multiple of 0.1, which
/// binary floating point cannot.
public enum DecimalArithmetic {
    /// Digits → big unsigned integer as decimal digit array (most significant first), no leading zeros.
    static func trimmed(_ d: [UInt8]) -> [UInt8] {
        var i = 0
        while i < d.count - 1 && d[i] == 0 { i += 1 }
        return Array(d[i...])
    }

    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let a = trimmed(a), b = trimmed(b)
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for i in 0..<a.count where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
        return 0
    }

    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow = 0
        var j = b.count - 1
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            var v = Int(result[i]) - borrow - (j >= 0 ? Int(b[j]) : 0)
            j -= 1
            if v < 0 {
                v += 10
                borrow = 1
            } else {
                borrow = 0
            }
            result[i] = UInt8(v)
        }
        return trimmed(result)
    }

    /// `a mod b` for decimal digit arrays (schoolbook: at most nine subtractions per digit).
    static func remainder(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var r: [UInt8] = [0]
        for d in a {
            r = trimmed(r + [d])
            while compare(r, b) >= 0 { r = subtract(r, b) }
        }
        return r
    }

    /// Whether `value / divisor` is an integer, exactly. Nil when the exponents are too far apart to
    /// decide cheaply (the caller then falls back to floating point).
    public static func isMultiple(_ value: JSONNumber, of divisor: JSONNumber) -> Bool? {
        if value.isZero { return true }
        if divisor.isZero { return false }
        // value = V × 10^(ev), V integer from digits; likewise divisor.
        let ev = value.exponent - value.digits.count
        let ed = divisor.exponent - divisor.digits.count
        let shift = ev - ed
        // Fast path: both sides fit 64-bit integers once scaled (almost every real schema and event).
        if value.digits.count + max(shift, 0) <= 18 && divisor.digits.count + max(-shift, 0) <= 18 {
            var v: UInt64 = 0, d: UInt64 = 0
            for digit in value.digits { v = v * 10 + UInt64(digit) }
            for digit in divisor.digits { d = d * 10 + UInt64(digit) }
            for _ in 0..<max(shift, 0) { v *= 10 }
            for _ in 0..<max(-shift, 0) { d *= 10 }
            return v % d == 0
        }
        var v = value.digits, d = divisor.digits
        guard abs(shift) <= 2000 else { return nil }
        if shift >= 0 { v += Array(repeating: 0, count: shift) } else { d += Array(repeating: 0, count: -shift) }
        return remainder(v, d) == [0]
    }
}
