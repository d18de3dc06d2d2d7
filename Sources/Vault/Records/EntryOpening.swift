import Sodium

/// Opening stored entries: the metadata authenticated and decrypted, and the name checked against the blind
/// index it was found under (a mismatch is an integrity failure). Free of any reader, so it runs on worker
/// threads (`ParallelSlices`) with an opener of their own.
@usableFromInline
enum EntryOpening {
    /// One entry: its metadata opened and its name checked against its blind index.
    static func open(_ stored: StoredEntry, with opener: RecordOpener) throws -> VaultEntry {
        let id = EntryID(bytes: stored.id)
        let plaintext = try opener.openPublic(stored.sealedMetadata, .entryMetadata, owner: stored.id, what: "the metadata of entry \(id)")
        guard let (name, payload) = EntryPlaintext.decode(plaintext) else {
            throw VaultError(.integrityFailure(what: "the metadata of entry \(id) is not in the expected form"))
        }
        guard ConstantTime.equals(try opener.nameIndex(for: name), stored.nameIndex) else {
            throw VaultError(.integrityFailure(what: "the name index of entry \(id) does not match its name"))
        }
        return VaultEntry(id: id, name: name, payload: payload)
    }

    /// The entries of `slice` opened with one record opener, on this thread.
    @usableFromInline
    static func open(_ slice: ArraySlice<StoredEntry>, keys: VaultKeys) throws -> [VaultEntry] {
        try keys.withRecordOpener { opener in try slice.map { try open($0, with: opener) } }
    }

    /// Below this many entries per thread, opening stays on fewer threads.
    @usableFromInline static let minimumSlice = 128
}
