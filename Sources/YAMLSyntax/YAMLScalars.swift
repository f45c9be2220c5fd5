/// YAML 1.2 core-schema resolution of plain scalars: what `true`, `~`, `0x1F` or `.inf` mean. Quoted and
/// block scalars are always strings. `yes`/`no`/`on`/`off` are strings in YAML 1.2 (they were booleans in
/// 1.1); the analysis warns where a boolean was probably meant.
enum YAMLScalars {
    enum Resolved: Equatable {
        case null
        case bool(Bool)
        /// The number as JSON text (`0x1F` → `31`, `+1` → `1`, `.5` → `0.5`); non-finite values keep their text.
        case number(String)
        case string
    }

    static func resolve(_ text: String, plain: Bool) -> Resolved {
        guard plain else { return .string }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number("Infinity")
        case "-.inf", "-.Inf", "-.INF": return .number("-Infinity")
        case ".nan", ".NaN", ".NAN": return .number("NaN")
        default: break
        }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= 0x30 && first <= 0x39) else { return .string }
        if bytes.count > 2 && bytes[0] == UInt8(ascii: "0") && (bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "o")) {
            let radix = bytes[1] == UInt8(ascii: "x") ? 16 : 8
            guard let value = UInt64(String(decoding: bytes[2...], as: UTF8.self), radix: radix) else { return .string }
            return .number(String(value))
        }
        // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
        var i = 0
        var sign = ""
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            if bytes[i] == UInt8(ascii: "-") { sign = "-" }
            i += 1
        }
        func digits() -> String {
            let s = i
            while i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            return String(decoding: bytes[s..<i], as: UTF8.self)
        }
        let whole = digits()
        var fraction: String?
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
        }
        guard !whole.isEmpty || !(fraction ?? "").isEmpty else { return .string }
        var exponent = ""
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            i += 1
            var expSign = ""
            if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
                expSign = bytes[i] == UInt8(ascii: "-") ? "-" : ""
                i += 1
            }
            let e = digits()
            guard !e.isEmpty else { return .string }
            exponent = "e" + expSign + e
        }
        guard i == bytes.count else { return .string }
        // JSON's spelling: no leading zeros, a digit on each side of the point.
        var intPart = String(whole.drop { $0 == "0" })
        if intPart.isEmpty { intPart = "0" }
        var json = sign + intPart
        if let fraction { json += "." + (fraction.isEmpty ? "0" : fraction) }
        return .number(json + exponent)
    }
}
