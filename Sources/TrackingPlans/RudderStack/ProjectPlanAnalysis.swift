import JSONSyntax

/// rudder-cli tracking plans (`tp` legacy, `tracking-plan` v1) and event-stream sources.
extension RudderStackAnalysis {
    /// Rule properties nest at most this deep (the rule's own properties are level 1).
    static let maxPropertyNesting = 3

    mutating func projectTrackingPlan(_ spec: NodeID, file: ProjectFile) {
        strictKeys(spec, ["id", "display_name", "description", "rules"], where: "a tracking plan")
        let id = requiredString("id", in: spec)
        let name = requiredString("display_name", in: spec)
        if let (_, n) = name { checkName(n, what: "display_name") }
        checkDescription(in: spec)
        if let rules = present("rules", in: spec), expect(rules, .array, "rules") {
            for rule in tree.children(rules) { planRule(rule, file: file) }
        }
        if let (id, idNode) = id {
            facts.resources.append(ProjectResource(path: path, urnKind: "tracking-plan", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                                   name: name?.0, nameRange: name.map { tree.range($0.1) } ?? tree.range(idNode)))
        }
    }

    mutating func planRule(_ rule: NodeID, file: ProjectFile) {
        guard expect(rule, .object, "rules[]") else { return }
        // Legacy rules carry `allow_unplanned` beside `event` in rudder-cli's own docs, as well as inside it.
        let known = ["type", "id", "event", "properties", "includes", "variants"] + (file.legacy ? ["allow_unplanned"] : ["identity_section", "additional_properties", "additionalProperties"])
        strictKeys(rule, known, where: "a tracking plan rule")
        let id = requiredString("id", in: rule)
        if let (type, t) = requiredString("type", in: rule), type != "event_rule" {
            report(RudderStackRule.planRuleInvalid, t, "a rule's 'type' must be event_rule", fixes: [replaceString(t, with: "event_rule")])
        }
        let event = present("event", in: rule)
        let includes = present("includes", in: rule)
        if event != nil, let includes {
            report(RudderStackRule.planRuleInvalid, keyRange(tree.parent(includes)!), "a rule has 'event' or 'includes', not both")
        } else if event == nil && includes == nil {
            _ = required("event", in: rule, why: " (or 'includes')")
        }
        if let event {
            if file.legacy {
                if expect(event, .object, "event") {
                    strictKeys(event, ["$ref", "allow_unplanned", "identity_section"], where: "a rule's event")
                    if let (_, r) = requiredString("$ref", in: event) { projectReference(r, field: "$ref", kind: "event", file: file) }
                    if let a = present("allow_unplanned", in: event) { _ = expect(a, .boolean, "allow_unplanned") }
                    identitySection(in: event)
                }
            } else {
                projectReference(event, field: "event", kind: "event", file: file)
            }
        }
        if let includes, expect(includes, .object, "includes") {
            strictKeys(includes, ["$ref"], where: "includes")
            if let (_, r) = requiredString("$ref", in: includes) { projectReference(r, field: "includes", kind: "event-rule", file: file) }
        }
        if file.legacy, let a = present("allow_unplanned", in: rule) { _ = expect(a, .boolean, "allow_unplanned") }
        if !file.legacy {
            identitySection(in: rule)
            // rudder-cli's TPRuleV1 decodes `additional_properties` (localcatalog/tracking_plan.go); the camelCase
            // spelling is what earlier trackspec versions accepted and stays accepted.
            for key in ["additional_properties", "additionalProperties"] {
                if let a = present(key, in: rule) { _ = expect(a, .boolean, key) }
            }
        }
        var own = Set<String>()
        if let list = present("properties", in: rule) {
            if event == nil && includes != nil {
                report(RudderStackRule.planRuleInvalid, keyRange(tree.parent(list)!), "'properties' need an 'event': an included rule brings its own")
            }
            own = planProperties(list, file: file, level: 1)
        }
        if let variants = present("variants", in: rule) { self.variants(variants, parentProperties: own, parent: "rule", refs: .project(file)) }
        if let (id, idNode) = id {
            facts.resources.append(ProjectResource(path: path, urnKind: "event-rule", id: id, idRange: tree.range(idNode), fileKind: file.kind, name: nil, nameRange: tree.range(idNode)))
        }
    }

    mutating func identitySection(in node: NodeID) {
        guard let s = present("identity_section", in: node), expect(s, .string, "identity_section") else { return }
        let value = tree.stringValue(s)
        let sections = RudderStackRule.identitySections
        if !sections.contains(value) {
            report(RudderStackRule.identitySectionInvalid, s,
                   "identity_section '\(value)' is not one of \(sections.joined(separator: ", "))\(Suggestions.didYouMean(value, in: sections))",
                   fixes: closestFix(s, value, in: sections))
        }
    }

    /// A rule's properties at `level` (1: the rule's own); returns the ids they reference.
    mutating func planProperties(_ list: NodeID, file: ProjectFile, level: Int) -> Set<String> {
        guard expect(list, .array, "properties") else { return [] }
        var ids = Set<String>()
        for item in tree.children(list) {
            let nested = present("properties", in: item)
            let hasNested = nested.map { tree.kind($0) == .array && tree.childCount($0) > 0 } ?? false
            let id = propertyReference(item, file: file, extraKeys: ["additionalProperties", "properties"] + (file.legacy ? ["allow_unplanned"] : ["additional_properties"]),
                                       requiredTypes: hasNested ? ["object", "array"] : [],
                                       requirement: "nested properties need a property of type object (or an array of objects)")
            if let id {
                if ids.contains(id) {
                    report(RudderStackRule.propertyDuplicate, item, "property '\(id)' is already in this list")
                }
                ids.insert(id)
            }
            guard tree.kind(item) == .object else { continue }
            if let a = present("allow_unplanned", in: item) { _ = expect(a, .boolean, "allow_unplanned") }
            for key in ["additionalProperties", "additional_properties"] {
                if let a = present(key, in: item), expect(a, .boolean, key), !hasNested {
                    report(RudderStackRule.planRuleInvalid, keyRange(tree.parent(a)!), "'\(key)' applies only to a property with nested properties")
                }
            }
            guard let nested else { continue }
            if level >= RudderStackAnalysis.maxPropertyNesting, hasNested {
                report(RudderStackRule.planRuleInvalid, keyRange(tree.parent(nested)!),
                       "properties nest \(level + 1) levels deep; RudderStack allows at most \(RudderStackAnalysis.maxPropertyNesting)")
                continue
            }
            _ = planProperties(nested, file: file, level: level + 1)
        }
        return ids
    }

    // MARK: Event-stream sources

    static let sourceConfigEventTypes = ["track", "identify", "group", "page", "screen"]
    static func sourceSettings(_ eventType: String) -> [String] {
        ["propagate_violations", "drop_unplanned_properties", "drop_other_violations"] + (eventType == "track" ? ["drop_unplanned_events"] : [])
    }

    mutating func eventStreamSource(_ spec: NodeID, file: ProjectFile) {
        strictKeys(spec, ["id", "name", "type", "enabled", "governance"], where: "an event-stream source")
        let id = requiredString("id", in: spec)
        let name = requiredString("name", in: spec)
        if let (type, t) = requiredString("type", in: spec) {
            let types = file.legacy ? RudderStackAnalysis.legacySourceTypes : RudderStackAnalysis.sourceTypes
            if !types.contains(type) {
                report(RudderStackRule.sourceTypeInvalid, t, "'type' must be one of \(types.joined(separator: ", "))\(Suggestions.didYouMean(type, in: types))",
                       fixes: closestFix(t, type, in: types))
            }
        }
        var disabled = false
        if let e = present("enabled", in: spec), expect(e, .boolean, "enabled") { disabled = tree.boolValue(e) == false }
        if let governance = present("governance", in: spec), expect(governance, .object, "governance") {
            strictKeys(governance, ["validations"], where: "governance")
            if let validations = present("validations", in: governance), expect(validations, .object, "validations") {
                strictKeys(validations, ["tracking_plan", "config"], where: "validations")
                if let (_, ref) = requiredString("tracking_plan", in: validations) {
                    projectReference(ref, field: "tracking_plan", kind: "tracking-plan", file: file)
                }
                if let config = required("config", in: validations) { sourceConfig(config) }
            }
        }
        if let (id, idNode) = id {
            facts.resources.append(ProjectResource(path: path, urnKind: "event-stream-source", id: id, idRange: tree.range(idNode), fileKind: file.kind,
                                                   name: name?.0, nameRange: name.map { tree.range($0.1) } ?? tree.range(idNode), disabled: disabled))
        }
    }

    /// The tracking plan's settings for this source, per event type, each a boolean.
    mutating func sourceConfig(_ config: NodeID) {
        guard expect(config, .object, "config") else { return }
        strictKeys(config, RudderStackAnalysis.sourceConfigEventTypes, where: "a source's tracking plan config")
        for (key, _, value) in members(config) where RudderStackAnalysis.sourceConfigEventTypes.contains(key) {
            guard tree.kind(value) != .null, expect(value, .object, key) else { continue }
            let settings = RudderStackAnalysis.sourceSettings(key)
            strictKeys(value, settings, where: "'\(key)' settings")
            for (setting, _, v) in members(value) where settings.contains(setting) { _ = expect(v, .boolean, setting) }
        }
    }
}
