public import Audit
public import Vault
import Synchronization

/// An in-memory `AuditRecording` for tests: keeps every event; can be told to fail, to prove callers fail closed.
public final class RecordingAuditSink: AuditRecording {
    public struct Failure: Error, Equatable {}

    private let state = Mutex<(events: [AuditEvent], failing: Bool)>(([], false))

    public init() {}

    public var events: [AuditEvent] { state.withLock { $0.events } }

    /// While true, every `record` throws `Failure` (a full disk, a read-only file).
    public func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    public func record(_ event: AuditEvent, in writer: VaultWriter) throws {
        try state.withLock { state in
            if state.failing { throw Failure() }
            state.events.append(event)
        }
    }
}
