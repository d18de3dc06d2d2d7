import Foundation

/// Runs the Azure module's async calls from the synchronous request handler.
///
/// The operation runs on a detached task (the cooperative pool) while the calling thread waits on a
/// semaphore. That is safe only because no caller is itself a pool thread: the agent serves requests on its
/// own main thread (`AgentServer.run`), and a one-shot command calls the handler from `main()`. Blocking a
/// pool thread here could starve the very task it waits for.
enum AsyncBridge {
    static func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                box.set(.success(try await operation()))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        return try box.get()
    }
}

/// The task's result, handed from the task to the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `result` is guarded by `lock`.
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }

    func get() throws -> T {
        guard let result = lock.withLock({ result }) else {
            throw ReportedError(exitCode: .operationFailed, message: "the Azure operation ended without a result")
        }
        return try result.get()
    }
}
