import Foundation
import JSONSyntax
import YAMLSyntax

/// Why a rename is refused, in a sentence for the editor to show.
public struct RenameRefusal: Error, Sendable, Hashable {
    public var message: String
    public init(message: String) { self.message = message }

    /// No symbol at the cursor.
    public static let nothingHere = RenameRefusal(message: "nothing to rename here: put the cursor on a rudder-cli or Data Catalog id, "
                                                  + "a reference to one, or an event specification's name")

    /// Why a data structure or one of its schema's properties is never renamed.
    static func notRenamed(_ symbol: NavigationSymbol) -> RenameRefusal {
        if case .schemaProperty = symbol {
            return RenameRefusal(message: "a schema's property cannot be renamed by trackspec: a new name is a new version of the data structure")
        }
        return RenameRefusal(message: "\(symbol) cannot be renamed by trackspec: its vendor and name are its schemas' paths in every registry")
    }
}

extension Analyzer {
    /// The characters trackspec writes into a renamed id: what needs no quoting or escaping in JSON strings, in YAML
    /// plain scalars and in rudder-cli's URNs (`#event:<id>`, `#/events/<group>/<id>`), so that every reference
    /// keeps its notation byte for byte around the id.
    static func isRenameableID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { b in
            (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F || b == 0x2D || b == 0x2E
        } && !id.hasPrefix("-") && !id.hasPrefix(".")
            // Read back as the same string in a YAML plain scalar (not `123`, `true`, `null`).
            && YAMLWriter.scalarString(id) == id
    }

    /// Where the symbol at `offset` can be renamed: the id's own bytes there, or the name's content (for the editor to
    /// show and select); refused with the reason elsewhere.
    public func renameRange(path: String, tree: SyntaxTree, offset: Int, own: FileFacts) -> Result<Range<Int>, RenameRefusal> {
        guard let symbol = symbol(path: path, tree: tree, offset: offset, own: own) else {
            return .failure(.nothingHere)
        }
        let spans: [Range<Int>]
        let id: String
        switch symbol {
        case .projectResource(_, let name):
            id = name
            spans = own.rudderstack.resources.map(\.idRange) + own.rudderstack.projectReferences.map(\.range)
        case .catalogItem(_, let name):
            id = name
            spans = own.rudderstack.catalog.compactMap(\.idRange) + own.rudderstack.references.map(\.range)
        case .scenarioName:
            guard let span = own.scenarios.map(\.nameRange).first(where: { $0.touches(offset) }) else { return .failure(RenameRefusal(message: "no name here")) }
            // The content, inside the quotes when there are some.
            let quoted = span.count >= 2 && (tree.bytes[span.lowerBound] == 0x22 || tree.bytes[span.lowerBound] == 0x27)
            return .success(quoted ? (span.lowerBound + 1)..<(span.upperBound - 1) : span)
        case .dataStructure, .schemaProperty:
            return .failure(.notRenamed(symbol))
        }
        guard let span = spans.first(where: { $0.touches(offset) }), let idSpan = Analyzer.idSpan(tree.bytes, span, id: id) else {
            return .failure(RenameRefusal(message: "'\(id)' is written with escapes here: rename it by hand"))
        }
        return .success(idSpan)
    }

    /// The edits renaming `symbol` to `newName` in every file of `facts` that defines or references it. An id (a
    /// rudder-cli resource's, a Data Catalog item's) is replaced by its bytes alone (quotes, URN prefix and group
    /// kept); an event specification's name is written anew in its file's notation. `bytesOf` reads a file as the
    /// editor has it (open buffers as typed). Refused where the new id is not one trackspec writes or is taken by
    /// another item of the kind, where the new name is empty or taken within the data structure, or where an
    /// occurrence is not the id's plain bytes.
    public func renameEdits(_ symbol: NavigationSymbol, to newName: String, in facts: FileFacts,
                            bytesOf: (String) -> [UInt8]?) -> Result<[String: [TextEdit]], RenameRefusal> {
        let id: String
        switch symbol {
        case .dataStructure, .schemaProperty:
            return .failure(.notRenamed(symbol))
        case .scenarioName(let structure, let name):
            return renameScenario(structure: structure, from: name, to: newName, in: facts, bytesOf: bytesOf)
        case .projectResource(let kind, let old):
            id = old
            if let taken = facts.rudderstack.resources.first(where: { $0.urnKind == kind && $0.id == newName }), newName != old {
                return .failure(RenameRefusal(message: "another \(kind) already has the id '\(newName)' (\(taken.path))"))
            }
        case .catalogItem(let kind, let old):
            id = old
            if let taken = facts.rudderstack.catalog.first(where: { $0.kind == kind && $0.id == newName }), newName != old {
                return .failure(RenameRefusal(message: "another catalog \(kind.rawValue) already has the id '\(newName)' (\(taken.path))"))
            }
        }
        guard Analyzer.isRenameableID(newName) else {
            return .failure(RenameRefusal(message: "'\(newName)' is not an id trackspec writes: use letters, digits, '_', '-' and '.' "
                                          + "(not first; not a number, boolean or null), which need no quoting in JSON, YAML or a reference"))
        }
        if newName == id { return .success([:]) }
        var edits: [String: [TextEdit]] = [:]
        var files: [String: [UInt8]] = [:]
        for reference in references(to: symbol, in: facts, includeDeclaration: true) {
            let path = reference.location.path
            if files[path] == nil { files[path] = bytesOf(path) }
            guard let bytes = files[path], let span = Analyzer.idSpan(bytes, reference.location.range, id: id) else {
                return .failure(RenameRefusal(message: "'\(id)' in \(path) is not written as its plain bytes (escapes, or the file changed): rename it by hand"))
            }
            edits[path, default: []].append(TextEdit(range: span, newText: newName))
        }
        return .success(edits)
    }

    /// An event specification's name: unique among the names of its data structure's scenarios (`snowplow/name-duplicate`),
    /// written as a string of the file's notation (YAML: plain where it reads the same, else quoted as it was).
    func renameScenario(structure: String, from name: String, to newName: String, in facts: FileFacts,
                        bytesOf: (String) -> [UInt8]?) -> Result<[String: [TextEdit]], RenameRefusal> {
        let trimmed = newName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(RenameRefusal(message: "an event specification needs a non-empty name")) }
        if trimmed != name, let taken = facts.scenarios.first(where: { $0.structure == structure && $0.name == trimmed }) {
            return .failure(RenameRefusal(message: "another event specification of \(structure) is named '\(trimmed)' (\(taken.path)): "
                                          + "two of one data structure with one name cannot be told apart"))
        }
        var edits: [String: [TextEdit]] = [:]
        for reference in references(to: .scenarioName(structure: structure, name: name), in: facts, includeDeclaration: true) {
            let path = reference.location.path
            guard let bytes = bytesOf(path) else { return .failure(RenameRefusal(message: "cannot read \(path)")) }
            let tree = DocumentParsing.parse(path: path, bytes: bytes).document(containing: reference.location.range.lowerBound)
            guard let node = tree.node(at: reference.location.range.lowerBound), tree.kind(node) == .string,
                  tree.range(node) == reference.location.range else {
                return .failure(RenameRefusal(message: "the name in \(path) changed since it was read: try again"))
            }
            let text = tree.syntax == .yaml ? YAMLEdits.scalar(trimmed, replacing: node, in: tree) : JSONWriter().string(.string(trimmed))
            edits[path, default: []].append(TextEdit(range: reference.location.range, newText: text))
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
