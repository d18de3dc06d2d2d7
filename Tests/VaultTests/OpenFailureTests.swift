import Foundation
import IAMVaultTestSupport
import GRDB
import Testing
@testable import Vault

@Suite("Files that are not vaults each get their own message")
struct OpenFailureTests {
    @Test func missingFile() throws {
        let folder = try TemporaryFolder()
        #expect(throws: VaultError(.vaultNotFound(path: folder.file("none.db")))) { _ = try Vault.open(at: folder.file("none.db")) }
    }

    @Test func aFileThatIsNotSQLite() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("notes.txt")
        _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x41, count: 4096), attributes: [.posixPermissions: 0o600])
        #expect(throws: VaultError(.notAVault(path: path, reason: "it is not an SQLite database"))) { _ = try Vault.open(at: path) }
    }

    @Test func anSQLiteDatabaseOfAnotherApplication() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("other.db")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        chmod(path, 0o600)
        #expect(throws: VaultError(.notAVault(path: path, reason: "it is an SQLite database of another application"))) {
            _ = try Vault.open(at: path)
        }
    }

    @Test func aNewerFormatVersion() throws {
        let folder = try TemporaryFolder()
        let (_, path, _) = try makeVault(in: folder)
        try rawDatabase(path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 2") }
        #expect(throws: VaultError(.unsupportedFormatVersion(found: 2, supported: 1))) { _ = try Vault.open(at: path) }
    }

    /// Opening goes through a GRDB pool, which writes to a WAL database; a file that is refused must be
    /// refused before that, byte for byte untouched.
    @Test func refusedFilesAreNotWrittenTo() throws {
        let folder = try TemporaryFolder()
        let (_, path, _) = try makeVault(in: folder)
        try rawDatabase(path).writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 2") }
        let other = folder.file("other.db")
        try DatabaseQueue(path: other).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        chmod(other, 0o600)
        for file in [path, other] {
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(throws: VaultError.self) { _ = try Vault.open(at: file) }
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "\(file) was written")
            #expect(!FileManager.default.fileExists(atPath: file + "-wal"))
        }
    }

    @Test func aTruncatedVault() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        try vault.write { writer in
            for index in 0..<50 { try writer.createEntry(name: "entry-\(index)", payload: [UInt8](repeating: 1, count: 500)) }
        }
        try vault.storage.compact()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        var caught: VaultError?
        do {
            let reopened = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
            _ = try reopened.read { try $0.entries() }
        } catch let error as VaultError { caught = error }
        #expect(caught != nil, "a truncated vault must fail with a vault error, not open or trap")
    }

    @Test func aFileOthersCanRead() throws {
        let folder = try TemporaryFolder()
        let (_, path, _) = try makeVault(in: folder)
        chmod(path, 0o644)
        #expect(throws: VaultError(.insecurePermissions(path: path, mode: 0o100644))) { _ = try Vault.open(at: path) }
    }

    @Test func aSymlinkIsNotFollowed() throws {
        let folder = try TemporaryFolder()
        let (_, path, _) = try makeVault(in: folder)
        let link = folder.file("link.db")
        symlink(path, link)
        #expect(throws: VaultError(.notAVault(path: link, reason: "it is not a regular file"))) { _ = try Vault.open(at: link) }
    }

    @Test func kdfRequestsBelowTheFloorAreRefusedWithTheReason() {
        #expect(throws: VaultError(.kdfParametersRejected(reason: "1 passes is below the minimum of 2"))) {
            _ = try KDFParameters(opsLimit: 1, memLimitBytes: 64 << 20)
        }
        #expect(throws: VaultError(.kdfParametersRejected(reason: "32 MiB is below the minimum of 64 MiB"))) {
            _ = try KDFParameters(opsLimit: 3, memLimitBytes: 32 << 20)
        }
        #expect(throws: VaultError(.kdfParametersRejected(reason: "8192 MiB is above the maximum of 4096 MiB"))) {
            _ = try KDFParameters(opsLimit: 3, memLimitBytes: 8 << 30)
        }
        #expect(KDFParameters.moderate.opsLimit == 3 && KDFParameters.moderate.memLimitBytes == 256 << 20)
    }
}
