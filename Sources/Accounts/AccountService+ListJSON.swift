import Vault

extension AccountService {
    /// The output of `iamvault list --json` for the accounts matching `filter`, passed to `emit` in pieces, in
    /// order, the last one included: byte for byte `AccountListJSON.render(list(filter))`.
    ///
    /// It reads in one transaction and in batches, like `forEachAccount`, and spreads the per-account work over
    /// the cores: entries are opened on every core (`forEachEntryBatchSortedByName`), then each batch's
    /// accounts are decoded, filtered and rendered in slices (`ParallelSlices`), joined in order here. Memory
    /// stays about one batch of rendered accounts plus the vault's sorted names.
    public func renderAccountList(_ filter: AccountFilter = AccountFilter(), emit: ([UInt8]) throws -> Void) throws {
        let tag = try filter.tag.map(AccountFields.tag)
        var list = AccountListJSON()
        try translate {
            try vault.read { reader in
                try reader.forEachEntryBatchSortedByName { entries in
                    let pieces = try ParallelSlices.map(entries, minimumSlice: Self.minimumRenderSlice) { slice in
                        let accounts = try slice.compactMap { entry -> Account? in
                            let account = try Account(storedPayload: entry.payload, name: entry.name)
                            return filter.matches(account, normalizedTag: tag) ? account : nil
                        }
                        return AccountListJSON.Elements(accounts)
                    }
                    for piece in pieces { list.append(piece) }
                    try emit(list.take())
                }
            }
        }
        try emit(list.finish())
    }

    /// Below this many accounts per thread, a batch is decoded and rendered on fewer threads.
    static let minimumRenderSlice = 64
}
