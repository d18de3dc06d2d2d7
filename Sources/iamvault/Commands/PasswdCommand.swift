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
    @Option(name: .customLong("kdf-memory"), help: ArgumentHelp("Argon2id memory in MiB for the new slot.", valueName: "MiB"))
    var kdfMemory: UInt64 = 256
    @Option(name: .customLong("kdf-ops"), help: ArgumentHelp("Argon2id passes for the new slot.", valueName: "n"))
    var kdfOps: UInt64 = 3

    func run() throws {
        let kdf = try KDFParameters(opsLimit: kdfOps, memLimitBytes: kdfMemory << 20)
        let session = Session(options: global)
        let vault = try session.unlockLocally(prompt: "Current passphrase: ")
        defer { vault.lock() }
        let new = try session.readNewPassphrase()
        try AuditLog().changePassphrase(of: vault, to: new, kdf: kdf, actor: .currentProcess(command: "iamvault"))
        FileHandle.standardError.write(Data("iamvault: passphrase changed; the recovery key still works\n".utf8))
    }
}

struct RekeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey", abstract: "Make a new vault key, reseal every record, and show a new recovery key once.",
        discussion: "A running agent is locked first: its key would no longer open the vault.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("kdf-memory"), help: ArgumentHelp("Argon2id memory in MiB.", valueName: "MiB")) var kdfMemory: UInt64 = 256
    @Option(name: .customLong("kdf-ops"), help: ArgumentHelp("Argon2id passes.", valueName: "n")) var kdfOps: UInt64 = 3

    func run() throws {
        let kdf = try KDFParameters(opsLimit: kdfOps, memLimitBytes: kdfMemory << 20)
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

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover", abstract: "Set a new passphrase using the recovery key.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("recovery-key-fd"), help: ArgumentHelp("Read the recovery key from this descriptor.", valueName: "n"))
    var recoveryKeyFD: Int32?
    @Option(name: .customLong("kdf-memory"), help: ArgumentHelp("Argon2id memory in MiB.", valueName: "MiB")) var kdfMemory: UInt64 = 256
    @Option(name: .customLong("kdf-ops"), help: ArgumentHelp("Argon2id passes.", valueName: "n")) var kdfOps: UInt64 = 3

    func run() throws {
        let kdf = try KDFParameters(opsLimit: kdfOps, memLimitBytes: kdfMemory << 20)
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
