/// Every entry in name order with bounded memory, for listing vaults of any size.
extension VaultReading {
    /// Calls `body` with every entry, sorted by name as `entries()` sorts them, reading the table in batches
    /// of `batchSize` rows.
    ///
    /// Guarantees: the same entries, in the same order, with the same authentication as `entries()`; memory
    /// stays about `retainedPayloadBytes` plus a name and an ID per entry, whatever the vault's size
    /// (`forEachMappedEntrySortedByName`, with the entries themselves as the mapped values). Call it inside one
    /// read transaction, so both passes see the same rows.
    public func forEachEntrySortedByName(
        batchSize: Int = 512, retainedPayloadBytes: Int = 8 << 20, _ body: (VaultEntry) throws -> Void
    ) throws {
        try forEachMappedEntrySortedByName(batchSize: batchSize, retainedBytes: retainedPayloadBytes,
                                           transform: { $0 }, byteCount: { $0.payload.count }) { entries in
            for entry in entries { try body(entry) }
        }
    }

    /// Every entry passed through `transform` on the core that opened it, the results handed to `body` in the
    /// entries' name order (as `entries()` sorts), up to `batchSize` at a time; a nil result leaves the entry
    /// out. This is how `list` spreads its per-entry work (decoding, filtering, rendering) over the cores.
    ///
    /// How: the sort needs every name first, so a first pass reads the table in batches of `batchSize` rows
    /// and opens and transforms each batch on every core (`ParallelSlices`, one record opener per slice) while
    /// this thread reads the next batch. Results are kept up to `retainedBytes` in total (as `byteCount`
    /// measures them); the entries beyond that budget keep only their sort key and ID, and are read, opened
    /// (and authenticated) and transformed again when their turn comes in the second pass.
    ///
    /// Guarantees: every entry is authenticated as `open` authenticates it before `transform` sees it;
    /// `transform` runs at least once per entry, at most twice, on any thread; `body` gets the results in name
    /// order, on this thread, and never sees an entry left out; memory stays about `retainedBytes` plus a sort
    /// key and an ID per entry, whatever the vault's size. An error from `transform` or from opening is thrown
    /// as a sequential loop would throw it (the first in row order). Call it inside one read transaction, so
    /// both passes see the same rows.
    ///
    /// Inlinable so that it is specialized for the caller's `Mapped`: unspecialized, the per-entry steps went
    /// through generic metadata lookups that cost more than the decoding they wrapped.
    @inlinable
    public func forEachMappedEntrySortedByName<Mapped: Sendable>(
        batchSize: Int = 512, retainedBytes: Int = 8 << 20,
        transform: @Sendable (VaultEntry) throws -> Mapped?,
        byteCount: (Mapped) -> Int,
        _ body: ([Mapped]) throws -> Void
    ) throws {
        // The sort moves only sort keys and indexes, not the pending entries with their results.
        var order: [SortedEntryKey] = []
        var pending: [PendingEntry<Mapped>] = []
        var retained = 0
        var batch = try nextEntryBatch(after: nil, limit: batchSize)
        while !batch.isEmpty {
            // Past the budget, entries are only opened for their names; transforming them now would be lost.
            let transforming = retained < retainedBytes
            let (slices, next) = try ParallelSlices.map(batch, minimumSlice: EntryOpening.minimumSlice, alongside: {
                try nextEntryBatch(after: batch, limit: batchSize)
            }) { [keys] slice in
                try EntryOpening.open(slice, keys: keys).map { entry in
                    FirstPass(sortKey: entry.name.lowercased(), id: entry.id,
                              result: transforming ? .transformed(try transform(entry)) : .later)
                }
            }
            for slice in slices {
                for opened in slice {
                    var kept: Mapped?
                    switch opened.result {
                    case .transformed(nil):
                        continue  // left out: nothing to sort or to give
                    case .transformed(let mapped?) where retained + byteCount(mapped) <= retainedBytes:
                        retained += byteCount(mapped)
                        kept = mapped
                    case .transformed, .later:
                        kept = nil
                    }
                    order.append(SortedEntryKey(key: opened.sortKey, index: pending.count))
                    pending.append(PendingEntry(id: opened.id, kept: kept))
                }
            }
            batch = next
        }
        order.sort { $0.key < $1.key }
        var start = 0
        while start < order.count {
            let window = order[start..<min(order.count, start + batchSize)]
            // The second pass: results kept from the first, the others read, opened and transformed again.
            let missing = try rereadEntries(window.compactMap { pending[$0.index].kept == nil ? pending[$0.index].id : nil })
            let again = missing.isEmpty ? [] : try ParallelSlices.map(missing, minimumSlice: EntryOpening.minimumSlice) { [keys] slice in
                try EntryOpening.open(slice, keys: keys).map { entry in (id: entry.id, result: try transform(entry)) }
            }
            var reopened = again.joined().makeIterator()
            var results: [Mapped] = []
            results.reserveCapacity(window.count)
            for item in window {
                if let kept = pending[item.index].kept {
                    results.append(kept)
                    pending[item.index].kept = nil  // give the results back as they are used
                    continue
                }
                guard let entry = reopened.next(), entry.id == pending[item.index].id else {
                    throw VaultError(.integrityFailure(what: "entry \(pending[item.index].id) changed while the vault was read"))
                }
                if let result = entry.result { results.append(result) }
            }
            try body(results)
            start = window.endIndex
        }
    }

    /// The batch of up to `limit` rows after `previous` (the first batch when nil; none after a short batch).
    @usableFromInline
    func nextEntryBatch(after previous: [StoredEntry]?, limit: Int) throws -> [StoredEntry] {
        guard let previous else { return try storageCall { try storageReader.entries(afterID: nil, limit: limit) } }
        guard previous.count == limit, let last = previous.last?.id else { return [] }
        return try storageCall { try storageReader.entries(afterID: last, limit: limit) }
    }

    /// The rows of `ids`, read again for the second pass; a row gone is an integrity failure.
    @usableFromInline
    func rereadEntries(_ ids: [EntryID]) throws -> [StoredEntry] {
        try ids.map { id in
            guard let stored = try storageCall({ try storageReader.entry(id: id.bytes) }) else {
                throw VaultError(.integrityFailure(what: "entry \(id) disappeared while the vault was read"))
            }
            return stored
        }
    }
}

/// An entry as the first pass saw it: its sort key, and its transformed form unless that waits for the second
/// pass (`later`: past the memory budget).
@usableFromInline
struct FirstPass<Mapped: Sendable>: Sendable {
    @usableFromInline
    enum Result: Sendable {
        case transformed(Mapped?)
        case later
    }

    @usableFromInline let sortKey: String
    @usableFromInline let id: EntryID
    @usableFromInline let result: Result

    @inlinable
    init(sortKey: String, id: EntryID, result: Result) {
        self.sortKey = sortKey
        self.id = id
        self.result = result
    }
}

/// Where an entry goes in name order: its sort key and its index in the first pass's entries.
@usableFromInline
struct SortedEntryKey {
    @usableFromInline let key: String
    @usableFromInline let index: Int

    @inlinable
    init(key: String, index: Int) {
        self.key = key
        self.index = index
    }
}

/// An entry waiting for the second pass: its ID, and its transformed form while within the memory budget.
@usableFromInline
struct PendingEntry<Mapped> {
    @usableFromInline let id: EntryID
    @usableFromInline var kept: Mapped?

    @inlinable
    init(id: EntryID, kept: Mapped?) {
        self.id = id
        self.kept = kept
    }
}
