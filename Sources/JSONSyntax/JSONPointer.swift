/// One step of a path into a document.
public enum PathSegment: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    public var description: String {
        switch self {
        case .key(let k): return k
        case .index(let i): return String(i)
        }
    }
}

/// An RFC 6901 JSON pointer (`/event/schema/properties/a~1b`).
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var segments: [PathSegment]

    public init(_ segments: [PathSegment] = []) { self.segments = segments }
    public init(arrayLiteral elements: PathSegment...) { self.segments = elements }

    /// Parses pointer text; nil when it does not start with `/` (and is not empty) or has a bad `~` escape.
    /// Segments that look like array indices are kept as keys: their meaning depends on the document.
    public init?(parsing text: String) {
        var text = text
        if text.hasPrefix("#") {
            text.removeFirst()
            text = text.removingPercentEncodingSafely()
        }
        if text.isEmpty {
            self.segments = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        var segments: [PathSegment] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var out = ""
            var it = raw.makeIterator()
            while let c = it.next() {
                if c == "~" {
                    switch it.next() {
                    case "0": out.append("~")
                    case "1": out.append("/")
                    default: return nil
                    }
                } else {
                    out.append(c)
                }
            }
            segments.append(.key(out))
        }
        self.segments = segments
    }

    public var description: String {
        var out = ""
        for seg in segments {
            out.append("/")
            switch seg {
            case .key(let k): out.append(k.replacingTildeAndSlash())
            case .index(let i): out.append(String(i))
            }
        }
        return out
    }

    public func appending(_ segment: PathSegment) -> JSONPointer { JSONPointer(segments + [segment]) }
    public func appending(contentsOf other: JSONPointer) -> JSONPointer { JSONPointer(segments + other.segments) }
    public var parent: JSONPointer? { segments.isEmpty ? nil : JSONPointer(Array(segments.dropLast())) }
    public var last: PathSegment? { segments.last }
}

extension String {
    func replacingTildeAndSlash() -> String {
        guard utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return self }
        var out = ""
        for c in self {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }

    /// Percent-decoding for URI fragments without Foundation; invalid sequences are kept as written.
    func removingPercentEncodingSafely() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        let src = Array(utf8)
        var i = 0
        while i < src.count {
            if src[i] == UInt8(ascii: "%"), i + 2 < src.count,
               let h = StringDecoding.hexValue(src[i + 1]), let l = StringDecoding.hexValue(src[i + 2]) {
                bytes.append(UInt8(h << 4 | l))
                i += 3
            } else {
                bytes.append(src[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension SyntaxTree {
    /// The path from the root to a node. A property node's path ends in its key.
    public func pointer(of id: NodeID) -> JSONPointer {
        var segments: [PathSegment] = []
        var current = id
        if kind(id) == .property {
            if let k = keyString(ofProperty: id) { segments.append(.key(k)) }
            guard let object = parent(id) else { return JSONPointer(segments) }
            current = object
        }
        while let parent = parent(current) {
            switch kind(parent) {
            case .property:
                if let k = keyString(ofProperty: parent) { segments.append(.key(k)) }
                // Skip the object: the property already names the step.
                guard let object = self.parent(parent) else { return JSONPointer(segments.reversed()) }
                current = object
                continue
            case .array:
                var index = 0
                for child in children(parent) {
                    if child == current { break }
                    index += 1
                }
                segments.append(.index(index))
            default:
                break
            }
            current = parent
        }
        return JSONPointer(segments.reversed())
    }

    /// The value node at a pointer; key segments that are digits index arrays.
    public func node(at pointer: JSONPointer) -> NodeID? {
        guard var current = root else { return nil }
        for segment in pointer.segments {
            switch (kind(current), segment) {
            case (.object, .key(let k)):
                guard let v = member(k, in: current) else { return nil }
                current = v
            case (.object, .index(let i)):
                guard let v = member(String(i), in: current) else { return nil }
                current = v
            case (.array, .index(let i)):
                guard let v = item(i, in: current) else { return nil }
                current = v
            case (.array, .key(let k)):
                guard let i = Int(k), String(i) == k, let v = item(i, in: current) else { return nil }
                current = v
            default:
                return nil
            }
        }
        return current
    }

    public func item(_ index: Int, in array: NodeID) -> NodeID? {
        guard index >= 0 else { return nil }
        var i = 0
        for child in children(array) {
            if i == index { return child }
            i += 1
        }
        return nil
    }

    /// The innermost node whose range contains `offset`. With `includeRightBound`, a node ending exactly
    /// at `offset` also counts (the cursor right after a token still "touches" it, as completion wants).
    public func node(at offset: Int, includeRightBound: Bool = false) -> NodeID? {
        guard let root else { return nil }
        func contains(_ id: NodeID) -> Bool {
            let r = range(id)
            return r.lowerBound <= offset && (offset < r.upperBound || (includeRightBound && offset == r.upperBound))
        }
        guard contains(root) else { return nil }
        var current = root
        descend: while true {
            for child in children(current) {
                let r = range(child)
                if r.lowerBound > offset { break }
                if contains(child) {
                    current = child
                    continue descend
                }
            }
            return current
        }
    }
}
