/// Splits an LSP byte stream into message bodies. Headers are `Name: value` lines ended by CRLF (a bare
/// LF is tolerated), in any order, closed by an empty line; `Content-Length` counts body bytes and is
/// required, `Content-Type` is optional. Anything malformed is reported and skipped so the stream
/// resynchronises at the next header block: one bad message never takes the server down.
public struct MessageFramer {
    public enum Event: Equatable {
        case message([UInt8])
        /// A header block that cannot be used (no or bad Content-Length, garbage); it was skipped.
        case badHeader(String)
        /// A body over the size limit; its bytes are being discarded.
        case oversized(Int)
    }

    public let maxBodySize: Int
    public let maxHeaderSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes of an oversized body still to drop.
    private var discarding = 0
    /// Body length announced by the last header block, while its body is still arriving.
    private var pendingLength: Int?

    public init(maxBodySize: Int = 512 * 1024 * 1024, maxHeaderSize: Int = 16 * 1024) {
        self.maxBodySize = maxBodySize
        self.maxHeaderSize = maxHeaderSize
    }

    /// Bytes received but not yet part of a complete message (e.g. a truncated body at end of input).
    public var pendingByteCount: Int { buffer.count - start }

    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while let event = next() { events.append(event) }
        if start > 0 && (start > 65536 || start == buffer.count) {
            buffer.removeFirst(start)
            start = 0
        }
        return events
    }

    private mutating func next() -> Event? {
        if discarding > 0 {
            let take = min(discarding, buffer.count - start)
            start += take
            discarding -= take
            if discarding > 0 { return nil }
        }
        if let length = pendingLength {
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<(start + length)])
            start += length
            pendingLength = nil
            return .message(body)
        }
        // Skip stray line breaks between messages (some clients send a trailing CRLF).
        while start < buffer.count && (buffer[start] == 0x0D || buffer[start] == 0x0A) { start += 1 }
        guard start < buffer.count else { return nil }
        guard let (headerEnd, bodyStart) = findHeaderEnd() else {
            if buffer.count - start > maxHeaderSize {
                let skipped = resync(from: start + 1)
                return .badHeader("header block longer than \(maxHeaderSize) bytes without an empty line; skipped \(skipped) bytes")
            }
            return nil
        }
        // Split on LF bytes, not Characters: Swift reads "\r\n" as a single grapheme.
        var contentLength: Int?
        var problem: String?
        for rawLine in buffer[start..<headerEnd].split(separator: 0x0A, omittingEmptySubsequences: true) {
            let lineBytes = rawLine.last == 0x0D ? rawLine.dropLast() : rawLine
            let line = Substring(String(decoding: lineBytes, as: UTF8.self))
            guard let colon = line.firstIndex(of: ":") else {
                problem = "malformed header line '\(line.prefix(80))'"
                continue
            }
            let name = line[..<colon].trimmingSpaces().lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            if name == "content-length" {
                guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), value.utf8.count < 16, let n = Int(value) else {
                    problem = "invalid Content-Length '\(value.prefix(40))'"
                    continue
                }
                contentLength = n
            }
        }
        guard let length = contentLength else {
            // Garbage glued to a real header (`…}Content-Length: 52`): restart at the header.
            if let header = indexOfContentLength(in: (start + 1)..<headerEnd) {
                start = header
                return .badHeader(problem ?? "garbage before a header")
            }
            start = bodyStart
            // The header block is consumed; whatever follows is treated as the next header block.
            return .badHeader(problem ?? "header block without Content-Length")
        }
        start = bodyStart
        if length > maxBodySize {
            discarding = length
            return .oversized(length)
        }
        pendingLength = length
        return next()
    }

    /// End of the header block (index of its terminating empty line) and the body's first byte.
    private func findHeaderEnd() -> (Int, Int)? {
        var i = start
        let limit = min(buffer.count, start + maxHeaderSize + 4)
        while i < limit {
            if buffer[i] == 0x0A {
                if i + 1 < buffer.count && buffer[i + 1] == 0x0A { return (i, i + 2) }
                if i + 2 < buffer.count && buffer[i + 1] == 0x0D && buffer[i + 2] == 0x0A { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    private func indexOfContentLength(in range: Range<Int>) -> Int? {
        let needle = Array("content-length:".utf8)
        guard range.count >= needle.count else { return nil }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            var match = true
            for k in 0..<needle.count where buffer[i + k] | 0x20 != needle[k] | 0x20 {
                match = false
                break
            }
            if match { return i }
            i += 1
        }
        return nil
    }

    /// Drops bytes up to the next `Content-Length` header; returns how many were dropped.
    private mutating func resync(from position: Int) -> Int {
        let needle = Array("content-length".utf8)
        var i = position
        while i + needle.count <= buffer.count {
            var match = true
            for k in 0..<needle.count where buffer[i + k] | 0x20 != needle[k] {
                match = false
                break
            }
            if match { break }
            i += 1
        }
        let end = min(i, buffer.count)
        let dropped = end - start
        start = end
        return dropped
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Frames an outgoing body.
public func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
}
