import Iglu
import JSONSyntax

/// schema-ddl's linter (what the Console and `igluctl lint` say of a schema on upload), run on a schema held in
/// a tree: an Iglu schema file's root, a data structure's `data`, a cached schema. Every subschema is visited
/// (properties, items, combinators, definitions…), iteratively, so nesting depth costs no stack. The tree is
/// the document model, so JSON and YAML files get the same findings at the same places.
struct SchemaLint: TreeRules {
    let tree: SyntaxTree
    let path: String
    let sink = DiagnosticSink()
    var wrongTypeRule: String { IgluRule.keywordTypeMismatch }
    var unknownKeyRule: String { IgluRule.keywordTypeMismatch }

    /// Where a file's place says what its `self` must be.
    enum Place: Equatable {
        /// `…/schemas/{vendor}/{name}/{format}/{version}`: a static registry (and Iglu's cache) layout.
        case registry(vendor: String, name: String, format: String, version: String)
        /// snowplow-cli's `data-structures/{vendor}/{name}.yaml`.
        case dataStructures(vendor: String, name: String)
        case none

        static func of(_ path: String) -> Place {
            let parts = path.split(separator: "/").map(String.init)
            let n = parts.count
            if n >= 5, parts[n - 5] == "schemas", SchemaVer(parts[n - 1]) != nil {
                return .registry(vendor: parts[n - 4], name: parts[n - 3], format: parts[n - 2], version: parts[n - 1])
            }
            if n >= 3, parts[n - 3] == "data-structures", let dot = parts[n - 1].lastIndex(of: "."),
               ["yaml", "yml", "json"].contains(parts[n - 1][parts[n - 1].index(after: dot)...]) {
                return .dataStructures(vendor: parts[n - 2], name: String(parts[n - 1][..<dot]))
            }
            return .none
        }
    }

    static let groups: [(types: Set<String>, keywords: [String], noun: String)] = [
        (["number", "integer"], ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"], "numbers"),
        (["string"], ["minLength", "maxLength", "pattern", "format"], "strings"),
        (["array"], ["items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains"], "arrays"),
        (["object"], ["properties", "patternProperties", "additionalProperties", "required", "minProperties", "maxProperties", "dependencies", "propertyNames"], "objects"),
    ]
    static let bounds: [(low: String, high: String, noun: String)] = [
        ("minimum", "maximum", "number"), ("minLength", "maxLength", "string"), ("minItems", "maxItems", "array"), ("minProperties", "maxProperties", "object"),
    ]
    /// The warehouses' VARCHAR maximum (Redshift's): longer strings do not load.
    static let maxVarchar = 65_535

    /// Lints the schema at `root`. `selfDescribing`: its `$schema` must be Iglu's meta-schema (not asked of a
    /// data structure's `data`, whose envelope rules say it already). `place`: where `self` must point.
    mutating func lint(_ root: NodeID, selfDescribing: Bool, place: Place) {
        guard tree.kind(root) == .object else { return }
        if selfDescribing { metaSchema(root) }
        selfPlace(root, place)
        rootObject(root)
        var stack = [root]
        while let node = stack.popLast() {
            guard tree.kind(node) == .object else { continue }
            lintOne(node)
            unknownKeywords(node, atRoot: node == root)
            for (key, _, value) in members(node) {
                switch key {
                case "properties", "patternProperties", "definitions", "dependencies":
                    if tree.kind(value) == .object { stack += members(value).map(\.value) }
                case "additionalProperties", "additionalItems", "not", "contains", "propertyNames", "if", "then", "else", "items":
                    if tree.kind(value) == .array, key == "items" { stack += tree.children(value) } else { stack.append(value) }
                case "allOf", "anyOf", "oneOf":
                    if tree.kind(value) == .array { stack += tree.children(value) }
                default:
                    break
                }
            }
        }
    }

    /// The keys schema-ddl's strict draft-04 meta-schema allows in a schema (SelfSyntaxChecker `V4SchemaText`),
    /// plus the draft-04 keywords it leaves out (`$ref`, `dependencies`, `exclusiveMinimum`, `exclusiveMaximum`):
    /// trackspec is never stricter than the vendor.
    static let draft4Keywords: Set<String> = [
        "id", "$schema", "$ref", "title", "description", "default", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "additionalItems", "items", "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties",
        "required", "additionalProperties", "definitions", "properties", "patternProperties", "dependencies", "enum", "type", "format",
        "allOf", "anyOf", "oneOf", "not",
    ]
    /// Iglu's own keys, at a self-describing schema's root.
    static let igluRootKeys: Set<String> = ["self", "$supersedes", "$supersededBy"]
    /// Keywords of later drafts that Iglu's draft-04 validation ignores.
    static let laterDraftKeywords: Set<String> = [
        "const", "contains", "propertyNames", "examples", "$comment", "if", "then", "else", "contentMediaType", "contentEncoding",
        "readOnly", "writeOnly", "$id", "$defs", "$anchor", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
        "dependentSchemas", "minContains", "maxContains",
    ]

    /// A key that is no draft-04 keyword where a schema is expected: schema-ddl's strict meta-schema warns
    /// (SelfSyntaxChecker, Level.Warning), typically a property written one level too high or a typo. Iglu's
    /// validator ignores it, so it constrains nothing.
    mutating func unknownKeywords(_ node: NodeID, atRoot: Bool) {
        for (key, property, _) in members(node) where !SchemaLint.draft4Keywords.contains(key) && !(atRoot && SchemaLint.igluRootKeys.contains(key)) {
            if SchemaLint.laterDraftKeywords.contains(key) {
                report(IgluRule.unknownKeyword, keyRange(property), "'\(key)' is not a draft-04 keyword: Iglu validates with draft-04, which ignores it")
            } else {
                let closest = Suggestions.closest(to: key, in: SchemaLint.draft4Keywords.sorted())
                report(IgluRule.unknownKeyword, keyRange(property),
                       "'\(key)' is not a JSON Schema keyword (the meta-schema does not allow it): it constrains nothing; a property belongs under 'properties'\(Suggestions.didYouMean(closest))")
            }
        }
    }

    /// `type` as a set of names; nil when absent or malformed (no type says nothing to lint against).
    func types(_ node: NodeID) -> Set<String>? {
        guard let t = tree.member("type", in: node) else { return nil }
        if tree.kind(t) == .string { return [tree.stringValue(t)] }
        guard tree.kind(t) == .array else { return nil }
        var out = Set<String>()
        for item in tree.children(t) {
            guard tree.kind(item) == .string else { return nil }
            out.insert(tree.stringValue(item))
        }
        return out
    }

    func written(_ types: Set<String>) -> String {
        types.count == 1 ? "\"\(types.first!)\"" : "[" + types.sorted().map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    mutating func lintOne(_ node: NodeID) {
        var byKey: [String: (property: NodeID, value: NodeID)] = [:]
        for (key, property, value) in members(node) where byKey[key] == nil { byKey[key] = (property, value) }
        let types = types(node)
        for (low, high, noun) in SchemaLint.bounds {
            guard let l = byKey[low]?.value, let h = byKey[high]?.value, let a = tree.numberValue(l), let b = tree.numberValue(h),
                  JSONNumber.compare(a, b) > 0 else { continue }
            report(IgluRule.minAboveMax, l, "'\(low)' \(a) is above '\(high)' \(b): no \(noun) is valid here",
                   related: [RelatedInformation(location: Location(path: path, range: tree.range(h)), message: "'\(high)'")],
                   fixes: [Fix(title: "Swap '\(low)' and '\(high)'", edits: [TextEdit(range: tree.range(l), newText: tree.text(h)), TextEdit(range: tree.range(h), newText: tree.text(l))])])
        }
        if let types {
            for (applies, keywords, noun) in SchemaLint.groups where types.isDisjoint(with: applies) {
                for keyword in keywords {
                    guard let (property, _) = byKey[keyword] else { continue }
                    report(IgluRule.keywordTypeMismatch, keyRange(property),
                           "'\(keyword)' constrains \(noun), but this schema's type is \(written(types)): it has no effect")
                }
            }
        }
        requiredProperties(byKey)
        if let format = byKey["format"]?.value, tree.kind(format) == .string, !IgluRule.knownFormats.contains(tree.stringValue(format)) {
            let name = tree.stringValue(format)
            report(IgluRule.unknownFormat, format,
                   "unknown format '\(Excerpt.of(name))': Snowplow's loaders know \(IgluRule.knownFormats.joined(separator: ", "))\(Suggestions.didYouMean(name, in: IgluRule.knownFormats))",
                   fixes: closestFix(format, name, in: IgluRule.knownFormats))
        }
        if types?.contains("string") == true, let max = byKey["maxLength"]?.value, let n = tree.numberValue(max), JSONNumber.compare(n, JSONNumber(SchemaLint.maxVarchar)) > 0 {
            report(IgluRule.maxLengthTooLarge, max, "maxLength \(n) is over 65,535, the warehouses' VARCHAR maximum: longer values do not load")
        }
        if let properties = byKey["properties"]?.value, tree.kind(properties) == .object {
            for (name, property, _) in members(properties) where !SchemaLint.isColumnName(name) {
                report(IgluRule.propertyName, keyRange(property),
                       "'\(Excerpt.of(name))' is not a BigQuery column name: those hold only letters, digits and underscores, and do not start with a digit")
            }
        }
        infos(node, byKey, types)
    }

    /// A required key absent from `properties` under `additionalProperties: false` (and no pattern properties):
    /// no object is valid. The fixes add the property (JSON: an edit written for YAML is still to come) or
    /// drop the requirement.
    mutating func requiredProperties(_ byKey: [String: (property: NodeID, value: NodeID)]) {
        guard let additional = byKey["additionalProperties"]?.value, tree.boolValue(additional) == false, byKey["patternProperties"] == nil,
              let required = byKey["required"]?.value, tree.kind(required) == .array else { return }
        let properties = byKey["properties"].map(\.value).flatMap { tree.kind($0) == .object ? $0 : nil }
        let names = Set(properties.map { members($0).map(\.key) } ?? [])
        for item in tree.children(required) where tree.kind(item) == .string && !names.contains(tree.stringValue(item)) {
            let name = tree.stringValue(item)
            var fixes: [Fix] = []
            if let properties, let add = insertMemberFix(properties, key: name, value: "{}", title: "Add '\(name)' to properties") { fixes.append(add) }
            if let remove = removeItemFix(item, title: "Do not require '\(name)'") { fixes.append(remove) }
            report(IgluRule.requiredMissing, item,
                   "'\(Excerpt.of(name))' is required but not among 'properties', and additionalProperties is false: no object is valid here", fixes: fixes)
        }
    }

    /// schema-ddl's Info linters (off by default; `iglu/*` or their ids in trackspec.json turn them on).
    mutating func infos(_ node: NodeID, _ byKey: [String: (property: NodeID, value: NodeID)], _ types: Set<String>?) {
        if byKey["description"] == nil {
            report(IgluRule.descriptionMissing, ownerRange(node), "this schema has no description")
        }
        if let required = byKey["required"]?.value, tree.kind(required) == .array, let properties = byKey["properties"]?.value, tree.kind(properties) == .object {
            let names = Set(tree.children(required).compactMap { tree.kind($0) == .string ? tree.stringValue($0) : nil })
            for (name, property, value) in members(properties) where !names.contains(name) && tree.kind(value) == .object && self.types(value)?.contains("null") != true {
                report(IgluRule.optionalNotNullable, keyRange(property), "'\(Excerpt.of(name))' is optional but its type does not allow null")
            }
        }
        guard let types, let typeNode = byKey["type"]?.value else { return }
        if !types.isDisjoint(with: ["number", "integer"]), byKey["minimum"] == nil || byKey["maximum"] == nil {
            report(IgluRule.numericBoundsMissing, typeNode, "a number without both 'minimum' and 'maximum': the warehouse column type cannot be sized")
        }
        let knownFormat = byKey["format"].map { tree.kind($0.value) == .string && IgluRule.knownFormats.contains(tree.stringValue($0.value)) } ?? false
        if types.contains("string"), byKey["enum"] == nil, byKey["maxLength"] == nil, !knownFormat {
            report(IgluRule.stringLengthMissing, typeNode, "a string without 'maxLength' (nor an enum or known format): the warehouse column type cannot be sized")
        }
    }

    /// Letters, digits and underscores, not starting with a digit: what BigQuery takes as a column name.
    static func isColumnName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F }
    }

    mutating func metaSchema(_ root: NodeID) {
        let expected = RegistryCache.selfDescribingMetaSchema
        if let s = tree.member("$schema", in: root) {
            guard !(tree.kind(s) == .string && tree.stringValue(s) == expected) else { return }
            report(IgluRule.metaSchema, s, "$schema must be Iglu's self-describing meta-schema \(expected)", fixes: [replaceFix(s, with: expected)])
        } else {
            let add = insertMemberFix(root, key: "$schema", value: JSONWriter().string(.string(expected)), title: "Add '$schema'")
            report(IgluRule.metaSchema, ownerRange(root), "a self-describing schema needs '$schema': \(expected)", fixes: add.map { [$0] } ?? [])
        }
    }

    mutating func selfPlace(_ root: NodeID, _ place: Place) {
        let expected: [(String, String)]
        let placeText: String
        switch place {
        case .registry(let vendor, let name, let format, let version):
            expected = [("vendor", vendor), ("name", name), ("format", format), ("version", version)]
            placeText = "its path (schemas/\(vendor)/\(name)/\(format)/\(version))"
        case .dataStructures(let vendor, let name):
            expected = [("vendor", vendor), ("name", name)]
            placeText = "its place (data-structures/\(vendor)/\(name))"
        case .none:
            return
        }
        guard let me = tree.member("self", in: root), tree.kind(me) == .object else {
            report(IgluRule.selfMismatch, ownerRange(root), "the schema needs 'self' {vendor, name, format, version} naming \(placeText)")
            return
        }
        // snowplow-cli writes data-structures/{vendor}/{name}.yaml through ResourceNameToFileName (lower case,
        // spaces and slashes as dashes) with a -N suffix on collisions, and never checks the layout on reading
        // (internal/validation/local_validation.go): a mismatch there is an info, and only past that mapping.
        let layoutOnly: Bool
        if case .dataStructures = place { layoutOnly = true } else { layoutOnly = false }
        for (field, value) in expected {
            guard let v = tree.member(field, in: me) else {
                if !layoutOnly { report(IgluRule.selfMismatch, ownerRange(me), "'self' needs '\(field)': \"\(value)\" by \(placeText)") }
                continue
            }
            if layoutOnly {
                guard tree.kind(v) == .string, !SchemaLint.snowplowCLIFileName(tree.stringValue(v), matches: value) else { continue }
            } else {
                guard !(tree.kind(v) == .string && tree.stringValue(v) == value) else { continue }
            }
            // Written as JSON: the same message in a YAML file and its JSON twin.
            let shown = Excerpt.of(tree.value(v).map { JSONWriter().string($0) } ?? tree.text(v))
            if layoutOnly {
                report(IgluRule.selfMismatch, as: .info, v, "self.\(field) \(shown) is not where snowplow-cli would write it, \(placeText) (snowplow-cli does not require it)")
            } else {
                report(IgluRule.selfMismatch, v, "self.\(field) \(shown) does not match \(placeText): \"\(value)\"",
                       fixes: [replaceFix(v, with: value)])
            }
        }
    }

    /// Whether `file` is the name snowplow-cli gives a file or folder for `name` (util.ResourceNameToFileName:
    /// printable ASCII only, a reserved Windows name dropped, spaces and slashes as dashes, lower case; a -N
    /// suffix where two names collide; names over 200 characters are truncated, so they are not judged).
    static func snowplowCLIFileName(_ name: String, matches file: String) -> Bool {
        var s = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value <= 0x7E }))
        if ["con", "prn", "aux", "nul"].contains(s.lowercased()) || (s.count == 4 && ["com", "lpt"].contains(s.lowercased().prefix(3)) && s.last!.isNumber) { s = "" }
        s = s.replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "/", with: "-").lowercased()
        if s.isEmpty { s = "unnamed" }
        if s.count > 200 || file == s { return true }
        guard file.hasPrefix(s + "-") else { return false }
        let suffix = file.dropFirst(s.count + 1)
        return !suffix.isEmpty && suffix.allSatisfy(\.isNumber)
    }

    /// Event and entity schemas describe objects: the loaders make columns of the root's properties.
    mutating func rootObject(_ root: NodeID) {
        let isObject = types(root)?.contains("object") == true
        let hasProperties = tree.member("properties", in: root).map { tree.kind($0) == .object } == true
        guard !(isObject && hasProperties) else { return }
        let at = tree.member("type", in: root).map { tree.range($0) } ?? ownerRange(root)
        report(IgluRule.rootNotObject, at, "an event or entity schema should be \"type\": \"object\" with \"properties\" at its root")
    }
}

extension TreeRules {
    /// Adds `"key": value` as the last member of a JSON object, on a line of its own when the members are
    /// (indented like the first); in YAML, `key: value` as `YAMLEdits` writes it. Nil for an unclosed object.
    func insertMemberFix(_ object: NodeID, key: String, value: String, title: String) -> Fix? {
        if tree.syntax == .yaml {
            return YAMLEdits.insertMember(object, key: key, value: YAMLEdits.value(fromJSON: value), title: title, in: tree).map { var fix = $0; fix.writtenForYAML = true; return fix }
        }
        guard tree.syntax == .json, tree.kind(object) == .object, !tree.isUnclosed(object) else { return nil }
        let member = JSONWriter().string(.string(key)) + ": " + value
        let range = tree.range(object)
        let properties = Array(tree.children(object))
        guard let first = properties.first, let last = properties.last else {
            return Fix(title: title, edits: [TextEdit(range: (range.lowerBound + 1)..<(range.upperBound - 1), newText: member)])
        }
        let start = tree.range(first).lowerBound
        var lineStart = start
        while lineStart > range.lowerBound, tree.bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let indent = tree.bytes[lineStart..<start]
        let ownLine = lineStart > range.lowerBound && indent.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let separator = ownLine ? ",\n" + String(decoding: indent, as: UTF8.self) : ", "
        let end = tree.range(last).upperBound
        return Fix(title: title, edits: [TextEdit(range: end..<end, newText: separator + member)])
    }
}
