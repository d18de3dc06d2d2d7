import Foundation
import GRDB
import Sodium
import Vault
import Audit
import IAMVaultTestSupport
@testable import Accounts

func secret(_ text: String) throws -> SecretBytes { try SecretBytes(copying: Array(text.utf8)) }

let passphrase = "correct horse battery staple"
let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
let client = "11112222-3333-4444-8555-666677778888"

struct Harness {
    let folder: TemporaryFolder
    let path: String
    let vault: UnlockedVault
    let audit: RecordingAuditSink
    let time: ManualTime
    let service: AccountService

    init() throws {
        folder = try TemporaryFolder()
        path = folder.path + "/vault.db"
        vault = try Vault.create(at: path, passphrase: try secret(passphrase), kdf: .interactive).vault
        audit = RecordingAuditSink()
        time = ManualTime()
        service = AccountService(vault: vault, audit: audit, time: time,
                                 actor: AuditActor(user: "tester", uid: 1000, pid: 42, command: "tests"))
    }

    func draft(_ name: String = "Contoso-Prod", permissions: [String] = []) -> AccountDraft {
        AccountDraft(name: name, description: "Directory sync", tags: ["Prod", "tier0"], tenantID: tenant, clientID: client,
                     permissions: permissions)
    }

    @discardableResult
    func add(_ name: String = "Contoso-Prod", secret value: String = azureSecret(1)) throws -> AccountDetails {
        try service.add(draft(name), secret: try secret(value))
    }

    func events(_ kind: AuditEventKind) -> [AuditEvent] { audit.events.filter { $0.kind == kind } }

    func readSecret(_ name: String, version: Int? = nil) throws -> String {
        let handle = try service.openHandle(name, purpose: "test", version: version)
        return try handle.withSecret { String(decoding: $0, as: UTF8.self) }
    }

    func secretRowCount() throws -> Int {
        try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT count(*) FROM secret_version") ?? 0 }
    }
}

