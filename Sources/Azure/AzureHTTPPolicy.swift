public import Foundation

/// Timeouts and retry limits for every call to Entra ID and Microsoft Graph.
///
/// Guarantees: a call never waits longer than `requestTimeout` for one attempt, never makes more than
/// `maxAttempts` attempts, and never sleeps more than `maxTotalRetryWait` in total between attempts; a
/// `Retry-After` that would exceed that budget ends the call at once with a `throttled` error instead.
public struct AzureHTTPPolicy: Equatable, Sendable {
    /// The longest silence allowed while connecting or waiting for bytes (URLSession's idle timeout; the
    /// Linux URLSession has no separate connect-only timeout, so this one bounds the connection too).
    public var connectTimeout: TimeInterval
    /// The longest one attempt may take from start to last byte (enforced by a deadline of our own).
    public var requestTimeout: TimeInterval
    /// Attempts per call, the first included; only 429 and 503 answers are retried.
    public var maxAttempts: Int
    /// The most time spent waiting between attempts, over the whole call.
    public var maxTotalRetryWait: TimeInterval
    /// The first wait when Azure sends no `Retry-After` (doubled for each further attempt).
    public var defaultRetryDelay: TimeInterval

    public init(
        connectTimeout: TimeInterval = 10, requestTimeout: TimeInterval = 30, maxAttempts: Int = 4,
        maxTotalRetryWait: TimeInterval = 60, defaultRetryDelay: TimeInterval = 2
    ) {
        self.connectTimeout = max(0.1, connectTimeout)
        self.requestTimeout = max(0.1, requestTimeout)
        self.maxAttempts = max(1, maxAttempts)
        self.maxTotalRetryWait = max(0, maxTotalRetryWait)
        self.defaultRetryDelay = max(0, defaultRetryDelay)
    }
}
