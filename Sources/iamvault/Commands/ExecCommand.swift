import Agent
import ArgumentParser
import Audit
import Azure
import CHardening
import Foundation
import Sodium

struct ExecCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a command with AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET set.",
        discussion: """
            The variables are the ones Azure SDKs' EnvironmentCredential reads. The credential is wiped from this \
            process as soon as the child has started; the child's exit status is passed through (128+N for a signal).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Option(help: "Why the credential is needed (recorded in the audit log).") var purpose: String = "exec"
    @Flag(name: .customLong("allow-expired"), help: "Run even if the secret has expired.") var allowExpired = false
    @Flag(name: .customLong("token-only"), help: ArgumentHelp(
        "Give the child a token broker (IDENTITY_ENDPOINT, IDENTITY_HEADER) instead of the secret.",
        discussion: "Azure SDKs' ManagedIdentityCredential and DefaultAzureCredential get tokens from it; see docs/azure-setup.md."))
    var tokenOnly = false
    @OptionGroup var azure: CloudOptions
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("give the command to run after --, e.g. iamvault exec NAME -- az login ...") }
        if azure.cloud != nil, !tokenOnly { throw ValidationError("--cloud applies only with --token-only") }
    }

    func run() throws {
        if tokenOnly { return try runWithBroker() }
        try Self.exec(name, purpose: purpose, allowExpired: allowExpired, command: command, session: Session(options: global))
    }

    /// The command with the credential in its environment (not `--token-only`), for `run` and `QuickCommand`.
    static func exec(_ name: String, purpose: String, allowExpired: Bool, command: [String], session: Session) throws {
        let request = OpenRequest(name: name, purpose: purpose, channel: "exec", version: nil, allowExpired: allowExpired)
        let (_, material) = try session.perform(.open(request))
        guard material.count == 3 else { throw ReportedError(exitCode: .operationFailed, message: "the agent sent no credential") }
        let pid = try ChildProcess.spawn(command, credential: (material[0], material[1], material[2]))
        throw ArgumentParser.ExitCode(ChildProcess.wait(pid))
    }
}

extension ExecCommand {
    /// `--token-only`: the broker runs where the key is — in the agent between `brokerStart` and `brokerStop`,
    /// else in this process with the vault unlocked for the child's lifetime. The child never sees the secret
    /// (nor AZURE_CLIENT_SECRET or AZURE_CLIENT_ID); this process only waits on it, on its main thread, which
    /// is not one of the pool threads the broker issues tokens on.
    func runWithBroker() throws {
        let session = Session(options: global)
        let start = AgentRequest.brokerStart(AzureRequest(name: name, target: azure.target))
        let status: Int32
        if let (reply, material) = try session.client.send(start) {
            let broker = try Self.broker(reply, material)
            defer { _ = try? session.client.send(.brokerStop(id: broker.id)) }
            status = try runChild(broker, header: material[0])
        } else {
            let vault = try session.unlockLocally()
            defer { vault.lock() }
            let handler = RequestHandler(vault: vault, vaultPath: session.vaultPath, auditLog: AuditLog())
            let actor = AuditActor.currentProcess(command: "iamvault")
            let (reply, material) = try handler.handle(start, secrets: [], actor: actor)
            let broker = try Self.broker(reply, material)
            defer { handler.stopBrokers() }
            status = try runChild(broker, header: material[0])
        }
        throw ArgumentParser.ExitCode(status)
    }

    static func broker(_ reply: AgentReply, _ material: [OwnedSecret]) throws -> BrokerInfo {
        guard let broker = reply.broker, material.count == 1 else {
            throw ReportedError(exitCode: .operationFailed, message: "the token broker did not start")
        }
        return broker
    }

    func runChild(_ broker: BrokerInfo, header: OwnedSecret) throws -> Int32 {
        var environment = ProcessInfo.processInfo.environment
        for variable in TokenBroker.conflictingVariables { environment.removeValue(forKey: variable) }
        environment["IDENTITY_ENDPOINT"] = broker.endpoint
        environment["IDENTITY_HEADER"] = header.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let pid = try ChildProcess.spawn(command, environment: environment)
        return ChildProcess.wait(pid)
    }
}

/// Starts a child with the credential in its environment, built in guarded memory (never a Swift `String`).
enum ChildProcess {
    static let variables = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]

    static func spawn(_ command: [String], credential: (OwnedSecret, OwnedSecret, OwnedSecret)) throws -> pid_t {
        let values = [credential.0, credential.1, credential.2]
        let names = variables.map { Array($0.utf8) + [UInt8(ascii: "=")] }
        let total = zip(names, values).reduce(0) { $0 + $1.0.count + $1.1.bytes.count + 1 }
        let block = try SecretBytes(count: total) { out in
            var offset = 0
            for (name, value) in zip(names, values) {
                for byte in name { out[offset] = byte; offset += 1 }
                value.bytes.withUnsafeBytes { bytes in for byte in bytes { out[offset] = byte; offset += 1 } }
                out[offset] = 0
                offset += 1
            }
        }
        let inherited = ProcessInfo.processInfo.environment.filter { !variables.contains($0.key) }.map { strdup("\($0.key)=\($0.value)") }
        var arguments = command.map { strdup($0) }
        defer {
            inherited.forEach { free($0) }
            arguments.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result: Int32 = block.withUnsafeBytes { guarded in
            var environment = inherited
            var offset = 0
            for (name, value) in zip(names, values) {
                environment.append(UnsafeMutablePointer(mutating: guarded.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)))
                offset += name.count + value.bytes.count + 1
            }
            environment.append(nil)
            arguments.append(nil)
            defer { arguments.removeLast() }
            return spawnWithDefaultSignals(&pid, command[0], arguments, environment)
        }
        guard result == 0 else {
            throw ReportedError(exitCode: .usage, message: "cannot run \(command[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Starts a child with exactly `environment` (no credential of ours in it).
    static func spawn(_ command: [String], environment: [String: String]) throws -> pid_t {
        var variables = environment.map { strdup("\($0.key)=\($0.value)") }
        var arguments = command.map { strdup($0) }
        defer {
            variables.forEach { free($0) }
            arguments.forEach { free($0) }
        }
        variables.append(nil)
        arguments.append(nil)
        var pid: pid_t = 0
        let result = spawnWithDefaultSignals(&pid, command[0], arguments, variables)
        variables.removeLast()
        arguments.removeLast()
        guard result == 0 else {
            throw ReportedError(exitCode: .usage, message: "cannot run \(command[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// posix_spawnp with every signal at its default action and none blocked in the child: what this process
    /// ignores (SIGXFSZ always, SIGINT while it waits) is not the child's business.
    private static func spawnWithDefaultSignals(
        _ pid: inout pid_t, _ file: String, _ arguments: [UnsafeMutablePointer<CChar>?], _ environment: [UnsafeMutablePointer<CChar>?]
    ) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let configured = iamvault_spawnattr_child_defaults(&attributes)
        guard configured == 0 else { return configured }
        return posix_spawnp(&pid, file, nil, &attributes, arguments, environment)
    }

    /// Waits for the child; returns its exit code, or 128 + the signal that ended it.
    static func wait(_ pid: pid_t) -> Int32 {
        signal(SIGINT, SIG_IGN)  // the terminal's Ctrl-C reaches the child; we wait for its outcome
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return ExitStatus.operationFailed.rawValue }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
