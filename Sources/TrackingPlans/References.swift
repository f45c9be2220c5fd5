import Iglu
import JSONSyntax

/// What a position in a tracking design names: the nodes of the design's graph that references, highlights,
/// rename and `trackspec refs` follow across files.
public enum NavigationSymbol: Hashable, Sendable, CustomStringConvertible {
    /// A rudder-cli project resource (`event`, `property`, `category`, `custom-type`, `tracking-plan`,
    /// `event-rule`…) by its URN kind and id.
    case projectResource(kind: String, id: String)
    /// A Data Catalog item (API JSON, RudderTyper plans) by kind and id.
    case catalogItem(kind: CatalogKind, id: String)
    /// An Iglu data structure, every version of it (`vendor/name`).
    case dataStructure(family: String)
    /// A tracking scenario's or event specification's name, unique among those of its data structure (`vendor/name`).
    case scenarioName(structure: String, name: String)
    /// A property of a data structure's schema (`path`: `properties`, name, … from its root), and every refinement
    /// of it in the scenarios that name the data structure.
    case schemaProperty(family: String, path: [String])

    public var description: String {
        switch self {
        case .projectResource(let kind, let id): return "#\(kind):\(id)"
        case .catalogItem(let kind, let id): return "catalog \(kind.rawValue) \(id)"
        case .dataStructure(let family): return "iglu:\(family)"
        case .scenarioName(let structure, let name): return "event specification '\(name)' of \(structure)"
        case .schemaProperty(let family, let path): return "iglu:\(family)#/\(path.joined(separator: "/"))"
        }
    }

    /// What `trackspec refs` reads: a rudder-cli reference (`#property:product_id`, `#/properties/group/id`), an Iglu
    /// URI with or without format and version (`iglu:com.acme/checkout_started`), or `catalog:KIND:ID`
    /// (`catalog:property:product_id`; kinds event, property, category, custom-type).
    public init?(parsing text: String) {
        if let urn = ProjectURN.parse(text) {
            self = .projectResource(kind: urn.kind, id: urn.id)
        } else if text.hasPrefix("iglu:") {
            let (uri, fragment) = text.firstIndex(of: "#").map { (text[..<$0], Optional(text[text.index(after: $0)...])) } ?? (Substring(text), nil)
            let parts = uri.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            let family = parts[0] + "/" + parts[1]
            if let fragment {
                // `#/properties/step`: a JSON Pointer into the schema (properties and names only).
                let path = fragment.split(separator: "/").map(String.init)
                guard fragment.hasPrefix("/"), !path.isEmpty, path.count % 2 == 0,
                      stride(from: 0, to: path.count, by: 2).allSatisfy({ path[$0] == "properties" }) else { return nil }
                self = .schemaProperty(family: String(family), path: path)
            } else {
                self = .dataStructure(family: String(family))
            }
        } else if text.hasPrefix("catalog:") {
            let parts = text.dropFirst(8).split(separator: ":", maxSplits: 1).map(String.init)
            let kinds: [String: CatalogKind] = ["event": .event, "property": .property, "category": .category, "custom-type": .customType]
            guard parts.count == 2, let kind = kinds[parts[0]], !parts[1].isEmpty else { return nil }
            self = .catalogItem(kind: kind, id: parts[1])
        } else {
            return nil
        }
    }
}

extension Range where Bound == Int {
    /// The cursor at `offset` is on this range: inside it, or right after its last character (where a word just
    /// typed ends).
    func touches(_ offset: Int) -> Bool { contains(offset) || upperBound == offset }
}

/// One place that names a symbol: its definition, or a use of it (with the version an Iglu URI names).
public struct SymbolReference: Sendable, Hashable {
    public var location: Location
    public var isDeclaration: Bool
    /// The Iglu version a use names (`1-0-2`), or what kind of resource a declaration is.
    public var detail: String?
}

extension Analyzer {
    /// The symbol at `offset` of a file whose facts are `own` (from its current text): a reference (rudder-cli URN,
    /// catalog id in a plan, Iglu URI) or a definition (a resource's or catalog item's id, a data structure's `self`).
    public func symbol(path: String, tree: SyntaxTree, offset: Int, own: FileFacts) -> NavigationSymbol? {
        let rudder = own.rudderstack
        if let r = rudder.resources.first(where: { $0.idRange.touches(offset) }) {
            return .projectResource(kind: r.urnKind, id: r.id)
        }
        if let r = rudder.projectReferences.first(where: { $0.range.touches(offset) }) {
            return .projectResource(kind: r.urnKind, id: r.id)
        }
        if let r = rudder.references.first(where: { $0.range.touches(offset) }) {
            return .catalogItem(kind: r.kind, id: r.id)
        }
        if let item = rudder.catalog.first(where: { item in
            item.id != nil && [item.range, item.idRange].contains { $0?.touches(offset) == true }
        }), let id = item.id {
            return .catalogItem(kind: item.kind, id: id)
        }
        if let scenario = own.scenarios.first(where: { $0.nameRange.touches(offset) }) {
            return .scenarioName(structure: scenario.structure, name: scenario.name)
        }
        if let use = own.snowplow.igluUses.first(where: { $0.range.touches(offset) }) {
            return .dataStructure(family: use.family)
        }
        if let structure = own.snowplow.dataStructures.first(where: { $0.range.contains(offset) }) {
            return .dataStructure(family: structure.family)
        }
        let tree = tree.document(containing: offset)
        guard let node = tree.node(at: offset), tree.kind(node) == .string else { return nil }
        if let property = schemaPropertySymbol(tree, node, own: own) { return property }
        let text = tree.stringValue(node)
        // An Iglu URI anywhere (a `$ref`, a `self` written as a URI, a schema's description aside).
        if text.hasPrefix("iglu:"), case .success(let key) = SchemaKey.parse(text) { return .dataStructure(family: key.structure) }
        // An Iglu schema file's `self`: its vendor or name.
        if let schema = own.snowplow.igluSchemas.first, let property = tree.parent(node), let object = tree.parent(property),
           let selfProperty = tree.parent(object), tree.keyString(ofProperty: selfProperty) == "self" {
            return .dataStructure(family: schema.key.structure)
        }
        return nil
    }

    /// Every place of `facts` (the workspace's files, the asking file's current facts among them) that names
    /// `symbol`, sorted by file and position; with `includeDeclaration`, its definitions too (for a data structure,
    /// the workspace's data-structure and Iglu schema files and the cached schemas of every version).
    /// `bytesOf` reads a file as the editor has it: a schema property's refinements are found in the scenarios' text
    /// (without it, only its definitions in the cache are).
    public func references(to symbol: NavigationSymbol, in facts: FileFacts, includeDeclaration: Bool,
                           bytesOf: ((String) -> [UInt8]?)? = nil) -> [SymbolReference] {
        var out: [SymbolReference] = []
        switch symbol {
        case .schemaProperty(let family, let path):
            out += schemaPropertyReferences(family: family, path: path, in: facts, includeDeclaration: includeDeclaration, bytesOf: bytesOf)
        case .projectResource(let kind, let id):
            if includeDeclaration {
                out += facts.rudderstack.resources.filter { $0.urnKind == kind && $0.id == id }
                    .map { SymbolReference(location: Location(path: $0.path, range: $0.idRange), isDeclaration: true, detail: $0.fileKind) }
            }
            out += facts.rudderstack.projectReferences.filter { $0.urnKind == kind && $0.id == id }
                .map { SymbolReference(location: Location(path: $0.path, range: $0.range), isDeclaration: false, detail: $0.field) }
        case .catalogItem(let kind, let id):
            if includeDeclaration {
                out += facts.rudderstack.catalog.filter { $0.kind == kind && $0.id == id }
                    .map { SymbolReference(location: Location(path: $0.path, range: $0.idRange ?? $0.range), isDeclaration: true, detail: nil) }
            }
            out += facts.rudderstack.references.filter { $0.kind == kind && $0.id == id }
                .map { SymbolReference(location: Location(path: $0.path, range: $0.range), isDeclaration: false, detail: nil) }
        case .dataStructure(let family):
            if includeDeclaration {
                out += facts.snowplow.dataStructures.filter { $0.family == family }
                    .map { SymbolReference(location: Location(path: $0.path, range: $0.range), isDeclaration: true, detail: $0.version) }
                out += facts.snowplow.igluSchemas.filter { $0.key.structure == family }
                    .map { SymbolReference(location: Location(path: $0.path, range: 0..<0), isDeclaration: true, detail: $0.key.version.description) }
                let local = Set(out.map(\.location.path))
                for entry in versions(ofStructure: family) where !local.contains(entry.path) {
                    out.append(SymbolReference(location: Location(path: entry.path, range: 0..<0), isDeclaration: true, detail: entry.key.version.description))
                }
            }
            out += facts.snowplow.igluUses.filter { $0.family == family }
                .map { SymbolReference(location: Location(path: $0.path, range: $0.range), isDeclaration: false, detail: $0.version) }
        case .scenarioName(let structure, let name):
            // Names are referenced by nothing: the name itself (and any scenario of the structure that repeats it).
            out += facts.scenarios.filter { $0.structure == structure && $0.name == name }
                .map { SymbolReference(location: Location(path: $0.path, range: $0.nameRange), isDeclaration: true, detail: structure) }
        }
        var seen = Set<Location>()
        return out.filter { seen.insert($0.location).inserted }
            .sorted { ($0.location.path, $0.location.range.lowerBound) < ($1.location.path, $1.location.range.lowerBound) }
    }

    /// A key under `properties` in a schema: of a scenario's refinement (`event.schema`, an entity's `schema`: the data
    /// structure is its `source`'s), of an Iglu schema file or of a data structure's `data` (its `self`'s).
    func schemaPropertySymbol(_ tree: SyntaxTree, _ node: NodeID, own: FileFacts) -> NavigationSymbol? {
        guard let first = tree.parent(node), tree.kind(first) == .property, tree.key(ofProperty: first) == node else { return nil }
        var keys: [String] = []
        var current = first
        while keys.count < 64 {
            guard let key = tree.keyString(ofProperty: current), let object = tree.parent(current) else { return nil }
            keys.insert(key, at: 0)
            let valid = keys.count % 2 == 0 && stride(from: 0, to: keys.count, by: 2).allSatisfy { keys[$0] == "properties" }
            guard let up = tree.parent(object) else {
                // The document's root: an Iglu schema file.
                guard valid, let schema = own.snowplow.igluSchemas.first else { return nil }
                return .schemaProperty(family: schema.key.structure, path: keys)
            }
            guard tree.kind(up) == .property else { return nil }
            if tree.keyString(ofProperty: up) == "schema", let owner = tree.parent(up), let source = tree.member("source", in: owner),
               tree.kind(source) == .string, case .success(let key) = SchemaKey.parse(tree.stringValue(source)) {
                return valid ? .schemaProperty(family: key.structure, path: keys) : nil
            }
            if tree.keyString(ofProperty: up) == "data", let structure = own.snowplow.dataStructures.first, tree.parent(up).flatMap(tree.parent) == nil {
                return valid ? .schemaProperty(family: structure.family, path: keys) : nil
            }
            current = up
        }
        return nil
    }

    /// Every version the cache (or the workspace) holds of a data structure (`vendor/name`), of every format.
    func versions(ofStructure structure: String) -> [CacheEntry] {
        schemas.allFamilies.filter { $0.structure == structure }.flatMap { schemas.versions(of: $0) }
    }

    /// The key at `path` below `root` of a schema tree.
    static func schemaKey(_ tree: SyntaxTree, root: NodeID, path: [String]) -> Range<Int>? {
        var node = root
        var found: Range<Int>?
        for segment in path {
            guard tree.kind(node) == .object, let p = tree.property(segment, in: node), let v = tree.value(ofProperty: p),
                  let k = tree.key(ofProperty: p) else { return nil }
            found = tree.range(k)
            node = v
        }
        return found
    }

    func schemaPropertyReferences(family: String, path: [String], in facts: FileFacts, includeDeclaration: Bool,
                                  bytesOf: ((String) -> [UInt8]?)?) -> [SymbolReference] {
        var out: [SymbolReference] = []
        if includeDeclaration {
            // Every version that has the property: the workspace's schemas (their text now), then the cache's.
            let local = facts.snowplow.schemas.filter { $0.key.structure == family }
            for schema in local {
                let tree = DocumentParsing.parse(path: schema.path, bytes: bytesOf?(schema.path) ?? schema.bytes)
                let doc = tree.documentTrees.indices.contains(schema.document) ? tree.documentTrees[schema.document] : tree
                guard let root = doc.root else { continue }
                let schemaRoot = schema.atRoot ? root : (doc.member("data", in: root) ?? root)
                if let range = Analyzer.schemaKey(doc, root: schemaRoot, path: path) {
                    out.append(SymbolReference(location: Location(path: schema.path, range: range), isDeclaration: true, detail: schema.key.version.description))
                }
            }
            let localPaths = Set(local.map(\.path))
            for entry in versions(ofStructure: family) where !localPaths.contains(entry.path) {
                let compiled = schemas.source(entry)
                guard let root = compiled.root, let range = Analyzer.schemaKey(compiled.cached.tree, root: root, path: path) else { continue }
                out.append(SymbolReference(location: Location(path: entry.path, range: range), isDeclaration: true, detail: entry.key.version.description))
            }
        }
        // The refinements: beside each source naming the data structure, its `schema` at the same path.
        guard let bytesOf else { return out }
        var trees: [String: SyntaxTree] = [:]
        for use in facts.snowplow.igluUses where use.family == family {
            if trees[use.path] == nil, let bytes = bytesOf(use.path) { trees[use.path] = DocumentParsing.parse(path: use.path, bytes: bytes) }
            guard let whole = trees[use.path] else { continue }
            let tree = whole.document(containing: use.range.lowerBound)
            guard let source = tree.node(at: use.range.lowerBound), tree.range(source) == use.range, let property = tree.parent(source),
                  tree.keyString(ofProperty: property) == "source", let owner = tree.parent(property),
                  let schema = tree.member("schema", in: owner), let range = Analyzer.schemaKey(tree, root: schema, path: path) else { continue }
            out.append(SymbolReference(location: Location(path: use.path, range: range), isDeclaration: false, detail: use.version))
        }
        return out
    }
}
