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
    private lazy var session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
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
        t.data.append(data)
        if t.data.count > t.maxBytes {
            t.result = .tooLarge(t.data.count)
            dataTask.cancel()
        }
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
