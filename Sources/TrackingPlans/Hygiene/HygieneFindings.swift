import Iglu
import JSONSchema
import JSONSyntax

/// A name of the design, by the kind whose names must agree with each other.
struct NamedThing {
    /// What messages call the kind (`event name`, `tracking-plan id`).
    var kind: String
    /// Its key in trackspec.json's `naming` (`event`, `tracking-plan-id`), and the key that sets it with others (`id`).
    var key: String
    var generalKey: String? = nil
    var name: String
    var location: Location
    var fix: NameFix = .none

    /// How a name is respelt: its string replaced where nothing refers to it by name, the workspace rename where
    /// things do (ids, event specification names), not at all where renaming changes what is tracked under an
    /// Iglu URI (data structures and their fields: a new version's work).
    enum NameFix { case none, local(Range<Int>), rename }
}

/// The hygiene family over the whole workspace's facts (both rules read every name of a kind: a convention is the
/// workspace's, a duplicate may be in any file), per file.
enum HygieneFindings {
    /// Every name the facts hold, by kind: rudder-cli resources' names and ids, Data Catalog items and plan properties,
    /// event specifications (tracking scenarios), data structures and the fields of their latest versions. A name
    /// written twice at one place counts once.
    static func names(_ facts: FileFacts) -> [NamedThing] {
        var out: [NamedThing] = []
        let kinds = ["event": "event", "property": "property", "category": "category", "custom-type": "custom type"]
        for r in facts.rudderstack.resources {
            if let kind = kinds[r.urnKind], let name = r.name {
                out.append(NamedThing(kind: kind + " name", key: r.urnKind, name: name, location: Location(path: r.path, range: r.nameValueRange ?? r.nameRange),
                                      fix: r.nameValueRange.map { .local($0) } ?? .none))
            }
            // Ids by the kind of resource: a source's and an event's ids follow conventions of their own.
            out.append(NamedThing(kind: r.urnKind + " id", key: r.urnKind + "-id", generalKey: "id", name: r.id,
                                  location: Location(path: r.path, range: r.idRange), fix: .rename))
        }
        let catalogKinds: [CatalogKind: String] = [.event: "event", .property: "property", .category: "category", .customType: "custom-type"]
        for item in facts.rudderstack.catalog where !item.name.isEmpty {
            let key = catalogKinds[item.kind] ?? "event"
            out.append(NamedThing(kind: key.replacingOccurrences(of: "-", with: " ") + " name", key: key, name: item.name,
                                  location: Location(path: item.path, range: item.range), fix: .local(item.range)))
        }
        for p in facts.rudderstack.properties {
            out.append(NamedThing(kind: "property name", key: "property", name: p.name, location: Location(path: p.path, range: p.range), fix: .local(p.range)))
        }
        for s in facts.scenarios {
            out.append(NamedThing(kind: "event specification name", key: "event-specification", name: s.name,
                                  location: Location(path: s.path, range: s.nameRange), fix: .rename))
        }
        for d in facts.snowplow.dataStructures {
            out.append(NamedThing(kind: "data structure name", key: "data-structure", name: d.name, location: Location(path: d.path, range: d.range)))
        }
        for field in latestFields(facts.snowplow) {
            out.append(NamedThing(kind: "schema property name", key: "schema-property", name: field.name, location: Location(path: field.path, range: field.range)))
        }
        var seen = Set<Location>()
        return out.filter { !$0.name.isEmpty && seen.insert($0.location).inserted }
    }

    /// The fields of each data structure's latest version in the workspace, from one file (a key defined twice, as a
    /// data structure and a registry copy, is another rule's finding): published versions are history, and a new
    /// MODEL may retype a field, so versions of one data structure are not held against each other.
    static func latestFields(_ facts: SnowplowFacts) -> [SchemaField] {
        var latest: [String: (key: SchemaKey, path: String)] = [:]
        for field in facts.schemaFields {
            if let known = latest[field.key.structure],
               known.key.version > field.key.version || (known.key.version == field.key.version && known.path <= field.path) { continue }
            latest[field.key.structure] = (field.key, field.path)
        }
        return facts.schemaFields.filter { latest[$0.key.structure].map { [key = $0.key, path = $0.path] in $0.key == key && $0.path == path } ?? false }
    }

    /// The findings of the rules `enabled` (ids), per path.
    static func findings(_ facts: FileFacts, enabled: Set<String>, naming settings: [String: NamingSetting] = [:]) -> [String: [Diagnostic]] {
        guard !enabled.isEmpty else { return [:] }
        var out: [String: [Diagnostic]] = [:]
        let byKind = Dictionary(grouping: names(facts), by: \.kind)
        for (kind, things) in byKind.sorted(by: { $0.key < $1.key }) {
            // Each distinct spelling once, at its first place.
            var first: [String: NamedThing] = [:]
            for t in things.sorted(by: { ($0.location.path, $0.location.range.lowerBound) < ($1.location.path, $1.location.range.lowerBound) })
            where first[t.name] == nil { first[t.name] = t }
            let distinct = first.values.sorted { ($0.location.path, $0.location.range.lowerBound, $0.name) < ($1.location.path, $1.location.range.lowerBound, $1.name) }
            if enabled.contains(HygieneRule.namingConvention) {
                let sample = distinct[0]
                let setting = settings[sample.key] ?? sample.generalKey.flatMap { settings[$0] } ?? .inferred
                naming(kind, distinct, setting: setting, into: &out)
            }
            if enabled.contains(HygieneRule.nearDuplicate) {
                nearDuplicates(kind, distinct, counts: Dictionary(grouping: things, by: \.name).mapValues(\.count), into: &out)
            }
        }
        if enabled.contains(HygieneRule.conflictingDefinition) { conflicts(facts, into: &out) }
        if enabled.contains(HygieneRule.orphan) { orphans(facts, into: &out) }
        if enabled.contains(HygieneRule.missingDescription) { undocumented(facts, into: &out) }
        return out
    }

    /// Events and properties without a description, where the vendor takes one.
    static func undocumented(_ facts: FileFacts, into out: inout [String: [Diagnostic]]) {
        for r in facts.rudderstack.resources where r.undocumented && (r.urnKind == "event" || r.urnKind == "property") {
            out[r.path, default: []].append(Diagnostic(rule: HygieneRule.missingDescription, range: r.idRange,
                                                       message: "\(r.urnKind) '\(r.id)' has no description"))
        }
        for item in facts.rudderstack.catalog where item.undocumented && (item.kind == .event || item.kind == .property) {
            out[item.path, default: []].append(Diagnostic(rule: HygieneRule.missingDescription, range: item.range,
                                                          message: "catalog \(item.kind.rawValue) '\(item.name)' has no description"))
        }
    }

    /// What one place says of a property: its types, format or enum (as text; "" for untyped, which conflicts with
    /// nothing).
    struct TypedPlace { var name: String; var value: String; var location: Location }

    /// What of a definition two places may disagree on, and how a message says it.
    enum Aspect: CaseIterable {
        case type, format, enumeration

        func says(_ value: String) -> String {
            switch self {
            case .type: return "is \(value)"
            case .format: return "has format \(value)"
            case .enumeration: return "allows [\(value)]"
            }
        }

        var splits: String {
            switch self {
            case .type: return "one field typed two ways splits its data"
            case .format: return "one field formatted two ways splits its data"
            case .enumeration: return "one field with two lists of values splits its data"
            }
        }

        /// The aspect of a definition, nil where the definition does not say (no format: nothing to disagree with).
        func of(types: String, shape: PropertyShape) -> String? {
            switch self {
            case .type: return types.isEmpty ? nil : types
            case .format: return shape.format
            case .enumeration: return shape.enumValues.map { $0.joined(separator: ", ") }
            }
        }
    }

    /// One property name defined differently in different places (types, formats, enums): each place whose
    /// definition is not the most used one is reported, naming the other variants and where each is. Only places
    /// that say something of the aspect take part: a property without `format` does not disagree with one with.
    static func conflicts(_ facts: FileFacts, into out: inout [String: [Diagnostic]]) {
        var definitions: [(name: String, types: String, shape: PropertyShape, location: Location)] = []
        for p in facts.rudderstack.properties {
            definitions.append((p.name, p.types.joined(separator: " or "), PropertyShape(keywords: p.keywords), Location(path: p.path, range: p.range)))
        }
        for r in facts.rudderstack.resources where r.urnKind == "property" {
            definitions.append((r.name ?? r.id, r.types.sorted().joined(separator: " or "), r.shape, Location(path: r.path, range: r.nameValueRange ?? r.nameRange)))
        }
        // Snowplow: the top-level properties of one vendor's data structures, each at its latest version.
        var byVendor: [String: [(name: String, types: String, shape: PropertyShape, location: Location)]] = [:]
        for field in latestFields(facts.snowplow) where field.topLevel {
            byVendor[field.key.vendor, default: []].append((field.name, field.types, field.shape, Location(path: field.path, range: field.range)))
        }
        for aspect in Aspect.allCases {
            report(definitions.compactMap { d in aspect.of(types: d.types, shape: d.shape).map { TypedPlace(name: d.name, value: $0, location: d.location) } },
                   what: "property", aspect: aspect, into: &out)
            for (vendor, fields) in byVendor.sorted(by: { $0.key < $1.key }) {
                report(fields.compactMap { d in aspect.of(types: d.types, shape: d.shape).map { TypedPlace(name: d.name, value: $0, location: d.location) } },
                       what: "\(vendor) field", aspect: aspect, into: &out)
            }
        }
    }

    static func report(_ places: [TypedPlace], what: String, aspect: Aspect, into out: inout [String: [Diagnostic]]) {
        var seen = Set<Location>()
        for (name, group) in Dictionary(grouping: places.filter { seen.insert($0.location).inserted }, by: \.name).sorted(by: { $0.key < $1.key }) {
            let variants = Dictionary(grouping: group, by: \.value)
            guard variants.count > 1 else { continue }
            let main = variants.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }!.key
            for place in group where place.value != main {
                let others = variants.filter { $0.key != place.value }.sorted { $0.key < $1.key }
                let list = others.map { "\(aspect.says($0.key).split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0.key) in \($0.value.count) place\($0.value.count == 1 ? "" : "s")" }
                    .joined(separator: ", ")
                out[place.location.path, default: []].append(Diagnostic(
                    rule: HygieneRule.conflictingDefinition, range: place.location.range,
                    message: "\(what) '\(name)' \(aspect.says(place.value)) here but \(list) elsewhere in the workspace: \(aspect.splits)",
                    related: others.compactMap { variant in variant.value.first.map { RelatedInformation(location: $0.location, message: "'\(name)' \(aspect.says(variant.key)) here") } }))
            }
        }
    }

    /// Definitions nothing uses, for the kinds the workspace has users of at all (a catalog with no plan beside it
    /// is not a catalog of orphans).
    static func orphans(_ facts: FileFacts, into out: inout [String: [Diagnostic]]) {
        let rudder = facts.rudderstack
        if rudder.resources.contains(where: { $0.urnKind == "tracking-plan" }) {
            let used = Set(rudder.projectReferences.map { $0.urnKind + "\u{0}" + $0.id })
            for r in rudder.resources where ["event", "property", "category", "custom-type"].contains(r.urnKind) && !used.contains(r.urnKind + "\u{0}" + r.id) {
                out[r.path, default: []].append(Diagnostic(rule: HygieneRule.orphan, range: r.idRange,
                                                           message: "\(r.urnKind) '\(r.id)' is used by no tracking plan, custom type or event of the workspace"))
            }
        }
        if !rudder.references.isEmpty {
            let used = Set(rudder.references.map { $0.kind.rawValue + "\u{0}" + $0.id })
            // Plans are the files that name events by id (a catalog's events name categories, which makes no plan).
            let plans = Set(rudder.references.filter { $0.kind == .event }.map(\.path))
            // A plan's event lists its properties by name (the Data Catalog API's plan events, RudderTyper's plan.json).
            let namedInPlans = Set(rudder.properties.filter { plans.contains($0.path) }.map(\.name))
            for item in rudder.catalog where !plans.isEmpty && !plans.contains(item.path) && [.event, .property].contains(item.kind) {
                guard let id = item.id, !used.contains(item.kind.rawValue + "\u{0}" + id) else { continue }
                if item.kind == .property && namedInPlans.contains(item.name) { continue }
                out[item.path, default: []].append(Diagnostic(rule: HygieneRule.orphan, range: item.idRange ?? item.range,
                                                              message: "catalog \(item.kind.rawValue) '\(item.name)' (\(id)) is used by no tracking plan of the workspace"))
            }
            // Categories: named by events' `categoryId`, in catalogs and plans alike.
            let categories = Set(rudder.references.filter { $0.kind == .category }.map(\.id))
            for item in rudder.catalog where item.kind == .category && !categories.isEmpty {
                guard let id = item.id, !categories.contains(id) else { continue }
                out[item.path, default: []].append(Diagnostic(rule: HygieneRule.orphan, range: item.idRange ?? item.range,
                                                              message: "catalog category '\(item.name)' (\(id)) is the category of no event of the workspace"))
            }
        }
        let snowplow = facts.snowplow
        if !snowplow.igluUses.isEmpty {
            let named = Set(snowplow.igluUses.map(\.family))
            for d in snowplow.dataStructures where !named.contains(d.family) {
                out[d.path, default: []].append(Diagnostic(rule: HygieneRule.orphan, range: d.range,
                                                           message: "data structure \(d.family) is named by no event specification or schema of the workspace"))
            }
        }
        if !snowplow.sourceAppRefs.isEmpty {
            let targets = Set(snowplow.sourceAppRefs.map(\.target))
            for app in snowplow.sourceApps where !targets.contains(normalizedPath(app.path)) {
                out[app.path, default: []].append(Diagnostic(rule: HygieneRule.orphan, range: 0..<0,
                                                             message: "source application '\(app.name)' is named by no data product of the workspace"))
            }
        }
    }

    /// Names of `kind` not spelt as `setting` asks, or, inferred, as a clear majority of the kind's names are; each
    /// with a fix to the conforming spelling where there is one to write.
    static func naming(_ kind: String, _ distinct: [NamedThing], setting: NamingSetting, into out: inout [String: [Diagnostic]]) {
        let expected: String
        // What names are held to: the setting, an inferred one as the convention it found.
        var held = setting
        switch setting {
        case .off:
            return
        case .inferred:
            guard let (majority, followed, total) = NamingConvention.majority(of: distinct.map(\.name)) else { return }
            held = .convention(majority)
            expected = "\(majority.rawValue), the convention \(followed) of the \(total) \(kind)s in the workspace that tell conventions apart follow"
        case .convention(let chosen):
            expected = "\(chosen.rawValue), the convention trackspec.json sets for \(kind)s"
        case .pattern(let regex):
            expected = "matching /\(regex.source)/, the pattern trackspec.json sets for \(kind)s"
        }
        for t in distinct where !held.accepts(t.name) {
            var fixes: [Fix] = []
            if case .convention(let convention) = held, let respelt = convention.respell(t.name) {
                let title = "Rename to '\(respelt)' (\(convention.rawValue))"
                switch t.fix {
                case .none: break
                case .local(let range): fixes.append(Fix(title: title, edits: [TextEdit(range: range, newText: JSONWriter.quoted(respelt))]))
                case .rename: fixes.append(Fix(title: title + ", with every reference", renamingSymbolTo: respelt))
                }
            }
            out[t.location.path, default: []].append(Diagnostic(
                rule: HygieneRule.namingConvention, range: t.location.range,
                message: "\(kind) '\(t.name)' is not \(setting.isPattern ? "spelt " : "")\(expected)", fixes: fixes))
        }
    }

    /// Case and separators folded: `product_id`, `productId`, `Product ID` are one.
    static func folded(_ name: String) -> String {
        String(name.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " && $0 != "." })
    }

    static func nearDuplicates(_ kind: String, _ distinct: [NamedThing], counts: [String: Int], into out: inout [String: [Diagnostic]]) {
        // The same after folding: every spelling but the most used one (then the first) is reported.
        let groups = Dictionary(grouping: distinct, by: { folded($0.name) })
        var reported = Set<String>()
        for (_, group) in groups.sorted(by: { $0.key < $1.key }) where group.count > 1 {
            let main = group.min { kept($0, over: $1, counts) }!
            for t in group where t.name != main.name {
                reported.insert(t.name)
                out[t.location.path, default: []].append(Diagnostic(
                    rule: HygieneRule.nearDuplicate, range: t.location.range,
                    message: "\(kind) '\(t.name)' and '\(main.name)' differ only in case or separators: likely one name spelt twice",
                    related: [RelatedInformation(location: main.location, message: "'\(main.name)' is here")]))
            }
        }
        // One letter apart in names of 8 or more characters (not a plural's `s`): the pairs share a name with one
        // character deleted, found through an index of those deletions rather than by comparing every pair.
        let folds = Dictionary(groups.compactMap { key, group in key.count >= 8 && key.count <= 64 ? (key, group[0]) : nil }, uniquingKeysWith: { a, _ in a })
        var byDeletion: [String: [String]] = [:]
        for key in folds.keys.sorted() {
            let chars = Array(key)
            byDeletion[key, default: []].append(key)
            for i in chars.indices { byDeletion[String(chars[..<i] + chars[(i + 1)...]), default: []].append(key) }
        }
        var pairs = Set<[String]>()
        for (_, keys) in byDeletion where keys.count > 1 {
            for i in keys.indices { for j in keys.indices where i < j && keys[i] != keys[j] { pairs.insert([keys[i], keys[j]].sorted()) } }
        }
        for pair in pairs.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (x, y) = (pair[0], pair[1])
            guard oneEditApart(x, y), !(x + "s" == y || y + "s" == x), let a = folds[x], let b = folds[y] else { continue }
            // The less used (then the later) of the two is the one reported.
            let (kept, other) = Self.kept(a, over: b, counts) ? (a, b) : (b, a)
            guard reported.insert(other.name).inserted else { continue }
            out[other.location.path, default: []].append(Diagnostic(
                rule: HygieneRule.nearDuplicate, range: other.location.range,
                message: "\(kind) '\(other.name)' is one letter from '\(kept.name)': likely one name spelt twice",
                related: [RelatedInformation(location: kept.location, message: "'\(kept.name)' is here")]))
        }
    }

    /// Which of two spellings is the one kept (the other reported): the more used, then the first in path and offset order.
    static func kept(_ a: NamedThing, over b: NamedThing, _ counts: [String: Int]) -> Bool {
        let (x, y) = (counts[a.name] ?? 0, counts[b.name] ?? 0)
        if x != y { return x > y }
        return (a.location.path, a.location.range.lowerBound) < (b.location.path, b.location.range.lowerBound)
    }

    /// Levenshtein distance exactly 1 (strings that differ), by a letter: names that differ in a digit (`Step 1`,
    /// `Step 2`; `Product Viewed`, `Product Viewed 1`) are numbered on purpose.
    static func oneEditApart(_ a: String, _ b: String) -> Bool {
        let x = Array(a), y = Array(b)
        if x.count == y.count {
            let differing = zip(x, y).filter { $0 != $1 }
            return differing.count == 1 && !differing[0].0.isASCIIDigit && !differing[0].1.isASCIIDigit
        }
        let (short, long) = x.count < y.count ? (x, y) : (y, x)
        guard long.count == short.count + 1 else { return false }
        var i = 0
        while i < short.count && short[i] == long[i] { i += 1 }
        return !long[i].isASCIIDigit && short[i...] == long[(i + 1)...]
    }
}
