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
    public var refRange: Range<Int>?

    /// `true`/`false` schemas.
    public var boolean: Bool?
    public var ref: Int?
    public var unresolvedRef: String?

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
    public var constValue: JSONValue?

    public var multipleOf: JSONNumber?
    public var maximum: JSONNumber?
    public var minimum: JSONNumber?
    public var exclusiveMaximum: JSONNumber?
    public var exclusiveMinimum: JSONNumber?

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
    public var contentMediaType: String?
    public var contentEncoding: String?

    public var items: Int?
    public var tupleItems: [Int]?
    public var additionalItems: Int?
    public var minItems: Int?
    public var maxItems: Int?
    public var uniqueItems = false
    public var contains: Int?

    public var properties: [(String, Int)] = [] {
        didSet {
            propertyIndex = properties.count > SchemaNode.propertyScanLimit
                ? Dictionary(properties.map { ($0.0, $0.1) }, uniquingKeysWith: { _, last in last }) : [:]
        }
    }
    private var propertyIndex: [String: Int] = [:]
    public var patternProperties: [(ECMARegex, Int)] = []
    public var additionalProperties: Int?
    public var required: [String] = []
    public var minProperties: Int?
    public var maxProperties: Int?
    public var dependencies: [(String, Dependency)] = []
    public var propertyNames: Int?

    public var allOf: [Int] = []
    public var anyOf: [Int] = []
    public var oneOf: [Int] = []
    public var not: Int?
    public var ifSchema: Int?
    public var thenSchema: Int?
    public var elseSchema: Int?

    public var title: String?
    public var description: String?

    init(documentURI: String, pointer: JSONPointer, range: Range<Int>?) {
        self.documentURI = documentURI
        self.pointer = pointer
        self.range = range
    }

    /// This node without its `anyOf`/`oneOf`: what the rest of the node says while a branch is
    /// considered on its own (the subschema checker's case splits).
    func withoutAlternatives() -> SchemaNode {
        let c = SchemaNode(documentURI: documentURI, pointer: pointer, range: range)
        c.refRange = refRange
        c.boolean = boolean; c.ref = ref; c.unresolvedRef = unresolvedRef
        c.types = types; c.enumValues = enumValues; c.constValue = constValue
        c.multipleOf = multipleOf; c.maximum = maximum; c.minimum = minimum
        c.exclusiveMaximum = exclusiveMaximum; c.exclusiveMinimum = exclusiveMinimum
        c.minLength = minLength; c.maxLength = maxLength; c.pattern = pattern; c.format = format
        c.contentMediaType = contentMediaType; c.contentEncoding = contentEncoding
        c.items = items; c.tupleItems = tupleItems; c.additionalItems = additionalItems
        c.minItems = minItems; c.maxItems = maxItems; c.uniqueItems = uniqueItems; c.contains = contains
        c.properties = properties; c.patternProperties = patternProperties; c.additionalProperties = additionalProperties
        c.required = required; c.minProperties = minProperties; c.maxProperties = maxProperties
        c.dependencies = dependencies; c.propertyNames = propertyNames
        c.allOf = allOf; c.not = not; c.ifSchema = ifSchema; c.thenSchema = thenSchema; c.elseSchema = elseSchema
        c.title = title; c.description = description
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
