import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

@Suite("Creating, unlocking and recovering a vault")
struct VaultLifecycleTests {
    @Test func unlockWithPassphraseAndRecoveryKey() throws {
        let folder = try TemporaryFolder()
        let (vault, path, recovery) = try makeVault(in: folder)
        let entry = try vault.write { try $0.createEntry(name: "prod", payload: Array("payload".utf8)) }
        try vault.write { try $0.addSecretVersion(to: entry.id, value: try secret("s3cr3t-value"), metadata: []) }
        vault.lock()
        #expect(throws: VaultError(.locked)) { _ = try vault.read { try $0.entries() } }

        let byPassphrase = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
        let value = try byPassphrase.read { try text($0.openSecret(of: entry.id, version: 1)) }
        #expect(value == "s3cr3t-value")

        let key = try RecoveryKey.parse(try secret(recovery))
        let byRecovery = try Vault.open(at: path).unlock(recoveryKey: key)
        #expect(try byRecovery.read { try $0.entry(named: "PROD")?.payload } == Array("payload".utf8))
    }

    @Test func wrongPassphraseAndWrongRecoveryKeyAreToldApart() throws {
        let folder = try TemporaryFolder()
        let (_, path, recovery) = try makeVault(in: folder)
        let locked = try Vault.open(at: path)
        #expect(throws: VaultError(.wrongPassphrase)) { _ = try locked.unlock(passphrase: try secret("not the passphrase")) }
        #expect(throws: VaultError(.passphraseRejected(reason: "it is empty"))) { _ = try locked.unlock(passphrase: try secret("")) }
        #expect(throws: VaultError(.passphraseRejected(reason: "it is longer than 1024 bytes"))) {
            _ = try locked.unlock(passphrase: try secret(String(repeating: "x", count: 5000)))
        }
        let other = text(try RecoveryKey.generate().formatted())
        #expect(other != recovery)
        #expect(throws: VaultError(.wrongRecoveryKey)) { _ = try locked.unlock(recoveryKey: try RecoveryKey.parse(try secret(other))) }
    }

    @Test func passphraseChangeKeepsEverySecretAndRecovery() throws {
        let folder = try TemporaryFolder()
        let (vault, path, recovery) = try makeVault(in: folder)
        let ids = try (0..<3).map { index in
            try vault.write { writer in
                let entry = try writer.createEntry(name: "acct-\(index)", payload: [])
                try writer.addSecretVersion(to: entry.id, value: try secret("value-\(index)"), metadata: [])
                return entry.id
            }
        }
        let before = try sealedValues(path)
        try vault.changePassphrase(to: try secret("a brand new passphrase"), kdf: .interactive)
        #expect(try sealedValues(path) == before, "a passphrase change must not reseal records")

        let locked = try Vault.open(at: path)
        #expect(throws: VaultError(.wrongPassphrase)) { _ = try locked.unlock(passphrase: try secret(testPassphrase)) }
        let reopened = try locked.unlock(passphrase: try secret("a brand new passphrase"))
        for (index, id) in ids.enumerated() {
            #expect(try reopened.read { try text($0.openSecret(of: id, version: 1)) } == "value-\(index)")
        }
        _ = try locked.unlock(recoveryKey: try RecoveryKey.parse(try secret(recovery)))
    }

    @Test func rekeyKeepsEverySecretAndChangesEveryCiphertext() throws {
        let folder = try TemporaryFolder()
        let (vault, path, oldRecovery) = try makeVault(in: folder)
        let ids = try (0..<3).map { index in
            try vault.write { writer in
                let entry = try writer.createEntry(name: "acct-\(index)", payload: Array("p\(index)".utf8))
                try writer.addSecretVersion(to: entry.id, value: try secret("first-\(index)"), metadata: [1])
                try writer.addSecretVersion(to: entry.id, value: try secret("second-\(index)"), metadata: [2])
                return entry.id
            }
        }
        let before = try allSealedColumns(path)
        let newRecovery = text(try vault.rekey(passphrase: try secret(testPassphrase), kdf: .interactive).formatted())
        let after = try allSealedColumns(path)
        #expect(before.count == after.count)
        #expect(Set(before).isDisjoint(with: Set(after)), "every sealed blob, index and fingerprint must change")

        for (index, id) in ids.enumerated() {
            #expect(try vault.read { try text($0.openSecret(of: id, version: 2)) } == "second-\(index)")
        }
        let locked = try Vault.open(at: path)
        let reopened = try locked.unlock(passphrase: try secret(testPassphrase))
        #expect(try reopened.read { try $0.entry(named: "acct-1")?.payload } == Array("p1".utf8))
        #expect(try reopened.read { try text($0.openSecret(of: ids[0], version: 1)) } == "first-0")
        #expect(try reopened.read { try $0.secretVersions(of: ids[2]).map(\.metadata) } == [[1], [2]])
        #expect(throws: VaultError(.wrongRecoveryKey)) { _ = try locked.unlock(recoveryKey: try RecoveryKey.parse(try secret(oldRecovery))) }
        _ = try locked.unlock(recoveryKey: try RecoveryKey.parse(try secret(newRecovery)))
    }

    @Test func rekeyRefusesAWrongPassphrase() throws {
        let folder = try TemporaryFolder()
        let (vault, _, _) = try makeVault(in: folder)
        #expect(throws: VaultError(.wrongPassphrase)) { _ = try vault.rekey(passphrase: try secret("wrong passphrase"), kdf: .interactive) }
    }

    @Test func aStaleKeyCannotWriteAfterAnotherProcessRekeyed() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        let other = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
        _ = try other.rekey(passphrase: try secret(testPassphrase), kdf: .interactive)
        #expect(throws: VaultError.self) { try vault.write { _ = try $0.createEntry(name: "x", payload: []) } }
        #expect(try other.read { try $0.entryCount() } == 0)
    }

    @Test func newPassphrasesAreChecked() throws {
        let folder = try TemporaryFolder()
        #expect(throws: VaultError(.passphraseRejected(reason: "it is shorter than 8 bytes"))) {
            _ = try Vault.create(at: folder.file("v.db"), passphrase: try secret("short"), kdf: .interactive)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.file("v.db")))
    }

    @Test func createNeverOverwritesAndFilesArePrivate() throws {
        let folder = try TemporaryFolder()
        let (_, path, _) = try makeVault(in: folder, name: "sub/dir/vault.db")
        #expect(throws: VaultError(.vaultAlreadyExists(path: path))) {
            _ = try Vault.create(at: path, passphrase: try secret(testPassphrase), kdf: .interactive)
        }
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.file("sub/dir"))[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(folderMode == 0o700)
    }

    @Test func defaultPathFollowsEnvironment() {
        #expect(Vault.defaultPath(environment: ["IAMVAULT_PATH": "/x/v.db", "HOME": "/h"]) == "/x/v.db")
        #expect(Vault.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/h"]) == "/data/iamvault/vault.db")
        #expect(Vault.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]) == "/h/.local/share/iamvault/vault.db")
        #expect(Vault.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/share/iamvault/vault.db")
    }
}

/// The sealed value column of every secret version, in a stable order.
func sealedValues(_ path: String) throws -> [[UInt8]] {
    try rawDatabase(path).read { db in
        try Data.fetchAll(db, sql: "SELECT sealed_value FROM secret_version ORDER BY entry_id, version").map { [UInt8]($0) }
    }
}

/// Every sealed or keyed column in the vault.
func allSealedColumns(_ path: String) throws -> [[UInt8]] {
    try rawDatabase(path).read { db in
        let queries = [
            "SELECT sealed_metadata FROM vault", "SELECT wrapped_key FROM key_slot",
            "SELECT name_index FROM entry", "SELECT sealed_metadata FROM entry",
            "SELECT fingerprint FROM secret_version", "SELECT sealed_value FROM secret_version",
            "SELECT sealed_metadata FROM secret_version",
        ]
        return try queries.flatMap { try Data.fetchAll(db, sql: $0).map { [UInt8]($0) } }
    }
}
