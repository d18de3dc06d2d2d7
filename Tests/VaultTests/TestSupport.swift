import Foundation
import IAMVaultTestSupport
import GRDB
import Sodium
@testable import Vault

func secret(_ text: String) throws -> SecretBytes {
    try SecretBytes(copying: Array(text.utf8))
}

func text(_ bytes: borrowing SecretBytes) -> String {
    bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
}

let testPassphrase = "correct horse battery staple"

/// Creates a vault at the floor KDF cost (tests choose it explicitly; nothing lowers it globally).
func makeVault(in folder: TemporaryFolder, name: String = "vault.db") throws -> (UnlockedVault, String, String) {
    let path = folder.file(name)
    let created = try Vault.create(at: path, passphrase: try secret(testPassphrase), kdf: .interactive)
    let recovery = text(try created.recoveryKey.formatted())
    return (created.vault, path, recovery)
}

/// A direct GRDB connection to a vault file, for tests that play the attacker who can write the file.
func rawDatabase(_ path: String) throws -> DatabaseQueue {
    try DatabaseQueue(path: path)
}

extension Array where Element == UInt8 {
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

func fromHex(_ string: String) -> [UInt8] {
    let digits = Array(string.utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}
