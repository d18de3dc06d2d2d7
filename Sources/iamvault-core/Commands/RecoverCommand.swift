import Agent
import ArgumentParser
import Audit
import Foundation
import Sodium
import Vault

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Set a new passphrase using the recovery key.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("recovery-key-fd"), help: ArgumentHelp("Read the recovery key from this descriptor.", valueName: "n"))
    var recoveryKeyFD: Int32?
    @OptionGroup var kdfOptions: KDFOptions

    func run() throws {
        let kdf = try kdfOptions.parameters()
        let session = Session(options: global)
        let locked = try Vault.open(at: session.vaultPath)
        let typed: SecretBytes
        if let fd = recoveryKeyFD {
            typed = try SecretInput.line(fromDescriptor: fd, maximum: 256)
        } else if let terminal = Terminal.open() {
            typed = try terminal.readSecret(prompt: "Recovery key: ")
        } else {
            throw ReportedError(exitCode: .usage, message: "no terminal to ask for the recovery key", hint: "pass --recovery-key-fd N")
        }
        let key = try RecoveryKey.parse(typed)
        let actor = AuditActor.currentProcess(command: "iamvault")
        let vault = try AuditedUnlock.withRecoveryKey(locked, key, actor: actor)
        defer { vault.lock() }
        let log = AuditLog()
        let new = try session.readNewPassphrase()
        try log.changePassphrase(of: vault, to: new, kdf: kdf, actor: actor)
        FileHandle.standardError.write(Data("iamvault: new passphrase set\n".utf8))
    }
}
