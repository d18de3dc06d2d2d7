import Synchronization

/// The last vault metadata these keys opened (or sealed), by its exact sealed bytes and owner, so that the
/// key check at the start of every transaction and the audit log's read of its chain head do not open and
/// decode the same box again and again (two of each per audited `read` before).
///
/// Correct by construction: sealed bytes under one key and owner open to exactly one plaintext, and a box
/// that changed in any byte (another process wrote, rekeyed, or tampered) is simply not found here and is
/// opened and checked in full. It remembers a pair whether or not the transaction that sealed it commits:
/// the pair stays true either way.
final class OpenedMetadataMemo: Sendable {
    private let last = Mutex<(owner: [UInt8], sealed: [UInt8], metadata: VaultMetadata)?>(nil)

    /// The metadata that `sealed` (sealed for `owner`) opens to, when it is the box remembered last.
    func metadata(sealed: [UInt8], owner: [UInt8]) -> VaultMetadata? {
        last.withLock { known in
            guard let known, known.owner == owner, known.sealed == sealed else { return nil }
            return known.metadata
        }
    }

    /// Remembers that `sealed` (for `owner`) opens to `metadata`.
    func remember(sealed: [UInt8], owner: [UInt8], metadata: VaultMetadata) {
        last.withLock { $0 = (owner, sealed, metadata) }
    }
}
