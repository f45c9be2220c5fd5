import JSONSyntax

/// How a file names a property from a variant or a custom type. rudder-cli files write URNs
/// (`#property:<id>`, legacy `$ref`) and decode strictly; Data Catalog API bodies write the property's
/// plain id (`{id, required}`) and the API ignores keys it does not know. The rules are the same.
enum PropertyRefs {
    case project(ProjectFile)
    case api
}

/// Custom types and variants, as rudder-cli project files and the Data Catalog API write them.
extension RudderStackAnalysis {
    static let customTypeName = "^[A-Z][A-Za-z0-9_-]*$"

    /// Unknown keys: errors in project files (rudder-cli refuses the file), warnings in API bodies.
    mutating func shapeKeys(_ object: NodeID, _ known: [String], where place: String, refs: PropertyRefs) {
        if case .project = refs {
            strictKeys(object, known, where: place)
        } else {
            unknownKeys(object, known: known, where: place)
        }
    }

    /// A property named from a variant or custom type; returns its id.
    mutating func propertyRef(_ item: NodeID, refs: PropertyRefs) -> String? {
        switch refs {
        case .project(let file):
            return propertyReference(item, file: file, extraKeys: [])
        case .api:
            guard expect(item, .object, "properties[]") else { return nil }
            unknownKeys(item, known: ["id", "required"], where: "a property reference")
            if let r = present("required", in: item) { _ = expect(r, .boolean, "required") }
            guard let (id, node) = requiredString("id", in: item) else { return nil }
            facts.references.append(CatalogReference(path: path, kind: .property, id: id, range: tree.range(node)))
            return id
        }
    }

    /// The body of a custom type (name, description, type, config, properties, variants), the same in both
    /// kinds of file; returns its primitive type when it has a valid one.
    mutating func customTypeShape(_ type: NodeID, refs: PropertyRefs) -> (name: (String, NodeID)?, primitive: String?) {
        let name = requiredString("name", in: type)
        if let (text, n) = name { checkCustomTypeName(text, at: n) }
        if case .api = refs { checkDescription(in: type, allowEmpty: true) } else { checkDescription(in: type) }
        var primitive: String?
        if let (text, node) = requiredString("type", in: type) {
            if RudderStackRule.propertyTypes.contains(text) {
                primitive = text
            } else {
                report(RudderStackRule.customTypeInvalid, node,
                       "a custom type's 'type' must be one of \(RudderStackRule.propertyTypes.joined(separator: ", "))\(Suggestions.didYouMean(text, in: RudderStackRule.propertyTypes))",
                       fixes: closestFix(node, text, in: RudderStackRule.propertyTypes))
            }
        }
        if let config = present("config", in: type), expect(config, .object, "config") {
            if primitive == "object", tree.childCount(config) > 0 {
                report(RudderStackRule.customTypeInvalid, keyRange(tree.parent(config)!), "an object custom type has no 'config': its shape is its 'properties'")
            } else {
                var snakeCase = false
                if case .project(let file) = refs { snakeCase = !file.legacy }
                propConfig(config, types: primitive.map { [$0] }, snakeCase: snakeCase)
            }
        }
        var own = Set<String>()
        if let list = present("properties", in: type), expect(list, .array, "properties") {
            for item in tree.children(list) {
                if let ref = propertyRef(item, refs: refs) { own.insert(ref) }
            }
        }
        if let variants = present("variants", in: type) {
            if let primitive, primitive != "object" {
                report(RudderStackRule.customTypeInvalid, keyRange(tree.parent(variants)!), "variants are allowed only on object custom types; this one is \(primitive)")
            }
            self.variants(variants, parentProperties: own, parent: "custom type", refs: refs)
        }
        return (name, primitive)
    }

    /// 2–65 characters matching `^[A-Z][A-Za-z0-9_-]*$`; the first failure is reported.
    mutating func checkCustomTypeName(_ text: String, at n: NodeID) {
        let count = text.count
        if count < 2 || count > 65 {
            report(RudderStackRule.customTypeInvalid, n, "custom type name '\(text)' has \(count) character\(count == 1 ? "" : "s"); it needs 2–65")
        } else if let first = text.first, !(first.isASCII && first.isUppercase) {
            report(RudderStackRule.customTypeInvalid, range(inString: n, utf8Offset: 0, length: String(first).utf8.count),
                   "custom type name '\(text)' must start with a capital letter (\(RudderStackAnalysis.customTypeName))")
        } else if let bad = text.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-")) }) {
            report(RudderStackRule.customTypeInvalid, n, "custom type name '\(text)' has '\(bad)'; only letters, digits, '_' and '-' are allowed (\(RudderStackAnalysis.customTypeName))")
        }
    }

    /// `variants`: at most one, a discriminator among the parent's own properties (in project files also of
    /// type string, integer or boolean, checked project-wide), at least one case with a name, match values
    /// and properties.
    mutating func variants(_ node: NodeID, parentProperties: Set<String>, parent: String, refs: PropertyRefs) {
        guard expect(node, .array, "variants") else { return }
        let items = Array(tree.children(node))
        if items.count > 1 {
            report(RudderStackRule.variantInvalid, items[1], "a \(parent) has at most one variant; this is variant \(2) of \(items.count)")
        }
        for variant in items {
            guard expect(variant, .object, "variants[]") else { continue }
            shapeKeys(variant, ["type", "discriminator", "cases", "default"], where: "a variant", refs: refs)
            if let (type, t) = requiredString("type", in: variant, rule: RudderStackRule.variantInvalid), type != "discriminator" {
                report(RudderStackRule.variantInvalid, t, "a variant's 'type' must be discriminator", fixes: [replaceString(t, with: "discriminator")])
            }
            if let (_, d) = requiredString("discriminator", in: variant, rule: RudderStackRule.variantInvalid),
               let id = discriminator(d, refs: refs), !parentProperties.contains(id) {
                report(RudderStackRule.variantInvalid, d, "discriminator '\(tree.stringValue(d))' is not one of this \(parent)'s properties")
            }
            if let cases = required("cases", in: variant, rule: RudderStackRule.variantInvalid, why: ": a variant needs at least one case"),
               expect(cases, .array, "cases") {
                if tree.childCount(cases) == 0 { report(RudderStackRule.variantInvalid, cases, "a variant needs at least one case") }
                for c in tree.children(cases) { variantCase(c, refs: refs) }
            }
            if let def = present("default", in: variant) {
                let list: NodeID? = tree.kind(def) == .object ? present("properties", in: def) : def
                if tree.kind(def) == .object { shapeKeys(def, ["properties"], where: "a variant's default", refs: refs) }
                if let list, expect(list, .array, "properties") {
                    for item in tree.children(list) { _ = propertyRef(item, refs: refs) }
                }
            }
        }
    }

    /// The discriminator's property id. Project files name it by URN, resolved (with its type) project-wide;
    /// API bodies by the property's id, resolved against the workspace's catalog files.
    mutating func discriminator(_ d: NodeID, refs: PropertyRefs) -> String? {
        switch refs {
        case .project(let file):
            return projectReference(d, field: "discriminator", kind: "property", file: file, requiredTypes: ["string", "integer", "boolean"],
                                    requirement: "a discriminator must be a string, integer or boolean property")
        case .api:
            facts.references.append(CatalogReference(path: path, kind: .property, id: tree.stringValue(d), range: tree.range(d)))
            return tree.stringValue(d)
        }
    }

    mutating func variantCase(_ c: NodeID, refs: PropertyRefs) {
        guard expect(c, .object, "cases[]") else { return }
        shapeKeys(c, ["id", "display_name", "match", "description", "properties"], where: "a variant case", refs: refs)
        _ = requiredString("display_name", in: c, rule: RudderStackRule.variantInvalid)
        if let match = required("match", in: c, rule: RudderStackRule.variantInvalid, why: ": the discriminator values of this case"),
           expect(match, .array, "match") {
            if tree.childCount(match) == 0 { report(RudderStackRule.variantInvalid, match, "'match' needs at least one value") }
            for value in tree.children(match) {
                let ok = tree.kind(value) == .string || tree.kind(value) == .boolean || (tree.kind(value) == .number && tree.numberValue(value)?.isInteger == true)
                if !ok { report(RudderStackRule.variantInvalid, value, "match values are strings, booleans or integers, found \(tree.text(value))") }
            }
        }
        if let list = required("properties", in: c, rule: RudderStackRule.variantInvalid, why: ": a case needs at least one property"),
           expect(list, .array, "properties") {
            if tree.childCount(list) == 0 { report(RudderStackRule.variantInvalid, list, "a case needs at least one property") }
            for item in tree.children(list) { _ = propertyRef(item, refs: refs) }
        }
    }
}
