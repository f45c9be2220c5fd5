import JSONSyntax

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

    static func resolve(_ text: String, plain: Bool) -> Resolved { resolve(Array(text.utf8)[...], plain: plain) }

    /// The value of a scalar's text. Nothing is allocated unless the scalar is a number whose JSON text differs
    /// from what is written (`0x1F`, `+1`, `1E5`): the scanner's hot path (#40).
    static func resolve<Bytes: RandomAccessCollection>(_ bytes: Bytes, plain: Bool) -> Resolved where Bytes.Element == UInt8, Bytes.Index == Int {
        guard plain else { return .string }
        guard let first = bytes.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            // Compared as bytes: no string is made for the many keys and values that start with these letters.
            switch bytes.count {
            case 1: return first == UInt8(ascii: "~") ? .null : .string
            case 4:
                if word(bytes, "null") || word(bytes, "Null") || word(bytes, "NULL") { return .null }
                if word(bytes, "true") || word(bytes, "True") || word(bytes, "TRUE") { return .bool(true) }
                return .string
            case 5:
                return word(bytes, "false") || word(bytes, "False") || word(bytes, "FALSE") ? .bool(false) : .string
            default:
                return .string
            }
        case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"):
            if bytes.count <= 5 && bytes.count >= 4 {
                switch String(decoding: bytes, as: UTF8.self) {
                case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number("Infinity")
                case "-.inf", "-.Inf", "-.INF": return .number("-Infinity")
                case ".nan", ".NaN", ".NAN": return .number("NaN")
                default: break
                }
            }
        case 0x30...0x39:
            break
        default:
            return .string
        }
        if isJSONNumber(bytes) { return .number(String(decoding: bytes, as: UTF8.self)) }
        return number(Array(bytes))
    }

    @inline(__always) static func word<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ word: StaticString) -> Bool where Bytes.Element == UInt8 {
        word.withUTF8Buffer { w in bytes.elementsEqual(w) }
    }

    /// The text is a number exactly as JSON writes it, as `number` would spell it (no `+`, no leading zeros,
    /// digits on both sides of a point, a lower-case `e` without `+`).
    static func isJSONNumber<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8, Bytes.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        @inline(__always) func digit(_ k: Int) -> Bool { k < end && bytes[k] >= 0x30 && bytes[k] <= 0x39 }
        if i < end && bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { return false }
        if bytes[i] == 0x30 {
            i += 1
            if digit(i) { return false }
        } else {
            while digit(i) { i += 1 }
        }
        if i < end && bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        if i < end && bytes[i] == UInt8(ascii: "e") {
            i += 1
            if i < end && bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        return i == end
    }

    /// A plain scalar that may be a number written the YAML way, as JSON text; otherwise a string.
    static func number(_ bytes: [UInt8]) -> Resolved {
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

extension SyntaxTreeBuilder {
    /// The node of a scalar the core schema resolved to null, a boolean or a number (its JSON text stored when
    /// `storeNumber` says the text as written is not it); nil for a string, whose flags and value the caller
    /// knows. Shared by the general parser and the block fast path, which must make the same nodes.
    mutating func addScalar(_ resolved: YAMLScalars.Resolved, _ range: Range<Int>, parent: Int32, storeNumber: (String) -> Bool) -> Int32? {
        switch resolved {
        case .null:
            return add(.null, range, parent: parent)
        case .bool(let value):
            return add(.boolean, range, parent: parent, flags: value ? NodeFlags.boolTrue : 0)
        case .number(let json):
            let id = add(.number, range, parent: parent)
            if storeNumber(json) { scalarValues[id] = json }
            return id
        case .string:
            return nil
        }
    }
}
