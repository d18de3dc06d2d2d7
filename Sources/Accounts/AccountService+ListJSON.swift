import Vault

extension AccountService {
    /// The output of `iamvault list --json` for the accounts matching `filter`, passed to `emit` in pieces, in
    /// order, the last one included: byte for byte `AccountListJSON.render(list(filter))`. A piece holds at
    /// most `pieceSize` bytes unless one account alone renders to more.
    ///
    /// It reads in one transaction and spreads the per-account work over the cores: each account is decoded,
    /// filtered and rendered on the core that opened its entry, in the vault's first pass
    /// (`forEachMappedEntrySortedByName`); this thread only joins the rendered accounts in name order. Memory
    /// stays about the vault's budget of rendered accounts plus a sort key per entry.
    public func renderAccountList(_ filter: AccountFilter = AccountFilter(), pieceSize: Int = 256 << 10,
                                  emit: ([UInt8]) throws -> Void) throws {
        let tag = try filter.tag.map(AccountFields.tag)
        var list = AccountListJSON()
        try translate {
            try vault.read { reader in
                try reader.forEachMappedEntrySortedByName(transform: { entry -> AccountListJSON.Elements? in
                    let account = try Account(storedPayload: entry.payload, name: entry.name)
                    return filter.matches(account, normalizedTag: tag) ? AccountListJSON.Elements(account) : nil
                }, byteCount: { $0.byteCount }) { rendered in
                    for account in rendered {
                        if list.pendingByteCount > 0, list.pendingByteCount + account.byteCount > pieceSize { try emit(list.take()) }
                        list.append(account)
                    }
                }
            }
        }
        if list.pendingByteCount > 0 { try emit(list.take()) }
        try emit(list.finish())
    }
}
