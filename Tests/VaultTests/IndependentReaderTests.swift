import Foundation
import IAMVaultTestSupport
import Testing
import Sodium
@testable import Vault

/// tools/format-reader/read_vault.py was written from docs/format.md alone (Python, libsodium through
/// ctypes, BLAKE2b through hashlib). If it can read what this code writes, the spec is complete.
@Suite("An independent reader decrypts every secret from the spec alone")
struct IndependentReaderTests {
    struct Output: Decodable {
        struct Entry: Decodable {
            struct Version: Decodable {
                let version: Int
                let metadataHex: String
                let valueHex: String
            }
            let entryID: String
            let name: String
            let payloadHex: String
            let versions: [Version]
        }
        let vaultID: String
        let entries: [Entry]
    }

    static let script = repositoryRoot() + "/tools/format-reader/read_vault.py"

    func run(_ arguments: [String], input: String) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data((input + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, out, String(decoding: err, as: UTF8.self))
    }

    @Test func readsEveryEntryAndSecretWithThePassphraseAndTheRecoveryKey() throws {
        let folder = try TemporaryFolder()
        let (vault, path, recovery) = try makeVault(in: folder)
        let ids = try vault.write { writer in
            let prod = try writer.createEntry(name: "Contoso-Prod", payload: Array("{\"tenant\":\"contoso.onmicrosoft.com\"}".utf8))
            try writer.addSecretVersion(to: prod.id, value: try secret("first~secret.value"), metadata: Array("m1".utf8))
            try writer.addSecretVersion(to: prod.id, value: try secret("second~secret.value"), metadata: Array("m2".utf8))
            let dev = try writer.createEntry(name: "dev", payload: [])
            try writer.addSecretVersion(to: dev.id, value: try secret("dev~secret"), metadata: [])
            return (prod.id, dev.id)
        }
        // After a rekey too: the reader must follow the new key and the new recovery key.
        let newRecovery = text(try vault.rekey(passphrase: try secret(testPassphrase), kdf: .interactive).formatted())
        #expect(newRecovery != recovery)

        for (flag, input) in [("--passphrase-fd", testPassphrase), ("--recovery-key-fd", newRecovery)] {
            let result = try run([path, flag, "0"], input: input)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let output = try JSONDecoder().decode(Output.self, from: result.stdout)
            #expect(output.vaultID == EntryID(bytes: vault.vaultID).description)
            #expect(output.entries.map(\.name) == ["Contoso-Prod", "dev"])
            #expect(output.entries[0].entryID == ids.0.description)
            #expect(output.entries[0].versions.map(\.valueHex) == [Array("first~secret.value".utf8).hex, Array("second~secret.value".utf8).hex])
            #expect(output.entries[0].versions.map(\.metadataHex) == [Array("m1".utf8).hex, Array("m2".utf8).hex])
            #expect(output.entries[0].payloadHex == Array("{\"tenant\":\"contoso.onmicrosoft.com\"}".utf8).hex)
            #expect(output.entries[1].versions.map(\.valueHex) == [Array("dev~secret".utf8).hex])
        }
    }

    @Test func agreesOnWrongPassphraseAndTampering() throws {
        let folder = try TemporaryFolder()
        let (vault, path, _) = try makeVault(in: folder)
        try vault.write { writer in
            let entry = try writer.createEntry(name: "a", payload: [])
            try writer.addSecretVersion(to: entry.id, value: try secret("value-a"), metadata: [])
        }
        #expect(try run([path, "--passphrase-fd", "0"], input: "wrong passphrase").status == 3)
        try rawDatabase(path).writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER secret_version_write_once")
            var sealed = try Data.fetchOne(db, sql: "SELECT sealed_value FROM secret_version")!
            sealed[sealed.startIndex + 30] ^= 0x01  // XOR: the byte always changes
            try db.execute(sql: "UPDATE secret_version SET sealed_value = ?", arguments: [sealed])
        }
        let tampered = try run([path, "--passphrase-fd", "0"], input: testPassphrase)
        #expect(tampered.status == 5)
        #expect(!tampered.stderr.contains("value-a"))
    }

    @Test func reproducesThePublishedVector() throws {
        let result = try run(["--check-vector", repositoryRoot() + "/Tests/VaultTests/Vectors/format-v1.json"], input: "")
        #expect(result.status == 0, "\(String(decoding: result.stdout, as: UTF8.self)) \(result.stderr)")
        #expect(!String(decoding: result.stdout, as: UTF8.self).contains("MISMATCH"))
    }
}
