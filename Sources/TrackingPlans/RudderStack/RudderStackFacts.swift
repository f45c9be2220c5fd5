import JSONSyntax

/// A property defined somewhere (a plan's event, a catalog): what the workspace-wide conflict rule compares.
public struct PropertyDefinition: Sendable, Hashable {
    public var path: String
    public var name: String
    /// Declared types, sorted ("" when absent: every type).
    public var types: [String]
    /// The advanced keywords (`propConfig`), `{}` when none: key order does not matter in comparisons.
    public var keywords: JSONValue
    public var range: Range<Int>
}

/// What a definition of a property says beyond its type, where the hygiene family compares definitions: its
/// `format` and its `enum` (each value as JSON text, sorted: the order of a list of values means nothing).
public struct PropertyShape: Sendable, Hashable {
    public var format: String?
    public var enumValues: [String]?

    public init(format: String? = nil, enumValues: [String]? = nil) {
        self.format = format
        self.enumValues = enumValues
    }

    /// From keywords as JSON (`config`, `propConfig`, a schema): `format` when a string, `enum` when an array.
    public init(keywords: JSONValue?) {
        format = keywords?["format"]?.stringValue
        enumValues = keywords?["enum"]?.arrayValue.map { $0.map { JSONWriter().string($0) }.sorted() }
    }
}

public enum CatalogKind: String, Sendable, Hashable {
    case event, property, category
    case customType = "custom type"
}

/// An item of a catalog file: what references resolve against and what must be unique.
public struct CatalogItem: Sendable, Hashable {
    public var path: String
    public var kind: CatalogKind
    public var id: String?
    public var name: String
    /// Events are unique per name and type (every `identify` event is named "").
    public var eventType: String?
    public var range: Range<Int>
    /// The `id` value's range, where the item has one: what a rename edits.
    public var idRange: Range<Int>? = nil
    /// Without a description (`hygiene/missing-description`).
    public var undocumented: Bool = false
}

/// An id in a plan that names a catalog item (`categoryId`, an event's or property's `id`).
public struct CatalogReference: Sendable, Hashable {
    public var path: String
    public var kind: CatalogKind
    public var id: String
    public var range: Range<Int>
}

/// A resource a rudder-cli project file declares: what URNs resolve to and what must be unique.
public struct ProjectResource: Sendable, Hashable {
    public var path: String
    /// The URN's kind: `event`, `property`, `category`, `custom-type`, `tracking-plan`, `event-stream-source`,
    /// or `event-rule` (a tracking plan's rule, which `includes` names).
    public var urnKind: String
    public var id: String
    public var idRange: Range<Int>
    /// The file's `kind` as written (`tp`, `tracking-plan`…), as rudder-cli's messages name it.
    public var fileKind: String
    /// The file's `metadata.name`: the `<group>` of legacy references to it.
    public var group: String = ""
    /// The name that must be unique within the kind (display name for plans), where the kind has one.
    public var name: String?
    /// What else makes two resources of the kind the same (an event's type; a property's type and item types).
    public var nameQualifier: String = ""
    /// Where a name clash is reported (the name, or the whole item where rudder-cli points at the item).
    public var nameRange: Range<Int>
    /// The `name` string itself, where the resource has one: what a rename of the name (a naming fix) replaces.
    public var nameValueRange: Range<Int>?
    /// A property's declared types (empty: untyped); what a discriminator or nested properties need.
    public var types: [String] = []
    /// A property's `config` format and enum (`hygiene/conflicting-definition`).
    public var shape = PropertyShape()
    /// `enabled: false` written on an event-stream source or a destination: a connection to it delivers nothing.
    public var disabled: Bool = false
    /// An event or property without a description (`hygiene/missing-description`).
    public var undocumented: Bool = false
    /// The URN as rudder-cli spells it in messages (`event:order_completed`).
    public var urn: String { urnKind + ":" + id }
}

/// A reference (`#event:<id>`, `#/events/<group>/<id>`…) in a project file, resolved across the project.
public struct ProjectReference: Sendable, Hashable {
    public var path: String
    public var urnKind: String
    public var id: String
    public var field: String
    public var range: Range<Int>
    /// When the referenced property must have one of these types (a discriminator; a property with nested
    /// properties), and what to say when it does not.
    public var requiredTypes: [String] = []
    public var requirement: String = ""
}

public struct RudderStackFacts: Sendable, Hashable {
    public var properties: [PropertyDefinition] = []
    public var catalog: [CatalogItem] = []
    public var references: [CatalogReference] = []
    public var resources: [ProjectResource] = []
    public var projectReferences: [ProjectReference] = []
    public var imports: [ImportEntry] = []
    public var connections: [ProjectConnection] = []
    public var isEmpty: Bool {
        properties.isEmpty && catalog.isEmpty && references.isEmpty && resources.isEmpty && projectReferences.isEmpty && imports.isEmpty && connections.isEmpty
    }
    public init() {}
}

/// Everything other files need from one file: small, so the server keeps it for the whole workspace.
public struct FileFacts: Sendable, Hashable {
    public var scenarios: [ScenarioFact] = []
    public var snowplow = SnowplowFacts()
    public var rudderstack = RudderStackFacts()
    public var isEmpty: Bool { scenarios.isEmpty && snowplow.isEmpty && rudderstack.isEmpty }
    public init(scenarios: [ScenarioFact] = [], snowplow: SnowplowFacts = SnowplowFacts(), rudderstack: RudderStackFacts = RudderStackFacts()) {
        self.scenarios = scenarios
        self.snowplow = snowplow
        self.rudderstack = rudderstack
    }

    public static func merged(_ all: [FileFacts]) -> FileFacts {
        var out = FileFacts()
        out.merge(all)
        return out
    }

    /// Adds every fact of `all` (any sequence: `check` merges 10,000 files' facts without an array of them).
    public mutating func merge<S: Sequence>(_ all: S) where S.Element == FileFacts {
        // Sized once: grown by doubling, the scenarios of 10,000 files held up to twice their room.
        scenarios.reserveCapacity(scenarios.count + all.reduce(0) { $0 + $1.scenarios.count })
        for f in all {
            scenarios += f.scenarios
            snowplow.merge(f.snowplow)
            rudderstack.properties += f.rudderstack.properties
            rudderstack.catalog += f.rudderstack.catalog
            rudderstack.references += f.rudderstack.references
            rudderstack.resources += f.rudderstack.resources
            rudderstack.projectReferences += f.rudderstack.projectReferences
            rudderstack.imports += f.rudderstack.imports
            rudderstack.connections += f.rudderstack.connections
        }
    }
}

extension JSONValue {
    /// Object keys sorted at every level: two spellings of the same keywords print the same.
    var canonicalText: String { JSONWriter(sortKeys: true).string(self) }
}
