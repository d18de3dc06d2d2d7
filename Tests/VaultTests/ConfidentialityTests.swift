import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

@Suite("A copy of the vault file reveals nothing that names or describes a secret")
struct ConfidentialityTests {
    static let name = "Contoso-Production-Tenant"
    static let tenant = "8d3c2b1a-4e5f-4a6b-9c7d-0e1f2a3b4c5d"
    static let clientID = "11112222-3333-4444-8555-666677778888"
    static let description = "Directory sync service principal for finance"
    static let tag = "tier0-critical"
    static let secretValue = "Xq8~Kf3Q.a1b2c3d4e5f6g7h8i9j0kLmNoPqRsTu"
    static let rotatedValue = "Zr9~Lg4R.b2c3d4e5f6g7h8i9j0k1MnOpQrStUvW"

    @Test func grepTheDatabaseAndItsJournalsForEveryField() throws {
        let folder = try TemporaryFolder()
        let (vault, path, recovery) = try makeVault(in: folder)
        let payload = Array("{\"tenant\":\"\(Self.tenant)\",\"clientId\":\"\(Self.clientID)\",\"description\":\"\(Self.description)\",\"tags\":[\"\(Self.tag)\"]}".utf8)
        try vault.write { writer in
            let entry = try writer.createEntry(name: Self.name, payload: payload)
            try writer.addSecretVersion(to: entry.id, value: try secret(Self.secretValue), metadata: Array("hint Xq8".utf8))
            try writer.addSecretVersion(to: entry.id, value: try secret(Self.rotatedValue), metadata: [])
        }
        // Look while the WAL still holds the latest pages, and again after a checkpoint.
        try assertAbsent(in: path, recovery: recovery)
        try vault.storage.compact()
        try assertAbsent(in: path, recovery: recovery)
        #expect(try vault.read { try $0.entry(named: Self.name)?.payload } == payload, "the data is there, just sealed")
    }

    func assertAbsent(in path: String, recovery: String) throws {
        let needles = [Self.name, Self.name.lowercased(), Self.tenant, Self.clientID, Self.description, Self.tag,
                       Self.secretValue, Self.rotatedValue, "Xq8~", testPassphrase, recovery, recovery.replacingOccurrences(of: "-", with: "")]
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
