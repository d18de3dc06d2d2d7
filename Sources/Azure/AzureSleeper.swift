public import Foundation

/// How the Azure module waits (between retries, while a new secret replicates): injected so that tests
/// neither sleep nor depend on the wall clock.
public protocol AzureSleeper: Sendable {
    /// Waits `seconds`; throws `CancellationError` if the task is cancelled.
    func sleep(seconds: TimeInterval) async throws
}

/// Real waiting, with `Task.sleep`.
public struct TaskSleeper: AzureSleeper {
    public init() {}

    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1_000_000_000))
    }
}
