import Foundation
import JSONSyntax

public enum Draft: String, Sendable, Hashable {
    case draft4 = "draft-04", draft6 = "draft-06", draft7 = "draft-07"

    /// The draft a `$schema` URI names (Iglu's self-describing meta-schema is draft-04 plus `self`).
    public static func named(by uri: String) -> Draft? {
        let u = uri.hasSuffix("#") ? String(uri.dropLast()) : uri
        switch u {
        case "http://json-schema.org/draft-04/schema", "https://json-schema.org/draft-04/schema": return .draft4
        case "http://json-schema.org/draft-06/schema", "https://json-schema.org/draft-06/schema": return .draft6
        case "http://json-schema.org/draft-07/schema", "https://json-schema.org/draft-07/schema": return .draft7
        case "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0": return .draft4
        default: return nil
        }
    }
}

public enum Dependency: Sendable, Hashable {
    case properties([String])
    case schema(Int)
}

/// One compiled (sub)schema. Subschemas are indices into `CompiledSchema.nodes`, so recursive `$ref`s
/// are plain cycles in an array rather than reference-counted object graphs. A class, not a struct: the
/// validator looks nodes up on every step, and a struct of this size would be copied (and each of its
/// arrays retained) every time. Nodes are only mutated while the compiler builds them.
public final class SchemaNode: @unchecked Sendable {
    /// Where the schema is: document URI and JSON pointer inside it.
    public var documentURI: String
    public var pointer: JSONPointer
    /// Byte range of the schema and of each keyword in the root document's text (nil elsewhere).
    public var range: Range<Int>?
    /// Where `$ref` is (its member), for the diagnostic when it cannot be resolved.
    public var refRange: Range<Int>? {
        get { rare?.value.refRange ?? nil }
        set { updateRare { $0.refRange = newValue } }
    }

    /// `true`/`false` schemas.
    public var boolean: Bool?
    public var ref: Int?
    public var unresolvedRef: String? {
        get { rare?.value.unresolvedRef ?? nil }
        set { updateRare { $0.unresolvedRef = newValue } }
    }

    public var types: [String]? {
        didSet {
            typeMask = 0
            for name in types ?? [] {
                switch name {
                case "null": typeMask |= TypeBit.null
                case "boolean": typeMask |= TypeBit.boolean
                case "object": typeMask |= TypeBit.object
                case "array": typeMask |= TypeBit.array
                case "string": typeMask |= TypeBit.string
                case "number": typeMask |= TypeBit.number
                case "integer": typeMask |= TypeBit.integer
                default: break
                }
            }
        }
    }
    /// `types` as bits (`TypeBit`), what the validator tests.
    public private(set) var typeMask: UInt8 = 0
    public enum TypeBit {
        public static let null: UInt8 = 1, boolean: UInt8 = 2, object: UInt8 = 4, array: UInt8 = 8, string: UInt8 = 16
        public static let number: UInt8 = 32, integer: UInt8 = 64
    }
    public var enumValues: [JSONValue]?
    public var constValue: JSONValue? {
        get { rare?.value.constValue ?? nil }
        set { updateRare { $0.constValue = newValue } }
    }

    public var multipleOf: JSONNumber? {
        get { rare?.value.multipleOf ?? nil }
        set { updateRare { $0.multipleOf = newValue } }
    }
    public var maximum: JSONNumber? {
        get { rare?.value.maximum ?? nil }
        set { updateRare { $0.maximum = newValue } }
    }
    public var minimum: JSONNumber? {
        get { rare?.value.minimum ?? nil }
        set { updateRare { $0.minimum = newValue } }
    }
    public var exclusiveMaximum: JSONNumber? {
        get { rare?.value.exclusiveMaximum ?? nil }
        set { updateRare { $0.exclusiveMaximum = newValue } }
    }
    public var exclusiveMinimum: JSONNumber? {
        get { rare?.value.exclusiveMinimum ?? nil }
        set { updateRare { $0.exclusiveMinimum = newValue } }
    }

    /// Length and count bounds (`minLength` … `maxProperties`) are read as clamped values: documents are at
    /// most 2 GiB (the parser's limit), so no string, array or object in one reaches this many characters,
    /// items or properties. A maximum at or beyond it is no bound at all (nil); a minimum beyond it is this
    /// value, which no document meets. Every later `bound + 1` therefore stays far from `Int.max`.
    public static let sizeCeiling = Int(Int32.max)

    public var minLength: Int?
    public var maxLength: Int?
    public var pattern: ECMARegex?
    public var format: String? { didSet { knownFormat = format.flatMap(FormatChecker.Known.init) } }
    /// `format` when trackspec checks it.
    public private(set) var knownFormat: FormatChecker.Known?
    /// Draft-07's `contentMediaType`/`contentEncoding`: annotations to the validator, but validators may assert
    /// them, so the subschema checker never promises inclusion over one it cannot check.
    public var contentMediaType: String? {
        get { rare?.value.contentMediaType ?? nil }
        set { updateRare { $0.contentMediaType = newValue } }
    }
    public var contentEncoding: String? {
        get { rare?.value.contentEncoding ?? nil }
        set { updateRare { $0.contentEncoding = newValue } }
    }

    public var items: Int?
    public var tupleItems: [Int]? {
        get { rare?.value.tupleItems ?? nil }
        set { updateRare { $0.tupleItems = newValue } }
    }
    public var additionalItems: Int? {
        get { rare?.value.additionalItems ?? nil }
        set { updateRare { $0.additionalItems = newValue } }
    }
    public var minItems: Int? {
        get { rare?.value.minItems ?? nil }
        set { updateRare { $0.minItems = newValue } }
    }
    public var maxItems: Int? {
        get { rare?.value.maxItems ?? nil }
        set { updateRare { $0.maxItems = newValue } }
    }
    public var uniqueItems = false
    public var contains: Int? {
        get { rare?.value.contains ?? nil }
        set { updateRare { $0.contains = newValue } }
    }

    public var properties: [(String, Int)] = [] {
        didSet {
            propertyIndex = properties.count > SchemaNode.propertyScanLimit
                ? Dictionary(properties.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last }) : [:]
        }
    }
    private var propertyIndex: [String: Int] = [:]
    public var patternProperties: [(ECMARegex, Int)] {
        get { rare?.value.patternProperties ?? [] }
        set { updateRare { $0.patternProperties = newValue } }
    }
    public var additionalProperties: Int?
    public var required: [String] = []
    public var minProperties: Int? {
        get { rare?.value.minProperties ?? nil }
        set { updateRare { $0.minProperties = newValue } }
    }
    public var maxProperties: Int? {
        get { rare?.value.maxProperties ?? nil }
        set { updateRare { $0.maxProperties = newValue } }
    }
    public var dependencies: [(String, Dependency)] {
        get { rare?.value.dependencies ?? [] }
        set { updateRare { $0.dependencies = newValue } }
    }
    public var propertyNames: Int? {
        get { rare?.value.propertyNames ?? nil }
        set { updateRare { $0.propertyNames = newValue } }
    }

    public var allOf: [Int] = []
    public var anyOf: [Int] = []
    public var oneOf: [Int] = []
    public var not: Int? {
        get { rare?.value.not ?? nil }
        set { updateRare { $0.not = newValue } }
    }
    public var ifSchema: Int? {
        get { rare?.value.ifSchema ?? nil }
        set { updateRare { $0.ifSchema = newValue } }
    }
    public var thenSchema: Int? {
        get { rare?.value.thenSchema ?? nil }
        set { updateRare { $0.thenSchema = newValue } }
    }
    public var elseSchema: Int? {
        get { rare?.value.elseSchema ?? nil }
        set { updateRare { $0.elseSchema = newValue } }
    }

    public var title: String? {
        get { rare?.value.title ?? nil }
        set { updateRare { $0.title = newValue } }
    }
    public var description: String?

    /// Keywords most schemas never use, kept apart (copy-on-write): with them inline a node took ~740 bytes,
    /// and a store of hundreds of compiled Iglu schemas was a third of `check`'s heap. Read and written
    /// through the properties above, as before.
    struct Rare {
        var refRange: Range<Int>?
        var unresolvedRef: String?
        var constValue: JSONValue?
        var multipleOf: JSONNumber?
        var maximum: JSONNumber?
        var minimum: JSONNumber?
        var exclusiveMaximum: JSONNumber?
        var exclusiveMinimum: JSONNumber?
        var contentMediaType: String?
        var contentEncoding: String?
        var tupleItems: [Int]?
        var additionalItems: Int?
        var minItems: Int?
        var maxItems: Int?
        var contains: Int?
        var patternProperties: [(ECMARegex, Int)] = []
        var minProperties: Int?
        var maxProperties: Int?
        var dependencies: [(String, Dependency)] = []
        var propertyNames: Int?
        var not: Int?
        var ifSchema: Int?
        var thenSchema: Int?
        var elseSchema: Int?
        var title: String?
    }
    final class RareBox: @unchecked Sendable {
        var value: Rare
        init(_ value: Rare) { self.value = value }
    }
    private var rare: RareBox?

    /// Writes a rare keyword: the box made when the first one is set, copied when another node shares it.
    private func updateRare(_ change: (inout Rare) -> Void) {
        if rare == nil {
            var value = Rare()
            change(&value)
            rare = RareBox(value)
        } else if isKnownUniquelyReferenced(&rare!) {
            change(&rare!.value)
        } else {
            var value = rare!.value
            change(&value)
            rare = RareBox(value)
        }
    }

    init(documentURI: String, pointer: JSONPointer, range: Range<Int>?) {
        self.documentURI = documentURI
        self.pointer = pointer
        self.range = range
    }

    /// This node without its `anyOf`/`oneOf`: what the rest of the node says while a branch is
    /// considered on its own (the subschema checker's case splits).
    func withoutAlternatives() -> SchemaNode {
        let c = SchemaNode(documentURI: documentURI, pointer: pointer, range: range)
        c.rare = rare
        c.boolean = boolean; c.ref = ref
        c.types = types; c.enumValues = enumValues
        c.minLength = minLength; c.maxLength = maxLength; c.pattern = pattern; c.format = format
        c.items = items
        c.uniqueItems = uniqueItems
        c.properties = properties; c.additionalProperties = additionalProperties
        c.required = required
        c.allOf = allOf
        c.description = description
        return c
    }

    /// A copy of this node, every keyword included (callers then drop what they take apart).
    func copied() -> SchemaNode {
        let c = withoutAlternatives()
        c.anyOf = anyOf
        c.oneOf = oneOf
        return c
    }

    /// Up to this many properties `property(_:)` scans them and no index is kept.
    static let propertyScanLimit = 16

    /// The subschema of property `name`: a scan while there are few (comparing short strings is cheaper than
    /// hashing one), the index past that. The last of repeated names wins, as in the index.
    public func property(_ name: String) -> Int? {
        if properties.count > SchemaNode.propertyScanLimit { return propertyIndex[name] }
        let length = name.utf8.count
        var i = properties.count - 1
        while i >= 0 {
            if properties[i].0.utf8.count == length && properties[i].0 == name { return properties[i].1 }
            i -= 1
        }
        return nil
    }
}

/// A problem with a schema itself (not with an instance), at the keyword that has it.
public struct SchemaDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var pointer: JSONPointer
    /// Byte range in the root document's text, when the problem is there.
    public var range: Range<Int>?
    public var severity: Severity

    public var description: String { "\(pointer.description.isEmpty ? "/" : pointer.description): \(message)" }
}

/// A schema and everything it references, compiled.
public struct CompiledSchema: Sendable {
    /// Where the schema has `contentMediaType`/`contentEncoding`: annotations in draft-07 (validation §8: a
    /// validator need not assert them, and trackspec's does not), so neither the validator nor the subschema checker
    /// reads them; `compat` says where they are, for validators configured to assert them.
    public var contentAnnotations: [JSONPointer] {
        var seen = Set<String>()
        return nodes.filter { $0.contentMediaType != nil || $0.contentEncoding != nil }.map(\.pointer)
            .filter { seen.insert($0.description).inserted }.sorted { $0.description < $1.description }
    }

    public let nodes: [SchemaNode]
    public let root: Int
    public let draft: Draft
    public let diagnostics: [SchemaDiagnostic]
    /// Node index → index of its copy without anyOf/oneOf/allOf (only for nodes that have them): the
    /// subschema checker's case splits take the alternatives (and the allOf members) apart.
    let stripped: [Int: Int]

    /// Node index → index of its copy without any combinator (anyOf, oneOf, not, allOf, if/then/else).
    let bare: [Int: Int]
    /// One node `{"type": T}` per JSON type name, to restrict a conjunction to one type.
    let typeNodes: [String: Int]
    let negations: [Int: Int]
    /// Node index → its copy without `not` and `allOf` (only for nodes with a `not`): within a flattened
    /// conjunction, whose allOf members are already listed, the conjunction without its negations.
    let positive: [Int: Int]
    /// A `false` schema: the right-hand side of "this conjunction is empty".
    let falseNode: Int
    /// How many of `nodes` are the schema's own (the rest are the derived copies above).
    let ownCount: Int

    init(nodes: [SchemaNode], root: Int, draft: Draft, diagnostics: [SchemaDiagnostic]) {
        ownCount = nodes.count
        var all = nodes
        var stripped: [Int: Int] = [:]
        var bare: [Int: Int] = [:]
        for (i, n) in nodes.enumerated() where !n.anyOf.isEmpty || !n.oneOf.isEmpty || !n.allOf.isEmpty {
            stripped[i] = all.count
            let copy = n.withoutAlternatives()
            copy.allOf = []
            all.append(copy)
        }
        for (i, n) in nodes.enumerated() where !n.anyOf.isEmpty || !n.oneOf.isEmpty || n.not != nil || !n.allOf.isEmpty || n.ifSchema != nil {
            bare[i] = all.count
            let copy = n.withoutAlternatives()
            copy.not = nil
            copy.allOf = []
            copy.ifSchema = nil
            copy.thenSchema = nil
            copy.elseSchema = nil
            all.append(copy)
        }
        // `{"not": branch}` for each oneOf branch: a case of a oneOf is its branch without the others.
        var negations: [Int: Int] = [:]
        for n in nodes {
            for branch in n.oneOf where negations[branch] == nil {
                let node = SchemaNode(documentURI: n.documentURI, pointer: n.pointer, range: nil)
                node.not = branch
                negations[branch] = all.count
                all.append(node)
            }
        }
        var positive: [Int: Int] = [:]
        for (i, n) in nodes.enumerated() where n.not != nil {
            positive[i] = all.count
            let copy = n.copied()
            copy.not = nil
            copy.allOf = []
            all.append(copy)
        }
        let never = SchemaNode(documentURI: "", pointer: [], range: nil)
        never.boolean = false
        falseNode = all.count
        all.append(never)
        var typeNodes: [String: Int] = [:]
        for type in ["null", "boolean", "integer", "number", "string", "array", "object"] {
            let node = SchemaNode(documentURI: "", pointer: [], range: nil)
            node.types = [type]
            typeNodes[type] = all.count
            all.append(node)
        }
        self.nodes = all
        self.root = root
        self.draft = draft
        self.diagnostics = diagnostics
        self.stripped = stripped
        self.bare = bare
        self.typeNodes = typeNodes
        self.negations = negations
        self.positive = positive
    }

    /// The node `{"not": branch}` of a oneOf branch.
    func negation(of branch: Int) -> Int? { negations[branch] }

    func bareIndex(_ node: Int) -> Int { bare[node] ?? node }

    func positiveIndex(_ node: Int) -> Int { positive[node] ?? node }

    public subscript(_ index: Int) -> SchemaNode { nodes[index] }

    func strippedIndex(_ node: Int) -> Int { stripped[node] ?? node }
}
