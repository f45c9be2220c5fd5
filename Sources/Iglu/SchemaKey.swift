/// `iglu:vendor/name/format/version`. Keys are validated before any path is built from them, which
/// is what keeps cache lookups inside the cache (no `/`, no `..`, nothing absolute).
public struct SchemaKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let vendor: String
    public let name: String
    public let format: String
    public let version: SchemaVer

    public init(vendor: String, name: String, format: String = "jsonschema", version: SchemaVer) {
        self.vendor = vendor
        self.name = name
        self.format = format
        self.version = version
    }

    public var description: String { "iglu:\(vendor)/\(name)/\(format)/\(version)" }
    public var family: SchemaFamily { SchemaFamily(vendor: vendor, name: name, format: format) }

    public static func < (a: SchemaKey, b: SchemaKey) -> Bool {
        (a.vendor, a.name, a.format) != (b.vendor, b.name, b.format)
            ? (a.vendor, a.name, a.format) < (b.vendor, b.name, b.format) : a.version < b.version
    }

    public func with(version: SchemaVer) -> SchemaKey { SchemaKey(vendor: vendor, name: name, format: format, version: version) }

    /// Path of this key below a static registry's `schemas/` folder.
    public var relativePath: String { "\(vendor)/\(name)/\(format)/\(version)" }

    public static func parse(_ uri: String) -> Result<SchemaKey, SchemaKeyError> {
        let scheme = "iglu:"
        guard uri.hasPrefix(scheme) else {
            let hint = uri.lowercased().hasPrefix(scheme) ? " (the scheme is lower-case)" : ""
            return .failure(SchemaKeyError(.notIglu, "an Iglu URI starts with 'iglu:'\(hint)", 0..<min(uri.utf8.count, 5)))
        }
        let body = uri.dropFirst(scheme.count)
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        var offsets: [Int] = []
        var offset = scheme.utf8.count
        for p in parts {
            offsets.append(offset)
            offset += p.utf8.count + 1
        }
        let total = uri.utf8.count
        guard parts.count == 4 else {
            let what = parts.count < 4 ? "is missing parts" : "has too many parts"
            return .failure(SchemaKeyError(parts.count < 4 ? .missingParts : .tooManyParts,
                                           "the URI \(what): expected iglu:vendor/name/format/version, found \(parts.count) part\(parts.count == 1 ? "" : "s")",
                                           scheme.utf8.count..<total))
        }
        func range(_ i: Int) -> Range<Int> { offsets[i]..<(offsets[i] + parts[i].utf8.count) }
        let labels = ["vendor", "name", "format"]
        for i in 0..<3 {
            let part = parts[i]
            if part.isEmpty {
                return .failure(SchemaKeyError(.emptyPart, "the \(labels[i]) is empty", range(i)))
            }
            let allowDot = i == 0
            var position = 0
            for scalar in part.unicodeScalars {
                let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                    || scalar == "-" || scalar == "_" || (allowDot && scalar == ".")
                if !ok {
                    let start = range(i).lowerBound + part.unicodeScalars.prefix(position).reduce(0) { $0 + String($1).utf8.count }
                    let allowed = allowDot ? "letters, digits, '-', '_' and '.'" : "letters, digits, '-' and '_'"
                    return .failure(SchemaKeyError(.invalidCharacter, "invalid character '\(scalar.escaped(asASCII: false))' in \(labels[i]) '\(part)': a \(labels[i]) may contain only \(allowed)",
                                                   start..<(start + String(scalar).utf8.count)))
                }
                position += 1
            }
            if allowDot && (part == "." || part == "..") {
                return .failure(SchemaKeyError(.invalidCharacter, "the vendor cannot be '\(part)'", range(0)))
            }
        }
        let versionText = String(parts[3])
        switch SchemaVer.parse(versionText) {
        case .success(let version):
            return .success(SchemaKey(vendor: String(parts[0]), name: String(parts[1]), format: String(parts[2]), version: version))
        case .failure(let problem):
            let message: String
            switch problem {
            case .wrongPartCount(let n):
                message = versionText.isEmpty ? "the version is empty: expected MODEL-REVISION-ADDITION, e.g. 1-0-0"
                    : "invalid version '\(versionText)': expected MODEL-REVISION-ADDITION (three numbers joined by '-'), found \(n) part\(n == 1 ? "" : "s")"
            case .emptyPart(let i): message = "invalid version '\(versionText)': \(SchemaVer.partNames[i]) is empty"
            case .notDigits(let i): message = "invalid version '\(versionText)': \(SchemaVer.partNames[i]) must be a whole number"
            case .leadingZero(let i): message = "invalid version '\(versionText)': \(SchemaVer.partNames[i]) has a leading zero"
            case .modelZero: message = "invalid version '\(versionText)': MODEL starts at 1"
            case .tooLarge(let i): message = "invalid version '\(versionText)': \(SchemaVer.partNames[i]) is too large"
            }
            return .failure(SchemaKeyError(.invalidVersion, message, range(3)))
        }
    }

    public init?(_ uri: String) {
        guard case .success(let key) = SchemaKey.parse(uri) else { return nil }
        self = key
    }
}

public struct SchemaFamily: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let vendor: String
    public let name: String
    public let format: String
    public var description: String { "iglu:\(vendor)/\(name)/\(format)" }

    public init(vendor: String, name: String, format: String) {
        self.vendor = vendor
        self.name = name
        self.format = format
    }
    public static func < (a: SchemaFamily, b: SchemaFamily) -> Bool { (a.vendor, a.name, a.format) < (b.vendor, b.name, b.format) }
}

/// Why a string is not an Iglu URI, and where (UTF-8 offsets within the URI).
public struct SchemaKeyError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case notIglu, missingParts, tooManyParts, emptyPart, invalidCharacter, invalidVersion
    }

    public let kind: Kind
    public let message: String
    public let range: Range<Int>

    init(_ kind: Kind, _ message: String, _ range: Range<Int>) {
        self.kind = kind
        self.message = message
        self.range = range
    }

    public var description: String { message }
}
