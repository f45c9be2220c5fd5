import Foundation

/// A JSON number kept as written. JSON Schema compares numbers by mathematical value (`1` equals `1.0`,
/// `0.1` is exactly one tenth), which a Double cannot promise, so equality and hashing use a canonical
/// decimal form: sign, significant digits without leading/trailing zeros, and a base-10 exponent.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    /// Canonical decimal: value = (negative ? -1 : 1) × 0.d₁d₂…dₙ × 10^exponent; zero has no digits.
    public let negative: Bool
    public let digits: [UInt8]
    public let exponent: Int

    /// Nil when `text` is not a JSON number (or its exponent does not fit an Int).
    public init?(_ text: String) {
        var it = Array(text.utf8)[...]
        var negative = false
        if it.first == UInt8(ascii: "-") {
            negative = true
            it = it.dropFirst()
        }
        var mantissa: [UInt8] = []
        var pointPosition: Int?
        var sawDigit = false
        while let b = it.first, (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: ".") {
            if b == UInt8(ascii: ".") {
                guard pointPosition == nil else { return nil }
                pointPosition = mantissa.count
            } else {
                mantissa.append(b - 0x30)
                sawDigit = true
            }
            it = it.dropFirst()
        }
        guard sawDigit else { return nil }
        var exp = 0
        if let b = it.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            it = it.dropFirst()
            var expNegative = false
            if let s = it.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") {
                expNegative = s == UInt8(ascii: "-")
                it = it.dropFirst()
            }
            guard !it.isEmpty else { return nil }
            for d in it {
                guard d >= 0x30 && d <= 0x39 else { return nil }
                let (m, o1) = exp.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(d - 0x30))
                guard !o1, !o2, a < Int(Int32.max) else { return nil }
                exp = a
            }
            if expNegative { exp = -exp }
            it = it[it.endIndex...]
        }
        guard it.isEmpty else { return nil }
        let intDigits = pointPosition ?? mantissa.count
        // Strip leading zeros (each shifts the decimal point) and trailing zeros.
        var lead = 0
        while lead < mantissa.count && mantissa[lead] == 0 { lead += 1 }
        var trail = mantissa.count
        while trail > lead && mantissa[trail - 1] == 0 { trail -= 1 }
        self.text = text
        if lead == trail {
            self.negative = false
            self.digits = []
            self.exponent = 0
        } else {
            self.negative = negative
            self.digits = Array(mantissa[lead..<trail])
            self.exponent = intDigits - lead + exp
        }
    }

    public init(_ value: Int) { self.init(String(value))! }

    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 { self.init(String(Int(value))) } else { self.init("\(value)") }
    }

    public var description: String { text }

    public var isZero: Bool { digits.isEmpty }
    public var isNegative: Bool { negative && !digits.isEmpty }

    /// True when the value is a whole number (`1.0`, `1e2` included), as JSON Schema's "integer" asks.
    public var isInteger: Bool { digits.count <= max(exponent, 0) || digits.isEmpty }

    public var doubleValue: Double { Double(text) ?? (negative ? -.infinity : .infinity) }

    /// The value as an Int when it is a whole number that fits.
    public var intValue: Int? {
        guard isInteger else { return nil }
        guard exponent <= 19 else { return nil }
        var v = 0
        for k in 0..<exponent {
            let d = k < digits.count ? Int(digits[k]) : 0
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = a
        }
        return negative ? -v : v
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        lhs.negative == rhs.negative && lhs.digits == rhs.digits && lhs.exponent == rhs.exponent
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(negative)
        hasher.combine(digits)
        hasher.combine(exponent)
    }

    /// Exact comparison by value.
    public static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        if a.isZero && b.isZero { return 0 }
        let signA = a.isZero ? 0 : (a.negative ? -1 : 1)
        let signB = b.isZero ? 0 : (b.negative ? -1 : 1)
        if signA != signB { return signA < signB ? -1 : 1 }
        // Same sign, both non-zero: compare magnitudes, then flip for negatives.
        var magnitude: Int
        if a.exponent != b.exponent {
            magnitude = a.exponent < b.exponent ? -1 : 1
        } else {
            magnitude = 0
            let count = max(a.digits.count, b.digits.count)
            for k in 0..<count {
                let da = k < a.digits.count ? a.digits[k] : 0
                let db = k < b.digits.count ? b.digits[k] : 0
                if da != db {
                    magnitude = da < db ? -1 : 1
                    break
                }
            }
        }
        return signA * magnitude
    }
}

extension JSONNumber: Comparable {
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool { compare(lhs, rhs) < 0 }
}
