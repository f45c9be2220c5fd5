import Foundation
import TrackingPlans

/// Cross-file facts (scenario names, property definitions, catalog ids) for every workspace file, so a buffer's
/// diagnostics include clashes with files that are not open. Filled from disk once per configuration,
/// then kept current from each analysis; analyses run concurrently, hence the lock.
final class WorkspaceFacts: @unchecked Sendable {
    private let lock = NSLock()
    private var byPath: [String: FileFacts] = [:]
    private var scannedFor: String?

    func reset() {
        lock.lock()
        byPath = [:]
        scannedFor = nil
        lock.unlock()
    }

    /// Concurrent analyses wait for one scan: none may run on half the workspace's facts.
    private let scanLock = NSLock()

    func scanIfNeeded(roots: [String], analyzer: Analyzer) {
        let key = roots.joined(separator: "\u{0}") + String(describing: analyzer.configuration)
        scanLock.lock()
        defer { scanLock.unlock() }
        lock.lock()
        let done = scannedFor == key
        if !done { scannedFor = key }
        lock.unlock()
        guard !done else { return }
        var found: [String: FileFacts] = [:]
        for root in roots {
            for file in (try? WorkspaceFiles.collect([root], configuration: analyzer.configuration)) ?? [] {
                guard let data = FileManager.default.contents(atPath: file), data.count <= 16 * 1024 * 1024 else { continue }
                let facts = analyzer.facts(path: file, bytes: [UInt8](data))
                if !facts.isEmpty { found[file] = facts }
            }
        }
        lock.lock()
        for (path, facts) in found where byPath[path] == nil { byPath[path] = facts }
        lock.unlock()
    }

    /// Records a file's facts; true when they changed (other files' diagnostics may change with them).
    func update(_ path: String, _ facts: FileFacts) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let old = byPath[path] ?? FileFacts()
        byPath[path] = facts.isEmpty ? nil : facts
        return old != facts
    }

    func others(excluding path: String) -> [FileFacts] {
        lock.lock()
        defer { lock.unlock() }
        return byPath.filter { $0.key != path }.map(\.value)
    }
}
