import Foundation
import IAMVaultTestSupport
import Testing
@testable import Vault

/// A new vault is built under a staging name and appears at its path only complete (`VaultFiles.publish`): a
/// killed `init` must never leave a file at the path that is not a vault, since `init` refuses to replace any
/// file there. `EndToEndTests/InitKillTests` kills the real binary; these check each step on its own.
@Suite("A new vault appears at its path only complete")
struct StagedCreationTests {
    /// The names in `folder` that start with `prefix`.
    func names(in folder: TemporaryFolder, startingWith prefix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(prefix) }.sorted()
    }

    @Test func creatingLeavesTheVaultAndNothingUnderAStagingName() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        _ = try vault.write { try $0.createEntry(name: "alpha", payload: Array("payload".utf8)) }
        #expect(try names(in: folder, startingWith: ".vault.db.init-").isEmpty)
        var status = stat()
        #expect(lstat(path, &status) == 0 && status.st_mode & 0o777 == 0o600 && status.st_nlink == 1)
        // Everything was checkpointed into the main file before it took its name: it opens on its own.
        _ = try Vault.open(at: path).unlock(passphrase: try secret(testPassphrase))
    }

    @Test func anAbandonedStagingFileIsRemovedAndDoesNotStandInTheWay() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vault.db")
        // What a killed `init` leaves: a staging file (and its journal) of a process that is gone, here a child
        // that has exited. A staging name of a live process (pid 1) is left alone.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = folder.file(".vault.db.init-\(child.processIdentifier)")
        let live = folder.file(".vault.db.init-1")
        for file in [dead, dead + "-journal", live] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("half".utf8), attributes: [.posixPermissions: 0o600]))
        }
        _ = try makeVault(in: folder)
        #expect(try names(in: folder, startingWith: ".vault.db.init-") == [".vault.db.init-1"])
        _ = try Vault.open(at: path)
    }

    @Test func anExistingFileIsNeverReplacedAndNoStagingFileStays() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vault.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("not mine to replace".utf8)))
        #expect(throws: VaultError(.vaultAlreadyExists(path: path))) {
            _ = try Vault.create(at: path, passphrase: try secret(testPassphrase), kdf: .interactive)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("not mine to replace".utf8))
        #expect(try names(in: folder, startingWith: ".vault.db.init-").isEmpty)
    }

    @Test func aFileThatAppearsWhileTheVaultIsBuiltWinsAndTheNewVaultIsDiscarded() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("vault.db")
        #expect(throws: VaultError(.vaultAlreadyExists(path: path))) {
            _ = try Vault.create(at: path, passphrase: try secret(testPassphrase), kdf: .interactive) { _ in
                // Another process creates the path after the check at the start (two `init`s at once).
                #expect(FileManager.default.createFile(atPath: path, contents: Data("the other one".utf8)))
            }
        }
        #expect(FileManager.default.contents(atPath: path) == Data("the other one".utf8))
        #expect(try names(in: folder, startingWith: ".vault.db.init-").isEmpty)
    }

    @Test func theStagingNameIsHiddenInTheSameFolderWithThisProcesssID() {
        #expect(VaultFiles.stagingPath(for: "/a/b/vault.db") == "/a/b/.vault.db.init-\(getpid())")
        #expect(VaultFiles.stagingPath(for: "vault.db") == ".vault.db.init-\(getpid())")
    }
}
