public import Vault

/// Where services record audit events.
///
/// Implementation requirements (fail closed):
/// - `record` appends the event inside the caller's write transaction, so the entry commits together with the
///   change it describes, or neither does.
/// - If the entry cannot be written, `record` throws, and the caller's transaction (and so the operation)
///   is abandoned. A caller must never catch that error and carry on.
/// - For a retrieval, the caller records in a transaction that commits *before* any plaintext leaves.
public protocol AuditRecording: Sendable {
    func record(_ event: AuditEvent, in writer: VaultWriter) throws
}
