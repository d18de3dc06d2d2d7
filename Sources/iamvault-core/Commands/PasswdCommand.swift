import Agent
import ArgumentParser
import Audit
import Foundation
import Sodium
import Vault

struct PasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Change the passphrase (rewraps the vault key; no record is resealed).",
        discussion: "With --passphrase-fd, the descriptor carries two lines: the current passphrase, then the new one.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var kdfOptions: KDFOptions

    func run() throws {
        let kdf = try kdfOptions.parameters()
        let session = Session(options: global)
        let vault = try session.unlockLocally(prompt: "Current passphrase: ")
        defer { vault.lock() }
        let new = try session.readNewPassphrase()
        try AuditLog().changePassphrase(of: vault, to: new, kdf: kdf, actor: .currentProcess(command: "iamvault"))
        FileHandle.standardError.write(Data("iamvault: passphrase changed; the recovery key still works\n".utf8))
    }
}
