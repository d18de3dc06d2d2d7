import Dispatch
import Glibc
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
/// held open by the caller (`AuditKeys.withKeysOpen`) for the whole batch.
enum AuditBatchOpener {
    /// One row after the crypto: its canonical bytes (nil when the box does not authenticate) and whether its
    /// stored MAC equals the MAC recomputed over the previous row's stored MAC.
    struct Opened {
        var canonical: [UInt8]?
        var macMatches: Bool
    }

    /// Below this many rows a batch is opened on the calling thread: threads would cost more than they save.
    static let parallelThreshold = 512

    /// Opens `rows`; the first row chains from `previousMAC`, each other from the row before it.
    static func open(_ rows: [StoredAuditEntry], previousMAC: [UInt8], keys: AuditKeys) throws -> [Opened] {
        let workers = rows.count < parallelThreshold ? 1 : min(max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1), 4)
        let slots = Slots(rows: rows.count, workers: workers)
        defer { slots.release() }

        let sliceSize = (rows.count + workers - 1) / workers
        @Sendable func work(_ worker: Int) {
            var scratch = [UInt8]()
            scratch.reserveCapacity(512)
            let range = (worker * sliceSize)..<min((worker + 1) * sliceSize, rows.count)
            do {
                for index in range {
                    guard let canonical = keys.open(rows[index].sealedEntry) else { continue }
                    let previous = index == 0 ? previousMAC : rows[index - 1].mac
                    let mac = try keys.mac(previous: previous, canonical: canonical, scratch: &scratch)
                    // Each worker writes only its own slice of `results`.
                    slots.results[index] = Opened(canonical: canonical, macMatches: ConstantTime.equals(mac, rows[index].mac))
                }
            } catch {
                slots.failures[worker] = error
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        if let failure = slots.failures.lazy.compactMap({ $0 }).first { throw failure }
        return Array(slots.results)
    }

    /// Where the workers write: one result per row and one error per worker, each written by one worker only.
    private struct Slots: @unchecked Sendable {
        // @unchecked Sendable: workers write disjoint indices, and the caller reads only after
        // `concurrentPerform` returned (which orders every write before it).
        let results: UnsafeMutableBufferPointer<Opened>
        let failures: UnsafeMutableBufferPointer<(any Error)?>

        init(rows: Int, workers: Int) {
            results = .allocate(capacity: rows)
            results.initialize(repeating: Opened(canonical: nil, macMatches: false))
            failures = .allocate(capacity: workers)
            failures.initialize(repeating: nil)
        }

        func release() {
            results.deinitialize().deallocate()
            failures.deinitialize().deallocate()
        }
    }
}
