import JSONSyntax

/// A YAML token, with its byte range and, for scalars, anchors, aliases and tags, its text.
struct YAMLToken {
    enum Kind: Equatable {
        case streamStart, streamEnd
        case directive
        case documentStart, documentEnd
        case blockSequenceStart, blockMappingStart, blockEnd
        case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
        case blockEntry, flowEntry, key, value
        case alias, anchor, tag
        case scalar
    }

    enum Style: Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }

    var kind: Kind
    var start: Int
    var end: Int
    /// Scalar value (escapes and folding applied), anchor or alias name, tag handle + suffix, directive text.
    var value: String = ""
    var style: Style = .plain
    /// A quoted scalar whose closing quote is missing.
    var unterminated = false
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

    // MARK: Token queue

    mutating func peek() -> YAMLToken {
        fetchMoreTokens()
        return queue[head]
    }

    mutating func next() -> YAMLToken {
        fetchMoreTokens()
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
                if let key = simpleKeys.first(where: \.possible), key.tokenNumber == taken { need = true }
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

    /// Consumes one line break (CRLF, CR or LF) and returns it normalised to LF.
    private mutating func readBreak() -> String {
        if at(pos) == 0x0D && at(pos + 1) == 0x0A { pos += 2 } else if YAMLScanner.isBreak(at(pos)) { pos += 1 }
        line += 1
        column = 0
        lineHasToken = false
        return "\n"
    }

    /// One character (a whole UTF-8 sequence) appended to `out`; invalid bytes become U+FFFD, reported once.
    private mutating func copyCharacter(into out: inout [UInt8]) {
        let b = bytes[pos]
        if b < 0x80 {
            out.append(b)
            advance()
            return
        }
        let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        var valid = length > 1 && pos + length <= n
        if valid { for k in 1..<length where bytes[pos + k] & 0xC0 != 0x80 { valid = false } }
        if valid, String(validating: bytes[pos..<(pos + length)], as: UTF8.self) == nil { valid = false }
        if valid {
            out.append(contentsOf: bytes[pos..<(pos + length)])
            pos += length
            column += 1
        } else {
            report(.yamlInvalidUTF8, pos..<(pos + 1), "invalid UTF-8 byte sequence")
            out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            pos += 1
            column += 1
        }
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
        let indicators: [UInt8] = Array("-?:,[]{}#&*!|>'\"%@`".utf8)
        let next = at(pos + 1)
        if !indicators.contains(b) && !YAMLScanner.isBlank(b) && !YAMLScanner.isBreak(b)
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
        var sink: [UInt8] = []
        copyCharacter(into: &sink)
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
                advance()
            }
            guard pos < n else { return }
            var b = bytes[pos]
            if b == UInt8(ascii: "#") {
                comments += 1
                if pos > 0 && !YAMLScanner.isBlank(bytes[pos - 1]) && !YAMLScanner.isBreak(bytes[pos - 1]) && lineHasToken {
                    report(.yamlUnexpectedCharacter, pos..<(pos + 1), "a comment needs a space before '#'")
                }
                while pos < n && !YAMLScanner.isBreak(bytes[pos]) { advance() }
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
            _ = readBreak()
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

    private mutating func staleSimpleKeys() {
        // Keys go stale with a new line or 1,024 bytes: looking again only then (or every 64 bytes) keeps
        // the work per token constant however deep the flow nesting is.
        guard line != staleCheckLine || pos - staleCheckPos >= 64 else { return }
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
            queue.insert(token, at: head + (number - taken))
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
        var text: [UInt8] = []
        while pos < n && !YAMLScanner.isBreak(bytes[pos]) {
            if bytes[pos] == UInt8(ascii: "#") && pos > start && YAMLScanner.isBlank(bytes[pos - 1]) { break }
            copyCharacter(into: &text)
        }
        var value = String(decoding: text, as: UTF8.self)
        while value.last == " " || value.last == "\t" { value.removeLast() }
        // The end from the bytes, not from the value: invalid bytes became 3-byte U+FFFD in it.
        var end = pos
        while end > start && YAMLScanner.isBlank(bytes[end - 1]) { end -= 1 }
        append(YAMLToken(kind: .directive, start: start, end: end, value: value))
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
            queue.insert(YAMLToken(kind: .key, start: key.pos, end: key.pos), at: head + (key.tokenNumber - taken))
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
        var name: [UInt8] = []
        while pos < n && !isBlankOrEnd(pos) && !YAMLScanner.isFlowIndicator(bytes[pos]) { copyCharacter(into: &name) }
        if name.isEmpty {
            report(.yamlUnexpectedCharacter, start..<pos, alias ? "an alias needs a name after '*'" : "an anchor needs a name after '&'")
        }
        append(YAMLToken(kind: alias ? .alias : .anchor, start: start, end: pos, value: String(decoding: name, as: UTF8.self)))
    }

    private mutating func fetchTag() {
        saveSimpleKey()
        simpleKeyAllowed = false
        let start = pos
        var text: [UInt8] = []
        if at(pos + 1) == UInt8(ascii: "<") {
            // Verbatim: !<tag:yaml.org,2002:str>
            advance(2)
            while pos < n && bytes[pos] != UInt8(ascii: ">") && !isBlankOrEnd(pos) { copyCharacter(into: &text) }
            if at(pos) == UInt8(ascii: ">") { advance() } else {
                report(.yamlUnknownTag, start..<pos, "a verbatim tag needs its closing '>'")
            }
            append(YAMLToken(kind: .tag, start: start, end: pos, value: "<" + String(decoding: text, as: UTF8.self)))
            return
        }
        while pos < n && !isBlankOrEnd(pos) && !YAMLScanner.isFlowIndicator(bytes[pos]) { copyCharacter(into: &text) }
        if flowLevel == 0 && pos < n && !isBlankOrEnd(pos) {
            report(.yamlUnknownTag, start..<(pos + 1), "a tag cannot contain '\(Character(Unicode.Scalar(bytes[pos])))'; it must be followed by a space")
        }
        append(YAMLToken(kind: .tag, start: start, end: pos, value: String(decoding: text, as: UTF8.self)))
    }

    // MARK: Scalars

    private mutating func fetchPlainScalar() {
        saveSimpleKey()
        simpleKeyAllowed = false
        var token = scanPlainScalar()
        token.style = .plain
        append(token)
    }

    private mutating func scanPlainScalar() -> YAMLToken {
        let start = pos
        var end = pos
        var out: [UInt8] = []
        let minIndent = indent + 1
        var leadingBlanks = false
        var whitespace: [UInt8] = []
        var leadingBreak = ""
        var trailingBreaks = ""
        while true {
            if column == 0 && (isDocumentMarker(pos, UInt8(ascii: "-")) || isDocumentMarker(pos, UInt8(ascii: "."))) { break }
            if at(pos) == UInt8(ascii: "#") { break }
            var consumed = false
            while pos < n && !isBlankOrEnd(pos) {
                let b = bytes[pos]
                if b == UInt8(ascii: ":") && (isBlankOrEnd(pos + 1) || flowLevel > 0 && YAMLScanner.isFlowIndicator(at(pos + 1))) { break }
                if flowLevel > 0 && YAMLScanner.isFlowIndicator(b) { break }
                if leadingBlanks || !whitespace.isEmpty {
                    if leadingBlanks {
                        if leadingBreak == "\n" && trailingBreaks.isEmpty { out.append(0x20) } else { out.append(contentsOf: Array(trailingBreaks.utf8)) }
                        leadingBreak = ""
                        trailingBreaks = ""
                        leadingBlanks = false
                    } else {
                        out.append(contentsOf: whitespace)
                        whitespace = []
                    }
                }
                copyCharacter(into: &out)
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
                    if !leadingBlanks { whitespace.append(bytes[pos]) }
                    advance()
                } else if !leadingBlanks {
                    whitespace = []
                    leadingBreak = readBreak()
                    leadingBlanks = true
                } else {
                    trailingBreaks += readBreak()
                }
            }
            if tabbed || flowLevel == 0 && column < minIndent { break }
        }
        if leadingBlanks { simpleKeyAllowed = true }
        return YAMLToken(kind: .scalar, start: start, end: end, value: String(decoding: out, as: UTF8.self), style: .plain)
    }

    private mutating func fetchFlowScalar(single: Bool) {
        saveSimpleKey(jsonLike: true)
        simpleKeyAllowed = false
        append(scanFlowScalar(single: single))
    }

    private mutating func scanFlowScalar(single: Bool) -> YAMLToken {
        let start = pos
        let quote: UInt8 = single ? 0x27 : 0x22
        advance()
        var out: [UInt8] = []
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
            while pos < n && !isBlankOrEnd(pos) {
                let b = bytes[pos]
                if single && b == quote && at(pos + 1) == quote {
                    out.append(quote)
                    advance(2)
                } else if b == quote {
                    break
                } else if !single && b == UInt8(ascii: "\\") && YAMLScanner.isBreak(at(pos + 1)) {
                    advance()
                    _ = readBreak()
                    leadingBlanks = true
                    break
                } else if !single && b == UInt8(ascii: "\\") {
                    scanEscape(into: &out)
                } else {
                    copyCharacter(into: &out)
                }
            }
            if at(pos) == quote && pos < n {
                advance()
                break
            }
            var whitespace: [UInt8] = []
            var leadingBreak = ""
            var trailingBreaks = ""
            var spaces = 0
            var onlySpaces = true
            while pos < n && (YAMLScanner.isBlank(bytes[pos]) || YAMLScanner.isBreak(bytes[pos])) {
                if YAMLScanner.isBlank(bytes[pos]) {
                    if bytes[pos] == 0x09 { onlySpaces = false } else if onlySpaces { spaces += 1 }
                    if !leadingBlanks { whitespace.append(bytes[pos]) }
                    advance()
                } else if !leadingBlanks {
                    whitespace = []
                    leadingBreak = readBreak()
                    leadingBlanks = true
                    spaces = 0
                    onlySpaces = true
                } else {
                    trailingBreaks += readBreak()
                    spaces = 0
                    onlySpaces = true
                }
            }
            // In block context a quoted scalar's next lines are indented past the block it is in.
            if leadingBlanks && flowLevel == 0 && indent >= 0 && spaces <= indent && pos < n {
                report(.yamlBadIndentation, pos..<(pos + 1), "a quoted value's next lines must be indented more than its key")
            }
            if leadingBlanks {
                if leadingBreak == "\n" || leadingBreak.isEmpty {
                    if trailingBreaks.isEmpty { if !leadingBreak.isEmpty { out.append(0x20) } } else { out.append(contentsOf: Array(trailingBreaks.utf8)) }
                } else {
                    out.append(contentsOf: Array((leadingBreak + trailingBreaks).utf8))
                }
            } else {
                out.append(contentsOf: whitespace)
            }
        }
        return YAMLToken(kind: .scalar, start: start, end: pos, value: String(decoding: out, as: UTF8.self),
                         style: single ? .singleQuoted : .doubleQuoted, unterminated: unterminated)
    }

    private mutating func scanEscape(into out: inout [UInt8]) {
        let start = pos
        let e = at(pos + 1)
        let simple: [UInt8: String] = [
            UInt8(ascii: "0"): "\u{0}", UInt8(ascii: "a"): "\u{7}", UInt8(ascii: "b"): "\u{8}", UInt8(ascii: "t"): "\t", 0x09: "\t",
            UInt8(ascii: "n"): "\n", UInt8(ascii: "v"): "\u{B}", UInt8(ascii: "f"): "\u{C}", UInt8(ascii: "r"): "\r",
            UInt8(ascii: "e"): "\u{1B}", 0x20: " ", UInt8(ascii: "\""): "\"", UInt8(ascii: "/"): "/", UInt8(ascii: "\\"): "\\",
            UInt8(ascii: "N"): "\u{85}", UInt8(ascii: "_"): "\u{A0}", UInt8(ascii: "L"): "\u{2028}", UInt8(ascii: "P"): "\u{2029}",
        ]
        if let s = simple[e] {
            out.append(contentsOf: Array(s.utf8))
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
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            } else {
                report(.yamlInvalidEscape, start..<pos, "invalid escape: \\\(Character(Unicode.Scalar(e))) needs \(digits) hex digits of a Unicode code point")
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
            }
            return
        }
        advance()
        var sink: [UInt8] = []
        if pos < n { copyCharacter(into: &sink) }
        report(.yamlInvalidEscape, start..<pos, "invalid escape sequence '\(String(decoding: bytes[start..<pos], as: UTF8.self))'")
        out.append(contentsOf: sink)
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
        if pos < n { _ = readBreak() }
        var blockIndent = increment > 0 ? max(indent, 0) + increment : 0
        if increment > 0 && indent < 0 { blockIndent = increment }
        var out: [UInt8] = []
        var leadingBreak = ""
        var trailingBreaks = ""
        var end = pos
        blockBreaks(&blockIndent, &trailingBreaks, start: start)
        var leadingBlank = false
        while column == blockIndent && pos < n {
            if column == 0 && (isDocumentMarker(pos, UInt8(ascii: "-")) || isDocumentMarker(pos, UInt8(ascii: "."))) { break }
            let trailingBlank = YAMLScanner.isBlank(bytes[pos])
            if !literal && leadingBreak.hasPrefix("\n") && !leadingBlank && !trailingBlank {
                if trailingBreaks.isEmpty { out.append(0x20) }
                leadingBreak = ""
            } else {
                out.append(contentsOf: Array(leadingBreak.utf8))
                leadingBreak = ""
            }
            out.append(contentsOf: Array(trailingBreaks.utf8))
            trailingBreaks = ""
            leadingBlank = YAMLScanner.isBlank(bytes[pos])
            while pos < n && !YAMLScanner.isBreak(bytes[pos]) { copyCharacter(into: &out) }
            end = pos
            guard pos < n else {
                // The last line ends with the input: its line break is implied.
                leadingBreak = "\n"
                break
            }
            leadingBreak = readBreak()
            blockBreaks(&blockIndent, &trailingBreaks, start: start)
        }
        if chomping != -1 { out.append(contentsOf: Array(leadingBreak.utf8)) }
        if chomping == 1 { out.append(contentsOf: Array(trailingBreaks.utf8)) }
        return YAMLToken(kind: .scalar, start: start, end: end, value: String(decoding: out, as: UTF8.self), style: literal ? .literal : .folded)
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
            breaks += readBreak()
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
