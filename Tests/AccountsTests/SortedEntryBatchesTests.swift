import Foundation
import IAMVaultTestSupport
import Synchronization
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

    /// The mapped form `list` uses: results in name order, an entry mapped to nil left out, every entry
    /// authenticated and transformed once when everything fits the budget and at most twice when it does not
    /// (those past the budget are opened again in the second pass), whatever the batch size.
    @Test(arguments: [(512, 8 << 20), (7, 0), (3, 40), (1, 1), (4, 100_000)])
    func mappedEntriesComeInNameOrderWithTheLeftOutSkipped(batchSize: Int, budget: Int) throws {
        let h = try Harness()
        for index in 0..<23 {
            try h.add(["zeta", "Alpha", "beta", "Éclair", "gamma"][index % 5] + "-\(22 - index)", secret: azureSecret(300 + index))
        }
        let expected = try h.vault.read { try $0.entries() }.map(\.name).filter { !$0.hasPrefix("beta") }
        let calls = Mutex([String: Int]())
        var seen: [String] = []
        try h.vault.read { reader in
            try reader.forEachMappedEntrySortedByName(batchSize: batchSize, retainedBytes: budget, transform: { entry -> String? in
                calls.withLock { $0[entry.name, default: 0] += 1 }
                return entry.name.hasPrefix("beta") ? nil : entry.name
            }, byteCount: { $0.utf8.count }) { names in
                #expect(names.count <= batchSize)
                seen += names
            }
        }
        #expect(seen == expected)
        let counts = calls.withLock { $0 }
        #expect(counts.count == 23)
        #expect(counts.values.allSatisfy { (1...2).contains($0) })
        if budget >= 100_000 { #expect(counts.values.allSatisfy { $0 == 1 }) }
        if budget == 0 { #expect(counts.values.allSatisfy { $0 == 1 }, "nothing is transformed in the first pass when nothing can be kept") }
    }

    /// An error from the transform stops the walk and comes out as it was thrown, before `body` saw anything
    /// past it.
    @Test func aTransformErrorStopsTheWalk() throws {
        struct Refused: Error {}
        let h = try Harness()
        for index in 0..<30 { try h.add("acct-\(index)", secret: azureSecret(400 + index)) }
        var delivered = 0
        #expect(throws: Refused.self) {
            try h.vault.read { reader in
                try reader.forEachMappedEntrySortedByName(batchSize: 4, transform: { entry -> Int? in
                    if entry.name == "acct-17" { throw Refused() }
                    return 1
                }, byteCount: { _ in 1 }) { delivered += $0.count }
            }
        }
        #expect(delivered == 0, "the error comes from the first pass, before any result is given")
    }
}
