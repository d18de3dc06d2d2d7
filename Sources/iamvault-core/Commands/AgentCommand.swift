import Agent
import ArgumentParser
import Audit
import Foundation
import Vault

/// The agent process itself (started by `unlock`; not for direct use).
struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "Run the agent (started by `iamvault unlock`).",
                                                    shouldDisplay: false)

    @Option var vault: String
    @Option var idleSeconds: Int

    func run() throws {
        do {
            let passphrase = try SecretInput.line(fromDescriptor: STDIN_FILENO)
            let locked = try Vault.open(at: vault)
            let log = AuditLog()
            let actor = AuditActor.currentProcess(command: "iamvault-agent")
            let unlocked = try AuditedUnlock.withPassphrase(locked, passphrase, actor: actor)
            let paths = AgentPaths(vaultPath: vault, environment: ProcessInfo.processInfo.environment)
            let server = AgentServer(paths: paths, vault: unlocked, vaultPath: vault, auditLog: log, idleTimeout: TimeInterval(idleSeconds))
            try server.bind()
            FileHandle.standardOutput.write(Data("ready\n".utf8))
            detach()
            try server.run()
        } catch {
            let reported = ReportedError.from(error)
            if let data = try? JSONEncoder().encode(reported) { FileHandle.standardOutput.write(data + Data("\n".utf8)) }
            throw ArgumentParser.ExitCode(reported.exitCode.rawValue)
        }
    }

    /// Leaves the terminal's session and closes the standard streams, so the agent outlives `unlock`.
    private func detach() {
        setsid()
        let null = open("/dev/null", O_RDWR)
        if null >= 0 {
            dup2(null, STDIN_FILENO)
            dup2(null, STDOUT_FILENO)
            dup2(null, STDERR_FILENO)
            if null > 2 { close(null) }
        }
    }
}
