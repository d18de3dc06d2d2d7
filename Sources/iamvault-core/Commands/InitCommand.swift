import Agent
import ArgumentParser
import Audit
import Foundation
import Sodium
import Vault

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a vault and show its recovery key once.",
        discussion: "The passphrase is asked twice without echo (or read from --passphrase-fd). The recovery key is printed once: store it offline.")

    @OptionGroup var global: GlobalOptions

    @OptionGroup var kdfOptions: KDFOptions

    func run() throws {
        let kdf = try kdfOptions.parameters()
        let session = Session(options: global)
        let passphrase = try session.readNewPassphrase(label: "New vault passphrase")
        try PassphrasePolicy.validateNew(passphrase)
        let created = try AuditLog().createVault(at: session.vaultPath, passphrase: passphrase, kdf: kdf,
                                                 actor: .currentProcess(command: "iamvault"))
        created.vault.lock()
        let formatted = try created.recoveryKey.formatted()
        FileHandle.standardError.write(Data("""
            Created the vault at \(session.vaultPath) (\(kdf)).

            Recovery key: it unlocks the vault if the passphrase is lost. It is shown ONCE and is not stored
            anywhere; write it down and keep it offline, away from this machine.

            """.utf8))
        try SecretInput.write(formatted, to: STDOUT_FILENO)
        print("")
    }
}
