import Foundation

public enum HTTPResult: Sendable, Equatable {
    case ok(Data)
    case status(Int)
    case timeout
    case tooLarge(Int)
    case failure(String)
}

/// The one network operation `iglu pull` needs, behind a protocol so tests can script it.
public protocol HTTPClient: Sendable {
    func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult
}
