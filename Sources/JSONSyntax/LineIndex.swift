/// How a client counts characters within a line (LSP `positionEncoding`).
public enum PositionEncoding: String, Sendable, Hashable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"
}

/// A zero-based line and a column in the chosen encoding's code units.
public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: Position, rhs: Position) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    public var description: String { "\(line):\(character)" }
}

/// Byte offsets ↔ positions. Lines end at LF, CRLF or a lone CR (as LSP defines them). Columns count
/// UTF-16 code units by default, so a character outside the BMP (an emoji) counts 2. Invalid UTF-8 bytes
/// count one unit each, as editors show each of them as one U+FFFD.
public struct LineIndex: Sendable {
    /// The document's bytes; empty in a `compacted()` index, which needs none.
    public let bytes: [UInt8]
    /// How long the document is (its bytes may have been let go).
    public let byteCount: Int
    /// A `compacted()` index's lines: where each starts (exactly sized, 32-bit) and which end in CRLF (one bit
    /// each), from which a line's content end follows without the bytes. Nil in a full index.
    let compact: (starts: [Int32], crlf: [UInt64])?
    /// Offset of the first byte of each line.
    /// (Empty in a `compacted()` index: read lines through `lineCount` and `start(ofLine:)`.)
    public let lineStarts: [Int]
    /// Column checkpoints on long lines: a minified file is one line, and recounting its columns from the
    /// line start for every diagnostic was quadratic (40,000 problems on one line: 12 s; a 2 MB plan did not
    /// finish). Every `checkpointSpacing` bytes of a line (at a character boundary), the UTF-16 and UTF-32
    /// columns reached there; a conversion walks at most one spacing from the nearest one before it.
    /// Empty when the document is ASCII, where every column is a byte count.
    let checkpoints: [Checkpoint]
    /// True when every byte is ASCII: columns are byte counts in every encoding.
    let isASCII: Bool

    static let checkpointSpacing = 256

    struct Checkpoint: Sendable {
        var offset: Int
        var utf16: Int
        var utf32: Int
    }

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.byteCount = bytes.count
        self.compact = nil
        var starts = [0]
        var high: UInt8 = 0
        var highWords: UInt64 = 0
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            let n = buf.count
            while i < n {
                // Eight bytes at a time up to the next line break, remembering whether any byte was past ASCII.
                while i + 8 <= n {
                    let w = SWAR.word(buf, at: i)
                    highWords |= w
                    let breaks = SWAR.bytes(of: w, equalTo: 0x0A) | SWAR.bytes(of: w, equalTo: 0x0D)
                    if breaks != 0 {
                        i += SWAR.firstByte(breaks)
                        break
                    }
                    i += 8
                }
                guard i < n else { break }
                let b = buf[i]
                high |= b
                if b == 0x0A {
                    starts.append(i + 1)
                } else if b == 0x0D {
                    if i + 1 < n && buf[i + 1] == 0x0A { i += 1 }
                    starts.append(i + 1)
                }
                i += 1
            }
        }
        lineStarts = starts
        isASCII = high < 0x80 && highWords & SWAR.highs == 0
        checkpoints = isASCII ? [] : LineIndex.checkpoints(bytes, starts)
    }

    /// Walks each line longer than the spacing once, as `position(of:)` would, recording columns.
    static func checkpoints(_ bytes: [UInt8], _ starts: [Int]) -> [Checkpoint] {
        var out: [Checkpoint] = []
        bytes.withUnsafeBufferPointer { buf in
            for line in 0..<starts.count {
                let start = starts[line]
                let next = line + 1 < starts.count ? starts[line + 1] : buf.count
                guard next - start > checkpointSpacing else { continue }
                let end = contentEnd(buf, start, next)
                var i = start, u16 = 0, u32 = 0, mark = start + checkpointSpacing
                while i < end {
                    if i >= mark {
                        out.append(Checkpoint(offset: i, utf16: u16, utf32: u32))
                        mark = i + checkpointSpacing
                    }
                    let b = buf[i]
                    if b < 0x80 {
                        i += 1; u16 += 1; u32 += 1
                        continue
                    }
                    let (scalar, length) = UTF8Validation.decodeScalar(buf, at: i, end: end)
                    i += length
                    u32 += 1
                    u16 += (scalar?.value ?? 0) >= 0x10000 ? 2 : 1
                }
            }
        }
        return out
    }

    static func contentEnd(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ next: Int) -> Int {
        var end = next
        if end > start && buf[end - 1] == 0x0A { end -= 1 }
        if end > start && buf[end - 1] == 0x0D { end -= 1 }
        return max(end, start)
    }

    /// The last checkpoint of the line `start..<end` for which `isBefore` holds; `isBefore` must hold for a
    /// prefix of that line's checkpoints (checkpoints of earlier lines are skipped by offset).
    func lastCheckpoint(onLine start: Int, _ end: Int, where isBefore: (Checkpoint) -> Bool) -> Checkpoint? {
        var lo = 0, hi = checkpoints.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let c = checkpoints[mid]
            if c.offset < start || (c.offset < end && isBefore(c)) { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, checkpoints[lo - 1].offset > start, checkpoints[lo - 1].offset < end else { return nil }
        return checkpoints[lo - 1]
    }

    public init(_ text: String) { self.init(Array(text.utf8)) }

    private init(compacting index: LineIndex) {
        bytes = []
        byteCount = index.byteCount
        lineStarts = []
        checkpoints = index.checkpoints
        isASCII = index.isASCII
        var starts = [Int32]()
        starts.reserveCapacity(index.lineStarts.count)
        var crlf = [UInt64](repeating: 0, count: (index.lineStarts.count + 63) / 64)
        for (line, start) in index.lineStarts.enumerated() {
            starts.append(Int32(start))
            if line + 1 < index.lineStarts.count && index.lineContentEnd(line) == index.lineStarts[line + 1] - 2 {
                crlf[line / 64] |= 1 << UInt64(line % 64)
            }
        }
        compact = (starts, crlf)
    }

    /// The same positions without the document's bytes, for an ASCII document (where a column is a byte
    /// count, so nothing else is needed): what `check` keeps of each file until its report is printed. The
    /// bytes of 10,000 files were most of its peak memory. A document with other characters keeps them.
    public func compacted() -> LineIndex {
        guard isASCII, compact == nil, Int32.max > byteCount else { return self }
        return LineIndex(compacting: self)
    }

    public var lineCount: Int { compact?.starts.count ?? lineStarts.count }

    /// The offset of the first byte of `line`.
    @inline(__always)
    public func start(ofLine line: Int) -> Int {
        if let compact { return Int(compact.starts[line]) }
        return lineStarts[line]
    }

    /// The line containing `offset` (offsets past the end map to the last line).
    public func line(of offset: Int) -> Int {
        var lo = 0, hi = lineCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if start(ofLine: mid) <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Byte offset where a line's content ends (before its terminator).
    public func lineContentEnd(_ line: Int) -> Int {
        if let (starts, crlf) = compact {
            // The last line has no terminator (one would start another line); the others end in LF, CR or CRLF.
            guard line + 1 < starts.count else { return byteCount }
            return Int(starts[line + 1]) - (crlf[line / 64] & (1 << UInt64(line % 64)) != 0 ? 2 : 1)
        }
        let next = line + 1 < lineStarts.count ? lineStarts[line + 1] : bytes.count
        return bytes.withUnsafeBufferPointer { LineIndex.contentEnd($0, lineStarts[line], next) }
    }

    /// Walks one character at `i`: its byte length and its width in `encoding`. Invalid bytes are
    /// one character each, as editors show each as one U+FFFD.
    @inline(__always)
    func step(_ i: Int, _ end: Int, _ encoding: PositionEncoding) -> (bytes: Int, units: Int) {
        let b = bytes[i]
        if b < 0x80 { return (1, 1) }
        let (scalar, length) = bytes.withUnsafeBufferPointer { UTF8Validation.decodeScalar($0, at: i, end: end) }
        guard let scalar else { return (length, encoding == .utf8 ? length : 1) }
        switch encoding {
        case .utf8: return (length, length)
        case .utf16: return (length, scalar.value >= 0x10000 ? 2 : 1)
        case .utf32: return (length, 1)
        }
    }

    public func position(of offset: Int, encoding: PositionEncoding = .utf16) -> Position {
        let offset = min(max(offset, 0), byteCount)
        let line = line(of: offset)
        let start = start(ofLine: line)
        let end = min(offset, lineContentEnd(line))
        if encoding == .utf8 || isASCII { return Position(line: line, character: end - start) }
        var units = 0
        var i = start
        if let c = lastCheckpoint(onLine: start, end + 1, where: { $0.offset <= end }) {
            i = c.offset
            units = encoding == .utf16 ? c.utf16 : c.utf32
        }
        while i < end {
            let (length, width) = step(i, end, encoding)
            i += length
            units += width
        }
        return Position(line: line, character: units)
    }

    /// The byte offset for a position. Lines past the end clamp to the end of the document, columns
    /// past the line's end to the end of the line (as LSP asks); a column inside a character moves to
    /// the character's end.
    public func offset(of position: Position, encoding: PositionEncoding = .utf16) -> Int {
        guard position.line >= 0 else { return 0 }
        guard position.line < lineCount else { return byteCount }
        let start = start(ofLine: position.line)
        let end = lineContentEnd(position.line)
        if encoding == .utf8 || isASCII { return min(start + max(position.character, 0), end) }
        var units = 0
        var i = start
        // The last checkpoint of this line whose column is not past the one asked for.
        if let c = lastCheckpoint(onLine: start, end, where: { (encoding == .utf16 ? $0.utf16 : $0.utf32) <= position.character }) {
            i = c.offset
            units = encoding == .utf16 ? c.utf16 : c.utf32
        }
        while i < end && units < position.character {
            let (length, width) = step(i, end, encoding)
            i += length
            units += width
        }
        return i
    }

    public func range(of range: Range<Int>, encoding: PositionEncoding = .utf16) -> (start: Position, end: Position) {
        (position(of: range.lowerBound, encoding: encoding), position(of: range.upperBound, encoding: encoding))
    }
}
