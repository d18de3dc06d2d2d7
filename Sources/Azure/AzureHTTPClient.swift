import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Vault

/// Sends requests to Azure with FoundationNetworking's URLSession: timeouts, bounded retries that honour
/// `Retry-After` on 429 and 503, no caches, no cookies, no redirects.
///
/// Guarantees:
/// - Nothing is cached or stored: no URL cache (a token response must never reach disk), no cookie store.
/// - Redirects are not followed (a redirected token request would resend the secret elsewhere).
/// - Errors are `AzureError`s built from the status, the host and URLError codes only: never from a request
///   body (the secret), a header (a token) or a response body.
final class AzureHTTPClient: Sendable {
    let policy: AzureHTTPPolicy
    let sleeper: any AzureSleeper
    let time: any TimeSource
    private let session: URLSession

    init(policy: AzureHTTPPolicy, sleeper: any AzureSleeper, time: any TimeSource) {
        self.policy = policy
        self.sleeper = sleeper
        self.time = time
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = policy.connectTimeout
        configuration.timeoutIntervalForResource = policy.requestTimeout
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    /// Sends `spec`, retrying 429 and 503 within the policy; a final 429/503 becomes `throttled` /
    /// `serviceUnavailable`. Every other status is returned for the caller to interpret.
    func send(_ spec: HTTPRequestSpec) async throws(AzureError) -> HTTPAnswer {
        var waited: TimeInterval = 0
        var attempt = 1
        while true {
            let answer = try await once(spec)
            guard answer.status == 429 || answer.status == 503 else { return answer }
            let retryAfter = answer.retryAfterSeconds(now: time.now())
            let delay = retryAfter.map(TimeInterval.init) ?? policy.defaultRetryDelay * pow(2, Double(attempt - 1))
            guard spec.retryable, attempt < policy.maxAttempts, waited + delay <= policy.maxTotalRetryWait else {
                if answer.status == 429 { throw AzureError(.throttled(retryAfterSeconds: retryAfter), status: 429) }
                throw AzureError(.serviceUnavailable(status: answer.status), status: answer.status)
            }
            do {
                try await sleeper.sleep(seconds: delay)
            } catch {
                throw AzureError(.network("cancelled while waiting to retry"))
            }
            waited += delay
            attempt += 1
        }
    }

    /// One attempt, bounded by `requestTimeout` from start to end.
    private func once(_ spec: HTTPRequestSpec) async throws(AzureError) -> HTTPAnswer {
        var request = URLRequest(url: spec.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: policy.connectTimeout)
        request.httpMethod = spec.method
        request.httpShouldHandleCookies = false
        for (name, value) in spec.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = spec.body
        let prepared = request
        let session = self.session
        let deadline = policy.requestTimeout
        let host = Self.describe(spec.url)
        do {
            let (data, response) = try await withThrowingTaskGroup(of: (Data, URLResponse).self) { group in
                group.addTask { try await session.data(for: prepared) }
                group.addTask {
                    try await Task.sleep(nanoseconds: UInt64(deadline * 1_000_000_000))
                    throw AzureError(.timedOut(seconds: deadline))
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw AzureError(.network("no answer from \(host)")) }
                return first
            }
            guard let http = response as? HTTPURLResponse else {
                throw AzureError(.network("\(host) did not answer with HTTP"))
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return HTTPAnswer(status: http.statusCode, headers: headers, body: data)
        } catch let error as AzureError {
            throw error
        } catch let error as URLError {
            throw Self.translate(error, host: host, timeout: policy.connectTimeout)
        } catch {
            throw AzureError(.network("the request to \(host) failed"))
        }
    }

    /// `scheme://host:port` of a URL: enough to say where, never a path or query.
    static func describe(_ url: URL) -> String {
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(url.scheme ?? "https")://\(url.host ?? "?")\(port)"
    }

    static func translate(_ error: URLError, host: String, timeout: TimeInterval) -> AzureError {
        switch error.code {
        case .timedOut: return AzureError(.timedOut(seconds: timeout))
        case .cannotConnectToHost: return AzureError(.network("\(host) refused the connection"))
        case .cannotFindHost, .dnsLookupFailed: return AzureError(.network("the name of \(host) could not be resolved"))
        case .notConnectedToInternet: return AzureError(.network("this machine is not connected to a network"))
        case .networkConnectionLost: return AzureError(.network("the connection to \(host) was lost"))
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired:
            return AzureError(.network("the TLS connection to \(host) could not be established or trusted"))
        case .cancelled: return AzureError(.network("the request to \(host) was cancelled"))
        default: return AzureError(.network("the request to \(host) failed (URLError \(error.code.rawValue))"))
        }
    }
}

/// Refuses every redirect: the answer is returned as it is (a 3xx), and treated as unexpected.
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
