public import Foundation

/// Where services read the time, so tests control it (handle expiry, agent timeouts, audit timestamps)
/// without sleeping.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The system's wall clock.
public struct SystemTime: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}
