import Vault

extension AccountService {
    /// The output of `iamvault list --json` for the accounts matching `filter`, passed to `emit` in pieces, in
    /// order, the last one included: the concatenation of every piece's parts is byte for byte
    /// `AccountListJSON.render(list(filter))`. A piece holds at most `pieceSize` bytes unless one account alone
    /// renders to more.
    ///
    /// It reads in one transaction and spreads the per-account work over the cores: each account is decoded,
    /// filtered and rendered on the core that opened its entry, in the vault's first pass
    /// (`forEachMappedEntrySortedByName`). This thread only lines the rendered accounts up in name order: a
    /// piece's parts are the accounts' own buffers, sent as they are (`UnixConnection.write(parts:)`), not
    /// copied into one. Memory stays about the vault's budget of rendered accounts plus a sort key per entry.
    public func renderAccountList(_ filter: AccountFilter = AccountFilter(), pieceSize: Int = 256 << 10,
                                  emit: ([ArraySlice<UInt8>]) throws -> Void) throws {
        let tag = try filter.tag.map(AccountFields.tag)
        var list = AccountListJSON()
        var parts = [list.take()[...]]
        var partBytes = parts[0].count
        try translate {
            try vault.read { reader in
                try reader.forEachMappedEntrySortedByName(transform: { entry -> AccountListJSON.Element? in
                    if filter.selectsEverything, let rendered = AccountListTranscoder.element(storedPayload: entry.payload, name: entry.name) {
                        return rendered
                    }
                    let account = try Account(storedPayload: entry.payload, name: entry.name)
                    return filter.matches(account, normalizedTag: tag) ? AccountListJSON.Element(account) : nil
                }, byteCount: { $0.byteCount }) { rendered in
                    for account in rendered {
                        let part = list.part(for: account)
                        if partBytes > 0, partBytes + part.count > pieceSize {
                            try emit(parts)
                            parts.removeAll(keepingCapacity: true)
                            partBytes = 0
                        }
                        parts.append(part)
                        partBytes += part.count
                    }
                }
            }
        }
        parts.append(list.finish()[...])
        try emit(parts)
    }
}
