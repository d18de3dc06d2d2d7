import Foundation
import IAMVaultTestSupport
import Sodium
import Testing
import Vault
@testable import Audit

/// The export is JSON Lines that a SIEM ingests as is, and that tools/audit-verify-export.py (written from
/// docs/audit.md alone, Python standard library only) verifies offline with K_audit.
@Suite("Export as JSON Lines, verified offline from the spec")
struct AuditExportTests {
    static let script = repositoryRoot() + "/tools/audit-verify-export.py"

    func offlineVerify(_ lines: [String], key: String, extra: [String] = []) throws -> (status: Int32, stdout: String) {
        let folder = try TemporaryFolder()
        let file = folder.file("export.jsonl")
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, file, "--key-fd", "0"] + extra
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data((key + "\n").utf8))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    func fixture() throws -> (AuditFixture, [String], String) {
        let f = try AuditFixture()
        try f.fill(4)
        try f.log.record(AuditEvent(.accountEdited, account: "Ünïcode \"quoted\"\nname", details: ["fields": "description,tags"], actor: bob), vault: f.vault)
        let key = text(try f.log.exportVerificationKey(vault: f.vault, actor: alice))
        let lines = try f.log.exportLines(vault: f.vault, actor: alice)
        return (f, lines, key)
    }

    @Test func eachLineIsOneSelfContainedObject() throws {
        let (f, lines, _) = try fixture()
        #expect(lines.count == 8, "created, 4 filled, edited, key export, this export")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for (index, object) in objects.enumerated() {
            #expect(Set(object.keys) == ["seq", "time", "event", "account", "actor", "details", "prev_mac", "mac"])
            #expect(object["seq"] as? Int == index + 1)
            #expect((object["time"] as? String)?.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil)
        }
        #expect(objects[0]["time"] as? String == "2026-11-18T11:06:40.000Z")
        #expect(objects[0]["account"] is NSNull)
        #expect(objects[5]["account"] as? String == "Ünïcode \"quoted\"\nname")
        #expect(objects[5]["details"] as? [String: String] == ["fields": "description,tags"])
        let actor = try #require(objects[5]["actor"] as? [String: Any])
        #expect(Set(actor.keys) == ["user", "uid", "pid", "command"])
        #expect(actor["user"] as? String == "bob" && actor["uid"] as? Int == 1001)
        #expect(actor["pid"] as? Int == 77 && actor["command"] as? String == "iamvault-agent")
        #expect(objects[6]["event"] as? String == "audit.exported")
        #expect(objects[6]["details"] as? [String: String] == ["what": "verification_key"])
        #expect(objects[7]["details"] as? [String: String] == ["what": "entries", "format": "jsonl"], "the export records itself first")
        let entries = try f.log.entries(in: f.vault)
        #expect(lines == entries.map(\.jsonLine))
        #expect(objects[7]["mac"] as? String == entries[7].mac.hex)
        #expect(objects[7]["prev_mac"] as? String == entries[6].mac.hex)
    }

    @Test func theVerificationKeyIsKAudit() throws {
        let (f, _, key) = try fixture()
        let expected = try f.vault.currentKeys().auditKey.withUnsafeBytes { Array($0).hex }
        #expect(key == expected)
    }

    @Test func theOfflineVerifierAcceptsAnIntactExport() throws {
        let (f, lines, key) = try fixture()
        let head = try #require(try f.log.head(of: f.vault))
        let result = try offlineVerify(lines, key: key, extra: ["--head", head.description])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout == "intact: 8 entries\n")
    }

    @Test func theOfflineVerifierNamesTheFirstBadLine() throws {
        let (f, lines, key) = try fixture()
        var edited = lines
        edited[3] = edited[3].replacingOccurrences(of: "\"purpose\":\"deploy\"", with: "\"purpose\":\"debug\"")
        #expect(edited != lines)
        #expect(try offlineVerify(edited, key: key).stdout.hasPrefix("seq 4: edited:"))

        var removed = lines
        removed.remove(at: 2)
        #expect(try offlineVerify(removed, key: key) == (5, "seq 3: missing: the export goes from entry 2 to 4\n"))

        var swapped = lines
        swapped.swapAt(2, 4)
        #expect(try offlineVerify(swapped, key: key).stdout.hasPrefix("seq 3: missing:"))

        let head = try #require(try f.log.head(of: f.vault))
        let cut = try offlineVerify(Array(lines.dropLast(2)), key: key, extra: ["--head", head.description])
        #expect(cut == (5, "seq 7: truncated: the export ends at 6 but the head is 8\n"))

        let wrongKey = String(repeating: "ab", count: 32)
        #expect(try offlineVerify(lines, key: wrongKey).stdout.hasPrefix("seq 1: edited:"))

        #expect(try offlineVerify(Array(lines.dropFirst(3)), key: key, extra: ["--partial"]).status == 0, "a SIEM window")
        #expect(try offlineVerify(Array(lines.dropFirst(3)), key: key).stdout.hasPrefix("seq 1: missing:"))
    }

    @Test func theOfflineVerifierFindsADeletedUnlockFailure() throws {
        let f = try AuditFixture()
        let locked = try Vault.open(at: f.path)
        for _ in 0..<3 { try AuditLog.recordUnlockFailure(storage: locked.storage, reason: .wrongPassphrase, actor: bob, time: f.time) }
        try f.tamper("DELETE FROM audit_pending WHERE id = 2")
        try f.log.recordUnlock(of: f.vault, using: .passphrase, actor: alice)
        let key = text(try f.log.exportVerificationKey(vault: f.vault, actor: alice))
        let result = try offlineVerify(try f.log.exportLines(vault: f.vault, actor: alice), key: key)
        #expect(result == (5, "seq 3: missing: unlock-failure records 2 were deleted before they were folded\n"))
    }

    @Test func exportToAFileHandleWritesTheSameLines() throws {
        let (f, _, _) = try fixture()
        let folder = try TemporaryFolder()
        let path = folder.file("out.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let written = try f.log.export(vault: f.vault, actor: alice, to: handle)
        try handle.close()
        let contents = try String(contentsOfFile: path, encoding: .utf8)
        let entries = try f.log.entries(in: f.vault)
        #expect(written == 9)
        #expect(contents == entries.map { $0.jsonLine + "\n" }.joined())
    }
}
