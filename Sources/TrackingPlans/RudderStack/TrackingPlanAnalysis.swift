import JSONSchema
import JSONSyntax

/// The RudderStack rules for one file (a tracking plan, a catalog list, a plan–source connection), as
/// the Data Catalog API would judge the body, plus the facts the workspace-wide rules need.
struct RudderStackAnalysis: TreeRules {
    let tree: SyntaxTree
    let path: String
    let sink = DiagnosticSink()
    var facts = RudderStackFacts()
    /// Collect facts only: skip compiling `rules` schemas (the server's scan of unopened files).
    var factsOnly = false
    var wrongTypeRule: String { RudderStackRule.wrongType }
    var unknownKeyRule: String { RudderStackRule.unknownKey }

    static let planKeys = ["id", "name", "description", "version", "workspaceId", "creationType", "events", "createdAt", "updatedAt", "createdBy", "updatedBy"]
    /// `externalId` and `variants` are read-only fields the API returns with events and properties.
    static let planEventKeys = ["id", "name", "description", "eventType", "categoryId", "identitySection", "additionalProperties", "rules", "properties",
                                "workspaceId", "createdAt", "updatedAt", "createdBy", "updatedBy", "externalId", "variants"]
    static let propertyKeys = ["id", "name", "description", "type", "propConfig", "required", "additionalProperties", "properties"]
    static let auditKeys = ["workspaceId", "createdAt", "updatedAt", "createdBy", "updatedBy", "externalId"]
    static let catalogEventKeys = ["id", "name", "description", "eventType", "categoryId"] + auditKeys
    static let catalogPropertyKeys = ["id", "name", "description", "type", "propConfig", "variants"] + auditKeys
    static let categoryKeys = ["id", "name", "description"] + auditKeys

    init(tree: SyntaxTree, path: String) {
        self.tree = tree
        self.path = path
    }

    mutating func analyze(kind: FileKind) {
        guard let root = tree.root else { return }
        switch kind {
        case .rudderstackTrackingPlan: plan(root)
        case .rudderstackCatalog: catalog(root)
        case .rudderstackConnection: connection(root)
        case .rudderstackProject: projectFile(root)
        default: break
        }
    }

    func string(_ key: String, in node: NodeID) -> (String, NodeID)? {
        guard let v = tree.member(key, in: node), tree.kind(v) == .string else { return nil }
        return (tree.stringValue(v), v)
    }

    /// The range of an item's `id` string, for a rename.
    func idRange(of node: NodeID) -> Range<Int>? {
        string("id", in: node).map { tree.range($0.1) }
    }

    /// Whether an item has a non-blank `description` (`hygiene/missing-description`).
    func hasDescription(_ node: NodeID) -> Bool {
        guard let d = tree.member("description", in: node), tree.kind(d) == .string else { return false }
        return !tree.stringValue(d).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    // MARK: Names

    /// Plan, event and category names: 3–65 characters, a letter first, then letters, digits, underscores,
    /// commas, spaces, dashes and dots. Reports the first limit or character that fails.
    mutating func checkName(_ node: NodeID, what: String) {
        let name = tree.stringValue(node)
        let count = name.count
        if count < 3 || count > 65 {
            report(RudderStackRule.nameInvalid, node, "\(what) '\(name)' is \(count < 3 ? "too short" : "too long"): \(count) character\(count == 1 ? "" : "s"), \(count < 3 ? "at least 3" : "at most 65")")
            return
        }
        checkCharacters(node, what: what, rule: RudderStackRule.nameInvalid, allowed: "letters, numbers, underscores, commas, spaces, dashes or dots") {
            $0.isASCII && ($0.isLetter || $0.isNumber || "_, -.".contains($0))
        }
    }

    /// Property names: 1–65 characters, a letter first, then letters, digits, underscores and spaces.
    mutating func checkPropertyName(_ node: NodeID) {
        let name = tree.stringValue(node)
        guard !name.isEmpty else {
            report(RudderStackRule.propertyNameInvalid, node, "a property name needs at least one character")
            return
        }
        if name.count > 65 {
            report(RudderStackRule.propertyNameInvalid, node, "property name '\(name)' is too long: \(name.count) characters, at most 65")
            return
        }
        checkCharacters(node, what: "property name", rule: RudderStackRule.propertyNameInvalid, allowed: "letters, numbers, underscores or spaces") {
            $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == " ")
        }
    }

    mutating func checkCharacters(_ node: NodeID, what: String, rule: String, allowed: String, _ isAllowed: (Character) -> Bool) {
        let name = tree.stringValue(node)
        // An ASCII name that passes (nearly all): judged byte by byte, without breaking it into graphemes.
        if name.utf8.allSatisfy({ $0 < 0x80 }),
           name.utf8.enumerated().allSatisfy({ i, b in
               let c = Character(Unicode.Scalar(b))
               return isAllowed(c) && (i > 0 || c.isLetter)
           }) { return }
        var offset = 0
        for (i, c) in name.enumerated() {
            let width = String(c).utf8.count
            defer { offset += width }
            if i == 0, !(c.isASCII && c.isLetter) {
                report(rule, range(inString: node, utf8Offset: 0, length: width), "\(what) '\(name)' must start with a letter, not '\(c)'")
                return
            }
            if !isAllowed(c) {
                let shown = c == "\t" ? "\\t" : (c.isWhitespace ? "U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true))" : String(c))
                report(rule, range(inString: node, utf8Offset: offset, length: width),
                       "\(what) '\(name)' has '\(shown)' at position \(i + 1); only \(allowed) are allowed")
                return
            }
        }
    }

    // MARK: Tracking plan

    mutating func plan(_ root: NodeID) {
        guard expect(root, .object, "tracking plan") else { return }
        if tree.member("events", in: root) == nil {
            // The older Tracking Plan API's and RudderTyper's `plan.json` keep events under `rules.events`;
            // a body of PUT/PATCH `/tracking-plans/{id}/events` is one event.
            if let rules = tree.member("rules", in: root), tree.kind(rules) == .object, tree.member("events", in: rules) != nil {
                legacyPlan(root, rules: rules)
            } else {
                _ = event(root, inPlan: true)
            }
            return
        }
        unknownKeys(root, known: RudderStackAnalysis.planKeys, where: "a tracking plan")
        let eventsOnly = tree.childCount(root) == 1 // PUT `/tracking-plans/{id}/events`: `{events}` alone
        if let (_, n) = string("name", in: root) {
            checkName(n, what: "tracking plan name")
        } else if let n = tree.member("name", in: root) {
            _ = expect(n, .string, "name")
        } else if !eventsOnly {
            report(RudderStackRule.nameRequired, ownerRange(root), "a tracking plan needs a 'name'")
        }
        planFields(root)
        guard let events = tree.member("events", in: root), expect(events, .array, "events") else { return }
        planEvents(events)
    }

    /// A plan's own fields besides its name and events.
    mutating func planFields(_ root: NodeID) {
        for field in ["id", "workspaceId", "creationType"] {
            if let f = tree.member(field, in: root) { _ = expect(f, .string, field) }
        }
        checkDescription(in: root, allowEmpty: true)
        if let v = tree.member("version", in: root), tree.kind(v) != .number, tree.kind(v) != .string {
            report(RudderStackRule.wrongType, v, "'version' must be a number, found \(describe(tree.kind(v)))")
        }
    }

    /// A plan's events, each checked, an event (name and type) listed twice reported after the first.
    /// `legacy`: the older Tracking Plan API's `rules.events` (RudderTyper's `plan.json`), whose events carry a
    /// `version` and no `eventType`: they are all track events.
    mutating func planEvents(_ events: NodeID, legacy: Bool = false) {
        var seen: [String: NodeID] = [:]
        for e in tree.children(events) {
            guard let (name, type) = event(e, inPlan: true, extraKeys: legacy ? ["version"] : [], defaultType: legacy ? "track" : nil) else { continue }
            let key = type + "\u{0}" + name
            if let first = seen[key] {
                let label = type == "track" ? "event '\(name)'" : "\(type) event"
                let at = tree.member("name", in: e) ?? tree.member("eventType", in: e) ?? e
                report(RudderStackRule.eventDuplicate, at, "\(label) is already in this tracking plan",
                       related: [RelatedInformation(location: Location(path: path, range: tree.range(tree.member("name", in: first) ?? first)), message: "first defined here")])
            } else {
                seen[key] = e
            }
        }
    }

    /// Checks one event (of a plan or a catalog); returns its name and type when both are usable.
    mutating func event(_ node: NodeID, inPlan: Bool, extraKeys: [String] = [], defaultType: String? = nil) -> (String, String)? {
        guard expect(node, .object, inPlan ? "events[]" : "an event") else { return nil }
        unknownKeys(node, known: (inPlan ? RudderStackAnalysis.planEventKeys : RudderStackAnalysis.catalogEventKeys) + extraKeys, where: "an event")
        var type: String?
        if let t = tree.member("eventType", in: node) {
            if expect(t, .string, "eventType") {
                let value = tree.stringValue(t)
                if RudderStackRule.eventTypes.contains(value) {
                    type = value
                } else {
                    report(RudderStackRule.eventTypeInvalid, t,
                           "eventType '\(value)' is not one of \(RudderStackRule.eventTypes.joined(separator: ", "))\(Suggestions.didYouMean(value, in: RudderStackRule.eventTypes))",
                           fixes: Suggestions.closest(to: value, in: RudderStackRule.eventTypes).map { [replaceString(t, with: $0)] } ?? [])
                }
            }
        } else if let defaultType {
            type = defaultType
        } else if !(inPlan && tree.member("id", in: node) != nil) {
            // A plan's event named by its catalog id (PUT `/tracking-plans/{id}/events`) takes the catalog's type.
            report(RudderStackRule.eventTypeInvalid, ownerRangeOrName(node), "an event needs an 'eventType': one of \(RudderStackRule.eventTypes.joined(separator: ", "))")
        }
        var name = ""
        let nameNode = tree.member("name", in: node)
        if let n = nameNode, expect(n, .string, "name") { name = tree.stringValue(n) }
        if type == "track" {
            checkTrackEventName(nameNode, name: name, of: node, rule: RudderStackRule.eventNameRequired, missing: "a track event needs a name")
        } else if let type, let n = nameNode, tree.kind(n) == .string, !name.isEmpty {
            report(RudderStackRule.eventNameNotEmpty, n, "\(type) events have no name: RudderStack matches them by type, so 'name' must be empty",
                   fixes: [replaceString(n, with: "")])
        }
        // The API writes an event without a category as `"categoryId": null`.
        for field in ["id", "categoryId"] {
            if let f = tree.member(field, in: node), !(field == "categoryId" && tree.kind(f) == .null) { _ = expect(f, .string, field) }
        }
        checkDescription(in: node, allowEmpty: true)
        if inPlan, let (id, idNode) = string("id", in: node) { facts.references.append(CatalogReference(path: path, kind: .event, id: id, range: tree.range(idNode))) }
        if let (id, idNode) = string("categoryId", in: node) {
            facts.references.append(CatalogReference(path: path, kind: .category, id: id, range: tree.range(idNode)))
        }
        if inPlan {
            if let s = tree.member("identitySection", in: node), expect(s, .string, "identitySection") {
                let value = tree.stringValue(s)
                if !RudderStackRule.identitySections.contains(value) {
                    report(RudderStackRule.identitySectionInvalid, s,
                           "identitySection '\(value)' is not one of \(RudderStackRule.identitySections.joined(separator: ", "))\(Suggestions.didYouMean(value, in: RudderStackRule.identitySections))",
                           fixes: Suggestions.closest(to: value, in: RudderStackRule.identitySections).map { [replaceString(s, with: $0)] } ?? [])
                }
            }
            if let a = tree.member("additionalProperties", in: node) { _ = expect(a, .boolean, "additionalProperties") }
            if let r = tree.member("rules", in: node) {
                rules(r, inResponse: isResponse(node) || tree.root.map(isResponse) == true)
                ruleSections(r)
            }
            var own = Set<String>()
            if let p = tree.member("properties", in: node), expect(p, .array, "properties") {
                properties(p)
                own = Set(tree.children(p).compactMap { string("id", in: $0)?.0 })
            }
            if let v = present("variants", in: node) { variants(v, parentProperties: own, parent: "event", refs: .api) }
        } else {
            let type = type ?? string("eventType", in: node)?.0 ?? ""
            facts.catalog.append(CatalogItem(path: path, kind: .event, id: string("id", in: node)?.0, name: name, eventType: type,
                                             range: nameNode.map { tree.range($0) } ?? ownerRangeOrName(node), idRange: idRange(of: node),
                                             undocumented: !hasDescription(node)))
        }
        return type.map { (name, $0) }
    }

    /// An object the API returned rather than one a user writes: it carries read-only fields.
    func isResponse(_ node: NodeID) -> Bool {
        ["workspaceId", "createdAt", "updatedAt", "createdBy", "updatedBy", "externalId", "create_time", "update_time"].contains { tree.member($0, in: node) != nil }
    }

    /// A track event's name: required (`missing`, under `rule`, where it is blank), then the name rules. API
    /// and rudder-cli files differ only in the rule and words of the first.
    mutating func checkTrackEventName(_ nameNode: NodeID?, name: String, of event: NodeID, rule: String, missing: String) {
        if name.allSatisfy(\.isWhitespace) {
            report(rule, nameNode.map { tree.range($0) } ?? ownerRangeOrName(event), missing)
        } else if let n = nameNode {
            checkName(n, what: "event name")
        }
    }

    func ownerRangeOrName(_ node: NodeID) -> Range<Int> {
        if let p = tree.property("name", in: node) { return keyRange(p) }
        return ownerRange(node)
    }

    func replaceString(_ node: NodeID, with text: String) -> Fix {
        replaceFix(node, with: text, title: text.isEmpty ? "Make the name empty" : nil)
    }

    // MARK: Properties

    /// An event's (or object property's) property list: each checked, duplicates reported after the first.
    /// Recursion stops at RudderStack's own limit (`nestedProperties`), so a hostile depth costs nothing.
    mutating func properties(_ list: NodeID, depth: Int = 0) {
        var seen: [String: NodeID] = [:]
        for p in tree.children(list) {
            guard let (key, at) = property(p, depth: depth) else { continue }
            if let first = seen[key] {
                report(RudderStackRule.propertyDuplicate, at, "property '\(key.dropFirst(3))' is already defined in this list",
                       related: [RelatedInformation(location: Location(path: path, range: tree.range(first)), message: "first defined here")])
            } else {
                seen[key] = at
            }
        }
    }

    /// One property; returns its identity in its list (`id:`/`nm:` + value) and the node to report at.
    mutating func property(_ node: NodeID, catalog: Bool = false, depth: Int = 0) -> (String, NodeID)? {
        guard expect(node, .object, catalog ? "a property" : "properties[]") else { return nil }
        unknownKeys(node, known: catalog ? RudderStackAnalysis.catalogPropertyKeys : RudderStackAnalysis.propertyKeys, where: "a property")
        let nameNode = tree.member("name", in: node)
        let idNode = tree.member("id", in: node)
        if let n = nameNode, expect(n, .string, "name") { checkPropertyName(n) }
        if let i = idNode, expect(i, .string, "id"), !catalog {
            facts.references.append(CatalogReference(path: path, kind: .property, id: tree.stringValue(i), range: tree.range(i)))
        }
        if nameNode == nil && idNode == nil {
            report(RudderStackRule.nameRequired, ownerRange(node), catalog ? "a property needs a 'name'" : "a property needs a 'name' (or the 'id' of a catalog property)")
        }
        checkDescription(in: node, allowEmpty: true)
        for flag in ["required", "additionalProperties"] where !catalog {
            if let f = tree.member(flag, in: node) { _ = expect(f, .boolean, flag) }
        }
        let types = propertyTypes(node)
        var keywords = JSONValue.object(JSONObject())
        if let config = tree.member("propConfig", in: node), expect(config, .object, "propConfig") {
            propConfig(config, types: types)
            keywords = tree.value(config) ?? keywords
        }
        if !catalog { nestedProperties(of: node, types: types, depth: depth) }
        if let n = nameNode, tree.kind(n) == .string, !tree.stringValue(n).isEmpty {
            let name = tree.stringValue(n)
            facts.properties.append(PropertyDefinition(path: path, name: name, types: (types ?? []).sorted(), keywords: keywords, range: tree.range(n)))
            if catalog {
                facts.catalog.append(CatalogItem(path: path, kind: .property, id: string("id", in: node)?.0, name: name, eventType: nil, range: tree.range(n),
                                                 idRange: idRange(of: node), undocumented: !hasDescription(node)))
            }
            return ("nm:" + name, n)
        }
        if let i = idNode, tree.kind(i) == .string { return ("id:" + tree.stringValue(i), i) }
        return nil
    }

    /// A plan property's nested `properties`: only under an object (or array) property, at most
    /// `maxPropertyNesting` levels in all (the event's own are level 1); `additionalProperties: true` only
    /// where there are nested properties (the API writes `false` on every property it returns).
    mutating func nestedProperties(of node: NodeID, types: [String]?, depth: Int) {
        let nested = tree.member("properties", in: node)
        let hasNested = nested.map { tree.kind($0) == .array && tree.childCount($0) > 0 } ?? false
        if let a = tree.member("additionalProperties", in: node), tree.kind(a) == .boolean, tree.boolValue(a) == true, !hasNested {
            report(RudderStackRule.nestingInvalid, keyRange(tree.parent(a)!), "'additionalProperties' applies only to a property with nested properties")
        }
        guard let nested, expect(nested, .array, "properties") else { return }
        let key = keyRange(tree.parent(nested)!)
        if let types, !types.contains("object"), !types.contains("array") {
            report(RudderStackRule.keywordNotApplicable, key,
                   "nested 'properties' need type object (or array), but the property's type is \(types.joined(separator: ", "))")
        } else if hasNested, tree.member("type", in: node) == nil, tree.member("id", in: node) == nil {
            report(RudderStackRule.nestingInvalid, key, "nested 'properties' need a property of type object (or array); this one has no 'type'")
        }
        if hasNested, depth + 2 > RudderStackAnalysis.maxPropertyNesting {
            report(RudderStackRule.nestingInvalid, key, "properties nest \(depth + 2) levels deep; RudderStack allows at most \(RudderStackAnalysis.maxPropertyNesting)")
            return
        }
        properties(nested, depth: depth + 1)
    }

    /// `type`: one type name or a list of distinct ones; nil when absent (every type) or unusable.
    mutating func propertyTypes(_ node: NodeID) -> [String]? {
        guard let t = tree.member("type", in: node) else { return nil }
        let valid = RudderStackRule.propertyTypes
        func check(_ item: NodeID) -> String? {
            guard tree.kind(item) == .string else {
                report(RudderStackRule.propertyTypeInvalid, item, "a property type must be a string, found \(describe(tree.kind(item)))")
                return nil
            }
            let name = tree.stringValue(item)
            guard valid.contains(name) else {
                report(RudderStackRule.propertyTypeInvalid, item,
                       "'\(name)' is not a property type; use \(valid.joined(separator: ", "))\(Suggestions.didYouMean(name, in: valid))",
                       fixes: Suggestions.closest(to: name, in: valid).map { [replaceString(item, with: $0)] } ?? [])
                return nil
            }
            return name
        }
        switch tree.kind(t) {
        case .string where tree.stringValue(t).contains(","):
            // The API's own spelling of several types: `"number, string"`.
            var out: [String] = []
            for part in tree.stringValue(t).split(separator: ",", omittingEmptySubsequences: false) {
                let name = part.trimmingCharacters(in: .whitespaces)
                guard valid.contains(name) else {
                    report(RudderStackRule.propertyTypeInvalid, t, "'\(name)' is not a property type; use \(valid.joined(separator: ", "))\(Suggestions.didYouMean(name, in: valid))")
                    return nil
                }
                if out.contains(name) {
                    report(RudderStackRule.propertyTypeInvalid, t, "type '\(name)' is listed twice")
                } else {
                    out.append(name)
                }
            }
            return out
        case .string:
            return check(t).map { [$0] }
        case .array:
            var out: [String] = []
            var ok = true
            for item in tree.children(t) {
                guard let name = check(item) else { ok = false; continue }
                if out.contains(name) {
                    report(RudderStackRule.propertyTypeInvalid, item, "type '\(name)' is listed twice")
                    continue
                }
                out.append(name)
            }
            if Array(tree.children(t)).isEmpty {
                report(RudderStackRule.propertyTypeInvalid, t, "the type list is empty; leave 'type' out to allow every type")
                return nil
            }
            return ok ? out : nil
        default:
            report(RudderStackRule.propertyTypeInvalid, t, "'type' must be a type name or a list of them, found \(describe(tree.kind(t)))")
            return nil
        }
    }

    // MARK: rules

    /// An event's `rules`: a draft-07 JSON Schema, without the keywords RudderStack refuses.
    /// In what the API returns (an event with its read-only fields), `rules` are the API's own: it writes
    /// `unevaluatedProperties`, `if`… there, so the keywords a user may not write are not reported.
    mutating func rules(_ node: NodeID, inResponse: Bool = false) {
        guard tree.kind(node) == .object || tree.kind(node) == .boolean else {
            report(RudderStackRule.rulesInvalid, node, "'rules' must be a JSON Schema (an object), found \(describe(tree.kind(node)))")
            return
        }
        if !inResponse { restrictedKeywords(node, depth: 0) }
        if !factsOnly { _ = compileSchema(node, draft: .draft7, rule: RudderStackRule.rulesInvalid, label: "rules") }
    }

    static let schemaMaps = ["properties", "patternProperties", "definitions", "$defs", "dependencies"]
    static let schemaValues = ["additionalProperties", "additionalItems", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedProperties", "unevaluatedItems"]
    static let schemaLists = ["allOf", "anyOf", "oneOf", "prefixItems"]

    mutating func restrictedKeywords(_ node: NodeID, depth: Int) {
        guard tree.kind(node) == .object, depth < 64 else { return }
        for (key, p, value) in members(node) {
            if RudderStackRule.restrictedRulesKeywords.contains(key) {
                report(RudderStackRule.rulesKeywordRestricted, keyRange(p), "'\(key)' is not supported in RudderStack rules")
            }
            if RudderStackAnalysis.schemaMaps.contains(key) {
                for (_, _, sub) in members(value) { restrictedKeywords(sub, depth: depth + 1) }
            } else if RudderStackAnalysis.schemaValues.contains(key) {
                restrictedKeywords(value, depth: depth + 1)
            } else if RudderStackAnalysis.schemaLists.contains(key) || key == "items" {
                if tree.kind(value) == .array {
                    for sub in tree.children(value) { restrictedKeywords(sub, depth: depth + 1) }
                } else {
                    restrictedKeywords(value, depth: depth + 1)
                }
            }
        }
    }

    // MARK: Catalog

    mutating func catalog(_ root: NodeID) {
        switch tree.kind(root) {
        case .array:
            for item in tree.children(root) { catalogItem(item, kind: nil) }
        case .object:
            if let data = tree.member("data", in: root) {
                unknownKeys(root, known: ["data", "total", "currentPage", "pageSize"], where: "a catalog list")
                for field in ["total", "currentPage", "pageSize"] {
                    if let f = tree.member(field, in: root) { _ = expect(f, .number, field) }
                }
                if expect(data, .array, "data") { for item in tree.children(data) { catalogItem(item, kind: nil) } }
            } else if RudderStackAnalysis.isCatalogFile(tree, root) {
                unknownKeys(root, known: RudderStackAnalysis.catalogLists.map(\.0), where: "a catalog file")
                for (key, kind) in RudderStackAnalysis.catalogLists {
                    if let list = tree.member(key, in: root), expect(list, .array, key) {
                        for item in tree.children(list) { catalogItem(item, kind: kind) }
                    }
                }
            } else {
                // One item: the body of POST/PUT `/catalog/events`, `/properties`, `/categories`, `/custom-types`.
                catalogItem(root, kind: nil)
            }
        default:
            _ = expect(root, .object, "catalog")
        }
    }

    /// The lists of trackspec's catalog file, and what each holds.
    static let catalogLists: [(String, CatalogKind)] = [("events", .event), ("properties", .property), ("categories", .category), ("customTypes", .customType)]

    /// Only catalog lists, each an array, and no event of a plan among the events.
    static func isCatalogFile(_ tree: SyntaxTree, _ root: NodeID) -> Bool {
        let keys = tree.children(root).compactMap { tree.keyString(ofProperty: $0) }
        return !keys.isEmpty && !hasPlanEvents(tree, root) && keys.allSatisfy { k in
            catalogLists.contains { $0.0 == k } && tree.member(k, in: root).map { tree.kind($0) == .array } == true
        }
    }

    /// `events` with what only a plan's events carry (the body of PUT `/tracking-plans/{id}/events`).
    static func hasPlanEvents(_ tree: SyntaxTree, _ root: NodeID) -> Bool {
        guard let events = tree.member("events", in: root), tree.kind(events) == .array else { return false }
        return tree.children(events).contains { e in
            ["identitySection", "properties", "rules", "additionalProperties", "variants"].contains { tree.member($0, in: e) != nil }
        }
    }

    /// One catalog item; `kind` nil for API lists, plain arrays and single bodies, where its fields say what it is.
    mutating func catalogItem(_ item: NodeID, kind: CatalogKind?) {
        guard expect(item, .object, "a catalog item") else { return }
        switch kind ?? RudderStackAnalysis.itemKind(tree, item) {
        case .event:
            _ = event(item, inPlan: false)
        case .property:
            _ = property(item, catalog: true)
        case .customType:
            unknownKeys(item, known: RudderStackAnalysis.customTypeKeys, where: "a custom type")
            let (name, _) = customTypeShape(item, refs: .api)
            if let i = tree.member("id", in: item) { _ = expect(i, .string, "id") }
            if let (text, n) = name {
                facts.catalog.append(CatalogItem(path: path, kind: .customType, id: string("id", in: item)?.0, name: text, eventType: nil, range: tree.range(n),
                                                 idRange: idRange(of: item)))
            }
        case .category:
            unknownKeys(item, known: RudderStackAnalysis.categoryKeys, where: "a category")
            if let (name, n) = string("name", in: item) {
                checkName(n, what: "category name")
                facts.catalog.append(CatalogItem(path: path, kind: .category, id: string("id", in: item)?.0, name: name, eventType: nil, range: tree.range(n),
                                                 idRange: idRange(of: item)))
            } else if let n = tree.member("name", in: item) {
                _ = expect(n, .string, "name")
            } else {
                report(RudderStackRule.nameRequired, ownerRange(item), "a category needs a 'name'")
            }
            checkDescription(in: item, allowEmpty: true)
            if let i = tree.member("id", in: item) { _ = expect(i, .string, "id") }
        }
    }

    /// What a custom type carries, as POST `/catalog/custom-types` takes it and GET returns it.
    static let customTypeKeys = ["id", "name", "description", "type", "config", "properties", "variants", "version", "dataType", "rules", "itemDefinitions"] + auditKeys

    /// What only a custom type carries: its `config` (a property's is `propConfig`), or the fields GET adds.
    static func hasCustomTypeFields(_ tree: SyntaxTree, _ item: NodeID) -> Bool {
        ["config", "dataType", "itemDefinitions"].contains { tree.member($0, in: item) != nil }
    }

    static func itemKind(_ tree: SyntaxTree, _ item: NodeID) -> CatalogKind {
        if tree.member("eventType", in: item) != nil { return .event }
        if hasCustomTypeFields(tree, item) { return .customType }
        if tree.member("type", in: item) != nil || tree.member("propConfig", in: item) != nil { return .property }
        return .category
    }
}
