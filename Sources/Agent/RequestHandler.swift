import Accounts
import Azure
public import Audit
public import Foundation
public import Sodium
import Synchronization
public import Vault

/// Executes requests against an unlocked vault: in the agent for its clients, or in-process for a one-shot
/// command. Both paths run this same code, so a command behaves the same with and without an agent.
///
/// Every request acts as the given `actor` (for the agent: the peer process, as SO_PEERCRED reports it), so
/// the audit log names who asked.
public final class RequestHandler: Sendable {
    public let vault: UnlockedVault
    public let vaultPath: String
    public let auditLog: AuditLog
    let time: any TimeSource
    /// When the agent will lock itself (nil in-process).
    let lockDeadline: @Sendable () -> Date?
    /// Token brokers of `exec --token-only`, running between `brokerStart` and `brokerStop` (or the lock).
    private let brokers = Mutex<[String: TokenBroker]>([:])

    public init(vault: UnlockedVault, vaultPath: String, auditLog: AuditLog, time: any TimeSource = SystemTime(),
                lockDeadline: @escaping @Sendable () -> Date? = { nil }) {
        self.vault = vault
        self.vaultPath = vaultPath
        self.auditLog = auditLog
        self.time = time
        self.lockDeadline = lockDeadline
    }

    public func handle(_ request: AgentRequest, secrets: [OwnedSecret], actor: AuditActor) throws -> (AgentReply, [OwnedSecret]) {
        let service = AccountService(vault: vault, audit: auditLog, time: time, actor: actor)
        var reply = AgentReply()
        switch request {
        case .status:
            let left = lockDeadline().map { max(0, Int($0.timeIntervalSince(time.now()).rounded(.up))) }
            reply.status = StatusReport(unlocked: true, vaultPath: vaultPath, secondsLeft: left,
                                        accountCount: try vault.read { try $0.entryCount() }, agentPID: getpid(),
                                        agentDumpable: ProcessHardening.isDumpable)
        case .lock:
            reply.notice = "locked"
        case .listJSON:
            // Streamed: the agent serves it with `ListStream.serve`, in-process callers with `listJSON`.
            throw ReportedError(exitCode: .usage, message: "a streamed list reached the one-reply handler")
        case .show(let name):
            reply.details = try service.show(name)
        case .add(let add):
            let secret = try Self.secret(secrets)
            var draft = AccountDraft(
                name: add.name, enabled: add.enabled, description: add.description, tags: add.tags, tenantID: add.tenantID,
                clientID: add.clientID, permissions: add.permissions, azureKeyID: add.keyID)
            if let expires = add.expires { draft.lifetime = try SecretLifetime.parse(expires) }
            reply.details = try service.add(draft, secret: try secret.bytes.duplicate(),
                                            allowSecretThatLooksLikeID: add.allowSecretThatLooksLikeID)
        case .edit(let name, let change):
            let edit = AccountEdit(
                rename: change.rename, description: change.clearDescription ? .some(nil) : change.description.map { .some($0) },
                addTags: change.addTags, removeTags: change.removeTags, enabled: change.enabled, permissions: change.permissions,
                tenantID: change.tenantID, clientID: change.clientID)
            reply.accounts = [try service.edit(name, edit)]
        case .remove(let name):
            try service.remove(name)
            reply.notice = "removed \(name)"
        case .rotate(let rotate):
            let secret = try Self.secret(secrets)
            let lifetime = try rotate.expires.map(SecretLifetime.parse) ?? .recommended
            _ = try service.rotate(rotate.name, secret: try secret.bytes.duplicate(), lifetime: lifetime, azureKeyID: rotate.keyID,
                                   allowSecretThatLooksLikeID: rotate.allowSecretThatLooksLikeID)
            reply.details = try service.show(rotate.name)
        case .open(let open):
            // `read` asks for one part: the others are not opened, and the audit entry names the one released.
            let handle = try service.openHandle(
                open.name, purpose: open.purpose, channel: open.channel, version: open.version, allowExpired: open.allowExpired,
                parts: open.field.map { [Self.part($0)] } ?? CredentialPart.allCases)
            reply.opened = OpenedHandle(account: handle.account, version: handle.version, purpose: handle.purpose, expiresAt: handle.expiresAt)
            // The handle's own buffers go to the socket: no second copy of the secret in the agent.
            return (reply, try handle.handOver().parts)
        case .expiring(let seconds):
            reply.expiring = try service.expiring(within: seconds)
        case .auditList(let query):
            reply.auditLines = try AuditCommands.list(auditLog, vault: vault, account: query.account, since: query.since)
        case .auditVerify(let anchor):
            (reply.auditEntryCount, reply.auditFinding) = try AuditCommands.verify(
                auditLog, vault: vault, actor: actor, anchor: try anchor.map(AuditCommands.anchor))
            reply.auditHead = try auditLog.head(of: vault)?.description
        case .auditExport:
            reply.auditLines = try AuditCommands.export(auditLog, vault: vault, actor: actor)
        case .verify(let request):
            let azure = try Self.azure(service, request.target)
            reply.verification = try AsyncBridge.wait { try await azure.verify(request.name) }
        case .rotateViaGraph(let request):
            let azure = try Self.azure(service, request.target)
            let lifetime = try request.expires.map(SecretLifetime.parse) ?? .recommended
            let options = GraphRotationOptions(lifetime: lifetime, gracePeriod: request.graceSeconds)
            reply.graphRotation = try AsyncBridge.wait { try await azure.rotateViaGraph(request.name, options: options) }
        case .reconcile(let request):
            let azure = try Self.azure(service, request.target)
            reply.reconciliation = try AsyncBridge.wait { try await azure.reconcile(request.name) }
        case .expiringFromAzure(let request):
            let azure = try Self.azure(service, request.target)
            let seconds = request.withinSeconds
            reply.azureExpiry = try AsyncBridge.wait { try await azure.expiringFromAzure(within: seconds) }
        case .brokerStart(let request):
            // The broker serves on its own threads and issues tokens on the concurrency pool; nothing here waits
            // for it, so the agent keeps serving other requests while a child uses it.
            let broker = try Self.azure(service, request.target).startTokenBroker(for: request.name)
            let id = UUID().uuidString.lowercased()
            brokers.withLock { $0[id] = broker }
            reply.broker = BrokerInfo(id: id, endpoint: broker.endpoint.absoluteString)
            return (reply, [try OwnedSecret(copying: broker.identityHeader)])
        case .brokerStop(let id):
            let broker = brokers.withLock { $0.removeValue(forKey: id) }
            broker?.stop()
            reply.notice = broker == nil ? "no such broker" : "stopped"
        }
        return (reply, [])
    }

    /// The output of `list --json` for the accounts matching `filter`, in chunks given to `emit` (each the parts
    /// of at most `ListStream.chunkSize` bytes, sent as they are), rendered one account at a time inside one
    /// read transaction: the same code serves the agent's stream and a command without an agent.
    public func listJSON(tag: String?, enabled: Bool?, actor: AuditActor, emit: ([ArraySlice<UInt8>]) throws -> Void) throws {
        let service = AccountService(vault: vault, audit: auditLog, time: time, actor: actor)
        var rendered = 0
        defer { if rendered > MemoryRelease.largeRequestBytes { MemoryRelease.trim() } }
        try ListStream.render(service, AccountFilter(tag: tag, enabled: enabled)) { chunk in
            rendered += chunk.reduce(0) { $0 + $1.count }
            try emit(chunk)
        }
    }

    /// Stops every token broker (the agent calls this when it locks: the key is gone, so are the tokens).
    public func stopBrokers() {
        let all = brokers.withLock { current in
            defer { current.removeAll() }
            return Array(current.values)
        }
        all.forEach { $0.stop() }
    }

    /// The account service's name for the part a request's `field` names.
    private static func part(_ field: CredentialField) -> CredentialPart {
        switch field {
        case .tenant: return .tenantID
        case .clientID: return .clientID
        case .secret: return .secret
        }
    }

    /// The Azure service for the request's cloud and the client's endpoint overrides.
    private static func azure(_ service: AccountService, _ target: AzureTarget) throws -> AzureService {
        let cloud = try target.cloud.map { name throws(AzureError) in try AzureCloud.named(name) }
        return try AzureService(accounts: service, cloud: cloud, environment: target.environment)
    }

    private static func secret(_ secrets: [OwnedSecret]) throws -> OwnedSecret {
        guard let first = secrets.first else {
            throw ReportedError(exitCode: .usage, message: "the request carries no secret value")
        }
        return first
    }
}
