public import Foundation

extension TokenBroker {
    /// Waits until `process` (the child of `exec --token-only`) has exited, without blocking a thread.
    ///
    /// The broker's issuer is async and runs on Swift's concurrency pool; a caller that blocked pool threads
    /// while the child runs (`waitUntilExit()` inside an async command, on a machine with few cores) could
    /// starve it, and the child's token requests would then time out. Polls every 50 ms instead.
    public static func waitForExit(of process: Process) async -> Int32 {
        while process.isRunning {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return process.terminationStatus
    }
}
