import JSONSyntax

/// Why a rename is refused, in a sentence for the editor to show.
public struct RenameRefusal: Error, Sendable, Hashable {
    public var message: String
    public init(message: String) { self.message = message }
}

extension Analyzer {
    /// The characters trackspec writes into a renamed id: what needs no quoting or escaping in JSON strings, in YAML
    /// plain scalars and in rudder-cli's URNs (`#event:<id>`, `#/events/<group>/<id>`), so that every reference
    /// keeps its notation byte for byte around the id.
    static func isRenameableID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || b == 0x2D || b == 0x2E
        } && !id.hasPrefix("-") && !id.hasPrefix(".")
    }

    /// Where `symbol` can be renamed from `offset`: the id's own bytes there (for the editor to show and select).
    public func renameRange(path: String, tree: SyntaxTree, offset: Int, own: FileFacts) -> Result<Range<Int>, RenameRefusal> {
        guard let symbol = symbol(path: path, tree: tree, offset: offset, own: own) else {
            return .failure(RenameRefusal(message: "nothing to rename here: put the cursor on a rudder-cli resource's id or a reference to it"))
        }
        guard case .projectResource(_, let id) = symbol else {
            return .failure(RenameRefusal(message: "\(symbol) cannot be renamed by trackspec: only rudder-cli resources' ids can"))
        }
        let spans = (own.rudderstack.resources.map(\.idRange) + own.rudderstack.projectReferences.map(\.range))
            .filter { $0.contains(offset) || $0.upperBound == offset }
        guard let span = spans.first, let idSpan = Analyzer.idSpan(tree.bytes, span, id: id) else {
            return .failure(RenameRefusal(message: "'\(id)' is written with escapes here: rename it by hand"))
        }
        return .success(idSpan)
    }

    /// The edits renaming a rudder-cli resource's id to `newID` in every file of `facts` that defines or references
    /// it, each replacing only the id's bytes (quotes, URN prefix and group kept). `bytesOf` reads a file as the
    /// editor has it (open buffers as typed). Refused where the new id is not one trackspec writes, is taken by
    /// another resource of the kind, or where an occurrence is not the id's plain bytes.
    public func renameEdits(_ symbol: NavigationSymbol, to newID: String, in facts: FileFacts,
                            bytesOf: (String) -> [UInt8]?) -> Result<[String: [TextEdit]], RenameRefusal> {
        guard case .projectResource(let kind, let id) = symbol else {
            return .failure(RenameRefusal(message: "\(symbol) cannot be renamed by trackspec: only rudder-cli resources' ids can"))
        }
        guard Analyzer.isRenameableID(newID) else {
            return .failure(RenameRefusal(message: "'\(newID)' is not an id trackspec writes: use letters, digits, '_', '-' and '.' "
                                          + "(not first), which need no quoting in JSON, YAML or a reference"))
        }
        if newID == id { return .success([:]) }
        if let taken = facts.rudderstack.resources.first(where: { $0.urnKind == kind && $0.id == newID }) {
            return .failure(RenameRefusal(message: "another \(kind) already has the id '\(newID)' (\(taken.path))"))
        }
        var edits: [String: [TextEdit]] = [:]
        var files: [String: [UInt8]] = [:]
        for reference in references(to: symbol, in: facts, includeDeclaration: true) {
            let path = reference.location.path
            if files[path] == nil { files[path] = bytesOf(path) }
            guard let bytes = files[path], let span = Analyzer.idSpan(bytes, reference.location.range, id: id) else {
                return .failure(RenameRefusal(message: "'\(id)' in \(path) is not written as its plain bytes (escapes, or the file changed): rename it by hand"))
            }
            edits[path, default: []].append(TextEdit(range: span, newText: newID))
        }
        return .success(edits)
    }

    /// The bytes of `id` at the end of a scalar's content at `range` (quotes, if any, excluded): a resource's id,
    /// or the last segment of a reference (`#event:<id>`, `#/events/<group>/<id>`). Nil when they are not there.
    static func idSpan(_ bytes: [UInt8], _ range: Range<Int>, id: String) -> Range<Int>? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count, !range.isEmpty else { return nil }
        var end = range.upperBound
        let first = bytes[range.lowerBound]
        if (first == 0x22 || first == 0x27), range.count >= 2, bytes[end - 1] == first { end -= 1 }
        let idBytes = Array(id.utf8)
        let start = end - idBytes.count
        guard start >= range.lowerBound, Array(bytes[start..<end]) == idBytes else { return nil }
        // The id is the whole scalar, or what follows the URN's `:` or `/`.
        let before = start > range.lowerBound ? bytes[start - 1] : nil
        guard before == nil || before == 0x22 || before == 0x27 || before == 0x3A || before == 0x2F else { return nil }
        return start..<end
    }
}
