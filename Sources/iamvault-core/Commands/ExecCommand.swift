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

    /// The command with the credential in its environment (not `--token-only`), for `run`; the front program serves the plain form itself (ClientCore.QuickForm).
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
