public struct ParseOptions: Sendable {
    /// Objects and arrays nested deeper than this are reported and skipped without recursion,
    /// so no input can exhaust the stack (three frames per level stay far below a 512 KiB thread stack).
    public var maxDepth: Int

    public init(maxDepth: Int = 512) {
        self.maxDepth = maxDepth
    }
}

extension SyntaxTree {
    /// Parses any bytes into a tree plus diagnostics; never fails, never traps.
    public init(parsing bytes: [UInt8], options: ParseOptions = ParseOptions()) {
        self = JSONParser.parse(bytes, options: options)
    }

    public init(parsing text: String, options: ParseOptions = ParseOptions()) {
        self.init(parsing: Array(text.utf8), options: options)
    }
}
