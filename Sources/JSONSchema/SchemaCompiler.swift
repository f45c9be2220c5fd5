import Foundation
import JSONSyntax

/// Turns schema documents into a `CompiledSchema`: every keyword checked against its draft (problems are
/// `SchemaDiagnostic`s at the keyword's range, never crashes), `id`/`$id` scopes tracked, and `$ref`s
/// resolved — within the document, to plain-name anchors, or to remote documents the caller supplies.
/// No I/O happens here: `remotes` is how a caller (tests, the Iglu layer) provides other documents.
public struct SchemaCompiler {
    public typealias RemoteLoader = (String) -> SyntaxTree?

    public static func compile(_ tree: SyntaxTree, baseURI: String = "", defaultDraft: Draft = .draft4,
                               remotes: @escaping RemoteLoader = { _ in nil }) -> CompiledSchema {
        let compilation = Compilation(defaultDraft: defaultDraft, remotes: remotes)
        return compilation.run(tree, baseURI: baseURI)
    }

    public static func compile(_ value: JSONValue, baseURI: String = "", defaultDraft: Draft = .draft4,
                               remotes: @escaping RemoteLoader = { _ in nil }) -> CompiledSchema {
        compile(SyntaxTree(parsing: JSONWriter().string(value)), baseURI: baseURI, defaultDraft: defaultDraft, remotes: remotes)
    }

    /// RFC 3986 reference resolution, with `urn:`-style bases handled for fragment-only references.
    public static func resolve(_ reference: String, against base: String) -> String {
        if FormatChecker.hasScheme(reference) { return stripEmptyFragment(reference) }
        if base.isEmpty { return stripEmptyFragment(reference) }
        if reference.hasPrefix("#") { return stripEmptyFragment(splitFragment(base).0 + reference) }
        if let baseURL = URL(string: base), let url = URL(string: reference, relativeTo: baseURL) {
            return stripEmptyFragment(url.absoluteString)
        }
        return stripEmptyFragment(reference)
    }

    static func stripEmptyFragment(_ uri: String) -> String { uri.hasSuffix("#") ? String(uri.dropLast()) : uri }

    static func splitFragment(_ uri: String) -> (String, String?) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, nil) }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }
}

final class Compilation {
    struct Location {
        var document: String
        /// Index of the document in `trees`: nodes are keyed by (document, syntax node), both integers.
        var documentIndex: Int
        var node: NodeID
        var pointer: JSONPointer
        var base: String
    }

    var nodes: [SchemaNode] = []
    var diagnostics: [SchemaDiagnostic] = []
    /// Documents loaded (the root, then remote ones), in `Location.documentIndex` order.
    var trees: [SyntaxTree] = []
    var documentURIs = Set<String>()
    var byLocation: [LocationKey: Int] = [:]
    struct LocationKey: Hashable { var document: Int; var node: NodeID }
    var ids: [String: Location] = [:]
    var pendingRefs: [(index: Int, ref: String, base: String)] = []
    var draft: Draft
    let remotes: SchemaCompiler.RemoteLoader

    func addDocument(_ uri: String, _ tree: SyntaxTree) -> Int {
        trees.append(tree)
        documentURIs.insert(uri)
        return trees.count - 1
    }

    init(defaultDraft: Draft, remotes: @escaping SchemaCompiler.RemoteLoader) {
        self.draft = defaultDraft
        self.remotes = remotes
    }

    func run(_ tree: SyntaxTree, baseURI: String) -> CompiledSchema {
        let documentURI = SchemaCompiler.stripEmptyFragment(baseURI.isEmpty ? "trackspec:root" : baseURI)
        let documentIndex = addDocument(documentURI, tree)
        guard let rootNode = tree.root else {
            diagnostics.append(SchemaDiagnostic(message: "the schema is not valid JSON", pointer: [], range: nil, severity: .error))
            let node = SchemaNode(documentURI: documentURI, pointer: [], range: nil)
            node.boolean = true
            return CompiledSchema(nodes: [node], root: 0, draft: draft, diagnostics: diagnostics)
        }
        if tree.kind(rootNode) == .object, let s = tree.member("$schema", in: rootNode), tree.kind(s) == .string {
            if let d = Draft.named(by: tree.stringValue(s)) { draft = d }
        }
        ids[documentURI] = Location(document: documentURI, documentIndex: documentIndex, node: rootNode, pointer: [], base: documentURI)
        let root = compile(Location(document: documentURI, documentIndex: documentIndex, node: rootNode, pointer: [], base: documentURI))
        var guardCount = 0
        while let pending = pendingRefs.popLast(), guardCount < 100_000 {
            guardCount += 1
            resolveRef(pending.index, pending.ref, pending.base)
        }
        // In document order, as editors list them; problems outside the document last.
        let ordered = diagnostics.enumerated().sorted {
            ($0.element.range?.lowerBound ?? Int.max, $0.offset) < ($1.element.range?.lowerBound ?? Int.max, $1.offset)
        }.map(\.element)
        return CompiledSchema(nodes: nodes, root: root, draft: draft, diagnostics: ordered)
    }

    // MARK: Diagnostics

    func report(_ message: String, _ location: Location, _ node: NodeID?, key: String? = nil, severity: Severity = .error) {
        let tree = trees[location.documentIndex]
        let inRoot = location.documentIndex == 0
        let range = inRoot ? node.map { tree.range($0) } : nil
        let pointer = key.map { location.pointer.appending(.key($0)) } ?? location.pointer
        diagnostics.append(SchemaDiagnostic(message: message, pointer: pointer, range: range, severity: severity))
    }

    // MARK: Compilation

    @discardableResult
    func compile(_ location: Location, booleanAllowed: Bool? = nil) -> Int {
        let locationKey = LocationKey(document: location.documentIndex, node: location.node)
        if let existing = byLocation[locationKey] { return existing }
        let tree = trees[location.documentIndex]
        let index = nodes.count
        nodes.append(SchemaNode(documentURI: location.document, pointer: location.pointer,
                                range: location.documentIndex == 0 ? tree.range(location.node) : nil))
        byLocation[locationKey] = index
        switch tree.kind(location.node) {
        case .boolean:
            let allowed = booleanAllowed ?? (draft != .draft4)
            if !allowed {
                report("a schema must be an object in \(draft.rawValue) (boolean schemas arrived in draft-06)", location, location.node)
            }
            nodes[index].boolean = tree.boolValue(location.node)
        case .object:
            compileObject(index, location, tree)
        default:
            report("a schema must be an object\(draft == .draft4 ? "" : " or a boolean")", location, location.node)
            nodes[index].boolean = true
        }
        return index
    }

    func compileObject(_ index: Int, _ location: Location, _ tree: SyntaxTree) {
        let object = location.node
        var members: [(String, NodeID, NodeID)] = []
        for p in tree.children(object) {
            guard let k = tree.keyString(ofProperty: p), let v = tree.value(ofProperty: p), let kn = tree.key(ofProperty: p) else { continue }
            members.append((k, v, kn))
            if k == "$ref" { nodes[index].refRange = tree.range(p) }
        }
        func member(_ name: String) -> NodeID? { members.last { $0.0 == name }?.1 }
        var location = location
        let hasRef = member("$ref").map { tree.kind($0) == .string } ?? false
        // Scope: `id` (draft-04) / `$id` (draft-06+). Ignored beside `$ref`, which replaces the whole schema.
        let idKeyword = draft == .draft4 ? "id" : "$id"
        if !hasRef, let idNode = member(idKeyword) {
            if tree.kind(idNode) == .string {
                let resolved = SchemaCompiler.resolve(tree.stringValue(idNode), against: location.base)
                let (absolute, fragment) = SchemaCompiler.splitFragment(resolved)
                if let fragment, !fragment.isEmpty {
                    if !fragment.hasPrefix("/") { ids[resolved] = location }
                    if !absolute.isEmpty && absolute != SchemaCompiler.splitFragment(location.base).0 {
                        location.base = absolute
                        ids[absolute] = ids[absolute] ?? location
                    }
                } else {
                    location.base = absolute
                    ids[absolute] = location
                }
            } else {
                report("'\(idKeyword)' must be a string", location, idNode, key: idKeyword)
            }
        }
        if let refNode = member("$ref"), tree.kind(refNode) != .string {
            // Not a reference at all: report it and read the rest of the schema as usual.
            report("'$ref' must be a string", location, refNode, key: "$ref")
        }
        if hasRef, let refNode = member("$ref") {
            let ref = tree.stringValue(refNode)
            nodes[index].unresolvedRef = ref
            pendingRefs.append((index, ref, location.base))
            // Draft-04 to -07: every other keyword beside `$ref` is ignored, but definitions may still be
            // the target of other references, so they are compiled.
            if let defs = member("definitions"), tree.kind(defs) == .object {
                for p in tree.children(defs) {
                    guard let k = tree.keyString(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                    compile(child(location, v, .key("definitions"), .key(k)))
                }
            }
            return
        }
        for (keyword, value, _) in members {
            compileKeyword(index, keyword, value, location, tree)
        }
        if draft == .draft4 {
            let exclusiveMax = member("exclusiveMaximum"), exclusiveMin = member("exclusiveMinimum")
            if let e = exclusiveMax, tree.boolValue(e) == true {
                if let m = nodes[index].maximum { nodes[index].exclusiveMaximum = m; nodes[index].maximum = nil } else {
                    report("'exclusiveMaximum' needs 'maximum' beside it", location, e, key: "exclusiveMaximum")
                }
            }
            if let e = exclusiveMin, tree.boolValue(e) == true {
                if let m = nodes[index].minimum { nodes[index].exclusiveMinimum = m; nodes[index].minimum = nil } else {
                    report("'exclusiveMinimum' needs 'minimum' beside it", location, e, key: "exclusiveMinimum")
                }
            }
        }
    }

    func child(_ location: Location, _ node: NodeID, _ segments: PathSegment...) -> Location {
        var l = location
        l.node = node
        for s in segments { l.pointer = l.pointer.appending(s) }
        return l
    }

    static let typeNames = ["null", "boolean", "object", "array", "number", "string", "integer"]

    func compileKeyword(_ index: Int, _ keyword: String, _ value: NodeID, _ location: Location, _ tree: SyntaxTree) {
        let kind = tree.kind(value)
        func bad(_ message: String) { report(message, location, value, key: keyword) }
        /// The strings of an array-valued keyword; each entry that is not a string is reported where it stands.
        func stringEntries() -> [String] {
            var names: [String] = []
            for item in tree.children(value) {
                guard tree.kind(item) == .string else {
                    report("'\(keyword)' entries must be strings", location, item, key: keyword)
                    continue
                }
                names.append(tree.stringValue(item))
            }
            return names
        }
        func schema(_ booleanAllowed: Bool? = nil) -> Int { compile(child(location, value, .key(keyword)), booleanAllowed: booleanAllowed) }
        func nonNegativeInteger() -> Int? {
            guard let n = tree.numberValue(value), n.isInteger, !(n.negative && !n.isZero), draft != .draft4 || !tree.text(value).contains(".") else {
                bad("'\(keyword)' must be a non-negative integer")
                return nil
            }
            let value = min(n.intValue ?? SchemaNode.sizeCeiling, SchemaNode.sizeCeiling)
            // See `SchemaNode.sizeCeiling`: a maximum no document can reach bounds nothing.
            return keyword.hasPrefix("max") && value >= SchemaNode.sizeCeiling ? nil : value
        }
        func number() -> JSONNumber? {
            guard let n = tree.numberValue(value) else {
                bad("'\(keyword)' must be a number")
                return nil
            }
            return n
        }
        func schemaArray() -> [Int] {
            guard kind == .array else {
                bad("'\(keyword)' must be an array of schemas")
                return []
            }
            if tree.childCount(value) == 0 { bad("'\(keyword)' must not be empty") }
            return tree.children(value).enumerated().map { i, item in compile(child(location, item, .key(keyword), .index(i))) }
        }
        func regex(_ node: NodeID) -> ECMARegex? {
            do { return try ECMARegex(tree.stringValue(node)) } catch {
                report("invalid regular expression /\(tree.stringValue(node))/: \(error)", location, node, key: keyword)
                return nil
            }
        }
        func draft6(_ body: () -> Void) { if draft != .draft4 { body() } }
        func draft7(_ body: () -> Void) { if draft == .draft7 { body() } }

        switch keyword {
        case "type":
            var names: [String] = []
            if kind == .string {
                names = [tree.stringValue(value)]
            } else if kind == .array {
                names = stringEntries()
                if names.isEmpty && draft == .draft4 { bad("'type' must not be an empty array") }
                if Set(names).count != names.count { bad("'type' lists a type twice") }
            } else {
                bad("'type' must be a type name or an array of type names")
                return
            }
            for n in names where !Compilation.typeNames.contains(n) {
                bad("unknown type '\(n)'; expected one of \(Compilation.typeNames.joined(separator: ", "))")
            }
            nodes[index].types = names.filter { Compilation.typeNames.contains($0) }
        case "enum":
            guard kind == .array, let values = tree.value(value)?.arrayValue else {
                bad("'enum' must be an array")
                return
            }
            if values.isEmpty { report("'enum' is empty: no value can be valid", location, value, key: keyword, severity: draft == .draft4 ? .error : .warning) }
            if draft == .draft4 && Set(values).count != values.count { bad("'enum' lists a value twice") }
            nodes[index].enumValues = values
        case "const":
            draft6 { nodes[index].constValue = tree.value(value) ?? .null }
        case "multipleOf":
            if let n = number() {
                if n.negative || n.isZero { bad("'multipleOf' must be greater than 0") } else { nodes[index].multipleOf = n }
            }
        case "maximum": nodes[index].maximum = number()
        case "minimum": nodes[index].minimum = number()
        case "exclusiveMaximum", "exclusiveMinimum":
            if draft == .draft4 {
                if kind != .boolean { bad("'\(keyword)' must be a boolean in draft-04") }
            } else if let n = number() {
                if keyword == "exclusiveMaximum" { nodes[index].exclusiveMaximum = n } else { nodes[index].exclusiveMinimum = n }
            }
        case "minLength": nodes[index].minLength = nonNegativeInteger()
        case "maxLength": nodes[index].maxLength = nonNegativeInteger()
        case "minItems": nodes[index].minItems = nonNegativeInteger()
        case "maxItems": nodes[index].maxItems = nonNegativeInteger()
        case "minProperties": nodes[index].minProperties = nonNegativeInteger()
        case "maxProperties": nodes[index].maxProperties = nonNegativeInteger()
        case "pattern":
            guard kind == .string else { return bad("'pattern' must be a string") }
            nodes[index].pattern = regex(value)
        case "format":
            guard kind == .string else { return bad("'format' must be a string") }
            nodes[index].format = tree.stringValue(value)
        case "contentMediaType", "contentEncoding":
            draft7 {
                guard kind == .string else { return bad("'\(keyword)' must be a string") }
                if keyword == "contentMediaType" { nodes[index].contentMediaType = tree.stringValue(value) } else { nodes[index].contentEncoding = tree.stringValue(value) }
            }
        case "items":
            if kind == .array {
                nodes[index].tupleItems = tree.children(value).enumerated().map { i, item in compile(child(location, item, .key(keyword), .index(i))) }
            } else {
                nodes[index].items = schema()
            }
        case "additionalItems": nodes[index].additionalItems = schema(true)
        case "additionalProperties": nodes[index].additionalProperties = schema(true)
        case "uniqueItems":
            guard let b = tree.boolValue(value) else { return bad("'uniqueItems' must be a boolean") }
            nodes[index].uniqueItems = b
        case "contains": draft6 { nodes[index].contains = schema() }
        case "propertyNames": draft6 { nodes[index].propertyNames = schema() }
        case "properties", "definitions", "patternProperties":
            guard kind == .object else { return bad("'\(keyword)' must be an object of schemas") }
            // Collected first and assigned once: each assignment re-indexes the properties.
            var properties: [(String, Int)] = []
            for p in tree.children(value) {
                guard let k = tree.keyString(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                let compiled = compile(child(location, v, .key(keyword), .key(k)))
                if keyword == "properties" {
                    properties.append((k, compiled))
                } else if keyword == "patternProperties", let key = tree.key(ofProperty: p), let r = regex(key) {
                    nodes[index].patternProperties.append((r, compiled))
                }
            }
            if keyword == "properties" { nodes[index].properties += properties }
        case "required":
            guard kind == .array else { return bad("'required' must be an array of property names") }
            let names = stringEntries()
            if names.isEmpty && draft == .draft4 { bad("'required' must not be empty in draft-04") }
            if Set(names).count != names.count { bad("'required' lists a property twice") }
            nodes[index].required = names
        case "dependencies":
            guard kind == .object else { return bad("'dependencies' must be an object") }
            for p in tree.children(value) {
                guard let k = tree.keyString(ofProperty: p), let v = tree.value(ofProperty: p) else { continue }
                if tree.kind(v) == .array {
                    let names = tree.children(v).compactMap { tree.kind($0) == .string ? tree.stringValue($0) : nil }
                    if names.count != tree.childCount(v) { report("property dependencies must be strings", location, v, key: keyword) }
                    nodes[index].dependencies.append((k, .properties(names)))
                } else {
                    nodes[index].dependencies.append((k, .schema(compile(child(location, v, .key(keyword), .key(k))))))
                }
            }
        case "allOf": nodes[index].allOf = schemaArray()
        case "anyOf": nodes[index].anyOf = schemaArray()
        case "oneOf": nodes[index].oneOf = schemaArray()
        case "not": nodes[index].not = schema()
        case "if": draft7 { nodes[index].ifSchema = schema() }
        case "then": draft7 { nodes[index].thenSchema = schema() }
        case "else": draft7 { nodes[index].elseSchema = schema() }
        case "title":
            if kind == .string { nodes[index].title = tree.stringValue(value) } else { bad("'title' must be a string") }
        case "description":
            if kind == .string { nodes[index].description = tree.stringValue(value) } else { bad("'description' must be a string") }
        default:
            break
        }
    }

    // MARK: References

    func resolveRef(_ index: Int, _ ref: String, _ base: String) {
        let resolved = SchemaCompiler.resolve(ref, against: base)
        let (absolute, fragment) = SchemaCompiler.splitFragment(resolved)
        if let target = locate(absolute: absolute, fragment: fragment, full: resolved) {
            nodes[index].ref = target
            nodes[index].unresolvedRef = nil
        } else {
            let node = nodes[index]
            diagnostics.append(SchemaDiagnostic(message: "cannot resolve $ref '\(ref)'", pointer: node.pointer.appending(.key("$ref")),
                                                range: node.refRange, severity: .error))
        }
    }

    func locate(absolute: String, fragment: String?, full: String) -> Int? {
        // Plain-name anchors (`"$id": "#foo"`).
        if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
            if let location = ids[full] { return compile(location) }
            return nil
        }
        var start = ids[absolute]
        if start == nil, !documentURIs.contains(absolute), !absolute.isEmpty,
           let remote = BuiltInSchemas.documents[absolute].map({ SyntaxTree(parsing: $0) }) ?? remotes(absolute), let rootNode = remote.root {
            let location = Location(document: absolute, documentIndex: addDocument(absolute, remote), node: rootNode, pointer: [], base: absolute)
            ids[absolute] = location
            compile(location)
            start = location
        }
        guard let origin = start else { return nil }
        guard let fragment, !fragment.isEmpty else { return compile(origin) }
        guard let pointer = JSONPointer(parsing: "#" + fragment) else { return nil }
        let tree = trees[origin.documentIndex]
        var node = origin.node
        var path = origin.pointer
        for segment in pointer.segments {
            guard case .key(let k) = segment else { return nil }
            switch tree.kind(node) {
            case .object:
                guard let next = tree.member(k, in: node) else { return nil }
                node = next
                path = path.appending(.key(k))
            case .array:
                guard let i = Int(k), let next = tree.item(i, in: node) else { return nil }
                node = next
                path = path.appending(.index(i))
            default:
                return nil
            }
        }
        return compile(Location(document: origin.document, documentIndex: origin.documentIndex, node: node, pointer: path, base: origin.base))
    }
}
