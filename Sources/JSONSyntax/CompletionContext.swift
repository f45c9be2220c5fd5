/// What the cursor is in the middle of writing, worked out from a tree that may be half-typed.
/// Later layers decide *what* to offer; this only says *where* we are and *what text* a choice replaces.
public struct CompletionContext: Sendable, Hashable {
    public enum Location: Sendable, Hashable {
        /// Writing a property name in the object at `path`.
        case propertyKey
        /// Writing the value of property `key` of the object at `path`.
        case propertyValue(key: String)
        /// Writing item `index` of the array at `path`.
        case arrayItem(index: Int)
        /// Writing the top-level value.
        case root
    }

    public var location: Location
    /// Path of the object or array being written into.
    public var path: JSONPointer
    /// The container node (object or array), when there is one.
    public var container: NodeID?
    /// The bytes a chosen item replaces: the whole token under the cursor including its quotes,
    /// or an empty range at the cursor.
    public var replaceRange: Range<Int>
    /// What has been typed of the token up to the cursor, without the opening quote.
    public var prefix: String
    /// The cursor is inside a string literal (so an item should be inserted with quotes to replace it whole).
    public var inString: Bool
    /// Keys already present in the object (for key completion, to leave them out).
    public var existingKeys: [String]
    /// The string literal the cursor is in, when it is in one.
    public var string: StringToken? = nil
    /// YAML: the cursor starts an item of a block sequence (`- ‸`), which may be a scalar or the first key of a
    /// mapping: `location` says the former; callers with no item to offer try `itemAsKey`.
    public var yamlItemStart = false

    /// The same place read as the first key of a mapping item (`- name: …`).
    public var itemAsKey: CompletionContext? {
        guard yamlItemStart, case .arrayItem(let index) = location else { return nil }
        var key = self
        key.location = .propertyKey
        key.path = path.appending(.index(index))
        key.container = nil
        key.yamlItemStart = false
        return key
    }

    /// Where a string literal's content lies, so that an item can replace the content and leave the quotes.
    public struct StringToken: Sendable, Hashable {
        /// Between the quotes (from the first character when the opening quote is missing).
        public var content: Range<Int>
        /// The whole token, quotes included.
        public var token: Range<Int>
        /// It has its closing quote.
        public var closed: Bool
    }
}

extension SyntaxTree {
    public func completionContext(at offset: Int) -> CompletionContext {
        let offset = min(max(offset, 0), bytes.count)
        if syntax == .yaml, let context = yamlBlockContext(at: offset) { return context }
        guard root != nil else {
            return CompletionContext(location: .root, path: [], container: nil, replaceRange: wordRange(at: offset),
                                     prefix: wordPrefix(at: offset), inString: false, existingKeys: [])
        }
        guard let node = node(at: offset, includeRightBound: true) else {
            return CompletionContext(location: .root, path: [], container: nil, replaceRange: offset..<offset,
                                     prefix: "", inString: false, existingKeys: [])
        }
        let r = range(node)
        // Inside (or touching the end of) a scalar token.
        switch kind(node) {
        case .string, .number, .boolean, .null, .invalid:
            // Right after a closing quote is outside the string; at the end of a YAML plain scalar (no quotes)
            // is still in it.
            let touchingClosedEnd = offset == r.upperBound && offset > r.lowerBound && !isUnclosed(node) && kind(node) == .string
                && contentRange(node).upperBound < r.upperBound
            if !touchingClosedEnd && !(offset == r.lowerBound && kind(node) == .string && !missesOpeningQuote(node)) {
                let inString = kind(node) == .string
                let content = contentRange(node)
                let prefixStart = inString ? min(content.lowerBound, offset) : r.lowerBound
                let prefix = text(in: prefixStart..<offset)
                var result = context(for: node, replace: r, prefix: prefix, inString: inString, offset: offset)
                if inString { result.string = CompletionContext.StringToken(content: content, token: r, closed: !isUnclosed(node)) }
                return result
            }
        default:
            break
        }
        // Between tokens: work out the container and whether we are before or after a colon.
        var container = node
        if kind(container) == .property || ![.object, .array].contains(kind(container)) {
            container = parent(container) ?? container
            if kind(container) == .property { container = parent(container) ?? container }
        }
        // The cursor sits right after a closed string/scalar or before a string's opening quote:
        // treat as between tokens in its container.
        if kind(container) == .object {
            let r = range(container)
            if offset <= r.lowerBound || (offset >= r.upperBound && !isUnclosed(container)) {
                return outside(container, offset: offset)
            }
            return betweenMembers(of: container, offset: offset)
        }
        if kind(container) == .array {
            let r = range(container)
            if offset <= r.lowerBound || (offset >= r.upperBound && !isUnclosed(container)) {
                return outside(container, offset: offset)
            }
            let index = itemsBefore(offset, in: container)
            return CompletionContext(location: .arrayItem(index: index), path: pointer(of: container), container: container,
                                     replaceRange: wordRange(at: offset), prefix: wordPrefix(at: offset), inString: false, existingKeys: [])
        }
        return CompletionContext(location: .root, path: [], container: nil, replaceRange: offset..<offset,
                                 prefix: "", inString: false, existingKeys: [])
    }

    /// The cursor before an opening bracket or after a closing one: it belongs to the enclosing container.
    private func outside(_ node: NodeID, offset: Int) -> CompletionContext {
        guard let p = parent(node) else {
            return CompletionContext(location: .root, path: [], container: nil, replaceRange: offset..<offset,
                                     prefix: "", inString: false, existingKeys: [])
        }
        if kind(p) == .property, let object = parent(p) {
            // After `"a": {...}|` we are between members of the outer object.
            return betweenMembers(of: object, offset: offset)
        }
        return CompletionContext(location: .arrayItem(index: itemsBefore(offset, in: p)), path: pointer(of: p), container: p,
                                 replaceRange: offset..<offset, prefix: "", inString: false, existingKeys: [])
    }

    private func itemsBefore(_ offset: Int, in array: NodeID) -> Int {
        var index = 0
        for child in children(array) {
            let r = range(child)
            if r.upperBound < offset || (r.upperBound == offset && r.lowerBound < offset) {
                // Counted only once a comma follows it before the cursor.
                if !commaFree(from: r.upperBound, to: offset) { index += 1 }
            } else {
                break
            }
        }
        return index
    }

    private func context(for node: NodeID, replace: Range<Int>, prefix: String, inString: Bool, offset: Int) -> CompletionContext {
        guard let p = parent(node) else {
            return CompletionContext(location: .root, path: [], container: nil, replaceRange: replace, prefix: prefix,
                                     inString: inString, existingKeys: [])
        }
        switch kind(p) {
        case .property:
            let object = parent(p)
            let path = object.map { pointer(of: $0) } ?? []
            if key(ofProperty: p) == node {
                return CompletionContext(location: .propertyKey, path: path, container: object, replaceRange: replace,
                                         prefix: prefix, inString: inString, existingKeys: object.map { keys(of: $0, excluding: p) } ?? [])
            }
            return CompletionContext(location: .propertyValue(key: keyString(ofProperty: p) ?? ""), path: path, container: object,
                                     replaceRange: replace, prefix: prefix, inString: inString, existingKeys: [])
        case .array:
            return CompletionContext(location: .arrayItem(index: itemsBefore(range(node).lowerBound, in: p)), path: pointer(of: p),
                                     container: p, replaceRange: replace, prefix: prefix, inString: inString, existingKeys: [])
        default:
            return CompletionContext(location: .root, path: [], container: nil, replaceRange: replace, prefix: prefix,
                                     inString: inString, existingKeys: [])
        }
    }

    private func keys(of object: NodeID, excluding: NodeID?) -> [String] {
        children(object).compactMap { $0 == excluding ? nil : keyString(ofProperty: $0) }
    }

    /// Inside an object but not in a token: after `"key":` with no value (or only whitespace) we are in
    /// the value; anywhere else, in a key position.
    private func betweenMembers(of object: NodeID, offset: Int) -> CompletionContext {
        let path = pointer(of: object)
        var previous: NodeID?
        for p in children(object) {
            if range(p).lowerBound < offset { previous = p } else { break }
        }
        // A missing value: none at all (JSON), or YAML's empty one (a zero-width null after the colon).
        if let p = previous, let colon = colonOffset(ofProperty: p), colon < offset,
           value(ofProperty: p).map({ range($0).isEmpty && kind($0) == .null }) ?? true, commaFree(from: colon + 1, to: offset) {
            do {
                return CompletionContext(location: .propertyValue(key: keyString(ofProperty: p) ?? ""), path: path, container: object,
                                         replaceRange: wordRange(at: offset), prefix: wordPrefix(at: offset), inString: false,
                                         existingKeys: [])
            }
        }
        return CompletionContext(location: .propertyKey, path: path, container: object, replaceRange: wordRange(at: offset),
                                 prefix: wordPrefix(at: offset), inString: false, existingKeys: keys(of: object, excluding: nil))
    }

    /// YAML's block collections have no closing bracket: a cursor on a line of its own (blank, or only the
    /// word being typed) belongs to the mapping whose keys start at that line's indentation, or is the value
    /// of the `key:` above it when indented deeper. Nil when the cursor is inside a node (the general rules
    /// apply then).
    func yamlBlockContext(at offset: Int) -> CompletionContext? {
        var lineStart = offset
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var indentEnd = lineStart
        while indentEnd < offset && bytes[indentEnd] == 0x20 { indentEnd += 1 }
        let word = wordRange(at: offset)
        let column = indentEnd - lineStart
        // One pass over the nodes before the word (document order: their starts never decrease, so the
        // columns are found by one forward scan of the bytes, not a walk back per node):
        // - `key: ‸` on this line with no value yet, or only the word the cursor is in: the cursor is writing that value;
        // - the last mapping before this line whose keys start at the cursor's column;
        // - `key:` on an earlier line at a smaller column whose value is empty, or is only the word being typed
        //   (YAML reads a lone `sou` under `event:` as event's value): the cursor is writing a key of it.
        var sameLineValue: NodeID?
        var best: NodeID?
        var valueOf: NodeID?
        var scanned = 0, scannedLineStart = 0
        func columnOf(_ position: Int) -> Int {
            while scanned < position {
                if bytes[scanned] == 0x0A { scannedLineStart = scanned + 1 }
                scanned += 1
            }
            return position - scannedLineStart
        }
        for i in 0..<nodes.count {
            let id = NodeID(i)
            let r = range(id)
            guard r.lowerBound < word.lowerBound else { break }
            if sameLineValue == nil, kind(id) == .property, let colon = colonOffset(ofProperty: id), colon >= lineStart, colon < word.lowerBound,
               let v = value(ofProperty: id), kind(v) == .null && range(v).isEmpty || range(v) == word && !word.isEmpty,
               text(in: (colon + 1)..<word.lowerBound).allSatisfy({ $0 == " " }) {
                sameLineValue = id
            }
            guard r.lowerBound < lineStart else { continue }
            if kind(id) == .object, let first = children(id).first(where: { _ in true }), columnOf(range(first).lowerBound) == column {
                best = id
            }
            if kind(id) == .property, let v = value(ofProperty: id), columnOf(r.lowerBound) < column,
               kind(v) == .null && range(v).isEmpty || range(v) == word && !word.isEmpty {
                valueOf = id
            }
        }
        if let p = sameLineValue, let object = parent(p) {
            return CompletionContext(location: .propertyValue(key: keyString(ofProperty: p) ?? ""), path: pointer(of: object), container: object,
                                     replaceRange: word, prefix: text(in: word.lowerBound..<offset), inString: false, existingKeys: [])
        }
        let line = Array(bytes[lineStart..<offset])
        // `key: [a, ‸` (a flow sequence still open on this line): an item of `key`'s list, not a key.
        if let (key, keyOffset) = SyntaxTree.openFlowListKey(line), let property = propertyWithKey(key, startingAt: lineStart + keyOffset),
           let object = parent(property) {
            let list = value(ofProperty: property).flatMap { kind($0) == .array ? $0 : nil }
            return CompletionContext(location: .arrayItem(index: list.map { Array(children($0)).count } ?? 0),
                                     path: pointer(of: object).appending(.key(key)), container: list, replaceRange: word,
                                     prefix: text(in: word.lowerBound..<offset), inString: false, existingKeys: [])
        }
        // `key: iglu:‸` — a plain value ending in a colon, which YAML reads as a nested key until more is typed: the
        // value being written. The mapping is the one whose keys start at this line's indentation.
        if let (key, valueStart) = SyntaxTree.plainValueWithColon(line, indent: column) {
            // The parse is broken on this line, so the mapping may be missing from the tree: its path from the
            // `key:` lines above at smaller indentation.
            let mapping = column == 0 && best == nil ? nil : best
            return CompletionContext(location: .propertyValue(key: key), path: mapping.map { pointer(of: $0) } ?? blockKeyPath(above: lineStart, column: column),
                                     container: mapping,
                                     replaceRange: (lineStart + valueStart)..<max(offset, word.upperBound),
                                     prefix: text(in: (lineStart + valueStart)..<offset), inString: false, existingKeys: [])
        }
        // `- ‸` (or `- wo‸`): an item of the block sequence whose dash this is.
        if word.lowerBound > indentEnd, bytes[indentEnd] == UInt8(ascii: "-"),
           bytes[(indentEnd + 1)..<word.lowerBound].allSatisfy({ $0 == 0x20 }), word.lowerBound > indentEnd + 1,
           let (list, index) = blockSequence(withDashAt: indentEnd) {
            var context = CompletionContext(location: .arrayItem(index: index), path: pointer(of: list), container: list, replaceRange: word,
                                            prefix: text(in: word.lowerBound..<offset), inString: false, existingKeys: [])
            context.yamlItemStart = true
            return context
        }
        // Only the word being typed between the indentation and the cursor; nothing after it on the line.
        guard word.lowerBound == indentEnd || indentEnd == offset else { return nil }
        var lineEnd = offset
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D {
            guard bytes[lineEnd] == 0x20 || word.contains(lineEnd) else { return nil }
            lineEnd += 1
        }
        if let p = valueOf, let object = parent(p), best.map({ range($0).lowerBound < range(p).lowerBound }) ?? true {
            // A nested mapping's first key is being written under `key:`.
            return CompletionContext(location: .propertyKey, path: pointer(of: object).appending(.key(keyString(ofProperty: p) ?? "")),
                                     container: nil, replaceRange: word, prefix: text(in: word.lowerBound..<offset), inString: false,
                                     existingKeys: [])
        }
        guard let object = best else {
            // The first line of a new file (`ev‸`): a key of the mapping it will become.
            guard column == 0, root.map({ kind($0) != .array && kind($0) != .object }) ?? true else { return nil }
            return CompletionContext(location: .propertyKey, path: [], container: nil, replaceRange: word,
                                     prefix: text(in: word.lowerBound..<offset), inString: false, existingKeys: [])
        }
        return CompletionContext(location: .propertyKey, path: pointer(of: object), container: object, replaceRange: word,
                                 prefix: text(in: word.lowerBound..<offset), inString: false, existingKeys: keys(of: object, excluding: nil))
    }

    /// The keys of the `key:` lines above `lineStart` that hold a line indented at `column`, outermost first:
    /// a block mapping's path read from the text alone (no sequence items: nil-free, `[]` when one is met).
    private func blockKeyPath(above lineStart: Int, column: Int) -> JSONPointer {
        var keys: [String] = []
        var threshold = column
        var end = lineStart
        while end > 0 && threshold > 0 {
            var start = end - 1
            while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
            let line = Array(bytes[start..<(end - 1)])
            end = start
            var indent = 0
            while indent < line.count && line[indent] == 0x20 { indent += 1 }
            guard indent < line.count, line[indent] != UInt8(ascii: "#"), indent < threshold else { continue }
            var j = indent
            while j < line.count && SyntaxTree.isWordByte(line[j]) { j += 1 }
            guard j > indent, j < line.count, line[j] == UInt8(ascii: ":"), line[(j + 1)...].allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return [] }
            keys.insert(String(decoding: line[indent..<j], as: UTF8.self), at: 0)
            threshold = indent
        }
        return JSONPointer(keys.map { .key($0) })
    }

    /// The property whose key starts at `offset`.
    private func propertyWithKey(_ key: String, startingAt offset: Int) -> NodeID? {
        guard let node = node(at: offset), let property = parent(node), kind(property) == .property,
              let k = self.key(ofProperty: property), range(k).lowerBound == offset, keyString(ofProperty: property) == key else { return nil }
        return property
    }

    /// The block sequence an item dash at `dash` belongs to, and the item's index in it.
    private func blockSequence(withDashAt dash: Int) -> (NodeID, Int)? {
        var found: (NodeID, Int)?
        for i in 0..<nodes.count {
            let id = NodeID(i)
            let r = range(id)
            guard r.lowerBound <= dash else { break }
            guard kind(id) == .array, r.upperBound > dash || r.upperBound == dash, bytes[r.lowerBound] == UInt8(ascii: "-") else { continue }
            let index = Array(children(id)).filter { range($0).lowerBound < dash }.count
            found = (id, index)
        }
        return found
    }

    /// `key: [a, b, ` (the cursor's line up to it): the key of the flow sequence still open, and where the key
    /// starts on the line.
    static func openFlowListKey(_ line: [UInt8]) -> (String, Int)? {
        var depth = 0
        var i = line.count - 1
        // Back over the word being typed and the items before it, to the unclosed `[`.
        while i >= 0 {
            let b = line[i]
            if b == UInt8(ascii: "]") { depth += 1 }
            if b == UInt8(ascii: "[") {
                if depth == 0 { break }
                depth -= 1
            }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { return nil }
            i -= 1
        }
        guard i > 0 else { return nil }
        var j = i - 1
        while j >= 0 && line[j] == 0x20 { j -= 1 }
        guard j >= 0, line[j] == UInt8(ascii: ":") else { return nil }
        let keyEnd = j
        while j > 0 && isWordByte(line[j - 1]) { j -= 1 }
        guard j < keyEnd else { return nil }
        // Only blanks (or an item dash) before the key.
        guard line[0..<j].allSatisfy({ $0 == 0x20 || $0 == UInt8(ascii: "-") }) else { return nil }
        return (String(decoding: line[j..<keyEnd], as: UTF8.self), j)
    }

    /// `  key: value:` up to the cursor, a plain value with a colon in it and no space: the key and where the
    /// value starts on the line.
    static func plainValueWithColon(_ line: [UInt8], indent: Int) -> (String, Int)? {
        var j = indent
        while j < line.count && isWordByte(line[j]) { j += 1 }
        guard j > indent, j + 1 < line.count, line[j] == UInt8(ascii: ":"), line[j + 1] == 0x20 else { return nil }
        var v = j + 1
        while v < line.count && line[v] == 0x20 { v += 1 }
        let value = line[v...]
        guard !value.isEmpty, value.contains(UInt8(ascii: ":")), !value.contains(0x20),
              let first = value.first, isWordByte(first) else { return nil }
        return (String(decoding: line[indent..<j], as: UTF8.self), v)
    }

    /// No comma between the two offsets.
    private func commaFree(from start: Int, to end: Int) -> Bool {
        guard start < end else { return true }
        for i in start..<min(end, bytes.count) where bytes[i] == UInt8(ascii: ",") { return false }
        return true
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x24 || b == 0x2D || b == 0x2E
    }

    private func wordRange(at offset: Int) -> Range<Int> {
        var s = offset, e = offset
        while s > 0 && SyntaxTree.isWordByte(bytes[s - 1]) { s -= 1 }
        while e < bytes.count && SyntaxTree.isWordByte(bytes[e]) { e += 1 }
        return s..<e
    }

    private func wordPrefix(at offset: Int) -> String {
        let r = wordRange(at: offset)
        return text(in: r.lowerBound..<offset)
    }
}
