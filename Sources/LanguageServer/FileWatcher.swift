import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The server's own watch on the workspace's folders, for clients that cannot watch files for it or whose
/// watcher misses what users do: Neovim 0.7 has no `workspace/didChangeWatchedFiles`, so a file changed by
/// `git checkout` or `sed` was seen only after `:w`; Eglot 1.9 drops renamed files, and `sed -i` renames its
/// output over the file. rust-analyzer watches for itself in the same case.
///
/// Linux inotify, one watch per folder (bounded: `maxFolders`; hidden folders, `node_modules` and build
/// folders are not walked), read by one thread blocked in `poll` — no busy polling. Bursts are coalesced:
/// `onChange` gets the paths changed once nothing has happened for `quiet`. Elsewhere (no inotify) it does
/// nothing: `start` returns nil.
final class FileWatcher: @unchecked Sendable {
    static let maxFolders = 8_192
    static let skippedFolders: Set<String> = ["node_modules", ".build", ".build-static", ".build-fuzz", "build", "dist", "target"]

    private let lock = NSLock()
    private var pending = Set<String>()
    private var generation = 0
    private let quiet: DispatchTimeInterval
    private let onChange: @Sendable ([String]) -> Void
    private let log: @Sendable (String) -> Void
    #if os(Linux)
    private let fd: Int32
    private var stopPipe: [Int32] = [-1, -1]
    private var folders: [Int32: String] = [:]
    #endif

    private init?(quiet: DispatchTimeInterval, log: @escaping @Sendable (String) -> Void, onChange: @escaping @Sendable ([String]) -> Void) {
        self.quiet = quiet
        self.onChange = onChange
        self.log = log
        #if os(Linux)
        fd = inotify_init1(Int32(IN_CLOEXEC))
        guard fd >= 0 else { return nil }
        guard pipe(&stopPipe) == 0 else {
            close(fd)
            return nil
        }
        #else
        return nil
        #endif
    }

    /// Watches `roots` (and the folders below them); nil where the system offers no inotify.
    static func start(roots: [String], quiet: DispatchTimeInterval = .milliseconds(150), log: @escaping @Sendable (String) -> Void,
                      onChange: @escaping @Sendable ([String]) -> Void) -> FileWatcher? {
        #if os(Linux)
        guard let watcher = FileWatcher(quiet: quiet, log: log, onChange: onChange) else { return nil }
        // The folders are walked on the watcher's thread: a workspace opened at `/` must not hold the server up.
        let thread = Thread {
            for root in roots { watcher.watchTree(root) }
            watcher.run()
        }
        thread.name = "trackspec file watcher"
        thread.start()
        return watcher
        #else
        return nil
        #endif
    }

    /// Ends the watch: the reading thread returns and the descriptors are closed.
    func stop() {
        #if os(Linux)
        var byte: UInt8 = 1
        _ = write(stopPipe[1], &byte, 1)
        #endif
    }

    #if os(Linux)
    private var mask: UInt32 {
        UInt32(IN_CLOSE_WRITE) | UInt32(IN_MOVED_TO) | UInt32(IN_MOVED_FROM) | UInt32(IN_CREATE) | UInt32(IN_DELETE) | UInt32(IN_DELETE_SELF)
            | UInt32(IN_ONLYDIR)
    }

    /// Adds a watch on `root` and every folder below it, breadth first, until `maxFolders`.
    private func watchTree(_ root: String) {
        var queue = [root]
        while let folder = queue.popLast() {
            lock.lock()
            let count = folders.count
            lock.unlock()
            guard count < FileWatcher.maxFolders else {
                log("file watching: \(FileWatcher.maxFolders) folders watched, no more (\(folder) and others are not)")
                return
            }
            let wd = inotify_add_watch(fd, folder, mask)
            guard wd >= 0 else { continue }
            lock.lock()
            folders[wd] = folder
            lock.unlock()
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where !name.hasPrefix(".") && !FileWatcher.skippedFolders.contains(name) {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                guard !["/proc", "/sys", "/dev", "/run"].contains(path) else { continue }
                var isFolder: ObjCBool = false
                // Links are not followed: a link to `/` must not make the server watch the machine.
                if (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) == nil,
                   FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                    queue.append(path)
                }
            }
        }
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: stopPipe[0], events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { break }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            var changed: [String] = []
            var newFolders: [String] = []
            var offset = 0
            let headerSize = MemoryLayout<inotify_event>.size
            while offset + headerSize <= count {
                let (wd, eventMask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameBytes = buffer[(offset + headerSize)..<min(offset + headerSize + length, count)].prefix { $0 != 0 }
                offset += headerSize + length
                lock.lock()
                let folder = folders[wd]
                if eventMask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil }
                lock.unlock()
                guard let folder, !nameBytes.isEmpty else { continue }
                let name = String(decoding: nameBytes, as: UTF8.self)
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                if eventMask & UInt32(IN_ISDIR) != 0 {
                    if eventMask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0, !name.hasPrefix("."), !FileWatcher.skippedFolders.contains(name) {
                        newFolders.append(path)
                    }
                    continue
                }
                changed.append(path)
            }
            for folder in newFolders { watchTree(folder) }
            if !changed.isEmpty { note(changed) }
        }
        close(fd)
        close(stopPipe[0])
        close(stopPipe[1])
    }
    #endif

    /// Collects changed paths; hands them over once `quiet` has passed without another.
    private func note(_ paths: [String]) {
        lock.lock()
        pending.formUnion(paths)
        generation += 1
        let mine = generation
        lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + quiet) { [self] in
            lock.lock()
            guard generation == mine else {
                lock.unlock()
                return
            }
            let batch = pending.sorted()
            pending = []
            lock.unlock()
            onChange(batch)
        }
    }
}
