/// The audit log's rows (docs/format.md §2). Like every stored row, they hold nothing in plaintext that names
/// an account: entries are sealed by the audit module, and pending rows are written before the vault key is
/// known, so they hold only a time, a failure kind and who tried.

/// One link of the audit chain: the sealed canonical entry and its chain MAC.
public struct StoredAuditEntry: Equatable, Sendable {
    /// 1 for the first entry, +1 per entry, never reused.
    public var seq: Int64
    /// `seal(K_rec(audit-entry, vault_id, 0), canonical bytes)`.
    public var sealedEntry: [UInt8]
    /// The chain MAC over the previous entry's MAC and this entry's canonical bytes.
    public var mac: [UInt8]

    public init(seq: Int64, sealedEntry: [UInt8], mac: [UInt8]) {
        self.seq = seq
        self.sealedEntry = sealedEntry
        self.mac = mac
    }
}

/// An unlock failure, recorded without the vault key and folded into the chain at the next unlock.
public struct StoredAuditPending: Equatable, Sendable {
    /// Assigned by the store, increasing, never reused (SQLite `AUTOINCREMENT`).
    public var id: Int64
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var recordedAt: Int64
    /// The kind of failure (for example `wrong_passphrase`).
    public var event: String
    /// The actor, as JSON.
    public var actor: String

    public init(id: Int64, recordedAt: Int64, event: String, actor: String) {
        self.id = id
        self.recordedAt = recordedAt
        self.event = event
        self.actor = actor
    }
}
