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

public enum CatalogKind: String, Sendable, Hashable {
    case event, property, category
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
}

/// An id in a plan that names a catalog item (`categoryId`, an event's or property's `id`).
public struct CatalogReference: Sendable, Hashable {
    public var path: String
    public var kind: CatalogKind
    public var id: String
    public var range: Range<Int>
}

public struct RudderStackFacts: Sendable, Hashable {
    public var properties: [PropertyDefinition] = []
    public var catalog: [CatalogItem] = []
    public var references: [CatalogReference] = []
    public var isEmpty: Bool { properties.isEmpty && catalog.isEmpty && references.isEmpty }
    public init() {}
}

/// Everything other files need from one file: small, so the server keeps it for the whole workspace.
public struct FileFacts: Sendable, Hashable {
    public var scenarios: [ScenarioFact] = []
    public var rudderstack = RudderStackFacts()
    public var isEmpty: Bool { scenarios.isEmpty && rudderstack.isEmpty }
    public init(scenarios: [ScenarioFact] = [], rudderstack: RudderStackFacts = RudderStackFacts()) {
        self.scenarios = scenarios
        self.rudderstack = rudderstack
    }

    public static func merged(_ all: [FileFacts]) -> FileFacts {
        var out = FileFacts()
        for f in all {
            out.scenarios += f.scenarios
            out.rudderstack.properties += f.rudderstack.properties
            out.rudderstack.catalog += f.rudderstack.catalog
            out.rudderstack.references += f.rudderstack.references
        }
        return out
    }
}

extension JSONValue {
    /// Object keys sorted at every level: two spellings of the same keywords print the same.
    var canonicalText: String { JSONWriter(sortKeys: true).string(self) }
}
