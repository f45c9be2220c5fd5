/// How bad a problem is. Mirrors the four LSP severities so no layer has to invent a mapping.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    case error, warning, info, hint

    private var rank: Int {
        switch self {
        case .error: return 3
        case .warning: return 2
        case .info: return 1
        case .hint: return 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A secondary location attached to a diagnostic (e.g. the other occurrence of a duplicate key).
public struct RelatedLocation: Sendable, Hashable {
    public var range: Range<Int>
    public var message: String

    public init(range: Range<Int>, message: String) {
        self.range = range
        self.message = message
    }
}

/// A problem found while reading JSON text. Ranges are UTF-8 byte offsets into the parsed bytes;
/// converting them to editor positions is the line index's job.
public struct SyntaxDiagnostic: Sendable, Hashable {
    /// Stable identifiers: users silence or re-grade them by these names in `trackspec.json`,
    /// so a code is never renamed once shipped.
    public enum Code: String, Sendable, CaseIterable {
        case unexpectedCharacter = "json/unexpected-character"
        case unexpectedToken = "json/unexpected-token"
        case unterminatedString = "json/unterminated-string"
        case missingOpeningQuote = "json/missing-opening-quote"
        case invalidEscape = "json/invalid-escape"
        case loneSurrogate = "json/lone-surrogate"
        case controlCharacter = "json/control-character"
        case invalidUTF8 = "json/invalid-utf8"
        case invalidNumber = "json/invalid-number"
        case numberOutOfRange = "json/number-out-of-range"
        case missingComma = "json/missing-comma"
        case missingColon = "json/missing-colon"
        case missingValue = "json/missing-value"
        case missingPropertyName = "json/missing-property-name"
        case invalidPropertyName = "json/invalid-property-name"
        case singleQuotes = "json/single-quotes"
        case trailingComma = "json/trailing-comma"
        case comment = "json/comment"
        case duplicateKey = "json/duplicate-key"
        case byteOrderMark = "json/byte-order-mark"
        case unsupportedEncoding = "json/unsupported-encoding"
        case emptyDocument = "json/empty-document"
        case nestingTooDeep = "json/nesting-too-deep"
        case unclosedBracket = "json/unclosed-bracket"
        case trailingContent = "json/trailing-content"
        case documentTooLarge = "json/document-too-large"
        // YAML (the YAML front-end reports these; a JSON file never does).
        case yamlUnexpectedCharacter = "yaml/unexpected-character"
        case yamlUnexpectedToken = "yaml/unexpected-token"
        case yamlTabIndentation = "yaml/tab-indentation"
        case yamlBadIndentation = "yaml/bad-indentation"
        case yamlMissingValue = "yaml/missing-value"
        case yamlUnterminatedString = "yaml/unterminated-string"
        case yamlInvalidEscape = "yaml/invalid-escape"
        case yamlUnclosedFlow = "yaml/unclosed-flow"
        case yamlUndefinedAlias = "yaml/undefined-alias"
        case yamlAliasTooLarge = "yaml/alias-too-large"
        case yamlDuplicateKey = "yaml/duplicate-key"
        case yamlNonStringKey = "yaml/non-string-key"
        case yamlUnknownTag = "yaml/unknown-tag"
        case yamlTagMismatch = "yaml/tag-mismatch"
        case yamlInvalidDirective = "yaml/invalid-directive"
        case yamlInvalidBlockScalar = "yaml/invalid-block-scalar"
        case yamlNestingTooDeep = "yaml/nesting-too-deep"
        case yamlInvalidUTF8 = "yaml/invalid-utf8"

        public var defaultSeverity: Severity {
            switch self {
            case .duplicateKey, .loneSurrogate, .numberOutOfRange, .byteOrderMark, .yamlDuplicateKey, .yamlUnknownTag: return .warning
            default: return .error
            }
        }

        /// One line for rule listings (SARIF rule metadata, `--help` output).
        public var summary: String {
            switch self {
            case .unexpectedCharacter: return "A character that cannot start or continue any JSON token."
            case .unexpectedToken: return "A token where the grammar does not allow it."
            case .unterminatedString: return "A string that is not closed before the end of its line."
            case .missingOpeningQuote: return "A string whose opening quote is missing (`Click\",`)."
            case .invalidEscape: return "A backslash escape JSON does not define."
            case .loneSurrogate: return "A \\u escape of an unpaired UTF-16 surrogate; it decodes to U+FFFD."
            case .controlCharacter: return "A raw control character inside a string; it must be escaped."
            case .invalidUTF8: return "Bytes that are not valid UTF-8."
            case .invalidNumber: return "A number that does not follow JSON's number grammar."
            case .numberOutOfRange: return "A number beyond the range of a 64-bit float; its source text is kept."
            case .missingComma: return "Two members or items without a comma between them."
            case .missingColon: return "A property name not followed by a colon."
            case .missingValue: return "A place where a value is required but none is written."
            case .missingPropertyName: return "A place where a property name is required."
            case .invalidPropertyName: return "A property name that is not a double-quoted string."
            case .singleQuotes: return "A string in single quotes."
            case .trailingComma: return "A comma before a closing bracket."
            case .comment: return "A comment; strict JSON has none."
            case .duplicateKey: return "The same key twice in one object; most readers keep only the last."
            case .byteOrderMark: return "A UTF-8 byte order mark at the start of the file."
            case .unsupportedEncoding: return "A file that is not UTF-8 (e.g. UTF-16)."
            case .emptyDocument: return "A file with no JSON value."
            case .nestingTooDeep: return "Arrays or objects nested deeper than the parser's limit."
            case .unclosedBracket: return "An object or array not closed before the end of the file."
            case .trailingContent: return "Text after the document's single top-level value."
            case .documentTooLarge: return "A file too large to analyse."
            case .yamlUnexpectedCharacter: return "A character no YAML token starts with (`@`, a backtick)."
            case .yamlUnexpectedToken: return "A token where YAML's grammar does not allow it (a key where an item was expected…)."
            case .yamlTabIndentation: return "A tab used to indent; YAML indents with spaces only."
            case .yamlBadIndentation: return "A line indented so that it belongs to no collection, or a key that is not where a mapping continues."
            case .yamlMissingValue: return "A `key:` whose `:` is missing, or a mapping value where none is allowed."
            case .yamlUnterminatedString: return "A quoted scalar not closed before the end of the document."
            case .yamlInvalidEscape: return "A backslash escape YAML does not define, in a double-quoted scalar."
            case .yamlUnclosedFlow: return "A `[` or `{` collection not closed."
            case .yamlUndefinedAlias: return "An alias (`*name`) with no anchor (`&name`) before it."
            case .yamlAliasTooLarge: return "Aliases that would expand past the size limit (a \"billion laughs\" document); the alias reads as null."
            case .yamlDuplicateKey: return "The same key twice in one mapping; YAML forbids it and most readers keep only the last."
            case .yamlNonStringKey: return "A mapping key that is a collection; tracking files need string keys."
            case .yamlUnknownTag: return "A tag trackspec does not know (`!custom`); the value is read as if untagged."
            case .yamlTagMismatch: return "A tag that does not fit its value (`!!int abc`, `!!map` on a list)."
            case .yamlInvalidDirective: return "A `%` directive YAML does not define, or one written wrongly."
            case .yamlInvalidBlockScalar: return "A `|` or `>` block scalar header or indentation YAML does not allow."
            case .yamlNestingTooDeep: return "Collections nested deeper than the parser's limit."
            case .yamlInvalidUTF8: return "Bytes that are not UTF-8."
            }
        }
    }

    public var code: Code
    public var severity: Severity
    public var range: Range<Int>
    public var message: String
    public var related: [RelatedLocation]

    public init(code: Code, range: Range<Int>, message: String, severity: Severity? = nil, related: [RelatedLocation] = []) {
        self.code = code
        self.severity = severity ?? code.defaultSeverity
        self.range = range
        self.message = message
        self.related = related
    }
}
