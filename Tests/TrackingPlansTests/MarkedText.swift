/// Strips the `«` `»` markers of a test text and returns the text with the marked byte range: rule tests
/// state the exact range a diagnostic must have where a reader sees it.
func markedText(_ text: String) -> (String, Range<Int>?) {
    guard let open = text.range(of: "«"), let close = text.range(of: "»") else { return (text, nil) }
    let start = text[..<open.lowerBound].utf8.count
    let inner = text[open.upperBound..<close.lowerBound].utf8.count
    return (text.replacingOccurrences(of: "«", with: "").replacingOccurrences(of: "»", with: ""), start..<(start + inner))
}
