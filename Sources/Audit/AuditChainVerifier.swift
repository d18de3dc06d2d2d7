import Sodium
import Vault

/// Walks the chain from seq 1 in batches (never the whole log in memory) and reports the first bad entry.
/// The opening and MAC of each batch's rows run on all cores (`AuditBatchOpener`); the checks below run in
/// seq order on their results, so the first problem reported is the same as a sequential walk's.
///
/// Per entry, in order: the seq is the next one (else `missing`); the sealed bytes open under the audit seal
/// key (else `edited`); the canonical content is well formed (else `edited`) and names this seq (else
/// `reordered`); the MAC over the previous MAC and the content matches (else `edited`); for a folded unlock
/// failure, its pending id follows the previous one (else `missing`). At the end, the chain must reach the
/// recorded head exactly (fewer entries: `truncated`; head missing, malformed, older or different:
/// `headMismatch`), and the optional external anchor must be on the chain.
enum AuditChainVerifier {
    static let batchSize = 4096

    /// `visit` sees every entry that passed its checks, with its canonical bytes (rekey reseals them there).
    static func verify(
        reader: any VaultStorageReader, keys: borrowing AuditKeys, recordedHead: String?, anchor: AuditHead?,
        visit: (StoredAuditEntry, [UInt8]) throws -> Void = { _, _ in }
    ) throws -> AuditVerification {
        var expected: Int64 = 1
        var previous = AuditMAC.genesis
        var pending = PendingSequence()
        var anchorMAC: [UInt8]?
        let walkProblem: AuditVerification? = try keys.withKeysOpen {
            while true {
                let batch = try reader.auditEntries(fromSeq: expected, limit: batchSize)
                if batch.isEmpty { return nil }
                let opened = try AuditBatchOpener.open(batch, previousMAC: previous, keys: keys)
                for (row, result) in zip(batch, opened) {
                    let seq = Int(row.seq)
                    guard row.seq == expected else {
                        let range = row.seq - 1 > expected ? "entries \(expected)–\(row.seq - 1) are" : "entry \(expected) is"
                        return .broken(seq: Int(expected), problem: AuditProblem(.missing, "\(range) missing"))
                    }
                    guard let canonical = result.canonical else {
                        return .broken(seq: seq, problem: AuditProblem(.edited, "its sealed content does not authenticate"))
                    }
                    guard let scanned = AuditRecord.scan(canonical) else {
                        return .broken(seq: seq, problem: AuditProblem(.edited, "its content is not in the canonical form"))
                    }
                    guard scanned.seq == row.seq else {
                        return .broken(seq: seq, problem: AuditProblem(.reordered, "it holds entry \(scanned.seq)"))
                    }
                    // Recomputed over the stored MAC of the row before, which the previous step matched with
                    // `previous` (AuditBatchOpener): so this is the chain's MAC.
                    guard result.macMatches else {
                        return .broken(seq: seq, problem: AuditProblem(.edited, "its MAC does not match its content and the entry before it"))
                    }
                    if scanned.isUnlockFailure, let problem = pending.check(canonical) {
                        return .broken(seq: seq, problem: problem)
                    }
                    try visit(row, canonical)
                    if anchor?.seq == seq { anchorMAC = row.mac }
                    previous = row.mac
                    expected += 1
                }
            }
        }
        if let walkProblem { return walkProblem }
        let count = Int(expected - 1)
        if let problem = headProblem(recordedHead, count: count, lastMAC: previous) { return problem }
        if let anchor {
            if anchor.seq > count {
                return .broken(seq: count + 1, problem: AuditProblem(
                    .truncated, "the anchor names entry \(anchor.seq), but the chain ends at \(count)"))
            }
            if let anchorMAC, !ConstantTime.equals(anchorMAC, anchor.mac) {
                return .broken(seq: anchor.seq, problem: AuditProblem(.headMismatch, "its MAC differs from the anchor"))
            }
        }
        return .intact(count: count)
    }

    /// Compares the end of the chain with the head sealed in the vault metadata.
    private static func headProblem(_ recorded: String?, count: Int, lastMAC: [UInt8]) -> AuditVerification? {
        guard let recorded else {
            guard count > 0 else { return nil }
            return .broken(seq: count, problem: AuditProblem(.headMismatch, "the chain head is missing although entries exist"))
        }
        guard let head = AuditHead(recorded) else {
            return .broken(seq: max(count, 1), problem: AuditProblem(.headMismatch, "the recorded chain head is malformed"))
        }
        if head.seq > count {
            let range = head.seq > count + 1 ? "entries \(count + 1)–\(head.seq) are" : "entry \(head.seq) is"
            return .broken(seq: count + 1, problem: AuditProblem(.truncated, "the chain ends at \(count) but its head is \(head.seq): \(range) missing"))
        }
        if head.seq < count {
            return .broken(seq: head.seq + 1, problem: AuditProblem(
                .headMismatch, "entries follow the recorded head \(head.seq): the vault metadata was rolled back"))
        }
        guard ConstantTime.equals(head.mac, lastMAC) else {
            return .broken(seq: count, problem: AuditProblem(.headMismatch, "the last entry's MAC differs from the recorded head"))
        }
        return nil
    }
}

/// Folded unlock failures carry the id of their pending row; ids are assigned 1, 2, 3… and never reused, so
/// a gap means a failure record was deleted before it could be folded.
struct PendingSequence {
    static let idKey = "pending_id"
    static let lostKey = "pending_ids_lost"

    private var expected: Int64 = 1

    mutating func check(_ canonical: [UInt8]) -> AuditProblem? {
        guard let record = AuditRecord(canonical: canonical) else {
            return AuditProblem(.edited, "its content is not in the canonical form")
        }
        if let lost = record.details[Self.lostKey] {
            let what = lost.contains("-")
                ? "unlock-failure records \(lost) were deleted before they were folded"
                : "unlock-failure record \(lost) was deleted before it was folded"
            return AuditProblem(.missing, what + " into the chain")
        }
        guard let text = record.details[Self.idKey] else { return nil }
        guard let id = Int64(text) else { return AuditProblem(.edited, "its pending id is not a number") }
        defer { expected = max(expected, id + 1) }
        if id > expected {
            let what = id - 1 > expected
                ? "unlock-failure records \(expected)–\(id - 1) were deleted before they were folded"
                : "unlock-failure record \(expected) was deleted before it was folded"
            return AuditProblem(.missing, what + " into the chain")
        }
        if id < expected {
            return AuditProblem(.missing, "unlock-failure record \(id) comes again: the failure counter was reset, which hides deleted records")
        }
        return nil
    }
}
