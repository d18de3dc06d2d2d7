import Foundation
import Sodium
import Vault
import Audit
import IAMVaultTestSupport
import Accounts
@testable import Azure

func secret(_ text: String) throws -> SecretBytes { try SecretBytes(copying: Array(text.utf8)) }

let passphrase = "correct horse battery staple"
let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
let client = "11112222-3333-4444-8555-666677778888"
let otherTenant = "aaaabbbb-cccc-4ddd-8eee-ffff00001111"
let start = Date(timeIntervalSince1970: 1_795_000_000)

func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

/// Records every wait and moves the manual clock by it, so bounded loops end without real sleeping.
final class RecordingSleeper: AzureSleeper, @unchecked Sendable {
    // @unchecked Sendable: `waits` is guarded by `lock`.
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []
    let time: ManualTime

    init(time: ManualTime) { self.time = time }

    var waits: [TimeInterval] { lock.withLock { recorded } }

    func sleep(seconds: TimeInterval) async throws {
        lock.withLock { recorded.append(seconds) }
        time.advance(by: seconds)
    }
}

/// A vault at `.interactive` KDF cost, an account service with a recording audit sink and a manual clock,
/// an emulator holding one tenant and one application, and the Azure service pointed at it.
struct Harness {
    let folder: TemporaryFolder
    let vault: UnlockedVault
    let audit: RecordingAuditSink
    let time: ManualTime
    let sleeper: RecordingSleeper
    let accounts: AccountService
    let emulator: Emulator
    let azure: AzureService

    static let defaultRoles = ["Application.ReadWrite.All", "Directory.Read.All"]

    /// `passwords`: the application's passwords in Azure (`secret`, optional `keyId`, `endDateTime`, ...).
    init(roles: [String] = Harness.defaultRoles, passwords: [[String: Any]] = [["secret": azureSecret(1)]],
         extra: [String: Any] = [:], policy: AzureHTTPPolicy = AzureHTTPPolicy(connectTimeout: 2, requestTimeout: 5)) throws {
        folder = try TemporaryFolder()
        vault = try Vault.create(at: folder.path + "/vault.db", passphrase: try secret(passphrase), kdf: .interactive).vault
        audit = RecordingAuditSink()
        time = ManualTime(start)
        sleeper = RecordingSleeper(time: time)
        accounts = AccountService(vault: vault, audit: audit, time: time, actor: AuditActor(user: "tester", uid: 1000, pid: 42, command: "tests"))
        var state: [String: Any] = [
            "now": start.timeIntervalSince1970,
            "tenants": [["id": tenant, "domains": ["contoso.onmicrosoft.com"]], ["id": otherTenant, "domains": []]],
            "applications": [["appId": client, "tenant": tenant, "displayName": "Contoso sync", "roles": roles, "passwords": passwords]],
        ]
        state.merge(extra) { _, new in new }
        emulator = try Emulator(state: state, folder: folder.path)
        azure = try AzureService(accounts: accounts, environment: emulator.environment, policy: policy, sleeper: sleeper)
    }

    /// Adds the account with its first secret (selection: `permissions`, empty = whole catalogue).
    @discardableResult
    func add(_ name: String = "Contoso-Prod", secret value: String = azureSecret(1), permissions: [String] = ["Application.ReadWrite.All", "Directory.Read.All"],
             tenantID: String = tenant, clientID: String = client, keyID: String? = nil) throws -> AccountDetails {
        try accounts.add(AccountDraft(name: name, tenantID: tenantID, clientID: clientID, permissions: permissions, azureKeyID: keyID),
                         secret: try secret(value))
    }

    func events(_ kind: AuditEventKind) -> [AuditEvent] { audit.events.filter { $0.kind == kind } }

    func steps() -> [String] { events(.azureRotationStep).compactMap { $0.details["step"] } }

    func readSecret(_ name: String = "Contoso-Prod", version: Int? = nil) throws -> String {
        let handle = try accounts.openHandle(name, purpose: "test", version: version)
        return try handle.withSecret { String(decoding: $0, as: UTF8.self) }
    }

    /// No audit detail holds any of `values` (secrets, tokens).
    func auditNeverMentions(_ values: [String]) -> Bool {
        audit.events.allSatisfy { event in
            event.details.values.allSatisfy { detail in values.allSatisfy { !$0.isEmpty && !detail.contains($0) } }
        }
    }
}
