/// Every entry in name order with bounded memory, for listing vaults of any size.
extension VaultReading {
    /// Calls `body` with every entry, sorted by name as `entries()` sorts them, reading the table in batches
    /// of `batchSize` rows.
    ///
    /// Guarantees: the same entries, in the same order, with the same authentication as `entries()`; memory
    /// stays about `retainedPayloadBytes` plus a name and an ID per entry, whatever the vault's size. The
    /// sort needs every name first, so entries are opened in a first pass; the opened payloads are kept up to
    /// `retainedPayloadBytes` in total, and the entries beyond that budget are read and opened again (and
    /// authenticated again) when their turn comes. Call it inside one read transaction, so both passes see
    /// the same rows.
    public func forEachEntrySortedByName(
        batchSize: Int = 512, retainedPayloadBytes: Int = 8 << 20, _ body: (VaultEntry) throws -> Void
    ) throws {
        try forEachEntryBatchSortedByName(batchSize: batchSize, retainedPayloadBytes: retainedPayloadBytes) { entries in
            for entry in entries { try body(entry) }
        }
    }

    /// `forEachEntrySortedByName`, a batch of up to `batchSize` consecutive entries at a time, so that the caller
    /// can spread its own per-entry work over the cores. The entries of a batch are opened on every core
    /// (`ParallelSlices`, one record opener per slice); the reading stays on this thread.
    public func forEachEntryBatchSortedByName(
        batchSize: Int = 512, retainedPayloadBytes: Int = 8 << 20, _ body: ([VaultEntry]) throws -> Void
    ) throws {
        var pending: [PendingEntry] = []
        var retained = 0
        var last: [UInt8]?
        while true {
            let batch = try storageCall { try storageReader.entries(afterID: last, limit: batchSize) }
            for (entry, sortKey) in try storageCall({ try EntryOpening.openAllWithSortKeys(batch, keys: keys) }) {
                let keep = retained + entry.payload.count <= retainedPayloadBytes
                if keep { retained += entry.payload.count }
                pending.append(PendingEntry(sortKey: sortKey, id: entry.id, entry: keep ? entry : nil))
            }
            guard batch.count == batchSize, let next = batch.last?.id else { break }
            last = next
        }
        pending.sort { $0.sortKey < $1.sortKey }
        var start = 0
        while start < pending.count {
            let end = min(pending.count, start + batchSize)
            let entries = try reopened(pending[start..<end])
            for index in start..<end { pending[index].entry = nil }  // give the payloads back as they are used
            try body(entries)
            start = end
        }
    }

    /// Rows opened and authenticated as `open` does, on every core, in their order.
    private static func opened(_ rows: [StoredEntry], keys: VaultKeys) throws -> [VaultEntry] {
        try storageCall { try EntryOpening.openAll(rows, keys: keys) }
    }

    /// The entries of one batch of the second pass: those kept from the first, the others read again here
    /// and opened again on every core.
    private func reopened(_ batch: ArraySlice<PendingEntry>) throws -> [VaultEntry] {
        var missing: [StoredEntry] = []
        for item in batch where item.entry == nil {
            guard let stored = try storageCall({ try storageReader.entry(id: item.id.bytes) }) else {
                throw VaultError(.integrityFailure(what: "entry \(item.id) disappeared while the vault was read"))
            }
            missing.append(stored)
        }
        var reopened = try Self.opened(missing, keys: keys).makeIterator()
        return try batch.map { item in
            if let entry = item.entry { return entry }
            guard let entry = reopened.next(), entry.id == item.id else {
                throw VaultError(.integrityFailure(what: "entry \(item.id) changed while the vault was read"))
            }
            return entry
        }
    }
}

/// An entry seen in the first pass: its sort key, and its opened form while within the memory budget.
private struct PendingEntry {
    let sortKey: String
    let id: EntryID
    var entry: VaultEntry?
}
