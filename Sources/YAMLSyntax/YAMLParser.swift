import JSONSyntax
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses a YAML 1.2 stream into the same `SyntaxTree` the JSON parser makes: mappings are objects (each
/// entry a property with a string key), sequences arrays, scalars resolved by the core schema into strings,
/// numbers, booleans and null, each node with the byte range of its text. Aliases are expanded (the copy's
/// nodes span the alias), within a budget that stops alias bombs. Every document of a stream is one of the
/// tree's `documents`. Tolerant like the JSON parser: problems are diagnostics, never failures.
public enum YAMLParser {
    /// Nesting deeper than this is reported and skipped (the parser recurses once per level).
    public static let maxDepth = 200
    /// Nodes an alias may add, and all aliases of a document together: a "billion laughs" document stops here.
    public static let aliasBudget = 100_000

    public static func parse(_ bytes: [UInt8]) -> SyntaxTree {
        if bytes.count >= Int(Int32.max) {
            var b = SyntaxTreeBuilder()
            b.report(.documentTooLarge, 0..<0, "document is \(bytes.count) bytes; trackspec reads documents up to 2 GiB")
            return b.build(bytes: bytes, documents: [], syntax: .yaml)
        }
        // Most tracking files are plain block YAML, which the fast path reads in one pass (it gives up on
        // anything else, and the general parser starts over).
        if let tree = YAMLBlockFastPath.parse(bytes) { return tree }
        return parseGenerally(bytes)
    }

    /// The block fast path alone (nil where it gives up), and the general parser alone: the tests and the
    /// fuzz target hold the first to the second, tree for tree.
    package static func parseFast(_ bytes: [UInt8]) -> SyntaxTree? { YAMLBlockFastPath.parse(bytes) }

    package static func parseGenerally(_ bytes: [UInt8]) -> SyntaxTree {
        var parser = Parser(scanner: YAMLScanner(bytes: bytes))
        // About one node per 10 bytes in tracking files; a 16th is reserved (the arrays grow past it if needed).
        parser.builder.reserve(bytes.count / 16)
        let documents = parser.parseStream()
        var builder = parser.builder
        builder.diagnostics += parser.scanner.diagnostics
        return builder.build(bytes: bytes, documents: documents, syntax: .yaml)
    }

    public static func parse(_ text: String) -> SyntaxTree { parse(Array(text.utf8)) }

    /// How many comments a YAML text has (a conversion to JSON, which has none, says it drops them).
    public static func commentCount(_ bytes: [UInt8]) -> Int {
        var scanner = YAMLScanner(bytes: bytes)
        while scanner.next().kind != .streamEnd {}
        return scanner.comments
    }

    struct Parser {
        var scanner: YAMLScanner
        var builder = SyntaxTreeBuilder()
        var anchors: [String: Int32] = [:]
        var aliasNodes = 0
        var tagHandles: [String: String] = [:]
        /// The previous document ended with `...` (directives may follow only then).
        var endedExplicitly = false
        /// Reused by `reportDuplicates` (no allocation per mapping).
        var scratchRanges: [Range<Int>] = []
        var scratchKeys: [Int32] = []

        init(scanner: YAMLScanner) { self.scanner = scanner }

        mutating func report(_ code: SyntaxDiagnostic.Code, _ range: Range<Int>, _ message: String) {
            builder.report(code, range, message)
        }

        mutating func peekKind() -> YAMLToken.Kind { scanner.peekKind() }

        // MARK: Stream and documents

        mutating func parseStream() -> [Int32] {
            var documents: [Int32] = []
            _ = scanner.next() // stream start
            while true {
                var kind = peekKind()
                while kind == .documentEnd {
                    _ = scanner.next()
                    endedExplicitly = true
                    kind = peekKind()
                }
                if kind == .streamEnd { break }
                // Directives belong to the document that follows.
                tagHandles = ["!": "!", "!!": "tag:yaml.org,2002:"]
                var sawDirective = false
                var sawVersion = false
                while peekKind() == .directive {
                    let t = scanner.next()
                    if !documents.isEmpty && !endedExplicitly && !sawDirective {
                        report(.yamlInvalidDirective, t.start..<t.end, "a directive after a document needs '...' to end that document first")
                    }
                    if scanner.value(t).hasPrefix("%YAML") {
                        if sawVersion { report(.yamlInvalidDirective, t.start..<t.end, "a second %YAML directive for the same document") }
                        sawVersion = true
                    }
                    directive(t)
                    sawDirective = true
                }
                endedExplicitly = false
                var explicitStart: YAMLToken?
                if peekKind() == .documentStart {
                    explicitStart = scanner.next()
                } else if sawDirective {
                    let t = scanner.peek()
                    report(.yamlInvalidDirective, t.start..<t.start, "a directive must be followed by '---' before the document")
                }
                anchors = [:]
                aliasNodes = 0
                kind = peekKind()
                if Parser.endsDocument(kind) {
                    // An empty document: null (only when `---` said there is one).
                    if let start = explicitStart {
                        documents.append(builder.add(.null, start.end..<start.end, parent: -1))
                    }
                    continue
                }
                let root = parseNode(parent: -1, depth: 0, block: true, indentlessSequence: false)
                documents.append(root)
                // After the content: the document ends (`...`, `---`, or the end of the stream).
                var extra = peekKind()
                var reported = false
                while !Parser.endsDocument(extra) {
                    let t = scanner.next()
                    if !reported {
                        report(.yamlUnexpectedToken, t.start..<max(t.end, t.start + 1), unexpected(t, "after the end of the document (indentation?)"))
                        reported = true
                    }
                    extra = peekKind()
                }
            }
            return documents
        }

        mutating func directive(_ t: YAMLToken) {
            let parts = scanner.value(t).split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            switch parts.first {
            case "%YAML":
                let version = parts.count == 2 ? parts[1] : ""
                if !(version.hasPrefix("1.") && version.count > 2 && version.dropFirst(2).allSatisfy(\.isNumber)) {
                    report(.yamlInvalidDirective, t.start..<t.end, "%YAML takes a version 1.x")
                }
            case "%TAG":
                if parts.count == 3 { tagHandles[parts[1]] = parts[2] } else {
                    report(.yamlInvalidDirective, t.start..<t.end, "%TAG takes a handle and a prefix")
                }
            default:
                break // Reserved directives are ignored, as YAML says.
            }
        }

        func unexpected(_ t: YAMLToken, _ context: String) -> String {
            let what: String
            switch t.kind {
            case .key: what = "a key"
            case .value: what = "':'"
            case .blockEntry: what = "'-'"
            case .flowEntry: what = "','"
            case .flowSequenceEnd: what = "']'"
            case .flowMappingEnd: what = "'}'"
            case .flowSequenceStart: what = "'['"
            case .flowMappingStart: what = "'{'"
            case .scalar: what = "a value"
            case .anchor: what = "an anchor"
            case .tag: what = "a tag"
            case .alias: what = "an alias"
            case .blockMappingStart, .blockSequenceStart: what = "an indented block"
            default: what = "a token"
            }
            return "unexpected \(what) \(context)"
        }

        // MARK: Nodes

        /// One node with its properties (anchor, tag), or an alias; `block` allows block collections.
        mutating func parseNode(parent: Int32, depth: Int, block: Bool, indentlessSequence: Bool) -> Int32 {
            let first = scanner.peek()
            if first.kind == .alias {
                let t = scanner.next()
                return alias(t, parent: parent)
            }
            var anchor: YAMLToken?
            var tag: YAMLToken?
            while true {
                let t = scanner.peek()
                if t.kind == .anchor && anchor == nil { anchor = scanner.next() } else if t.kind == .tag && tag == nil { tag = scanner.next() } else { break }
            }
            let propertiesStart = (anchor?.start ?? Int.max) < (tag?.start ?? Int.max) ? anchor?.start : tag?.start
            let t = scanner.peek()
            var node: Int32
            if depth >= YAMLParser.maxDepth && Parser.opensCollection(t.kind) {
                node = skipTooDeep(parent: parent)
            } else {
                switch t.kind {
                case .scalar:
                    node = scalar(scanner.next(), tag: tag, parent: parent)
                case .flowSequenceStart:
                    node = flowSequence(parent: parent, depth: depth)
                case .flowMappingStart:
                    node = flowMapping(parent: parent, depth: depth)
                case .blockSequenceStart where block:
                    node = blockSequence(parent: parent, depth: depth)
                case .blockMappingStart where block:
                    node = blockMapping(parent: parent, depth: depth)
                case .blockEntry where indentlessSequence:
                    node = indentless(parent: parent, depth: depth)
                case .alias where anchor != nil || tag != nil:
                    report(.yamlUnexpectedToken, t.start..<t.end, "an alias cannot have an anchor or a tag")
                    node = alias(scanner.next(), parent: parent)
                default:
                    // Properties alone: an empty scalar. Nothing at all: a missing value.
                    let at = propertiesStart.map { _ in max(anchor?.end ?? 0, tag?.end ?? 0) } ?? t.start
                    if anchor == nil && tag == nil {
                        report(.yamlMissingValue, t.start..<max(t.end, t.start + 1), unexpected(t, "where a value was expected"))
                    }
                    node = emptyScalar(tag: tag, parent: parent, at: at)
                }
            }
            if let tag { checkCollectionTag(tag, node: node) }
            if let anchor { anchors[scanner.value(anchor)] = node }
            return node
        }

        mutating func alias(_ t: YAMLToken, parent: Int32) -> Int32 {
            let name = scanner.value(t)
            guard let target = anchors[name] else {
                report(.yamlUndefinedAlias, t.start..<t.end, "alias *\(Excerpt.of(name)) has no anchor &\(Excerpt.of(name)) before it")
                return builder.add(.null, t.start..<t.end, parent: parent)
            }
            // An alias of an enclosing node (recursion) cannot be expanded.
            var p = parent
            while p >= 0 {
                if p == target {
                    report(.yamlUndefinedAlias, t.start..<t.end, "alias *\(Excerpt.of(name)) refers to a node that contains it")
                    return builder.add(.null, t.start..<t.end, parent: parent)
                }
                p = builder.parentOf(p)
            }
            let remaining = YAMLParser.aliasBudget - aliasNodes
            guard let copy = builder.copySubtree(target, parent: parent, range: t.start..<t.end, budget: remaining, bytes: scanner.bytes) else {
                report(.yamlAliasTooLarge, t.start..<t.end,
                       "aliases expand past \(YAMLParser.aliasBudget) nodes in this document (an alias bomb?); *\(Excerpt.of(name)) reads as null")
                return builder.add(.null, t.start..<t.end, parent: parent)
            }
            aliasNodes += builder.count - Int(copy)
            return copy
        }

        mutating func skipTooDeep(parent: Int32) -> Int32 {
            let start = scanner.peek().start
            report(.yamlNestingTooDeep, start..<(start + 1), "nesting is deeper than \(YAMLParser.maxDepth) levels; this value is not analysed")
            var depth = 0
            var end = start
            repeat {
                let t = scanner.next()
                switch t.kind {
                case .blockSequenceStart, .blockMappingStart, .flowSequenceStart, .flowMappingStart: depth += 1
                case .blockEnd, .flowSequenceEnd, .flowMappingEnd: depth -= 1
                case .streamEnd: depth = 0
                default: break
                }
                end = max(end, t.end)
            } while depth > 0
            return builder.add(.invalid, start..<end, parent: parent)
        }

        // MARK: Scalars

        mutating func scalar(_ t: YAMLToken, tag: YAMLToken?, parent: Int32) -> Int32 {
            let range = t.start..<t.end
            let quotedFlags: UInt8 = t.style == .singleQuoted ? NodeFlags.singleQuoted : 0
            let stringFlags: UInt8 = t.style == .plain || t.style == .literal || t.style == .folded ? NodeFlags.bare
                : quotedFlags | (t.unterminated ? NodeFlags.unterminated : 0)
            let value = scanner.valueBytes(t)
            var resolved = YAMLScalars.resolve(value, plain: t.style == .plain)
            if let tag {
                let name = resolvedTag(tag)
                switch name {
                case "tag:yaml.org,2002:str", "!": resolved = .string
                case "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
                    // An explicit tag makes a quoted or block scalar's text what it names (`!!float "1.5"`).
                    if t.style != .plain { resolved = YAMLScalars.resolve(value, plain: true) }
                    checkScalarTag(name, resolved, tag, t)
                case "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq":
                    report(.yamlTagMismatch, tag.start..<tag.end, "\(scanner.value(tag)) on a scalar")
                case _ where name.hasPrefix("?undefined:"):
                    report(.yamlUnknownTag, tag.start..<tag.end, "tag handle \(name.dropFirst(11)) is not defined by a %TAG directive of this document")
                    builder.diagnostics[builder.diagnostics.count - 1].severity = .error
                    if t.style != .plain { resolved = .string }
                default:
                    report(.yamlUnknownTag, tag.start..<tag.end, "unknown tag \(Excerpt.of(scanner.value(tag))); the value is read as if untagged")
                    // A non-specific or local tag on a quoted value: a string.
                    if t.style != .plain { resolved = .string }
                }
            }
            // A number's JSON text is stored unless the source text is already it (`12`, not `"12"` or `0xC`).
            if let id = builder.addScalar(resolved, range, parent: parent, storeNumber: { t.style != .plain || !$0.utf8.elementsEqual(value) }) {
                return id
            }
            let id = builder.add(.string, range, parent: parent, flags: stringFlags)
            // Stored only when it is not the node's own text (folded, escaped, a block scalar): most are.
            if !scanner.valueIsInput(t, contentRange(t)) { builder.scalarValues[id] = scanner.value(t) }
            return id
        }

        mutating func checkScalarTag(_ name: String, _ resolved: YAMLScalars.Resolved, _ tag: YAMLToken, _ t: YAMLToken) {
            switch name {
            case "tag:yaml.org,2002:null": if case .null = resolved {} else { mismatch(tag, t, "null") }
            case "tag:yaml.org,2002:bool": if case .bool = resolved {} else { mismatch(tag, t, "a boolean") }
            case "tag:yaml.org,2002:int":
                if case .number(let text) = resolved, !text.contains("."), !text.lowercased().contains("e"), !text.hasSuffix("Infinity"), text != "NaN" {} else {
                    mismatch(tag, t, "an integer")
                }
            default: if case .number = resolved {} else { mismatch(tag, t, "a number") }
            }
        }

        mutating func mismatch(_ tag: YAMLToken, _ t: YAMLToken, _ what: String) {
            report(.yamlTagMismatch, tag.start..<t.end, "\(scanner.value(tag)) needs \(what); this value is not one")
        }

        func resolvedTag(_ tag: YAMLToken) -> String {
            let v = scanner.value(tag)
            if v.hasPrefix("<") { return String(v.dropFirst()) }
            if v == "!" { return "!" }
            // The longest handle the tag starts with: `!!`, a named `!e!`, or the primary `!`.
            if v.hasPrefix("!!") { return (tagHandles["!!"] ?? "tag:yaml.org,2002:") + v.dropFirst(2) }
            if let second = v.dropFirst().firstIndex(of: "!") {
                let handle = String(v[...second])
                if let prefix = tagHandles[handle] { return prefix + v[v.index(after: second)...] }
                return "?undefined:" + handle
            }
            return (tagHandles["!"] ?? "!") + v.dropFirst()
        }

        mutating func checkCollectionTag(_ tag: YAMLToken, node: Int32) {
            let name = resolvedTag(tag)
            switch (name, builder.kind(node)) {
            case ("tag:yaml.org,2002:map", .object), ("tag:yaml.org,2002:seq", .array): break
            case ("tag:yaml.org,2002:map", .array), ("tag:yaml.org,2002:seq", .object):
                report(.yamlTagMismatch, tag.start..<tag.end, "\(scanner.value(tag)) does not fit this \(builder.kind(node) == .object ? "mapping" : "sequence")")
            case (_, .object), (_, .array):
                if name.hasPrefix("?undefined:") {
                    report(.yamlUnknownTag, tag.start..<tag.end, "tag handle \(name.dropFirst(11)) is not defined by a %TAG directive of this document")
                    builder.diagnostics[builder.diagnostics.count - 1].severity = .error
                } else if !name.hasPrefix("tag:yaml.org,2002:") && name != "!" {
                    report(.yamlUnknownTag, tag.start..<tag.end, "unknown tag \(Excerpt.of(scanner.value(tag))); the value is read as if untagged")
                }
            default: break
            }
        }

        mutating func emptyScalar(tag: YAMLToken?, parent: Int32, at offset: Int) -> Int32 {
            if let tag, resolvedTag(tag) == "tag:yaml.org,2002:str" || resolvedTag(tag) == "!" {
                let id = builder.add(.string, offset..<offset, parent: parent, flags: NodeFlags.bare)
                builder.scalarValues[id] = ""
                return id
            }
            return builder.add(.null, offset..<offset, parent: parent)
        }

        // MARK: Block collections

        mutating func blockSequence(parent: Int32, depth: Int) -> Int32 {
            let start = scanner.next()
            let array = builder.add(.array, start.start..<start.start, parent: parent)
            blockEntries({ $0 == .blockEntry }, expected: "in a list, where '- ' was expected") {
                $0.item(after: $0.scanner.next(), in: array, depth: depth, emptyBeforeKey: false)
            }
            return array
        }

        /// The entries of a block collection up to its end: a token `isEntry` accepts starts one (`parse` reads
        /// it); anything else is reported (`expected` says what belonged there) and skipped.
        mutating func blockEntries(_ isEntry: (YAMLToken.Kind) -> Bool, expected: String, _ parse: (inout Parser) -> Void) {
            while true {
                let t = scanner.peek()
                if isEntry(t.kind) {
                    parse(&self)
                } else if t.kind == .blockEnd {
                    _ = scanner.next()
                    return
                } else if t.kind == .streamEnd {
                    return
                } else {
                    report(.yamlBadIndentation, t.start..<max(t.end, t.start + 1), unexpected(t, expected))
                    skipEntry()
                }
            }
        }

        mutating func indentless(parent: Int32, depth: Int) -> Int32 {
            let array = builder.add(.array, scanner.peek().start..<scanner.peek().start, parent: parent)
            while peekKind() == .blockEntry {
                // A mapping's key or value after `- ` ends the item: the list is the mapping value's.
                item(after: scanner.next(), in: array, depth: depth, emptyBeforeKey: true)
            }
            return array
        }

        /// The item after a `- ` (`entry`): null when the next token is another `- ` or the end of the block
        /// (or, in an indentless sequence, `emptyBeforeKey`, a mapping's key or value).
        mutating func item(after entry: YAMLToken, in array: Int32, depth: Int, emptyBeforeKey: Bool) {
            let next = peekKind()
            if next == .blockEntry || next == .blockEnd || emptyBeforeKey && (next == .key || next == .value) {
                builder.add(.null, entry.end..<entry.end, parent: array)
            } else {
                _ = parseNode(parent: array, depth: depth + 1, block: true, indentlessSequence: false)
            }
            extend(array)
        }

        mutating func blockMapping(parent: Int32, depth: Int) -> Int32 {
            let start = scanner.next()
            let object = builder.add(.object, start.start..<start.start, parent: parent)
            blockEntries({ $0 == .key || $0 == .value }, expected: "in a mapping, where a key was expected") {
                $0.entry(in: object, depth: depth, block: true)
            }
            reportDuplicates(object)
            return object
        }

        /// Skips one unexpected token, or a whole collection it opens.
        mutating func skipEntry() {
            let t = scanner.next()
            guard Parser.opensCollection(t.kind) else { return }
            var depth = 1
            while depth > 0 {
                switch scanner.next().kind {
                case .blockSequenceStart, .blockMappingStart, .flowSequenceStart, .flowMappingStart: depth += 1
                case .blockEnd, .flowSequenceEnd, .flowMappingEnd: depth -= 1
                case .streamEnd: return
                default: break
                }
            }
        }

        /// One `key: value` entry (the KEY token, or a bare VALUE for an empty key) of a block or flow mapping.
        mutating func entry(in object: Int32, depth: Int, block: Bool) {
            let first = scanner.peek()
            let property = builder.add(.property, first.start..<first.start, parent: object)
            if first.kind == .key {
                _ = scanner.next()
                let k = peekKind()
                if Parser.endsEntry(k) {
                    let id = builder.add(.string, first.end..<first.end, parent: property, flags: NodeFlags.bare)
                    builder.scalarValues[id] = ""
                } else {
                    key(parent: property, depth: depth, block: block)
                }
            } else {
                let id = builder.add(.string, first.start..<first.start, parent: property, flags: NodeFlags.bare)
                builder.scalarValues[id] = ""
            }
            if peekKind() == .value {
                let colon = scanner.next()
                builder.setColon(property, colon.start)
                builder.setEnd(property, colon.end)
                let k = peekKind()
                if Parser.endsEntry(k) || k == .streamEnd {
                    builder.add(.null, colon.end..<colon.end, parent: property)
                } else {
                    _ = parseNode(parent: property, depth: depth + 1, block: block, indentlessSequence: block)
                }
            } else {
                // `? key` without `:`: the value is null.
                builder.add(.null, builder.range(property).upperBound..<builder.range(property).upperBound, parent: property)
            }
            extend(property)
            extend(object)
        }

        /// A mapping key: a scalar becomes a string key (its text as written: `1`, `true`); a collection is
        /// reported (tracking files need string keys) and kept under a string key made of its text.
        mutating func key(parent property: Int32, depth: Int, block: Bool) {
            let t = scanner.peek()
            let keyID: Int32
            if t.kind == .scalar || t.kind == .anchor || t.kind == .tag || t.kind == .alias {
                let node = parseNode(parent: property, depth: depth + 1, block: block, indentlessSequence: false)
                keyID = node
                switch builder.kind(node) {
                case .string: break
                case .null, .boolean, .number:
                    // The key's string: the scalar as written (`1`, `true`), or "" for null.
                    // (A bare string's value is its text: stored only for null, or over a stored number's JSON text.)
                    let range = builder.range(node)
                    let store = builder.kind(node) == .null || builder.scalarValues[node] != nil
                    let text = builder.kind(node) == .null ? "" : String(decoding: scanner.bytes[range], as: UTF8.self)
                    builder.retype(node, to: .string, flags: NodeFlags.bare)
                    if store { builder.scalarValues[node] = text }
                default:
                    nonStringKey(node)
                }
            } else {
                // A collection as a key: a string key node holding it.
                keyID = builder.add(.string, t.start..<t.start, parent: property, flags: NodeFlags.bare)
                let inner = parseNode(parent: keyID, depth: depth + 1, block: block, indentlessSequence: block)
                builder.setEnd(keyID, builder.range(inner).upperBound)
                let r = builder.range(keyID)
                builder.scalarValues[keyID] = String(decoding: scanner.bytes[r.clamped(to: 0..<scanner.bytes.count)], as: UTF8.self)
                report(.yamlNonStringKey, r, "a key that is a collection; tracking files need string keys")
            }
            builder.setEnd(property, builder.range(keyID).upperBound)
        }

        mutating func nonStringKey(_ node: Int32) {
            // An alias of a collection used as a key.
            let r = builder.range(node)
            report(.yamlNonStringKey, r, "a key that is a collection; tracking files need string keys")
            builder.retype(node, to: .string, flags: NodeFlags.bare)
            builder.scalarValues[node] = String(decoding: scanner.bytes[r.clamped(to: 0..<scanner.bytes.count)], as: UTF8.self)
        }

        /// The container's range grows to its last child's end.
        mutating func extend(_ node: Int32) {
            if let last = builder.lastChildOf(node) { builder.setEnd(node, builder.range(last).upperBound) }
        }

        // MARK: Flow collections

        mutating func flowSequence(parent: Int32, depth: Int) -> Int32 {
            flowCollection(.array, parent: parent) { parser, array, t in
                if t.kind == .key || t.kind == .value {
                    // `[a: b]`: a single-pair mapping.
                    let pair = parser.builder.add(.object, t.start..<t.start, parent: array)
                    parser.entry(in: pair, depth: depth + 1, block: false)
                } else {
                    _ = parser.parseNode(parent: array, depth: depth + 1, block: false, indentlessSequence: false)
                }
            }
        }

        mutating func flowMapping(parent: Int32, depth: Int) -> Int32 {
            let object = flowCollection(.object, parent: parent) { parser, object, t in
                if t.kind == .key || t.kind == .value {
                    parser.entry(in: object, depth: depth, block: false)
                } else {
                    // `{a, b}`: a key without a value.
                    let property = parser.builder.add(.property, t.start..<t.start, parent: object)
                    parser.key(parent: property, depth: depth, block: false)
                    let end = parser.builder.range(property).upperBound
                    parser.builder.add(.null, end..<end, parent: property)
                }
            }
            reportDuplicates(object)
            return object
        }

        /// `[…]` or `{…}`: entries separated by commas (a trailing one allowed), each parsed by `entry`; an
        /// unclosed collection ends where the document's structure does.
        mutating func flowCollection(_ kind: NodeKind, parent: Int32, entry: (inout Parser, Int32, YAMLToken) -> Void) -> Int32 {
            let isArray = kind == .array
            let (closer, name, closeChar) = isArray ? (YAMLToken.Kind.flowSequenceEnd, "sequence", "]") : (.flowMappingEnd, "mapping", "}")
            let otherCloser: YAMLToken.Kind = isArray ? .flowMappingEnd : .flowSequenceEnd
            let open = scanner.next()
            let node = builder.add(kind, open.start..<open.end, parent: parent)
            var first = true
            while true {
                var t = scanner.peek()
                if !first && t.kind != closer {
                    if t.kind == .flowEntry {
                        _ = scanner.next()
                    } else if !isFlowStop(t.kind) {
                        report(.yamlUnexpectedToken, t.start..<max(t.end, t.start + 1), unexpected(t, "in a flow \(name), where ',' or '\(closeChar)' was expected"))
                    }
                    t = scanner.peek()
                }
                if t.kind == closer {
                    builder.setEnd(node, scanner.next().end)
                    break
                }
                // The other bracket (`[a}`) closes an enclosing collection: this one was left open.
                if isFlowStop(t.kind) || t.kind == otherCloser {
                    report(.yamlUnclosedFlow, open.start..<open.end, "'\(isArray ? "[" : "{")' is not closed with '\(closeChar)'")
                    break
                }
                first = false
                if t.kind == .flowEntry {
                    report(.yamlMissingValue, t.start..<t.end, "an empty entry in a flow \(name)")
                    continue
                }
                let before = scanner.taken
                entry(&self, node, t)
                // Every round consumes a token, whatever the input: no loop can run without end.
                if scanner.taken == before { _ = scanner.next() }
                extend(node)
            }
            return node
        }

        func isFlowStop(_ kind: YAMLToken.Kind) -> Bool {
            kind == .streamEnd || kind == .blockEnd || Parser.endsDocument(kind)
        }

        static func endsDocument(_ kind: YAMLToken.Kind) -> Bool {
            kind == .documentStart || kind == .documentEnd || kind == .streamEnd || kind == .directive
        }

        static func opensCollection(_ kind: YAMLToken.Kind) -> Bool {
            kind == .blockSequenceStart || kind == .blockMappingStart || kind == .flowSequenceStart || kind == .flowMappingStart
        }

        /// After a key (or a `:`), these mean the key (or the value) is empty.
        static func endsEntry(_ kind: YAMLToken.Kind) -> Bool {
            switch kind {
            case .key, .value, .blockEnd, .flowEntry, .flowMappingEnd, .flowSequenceEnd: return true
            default: return false
            }
        }

        /// The range a string node's value is read from when none is stored: inside the quotes of a quoted
        /// scalar (as `SyntaxTree.contentRange` reads it), the whole text of any other.
        func contentRange(_ t: YAMLToken) -> Range<Int> {
            switch t.style {
            case .singleQuoted, .doubleQuoted:
                // An unterminated scalar without a closing quote keeps its last byte.
                let closed = !t.unterminated || (t.end > t.start + 1 && scanner.bytes[t.end - 1] == (t.style == .singleQuoted ? 0x27 : 0x22))
                let start = t.start + 1
                return start..<max(start, closed ? t.end - 1 : t.end)
            default:
                return t.start..<t.end
            }
        }

        // MARK: Duplicate keys

        /// Keys compared as bytes (their stored value, or their text): a small mapping's pairwise, with no
        /// allocation; a larger one's through a dictionary, O(k) for k keys.
        mutating func reportDuplicates(_ object: Int32) {
            let count = builder.childCount(object)
            guard count > 1 else { return }
            if count <= 16 && builder.scalarValues.isEmpty {
                // A small mapping whose keys are all their own text (most are): every pair of texts, compared
                // by length first, then bytes.
                var ranges: [Range<Int>] = []
                var keys: [Int32] = []
                swap(&ranges, &scratchRanges)
                swap(&keys, &scratchKeys)
                ranges.removeAll(keepingCapacity: true)
                keys.removeAll(keepingCapacity: true)
                var property = builder.firstChildOf(object)
                let input = scanner.bytes
                input.withUnsafeBufferPointer { text in
                    while let p = property {
                        property = builder.nextSiblingOf(p)
                        guard let key = builder.firstChildOf(p) else { continue }
                        let r = keyRange(key)
                        for i in ranges.indices where ranges[i].count == r.count
                            && (r.isEmpty || memcmp(text.baseAddress! + ranges[i].lowerBound, text.baseAddress! + r.lowerBound, r.count) == 0) {
                            duplicate(key, keys[i])
                            break
                        }
                        ranges.append(r)
                        keys.append(key)
                    }
                }
                swap(&ranges, &scratchRanges)
                swap(&keys, &scratchKeys)
                return
            }
            // A larger mapping: its keys' bytes in a dictionary (Swift's seeded hashing: a file cannot be
            // written so that its keys collide, which would make this quadratic).
            var seen: [[UInt8]: Int32] = [:]
            var property = builder.firstChildOf(object)
            while let p = property {
                property = builder.nextSiblingOf(p)
                guard let key = builder.firstChildOf(p) else { continue }
                let bytes = keyBytes(key)
                if let first = seen[bytes] { duplicate(key, first) } else { seen[bytes] = key }
            }
        }

        mutating func duplicate(_ key: Int32, _ first: Int32) {
            let name = keyValue(key)
            builder.diagnostics.append(SyntaxDiagnostic(code: .yamlDuplicateKey, range: builder.range(key),
                message: "duplicate key '\(Excerpt.of(name))'; YAML forbids it and readers keep only one",
                related: [RelatedLocation(range: builder.range(first), message: "first defined here")]))
        }

        func keyValue(_ key: Int32) -> String {
            if !builder.scalarValues.isEmpty, let v = builder.scalarValues[key] { return v }
            return String(decoding: keyText(key), as: UTF8.self)
        }

        /// A key's text when no value is stored for it: what `SyntaxTree.stringValue` reads.
        func keyText(_ key: Int32) -> ArraySlice<UInt8> { scanner.bytes[keyRange(key)] }

        func keyRange(_ key: Int32) -> Range<Int> {
            let r = builder.range(key)
            let flags = builder.flags(key)
            if flags & NodeFlags.bare != 0 || r.isEmpty { return r }
            // A quoted key with its value in place: inside the quotes (an unterminated one keeps its last byte).
            let quote: UInt8 = flags & NodeFlags.singleQuoted != 0 ? 0x27 : 0x22
            let closed = flags & NodeFlags.unterminated == 0 || (r.count > 1 && scanner.bytes[r.upperBound - 1] == quote)
            let start = r.lowerBound + 1
            return start..<max(start, closed ? r.upperBound - 1 : r.upperBound)
        }

        /// A key's value as bytes (its stored value, or its text).
        func keyBytes(_ key: Int32) -> [UInt8] {
            if !builder.scalarValues.isEmpty, let v = builder.scalarValues[key] { return Array(v.utf8) }
            return Array(keyText(key))
        }
    }
}
