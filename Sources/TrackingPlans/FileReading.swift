import Foundation
import JSONSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reading a workspace's files and folders without trusting them: the size is known before a byte is read (a
/// 2 GB sparse `big.json` used to cost 4 GB of memory before it was called too large), only regular files are
/// read (a FIFO would block forever), and what cannot be read or listed is said, with the system's reason.
public enum FileReading {
    /// The largest file `check` reads: a tracking design's file is kilobytes; past this, the file is reported
    /// (`json/document-too-large`) and not read.
    public static let maxFileBytes = 256 << 20

    public enum Failure: Swift.Error, CustomStringConvertible {
        case tooLarge(size: Int, limit: Int)
        case notRegular(kind: String)
        case system(String)

        public var description: String {
            switch self {
            case .tooLarge(let size, let limit): return "the file is \(size) bytes; trackspec reads files up to \(limit) bytes"
            case .notRegular(let kind): return "not a regular file (\(kind))"
            case .system(let reason): return reason
            }
        }
    }

    /// The system's words for `errno`.
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// The file's bytes: its size checked first (stat), then at most `limit` bytes read.
    public static func read(_ path: String, limit: Int = maxFileBytes) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            var link = stat()
            if code == ENOENT, lstat(path, &link) == 0 { throw Failure.system("a symbolic link to nothing (\(reason(code)))") }
            throw Failure.system(reason(code))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFIFO: throw Failure.notRegular(kind: "a named pipe")
        case S_IFDIR: throw Failure.notRegular(kind: "a folder")
        case S_IFCHR, S_IFBLK: throw Failure.notRegular(kind: "a device")
        case S_IFSOCK: throw Failure.notRegular(kind: "a socket")
        default: throw Failure.notRegular(kind: "not a file")
        }
        guard Int(info.st_size) <= limit else { throw Failure.tooLarge(size: Int(info.st_size), limit: limit) }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw Failure.system(reason(errno)) }
        defer { close(fd) }
        // Read what the size says and a little more (a file that grows); never past the limit.
        var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size) + 1, limit + 1))
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { throw Failure.tooLarge(size: count, limit: limit) }
                bytes += [UInt8](repeating: 0, count: min(max(bytes.count, 4096), limit + 1 - bytes.count))
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                #if canImport(Glibc)
                Glibc.read(fd, buffer.baseAddress! + count, buffer.count - count)
                #else
                Darwin.read(fd, buffer.baseAddress! + count, buffer.count - count)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure.system(reason(errno))
            }
            if n == 0 { break }
            count += n
        }
        guard count <= limit else { throw Failure.tooLarge(size: count, limit: limit) }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// A folder's entries by name, and the ones that cannot be named: a file name that is not UTF-8 cannot be
    /// matched by a glob nor printed faithfully, so it is skipped, said (escaped), never silently. Nil, with the
    /// reason, when the folder cannot be listed.
    static func entries(of folder: String) -> (names: [String], notUTF8: [String], failure: String?) {
        guard let dir = opendir(folder) else { return ([], [], reason(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        var bad: [String] = []
        while let entry = readdir(dir) {
            let raw = withUnsafeBytes(of: entry.pointee.d_name) { buffer -> [UInt8] in
                Array(buffer.prefix { $0 != 0 })
            }
            if raw == [46] || raw == [46, 46] { continue }
            if let name = String(validating: raw, as: UTF8.self) {
                names.append(name)
            } else {
                bad.append(String(decoding: raw, as: UTF8.self))
            }
        }
        return (names, bad, nil)
    }
}

extension Analyzer {
    /// A file not read because of its size: reported as the parser reports a document too large.
    public func tooLarge(path: String, size: Int, limit: Int) -> FileAnalysis {
        let d = Diagnostic(rule: SyntaxDiagnostic.Code.documentTooLarge.rawValue, range: 0..<0,
                           message: "the file is \(size) bytes; trackspec reads files up to \(limit) bytes, so it was not read")
        return FileAnalysis(path: path, tree: SyntaxTree(parsing: []), lineIndex: LineIndex([UInt8]()), diagnostics: applySeverities([d]))
    }
}
