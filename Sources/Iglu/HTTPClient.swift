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

/// URLSession with a hard deadline and a body-size cap, for where libcurl cannot be loaded directly
/// (`CurlHTTPClient` is preferred: URLSession delivers data with no back-pressure, so the cap is enforced only
/// as fast as its delegate queue runs, watched from the waiting thread).
public final class URLSessionHTTPClient: NSObject, HTTPClient, URLSessionDataDelegate, @unchecked Sendable {
    private final class Transfer: @unchecked Sendable {
        private let lock = NSLock()
        private var _data = Data()
        private var _result: HTTPResult?
        var status = 0
        let done = DispatchSemaphore(value: 0)
        let maxBytes: Int
        init(maxBytes: Int) { self.maxBytes = maxBytes }

        var result: HTTPResult? {
            get { lock.lock(); defer { lock.unlock() }; return _result }
            set { lock.lock(); _result = newValue; lock.unlock() }
        }
        var data: Data { lock.lock(); defer { lock.unlock() }; return _data }

        /// Appends a chunk unless the transfer is over or the cap would be passed; false when it is not kept.
        func append(_ chunk: Data) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            guard _result == nil else { return false }
            guard _data.count + chunk.count <= maxBytes else {
                _result = .tooLarge(_data.count + chunk.count)
                _data = Data()
                return false
            }
            _data.append(chunk)
            return true
        }

        /// Ends the transfer with `result`, dropping what was received.
        func abandon(_ result: HTTPResult) {
            lock.lock()
            if _result == nil { _result = result }
            _data = Data()
            lock.unlock()
        }
    }

    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]
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
        // Foundation hands received data to the delegate asynchronously, with no back-pressure: on a busy
        // machine a fast server's chunks pile up in the delegate queue long before `didReceive` can cancel
        // (a 1 GB body peaked at 1.1 GB). The waiting thread watches the task's progress instead, which
        // Foundation updates from libcurl's transfer loop as bytes arrive, and cancels once it passes the cap.
        let deadline = DispatchTime.now() + timeout + 1
        while transfer.done.wait(timeout: .now() + .milliseconds(2)) == .timedOut {
            let received = max(task.progress.completedUnitCount, task.countOfBytesReceived)
            if received > Int64(maxBytes) {
                transfer.abandon(.tooLarge(Int(received)))
                task.cancel()
                _ = transfer.done.wait(timeout: .now() + 5)
                return .tooLarge(Int(received))
            }
            if DispatchTime.now() >= deadline {
                task.cancel()
                _ = transfer.done.wait(timeout: .now() + 5)
                return .timeout
            }
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
        // arrive (they were appended until the cancel took effect).
        if !t.append(data), case .tooLarge = t.result { dataTask.cancel() }
    }

    /// A redirect to another origin (scheme, host or port) never carries the repository's credentials:
    /// the `apikey` header is dropped from the redirected request (the request itself goes on, without it).
    public func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                           newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(Self.redirected(request, from: task.originalRequest?.url ?? response.url))
    }

    /// The request to follow a redirect with: `request` less any credential header when it leaves the origin.
    public static func redirected(_ request: URLRequest, from original: URL?) -> URLRequest {
        guard let target = request.url, let original else { return request }
        var redirected = request
        redirected.allHTTPHeaderFields = RedirectPolicy.headers(request.allHTTPHeaderFields ?? [:], from: original, to: target)
        return redirected
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
