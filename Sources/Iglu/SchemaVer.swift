/// SchemaVer `MODEL-REVISION-ADDITION`: ordered by model, then revision, then addition.
public struct SchemaVer: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let model: Int
    public let revision: Int
    public let addition: Int

    public init(model: Int, revision: Int, addition: Int) {
        self.model = model
        self.revision = revision
        self.addition = addition
    }

    /// Strict parse: three decimal parts, no leading zeros, MODEL ≥ 1.
    public init?(_ text: String) {
        guard case .success(let v) = SchemaVer.parse(text) else { return nil }
        self = v
    }

    public var description: String { "\(model)-\(revision)-\(addition)" }

    public static func < (a: SchemaVer, b: SchemaVer) -> Bool {
        (a.model, a.revision, a.addition) < (b.model, b.revision, b.addition)
    }

    /// The versions that may directly follow this one, in the order a static registry is probed.
    public var successors: [SchemaVer] {
        [SchemaVer(model: model, revision: revision, addition: addition + 1),
         SchemaVer(model: model, revision: revision + 1, addition: 0),
         SchemaVer(model: model + 1, revision: 0, addition: 0)]
    }

    public enum Problem: Error, Equatable, Sendable {
        case wrongPartCount(Int)
        case emptyPart(Int)
        case notDigits(Int)
        case leadingZero(Int)
        case modelZero
        case tooLarge(Int)
    }

    static let partNames = ["MODEL", "REVISION", "ADDITION"]

    public static func parse(_ text: String) -> Result<SchemaVer, Problem> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return .failure(.wrongPartCount(parts.count)) }
        var values: [Int] = []
        for (i, part) in parts.enumerated() {
            guard !part.isEmpty else { return .failure(.emptyPart(i)) }
            guard part.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return .failure(.notDigits(i)) }
            guard part.count == 1 || part.first != "0" else { return .failure(.leadingZero(i)) }
            guard part.count <= 9, let v = Int(part) else { return .failure(.tooLarge(i)) }
            values.append(v)
        }
        guard values[0] >= 1 else { return .failure(.modelZero) }
        return .success(SchemaVer(model: values[0], revision: values[1], addition: values[2]))
    }
}
