import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads framed messages from stdin and writes them to stdout. Nothing else may write to stdout.
public enum StdioTransport {
    static let writeLock = NSLock()

    /// Writes all bytes to fd 1, retrying short writes; a closed pipe is the client's problem, not a crash.
    public static func write(_ bytes: [UInt8]) {
        writeLock.lock()
        defer { writeLock.unlock() }
        bytes.withUnsafeBufferPointer { buf in
            var offset = 0
            while offset < buf.count {
                let n = Glibc.write(1, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    /// Blocks reading stdin until it closes, feeding the server.
    public static func run(_ server: LanguageServer) {
        signal(SIGPIPE, SIG_IGN)
        var framer = MessageFramer()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            for event in framer.feed(chunk[0..<n]) {
                switch event {
                case .message(let body): server.receive(body)
                case .badHeader(let reason): server.receiveBadHeader(reason)
                case .oversized(let length): server.receiveOversized(length)
                }
            }
        }
        if framer.pendingByteCount > 0 { server.receiveBadHeader("input ended inside a message (\(framer.pendingByteCount) bytes)") }
        server.inputClosed()
    }
}
