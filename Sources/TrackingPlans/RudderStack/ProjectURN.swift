/// rudder-cli's references between resources of a project: `#event:<id>` (version `rudder/v1`) and the legacy
/// `#/events/<group>/<id>` (`rudder/0.1`, `rudder/v0.1`), plus includes of a plan's rules
/// (`#/tp/<group>/event_rule/<id>`, both versions). Resolution is by kind and id across every file.
public enum ProjectURN {
    /// Legacy path segment → URN kind.
    static let legacyKinds: [String: String] = ["events": "event", "properties": "property", "categories": "category",
                                                "custom-types": "custom-type", "tp": "tracking-plan"]
    static let kinds: Set<String> = ["event", "property", "category", "custom-type", "tracking-plan"]

    public struct Parsed: Equatable, Sendable {
        public var kind: String
        public var id: String
        public var legacy: Bool
    }

    public static func parse(_ text: String) -> Parsed? {
        if text.hasPrefix("#/") {
            let parts = text.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 4, parts[0] == "tp", parts[2] == "event_rule", !parts[1].isEmpty, !parts[3].isEmpty {
                return Parsed(kind: "event-rule", id: parts[3], legacy: true)
            }
            guard parts.count == 3, let kind = legacyKinds[parts[0]], !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
            return Parsed(kind: kind, id: parts[2], legacy: true)
        }
        guard text.hasPrefix("#"), let colon = text.firstIndex(of: ":") else { return nil }
        let kind = String(text[text.index(after: text.startIndex)..<colon])
        let id = String(text[text.index(after: colon)...])
        guard kinds.contains(kind), !id.isEmpty, !id.contains("/") else { return nil }
        return Parsed(kind: kind, id: id, legacy: false)
    }

    /// The form a field of a file of this version must take, as rudder-cli's messages write it.
    static func pattern(kind: String, legacy: Bool) -> String {
        if kind == "event-rule" { return "#/tp/<group>/event_rule/<id>" }
        guard legacy else { return "#\(kind):<id>" }
        let segment = legacyKinds.first { $0.value == kind }?.key ?? kind
        return "#/\(segment)/<group>/<id>"
    }
}
