import Foundation
import IAMVaultTestSupport
import Testing
import Vault
@testable import Accounts

/// `VaultReading.forEachEntrySortedByName`, what `list` streams: the same entries in the same order as
/// `entries()`, whether payloads are kept from the first pass or opened again in the second.
@Suite("Entries sorted by name, in bounded batches")
struct SortedEntryBatchesTests {
    @Test(arguments: [(512, 8 << 20), (7, 0), (3, 2000), (1, 1)])
    func batchesGiveWhatEntriesGives(batchSize: Int, budget: Int) throws {
        let h = try Harness()
        for index in 0..<23 {
            try h.add(["zeta", "Alpha", "beta", "Éclair", "gamma"][index % 5] + "-\(22 - index)", secret: azureSecret(200 + index))
        }
        let expected = try h.vault.read { try $0.entries() }
        var seen: [VaultEntry] = []
        try h.vault.read { reader in
            try reader.forEachEntrySortedByName(batchSize: batchSize, retainedPayloadBytes: budget) { seen.append($0) }
        }
        #expect(seen == expected)
        #expect(try h.service.list().map(\.name) == expected.map(\.name))
        #expect(try h.service.list(AccountFilter(tag: "tier0")).count == 23)
        #expect(try h.service.list(AccountFilter(tag: "other")).isEmpty)
    }
}
