import JSONSchema
import JSONSyntax

/// `propConfig`: the advanced keywords of a property, each checked for its value and for the property's
/// declared type(s), as the Data Catalog API checks them. rudder-cli's v1 files spell the same keywords in
/// snake_case (`min_length`): `snakeCase` reads and names them so.
extension RudderStackAnalysis {
    mutating func propConfig(_ config: NodeID, types: [String]?, snakeCase: Bool = false) {
        var numbers: [String: (JSONNumber, NodeID)] = [:]
        let spell: (String) -> String = { snakeCase ? RudderStackAnalysis.snakeCased($0) : $0 }
        for (written, p, value) in members(config) {
            let key = RudderStackRule.keywords.first { spell($0) == written } ?? written
            guard let fits = RudderStackRule.keywordTypes.first(where: { spell($0.0) == written })?.1 else {
                report(RudderStackRule.keywordNotApplicable, keyRange(p),
                       "'\(written)' is not an advanced keyword RudderStack supports\(Suggestions.didYouMean(written, in: RudderStackRule.keywords.map(spell)))")
                continue
            }
            if let types, fits.isDisjoint(with: types) {
                let order = RudderStackRule.propertyTypes.filter(fits.contains)
                report(RudderStackRule.keywordNotApplicable, keyRange(p),
                       "'\(written)' applies to \(order.joined(separator: " or ")) properties, but this property's type is \(types.joined(separator: ", "))")
                continue
            }
            switch key {
            case "minLength", "maxLength", "minItems", "maxItems":
                if let n = tree.numberValue(value), tree.kind(value) == .number, n.isInteger, !n.isNegative {
                    numbers[key] = (n, value)
                } else {
                    report(RudderStackRule.keywordInvalid, value, "'\(written)' must be an integer ≥ 0, found \(tree.text(value))")
                }
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
                if tree.kind(value) == .number, let n = tree.numberValue(value) {
                    numbers[key] = (n, value)
                } else {
                    report(RudderStackRule.keywordInvalid, value, "'\(written)' must be a number, found \(tree.text(value))")
                }
            case "multipleOf":
                if tree.kind(value) != .number || tree.numberValue(value).map({ $0.isNegative || $0.isZero }) ?? true {
                    report(RudderStackRule.keywordInvalid, value, "'\(written)' must be a number greater than 0, found \(tree.text(value))")
                }
            case "pattern":
                guard expect(value, .string, written) else { continue }
                do { _ = try ECMARegex(tree.stringValue(value)) } catch {
                    report(RudderStackRule.keywordInvalid, value, "'pattern' is not a valid regular expression: \(error)")
                }
            case "format":
                guard expect(value, .string, written) else { continue }
                let format = tree.stringValue(value)
                if !RudderStackRule.formats.contains(format) {
                    report(RudderStackRule.keywordInvalid, value,
                           "format '\(format)' is not supported; use \(RudderStackRule.formats.joined(separator: ", "))\(Suggestions.didYouMean(format, in: RudderStackRule.formats))",
                           fixes: Suggestions.closest(to: format, in: RudderStackRule.formats).map { [replaceString(value, with: $0)] } ?? [])
                }
            case "uniqueItems":
                _ = expect(value, .boolean, written)
            case "itemTypes":
                guard expect(value, .array, written) else { continue }
                var seen = Set<String>()
                for item in tree.children(value) {
                    guard tree.kind(item) == .string, RudderStackRule.propertyTypes.contains(tree.stringValue(item)) else {
                        let text = tree.kind(item) == .string ? tree.stringValue(item) : tree.text(item)
                        report(RudderStackRule.keywordInvalid, item,
                               "item type '\(text)' is not a property type; use \(RudderStackRule.propertyTypes.joined(separator: ", "))\(Suggestions.didYouMean(text, in: RudderStackRule.propertyTypes))")
                        continue
                    }
                    if !seen.insert(tree.stringValue(item)).inserted {
                        report(RudderStackRule.keywordInvalid, item, "item type '\(tree.stringValue(item))' is listed twice")
                    }
                }
            case "items":
                _ = expect(value, .object, written)
            case "enum":
                enumValues(value, types: types)
            default:
                break
            }
        }
        for (low, high, strict) in [("minLength", "maxLength", false), ("minItems", "maxItems", false), ("minimum", "maximum", false),
                                    ("exclusiveMinimum", "exclusiveMaximum", true), ("minimum", "exclusiveMaximum", true), ("exclusiveMinimum", "maximum", true)] {
            guard let (a, _) = numbers[low], let (b, node) = numbers[high] else { continue }
            if strict ? !(a < b) : b < a {
                report(RudderStackRule.keywordInvalid, node, "'\(spell(high))' (\(b.text)) must be \(strict ? "greater than" : "at least") '\(spell(low))' (\(a.text)): no value can be valid")
            }
        }
    }

    /// `minLength` → `min_length`.
    static func snakeCased(_ name: String) -> String {
        var out = ""
        for c in name {
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// `enum`: non-empty, no repeated value, every value of a declared type.
    mutating func enumValues(_ node: NodeID, types: [String]?) {
        guard expect(node, .array, "enum") else { return }
        let items = Array(tree.children(node))
        if items.isEmpty {
            report(RudderStackRule.keywordInvalid, node, "'enum' is empty: no value can be valid")
            return
        }
        var seen = Set<JSONValue>()
        for item in items {
            guard let v = tree.value(item) else { continue }
            if !seen.insert(v).inserted {
                report(RudderStackRule.keywordInvalid, item, "enum value \(tree.text(item)) is listed twice")
                continue
            }
            if let types, !types.contains(where: { RudderStackAnalysis.value(v, hasType: $0) }) {
                report(RudderStackRule.keywordInvalid, item, "enum value \(tree.text(item)) is not of the property's type (\(types.joined(separator: ", ")))")
            }
        }
    }

    static func value(_ v: JSONValue, hasType type: String) -> Bool {
        switch (v, type) {
        case (.string, "string"), (.bool, "boolean"), (.null, "null"), (.array, "array"), (.object, "object"), (.number, "number"): return true
        case (.number(let n), "integer"): return n.isInteger
        default: return false
        }
    }
}
