import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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

/// URLSession with a hard deadline and a body-size cap enforced while receiving (a hostile server
/// cannot make us buffer more than `maxBytes`).
public final class URLSessionHTTPClient: NSObject, HTTPClient, URLSessionDataDelegate, @unchecked Sendable {
    private final class Transfer: @unchecked Sendable {
        var data = Data()
        var status = 0
        var result: HTTPResult?
        let done = DispatchSemaphore(value: 0)
        let maxBytes: Int
        init(maxBytes: Int) { self.maxBytes = maxBytes }
    }

    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]
    /// Headers that authenticate to the configured repository: never sent to another origin.
    public static let credentialHeaders: Set<String> = ["apikey", "authorization"]

    private lazy var session: URLSession = {
        // Asked to write into a cache folder, the CLI writes nothing else: no URL cache (Foundation's
        // default lives in ~/.cache), no cookie or credential storage (~/.local/share/<executable folder>).
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        return URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }()

    public override init() { super.init() }

    public func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let transfer = Transfer(maxBytes: maxBytes)
        let task = session.dataTask(with: request)
        lock.lock()
        transfers[task.taskIdentifier] = transfer
        lock.unlock()
        task.resume()
        if transfer.done.wait(timeout: .now() + timeout + 1) == .timedOut {
            task.cancel()
            _ = transfer.done.wait(timeout: .now() + 5)
            return .timeout
        }
        return transfer.result ?? .failure("no response")
    }

    private func transfer(_ task: URLSessionTask) -> Transfer? {
        lock.lock()
        defer { lock.unlock() }
        return transfers[task.taskIdentifier]
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                           completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let t = transfer(dataTask) else { return completionHandler(.cancel) }
        t.status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if response.expectedContentLength > Int64(t.maxBytes) {
            t.result = .tooLarge(Int(response.expectedContentLength))
            return completionHandler(.cancel)
        }
        completionHandler(.allow)
    }

    public func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let t = transfer(dataTask) else { return }
        // Past the cap nothing more is kept: chunks already on their way after the cancel are dropped as they
        // arrive (they were appended until the cancel took effect: a 1 GB body could peak at 2 GB).
        guard t.result == nil else { return }
        guard t.data.count + data.count <= t.maxBytes else {
            t.result = .tooLarge(t.data.count + data.count)
            t.data = Data()
            dataTask.cancel()
            return
        }
        t.data.append(data)
    }

    /// A redirect to another origin (scheme, host or port) never carries the repository's credentials:
    /// the `apikey` header is dropped from the redirected request (the request itself goes on, without it).
    public func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                           newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(Self.redirected(request, from: task.originalRequest?.url ?? response.url))
    }

    /// The request to follow a redirect with: `request` less any credential header when it leaves the origin.
    public static func redirected(_ request: URLRequest, from original: URL?) -> URLRequest {
        guard let target = request.url, let original, !sameOrigin(target, original) else { return request }
        var stripped = request
        for name in request.allHTTPHeaderFields?.keys.map({ $0 }) ?? [] where credentialHeaders.contains(name.lowercased()) {
            stripped.setValue(nil, forHTTPHeaderField: name)
        }
        return stripped
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ u: URL) -> Int? { u.port ?? (u.scheme?.lowercased() == "https" ? 443 : u.scheme?.lowercased() == "http" ? 80 : nil) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
    }

    public func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        guard let t = transfer(task) else { return }
        lock.lock()
        transfers[task.taskIdentifier] = nil
        lock.unlock()
        if t.result == nil {
            if let error = error as? URLError {
                t.result = error.code == .timedOut ? .timeout : .failure(error.localizedDescription)
            } else if let error {
                t.result = .failure(error.localizedDescription)
            } else {
                t.result = t.status == 200 ? .ok(t.data) : .status(t.status)
            }
        }
        t.done.signal()
    }
}
