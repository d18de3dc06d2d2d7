import Sodium

/// Opens non-secret records (entry metadata) and computes blind name indexes with keys held open by
/// `VaultKeys.withRecordOpener`: the same derivation, authentication and index as `VaultKeys.openPublic`
/// and `VaultKeys.nameIndex`, without the guarded-memory system calls per record (about 16 each: a new
/// region for every per-record key, `mprotect` around every key access), which were most of `list`.
///
/// Invariants: valid only inside `withRecordOpener`'s closure (it holds pointers into guarded memory; never
/// store it). Per-record keys are derived into the one guarded scratch region, never into an ordinary array,
/// and that region is wiped when the scope ends. Only for records that are not secret values or keys.
struct RecordOpener {
    let recordsKey: UnsafeRawBufferPointer
    let nameIndexKey: UnsafeRawBufferPointer
    let scratch: UnsafeMutableRawBufferPointer

    /// `VaultKeys.openPublic`: any mismatch is an integrity failure naming `what`.
    func openPublic(_ sealed: [UInt8], _ purpose: RecordPurpose, owner: [UInt8], version: UInt64 = 0, what: @autoclosure () -> String) throws -> [UInt8] {
        try GenericHash.keyedHash(VaultKeys.recordKeyMessage(purpose, owner: owner, version: version), rawKey: recordsKey, into: scratch)
        do {
            return try SecretBox.openNonSecret(sealed, rawKey: UnsafeRawBufferPointer(scratch))
        } catch is SodiumError {
            throw VaultError(.integrityFailure(what: what()))
        }
    }

    /// `VaultKeys.nameIndex`.
    func nameIndex(for name: String) throws -> [UInt8] {
        try GenericHash.keyedHash(VaultKeys.nameIndexMessage(name), rawKey: nameIndexKey)
    }
}
