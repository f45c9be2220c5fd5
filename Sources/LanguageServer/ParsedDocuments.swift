import Foundation
import JSONSyntax
import TrackingPlans

/// The last parsed form of each open document version: completion, hover and definition requests on a
/// 1 MB buffer would otherwise parse it again on every keystroke (half of their latency). Filled by the
/// diagnostics analysis and by the requests themselves; read from concurrent analysis threads.
final class ParsedDocuments: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (version: Int, tree: SyntaxTree, lines: LineIndex)] = [:]

    /// Small documents parse in well under a millisecond: only large ones are worth their memory here.
    static let minimumBytes = 64 * 1024

    func store(_ uri: String, version: Int?, tree: SyntaxTree, lines: LineIndex) {
        guard let version, tree.bytes.count >= ParsedDocuments.minimumBytes else { return }
        lock.lock()
        entries[uri] = (version, tree, lines)
        lock.unlock()
    }

    /// The tree and line index of this snapshot: cached for its version, else parsed (and cached).
    func parsed(_ snapshot: Snapshot) -> (SyntaxTree, LineIndex) {
        lock.lock()
        if let version = snapshot.version, let e = entries[snapshot.uri], e.version == version {
            lock.unlock()
            return (e.tree, e.lines)
        }
        lock.unlock()
        let tree = DocumentParsing.parse(path: snapshot.path, bytes: snapshot.bytes)
        let lines = LineIndex(snapshot.bytes)
        store(snapshot.uri, version: snapshot.version, tree: tree, lines: lines)
        return (tree, lines)
    }

    func forget(_ uri: String) {
        lock.lock()
        entries[uri] = nil
        lock.unlock()
    }
}
