public import Accounts
public import Azure
public import Foundation

/// What the handler answers; only the fields of the request's kind are set. Never holds a secret.
public struct AgentReply: Codable, Sendable {
    public var status: StatusReport?
    public var accounts: [Account]?
    public var details: AccountDetails?
    public var expiring: [ExpiringSecret]?
    public var opened: OpenedHandle?
    /// Audit entries as JSON Lines (list, export).
    public var auditLines: [String]?
    /// Audit verification: nil when intact, else the first bad sequence number and the problem.
    public var auditFinding: AuditFinding?
    public var auditEntryCount: Int?
    /// The head after verification (`"<seq>:<mac hex>"`): keep it elsewhere and pass it back as an anchor.
    public var auditHead: String?
    public var notice: String?
    public var verification: VerificationReport?
    public var graphRotation: GraphRotationReport?
    public var reconciliation: ReconcileReport?
    public var azureExpiry: AzureExpiryReport?
    public var broker: BrokerInfo?

    public init() {}

    /// `opened` when it is the only field set (the answer to `open`, which `OpenedAnswerJSON` writes by hand),
    /// else nil. `OpenedAnswerJSONTests` counts this type's fields, so a new one cannot be left out here.
    var openedOnly: OpenedHandle? {
        guard status == nil, accounts == nil, details == nil, expiring == nil, auditLines == nil, auditFinding == nil,
              auditEntryCount == nil, auditHead == nil, notice == nil, verification == nil, graphRotation == nil,
              reconciliation == nil, azureExpiry == nil, broker == nil else { return nil }
        return opened
    }
}

public struct StatusReport: Codable, Sendable, Equatable {
    public var unlocked: Bool
    public var vaultPath: String
    public var secondsLeft: Int?
    public var accountCount: Int?
    public var agentPID: Int32?
    /// Whether the agent process could dump core (always false: it hardens itself at start).
    public var agentDumpable: Bool?
    /// Whether the client process that printed this report could dump core (false: every iamvault process
    /// hardens itself before it parses its arguments).
    public var clientDumpable: Bool?

    public init(unlocked: Bool, vaultPath: String, secondsLeft: Int?, accountCount: Int?, agentPID: Int32?, agentDumpable: Bool? = nil) {
        self.unlocked = unlocked
        self.vaultPath = vaultPath
        self.secondsLeft = secondsLeft
        self.accountCount = accountCount
        self.agentPID = agentPID
        self.agentDumpable = agentDumpable
    }
}

/// The handle an `open` request opened: which account and version, why, and until when (never a value).
public struct OpenedHandle: Codable, Sendable, Equatable {
    public var account: String
    public var version: Int
    public var purpose: String
    public var expiresAt: Date

    public init(account: String, version: Int, purpose: String, expiresAt: Date) {
        self.account = account
        self.version = version
        self.purpose = purpose
        self.expiresAt = expiresAt
    }
}

/// A running token broker: where it listens and how to stop it. Its header value travels as a secret segment.
public struct BrokerInfo: Codable, Sendable, Equatable {
    public var id: String
    public var endpoint: String
}

public struct AuditFinding: Codable, Sendable, Equatable {
    public var sequence: Int
    public var problem: String
}

/// The envelope on the wire: a reply, or the error the user should see.
enum AgentResponse: Codable {
    case reply(AgentReply)
    case failure(ReportedError)
}
