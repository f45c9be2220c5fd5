import JSONSyntax

/// A place in some file, for related information that may point into another file (the other
/// scenario with the same name, the cached Iglu schema).
public struct Location: Sendable, Hashable {
    public var path: String
    public var range: Range<Int>

    public init(path: String, range: Range<Int>) {
        self.path = path
        self.range = range
    }
}

public struct RelatedInformation: Sendable, Hashable {
    public var location: Location
    public var message: String

    public init(location: Location, message: String) {
        self.location = location
        self.message = Excerpt.escapingControls(message)
    }
}

/// A replacement of a byte range of the analysed file.
public struct TextEdit: Sendable, Hashable {
    public var range: Range<Int>
    public var newText: String

    public init(range: Range<Int>, newText: String) {
        self.range = range
        self.newText = newText
    }
}

/// A quick fix: minimal edits that keep the user's formatting, offered by the server as a code action.
public struct Fix: Sendable, Hashable {
    public var title: String
    public var edits: [TextEdit]
    /// The analysed file's new path, after the edits: a schema renumbered in a registry layout moves with its
    /// version. Clients that cannot rename files get the edits alone (the server says so in the title).
    public var renameFile: String?
    /// Written for a YAML file (`YAMLEdits`): kept there as it is. Other fixes are JSON text, which a YAML file
    /// gets only where it is a scalar's replacement (re-spelt in the scalar's style).
    public var writtenForYAML = false
    /// The fix is the workspace rename (`renameEdits`) of the symbol at the diagnostic's start to this name: every
    /// file that refers to it changes with it. `edits` is then empty; the server computes the edits when asked.
    public var renamingSymbolTo: String?

    public init(title: String, edits: [TextEdit], renameFile: String? = nil) {
        self.title = title
        self.edits = edits
        self.renameFile = renameFile
    }

    /// A fix that renames the symbol at the diagnostic's start across the workspace.
    public init(title: String, renamingSymbolTo newName: String) {
        self.title = title
        self.edits = []
        self.renamingSymbolTo = newName
    }
}

/// A finding of the analysis, in byte offsets of its file. Protocol layers convert ranges to their own
/// positions; nothing here knows about LSP or output formats.
public struct Diagnostic: Sendable, Hashable {
    public var rule: String
    public var severity: Severity
    public var range: Range<Int>
    public var message: String
    /// A machine-readable code beside the rule id where an API defines one (e.g. `SchemaIncompatible`).
    public var code: String?
    public var related: [RelatedInformation]
    public var fixes: [Fix] = []

    /// A finding of `rule` at the severity its descriptor gives.
    public init(rule: String, range: Range<Int>, message: String, details: [String] = [], code: String? = nil, related: [RelatedInformation] = [],
                fixes: [Fix] = []) {
        self.init(rule: rule, severity: RuleRegistry.severity(of: rule), range: range, message: message, details: details, code: code, related: related, fixes: fixes)
    }

    /// A finding at a severity its rule's descriptor lists (its default or one of `otherSeverities`).
    /// `message` is one line; `details` (an example event, the API's title) follow it on lines of their own.
    public init(rule: String, severity: Severity, range: Range<Int>, message: String, details: [String] = [], code: String? = nil,
                related: [RelatedInformation] = [], fixes: [Fix] = []) {
        assert(RuleRegistry.rule(rule)?.severities.contains(severity) == true, "\(rule) reported at \(severity), which its descriptor does not list")
        self.rule = rule
        self.severity = severity
        self.range = range
        // Messages quote user text: a 50 MB value must not become a 50 MB message in every output, and a line
        // break or escape sequence in it must not reach a terminal or a CI log as one. The only line breaks
        // left are those between the message and its details.
        self.message = Excerpt.boundingQuotes(([message] + details).map(Excerpt.escapingControls).joined(separator: "\n"))
        self.code = code
        self.related = related
        self.fixes = fixes
    }

    init(_ syntax: SyntaxDiagnostic, path: String) {
        // What the message already suggests, as a fix: remove the trailing comma or the comment.
        var fixes: [Fix] = []
        switch syntax.code {
        case .trailingComma: fixes = [Fix(title: "Remove the trailing comma", edits: [TextEdit(range: syntax.range, newText: "")])]
        case .comment: fixes = [Fix(title: "Remove the comment", edits: [TextEdit(range: syntax.range, newText: "")])]
        case .missingOpeningQuote:
            let at = syntax.range.lowerBound
            fixes = [Fix(title: "Add the opening quote", edits: [TextEdit(range: at..<at, newText: "\"")])]
        case .unterminatedString:
            let at = syntax.range.upperBound
            fixes = [Fix(title: "Add the closing quote", edits: [TextEdit(range: at..<at, newText: "\"")])]
        default: break
        }
        self.init(rule: syntax.code.rawValue, severity: syntax.severity, range: syntax.range, message: syntax.message,
                  related: syntax.related.map { RelatedInformation(location: Location(path: path, range: $0.range), message: $0.message) },
                  fixes: fixes)
    }
}
