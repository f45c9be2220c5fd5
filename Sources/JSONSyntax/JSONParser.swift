/// Hand-written scanner and recursive-descent parser over UTF-8 bytes with panic-mode recovery.
/// Design notes:
/// - The scanner validates while it scans (escapes, UTF-8, number grammar) so the parser never has to
///   look at a token's bytes again; values are decoded lazily by `SyntaxTree`.
/// - Recovery follows the JSON language service's approach: report, then skip to a `,` `}` or `]`,
///   and report at most one problem per offset so a single typo never produces a cascade.
struct JSONParser {
    enum Token: UInt8 {
        case openBrace, closeBrace, openBracket, closeBracket, colon, comma
        case string, number, trueLiteral, falseLiteral, nullLiteral
        /// A bare identifier (`True`, `undefined`, an unquoted key...).
        case word
        /// Characters no JSON token can start with; already reported by the scanner.
        case invalid
        case eof
    }

    let buf: UnsafeBufferPointer<UInt8>
    let n: Int
    let options: ParseOptions
    var pos = 0
    var token: Token = .eof
    var tokenStart = 0
    var tokenEnd = 0
    var tokenFlags: UInt8 = 0
    var nodes: NodeBuffer
    var diagnostics: [SyntaxDiagnostic] = []
    var lastDiagnosticStart = -1
    var lastTokenEnd = 0

    init(buf: UnsafeBufferPointer<UInt8>, options: ParseOptions) {
        self.buf = buf
        self.n = buf.count
        self.options = options
        // Documents have about one node per 6 to 12 bytes; the estimate is generous so that the buffer rarely grows
        // (pages never written cost nothing).
        nodes = NodeBuffer(capacity: max(16, min(buf.count / 6, 1 << 23)))
    }

    static func parse(_ bytes: [UInt8], options: ParseOptions) -> SyntaxTree {
        if bytes.count >= Int(Int32.max) {
            let d = SyntaxDiagnostic(code: .documentTooLarge, range: 0..<0,
                                     message: "document is \(bytes.count) bytes; trackspec reads JSON documents up to 2 GiB")
            return SyntaxTree(bytes: bytes, nodes: NodeStorage([]), root: nil, diagnostics: [d])
        }
        return bytes.withUnsafeBufferPointer { buf in
            var parser = JSONParser(buf: buf, options: options)
            let root = parser.parseDocument()
            return SyntaxTree(bytes: bytes, nodes: parser.nodes.storage(), root: root < 0 ? nil : NodeID(root),
                              diagnostics: JSONParser.normalized(parser.diagnostics))
        }
    }

    /// Sorted by position, one per start offset (the most severe wins), so clients show no pile-ups.
    static func normalized(_ diagnostics: [SyntaxDiagnostic]) -> [SyntaxDiagnostic] {
        let sorted = diagnostics.enumerated().sorted {
            ($0.element.range.lowerBound, $0.offset) < ($1.element.range.lowerBound, $1.offset)
        }.map(\.element)
        var result: [SyntaxDiagnostic] = []
        result.reserveCapacity(sorted.count)
        for d in sorted {
            if let last = result.last, last.range.lowerBound == d.range.lowerBound {
                if d.severity > last.severity { result[result.count - 1] = d }
                continue
            }
            result.append(d)
        }
        return result
    }

    // MARK: Diagnostics

    mutating func report(_ code: SyntaxDiagnostic.Code, _ range: Range<Int>, _ message: String, related: [RelatedLocation] = []) {
        if range.lowerBound == lastDiagnosticStart { return }
        lastDiagnosticStart = range.lowerBound
        diagnostics.append(SyntaxDiagnostic(code: code, range: range, message: message, related: related))
    }

    /// A short, printable rendering of source bytes for messages.
    func snippet(_ range: Range<Int>, limit: Int = 24) -> String {
        let r = range.lowerBound..<min(range.upperBound, n, range.lowerBound + limit)
        var s = String(decoding: UnsafeBufferPointer(rebasing: buf[r]), as: UTF8.self)
        if range.upperBound - range.lowerBound > limit { s += "…" }
        return s
    }

    var tokenRange: Range<Int> { tokenStart..<tokenEnd }

    var tokenDescription: String {
        switch token {
        case .eof: return "end of file"
        case .string: return "string"
        case .number: return "number '\(snippet(tokenRange))'"
        default: return "'\(snippet(tokenRange))'"
        }
    }

    // MARK: Scanner

    static let isWordByte: [Bool] = (0..<256).map {
        ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x24
    }
    /// Bytes a malformed number may run on with (`0x1F`, `1.2.3`, `-Infinity`), so it is reported as one token.
    static let isNumberRunByte: [Bool] = (0..<256).map {
        isWordByte[$0] || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D
    }
    /// Bytes that end a run of unexpected characters.
    static let endsInvalidRun: [Bool] = (0..<256).map {
        isSpace(UInt8($0)) || [0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x22, 0x27].contains($0)
    }

    /// Space, tab, line feed, carriage return: one shift and mask, no table (a static table is a lazily made
    /// global, checked on every read).
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b <= 0x20 && (UInt64(0x1_0000_2600) >> UInt64(b)) & 1 != 0 }

    @inline(__always)
    func word(at i: Int) -> UInt64 { SWAR.word(buf, at: i) }

    /// The bytes of `w` that end the fast path of a double-quoted string: `"`, `\`, a control character, a byte
    /// past ASCII (the lowest mark exact, see `SWAR`).
    @inline(__always)
    static func stringStops(_ w: UInt64) -> UInt64 {
        SWAR.bytes(of: w, equalTo: 0x22) | SWAR.bytes(of: w, equalTo: 0x5C) | SWAR.bytes(of: w, below: 0x20) | (w & SWAR.highs)
    }

    mutating func advance() {
        while true {
            while pos < n && JSONParser.isSpace(buf[pos]) {
                pos += 1
                // Indentation: up to eight spaces at a time (the first byte of the word that is not a space).
                if pos + 8 <= n {
                    let notSpaces = word(at: pos) ^ 0x2020_2020_2020_2020
                    pos += notSpaces == 0 ? 8 : SWAR.firstByte(notSpaces)
                }
            }
            tokenStart = pos
            tokenFlags = 0
            guard pos < n else {
                token = .eof
                tokenEnd = pos
                return
            }
            let b = buf[pos]
            switch b {
            case UInt8(ascii: "{"): token = .openBrace; pos += 1
            case UInt8(ascii: "}"): token = .closeBrace; pos += 1
            case UInt8(ascii: "["): token = .openBracket; pos += 1
            case UInt8(ascii: "]"): token = .closeBracket; pos += 1
            case UInt8(ascii: ":"): token = .colon; pos += 1
            case UInt8(ascii: ","): token = .comma; pos += 1
            case UInt8(ascii: "\""): scanString(quote: b)
            case UInt8(ascii: "'"):
                scanString(quote: b)
                report(.singleQuotes, tokenStart..<pos, "strings must use double quotes")
            case UInt8(ascii: "/") where pos + 1 < n && (buf[pos + 1] == UInt8(ascii: "/") || buf[pos + 1] == UInt8(ascii: "*")):
                scanComment()
                continue
            case _ where scanMissingOpeningQuote():
                break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                scanNumber()
            case UInt8(ascii: "+"), UInt8(ascii: "."):
                if pos + 1 < n && buf[pos + 1] >= 0x30 && buf[pos + 1] <= 0x39 { scanNumber() } else { scanInvalid() }
            case UInt8(ascii: "/"):
                scanInvalid()
            default:
                if JSONParser.isWordByte[Int(b)] && !(b >= 0x30 && b <= 0x39) {
                    scanWord()
                } else {
                    scanInvalid()
                }
            }
            tokenEnd = pos
            return
        }
    }

    /// Bytes that cannot be inside a string whose opening quote was forgotten: structure, quotes, escapes.
    static let endsForgottenString: [Bool] = (0..<256).map {
        [0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x27, 0x5C, 0x0A, 0x0D].contains($0)
    }
    /// A forgotten opening quote is only recognised for strings up to this length, so that hostile lines
    /// (`a a a … a" x`) cost a bounded look-ahead per token.
    static let forgottenStringLimit = 256

    /// `"name": Click",` or `name": "Click"`: text that is not a JSON token, running (on one line, with no
    /// structure in it) up to a double quote that is followed by `,` `:` `}` `]` or the end of the line, is a
    /// string whose opening quote is missing. Read as that string, with one diagnostic: otherwise the quote
    /// would open a string running to the end of the line and the one typo would give four or five errors.
    mutating func scanMissingOpeningQuote() -> Bool {
        let b = buf[pos]
        guard b != 0x22, !JSONParser.isSpace(b), !JSONParser.endsForgottenString[Int(b)] else { return false }
        var q = pos
        let limit = min(n, pos + JSONParser.forgottenStringLimit)
        while q < limit && buf[q] != 0x22 && !JSONParser.endsForgottenString[Int(buf[q])] { q += 1 }
        guard q < limit, buf[q] == 0x22 else { return false }
        let body = pos..<q
        var after = q + 1
        while after < n && (buf[after] == 0x20 || buf[after] == 0x09) { after += 1 }
        guard after == n || [0x2C, 0x3A, 0x7D, 0x5D, 0x0A, 0x0D].contains(buf[after]) else { return false }
        var last = q
        while last > pos && JSONParser.isSpace(buf[last - 1]) { last -= 1 }
        guard last > pos else { return false }
        var flags = NodeFlags.missingOpeningQuote
        for i in body where buf[i] >= 0x80 || buf[i] < 0x20 {
            flags |= NodeFlags.needsRepair
            break
        }
        let start = pos
        pos = q + 1
        token = .string
        tokenFlags = flags
        let text = snippet(start..<q, limit: 64)
        report(.missingOpeningQuote, start..<q, "missing opening quote: write \"\(text)\"")
        return true
    }

    mutating func scanComment() {
        let start = pos
        if buf[pos + 1] == UInt8(ascii: "/") {
            pos += 2
            while pos < n && buf[pos] != 0x0A && buf[pos] != 0x0D { pos += 1 }
            report(.comment, start..<pos, "comments are not allowed in JSON")
        } else {
            pos += 2
            var closed = false
            while pos + 1 < n {
                if buf[pos] == UInt8(ascii: "*") && buf[pos + 1] == UInt8(ascii: "/") {
                    pos += 2
                    closed = true
                    break
                }
                pos += 1
            }
            if !closed {
                pos = n
                report(.comment, start..<pos, "unterminated block comment (comments are not allowed in JSON)")
            } else {
                report(.comment, start..<pos, "comments are not allowed in JSON")
            }
        }
    }

    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8), nullBytes = Array("null".utf8)

    mutating func scanWord() {
        let start = pos
        let wordBytes = JSONParser.isWordByte
        while pos < n && wordBytes[Int(buf[pos])] { pos += 1 }
        let len = pos - start
        func matches(_ literal: [UInt8]) -> Bool {
            guard literal.count == len else { return false }
            for i in 0..<len where literal[i] != buf[start + i] { return false }
            return true
        }
        if matches(JSONParser.trueBytes) { token = .trueLiteral } else if matches(JSONParser.falseBytes) { token = .falseLiteral } else if matches(JSONParser.nullBytes) { token = .nullLiteral } else { token = .word }
    }

    mutating func scanInvalid() {
        let start = pos
        var badUTF8 = false
        repeat {
            let b = buf[pos]
            if b < 0x80 {
                pos += 1
            } else {
                let (scalar, length) = UTF8Validation.decodeScalar(buf, at: pos, end: n)
                if scalar == nil { badUTF8 = true }
                pos += length
            }
        } while pos < n && !JSONParser.endsInvalidRun[Int(buf[pos])] && pos - start < 64
        token = .invalid
        if badUTF8 {
            report(.invalidUTF8, start..<pos, "invalid UTF-8 byte sequence")
        } else {
            let text = snippet(start..<pos)
            let what = text.unicodeScalars.count == 1 ? "character" : "characters"
            report(.unexpectedCharacter, start..<pos, "unexpected \(what) '\(text)'")
        }
    }

    mutating func scanString(quote: UInt8) {
        let start = pos
        pos += 1
        var flags: UInt8 = quote == UInt8(ascii: "'") ? NodeFlags.singleQuoted : 0
        while true {
            if quote == UInt8(ascii: "\"") {
                while pos + 8 <= n {
                    let stops = JSONParser.stringStops(word(at: pos))
                    if stops != 0 {
                        pos += SWAR.firstByte(stops)
                        break
                    }
                    pos += 8
                }
                while pos < n, case let b = buf[pos], b != 0x22 && b != 0x5C && b >= 0x20 && b < 0x80 { pos += 1 }
            }
            guard pos < n else {
                flags |= NodeFlags.unterminated
                leaveStructureOutside(start)
                report(.unterminatedString, start..<pos, "unterminated string: missing closing quote")
                break
            }
            let b = buf[pos]
            if b == quote {
                pos += 1
                break
            }
            if b == UInt8(ascii: "\\") {
                flags |= NodeFlags.hasEscapes
                flags |= scanEscape()
                continue
            }
            if b == 0x0A || b == 0x0D {
                flags |= NodeFlags.unterminated
                leaveStructureOutside(start)
                report(.unterminatedString, start..<pos, "unterminated string: missing closing quote before the end of the line")
                break
            }
            if b < 0x20 {
                report(.controlCharacter, pos..<(pos + 1), "control character \(JSONParser.controlName(b)) must be escaped in a string")
                pos += 1
                continue
            }
            if b >= 0x80 {
                let (scalar, length) = UTF8Validation.decodeScalar(buf, at: pos, end: n)
                if scalar == nil {
                    flags |= NodeFlags.needsRepair
                    var end = pos + length
                    // One diagnostic for a run of bad bytes.
                    while end < n && buf[end] >= 0x80 && UTF8Validation.decodeScalar(buf, at: end, end: n).0 == nil { end += 1 }
                    report(.invalidUTF8, pos..<end, "invalid UTF-8 byte sequence in string")
                    pos = end
                } else {
                    pos += length
                }
                continue
            }
            pos += 1
        }
        token = .string
        tokenFlags = flags
    }

    /// A string left open at the end of its line usually lost its closing quote just before the line's
    /// punctuation (`"name": "Click,` or `"event: {`): that `,` `:` or bracket is the document's structure,
    /// so the string ends before it (`pos` moves back) and the next line parses as it would have.
    mutating func leaveStructureOutside(_ start: Int) {
        var end = pos
        var sawStructure = false
        while end > start + 1 {
            let c = buf[end - 1]
            if c == 0x2C || c == 0x3A || c == 0x7B || c == 0x7D || c == 0x5B || c == 0x5D {
                sawStructure = true
            } else if c != 0x20 && c != 0x09 {
                break
            }
            end -= 1
        }
        if sawStructure { pos = end }
    }

    static func controlName(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        switch b {
        case 0x09: return code + " (tab, write \\t)"
        case 0x08: return code + " (backspace, write \\b)"
        case 0x0C: return code + " (form feed, write \\f)"
        default: return code
        }
    }

    /// Scans one escape at `pos` (a backslash); returns flags to add to the string.
    mutating func scanEscape() -> UInt8 {
        let start = pos
        guard pos + 1 < n else {
            pos += 1
            report(.invalidEscape, start..<pos, "incomplete escape sequence at end of file")
            return NodeFlags.needsRepair
        }
        let e = buf[pos + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            pos += 2
            return 0
        case UInt8(ascii: "u"):
            var k = 0
            while k < 4 && pos + 2 + k < n && StringDecoding.hexValue(buf[pos + 2 + k]) != nil { k += 1 }
            guard k == 4, let v = StringDecoding.unicodeEscape(buf, at: pos, end: n) else {
                pos += 2 + k
                report(.invalidEscape, start..<pos, "invalid unicode escape: \\u must be followed by four hex digits")
                return NodeFlags.needsRepair
            }
            if v >= 0xD800 && v < 0xDC00 {
                if let low = StringDecoding.unicodeEscape(buf, at: pos + 6, end: n), low >= 0xDC00 && low < 0xE000 {
                    pos += 12
                    return 0
                }
                pos += 6
                report(.loneSurrogate, start..<pos, "lone high surrogate \(snippet(start..<pos)) is not followed by a low surrogate; it reads as U+FFFD")
                return NodeFlags.needsRepair
            }
            pos += 6
            if v >= 0xDC00 && v < 0xE000 {
                report(.loneSurrogate, start..<pos, "lone low surrogate \(snippet(start..<pos)) has no high surrogate before it; it reads as U+FFFD")
                return NodeFlags.needsRepair
            }
            return 0
        case 0x0A, 0x0D:
            pos += 1
            report(.invalidEscape, start..<pos, "a backslash cannot continue a string onto the next line")
            return NodeFlags.needsRepair
        default:
            let (_, length) = e < 0x80 ? (nil, 1) : UTF8Validation.decodeScalar(buf, at: pos + 1, end: n)
            pos += 1 + length
            report(.invalidEscape, start..<pos, "invalid escape sequence '\(snippet(start..<pos))'")
            return NodeFlags.needsRepair
        }
    }

    mutating func scanNumber() {
        let start = pos
        let run = JSONParser.isNumberRunByte
        while pos < n && run[Int(buf[pos])] { pos += 1 }
        token = .number
        if let problem = numberProblem(start..<pos) {
            report(.invalidNumber, start..<pos, problem)
        } else if pos - start > 300 || buf[start..<pos].contains(where: { $0 | 0x20 == UInt8(ascii: "e") }) {
            let text = snippet(start..<pos, limit: 64)
            if (Double(String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)) ?? .infinity).isInfinite {
                report(.numberOutOfRange, start..<pos, "number \(text) is outside the range of a 64-bit float; its text is kept as written")
            }
        }
    }

    @inline(__always) func isDigit(_ i: Int, _ end: Int) -> Bool { i < end && buf[i] >= 0x30 && buf[i] <= 0x39 }

    /// Checks a number token against RFC 8259's grammar; nil when well-formed (and in range).
    func numberProblem(_ r: Range<Int>) -> String? {
        var i = r.lowerBound
        let end = r.upperBound
        func text() -> String { snippet(r, limit: 64) }
        if buf[i] == UInt8(ascii: "+") { return "invalid number '\(text())': JSON numbers cannot start with '+'" }
        if buf[i] == UInt8(ascii: ".") { return "invalid number '\(text())': a digit is required before '.'" }
        if buf[i] == UInt8(ascii: "-") {
            i += 1
            guard isDigit(i, end) else {
                return i < end ? "invalid number '\(text())': '-' must be followed by a digit" : "invalid number '-': a digit is required after '-'"
            }
        }
        if buf[i] == UInt8(ascii: "0") {
            i += 1
            if i < end && (buf[i] == UInt8(ascii: "x") || buf[i] == UInt8(ascii: "X")) {
                return "invalid number '\(text())': hexadecimal numbers are not allowed in JSON"
            }
            if isDigit(i, end) { return "invalid number '\(text())': leading zeros are not allowed" }
        } else {
            while isDigit(i, end) { i += 1 }
        }

        if i < end && buf[i] == UInt8(ascii: ".") {
            i += 1
            guard isDigit(i, end) else { return "invalid number '\(text())': a digit is required after '.'" }
            while isDigit(i, end) { i += 1 }
        }
        if i < end && (buf[i] == UInt8(ascii: "e") || buf[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (buf[i] == UInt8(ascii: "+") || buf[i] == UInt8(ascii: "-")) { i += 1 }
            guard isDigit(i, end) else { return "invalid number '\(text())': the exponent needs at least one digit" }
            while isDigit(i, end) { i += 1 }
        }
        if i < end {
            return "invalid number '\(text())': unexpected '\(snippet(i..<(i + 1)))'"
        }
        return nil
    }

    // MARK: Tree building

    @inline(__always)
    mutating func newNode(_ kind: NodeKind, start: Int, end: Int, parent: Int32, flags: UInt8 = 0) -> Int32 {
        nodes.append(RawNode(kind: kind, flags: flags, start: Int32(start), end: Int32(end), parent: parent,
                             firstChild: -1, nextSibling: -1, childCount: 0, colon: -1))
        return Int32(nodes.count - 1)
    }

    @inline(__always)
    mutating func link(_ child: Int32, to parent: Int32, after last: inout Int32) {
        if last < 0 { nodes[Int(parent)].firstChild = child } else { nodes[Int(last)].nextSibling = child }
        nodes[Int(parent)].childCount += 1
        last = child
    }

    // MARK: Grammar

    mutating func parseDocument() -> Int32 {
        if n >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) || (buf[0] == 0xFE && buf[1] == 0xFF)) {
            report(.unsupportedEncoding, 0..<2, "the file starts with a UTF-16 byte order mark; trackspec reads UTF-8 JSON only")
            return -1
        }
        if n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF {
            report(.byteOrderMark, 0..<3, "UTF-8 byte order mark at the start of the file; JSON text must not begin with one")
            pos = 3
        }
        advance()
        if token == .eof {
            report(.emptyDocument, pos..<pos, "empty document: expected a JSON value")
            return -1
        }
        var root: Int32 = -1
        var reportedGarbage = false
        while token != .eof {
            root = parseValue(parent: -1, depth: 0)
            if root >= 0 { break }
            if !reportedGarbage {
                report(.unexpectedToken, tokenRange, "expected a JSON value but found \(tokenDescription)")
                reportedGarbage = true
            }
            advance()
        }
        if root < 0 {
            if !reportedGarbage { report(.emptyDocument, pos..<pos, "empty document: expected a JSON value") }
        } else if token != .eof {
            report(.trailingContent, tokenStart..<tokenEnd, "unexpected \(tokenDescription) after the end of the document; a JSON file holds a single value")
        }
        return root
    }

    /// An object or array being parsed. The parser keeps these on an explicit stack instead of
    /// recursing, so nesting depth costs heap, never thread stack (debug builds need kilobytes per
    /// recursive level, and the server's worker threads are small).
    struct Frame {
        var node: Int32
        var isObject: Bool
        var open: Int
        var last: Int32 = -1
        var needsComma = false
        var lastComma = -1
        /// Object: the property whose value (an object or array) is being parsed above this frame.
        var pendingProperty: Int32 = -1
    }

    enum Step {
        /// The current token opens a container that becomes a child of `parent`.
        case push(parent: Int32)
        case done
    }

    /// Parses the value at the current token; -1 (consuming nothing) when the token cannot start one.
    mutating func parseValue(parent: Int32, depth: Int) -> Int32 {
        guard token == .openBrace || token == .openBracket else { return parseScalar(parent: parent) }
        if depth >= options.maxDepth { return skipTooDeep(parent: parent) }
        var stack: [Frame] = [openContainer(parent: parent)]
        while true {
            let top = stack.count - 1
            let step = stack[top].isObject ? stepObject(&stack[top]) : stepArray(&stack[top])
            switch step {
            case .push(let childParent):
                if depth + stack.count >= options.maxDepth {
                    let skipped = skipTooDeep(parent: childParent)
                    completeChild(&stack[top], skipped)
                } else {
                    stack.append(openContainer(parent: childParent))
                }
            case .done:
                let finished = stack.removeLast()
                if finished.isObject && nodes[Int(finished.node)].childCount > 1 { checkDuplicateKeys(finished.node) }
                if stack.isEmpty { return finished.node }
                completeChild(&stack[stack.count - 1], finished.node)
            }
        }
    }

    mutating func openContainer(parent: Int32) -> Frame {
        let isObject = token == .openBrace
        let node = newNode(isObject ? .object : .array, start: tokenStart, end: tokenEnd, parent: parent)
        let frame = Frame(node: node, isObject: isObject, open: tokenStart)
        advance()
        return frame
    }

    /// Attaches a finished container (or skipped region) to the frame that asked for it.
    mutating func completeChild(_ frame: inout Frame, _ child: Int32) {
        if frame.isObject {
            let property = frame.pendingProperty
            frame.pendingProperty = -1
            guard property >= 0 else { return }
            attachValue(child, to: property)
            nodes[Int(frame.node)].end = nodes[Int(property)].end
        } else {
            link(child, to: frame.node, after: &frame.last)
            nodes[Int(frame.node)].end = nodes[Int(child)].end
        }
    }

    mutating func attachValue(_ value: Int32, to property: Int32) {
        let key = nodes[Int(property)].firstChild
        nodes[Int(key)].nextSibling = value
        nodes[Int(property)].childCount += 1
        nodes[Int(property)].end = nodes[Int(value)].end
    }

    /// A value that is a single token; -1 (consuming nothing) for anything else.
    mutating func parseScalar(parent: Int32) -> Int32 {
        switch token {
        case .string:
            let id = newNode(.string, start: tokenStart, end: tokenEnd, parent: parent, flags: tokenFlags)
            advance()
            return id
        case .number:
            let id = newNode(.number, start: tokenStart, end: tokenEnd, parent: parent)
            advance()
            return id
        case .trueLiteral, .falseLiteral:
            let id = newNode(.boolean, start: tokenStart, end: tokenEnd, parent: parent,
                             flags: token == .trueLiteral ? NodeFlags.boolTrue : 0)
            advance()
            return id
        case .nullLiteral:
            let id = newNode(.null, start: tokenStart, end: tokenEnd, parent: parent)
            advance()
            return id
        case .word:
            report(.unexpectedToken, tokenRange, wordMessage(snippet(tokenRange, limit: 64)))
            let id = newNode(.invalid, start: tokenStart, end: tokenEnd, parent: parent)
            advance()
            return id
        case .invalid:
            let id = newNode(.invalid, start: tokenStart, end: tokenEnd, parent: parent)
            advance()
            return id
        default:
            return -1
        }
    }

    func wordMessage(_ word: String) -> String {
        switch word {
        case "undefined", "NaN", "Infinity":
            return "'\(word)' is not a JSON value"
        default:
            let lower = word.lowercased()
            for literal in ["true", "false", "null"] where lower == literal || (literal.hasPrefix(lower) && !lower.isEmpty) {
                return lower == literal ? "unexpected '\(word)'; did you mean '\(literal)'?" : "unexpected '\(word)'; expected a value (did you mean '\(literal)'?)"
            }
            return "unexpected '\(word)'; expected a value (strings must be in double quotes)"
        }
    }

    /// Nesting past the limit: report once, then skip the balanced value without building nodes.
    mutating func skipTooDeep(parent: Int32) -> Int32 {
        let start = tokenStart
        report(.nestingTooDeep, tokenRange, "nesting is deeper than \(options.maxDepth) levels; this value is not analysed")
        skipBalanced()
        return newNode(.invalid, start: start, end: max(start, min(tokenStart, lastTokenEnd)), parent: parent)
    }

    /// Skips a bracketed group iteratively, whatever its depth.
    mutating func skipBalanced() {
        var depth = 0
        repeat {
            switch token {
            case .openBrace, .openBracket: depth += 1
            case .closeBrace, .closeBracket: depth -= 1
            default: break
            }
            lastTokenEnd = tokenEnd
            advance()
        } while depth > 0 && token != .eof
    }

    mutating func reportUnclosed(_ open: Int, _ what: String, _ closer: String) {
        report(.unclosedBracket, tokenStart..<tokenStart,
               "expected '\(closer)' to close the \(what), found \(tokenDescription)",
               related: [RelatedLocation(range: open..<(open + 1), message: "the \(what) opened here")])
    }

    /// Works through an object's members until it closes or a member's value opens a container.
    mutating func stepObject(_ f: inout Frame) -> Step {
        while true {
            switch token {
            case .closeBrace:
                if f.lastComma >= 0 {
                    report(.trailingComma, f.lastComma..<(f.lastComma + 1), "trailing comma before '}'")
                }
                nodes[Int(f.node)].end = Int32(tokenEnd)
                advance()
                return .done
            case .eof, .closeBracket:
                reportUnclosed(f.open, "object", "}")
                nodes[Int(f.node)].end = Int32(token == .eof ? n : tokenStart)
                nodes[Int(f.node)].flags |= NodeFlags.unclosed
                return .done
            case .comma:
                if !f.needsComma {
                    report(.missingPropertyName, tokenRange, "expected a property name before ','")
                }
                f.lastComma = tokenStart
                f.needsComma = false
                advance()
            default:
                if f.needsComma {
                    report(.missingComma, tokenRange, "expected ',' or '}' after the property, found \(tokenDescription)")
                }
                f.lastComma = -1
                f.needsComma = true
                let (property, hasColon) = parseMemberHead(object: f.node)
                guard property >= 0 else {
                    // Panic mode: skip to something that can continue the object, stepping over
                    // bracketed groups whole so their closers do not end this object early.
                    while token != .comma && token != .closeBrace && token != .closeBracket && token != .eof {
                        if token == .openBrace || token == .openBracket { skipBalanced() } else { advance() }
                    }
                    continue
                }
                link(property, to: f.node, after: &f.last)
                nodes[Int(f.node)].end = nodes[Int(property)].end
                switch token {
                case .openBrace, .openBracket:
                    f.pendingProperty = property
                    return .push(parent: property)
                case .number, .trueLiteral, .falseLiteral, .nullLiteral:
                    let value = parseScalar(parent: property)
                    attachValue(value, to: property)
                default:
                    // `"a" "b": 1`: without a colon a string is more likely the next key; leave it.
                    if hasColon {
                        let value = parseScalar(parent: property)
                        if value >= 0 { attachValue(value, to: property) } else { report(.missingValue, tokenRange, "expected a value, found \(tokenDescription)") }
                    }
                }
                nodes[Int(f.node)].end = nodes[Int(property)].end
            }
        }
    }

    /// A member's key and colon; the property node (or -1 when no key could be read).
    mutating func parseMemberHead(object: Int32) -> (Int32, hasColon: Bool) {
        let start = tokenStart
        var keyFlags: UInt8 = 0
        var keyEnd = tokenEnd
        switch token {
        case .string:
            keyFlags = tokenFlags
        case .word, .number, .invalid:
            if token != .invalid {
                report(.invalidPropertyName, tokenRange, "property names must be double-quoted strings: write \"\(snippet(tokenRange, limit: 64))\"")
            }
            keyFlags = NodeFlags.bare
        case .colon:
            report(.missingPropertyName, tokenRange, "expected a property name before ':'")
            keyFlags = NodeFlags.bare
            keyEnd = tokenStart
        default:
            report(.missingPropertyName, tokenRange, "expected a property name, found \(tokenDescription)")
            return (-1, false)
        }
        let property = newNode(.property, start: start, end: keyEnd, parent: object)
        let key = newNode(.string, start: start, end: keyEnd, parent: property, flags: keyFlags)
        nodes[Int(property)].firstChild = key
        nodes[Int(property)].childCount = 1
        if token != .colon { advance() }
        guard token == .colon else {
            report(.missingColon, token == .eof ? tokenStart..<tokenStart : tokenRange,
                   "expected ':' after the property name, found \(tokenDescription)")
            return (property, false)
        }
        nodes[Int(property)].colon = Int32(tokenStart)
        nodes[Int(property)].end = Int32(tokenEnd)
        advance()
        return (property, true)
    }

    /// Works through an array's items until it closes or an item opens a container.
    mutating func stepArray(_ f: inout Frame) -> Step {
        while true {
            switch token {
            case .closeBracket:
                if f.lastComma >= 0 {
                    report(.trailingComma, f.lastComma..<(f.lastComma + 1), "trailing comma before ']'")
                }
                nodes[Int(f.node)].end = Int32(tokenEnd)
                advance()
                return .done
            case .eof, .closeBrace:
                reportUnclosed(f.open, "array", "]")
                nodes[Int(f.node)].end = Int32(token == .eof ? n : tokenStart)
                nodes[Int(f.node)].flags |= NodeFlags.unclosed
                return .done
            case .comma:
                if !f.needsComma {
                    report(.missingValue, tokenRange, "expected a value before ','")
                }
                f.lastComma = tokenStart
                f.needsComma = false
                advance()
            case .colon:
                report(.unexpectedToken, tokenRange, "unexpected ':' in an array")
                advance()
            default:
                if f.needsComma {
                    report(.missingComma, tokenRange, "expected ',' or ']' after the array item, found \(tokenDescription)")
                }
                f.lastComma = -1
                f.needsComma = true
                if token == .openBrace || token == .openBracket { return .push(parent: f.node) }
                let value = parseScalar(parent: f.node)
                if value >= 0 {
                    link(value, to: f.node, after: &f.last)
                    nodes[Int(f.node)].end = nodes[Int(value)].end
                } else {
                    advance()
                }
            }
        }
    }

    // MARK: Duplicate keys

    func keyBytesEqual(_ a: RawNode, _ b: RawNode) -> Bool {
        let la = Int(a.end - a.start), lb = Int(b.end - b.start)
        guard la == lb else { return false }
        var i = Int(a.start), j = Int(b.start)
        let end = i + la
        while i < end {
            if buf[i] != buf[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// The common case without allocating: a small object whose keys are plain (no escapes, nothing recovered)
    /// and pairwise different in their bytes has no duplicate. True when that cannot be shown this way (the
    /// full check then runs); the full check allocated per object and was a third of the parse.
    func smallObjectMayRepeatKeys(_ object: Int32) -> Bool {
        let special = NodeFlags.hasEscapes | NodeFlags.needsRepair | NodeFlags.bare | NodeFlags.unterminated | NodeFlags.missingOpeningQuote
        var p = nodes[Int(object)].firstChild
        while p >= 0 {
            let key = nodes[Int(nodes[Int(p)].firstChild)]
            if key.flags & special != 0 { return true }
            var q = nodes[Int(p)].nextSibling
            while q >= 0 {
                if keyBytesEqual(key, nodes[Int(nodes[Int(q)].firstChild)]) { return true }
                q = nodes[Int(q)].nextSibling
            }
            p = nodes[Int(p)].nextSibling
        }
        return false
    }

    func decodedKey(_ key: Int32) -> String {
        let k = nodes[Int(key)]
        var start = Int(k.start), end = Int(k.end)
        if k.flags & NodeFlags.missingOpeningQuote != 0 {
            end -= 1
        } else if k.flags & NodeFlags.bare == 0 {
            start += 1
            let closed = k.flags & NodeFlags.unterminated == 0
            if closed { end -= 1 }
        }
        if end < start { end = start }
        if k.flags & (NodeFlags.hasEscapes | NodeFlags.needsRepair) == 0 {
            return String(decoding: UnsafeBufferPointer(rebasing: buf[start..<end]), as: UTF8.self)
        }
        return StringDecoding.decode(buf, start..<end)
    }

    mutating func checkDuplicateKeys(_ object: Int32) {
        if nodes[Int(object)].childCount <= 16 && !smallObjectMayRepeatKeys(object) { return }
        var keys: [Int32] = []
        keys.reserveCapacity(Int(nodes[Int(object)].childCount))
        var p = nodes[Int(object)].firstChild
        var anyEscaped = false
        while p >= 0 {
            let key = nodes[Int(p)].firstChild
            keys.append(key)
            if nodes[Int(key)].flags & (NodeFlags.hasEscapes | NodeFlags.needsRepair | NodeFlags.bare | NodeFlags.unterminated | NodeFlags.missingOpeningQuote) != 0 { anyEscaped = true }
            p = nodes[Int(p)].nextSibling
        }
        var groups: [[Int32]] = []
        if keys.count <= 16 && !anyEscaped {
            var seen = [Bool](repeating: false, count: keys.count)
            for i in 0..<keys.count where !seen[i] {
                var group = [keys[i]]
                for j in (i + 1)..<keys.count where !seen[j] && keyBytesEqual(nodes[Int(keys[i])], nodes[Int(keys[j])]) {
                    seen[j] = true
                    group.append(keys[j])
                }
                if group.count > 1 { groups.append(group) }
            }
        } else {
            var index: [String: Int] = [:]
            var all: [[Int32]] = []
            for key in keys {
                let s = decodedKey(key)
                if let i = index[s] { all[i].append(key) } else {
                    index[s] = all.count
                    all.append([key])
                }
            }
            groups = all.filter { $0.count > 1 }
        }
        // Each later occurrence is reported once and points at the first: linear in the number of keys
        // (pointing every occurrence at every other was quadratic: 1,000 copies printed a million lines).
        for group in groups {
            let name = Excerpt.of(decodedKey(group[0]))
            let first = nodes[Int(group[0])]
            let firstLocation = RelatedLocation(range: Int(first.start)..<Int(first.end), message: "'\(name)' is first defined here")
            for key in group.dropFirst() {
                let k = nodes[Int(key)]
                diagnostics.append(SyntaxDiagnostic(
                    code: .duplicateKey, range: Int(k.start)..<Int(k.end),
                    message: "duplicate key '\(name)'; JSON readers keep only the last one", related: [firstLocation]))
            }
        }
    }
}

/// The parser's nodes while it builds them: a plain growable buffer, so that setting a field of a node is one
/// store (an array checks its bounds and that it is not shared on every write, and the parser writes each node
/// several times as its children arrive). Indices come from the parser itself; it hands the buffer over to the
/// tree's `NodeStorage` when it is done.
struct NodeBuffer {
    private(set) var base: UnsafeMutablePointer<RawNode>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    subscript(_ i: Int) -> RawNode {
        @inline(__always) unsafeAddress {
            assert(i >= 0 && i < count)
            return UnsafePointer(base + i)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < count)
            return base + i
        }
    }

    @inline(__always)
    mutating func append(_ node: RawNode) {
        if count == capacity { grow() }
        (base + count).initialize(to: node)
        count += 1
    }

    private mutating func grow() { reserve(capacity * 2) }

    /// Room for `wanted` nodes.
    mutating func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let bigger = UnsafeMutablePointer<RawNode>.allocate(capacity: wanted)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = wanted
    }

    /// The nodes as a tree's storage, which takes the buffer over.
    func storage() -> NodeStorage { NodeStorage(adopting: base, count: count, capacity: capacity) }
}
