import Foundation
import Testing
import Vault
@testable import Audit

@Suite("A copy of the vault file reveals no account named in the audit log")
struct AuditConfidentialityTests {
    static let account = "Contoso-Production-Tenant"
    static let details = ["fields": "description,tags", "purpose": "quarterly-payroll-export"]

    @Test func grepTheDatabaseAndItsWALForTheAccountName() throws {
        let f = try AuditFixture()
        for kind in AuditEventKind.allCases {
            try f.log.record(AuditEvent(kind, account: Self.account, details: Self.details, actor: alice), vault: f.vault)
        }
        try f.vault.write { writer in
            try writer.createEntry(name: Self.account, payload: [])
            try f.log.record(AuditEvent(.accountAdded, account: Self.account, actor: alice), in: writer)
        }
        try assertAbsent(in: f.path)
        try f.vault.storage.compact()
        try assertAbsent(in: f.path)
        let entries = try f.log.entries(in: f.vault, matching: AuditQuery(account: Self.account))
        #expect(entries.count == AuditEventKind.allCases.count + 1, "the names are there, sealed")
    }

    func assertAbsent(in path: String) throws {
        let needles = [Self.account, Self.account.lowercased(), "quarterly-payroll-export", "description,tags"]
        var searched = 0
        for file in [path, path + "-wal", path + "-shm"] {
            guard let contents = FileManager.default.contents(atPath: file) else { continue }
            searched += contents.count
            for needle in needles {
                #expect(contents.range(of: Data(needle.utf8)) == nil, "\(needle) found in \(file)")
            }
        }
        #expect(searched > 0)
    }
}
