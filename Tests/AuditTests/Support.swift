import Foundation
import GRDB
import IAMVaultTestSupport
import Sodium
import Vault
@testable import Audit

func secret(_ text: String) throws -> SecretBytes {
    try SecretBytes(copying: Array(text.utf8))
}

func text(_ bytes: borrowing SecretBytes) -> String {
    bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}

let testPassphrase = "correct horse battery staple"
let alice = AuditActor(user: "alice", uid: 1000, pid: 4242, command: "iamvault")
let bob = AuditActor(user: "bob", uid: 1001, pid: 77, command: "iamvault-agent")

/// A vault made through the audit log (so its chain starts with `vault.created`), a manual clock, and the
/// path for tests that play the attacker who can write the file but does not know the passphrase.
struct AuditFixture {
    let folder: TemporaryFolder
    let vault: UnlockedVault
    let path: String
    let log: AuditLog
    let time: ManualTime

    init() throws {
        folder = try TemporaryFolder()
        path = folder.file("vault.db")
        time = ManualTime()
        log = AuditLog(time: time)
        vault = try log.createVault(at: path, passphrase: try secret(testPassphrase), kdf: .interactive, actor: alice).vault
    }

    /// Records `count` events one per transaction, a second apart, alternating two accounts.
    func fill(_ count: Int) throws {
        for index in 0..<count {
            time.advance(by: 1)
            let kind: AuditEventKind = index % 2 == 0 ? .handleOpened : .secretReleased
            try log.record(
                AuditEvent(kind, account: index % 3 == 0 ? "contoso-prod" : "fabrikam-dev", details: ["purpose": "deploy", "n": String(index)], actor: alice),
                vault: vault)
        }
    }

    func verify(anchor: AuditHead? = nil) throws -> AuditVerification {
        try vault.read { try AuditLog.verify($0, anchor: anchor) }
    }

    func count() throws -> Int { try vault.read { try $0.storageReader.auditEntryCount() } }

    func raw() throws -> DatabaseQueue { try DatabaseQueue(path: path) }

    /// The attacker drops the append-only triggers first (they can: they can write the file).
    func tamper(_ sql: String, arguments: StatementArguments = []) throws {
        try raw().writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_append_only_delete")
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_entry_append_only_seq")
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    func sealedMetadata() throws -> Data {
        try raw().read { try Data.fetchOne($0, sql: "SELECT sealed_metadata FROM vault")! }
    }
}

func problemKind(_ verification: AuditVerification) -> AuditProblem.Kind? {
    if case .broken(_, let problem) = verification { return problem.kind }
    return nil
}

func brokenSeq(_ verification: AuditVerification) -> Int? {
    if case .broken(let seq, _) = verification { return seq }
    return nil
}

/// The repository root, found from this source file's location.
func repositoryRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.path + "/Package.swift") { return url.path }
    }
    return FileManager.default.currentDirectoryPath
}

extension Array where Element == UInt8 {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

func fromHex(_ string: String) -> [UInt8] {
    let digits = Array(string.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
