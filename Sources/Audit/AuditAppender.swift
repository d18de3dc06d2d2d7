import Vault

/// Appends entries to the chain inside one write transaction, then stores the new head in the sealed vault
/// metadata in that same transaction (`finish`). Internal: everything public goes through `AuditLog`.
///
/// The next entry chains from the **sealed head**, not from the last row: rows can be deleted by anyone who
/// can write the file, the head cannot be forged. So after rows were cut off the end, new entries leave the
/// gap visible rather than paper over it. Appending is refused when the head is missing while entries exist,
/// or when entries follow the head: both mean the metadata was rolled back, and appending would hide it.
struct AuditAppender: ~Copyable {
    static let pendingFoldedKey = "audit.pending_folded"

    let writer: VaultWriter
    let keys: AuditKeys
    var metadata: VaultMetadata
    private(set) var head: AuditHead?
    private(set) var appended: [AuditEntry] = []
    private var scratch: [UInt8] = []

    init(writer: VaultWriter) throws {
        let (metadata, vaultID, last) = try auditWrite {
            (try writer.vaultMetadata(), try writer.storageWriter.header().vaultID, try writer.storageWriter.lastAuditEntry())
        }
        let head = try Self.head(in: metadata, last: last)
        self.keys = try auditWrite { try AuditKeys(writer.keys, vaultID: vaultID) }
        self.writer = writer
        self.metadata = metadata
        self.head = head
    }

    /// The sealed head to chain from, after checking that appending there would not hide a rollback.
    private static func head(in metadata: VaultMetadata, last: StoredAuditEntry?) throws -> AuditHead? {
        guard let recorded = metadata.extensions[AuditHead.extensionKey] else {
            guard let last else { return nil }
            throw AuditError(.chainBroken(seq: Int(last.seq), problem: AuditProblem(
                .headMismatch, "the chain head is missing although entries exist")))
        }
        guard let head = AuditHead(recorded) else {
            throw AuditError(.chainBroken(seq: Int(last?.seq ?? 1), problem: AuditProblem(.headMismatch, "the recorded chain head is malformed")))
        }
        if let last, last.seq > Int64(head.seq) {
            throw AuditError(.chainBroken(seq: head.seq + 1, problem: AuditProblem(
                .headMismatch, "entries follow the recorded chain head \(head.seq): the vault metadata was rolled back")))
        }
        return head
    }

    /// Appends one entry after the current head.
    mutating func append(
        timeMilliseconds: Int64, event: String, account: String?, actor: AuditActor, details: [String: String]
    ) throws {
        try Self.validate(event: event, account: account, actor: actor, details: details)
        let seq = (head?.seq ?? 0) + 1
        guard seq <= AuditHead.maximumSeq else {
            throw AuditError(.invalidEvent(reason: "the audit log holds the most entries it can"))
        }
        let previous = head?.mac ?? AuditMAC.genesis
        let record = AuditRecord(
            seq: Int64(seq), timeMilliseconds: timeMilliseconds, event: event, account: account, actor: actor, details: details)
        let canonical = record.canonicalBytes()
        let mac = try keys.mac(previous: previous, canonical: canonical, scratch: &scratch)
        let sealed = try keys.seal(canonical)
        try auditWrite { try writer.storageWriter.appendAuditEntry(StoredAuditEntry(seq: Int64(seq), sealedEntry: sealed, mac: mac)) }
        head = AuditHead(seq: seq, mac: mac)
        appended.append(AuditEntry(record: record, mac: mac, previousMAC: previous))
    }

    /// Stores the head (and any other audit state in `metadata`) with the vault metadata. Call once, last.
    mutating func finish() throws {
        if let head { metadata.extensions[AuditHead.extensionKey] = head.description }
        let metadata = self.metadata
        try auditWrite { try writer.updateVaultMetadata(metadata) }
    }

    static let maximumFieldByteCount = 16_384
    static let maximumDetailCount = 64

    /// Refuses what the canonical encoding could not hold faithfully, or what no real event needs.
    static func validate(event: String, account: String?, actor: AuditActor, details: [String: String]) throws {
        let fields = [event, account ?? "", actor.user, actor.command] + details.keys + details.values
        if fields.contains(where: { $0.utf8.count > maximumFieldByteCount }) {
            throw AuditError(.invalidEvent(reason: "a field is longer than \(maximumFieldByteCount) bytes"))
        }
        if details.count > maximumDetailCount {
            throw AuditError(.invalidEvent(reason: "more than \(maximumDetailCount) details"))
        }
        if event.isEmpty { throw AuditError(.invalidEvent(reason: "the event name is empty")) }
    }
}
