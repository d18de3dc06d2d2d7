import Sodium
import Vault

/// The cryptographic half of verifying a batch of audit rows — opening each sealed entry and recomputing its
/// MAC — spread over the machine's cores. Nearly all of `audit verify`'s time is these two (secretbox and
/// keyed BLAKE2b), and unlike the walk they do not depend on each other: entry n's MAC is recomputed over the
/// MAC *stored* for entry n−1, and since every stored MAC is checked against its recomputation, "every row
/// matches" is the same statement as "the chain recomputed from the start matches".
///
/// Guarantees: the result for each row is exactly what the sequential walk computed before (the same
/// `AuditKeys.open` and `AuditKeys.mac`); rows are never skipped; the walk (`AuditChainVerifier`) still
/// decides, in seq order, which problem comes first. Each worker has its own scratch buffer; the keys are
/// held open by the caller (`AuditKeys.withKeysOpen`) for the whole batch; `ParallelSlices` does the splitting.
enum AuditBatchOpener {
    /// One row after the crypto: its canonical bytes (nil when the box does not authenticate) and whether its
    /// stored MAC equals the MAC recomputed over the previous row's stored MAC.
    struct Opened {
        var canonical: [UInt8]?
        var macMatches: Bool
    }

    /// Below this many rows per thread a batch is opened on fewer threads: threads would cost more than they save.
    static let parallelThreshold = 256

    /// Opens `rows`; the first row chains from `previousMAC`, each other from the row before it.
    static func open(_ rows: [StoredAuditEntry], previousMAC: [UInt8], keys: AuditKeys) throws -> [Opened] {
        try ParallelSlices.map(rows, minimumSlice: parallelThreshold) { slice in
            var scratch = [UInt8]()
            scratch.reserveCapacity(512)
            return try slice.indices.map { index in
                guard let canonical = keys.open(rows[index].sealedEntry) else { return Opened(canonical: nil, macMatches: false) }
                let previous = index == rows.startIndex ? previousMAC : rows[index - 1].mac
                let mac = try keys.mac(previous: previous, canonical: canonical, scratch: &scratch)
                return Opened(canonical: canonical, macMatches: ConstantTime.equals(mac, rows[index].mac))
            }
        }.flatMap { $0 }
    }
}
