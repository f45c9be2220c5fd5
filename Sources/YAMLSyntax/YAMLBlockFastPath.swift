import JSONSyntax

/// The parse of the YAML that tracking files are made of — block mappings and sequences of one-line plain or
/// quoted scalars, with comments — in one pass over the lines, straight into the tree (#40: the general
/// scanner's token queue and simple-key bookkeeping cost ten times what this does).
///
/// It makes exactly the tree the general parser (`YAMLParser.Parser`) makes for the same text: the same nodes
/// in the same order, with the same ranges, flags and stored values, and no diagnostics. Anything else —
/// flow collections, anchors, tags, block scalars, multi-line scalars, escapes, tabs, CR line breaks,
/// non-ASCII bytes, a second document, a duplicate key, anything the general parser would report — makes it
/// give up (`nil`) at the first sight, and the general parser reads the text from the start. The two are
/// compared node for node on every test document (YAMLFastPathTests).
struct YAMLBlockFastPath {
    /// Nesting past this is left to the general parser (which bounds it at `YAMLParser.maxDepth`).
    static let maxDepth = 100
    /// A key this long would be a stale simple key for the general scanner (1,024 bytes): its business.
    static let maxKeyLength = 1000

    struct GiveUp: Error {}

    private let p: UnsafeBufferPointer<UInt8>
    private let n: Int
    private var pos = 0
    /// The column of the content at `pos` (the first byte of a line's content), or -1 at the end of the input.
    private var column = -1
    private var builder = SyntaxTreeBuilder()
    /// The keys of the mappings being read, innermost last: content range and hash, for duplicates.
    private var keys: [(start: Int32, end: Int32, hash: UInt64)] = []

    /// The tree, or nil when the text is not of the kind this reads.
    static func parse(_ bytes: [UInt8]) -> SyntaxTree? {
        bytes.withUnsafeBufferPointer { buffer -> SyntaxTree? in
            var reader = YAMLBlockFastPath(p: buffer)
            // Its nodes are handed to a tree only when it succeeds; otherwise the builder is built and dropped
            // (the buffer is the tree's to free).
            guard let root = try? reader.document() else {
                _ = reader.builder.build(bytes: [], documents: [], syntax: .yaml)
                return nil
            }
            return reader.builder.build(bytes: bytes, documents: [root], syntax: .yaml)
        }
    }

    private init(p: UnsafeBufferPointer<UInt8>) {
        self.p = p
        self.n = p.count
        builder.reserve(n / 16)
    }

    // MARK: Lines

    @inline(__always) private func at(_ i: Int) -> UInt8 { i < n ? p[i] : 0x0A }

    /// From the start of a line: past blank and comment lines to the next content; sets `column` (-1: end).
    private mutating func nextContent() throws {
        while pos < n {
            let lineStart = pos
            while pos < n && p[pos] == 0x20 { pos += 1 }
            guard pos < n else { break }
            let b = p[pos]
            if b == 0x0A {
                pos += 1
                continue
            }
            if b == UInt8(ascii: "#") {
                try skipLine()
                continue
            }
            // Tabs, CR, byte-order marks, directives and document markers are the general parser's.
            if b == 0x09 || b == 0x0D || b >= 0x80 || b == UInt8(ascii: "%") && pos == lineStart { throw GiveUp() }
            if pos == lineStart && (b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) && at(pos + 1) == b && at(pos + 2) == b
                && (at(pos + 3) == 0x20 || at(pos + 3) == 0x0A || at(pos + 3) == 0x09 || at(pos + 3) == 0x0D) {
                throw GiveUp()
            }
            column = pos - lineStart
            return
        }
        column = -1
    }

    /// To the start of the next line (a comment's text may be any printable text).
    private mutating func skipLine() throws {
        try skipText(allowingTabs: false)
        if pos < n { pos += 1 }
    }

    /// To the line's end (its `\n`, or the end of the input) over printable text and well-formed UTF-8 (and
    /// tabs, where `allowingTabs`); control characters, CR and bad bytes are the general parser's.
    private mutating func skipText(allowingTabs: Bool) throws {
        while pos < n {
            let b = p[pos]
            if b == 0x0A { return }
            if b >= 0x80 {
                try skipCharacter()
            } else if b < 0x20 && !(allowingTabs && b == 0x09) || b == 0x7F {
                throw GiveUp()
            } else {
                pos += 1
            }
        }
    }

    /// Past a well-formed UTF-8 sequence of two to four bytes at `pos` (others are the general parser's, which
    /// reports them). Not at the start of a line's content: there a byte-order mark is not content.
    @inline(__always) private mutating func skipCharacter() throws {
        let length = YAMLScanner.validSequenceLength(p, at: pos)
        guard length > 0 else { throw GiveUp() }
        pos += length
    }

    /// After a value on its line: blanks, then a comment (after a blank) or the line's end.
    private mutating func endOfLine() throws {
        let start = pos
        while pos < n && p[pos] == 0x20 { pos += 1 }
        guard pos < n else { return }
        if p[pos] == 0x0A {
            pos += 1
            return
        }
        guard p[pos] == UInt8(ascii: "#") && pos > start else { throw GiveUp() }
        try skipLine()
    }

    // MARK: Document

    private mutating func document() throws -> Int32 {
        try nextContent()
        guard column >= 0 else { throw GiveUp() }
        let root = try block(parent: -1, column: column, depth: 0)
        // Anything after the root (a line less indented, a second document) is the general parser's.
        guard column < 0 else { throw GiveUp() }
        return root
    }

    /// A block collection whose first line's content is at `pos`, at `column`.
    private mutating func block(parent: Int32, column c: Int, depth: Int) throws -> Int32 {
        guard depth < YAMLBlockFastPath.maxDepth else { throw GiveUp() }
        if isEntry(pos) { return try sequence(parent: parent, column: c, depth: depth, indentless: false) }
        return try mapping(parent: parent, column: c, depth: depth)
    }

    /// `- ` (or `-` at the line's end) at `i`.
    @inline(__always) private func isEntry(_ i: Int) -> Bool {
        p[i] == UInt8(ascii: "-") && (at(i + 1) == 0x20 || at(i + 1) == 0x0A)
    }

    // MARK: Block collections

    private mutating func mapping(parent: Int32, column c: Int, depth: Int) throws -> Int32 {
        let object = builder.add(.object, pos..<pos, parent: parent)
        let firstKey = keys.count
        defer { keys.removeLast(keys.count - firstKey) }
        var hashes: Set<KeyBytes>?
        while true {
            let keyStart = pos
            let property = builder.add(.property, keyStart..<keyStart, parent: object)
            let key = try scalar(parent: property, asKey: true)
            let colon = pos
            builder.setEnd(property, colon)
            builder.setColon(property, colon)
            builder.setEnd(property, colon + 1)
            try checkDuplicate(key, from: firstKey, hashes: &hashes)
            pos += 1
            while pos < n && p[pos] == 0x20 { pos += 1 }
            let valueEnd: Int
            if try restOfLineIsEmpty() {
                // Nothing on the line: a block below (deeper, or a sequence at this column), or null.
                if column > c {
                    let value = try block(parent: property, column: column, depth: depth + 1)
                    valueEnd = builder.range(value).upperBound
                } else if column == c && isEntry(pos) {
                    let value = try sequence(parent: property, column: c, depth: depth + 1, indentless: true)
                    valueEnd = builder.range(value).upperBound
                } else {
                    builder.add(.null, (colon + 1)..<(colon + 1), parent: property)
                    valueEnd = colon + 1
                }
            } else {
                if isBlockScalarStart(p[pos]) {
                    let value = try blockScalar(parent: property, indent: c)
                    valueEnd = builder.range(value).upperBound
                } else {
                    let value = try isFlowStart(p[pos]) ? flow(parent: property) : scalar(parent: property, asKey: false)
                    valueEnd = builder.range(value).upperBound
                    try afterScalar(minColumn: c + 1)
                }
            }
            builder.setEnd(property, valueEnd)
            builder.setEnd(object, builder.range(property).upperBound)
            if column < c { return object }
            // A line deeper than the keys, or a list item beside them, is not this simple.
            guard column == c else { throw GiveUp() }
        }
    }

    /// Nothing more on the line (blanks, perhaps a comment): then on to the next content, and true.
    private mutating func restOfLineIsEmpty() throws -> Bool {
        guard pos >= n || p[pos] == 0x0A || p[pos] == UInt8(ascii: "#") else { return false }
        if pos < n && p[pos] == UInt8(ascii: "#") && p[pos - 1] != 0x20 { throw GiveUp() }
        if pos < n { try skipLine() }
        try nextContent()
        return true
    }

    private mutating func sequence(parent: Int32, column c: Int, depth: Int, indentless: Bool) throws -> Int32 {
        let array = builder.add(.array, pos..<pos, parent: parent)
        while true {
            let dash = pos
            pos += 1
            while pos < n && p[pos] == 0x20 { pos += 1 }
            let itemEnd: Int
            if try restOfLineIsEmpty() {
                if column > c {
                    let item = try block(parent: array, column: column, depth: depth + 1)
                    itemEnd = builder.range(item).upperBound
                } else {
                    builder.add(.null, (dash + 1)..<(dash + 1), parent: array)
                    itemEnd = dash + 1
                }
            } else {
                let itemColumn = c + (pos - dash)
                if isEntry(pos) || depth + 1 >= YAMLBlockFastPath.maxDepth { throw GiveUp() }
                if isBlockScalarStart(p[pos]) {
                    let item = try blockScalar(parent: array, indent: c)
                    itemEnd = builder.range(item).upperBound
                } else if isFlowStart(p[pos]) {
                    let item = try flow(parent: array)
                    itemEnd = builder.range(item).upperBound
                    try afterScalar(minColumn: c + 1)
                } else if lineHasKey(pos) {
                    let item = try mapping(parent: array, column: itemColumn, depth: depth + 1)
                    itemEnd = builder.range(item).upperBound
                } else {
                    let item = try scalar(parent: array, asKey: false)
                    itemEnd = builder.range(item).upperBound
                    try afterScalar(minColumn: c + 1)
                }
            }
            builder.setEnd(array, itemEnd)
            if column < c { return array }
            if column == c && isEntry(pos) { continue }
            // A key beside an indentless sequence's items is its mapping's next key.
            if column == c && indentless { return array }
            throw GiveUp()
        }
    }

    /// The rest of the line from `i` starts with a key: a scalar followed by `: ` (or `:` at the line's end).
    private func lineHasKey(_ i: Int) -> Bool {
        var k = i
        let b = p[k]
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
            k += 1
            while k < n && p[k] != b && p[k] != 0x0A { k += 1 }
            return k < n && p[k] == b && at(k + 1) == UInt8(ascii: ":") && (at(k + 2) == 0x20 || at(k + 2) == 0x0A)
        }
        while k < n && p[k] != 0x0A {
            if p[k] == UInt8(ascii: ":") && (at(k + 1) == 0x20 || at(k + 1) == 0x0A) { return true }
            if p[k] == UInt8(ascii: "#") && p[k - 1] == 0x20 { return false }
            k += 1
        }
        return false
    }

    /// After a scalar that ended its line: the next content. A next line indented to `minColumn` or more that
    /// is not a comment would continue a plain scalar (or be out of place): the general parser's.
    private mutating func afterScalar(minColumn: Int) throws {
        try endOfLine()
        try nextContent(noDeeperThan: minColumn)
    }

    /// From the start of a line: the next content, which must not be indented to `minColumn` (comments aside).
    private mutating func nextContent(noDeeperThan minColumn: Int) throws {
        // Blank lines, then the first line with something on it.
        var i = pos
        while i < n {
            let lineStart = i
            while i < n && p[i] == 0x20 { i += 1 }
            guard i < n else { break }
            if p[i] == 0x0A {
                i += 1
                continue
            }
            if i - lineStart >= minColumn && p[i] != UInt8(ascii: "#") { throw GiveUp() }
            break
        }
        try nextContent()
    }

    // MARK: Scalars

    /// A one-line scalar at `pos` (as a key: up to the `:` right after it, where `pos` is left).
    private mutating func scalar(parent: Int32, asKey: Bool) throws -> Int32 {
        let start = pos
        let first = p[pos]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            pos += 1
            while pos < n {
                let b = p[pos]
                if b == first { break }
                // Escapes, doubled quotes, line breaks, tabs and bad UTF-8 are the general parser's.
                if b >= 0x80 {
                    try skipCharacter()
                    continue
                }
                if b < 0x20 || b == 0x7F || b == UInt8(ascii: "\\") && first == UInt8(ascii: "\"") { throw GiveUp() }
                pos += 1
            }
            guard pos < n else { throw GiveUp() }
            pos += 1
            if first == UInt8(ascii: "'") && at(pos) == UInt8(ascii: "'") { throw GiveUp() }
            if asKey {
                guard at(pos) == UInt8(ascii: ":") && (at(pos + 1) == 0x20 || at(pos + 1) == 0x0A) else { throw GiveUp() }
            }
            return builder.add(.string, start..<pos, parent: parent, flags: first == UInt8(ascii: "'") ? NodeFlags.singleQuoted : 0)
        }
        guard first >= 0x80 || YAMLBlockFastPath.startsPlain(first, at(pos + 1)) else { throw GiveUp() }
        var end = pos
        while true {
            // The common run: printable ASCII that neither ends the scalar nor may start a comment.
            let run = pos
            while pos < n {
                let b = p[pos]
                guard b > 0x20 && b < 0x7F && b != UInt8(ascii: ":") && b != UInt8(ascii: "#") else { break }
                pos += 1
            }
            if pos > run { end = pos }
            guard pos < n else { break }
            let b = p[pos]
            if b == 0x20 {
                pos += 1
            } else if b == 0x0A {
                break
            } else if b == UInt8(ascii: ":") {
                let next = at(pos + 1)
                if next == 0x20 || next == 0x0A {
                    // A value's `: ` would be a second mapping value on the line.
                    guard asKey else { throw GiveUp() }
                    break
                }
                pos += 1
                end = pos
            } else if b == UInt8(ascii: "#") {
                if p[pos - 1] == 0x20 { break }
                pos += 1
                end = pos
            } else if b >= 0x80 {
                try skipCharacter()
                end = pos
            } else {
                throw GiveUp()
            }
        }
        if asKey {
            // A key ends right at its `:` (spaces before it, or no `:` at all, are the general parser's).
            guard pos == end, pos < n, p[pos] == UInt8(ascii: ":"), end - start <= YAMLBlockFastPath.maxKeyLength else { throw GiveUp() }
            if YAMLBlockFastPath.mayResolve(first) {
                guard YAMLScalars.resolve(p[start..<end], plain: true) == .string else { throw GiveUp() }
            }
            return builder.add(.string, start..<end, parent: parent, flags: NodeFlags.bare)
        }
        pos = end
        return plainNode(start..<end, parent: parent)
    }

    /// A plain scalar's node: the core schema's null, boolean, number (its JSON text stored when it is not
    /// what is written) or string.
    private mutating func plainNode(_ range: Range<Int>, parent: Int32) -> Int32 {
        guard YAMLBlockFastPath.mayResolve(p[range.lowerBound]) else { return builder.add(.string, range, parent: parent, flags: NodeFlags.bare) }
        let text = p[range]
        let resolved = YAMLScalars.resolve(text, plain: true)
        return builder.addScalar(resolved, range, parent: parent, storeNumber: { !$0.utf8.elementsEqual(text) })
            ?? builder.add(.string, range, parent: parent, flags: NodeFlags.bare)
    }

    // MARK: Block scalars

    @inline(__always) private func isBlockScalarStart(_ b: UInt8) -> Bool { b == UInt8(ascii: "|") || b == UInt8(ascii: ">") }

    /// A literal (`|`) or folded (`>`) scalar, with or without a chomping indicator (an indentation indicator
    /// is the general parser's), in a block at column `indent`: its value as the general scanner folds and
    /// chomps it, stored; its range from the indicator to the end of its last line's text. Leaves `pos` at the
    /// next content.
    private mutating func blockScalar(parent: Int32, indent: Int) throws -> Int32 {
        let start = pos
        let literal = p[pos] == UInt8(ascii: "|")
        pos += 1
        var chomping = 0
        if at(pos) == UInt8(ascii: "-") || at(pos) == UInt8(ascii: "+") {
            chomping = p[pos] == UInt8(ascii: "-") ? -1 : 1
            pos += 1
        }
        let afterIndicators = pos
        while pos < n && p[pos] == 0x20 { pos += 1 }
        if pos < n && p[pos] == UInt8(ascii: "#") {
            guard pos > afterIndicators else { throw GiveUp() }
            try skipText(allowingTabs: false)
        }
        // Digits, other text after the header, or a header at the end of the input: the general parser's.
        guard pos < n, p[pos] == 0x0A else { throw GiveUp() }
        pos += 1
        var out: [UInt8] = []
        var end = pos
        var trailing = 0
        // The empty lines before the first line of text set the indentation (as the deepest of them, or the
        // first text line's).
        var column = 0
        var maxIndent = 0
        while true {
            while pos < n && p[pos] == 0x20 { pos += 1; column += 1 }
            maxIndent = max(maxIndent, column)
            if pos < n && p[pos] == 0x09 { throw GiveUp() }
            guard pos < n else {
                if column > 0 { trailing += 1 }
                break
            }
            guard p[pos] == 0x0A else { break }
            pos += 1
            column = 0
            trailing += 1
        }
        if pos < n && column < maxIndent && column > indent && column > 0 { throw GiveUp() }
        let blockIndent = max(maxIndent, indent + 1)
        var leadingBreak = false
        var leadingBlank = false
        while column == blockIndent && pos < n {
            let blank = p[pos] == 0x20 || p[pos] == 0x09
            if !literal && leadingBreak && !leadingBlank && !blank {
                if trailing == 0 { out.append(0x20) }
            } else if leadingBreak {
                out.append(0x0A)
            }
            leadingBreak = false
            out.append(contentsOf: repeatElement(0x0A, count: trailing))
            trailing = 0
            leadingBlank = blank
            let text = pos
            try skipText(allowingTabs: true)
            out.append(contentsOf: p[text..<pos])
            end = pos
            leadingBreak = true
            guard pos < n else { break }
            pos += 1
            column = 0
            // The empty lines after it, up to the indentation.
            while true {
                while pos < n && column < blockIndent && p[pos] == 0x20 { pos += 1; column += 1 }
                if pos < n && column < blockIndent && p[pos] == 0x09 { throw GiveUp() }
                guard pos < n else {
                    if column > 0 { trailing += 1 }
                    break
                }
                guard p[pos] == 0x0A else { break }
                pos += 1
                column = 0
                trailing += 1
            }
        }
        if chomping != -1 && leadingBreak { out.append(0x0A) }
        if chomping == 1 { out.append(contentsOf: repeatElement(0x0A, count: trailing)) }
        let id = builder.add(.string, start..<end, parent: parent, flags: NodeFlags.bare)
        builder.scalarValues[id] = String(decoding: out, as: UTF8.self)
        // The next content: from the start of the line the scalar stopped on, no deeper than its block (at the
        // end of the input there is none: `column` may still count the last text line's indentation).
        if pos < n { pos -= column }
        try nextContent(noDeeperThan: indent + 1)
        return id
    }

    // MARK: Flow collections

    @inline(__always) private func isFlowStart(_ b: UInt8) -> Bool { b == UInt8(ascii: "[") || b == UInt8(ascii: "{") }

    /// A flow collection on one line: `[]`, `{}`, a sequence of scalars (`[a, "b", 3]`) or a mapping of scalars
    /// (`{type: integer, minimum: 1}`). Nested collections, pairs in sequences, empty keys or values, trailing
    /// commas and comments inside are the general parser's.
    private mutating func flow(parent: Int32) throws -> Int32 {
        let isArray = p[pos] == UInt8(ascii: "[")
        let close = isArray ? UInt8(ascii: "]") : UInt8(ascii: "}")
        let node = builder.add(isArray ? .array : .object, pos..<(pos + 1), parent: parent)
        pos += 1
        while pos < n && p[pos] == 0x20 { pos += 1 }
        if at(pos) == close {
            pos += 1
            builder.setEnd(node, pos)
            return node
        }
        guard isArray else { return try flowMapping(node) }
        while true {
            let item = try flowItem(parent: node)
            builder.setEnd(node, builder.range(item).upperBound)
            while pos < n && p[pos] == 0x20 { pos += 1 }
            if at(pos) == UInt8(ascii: ",") {
                pos += 1
                while pos < n && p[pos] == 0x20 { pos += 1 }
                guard at(pos) != close else { throw GiveUp() }
                continue
            }
            guard at(pos) == close else { throw GiveUp() }
            pos += 1
            builder.setEnd(node, pos)
            return node
        }
    }

    /// The entries of a flow mapping `object`, from its first key to its `}`: as the general parser makes them,
    /// a property per entry (at its key, then up to its `:`, then over its value).
    private mutating func flowMapping(_ object: Int32) throws -> Int32 {
        let firstKey = keys.count
        defer { keys.removeLast(keys.count - firstKey) }
        var hashes: Set<KeyBytes>?
        while true {
            let property = builder.add(.property, pos..<pos, parent: object)
            let key = try flowItem(parent: property, asKey: true)
            guard at(pos) == UInt8(ascii: ":") && at(pos + 1) == 0x20 else { throw GiveUp() }
            builder.setEnd(property, pos)
            builder.setColon(property, pos)
            builder.setEnd(property, pos + 1)
            try checkDuplicate(key, from: firstKey, hashes: &hashes)
            pos += 1
            while pos < n && p[pos] == 0x20 { pos += 1 }
            let value = try flowItem(parent: property, asKey: false)
            builder.setEnd(property, builder.range(value).upperBound)
            builder.setEnd(object, builder.range(property).upperBound)
            while pos < n && p[pos] == 0x20 { pos += 1 }
            if at(pos) == UInt8(ascii: ",") {
                pos += 1
                while pos < n && p[pos] == 0x20 { pos += 1 }
                guard at(pos) != UInt8(ascii: "}") else { throw GiveUp() }
                continue
            }
            guard at(pos) == UInt8(ascii: "}") else { throw GiveUp() }
            pos += 1
            builder.setEnd(object, pos)
            return object
        }
    }

    /// A scalar inside a flow collection: quoted, or plain up to `,`, `]`, `}` or the spaces before them (a key:
    /// up to its `: `, which must follow it at once).
    private mutating func flowItem(parent: Int32, asKey: Bool = false) throws -> Int32 {
        let first = at(pos)
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") { return try scalar(parent: parent, asKey: false) }
        let next = at(pos + 1)
        guard first >= 0x80 || YAMLBlockFastPath.startsPlain(first, next), !YAMLScanner.isFlowIndicator(next) || !"-?:".utf8.contains(first) else {
            throw GiveUp()
        }
        let start = pos
        var end = pos
        while pos < n {
            let b = p[pos]
            if b == 0x20 {
                pos += 1
                continue
            }
            if b >= 0x80 {
                try skipCharacter()
                end = pos
                continue
            }
            guard b > 0x20 && b < 0x7F else { throw GiveUp() }
            if YAMLScanner.isFlowIndicator(b) { break }
            if b == UInt8(ascii: ":") {
                // A pair in a sequence (`[a: b]`), a value's `: `: the general parser's.
                let after = at(pos + 1)
                if asKey && after == 0x20 { break }
                if after == 0x20 || after == 0x0A || YAMLScanner.isFlowIndicator(after) { throw GiveUp() }
            } else if b == UInt8(ascii: "#") && p[pos - 1] == 0x20 {
                throw GiveUp()
            }
            pos += 1
            end = pos
        }
        if asKey {
            // A key is a string written right before its `:` (the core schema's other scalars as keys are left
            // to the general parser).
            guard pos == end, !YAMLBlockFastPath.mayResolve(first) || YAMLScalars.resolve(p[start..<end], plain: true) == .string else {
                throw GiveUp()
            }
            return builder.add(.string, start..<end, parent: parent, flags: NodeFlags.bare)
        }
        pos = end
        return plainNode(start..<end, parent: parent)
    }

    /// A plain scalar may start with `first` (followed by `next`): not an indicator, except `-`, `?` and `:`
    /// before a non-blank.
    static func startsPlain(_ first: UInt8, _ next: UInt8) -> Bool {
        guard first > 0x20 && first < 0x7F else { return false }
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "?") || first == UInt8(ascii: ":") {
            return next > 0x20 && next < 0x7F
        }
        return !YAMLScanner.isIndicator(first)
    }

    /// Scalars starting with anything else are strings in the core schema (null, booleans and numbers start
    /// with one of these).
    @inline(__always) static func mayResolve(_ first: UInt8) -> Bool {
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"),
             UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), 0x30...0x39:
            return true
        default:
            return false
        }
    }

    // MARK: Duplicate keys

    /// A key equal to one of this mapping's earlier keys: the general parser reports it. The first 16 keys
    /// of a mapping are compared pairwise (by an FNV-1a hash first); past them, a set of the keys' bytes
    /// with Swift's seeded hashing takes over, so that no file can make this quadratic with colliding keys.
    private mutating func checkDuplicate(_ key: Int32, from first: Int, hashes: inout Set<KeyBytes>?) throws {
        var r = builder.range(key)
        if builder.flags(key) & NodeFlags.bare == 0 { r = (r.lowerBound + 1)..<(r.upperBound - 1) }
        let count = keys.count - first
        if count >= 16 {
            let base = p.baseAddress!
            if hashes == nil { hashes = Set(keys[first...].map { KeyBytes(base: base, start: $0.start, end: $0.end) }) }
            guard hashes!.insert(KeyBytes(base: base, start: Int32(r.lowerBound), end: Int32(r.upperBound))).inserted else { throw GiveUp() }
            keys.append((Int32(r.lowerBound), Int32(r.upperBound), 0))
            return
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
        for k in keys[first...] where k.hash == h && Int(k.end - k.start) == r.count {
            if p[Int(k.start)..<Int(k.end)].elementsEqual(p[r]) { throw GiveUp() }
        }
        keys.append((Int32(r.lowerBound), Int32(r.upperBound), h))
    }

    /// A key's bytes in the input, hashed and compared as bytes.
    struct KeyBytes: Hashable {
        let base: UnsafePointer<UInt8>
        let start: Int32
        let end: Int32

        var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base + Int(start), count: Int(end - start)) }

        func hash(into hasher: inout Hasher) { hasher.combine(bytes: bytes) }

        static func == (a: KeyBytes, b: KeyBytes) -> Bool { a.bytes.elementsEqual(b.bytes) }
    }
}
