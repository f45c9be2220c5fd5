import JSONSyntax

/// Hover in rudder-cli project files: a reference shows the resource it names (resolved across the project,
/// as go to definition resolves it); a key shows what rudder-cli and RudderStack do with it.
extension Analyzer {
    /// `node` is the string under the cursor when it is a reference.
    func projectReferenceHover(path: String, tree: SyntaxTree, node: NodeID, workspace: [FileFacts]) -> HoverInfo? {
        guard tree.kind(node) == .string, let urn = ProjectURN.parse(tree.stringValue(node)) else { return nil }
        let resources = FileFacts.merged(workspace + [facts(path: path, tree: tree)]).rudderstack.resources
            .filter { $0.urnKind == urn.kind && $0.id == urn.id }
        let title = "**\(urn.kind)** `\(Excerpt.of(urn.id))`"
        guard let first = resources.first else {
            return HoverInfo(range: tree.range(node), markdown: "\(title)\n\nNo file of the project declares `\(Excerpt.of(urn.kind + ":" + urn.id))`.")
        }
        var text = title
        if let name = first.name, !name.isEmpty { text += ": **\(Excerpt.of(name))**" }
        if urn.kind == "event", !first.nameQualifier.isEmpty { text += " (\(first.nameQualifier) event)" }
        if !first.types.isEmpty { text += " (\(first.types.map { $0.hasPrefix("custom-type:") ? "custom type " + $0.dropFirst(12) : $0 }.joined(separator: ", ")))" }
        text += "\n\nDeclared in \(first.path == path ? "this file" : fileName(of: first.path))"
        if !first.group.isEmpty { text += " (`metadata.name: \(Excerpt.of(first.group))`)" }
        text += "."
        if resources.count > 1 { text += " Declared \(resources.count) times: rudder-cli refuses the duplicate URN." }
        return HoverInfo(range: tree.range(node), markdown: text)
    }

    /// What a key of a project file means, by the key (and its parent where one word means two things).
    func projectKeyHover(key: String, parent: String?, range: Range<Int>) -> HoverInfo? {
        var doc: String?
        if parent == "config" || parent == "propConfig", let fits = RudderStackRule.keywordTypes.first(where: { $0.0 == key || RudderStackAnalysis.snakeCased($0.0) == key })?.1 {
            let types = RudderStackRule.propertyTypes.filter(fits.contains)
            doc = "Advanced keyword for \(types.count == RudderStackRule.propertyTypes.count ? "properties of any type" : types.joined(separator: " and ") + " properties")."
        } else if let d = Analyzer.projectFieldDocs[key] {
            doc = d
        }
        guard let doc else { return nil }
        return HoverInfo(range: range, markdown: "**\(key)**\n\n\(doc)")
    }

    static let projectFieldDocs: [String: String] = [
        "version": "rudder-cli's file format: `rudder/v1` (references `#event:<id>`, snake_case config) or the legacy `rudder/0.1`, `rudder/v0.1` (references `#/events/<group>/<id>`, camelCase `propConfig`).",
        "kind": "What the spec declares: `properties`, `events`, `categories`, `custom-types`, `tracking-plan` (`tp` before v1), `event-stream-source`, or another rudder-cli kind.",
        "metadata": "The file's `name` (the `<group>` of legacy references to its resources) and an optional `import` block binding resources to ones already in a workspace.",
        "spec": "The resources of the file's kind. rudder-cli decodes it strictly: an unknown key anywhere refuses the whole file.",
        "event_type": "One of `track`, `identify`, `group`, `page`, `screen`. Only `track` events have a name; rudder-cli keeps event names unique per type.",
        "display_name": "The tracking plan's name as RudderStack shows it: 3–65 characters, a letter first; unique among the project's plans.",
        "identity_section": "Where an `identify` or `group` call's validated fields live: `properties`, `traits` or `context.traits`.",
        "additionalProperties": "`true` lets an object property (or a rule) carry properties it does not list; only where there are nested properties.",
        "allow_unplanned": "Legacy: whether the event may carry properties the rule does not list.",
        "required": "`true`: an event without this property is a `Required-Missing` violation.",
        "types": "The property's types (v1): primitives (`string`, `integer`, `number`, `boolean`, `array`, `object`, `null`) or a custom type `#custom-type:<id>`.",
        "item_type": "The type of an array property's items: a primitive or `#custom-type:<id>`.",
        "item_types": "The types an array property's items may have: primitives or `#custom-type:<id>`.",
        "rules": "The plan's event rules: each `type: event_rule` with an `id`, and an `event` with its properties, or `includes` of another plan's rule.",
        "event": "The event this rule describes: a reference to an event of the project.",
        "includes": "Takes another plan's rule (`#/tp/<group>/event_rule/<id>`) with its event and properties; a rule has `event` or `includes`, not both.",
        "variants": "At most one: a `discriminator` property and `cases`, each adding properties when the discriminator's value is one of its `match` values.",
        "discriminator": "A string, integer or boolean property among the parent's own properties, whose value picks the case.",
        "cases": "Each case: a `display_name`, the `match` values of the discriminator, and the properties it adds.",
        "match": "The discriminator values (strings, integers, booleans) that select this case.",
        "default": "The properties that apply when no case matches.",
        "governance": "The source's data governance: its tracking plan and what to do with violating events.",
        "validations": "The `tracking_plan` this source's events are validated against and the `config` per event type.",
        "tracking_plan": "The tracking plan (`#tracking-plan:<id>`) this source's events are validated against.",
        "drop_unplanned_events": "`true`: `track` events the plan does not define are dropped (otherwise forwarded with an `Unplanned-Event` violation).",
        "drop_unplanned_properties": "`true`: events with properties the plan does not define are dropped.",
        "drop_other_violations": "`true`: events with any other violation (a missing required property, a wrong type) are dropped.",
        "propagate_violations": "`true`: violations travel with forwarded events as `context.violationErrors`.",
        "enabled": "Whether the source sends events.",
        "import": "Binds resources of this file (`urn`) to ones that already exist in a workspace (`remote_id`), so rudder-cli adopts them instead of creating them.",
    ]
}
