import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

@Suite("Concurrent writers")
struct ConcurrencyTests {
    /// Two independent openings of one file (as two processes would have) writing at once lose nothing.
    @Test func twoOpeningsWritingAtOnceLoseNothing() async throws {
        let folder = try TemporaryFolder()
        let (first, path, _) = try makeVault(in: folder)
        let second = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (label, vault) in [("a", first), ("b", second)] {
                for worker in 0..<3 {
                    group.addTask {
                        for index in 0..<15 {
                            try vault.write { writer in
                                let entry = try writer.createEntry(name: "\(label)-\(worker)-\(index)", payload: [])
                                try writer.addSecretVersion(to: entry.id, value: try secret("v-\(label)-\(worker)-\(index)"), metadata: [])
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let reopened = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
        let entries = try reopened.read { try $0.entries() }
        #expect(entries.count == 90)
        for entry in entries.prefix(5) {
            #expect(try reopened.read { try text($0.openSecret(of: entry.id, version: 1)) } == "v-" + entry.name)
        }
    }
}
