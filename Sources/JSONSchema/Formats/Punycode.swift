/// Punycode (RFC 3492), the encoding of IDNA's A-labels (`xn--…`). `idn-hostname` needs both directions: an
/// A-label is valid only when it decodes to a valid U-label that encodes back to exactly the same text, and a
/// U-label's length limit (63 octets) applies to its encoded form.
enum Punycode {
    static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / count
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    static func threshold(_ k: Int, _ bias: Int) -> Int { k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias) }

    static func digit(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(c - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(c - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }

    static func character(_ d: Int) -> Character {
        Character(Unicode.Scalar(UInt8(d < 26 ? d + 97 : d - 26 + 48)))
    }

    /// The code points `input` (the part after `xn--`) encodes, or nil when it is not valid Punycode.
    /// Callers bound the input (a label is at most 63 octets), so the quadratic inserts stay small.
    static func decode(_ input: String) -> [Unicode.Scalar]? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var output: [UInt32] = []
        var start = 0
        if let delimiter = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<delimiter].map(UInt32.init)
            start = delimiter + 1
        }
        var n = initialN, i = 0, bias = initialBias
        var position = start
        while position < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < bytes.count, let d = digit(bytes[position]) else { return nil }
                position += 1
                let (product, overflow1) = d.multipliedReportingOverflow(by: w)
                let (sum, overflow2) = i.addingReportingOverflow(product)
                guard !overflow1, !overflow2, sum < 0x7FFF_FFFF else { return nil }
                i = sum
                let t = threshold(k, bias)
                if d < t { break }
                let (next, overflow3) = w.multipliedReportingOverflow(by: base - t)
                guard !overflow3, next < 0x7FFF_FFFF else { return nil }
                w = next
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            n += i / count
            guard n <= 0x10FFFF else { return nil }
            i %= count
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var scalars: [Unicode.Scalar] = []
        for v in output {
            guard let s = Unicode.Scalar(v) else { return nil }
            scalars.append(s)
        }
        return scalars
    }

    /// The Punycode text of `scalars` (without `xn--`).
    static func encode(_ scalars: [Unicode.Scalar]) -> String {
        var output = ""
        let values = scalars.map { Int($0.value) }
        for v in values where v < 0x80 { output.append(Character(Unicode.Scalar(UInt8(v)))) }
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < values.count {
            let m = values.filter { $0 >= n }.min() ?? n
            delta += (m - n) * (handled + 1)
            n = m
            for v in values {
                if v < n { delta += 1 }
                if v == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(character(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(character(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
