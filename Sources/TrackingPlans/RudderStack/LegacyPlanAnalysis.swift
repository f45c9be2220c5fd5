import JSONSyntax

/// Tracking plans as the older Tracking Plan API returned them and RudderTyper keeps them (`plan.json`):
/// events under `rules.events`, each with a draft-07 `rules` schema whose top-level sections are the parts of
/// a call RudderStack validates (`properties`, `traits`, `context.traits`).
extension RudderStackAnalysis {
    static let legacyPlanKeys = ["id", "name", "display_name", "description", "version", "creationType", "workspaceId", "rules",
                                 "create_time", "update_time", "createdAt", "updatedAt", "createdBy", "updatedBy"]
    /// `global`, `identify_traits` and `group_traits` are rules of their own beside the events (`{rules: schema}`).
    static let legacyRuleSets = ["events", "global", "identify_traits", "group_traits"]
    /// The API RudderTyper fetched in 2021–22 wrote `rules.identify` and `rules.group` as the schema itself
    /// (with a `version`), and a `version` on every event: rudder-typer's `example/analytics/plan.json`.
    static let legacyRuleSchemas = ["identify", "group"]

    mutating func legacyPlan(_ root: NodeID, rules: NodeID) {
        unknownKeys(root, known: RudderStackAnalysis.legacyPlanKeys, where: "a tracking plan")
        // The older API named a plan `workspaces/<slug>/tracking-plans/<id>` and showed `display_name`;
        // plans of the current API (`creationType`) carry their own name.
        if let (_, n) = string("display_name", in: root) {
            checkName(n, what: "tracking plan name")
        } else if let (_, n) = string("name", in: root), tree.member("creationType", in: root) != nil {
            checkName(n, what: "tracking plan name")
        } else if tree.member("name", in: root) == nil {
            report(RudderStackRule.nameRequired, ownerRange(root), "a tracking plan needs a 'name'")
        }
        planFields(root)
        unknownKeys(rules, known: RudderStackAnalysis.legacyRuleSets + RudderStackAnalysis.legacyRuleSchemas, where: "a tracking plan's rules")
        if let events = tree.member("events", in: rules), expect(events, .array, "events") { planEvents(events, legacy: true) }
        for key in RudderStackAnalysis.legacyRuleSchemas {
            guard let schema = present(key, in: rules), expect(schema, .object, key) else { continue }
            self.rules(schema, inResponse: true)
            ruleSections(schema)
        }
        for key in RudderStackAnalysis.legacyRuleSets.dropFirst() {
            guard let set = present(key, in: rules), expect(set, .object, key) else { continue }
            if let r = tree.member("rules", in: set) {
                self.rules(r, inResponse: true)
                ruleSections(r)
            }
        }
    }

    static let ruleSections = ["properties", "traits", "context"]

    /// The top-level sections of an event's `rules`: `properties`, `traits` and `context` (of which only
    /// `traits`). A misspelt section describes nothing RudderStack checks, so the plan silently checks less.
    mutating func ruleSections(_ rules: NodeID) {
        guard tree.kind(rules) == .object, let sections = tree.member("properties", in: rules), tree.kind(sections) == .object else { return }
        let written = Set(members(sections).map(\.0))
        for (key, p, value) in members(sections) {
            guard RudderStackAnalysis.ruleSections.contains(key) else {
                let closest = Suggestions.closest(to: key, in: RudderStackAnalysis.ruleSections)
                report(RudderStackRule.ruleSectionUnknown, keyRange(p),
                       "rules section '\(key)' is not one of properties, traits, context (context.traits): RudderStack validates only those parts of a call\(Suggestions.didYouMean(closest))",
                       fixes: renameFix(p, to: closest, taken: written))
                continue
            }
            guard key == "context", tree.kind(value) == .object, let inner = tree.member("properties", in: value), tree.kind(inner) == .object else { continue }
            let innerKeys = Set(members(inner).map(\.0))
            for (k, q, _) in members(inner) where k != "traits" {
                let closest = Suggestions.closest(to: k, in: ["traits"])
                report(RudderStackRule.ruleSectionUnknown, keyRange(q),
                       "rules section 'context.\(k)' is not one RudderStack validates: of the context, only context.traits\(Suggestions.didYouMean(closest))",
                       fixes: renameFix(q, to: closest, taken: innerKeys))
            }
        }
    }
}
