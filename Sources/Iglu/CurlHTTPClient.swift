import Foundation
import CCurlShim

/// `iglu pull`'s HTTP client: libcurl driven directly (through `CCurlShim`), one request at a time.
/// Foundation's URLSession (built on the same libcurl) queues received data for its delegate with no
/// back-pressure, so a size cap acts only after a fast hostile server's body has piled up in memory (a 1 GB
/// body peaked at 1.1 GB on a busy machine). Here the write callback refuses the chunk that would pass the
/// cap and libcurl stops reading: memory stays within the cap. Redirects are followed here, not by libcurl,
/// so that credentials never reach another origin; no cookies, cache or decompression are involved.
public final class CurlHTTPClient: HTTPClient, @unchecked Sendable {
    public static let maxRedirects = 5

    /// Nil when libcurl cannot be loaded (`iglu pull` then says so). There is no URLSession fallback on
    /// purpose: FoundationNetworking links libcurl itself, so it cannot work where libcurl is missing, and
    /// linking it cost every run (`check`, the server) 7 MB of resident memory and a hard dependency on
    /// libcurl just to start.
    public init?() {
        guard ts_curl_available() != 0 else { return nil }
    }

    /// What the write callback fills; `refused` is the size that would have passed the cap.
    final class Body {
        var data = Data()
        let maxBytes: Int
        var refused: Int?
        init(maxBytes: Int) { self.maxBytes = maxBytes }
    }

    public func get(_ url: URL, headers: [String: String], timeout: TimeInterval, maxBytes: Int) -> HTTPResult {
        // A line break in a header value would let a resolver config inject headers (or a request).
        guard !headers.contains(where: { ($0.key + $0.value).unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) }) else {
            return .failure("a header of the request contains a line break")
        }
        var current = url
        var headers = headers
        for _ in 0...CurlHTTPClient.maxRedirects {
            let body = Body(maxBytes: maxBytes)
            let (code, status, location, error) = perform(current, headers: headers, timeout: timeout, body: body)
            if let refused = body.refused { return .tooLarge(refused) }
            switch code {
            case 0:
                if (300...399).contains(status), let location, let next = URL(string: location, relativeTo: current)?.absoluteURL {
                    guard next.scheme == "http" || next.scheme == "https" else { return .failure("redirect to \(location), which is not HTTP") }
                    headers = RedirectPolicy.headers(headers, from: current, to: next)
                    current = next
                    continue
                }
                return status == 200 ? .ok(body.data) : .status(status)
            case 28:
                return .timeout
            default:
                return .failure(error)
            }
        }
        return .failure("more than \(CurlHTTPClient.maxRedirects) redirects")
    }

    func perform(_ url: URL, headers: [String: String], timeout: TimeInterval, body: Body) -> (code: Int32, status: Int, location: String?, error: String) {
        let lines = headers.sorted { $0.key < $1.key }.map { strdup("\($0.key): \($0.value)") }
        defer { lines.forEach { free($0) } }
        var status = 0
        var redirect = [CChar](repeating: 0, count: 4096)
        var error = [CChar](repeating: 0, count: 512)
        let context = Unmanaged.passUnretained(body).toOpaque()
        let milliseconds = Int(min(max(timeout, 0.001), 86_400) * 1000)
        let code: Int32 = lines.map { UnsafePointer($0) }.withUnsafeBufferPointer { headerPointers in
            ts_http_get(url.absoluteString, headerPointers.baseAddress, Int32(lines.count), milliseconds, { data, size, context in
                let body = Unmanaged<CurlHTTPClient.Body>.fromOpaque(context!).takeUnretainedValue()
                guard body.data.count + size <= body.maxBytes else {
                    body.refused = body.data.count + size
                    body.data = Data()
                    return 0
                }
                if let data { data.withMemoryRebound(to: UInt8.self, capacity: size) { body.data.append($0, count: size) } }
                return size
            }, context, &status, &redirect, redirect.count, &error, error.count)
        }
        func text(_ buffer: [CChar]) -> String {
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let location = text(redirect)
        withExtendedLifetime(body) {}
        return (code, status, location.isEmpty ? nil : location, text(error))
    }
}

/// Which headers a redirected request keeps.
public enum RedirectPolicy {
    /// Headers that authenticate to the configured repository: never sent to another origin.
    public static let credentialHeaders: Set<String> = ["apikey", "authorization"]

    /// `headers` less the credential headers when `to` is another origin (scheme, host or port) than `from`.
    public static func headers(_ headers: [String: String], from: URL, to: URL) -> [String: String] {
        sameOrigin(from, to) ? headers : headers.filter { !credentialHeaders.contains($0.key.lowercased()) }
    }

    public static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ u: URL) -> Int? { u.port ?? (u.scheme?.lowercased() == "https" ? 443 : u.scheme?.lowercased() == "http" ? 80 : nil) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
    }
}
