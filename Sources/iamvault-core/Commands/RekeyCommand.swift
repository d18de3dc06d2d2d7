import Agent
import ArgumentParser
import Audit
import Foundation
import Sodium
import Vault

struct RekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey", abstract: "Make a new vault key, reseal every record, and show a new recovery key once.",
        discussion: "A running agent is locked first: its key would no longer open the vault.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var kdfOptions: KDFOptions

    func run() throws {
        let kdf = try kdfOptions.parameters()
        let session = Session(options: global)
        if try session.client.send(.lock) != nil {
            FileHandle.standardError.write(Data("iamvault: locked the running agent\n".utf8))
        }
        let locked = try Vault.open(at: session.vaultPath)
        let passphrase = try session.readPassphrase()
        let vault = try AuditedUnlock.withPassphrase(locked, passphrase, actor: .currentProcess(command: "iamvault"))
        defer { vault.lock() }
        let log = AuditLog()
        let recovery = try log.rekey(vault, passphrase: passphrase, kdf: kdf, actor: .currentProcess(command: "iamvault"))
        FileHandle.standardError.write(Data("""
            Rekeyed: every record is sealed under a new vault key. The OLD recovery key no longer works.
            New recovery key, shown ONCE; keep it offline:

            """.utf8))
        try SecretInput.write(try recovery.formatted(), to: STDOUT_FILENO)
        print("")
    }
}
