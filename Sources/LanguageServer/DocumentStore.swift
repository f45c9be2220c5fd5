import JSONSyntax

/// An open editor buffer.
public struct OpenDocument: Sendable {
    public var uri: String
    public var languageId: String
    public var version: Int
    public var bytes: [UInt8]
}

/// A content change from `textDocument/didChange`: a range replacement, or the whole text.
public struct TextChange: Sendable {
    public var range: (start: Position, end: Position)?
    public var text: String

    public init(range: (start: Position, end: Position)?, text: String) {
        self.range = range
        self.text = text
    }
}

/// Open documents by canonical URI. Changes are applied in order against the text as it stands after
/// the previous change, positions measured in the negotiated encoding.
public struct DocumentStore: Sendable {
    public private(set) var documents: [String: OpenDocument] = [:]

    public init() {}

    public subscript(uri: String) -> OpenDocument? { documents[DocumentURI.key(uri)] }

    public mutating func open(uri: String, languageId: String, version: Int, text: String) {
        documents[DocumentURI.key(uri)] = OpenDocument(uri: uri, languageId: languageId, version: version, bytes: Array(text.utf8))
    }

    @discardableResult
    public mutating func close(uri: String) -> OpenDocument? {
        documents.removeValue(forKey: DocumentURI.key(uri))
    }

    /// Applies changes; false when the document is not open.
    public mutating func change(uri: String, version: Int, changes: [TextChange], encoding: PositionEncoding) -> Bool {
        let key = DocumentURI.key(uri)
        guard var document = documents[key] else { return false }
        for change in changes {
            document.bytes = DocumentStore.apply(change, to: document.bytes, encoding: encoding)
        }
        document.version = version
        documents[key] = document
        return true
    }

    public static func apply(_ change: TextChange, to bytes: [UInt8], encoding: PositionEncoding) -> [UInt8] {
        guard let range = change.range else { return Array(change.text.utf8) }
        let index = LineIndex(bytes)
        var start = index.offset(of: range.start, encoding: encoding)
        var end = index.offset(of: range.end, encoding: encoding)
        if end < start { swap(&start, &end) }
        var result = bytes
        result.replaceSubrange(start..<end, with: Array(change.text.utf8))
        return result
    }
}
