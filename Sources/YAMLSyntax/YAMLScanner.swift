import JSONSyntax

/// A YAML token: its kind, its byte range and, for scalars, anchors, aliases, tags and directives, where its
/// value is. A plain value with nothing to copy: no token allocates (#40) — the value is either a slice of the
/// input (`bytes[valueStart..<valueEnd]`, the common case: a one-line scalar without escapes) or, when
/// `decoded`, a slice of the scanner's `arena`, where folded lines, escapes and replaced bytes were written.
struct YAMLToken {
    enum Kind: UInt8 {
        case streamStart, streamEnd
        case directive
        case documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value
        case alias, anchor, tag
        case scalar
    }

    enum Style: UInt8 { case plain, singleQuoted, doubleQuoted, literal, folded }

    var kind: Kind
    var style: Style = .plain
    /// A quoted scalar whose closing quote is missing.
    var unterminated = false
    /// The value is in the scanner's arena, not in the input.
    var decoded = false
    // Offsets as 32 bits (the parser reads inputs under 2 GiB): a token is 20 bytes, copied in registers.
    private var start32: Int32
    private var end32: Int32
    private var valueStart32: Int32 = 0
    private var valueEnd32: Int32 = 0

    var start: Int {
        @inline(__always) get { Int(start32) }
        set { start32 = Int32(truncatingIfNeeded: newValue) }
    }
    var end: Int {
        @inline(__always) get { Int(end32) }
        set { end32 = Int32(truncatingIfNeeded: newValue) }
    }
    /// Where the value is (scalar value with escapes and folding applied, anchor or alias name, tag handle +
    /// suffix, directive text): `bytes[valueStart..<valueEnd]`, or the scanner's arena there when `decoded`.
    var valueStart: Int {
        @inline(__always) get { Int(valueStart32) }
        set { valueStart32 = Int32(truncatingIfNeeded: newValue) }
    }
    var valueEnd: Int {
        @inline(__always) get { Int(valueEnd32) }
        set { valueEnd32 = Int32(truncatingIfNeeded: newValue) }
    }

    init(kind: Kind, start: Int, end: Int) {
        self.kind = kind
        self.start32 = Int32(truncatingIfNeeded: start)
        self.end32 = Int32(truncatingIfNeeded: end)
    }
}

/// The YAML 1.2 scanner: turns bytes into tokens, with the block structure made explicit (block collection
/// starts and ends from indentation, `KEY` tokens inserted before simple keys once their `:` is seen). This
/// is the token model of the reference implementations (libyaml, PyYAML), written for this project: it is
/// what makes block mappings decidable with one token of look-ahead. Tolerant: every problem is reported
/// once and scanning goes on, so an editor always gets a tree.
struct YAMLScanner {
    let bytes: [UInt8]
    let n: Int
    var pos = 0
    var line = 0
    /// Byte column within the line (indentation is ASCII spaces, so bytes are columns where it matters).
    var column = 0
    var diagnostics: [SyntaxDiagnostic] = []
    /// Comments seen (a conversion to JSON says it drops them).
    private(set) var comments = 0
    /// Decoded values (folded, escaped or repaired), one after the other; tokens point into it. It only grows,
    /// by at most three bytes per input byte (U+FFFD for a bad byte), so memory stays linear.
    private(set) var arena: [UInt8] = []

    private var queue: [YAMLToken] = []
    private var head = 0
    /// Tokens handed to the parser so far.
    private(set) var taken = 0
    private var streamStarted = false
    private(set) var streamEnded = false
    private var indent = -1
    private var indents: [Int] = []
    private var flowLevel = 0
    private var simpleKeyAllowed = false
    private var simpleKeys: [SimpleKey] = [SimpleKey()]
    /// Per level of `simpleKeys`: the flow collection there is a mapping.
    private var flowIsMapping: [Bool] = [false]
    /// A token was produced on the current line (tabs after it are separation, not indentation).
    private var lineHasToken = false
    /// The last token was a quoted scalar or a flow collection's end: in a flow collection, a ':' right after
    /// it is a value indicator even when text follows (`{"a":b}`).
    private var lastWasJSONLike = false
    private var lastTokenEnd = -1
    /// A tab was skipped right before the current token (in the whitespace since the previous token).
    private var tabBeforeToken = false
    /// Spaces at the start of the current line (tabs not counted): the line's real indentation.
    private var lineIndentSpaces = 0
    private var staleCheckLine = -1
    private var staleCheckPos = 0
    /// The line of the block scalar header being scanned.
    private var blockHeaderLine = 0

    struct SimpleKey {
        var possible = false
        var required = false
        /// A quoted scalar or a flow collection: in a flow collection its ':' may be on a later line.
        var jsonLike = false
        /// Tabs were skipped right before it: as a block mapping's key its indentation would be ambiguous.
        var afterTab = false
        var tokenNumber = 0
        var pos = 0
        var line = 0
        var column = 0
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        self.n = bytes.count
        // A byte-order mark is not content.
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
    }

    // MARK: Token values

    /// A token's value as text.
    func value(_ t: YAMLToken) -> String { String(decoding: valueBytes(t), as: UTF8.self) }

    /// A token's value as bytes (a slice of the input or of the arena; no copy).
    func valueBytes(_ t: YAMLToken) -> ArraySlice<UInt8> {
        t.decoded ? arena[t.valueStart..<t.valueEnd] : bytes[t.valueStart..<t.valueEnd]
    }

    /// The token's value is exactly the input's bytes in `range` (so a tree node over them needs no copy).
    func valueIsInput(_ t: YAMLToken, _ range: Range<Int>) -> Bool {
        !t.decoded && t.valueStart == range.lowerBound && t.valueEnd == range.upperBound
    }

    /// A token whose value is what was written to the arena since `arenaStart`.
    private func decodedToken(_ kind: YAMLToken.Kind, _ start: Int, _ end: Int, arenaStart: Int) -> YAMLToken {
        var t = YAMLToken(kind: kind, start: start, end: end)
        t.valueStart = arenaStart
        t.valueEnd = arena.count
        t.decoded = true
        return t
    }

    // MARK: Token queue

    /// The head of the queue is final (no simple key before it can still become a key): until it is taken,
    /// asking again would find the same (the parser peeks several times per token).
    private var headReady = false

    mutating func peek() -> YAMLToken {
        if !headReady {
            fetchMoreTokens()
            headReady = true
        }
        return queue[head]
    }

    /// The head token's kind, without copying the token.
    mutating func peekKind() -> YAMLToken.Kind {
        if !headReady {
            fetchMoreTokens()
            headReady = true
        }
        return queue[head].kind
    }

    mutating func next() -> YAMLToken {
        if !headReady { fetchMoreTokens() }
        headReady = false
        let t = queue[head]
        head += 1
        taken += 1
        if head > 64 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return t
    }

    private var queued: Int { queue.count - head }

    private mutating func fetchMoreTokens() {
        while true {
            var need = queued == 0
            if !need {
                staleSimpleKeys()
                // Keys of outer levels were saved before those of inner ones: the first possible key has the
                // smallest token number, so it alone can be waiting at the head of the queue.
                for key in simpleKeys where key.possible {
                    if key.tokenNumber == taken { need = true }
                    break
                }
            }
            if !need || streamEnded && queued > 0 { return }
            fetchNextToken()
        }
    }

    private mutating func append(_ token: YAMLToken) {
        queue.append(token)
        if token.kind != .streamStart && token.kind != .streamEnd && token.kind != .blockEnd && token.kind != .blockMappingStart
            && token.kind != .blockSequenceStart && token.kind != .key {
            lineHasToken = true
            lastWasJSONLike = token.kind == .flowSequenceEnd || token.kind == .flowMappingEnd
                || token.kind == .scalar && (token.style == .singleQuoted || token.style == .doubleQuoted)
            lastTokenEnd = token.end
        }
    }

    private mutating func report(_ code: SyntaxDiagnostic.Code, _ range: Range<Int>, _ message: String) {
        if let last = diagnostics.last, last.range.lowerBound == range.lowerBound { return }
        diagnostics.append(SyntaxDiagnostic(code: code, range: range, message: message))
    }

    // MARK: Characters

    @inline(__always) func at(_ i: Int) -> UInt8 { i < n ? bytes[i] : 0 }
    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
    @inline(__always) static func isBreak(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
    @inline(__always) func isBreakOrEnd(_ i: Int) -> Bool { i >= n || YAMLScanner.isBreak(bytes[i]) }
    @inline(__always) func isBlankOrEnd(_ i: Int) -> Bool { i >= n || YAMLScanner.isBlank(bytes[i]) || YAMLScanner.isBreak(bytes[i]) }
    static func isFlowIndicator(_ b: UInt8) -> Bool { b == 0x2C || b == 0x5B || b == 0x5D || b == 0x7B || b == 0x7D }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where pos < n {
            let b = bytes[pos]
            pos += 1
            // UTF-8 continuation bytes do not move the column: a column counts characters.
            if b & 0xC0 != 0x80 { column += 1 }
        }
    }

    /// Consumes one line break (CRLF, CR or LF; a value reads each as LF).
    private mutating func readBreak() {
        if at(pos) == 0x0D && at(pos + 1) == 0x0A { pos += 2 } else if YAMLScanner.isBreak(at(pos)) { pos += 1 }
        line += 1
        column = 0
        lineHasToken = false
    }

    /// One character (a whole UTF-8 sequence) appended to the arena; invalid bytes become U+FFFD, reported once.
    private mutating func copyCharacter() {
        let b = bytes[pos]
        if b < 0x80 {
            arena.append(b)
            advance()
            return
        }
        let length = validSequenceLength(at: pos)
        if length > 0 {
            arena.append(contentsOf: bytes[pos..<(pos + length)])
            pos += length
            column += 1
        } else {
            report(.yamlInvalidUTF8, pos..<(pos + 1), "invalid UTF-8 byte sequence")
            arena.append(contentsOf: [0xEF, 0xBF, 0xBD])
            pos += 1
            column += 1
        }
    }

    /// The length of the well-formed UTF-8 sequence of two to four bytes at `i`, or 0 (no overlong forms, no
    /// surrogates, nothing past U+10FFFF: what Swift's validation accepts).
    private func validSequenceLength(at i: Int) -> Int { YAMLScanner.validSequenceLength(bytes, at: i) }

    static func validSequenceLength<Bytes: RandomAccessCollection>(_ bytes: Bytes, at i: Int) -> Int where Bytes.Element == UInt8, Bytes.Index == Int {
        let n = bytes.count
        let b = bytes[i]
        let length = b >= 0xF5 ? 0 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0
        guard length > 0, i + length <= n else { return 0 }
        let b1 = bytes[i + 1]
        switch b {
        case 0xE0: guard b1 >= 0xA0 && b1 <= 0xBF else { return 0 }
        case 0xED: guard b1 >= 0x80 && b1 <= 0x9F else { return 0 }
        case 0xF0: guard b1 >= 0x90 && b1 <= 0xBF else { return 0 }
        case 0xF4: guard b1 >= 0x80 && b1 <= 0x8F else { return 0 }
        default: guard b1 & 0xC0 == 0x80 else { return 0 }
        }
        for k in 2..<max(length, 2) where bytes[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// One character of a value being scanned. While the value is still the input from `from` (`verbatim`)
    /// nothing is copied; otherwise the character goes to the arena. A bad byte ends the verbatim run: the
    /// value so far is copied and the byte becomes U+FFFD there (reported once).
    @inline(__always)
    private mutating func takeCharacter(_ verbatim: inout Bool, from: Int) {
        let b = bytes[pos]
        if b < 0x80 {
            if !verbatim { arena.append(b) }
            pos += 1
            column += 1
            return
        }
        takeMultibyte(&verbatim, from: from)
    }

    private mutating func takeMultibyte(_ verbatim: inout Bool, from: Int) {
        let length = validSequenceLength(at: pos)
        if length > 0 {
            if !verbatim { arena.append(contentsOf: bytes[pos..<(pos + length)]) }
            pos += length
            column += 1
            return
        }
        materialize(&verbatim, from: from, to: pos)
        report(.yamlInvalidUTF8, pos..<(pos + 1), "invalid UTF-8 byte sequence")
        arena.append(contentsOf: [0xEF, 0xBF, 0xBD])
        pos += 1
        column += 1
    }

    /// Ends a verbatim run: the value so far (`bytes[from..<to]`) is copied to the arena, where the rest goes.
    @inline(__always)
    private mutating func materialize(_ verbatim: inout Bool, from: Int, to: Int) {
        guard verbatim else { return }
        arena.append(contentsOf: bytes[from..<to])
        verbatim = false
    }

    // MARK: Fetching

    private mutating func fetchNextToken() {
        if !streamStarted {
            streamStarted = true
            simpleKeyAllowed = true
            append(YAMLToken(kind: .streamStart, start: pos, end: pos))
            return
        }
        scanToNextToken()
        staleSimpleKeys()
        unrollIndent(column)
        guard pos < n else { return fetchStreamEnd() }
        let b = bytes[pos]
        if column == 0 {
            if b == UInt8(ascii: "%") { return fetchDirective() }
            if isDocumentMarker(pos, UInt8(ascii: "-")) { return fetchDocumentIndicator(.documentStart) }
            if isDocumentMarker(pos, UInt8(ascii: ".")) { return fetchDocumentIndicator(.documentEnd) }
        }
        switch b {
        case UInt8(ascii: "["): return fetchFlowCollectionStart(.flowSequenceStart)
        case UInt8(ascii: "{"): return fetchFlowCollectionStart(.flowMappingStart)
        case UInt8(ascii: "]"): return fetchFlowCollectionEnd(.flowSequenceEnd)
        case UInt8(ascii: "}"): return fetchFlowCollectionEnd(.flowMappingEnd)
        case UInt8(ascii: ","): return fetchFlowEntry()
        case UInt8(ascii: "-") where isBlankOrEnd(pos + 1):
            if tabBeforeToken && flowLevel == 0 {
                report(.yamlTabIndentation, pos..<(pos + 1), "a tab before '-' makes its indentation ambiguous; use spaces")
            }
            return fetchBlockEntry()
        case UInt8(ascii: "?") where isBlankOrEnd(pos + 1) || flowLevel > 0 && YAMLScanner.isFlowIndicator(at(pos + 1)): return fetchKey()
        case UInt8(ascii: ":") where isBlankOrEnd(pos + 1) || flowLevel > 0 && (YAMLScanner.isFlowIndicator(at(pos + 1)) || lastWasJSONLike):
            return fetchValue()
        case UInt8(ascii: "*"): return fetchAnchor(alias: true)
        case UInt8(ascii: "&"): return fetchAnchor(alias: false)
        case UInt8(ascii: "!"): return fetchTag()
        case UInt8(ascii: "|") where flowLevel == 0: return fetchBlockScalar(literal: true)
        case UInt8(ascii: ">") where flowLevel == 0: return fetchBlockScalar(literal: false)
        case UInt8(ascii: "'"): return fetchFlowScalar(single: true)
        case UInt8(ascii: "\""): return fetchFlowScalar(single: false)
        default: break
        }
        // A plain scalar starts with anything but an indicator; `-`, `?`, `:` may start one when followed by
        // a non-space ("safe") character.
        let next = at(pos + 1)
        if !YAMLScanner.isIndicator(b) && !YAMLScanner.isBlank(b) && !YAMLScanner.isBreak(b)
            || (b == UInt8(ascii: "-") || b == UInt8(ascii: "?") || b == UInt8(ascii: ":")) && !isBlankOrEnd(pos + 1)
                && !(flowLevel > 0 && YAMLScanner.isFlowIndicator(next)) {
            return fetchPlainScalar()
        }
        if b == 0x09 {
            report(.yamlTabIndentation, pos..<(pos + 1), "tabs cannot indent YAML; indent with spaces")
        } else {
            let what = b == UInt8(ascii: "@") || b == UInt8(ascii: "`") ? "'\(Character(Unicode.Scalar(b)))' is reserved and cannot start a value; quote it"
                : "unexpected character '\(String(decoding: bytes[pos..<min(n, pos + 1)], as: UTF8.self))'"
            report(.yamlUnexpectedCharacter, pos..<(pos + 1), what)
        }
        // Skip it (a whole UTF-8 sequence) and go on.
        let mark = arena.count
        copyCharacter()
        arena.removeLast(arena.count - mark)
    }

    /// The characters that cannot start a plain scalar (`-`, `?` and `:` may, before a non-space).
    @inline(__always) static func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return true
        default:
            return false
        }
    }

    private func isDocumentMarker(_ i: Int, _ c: UInt8) -> Bool {
        at(i) == c && at(i + 1) == c && at(i + 2) == c && isBlankOrEnd(i + 3)
    }

    private mutating func scanToNextToken() {
        tabBeforeToken = false
        while pos < n {
            // A byte-order mark may start a document.
            if column == 0 && at(pos) == 0xEF && at(pos + 1) == 0xBB && at(pos + 2) == 0xBF { pos += 3; continue }
            let lineStart = column == 0
            var onlySpaces = true
            if lineStart { lineIndentSpaces = 0 }
            // Spaces, and tabs as separation: within the indentation a tab is allowed before flow content, a
            // scalar or a comment (a tab before a block indicator is reported where the indicator is read).
            while pos < n && (bytes[pos] == 0x20 || bytes[pos] == 0x09) {
                if bytes[pos] == 0x09 {
                    tabBeforeToken = true
                    onlySpaces = false
                } else if onlySpaces && !lineHasToken {
                    lineIndentSpaces += 1
                }
                pos += 1
                column += 1
            }
            guard pos < n else { return }
            var b = bytes[pos]
            if b == UInt8(ascii: "#") {
                comments += 1
                if pos > 0 && !YAMLScanner.isBlank(bytes[pos - 1]) && !YAMLScanner.isBreak(bytes[pos - 1]) && lineHasToken {
                    report(.yamlUnexpectedCharacter, pos..<(pos + 1), "a comment needs a space before '#'")
                }
                // Only whether the column is 0 matters after a comment (a line break or the end follows it).
                column += 1
                while pos < n && !YAMLScanner.isBreak(bytes[pos]) { pos += 1 }
                guard pos < n else { return }
                b = bytes[pos]
            }
            guard YAMLScanner.isBreak(b) else {
                // Inside a flow collection in block context, continuation lines are indented past the block
                // (a closing bracket may come back to the block's column, as most readers accept).
                if flowLevel > 0 && !lineHasToken && indent >= 0 && lineIndentSpaces <= indent && b != UInt8(ascii: "]") && b != UInt8(ascii: "}") {
                    report(.yamlBadIndentation, pos..<(pos + 1), "a flow collection's lines must be indented more than the block around it")
                }
                return
            }
            readBreak()
            tabBeforeToken = false
            if flowLevel == 0 { simpleKeyAllowed = true }
        }
    }

    /// Only blanks (and perhaps a comment) until the end of the line: tabs there are not indentation.
    private func restOfLineIsBlank(_ from: Int) -> Bool {
        var i = from
        while i < n && YAMLScanner.isBlank(bytes[i]) { i += 1 }
        return i >= n || YAMLScanner.isBreak(bytes[i]) || bytes[i] == UInt8(ascii: "#")
    }

    // MARK: Simple keys and indentation

    /// A token inserted into the queue (a KEY, or the block mapping it starts, before the key's scalar):
    /// near the end of a short queue, so moved into place by swaps.
    private mutating func insertToken(_ token: YAMLToken, at index: Int) {
        queue.append(token)
        var i = queue.count - 1
        while i > index {
            queue.swapAt(i, i - 1)
            i -= 1
        }
    }

    @inline(__always)
    private mutating func staleSimpleKeys() {
        // Keys go stale with a new line or 1,024 bytes: looking again only then (or every 64 bytes) keeps
        // the work per token constant however deep the flow nesting is.
        guard line != staleCheckLine || pos - staleCheckPos >= 64 else { return }
        dropStaleSimpleKeys()
    }

    private mutating func dropStaleSimpleKeys() {
        staleCheckLine = line
        staleCheckPos = pos
        // A flow collection's JSON-like key may have its ':' on a later line; in block context a key is one line.
        // In a flow mapping a key may span lines (its ':' on a later line); in block context and in a flow
        // sequence's single-pair mappings a key is one line.
        for i in simpleKeys.indices where simpleKeys[i].possible
            && ((simpleKeys[i].line < line && !(i > 0 && flowIsMapping[i])) || pos - simpleKeys[i].pos > 1024) {
            if simpleKeys[i].required {
                let at = simpleKeys[i].pos
                report(.yamlMissingValue, at..<(at + 1), "expected ':' after this key")
            }
            simpleKeys[i].possible = false
        }
    }

    private mutating func saveSimpleKey(jsonLike: Bool = false) {
        let required = flowLevel == 0 && indent == column
        guard simpleKeyAllowed else { return }
        removeSimpleKey()
        simpleKeys[simpleKeys.count - 1] = SimpleKey(possible: true, required: required, jsonLike: jsonLike, afterTab: tabBeforeToken,
                                                     tokenNumber: taken + queued, pos: pos, line: line, column: column)
    }

    private mutating func removeSimpleKey() {
        let i = simpleKeys.count - 1
        if simpleKeys[i].possible && simpleKeys[i].required {
            let at = simpleKeys[i].pos
            report(.yamlMissingValue, at..<(at + 1), "expected ':' after this key")
        }
        simpleKeys[i].possible = false
    }

    /// Opens a block collection at `column` when it is deeper than the current one; the start token goes
    /// at queue position `number` (a simple key's), or at the end.
    private mutating func rollIndent(_ column: Int, number: Int?, kind: YAMLToken.Kind, at offset: Int) {
        guard flowLevel == 0, indent < column else { return }
        indents.append(indent)
        indent = column
        let token = YAMLToken(kind: kind, start: offset, end: offset)
        if let number {
            insertToken(token, at: head + (number - taken))
        } else {
            append(token)
        }
    }

    private mutating func unrollIndent(_ column: Int) {
        guard flowLevel == 0 else { return }
        while indent > column {
            append(YAMLToken(kind: .blockEnd, start: pos, end: pos))
            indent = indents.popLast() ?? -1
        }
    }

    // MARK: Indicators

    private mutating func fetchStreamEnd() {
        if column != 0 {
            column = 0
            line += 1
        }
        unrollIndent(-1)
        removeSimpleKey()
        simpleKeyAllowed = false
        streamEnded = true
        append(YAMLToken(kind: .streamEnd, start: n, end: n))
    }

    private mutating func fetchDirective() {
        unrollIndent(-1)
        removeSimpleKey()
        simpleKeyAllowed = false
        let start = pos
        let arenaStart = arena.count
        while pos < n && !YAMLScanner.isBreak(bytes[pos]) {
            if bytes[pos] == UInt8(ascii: "#") && pos > start && YAMLScanner.isBlank(bytes[pos - 1]) { break }
            copyCharacter()
        }
        while arena.count > arenaStart && YAMLScanner.isBlank(arena[arena.count - 1]) { arena.removeLast() }
        // The end from the bytes, not from the value: invalid bytes became 3-byte U+FFFD in it.
        var end = pos
        while end > start && YAMLScanner.isBlank(bytes[end - 1]) { end -= 1 }
        append(decodedToken(.directive, start, end, arenaStart: arenaStart))
    }

    private mutating func fetchDocumentIndicator(_ kind: YAMLToken.Kind) {
        unrollIndent(-1)
        removeSimpleKey()
        simpleKeyAllowed = false
        let start = pos
        advance(3)
        append(YAMLToken(kind: kind, start: start, end: pos))
        if kind == .documentEnd {
            // Only a comment may follow `...` on its line.
            var i = pos
            while i < n && YAMLScanner.isBlank(bytes[i]) { i += 1 }
            if i < n && !YAMLScanner.isBreak(bytes[i]) && bytes[i] != UInt8(ascii: "#") {
                report(.yamlUnexpectedToken, i..<(i + 1), "nothing but a comment may follow '...' on its line")
            }
        }
    }

    /// Flow levels tracked for simple keys. Deeper collections are reported by the parser and skipped; not
    /// tracking them keeps every token's work bounded (100,000 `[` would otherwise be quadratic).
    static let maxTrackedFlowLevels = 256

    private mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) {
        saveSimpleKey(jsonLike: true)
        if flowLevel < YAMLScanner.maxTrackedFlowLevels {
            simpleKeys.append(SimpleKey())
            flowIsMapping.append(kind == .flowMappingStart)
        }
        flowLevel += 1
        simpleKeyAllowed = true
        appendIndicator(kind)
    }

    private mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) {
        removeSimpleKey()
        if flowLevel > 0 {
            flowLevel -= 1
            if flowLevel < YAMLScanner.maxTrackedFlowLevels {
                simpleKeys.removeLast()
                flowIsMapping.removeLast()
            }
        }
        simpleKeyAllowed = false
        appendIndicator(kind)
    }

    private mutating func fetchFlowEntry() {
        removeSimpleKey()
        simpleKeyAllowed = true
        appendIndicator(.flowEntry)
    }

    private mutating func fetchBlockEntry() {
        openBlockCollection(.blockSequenceStart, misplaced: "a list item ('- ') cannot start here; start it on its own line")
        removeSimpleKey()
        simpleKeyAllowed = true
        appendIndicator(.blockEntry)
    }

    private mutating func fetchKey() {
        openBlockCollection(.blockMappingStart, misplaced: "an explicit key ('? ') cannot start here")
        removeSimpleKey()
        simpleKeyAllowed = flowLevel == 0
        appendIndicator(.key)
    }

    /// `- ` and `? ` in block context: allowed only where a key could start, and they open a block sequence or
    /// mapping at their column when it is deeper than the current one.
    private mutating func openBlockCollection(_ kind: YAMLToken.Kind, misplaced: String) {
        guard flowLevel == 0 else { return }
        if !simpleKeyAllowed { report(.yamlUnexpectedToken, pos..<(pos + 1), misplaced) }
        rollIndent(column, number: nil, kind: kind, at: pos)
    }

    /// A one-character indicator token at `pos`.
    private mutating func appendIndicator(_ kind: YAMLToken.Kind) {
        let start = pos
        advance()
        append(YAMLToken(kind: kind, start: start, end: pos))
    }

    private mutating func fetchValue() {
        let i = simpleKeys.count - 1
        if simpleKeys[i].possible {
            let key = simpleKeys[i]
            if key.afterTab && flowLevel == 0 {
                report(.yamlTabIndentation, key.pos..<(key.pos + 1), "a tab before a mapping key makes its indentation ambiguous; use spaces")
            }
            insertToken(YAMLToken(kind: .key, start: key.pos, end: key.pos), at: head + (key.tokenNumber - taken))
            rollIndent(key.column, number: key.tokenNumber, kind: .blockMappingStart, at: key.pos)
            simpleKeys[i].possible = false
            simpleKeyAllowed = false
        } else {
            if flowLevel == 0 {
                if !simpleKeyAllowed {
                    report(.yamlMissingValue, pos..<(pos + 1), "a mapping value is not allowed here (a ':' inside a plain value needs quotes)")
                }
                rollIndent(column, number: nil, kind: .blockMappingStart, at: pos)
            }
            simpleKeyAllowed = flowLevel == 0
        }
        appendIndicator(.value)
    }

    private mutating func fetchAnchor(alias: Bool) {
        saveSimpleKey()
        simpleKeyAllowed = false
        let start = pos
        advance()
        let arenaStart = arena.count
        while pos < n && !isBlankOrEnd(pos) && !YAMLScanner.isFlowIndicator(bytes[pos]) { copyCharacter() }
        if arena.count == arenaStart {
            report(.yamlUnexpectedCharacter, start..<pos, alias ? "an alias needs a name after '*'" : "an anchor needs a name after '&'")
        }
        append(decodedToken(alias ? .alias : .anchor, start, pos, arenaStart: arenaStart))
    }

    private mutating func fetchTag() {
        saveSimpleKey()
        simpleKeyAllowed = false
        let start = pos
        let arenaStart = arena.count
        if at(pos + 1) == UInt8(ascii: "<") {
            // Verbatim: !<tag:yaml.org,2002:str>
            advance(2)
            arena.append(UInt8(ascii: "<"))
            while pos < n && bytes[pos] != UInt8(ascii: ">") && !isBlankOrEnd(pos) { copyCharacter() }
            if at(pos) == UInt8(ascii: ">") { advance() } else {
                report(.yamlUnknownTag, start..<pos, "a verbatim tag needs its closing '>'")
            }
            append(decodedToken(.tag, start, pos, arenaStart: arenaStart))
            return
        }
        while pos < n && !isBlankOrEnd(pos) && !YAMLScanner.isFlowIndicator(bytes[pos]) { copyCharacter() }
        if flowLevel == 0 && pos < n && !isBlankOrEnd(pos) {
            report(.yamlUnknownTag, start..<(pos + 1), "a tag cannot contain '\(Character(Unicode.Scalar(bytes[pos])))'; it must be followed by a space")
        }
        append(decodedToken(.tag, start, pos, arenaStart: arenaStart))
    }

    // MARK: Scalars

    private mutating func fetchPlainScalar() {
        saveSimpleKey()
        simpleKeyAllowed = false
        var token = scanPlainScalar()
        token.style = .plain
        append(token)
    }

    /// A plain scalar. While it is one line (or its lines are not yet folded) and valid UTF-8, its value is
    /// the input's bytes: nothing is copied. A folded line break or a bad byte copies what was read so far to
    /// the arena, where the rest of the value is written.
    private mutating func scanPlainScalar() -> YAMLToken {
        let start = pos
        var end = pos
        let minIndent = indent + 1
        var verbatim = true
        let arenaStart = arena.count
        var leadingBlanks = false
        // Blanks between two runs of text on one line: `bytes[blanksStart..<blanksEnd]` (none when negative).
        var blanksStart = -1
        var blanksEnd = -1
        var leadingBreak = false
        var trailingBreaks = 0
        let flow = flowLevel > 0
        while true {
            if column == 0 && (isDocumentMarker(pos, UInt8(ascii: "-")) || isDocumentMarker(pos, UInt8(ascii: "."))) { break }
            if at(pos) == UInt8(ascii: "#") { break }
            var consumed = false
            while pos < n {
                let b = bytes[pos]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { break }
                if b == UInt8(ascii: ":") && (isBlankOrEnd(pos + 1) || flow && YAMLScanner.isFlowIndicator(at(pos + 1))) { break }
                if flow && YAMLScanner.isFlowIndicator(b) { break }
                if leadingBlanks {
                    // A folded line break: one space, or the empty lines' breaks.
                    materialize(&verbatim, from: start, to: end)
                    if leadingBreak && trailingBreaks == 0 {
                        arena.append(0x20)
                    } else {
                        for _ in 0..<trailingBreaks { arena.append(0x0A) }
                    }
                    leadingBreak = false
                    trailingBreaks = 0
                    leadingBlanks = false
                } else if blanksStart >= 0 {
                    if !verbatim { arena.append(contentsOf: bytes[blanksStart..<blanksEnd]) }
                    blanksStart = -1
                }
                takeCharacter(&verbatim, from: start)
                // The common run: ASCII that cannot end the scalar (no blank, break, ':' or, in a flow collection,
                // flow indicator), skipped without copying while the value is the input's bytes.
                if verbatim {
                    let run = pos
                    if flow {
                        while pos < n {
                            let c = bytes[pos]
                            guard c > 0x20 && c < 0x80 && c != 0x3A && !YAMLScanner.isFlowIndicator(c) else { break }
                            pos += 1
                        }
                    } else {
                        while pos < n {
                            let c = bytes[pos]
                            guard c > 0x20 && c < 0x80 && c != 0x3A else { break }
                            pos += 1
                        }
                    }
                    column += pos - run
                }
                end = pos
                consumed = true
            }
            if !consumed && pos == start { break }
            guard pos < n, YAMLScanner.isBlank(bytes[pos]) || YAMLScanner.isBreak(bytes[pos]) else { break }
            var tabbed = false
            while pos < n && (YAMLScanner.isBlank(bytes[pos]) || YAMLScanner.isBreak(bytes[pos])) {
                if YAMLScanner.isBlank(bytes[pos]) {
                    // On a new line, a tab before the indentation is reached cannot indent the continuation.
                    if leadingBlanks && flowLevel == 0 && bytes[pos] == 0x09 && column < minIndent && !restOfLineIsBlank(pos) {
                        report(.yamlTabIndentation, pos..<(pos + 1), "tabs cannot indent YAML; indent with spaces")
                        tabbed = true
                        break
                    }
                    if !leadingBlanks {
                        if blanksStart < 0 { blanksStart = pos }
                        blanksEnd = pos + 1
                    }
                    pos += 1
                    column += 1
                } else if !leadingBlanks {
                    blanksStart = -1
                    readBreak()
                    leadingBreak = true
                    leadingBlanks = true
                } else {
                    readBreak()
                    trailingBreaks += 1
                }
            }
            if tabbed || flowLevel == 0 && column < minIndent { break }
        }
        if leadingBlanks { simpleKeyAllowed = true }
        var token = verbatim ? YAMLToken(kind: .scalar, start: start, end: end) : decodedToken(.scalar, start, end, arenaStart: arenaStart)
        if verbatim {
            token.valueStart = start
            token.valueEnd = end
        }
        return token
    }

    private mutating func fetchFlowScalar(single: Bool) {
        saveSimpleKey(jsonLike: true)
        simpleKeyAllowed = false
        append(scanFlowScalar(single: single))
    }

    /// A quoted scalar. Like a plain one, its value stays a slice of the input until an escape, a doubled
    /// quote, a line break or a bad byte makes it differ; from there it is written to the arena.
    private mutating func scanFlowScalar(single: Bool) -> YAMLToken {
        let start = pos
        let quote: UInt8 = single ? 0x27 : 0x22
        advance()
        let contentStart = pos
        var verbatim = true
        let arenaStart = arena.count
        var unterminated = false
        while true {
            if column == 0 && (isDocumentMarker(pos, UInt8(ascii: "-")) || isDocumentMarker(pos, UInt8(ascii: "."))) {
                report(.yamlUnterminatedString, start..<pos, "a document marker inside a quoted scalar: its closing quote is missing")
                unterminated = true
                break
            }
            guard pos < n else {
                report(.yamlUnterminatedString, start..<pos, "quoted scalar not closed: missing \(single ? "'" : "\"")")
                unterminated = true
                break
            }
            var leadingBlanks = false
            while pos < n {
                let b = bytes[pos]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { break }
                if b == quote {
                    guard single && at(pos + 1) == quote else { break }
                    materialize(&verbatim, from: contentStart, to: pos)
                    arena.append(quote)
                    pos += 2
                    column += 2
                } else if !single && b == UInt8(ascii: "\\") {
                    materialize(&verbatim, from: contentStart, to: pos)
                    if YAMLScanner.isBreak(at(pos + 1)) {
                        advance()
                        readBreak()
                        leadingBlanks = true
                        break
                    }
                    scanEscape()
                } else {
                    takeCharacter(&verbatim, from: contentStart)
                }
            }
            if at(pos) == quote && pos < n {
                advance()
                break
            }
            let contentEnd = pos
            var blanksStart = -1
            var blanksEnd = -1
            var leadingBreak = false
            var trailingBreaks = 0
            var spaces = 0
            var onlySpaces = true
            while pos < n && (YAMLScanner.isBlank(bytes[pos]) || YAMLScanner.isBreak(bytes[pos])) {
                if YAMLScanner.isBlank(bytes[pos]) {
                    if bytes[pos] == 0x09 { onlySpaces = false } else if onlySpaces { spaces += 1 }
                    if !leadingBlanks {
                        if blanksStart < 0 { blanksStart = pos }
                        blanksEnd = pos + 1
                    }
                    pos += 1
                    column += 1
                } else if !leadingBlanks {
                    blanksStart = -1
                    readBreak()
                    leadingBreak = true
                    leadingBlanks = true
                    spaces = 0
                    onlySpaces = true
                } else {
                    readBreak()
                    trailingBreaks += 1
                    spaces = 0
                    onlySpaces = true
                }
            }
            // In block context a quoted scalar's next lines are indented past the block it is in.
            if leadingBlanks && flowLevel == 0 && indent >= 0 && spaces <= indent && pos < n {
                report(.yamlBadIndentation, pos..<(pos + 1), "a quoted value's next lines must be indented more than its key")
            }
            if leadingBlanks {
                // A line break folds to a space, or to the breaks of the empty lines after it (an escaped
                // break, `\` at the end of a line, to nothing but those).
                materialize(&verbatim, from: contentStart, to: contentEnd)
                if trailingBreaks == 0 {
                    if leadingBreak { arena.append(0x20) }
                } else {
                    for _ in 0..<trailingBreaks { arena.append(0x0A) }
                }
            } else if blanksStart >= 0 && !verbatim {
                arena.append(contentsOf: bytes[blanksStart..<blanksEnd])
            }
        }
        var token: YAMLToken
        if verbatim {
            // Up to the closing quote; an unterminated scalar's value runs to where it stopped.
            token = YAMLToken(kind: .scalar, start: start, end: pos)
            token.valueStart = contentStart
            token.valueEnd = unterminated ? pos : pos - 1
        } else {
            token = decodedToken(.scalar, start, pos, arenaStart: arenaStart)
        }
        token.style = single ? .singleQuoted : .doubleQuoted
        token.unterminated = unterminated
        return token
    }

    /// A `\` escape of a double-quoted scalar, decoded into the arena.
    private mutating func scanEscape() {
        let start = pos
        let e = at(pos + 1)
        var simple: Unicode.Scalar?
        switch e {
        case UInt8(ascii: "0"): simple = "\u{0}"
        case UInt8(ascii: "a"): simple = "\u{7}"
        case UInt8(ascii: "b"): simple = "\u{8}"
        case UInt8(ascii: "t"), 0x09: simple = "\t"
        case UInt8(ascii: "n"): simple = "\n"
        case UInt8(ascii: "v"): simple = "\u{B}"
        case UInt8(ascii: "f"): simple = "\u{C}"
        case UInt8(ascii: "r"): simple = "\r"
        case UInt8(ascii: "e"): simple = "\u{1B}"
        case 0x20: simple = " "
        case UInt8(ascii: "\""): simple = "\""
        case UInt8(ascii: "/"): simple = "/"
        case UInt8(ascii: "\\"): simple = "\\"
        case UInt8(ascii: "N"): simple = "\u{85}"
        case UInt8(ascii: "_"): simple = "\u{A0}"
        case UInt8(ascii: "L"): simple = "\u{2028}"
        case UInt8(ascii: "P"): simple = "\u{2029}"
        default: break
        }
        if let simple {
            appendScalar(simple)
            advance(2)
            return
        }
        let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : e == UInt8(ascii: "U") ? 8 : 0
        if digits > 0 {
            var value: UInt32 = 0
            var k = 0
            while k < digits, let h = YAMLScanner.hex(at(pos + 2 + k)) {
                value = value << 4 | UInt32(h)
                k += 1
            }
            advance(2 + k)
            if k == digits, let scalar = Unicode.Scalar(value) {
                appendScalar(scalar)
            } else {
                report(.yamlInvalidEscape, start..<pos, "invalid escape: \\\(Character(Unicode.Scalar(e))) needs \(digits) hex digits of a Unicode code point")
                arena.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
            return
        }
        advance()
        // The character after the backslash stays in the value.
        if pos < n { copyCharacter() }
        report(.yamlInvalidEscape, start..<pos, "invalid escape sequence '\(String(decoding: bytes[start..<pos], as: UTF8.self))'")
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        var buffer: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        let count = withUnsafeMutableBytes(of: &buffer) { raw -> Int in
            var i = 0
            UTF8.encode(scalar) { raw[i] = $0; i += 1 }
            return i
        }
        withUnsafeBytes(of: &buffer) { raw in arena.append(contentsOf: raw[0..<count]) }
    }

    static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    private mutating func fetchBlockScalar(literal: Bool) {
        removeSimpleKey()
        simpleKeyAllowed = true
        append(scanBlockScalar(literal: literal))
    }

    private mutating func scanBlockScalar(literal: Bool) -> YAMLToken {
        let start = pos
        advance()
        var chomping = 0
        var increment = 0
        for _ in 0..<2 {
            let b = at(pos)
            if (b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && chomping == 0 {
                chomping = b == UInt8(ascii: "+") ? 1 : -1
                advance()
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") && increment == 0 {
                if b == UInt8(ascii: "0") { report(.yamlInvalidBlockScalar, pos..<(pos + 1), "a block scalar's indentation indicator is 1 to 9") }
                increment = Int(b - UInt8(ascii: "0"))
                advance()
            }
        }
        blockHeaderLine = line
        while YAMLScanner.isBlank(at(pos)) && pos < n { advance() }
        if at(pos) == UInt8(ascii: "#") {
            if pos > start && !YAMLScanner.isBlank(bytes[pos - 1]) {
                report(.yamlInvalidBlockScalar, pos..<(pos + 1), "a comment after a block scalar header needs a space before '#'")
            }
            while pos < n && !YAMLScanner.isBreak(bytes[pos]) { advance() }
        }
        if pos < n && !YAMLScanner.isBreak(bytes[pos]) {
            report(.yamlInvalidBlockScalar, pos..<(pos + 1), "unexpected text after the block scalar header ('|' or '>')")
            while pos < n && !YAMLScanner.isBreak(bytes[pos]) { advance() }
        }
        if pos < n { readBreak() }
        var blockIndent = increment > 0 ? max(indent, 0) + increment : 0
        if increment > 0 && indent < 0 { blockIndent = increment }
        let arenaStart = arena.count
        var leadingBreak = ""
        var trailingBreaks = ""
        var end = pos
        blockBreaks(&blockIndent, &trailingBreaks, start: start)
        var leadingBlank = false
        while column == blockIndent && pos < n {
            if column == 0 && (isDocumentMarker(pos, UInt8(ascii: "-")) || isDocumentMarker(pos, UInt8(ascii: "."))) { break }
            let trailingBlank = YAMLScanner.isBlank(bytes[pos])
            if !literal && leadingBreak.hasPrefix("\n") && !leadingBlank && !trailingBlank {
                if trailingBreaks.isEmpty { arena.append(0x20) }
                leadingBreak = ""
            } else {
                arena.append(contentsOf: Array(leadingBreak.utf8))
                leadingBreak = ""
            }
            arena.append(contentsOf: Array(trailingBreaks.utf8))
            trailingBreaks = ""
            leadingBlank = YAMLScanner.isBlank(bytes[pos])
            while pos < n && !YAMLScanner.isBreak(bytes[pos]) { copyCharacter() }
            end = pos
            guard pos < n else {
                // The last line ends with the input: its line break is implied.
                leadingBreak = "\n"
                break
            }
            readBreak()
            leadingBreak = "\n"
            blockBreaks(&blockIndent, &trailingBreaks, start: start)
        }
        if chomping != -1 { arena.append(contentsOf: Array(leadingBreak.utf8)) }
        if chomping == 1 { arena.append(contentsOf: Array(trailingBreaks.utf8)) }
        var token = decodedToken(.scalar, start, end, arenaStart: arenaStart)
        token.style = literal ? .literal : .folded
        return token
    }

    /// Blank lines of a block scalar, and (when not given) its indentation from the first non-blank line.
    private mutating func blockBreaks(_ blockIndent: inout Int, _ breaks: inout String, start: Int) {
        var maxIndent = 0
        while true {
            while (blockIndent == 0 || column < blockIndent) && at(pos) == 0x20 && pos < n { advance() }
            if column > maxIndent { maxIndent = column }
            if (blockIndent == 0 || column < blockIndent) && at(pos) == 0x09 && pos < n {
                if blockIndent > 0 && !restOfLineIsBlank(pos) {
                    // A tab where the known indentation is expected.
                    report(.yamlTabIndentation, pos..<(pos + 1), "tabs cannot indent a block scalar; indent with spaces")
                    advance()
                } else if blockIndent > 0 {
                    while pos < n && YAMLScanner.isBlank(bytes[pos]) { advance() }
                } else if column < indent + 1 {
                    report(.yamlTabIndentation, pos..<(pos + 1), "tabs cannot indent a block scalar; indent with spaces")
                    while pos < n && YAMLScanner.isBlank(bytes[pos]) { advance() }
                } else {
                    // Still finding the indentation: a tab after the spaces is content, so this line sets it.
                    if column > maxIndent { maxIndent = column }
                    break
                }
            }
            guard pos < n && YAMLScanner.isBreak(bytes[pos]) else {
                // A last line of spaces with the input ending: an empty line all the same (kept by `|+`).
                if pos >= n && column > 0 && line > blockHeaderLine { breaks += "\n" }
                break
            }
            readBreak()
            breaks += "\n"
        }
        if blockIndent == 0 {
            if pos < n && !YAMLScanner.isBreak(bytes[pos]) && column < maxIndent && column > indent && column > 0 {
                report(.yamlInvalidBlockScalar, pos..<(pos + 1), "a block scalar's leading empty line is indented more than its first line")
            }
            blockIndent = max(maxIndent, indent + 1)
            if blockIndent < 1 && indent >= 0 { blockIndent = 1 }
            // An empty or all-blank block scalar keeps indentation 0 only at the top level.
            if blockIndent == 0 && pos < n && column == 0 && !(indent < 0) { blockIndent = 1 }
        }
    }
}
