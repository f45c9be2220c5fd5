import JSONSyntax

/// A way an instance fails a schema: where in the instance, which keyword where in the schema.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    public var instancePath: JSONPointer
    /// Location of the failing keyword: the schema's pointer plus the keyword.
    public var schemaPath: JSONPointer
    public var keyword: String
    public var message: String
    /// The schema node whose keyword failed.
    public var schemaNode: Int

    public var description: String {
        "\(instancePath.description.isEmpty ? "(root)" : instancePath.description): \(message)"
    }
}

/// Validates instances against a compiled schema, reporting every failure (or just yes/no, faster).
public struct Validator: Sendable {
    public let schema: CompiledSchema
    /// Whether `format` is asserted (trackspec does, as Snowplow's pipeline does).
    public var assertFormats = true
    /// Recursion through `$ref` deeper than this is reported instead of recursing on.
    public var maxDepth = 256
    public var regexBudget = 200_000

    public init(_ schema: CompiledSchema) { self.schema = schema }

    public func validate(_ instance: JSONValue) -> [ValidationError] {
        var errors: [ValidationError] = []
        _ = check(schema.root, instance, [], &errors, collect: true, depth: 0, memo: nil)
        return errors
    }

    public func isValid(_ instance: JSONValue) -> Bool {
        var none: [ValidationError] = []
        return check(schema.root, instance, [], &none, collect: false, depth: 0, memo: nil)
    }

    public func isValid(_ instance: JSONValue, against node: Int) -> Bool {
        var none: [ValidationError] = []
        return check(node, instance, [], &none, collect: false, depth: 0, memo: nil)
    }

    /// A value as JSON, cut to 60 characters. Only a prefix is written: a 3-million-item witness is described in
    /// constant time, not written out whole and then cut.
    static func describe(_ v: JSONValue) -> String {
        let text = JSONWriter().string(prefix(of: v, items: 64))
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }

    /// `v` with at most `items` array items and object members in all (strings cut to 64 characters): enough to
    /// write a 60-character description of it.
    static func prefix(of v: JSONValue, items: Int) -> JSONValue {
        var budget = items
        func cut(_ v: JSONValue) -> JSONValue {
            switch v {
            case .string(let s) where s.utf8.count > 64: return .string(String(s.prefix(64)))
            case .array(let elements):
                var kept: [JSONValue] = []
                for e in elements {
                    guard budget > 0 else { break }
                    budget -= 1
                    kept.append(cut(e))
                }
                return .array(kept)
            case .object(let object):
                var kept = JSONObject()
                for (k, value) in zip(object.keys, object.values) {
                    guard budget > 0 else { break }
                    budget -= 1
                    kept[k] = cut(value)
                }
                return .object(kept)
            default: return v
            }
        }
        return cut(v)
    }

    /// Whether `n` is an `integer` in `draft`: draft-04 reads 1.0 as a number, not an integer; later drafts as an
    /// integer. Scanned as bytes: Foundation's `contains` on every number of a 3-million-item witness took minutes.
    static func isInteger(_ n: JSONNumber, _ draft: Draft) -> Bool {
        guard draft == .draft4 else { return n.isInteger }
        guard n.isInteger else { return false }
        var previous: UInt8 = 0
        for byte in n.text.utf8 {
            if byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "-") && (previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E"))) { return false }
            previous = byte
        }
        return true
    }

    /// Whether `v` has one of the types of a node's `type` list, read as a mask (`SchemaNode.typeMask`): one test
    /// instead of a string comparison per listed type.
    @inline(__always)
    static func typeMatches(_ mask: UInt8, _ v: JSONValue, _ draft: Draft) -> Bool {
        switch v {
        case .null: return mask & SchemaNode.TypeBit.null != 0
        case .bool: return mask & SchemaNode.TypeBit.boolean != 0
        case .object: return mask & SchemaNode.TypeBit.object != 0
        case .array: return mask & SchemaNode.TypeBit.array != 0
        case .string: return mask & SchemaNode.TypeBit.string != 0
        case .number:
            if mask & SchemaNode.TypeBit.number != 0 { return true }
            guard mask & SchemaNode.TypeBit.integer != 0, case .number(let n) = v else { return false }
            return isInteger(n, draft)
        }
    }

    /// The number of Unicode scalars in `s` (what `minLength`/`maxLength` count), or any number within the
    /// bounds when its UTF-8 length already proves it is within them (a scalar is one to four bytes).
    static func scalarCount(_ s: String, atLeast minimum: Int, atMost maximum: Int) -> Int {
        let bytes = s.utf8.count
        if bytes <= maximum && (bytes + 3) / 4 >= minimum { return bytes }
        return s.utf8.withContiguousStorageIfAvailable { buffer in
            var count = 0
            for byte in buffer where byte & 0xC0 != 0x80 { count += 1 }
            return count
        } ?? s.unicodeScalars.count
    }

    /// Results of subschemas already applied to one value (through `$ref`, allOf, anyOf, oneOf, not, if):
    /// a schema whose combinators share subschemas (a DAG, `anyOf: [{$ref: d1}, {$ref: d1}]` forty levels
    /// deep) is then linear to check, not exponential. Errors of a node already collected for this value
    /// are not reported twice.
    final class SameValueMemo {
        var quiet: [Int: Bool] = [:]
        var collected: [Int: Bool] = [:]
    }

    func check(_ index: Int, _ value: JSONValue, _ path: JSONPointer, _ errors: inout [ValidationError], collect: Bool, depth: Int,
               memo: SameValueMemo?) -> Bool {
        guard let memo else { return evaluate(index, value, path, &errors, collect: collect, depth: depth, memo: nil) }
        if let known = memo.collected[index] ?? (collect ? nil : memo.quiet[index]) { return known }
        let result = evaluate(index, value, path, &errors, collect: collect, depth: depth, memo: memo)
        if collect { memo.collected[index] = result } else { memo.quiet[index] = result }
        return result
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func evaluate(_ index: Int, _ value: JSONValue, _ path: JSONPointer, _ errors: inout [ValidationError], collect: Bool, depth: Int,
                  memo: SameValueMemo?) -> Bool {
        let node = schema.nodes[index]
        // The message is only made when errors are collected: a yes/no check of a large failing value used to
        // write that value out (`describe`) for every failure it met.
        func fail(_ keyword: String, _ message: @autoclosure () -> String) -> Bool {
            if collect {
                errors.append(ValidationError(instancePath: path, schemaPath: node.pointer.appending(.key(keyword)), keyword: keyword,
                                              message: message(), schemaNode: index))
            }
            return false
        }
        guard depth < maxDepth else { return fail("$ref", "schema recursion deeper than \(maxDepth) levels") }
        if let b = node.boolean { return b ? true : fail("false", "no value is allowed here") }
        // Subschemas applied to this same value share one memo, made on first need.
        var shared = memo
        func sameValueMemo() -> SameValueMemo {
            if let shared { return shared }
            let made = SameValueMemo()
            shared = made
            return made
        }
        if let target = node.ref { return check(target, value, path, &errors, collect: collect, depth: depth + 1, memo: sameValueMemo()) }
        if let ref = node.unresolvedRef { return fail("$ref", "unresolved $ref '\(ref)'") }
        var ok = true
        /// A subschema applied to an item or property value.
        func sub(_ child: Int, _ v: JSONValue, _ p: JSONPointer) -> Bool {
            check(child, v, p, &errors, collect: collect, depth: depth + 1, memo: nil)
        }
        /// A subschema applied to this value.
        func same(_ child: Int) -> Bool {
            check(child, value, path, &errors, collect: collect, depth: depth + 1, memo: sameValueMemo())
        }
        func quiet(_ child: Int, _ v: JSONValue) -> Bool {
            var none: [ValidationError] = []
            return check(child, v, path, &none, collect: false, depth: depth + 1, memo: nil)
        }
        func quietSame(_ child: Int) -> Bool {
            var none: [ValidationError] = []
            return check(child, value, path, &none, collect: false, depth: depth + 1, memo: sameValueMemo())
        }
        @inline(__always) func done() -> Bool { !ok && !collect }
        // Instance paths only matter for reported errors: a yes/no check does not build them.
        @inline(__always) func at(_ segment: PathSegment) -> JSONPointer { collect ? path.appending(segment) : path }

        if node.types != nil, !Validator.typeMatches(node.typeMask, value, schema.draft), let types = node.types {
            ok = fail("type", "expected \(types.joined(separator: " or ")), got \(value.typeName)")
            if done() { return false }
        }
        if let values = node.enumValues, !values.contains(value) {
            ok = fail("enum", "\(Validator.describe(value)) is not one of \(Validator.describe(.array(values)))")
            if done() { return false }
        }
        if let c = node.constValue, c != value {
            ok = fail("const", "must be \(Validator.describe(c))")
            if done() { return false }
        }
        switch value {
        case .number(let n):
            if let m = node.maximum, n > m { ok = fail("maximum", "\(n.text) is greater than the maximum \(m.text)") }
            if let m = node.exclusiveMaximum, n >= m { ok = fail("exclusiveMaximum", "\(n.text) is not less than \(m.text)") }
            if let m = node.minimum, n < m { ok = fail("minimum", "\(n.text) is less than the minimum \(m.text)") }
            if let m = node.exclusiveMinimum, n <= m { ok = fail("exclusiveMinimum", "\(n.text) is not greater than \(m.text)") }
            if let d = node.multipleOf {
                let multiple = DecimalArithmetic.isMultiple(n, of: d) ?? {
                    let q = n.doubleValue / d.doubleValue
                    return q.isFinite && q == q.rounded()
                }()
                if !multiple { ok = fail("multipleOf", "\(n.text) is not a multiple of \(d.text)") }
            }
            if done() { return false }
        case .string(let s):
            if node.minLength != nil || node.maxLength != nil {
                let length = Validator.scalarCount(s, atLeast: node.minLength ?? 0, atMost: node.maxLength ?? Int.max)
                if let m = node.minLength, length < m { ok = fail("minLength", "must be at least \(m) character\(m == 1 ? "" : "s") long") }
                if let m = node.maxLength, length > m { ok = fail("maxLength", "must be at most \(m) character\(m == 1 ? "" : "s") long") }
            }
            if let r = node.pattern {
                switch r.search(s, budget: regexBudget) {
                case .match: break
                case .noMatch: ok = fail("pattern", "does not match the pattern /\(r.source)/")
                case .tooExpensive: ok = fail("pattern", "the pattern /\(r.source)/ is too expensive to evaluate on this string")
                }
            }
            if assertFormats, let known = node.knownFormat, !FormatChecker.check(known, s), let f = node.format {
                ok = fail("format", "is not a valid \(f)")
            }
            if done() { return false }
        case .array(let items):
            if let m = node.minItems, items.count < m { ok = fail("minItems", "must have at least \(m) item\(m == 1 ? "" : "s")") }
            if let m = node.maxItems, items.count > m { ok = fail("maxItems", "must have at most \(m) item\(m == 1 ? "" : "s")") }
            if node.uniqueItems && Set(items).count != items.count { ok = fail("uniqueItems", "items must be unique") }
            if done() { return false }
            if let tuple = node.tupleItems {
                for (i, item) in items.enumerated() {
                    if i < tuple.count {
                        if !sub(tuple[i], item, at(.index(i))) { ok = false }
                    } else if let extra = node.additionalItems {
                        if !sub(extra, item, at(.index(i))) { ok = false }
                    }
                    if done() { return false }
                }
            } else if let each = node.items {
                for (i, item) in items.enumerated() {
                    if !sub(each, item, at(.index(i))) { ok = false }
                    if done() { return false }
                }
            }
            if let c = node.contains, !items.contains(where: { quiet(c, $0) }) {
                ok = fail("contains", "no item matches the 'contains' schema")
                if done() { return false }
            }
        case .object(let object):
            if let m = node.minProperties, object.count < m { ok = fail("minProperties", "must have at least \(m) propert\(m == 1 ? "y" : "ies")") }
            if let m = node.maxProperties, object.count > m { ok = fail("maxProperties", "must have at most \(m) propert\(m == 1 ? "y" : "ies")") }
            for name in node.required where object[name] == nil {
                ok = fail("required", "missing required property '\(name)'")
                if done() { return false }
            }
            for i in object.keys.indices {
                let key = object.keys[i], v = object.values[i]
                var matched = false
                if let p = node.property(key) {
                    matched = true
                    if !sub(p, v, at(.key(key))) { ok = false }
                }
                for (regex, p) in node.patternProperties where regex.search(key, budget: regexBudget) == .match {
                    matched = true
                    if !sub(p, v, at(.key(key))) { ok = false }
                }
                if !matched, let extra = node.additionalProperties {
                    if schema.nodes[extra].boolean == false {
                        ok = fail("additionalProperties", "property '\(key)' is not allowed")
                    } else if !sub(extra, v, at(.key(key))) {
                        ok = false
                    }
                }
                if let names = node.propertyNames, !quiet(names, .string(key)) {
                    ok = fail("propertyNames", "property name '\(key)' does not match 'propertyNames'")
                }
                if done() { return false }
            }
            for (key, dependency) in node.dependencies where object[key] != nil {
                switch dependency {
                case .properties(let names):
                    for n in names where object[n] == nil { ok = fail("dependencies", "'\(key)' requires property '\(n)'") }
                case .schema(let s):
                    if !same(s) { ok = false }
                }
                if done() { return false }
            }
        default:
            break
        }
        for s in node.allOf where !same(s) {
            ok = false
            if done() { return false }
        }
        if !node.anyOf.isEmpty, !node.anyOf.contains(where: { quietSame($0) }) {
            ok = fail("anyOf", "does not match any of the 'anyOf' schemas")
            if done() { return false }
        }
        if !node.oneOf.isEmpty {
            let count = node.oneOf.reduce(0) { $0 + (quietSame($1) ? 1 : 0) }
            if count != 1 {
                ok = fail("oneOf", count == 0 ? "does not match any of the 'oneOf' schemas" : "matches \(count) of the 'oneOf' schemas; exactly one must match")
                if done() { return false }
            }
        }
        if let n = node.not, quietSame(n) {
            ok = fail("not", "must not match the 'not' schema")
            if done() { return false }
        }
        if let i = node.ifSchema {
            if quietSame(i) {
                if let t = node.thenSchema, !same(t) { ok = false }
            } else if let e = node.elseSchema, !same(e) {
                ok = false
            }
        }
        return ok
    }
}
