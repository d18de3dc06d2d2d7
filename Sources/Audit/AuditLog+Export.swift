public import Foundation
public import Sodium
public import Vault

extension AuditLog {
    /// Writes the whole log to `handle` as JSON Lines, one self-contained entry per line, oldest first
    /// (docs/audit.md, "Export format"). First records `audit.exported` (committed before anything is
    /// written, so it is the export's last line). Returns the number of lines written.
    @discardableResult
    public func export(vault: UnlockedVault, actor: AuditActor, to handle: FileHandle) throws -> Int {
        try record(AuditEvent(.auditExported, details: ["what": "entries", "format": "jsonl"], actor: actor), vault: vault)
        var buffer = Data()
        var count = 0
        func flush() throws {
            do {
                try handle.write(contentsOf: buffer)
            } catch {
                throw AuditError(.exportFailed(reason: error.localizedDescription))
            }
            buffer.removeAll(keepingCapacity: true)
        }
        try vault.read { reader in
            try Self.walk(reader) { entry in
                buffer.append(contentsOf: Array(entry.jsonLine.utf8))
                buffer.append(0x0a)
                count += 1
                if buffer.count >= 1 << 20 { try flush() }
            }
        }
        try flush()
        return count
    }

    /// The export as an array of lines (without newlines), for callers that hand them on themselves.
    /// Records `audit.exported` first, like `export(vault:actor:to:)`.
    public func exportLines(vault: UnlockedVault, actor: AuditActor) throws -> [String] {
        try record(AuditEvent(.auditExported, details: ["what": "entries", "format": "jsonl"], actor: actor), vault: vault)
        return try vault.read { reader in
            var lines: [String] = []
            try Self.walk(reader) { lines.append($0.jsonLine) }
            return lines
        }
    }

    /// K_audit as 64 lower-case hex characters, in guarded memory, for an auditor who verifies an export
    /// offline (`tools/audit-verify-export.py`). Recorded as `audit.exported` with `what: verification_key`.
    ///
    /// What it gives away: its holder can check every MAC in an export and could also *forge* entries and
    /// MACs, so hand it only to the person who verifies. It opens no sealed record and reveals no secret or
    /// account name: K_audit is an independent `crypto_kdf` subkey of the vault key, and the vault key cannot
    /// be computed from it.
    public func exportVerificationKey(vault: UnlockedVault, actor: AuditActor) throws -> SecretBytes {
        try record(AuditEvent(.auditExported, details: ["what": "verification_key"], actor: actor), vault: vault)
        let keys = try vault.currentKeys()
        let digits = Array("0123456789abcdef".utf8)
        return try keys.auditKey.withUnsafeBytes { key in
            try SecretBytes(count: key.count * 2) { out in
                for (index, byte) in key.enumerated() {
                    out[2 * index] = digits[Int(byte >> 4)]
                    out[2 * index + 1] = digits[Int(byte & 0x0f)]
                }
            }
        }
    }
}
