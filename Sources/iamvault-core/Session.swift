import Agent
import Audit
import Foundation
import Sodium
import Vault

/// How a command reaches the vault: through the running agent, or by unlocking it in this process for the
/// duration of the command (asking for the passphrase on the terminal or reading `--passphrase-fd`).
struct Session {
    let vaultPath: String
    /// `--passphrase-fd`, if given.
    let passphraseFD: Int32?
    let environment = ProcessInfo.processInfo.environment

    init(options: GlobalOptions) {
        self.init(vaultPath: options.vaultPath, passphraseFD: options.passphraseFD)
    }

    init(vaultPath: String, passphraseFD: Int32?) {
        self.vaultPath = vaultPath
        self.passphraseFD = passphraseFD
    }

    var paths: AgentPaths { AgentPaths(vaultPath: vaultPath, environment: environment) }
    var client: AgentClient { AgentClient(paths: paths) }

    /// Performs `request` through the agent if one runs, else in-process after unlocking.
    func perform(_ request: AgentRequest, secrets: [OwnedSecret] = []) throws -> (AgentReply, [OwnedSecret]) {
        if let result = try client.send(request, secrets: secrets) { return result }
        let vault = try unlockLocally()
        defer { vault.lock() }
        let handler = RequestHandler(vault: vault, vaultPath: vaultPath, auditLog: AuditLog())
        return try handler.handle(request, secrets: secrets, actor: .currentProcess(command: "iamvault"))
    }

    /// The output of `list --json`: streamed by the agent if one runs, else rendered in-process by the same
    /// code (`RequestHandler.listJSON`). Returned whole, so that nothing is printed unless all of it arrived.
    func listJSON(tag: String?, enabled: Bool?) throws -> [UInt8] {
        if let output = try client.streamList(tag: tag, enabled: enabled) { return output }
        let vault = try unlockLocally()
        defer { vault.lock() }
        let handler = RequestHandler(vault: vault, vaultPath: vaultPath, auditLog: AuditLog())
        var output: [UInt8] = []
        try handler.listJSON(tag: tag, enabled: enabled, actor: .currentProcess(command: "iamvault")) { parts in
            for part in parts { output += part }
        }
        return output
    }

    /// Unlocks with the passphrase; records the unlock, or the failure (unauthenticated, folded in later).
    func unlockLocally(prompt: String = "Passphrase: ") throws -> UnlockedVault {
        let locked = try Vault.open(at: vaultPath)
        let passphrase = try readPassphrase(prompt: prompt)
        let actor = AuditActor.currentProcess(command: "iamvault")
        return try AuditedUnlock.withPassphrase(locked, passphrase, actor: actor)
    }

    /// The passphrase from `--passphrase-fd`, else the terminal; with neither, the vault stays locked.
    func readPassphrase(prompt: String = "Passphrase: ") throws -> SecretBytes {
        if let fd = passphraseFD { return try SecretInput.line(fromDescriptor: fd) }
        guard let terminal = Terminal.open() else {
            throw ReportedError(exitCode: .locked, message: "the vault is locked and there is no terminal to ask for the passphrase",
                                hint: "run `iamvault unlock` first, or pass --passphrase-fd N")
        }
        return try terminal.readSecret(prompt: prompt)
    }

    /// A new passphrase: asked twice on a terminal, or one line from `--passphrase-fd` (`fdLine` selects
    /// which line when the same descriptor also carried the current passphrase).
    func readNewPassphrase(label: String = "New passphrase") throws -> SecretBytes {
        if let fd = passphraseFD { return try SecretInput.line(fromDescriptor: fd) }
        guard let terminal = Terminal.open() else {
            throw ReportedError(exitCode: .usage, message: "no terminal to ask for the passphrase", hint: "pass --passphrase-fd N")
        }
        let first = try terminal.readSecret(prompt: "\(label): ")
        let second = try terminal.readSecret(prompt: "\(label), again: ")
        guard first.constantTimeEquals(second) else {
            throw ReportedError(exitCode: .usage, message: "the two passphrases differ", hint: "try again")
        }
        return first
    }
}
