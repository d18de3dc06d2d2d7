import CHardening
import ClientCore
import Glibc
import Sodium

/// `iamvault`: serves the plain forms of `read`, `exec` and `list --json` through a running agent without loading Foundation
/// (a `read` then costs about a tenth of the full program's start, docs/performance.md), and hands every other
/// command, and any case it is not sure of, to `iamvault-core` before it has sent anything.
///
/// Guarantees: it hardens itself first, as the full program does (no crash report of memory, not dumpable, no
/// core); it trusts only a socket in this user's private folder whose peer has this user's uid; once a request
/// is sent it never hands over (the agent has audited the opening), and reports any failure itself with the
/// full program's messages and exit codes.
@main
enum FrontProgram {
    static func main() {
        guard iamvault_harden_process() == 0,
              let form = QuickForm.parse(CommandLine.arguments.dropFirst()) else { CoreProgram.replaceThisProcess() }
        switch form {
        case .read(let name, let field, let reveal, let version, let purpose, let allowExpired, let session):
            let toTerminal = isatty(STDOUT_FILENO) == 1
            // Refusing a terminal is the full program's message to give.
            guard !toTerminal || reveal, let connection = agentConnection(session) else { CoreProgram.replaceThisProcess() }
            let opening = OpenRequest(name: name, purpose: purpose, channel: toTerminal ? "terminal" : "pipe",
                                      version: version, allowExpired: allowExpired, field: field)
            do {
                try write(try opening.sendForField(on: connection), terminal: toTerminal)
            } catch {
                error.exit()
            }
            exit(0)
        case .exec(let name, let purpose, let allowExpired, let command, let session):
            guard let connection = agentConnection(session) else { CoreProgram.replaceThisProcess() }
            let opening = OpenRequest(name: name, purpose: purpose, channel: "exec", version: nil, allowExpired: allowExpired)
            do {
                let credential = try opening.send(on: connection)
                let pid = try ChildProcess.spawn(command, credential: (credential[0], credential[1], credential[2]))
                exit(ChildProcess.wait(pid))
            } catch {
                error.exit()
            }
        case .listJSON(let tag, let session):
            guard let connection = agentConnection(session) else { CoreProgram.replaceThisProcess() }
            do {
                let output = try ListReception.list(tag: tag, enabled: nil, on: connection)
                try write(output)
                // The process ends here: unmapping the list first only cost time (a tenth of the command for
                // a list of 10,000). The output is account metadata, not a secret.
                withExtendedLifetime(output) { exit(0) }
            } catch {
                error.exit()
            }
        }
    }

    /// A connection to this vault's agent, or nil when the full program should take over: a one-shot
    /// `--passphrase-fd`, no agent, a folder or peer that is not this user's (the full program refuses loudly).
    static func agentConnection(_ session: QuickForm.Session) -> UnixConnection? {
        guard session.passphraseFD == nil else { return nil }
        // Only the variables that place the vault and the socket (parsing all of environ cost a fifth of a read).
        var environment: [String: String] = [:]
        for name in ["IAMVAULT_PATH", "XDG_DATA_HOME", "HOME", "XDG_RUNTIME_DIR"] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        guard let vaultPath = session.vaultPath ?? VaultLocation.defaultPath(environment: environment) else { return nil }
        let paths = AgentPaths(vaultPath: vaultPath, environment: environment)
        guard paths.folderState == .private,
              let connection = try? UnixConnection.connect(to: paths.socket),
              let peer = try? connection.peer(), peer.uid == geteuid() else { return nil }
        return connection
    }

    /// Writes the chosen part straight from guarded memory; a newline only on a terminal.
    static func write(_ part: OwnedSecret, terminal: Bool) throws(ClientProblem) {
        try part.bytes.withUnsafeBytes { bytes throws(ClientProblem) in try writeAll(bytes) }
        if terminal { _ = Glibc.write(STDOUT_FILENO, "\n", 1) }
    }

    /// Writes the list to standard output, all of it or an error.
    static func write(_ output: ReceivedList) throws(ClientProblem) {
        try output.withBytes { bytes throws(ClientProblem) in try writeAll(bytes) }
    }

    /// Writes every byte to standard output (again after EINTR and short writes).
    static func writeAll(_ bytes: UnsafeRawBufferPointer) throws(ClientProblem) {
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0, errno == EINTR { continue }
            if count < 0 { throw ClientProblem(exitCode: 7, message: "cannot write the output: \(ClientProblem.describe(errno))") }
            offset += count
        }
    }
}
