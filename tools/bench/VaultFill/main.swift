// Benchmark filler: adds real, sealed, audited accounts to an existing vault through the library's public API
// (`AccountService.add`, one transaction with its audit entries per account, as `iamvault add` does), far
// faster than one `iamvault add` process per account. Run by tools/bench/run; not a product.
//
// Usage: vault-fill-bench fill VAULT PASSPHRASE_FD < accounts.tsv   (lines: name TAB tenant TAB client TAB secret)
//        vault-fill-bench kdf [RUNS]                               (times Argon2id at the default, MODERATE)
import Accounts
import Audit
import Foundation
import Sodium
import Vault

let arguments = CommandLine.arguments.dropFirst()
let actor = AuditActor.currentProcess(command: "vault-fill-bench")
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("vault-fill-bench: \(message)\n".utf8))
    exit(2)
}

/// One line of the passphrase descriptor, into guarded memory.
func passphrase(fromDescriptor fd: Int32) throws -> SecretBytes {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != 0x0A { bytes.append(byte) }
    return try SecretBytes(consumingAndWiping: &bytes)
}

/// Adds every account read from standard input; prints how many and how long it took.
func fill(vaultPath: String, passphraseFD: Int32) throws {
    let locked = try Vault.open(at: vaultPath)
    let vault = try locked.unlock(passphrase: try passphrase(fromDescriptor: passphraseFD))
    let log = AuditLog()
    try log.recordUnlock(of: vault, using: .passphrase, actor: actor)
    defer { try? log.lock(vault, cause: .command, actor: actor) }
    let service = AccountService(vault: vault, audit: log, actor: actor)
    let start = clock.now
    var added = 0
    while let line = readLine(strippingNewline: true) {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 4 else { fail("line \(added + 1) does not have 4 tab-separated fields") }
        var secret = Array(fields[3].utf8)
        let draft = AccountDraft(name: String(fields[0]), description: "benchmark account", tags: ["bench"],
                                 tenantID: String(fields[1]), clientID: String(fields[2]))
        try service.add(draft, secret: try SecretBytes(consumingAndWiping: &secret))
        added += 1
    }
    let elapsed = seconds(clock.now - start)
    print("added \(added) accounts in \(String(format: "%.1f", elapsed)) s (\(String(format: "%.2f", elapsed * 1000 / Double(max(added, 1)))) ms each)")
}

/// The KDF's own cost at the vault default (MODERATE), the figure `unlock` is compared with.
func timeKDF(runs: Int) throws {
    let password = try SecretBytes(copying: Array("benchmark passphrase".utf8))
    let salt = [UInt8](repeating: 7, count: Argon2id.saltByteCount)
    var times: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = clock.now
        _ = try Argon2id.deriveKey(outputByteCount: 32, password: password, salt: salt,
                                   opsLimit: KDFParameters.moderate.opsLimit, memLimit: KDFParameters.moderate.memLimitBytes)
        times.append(seconds(clock.now - start))
    }
    times.sort()
    print(String(format: "{\"median\": %.6f, \"min\": %.6f, \"max\": %.6f, \"runs\": %d}", times[times.count / 2], times[0], times[times.count - 1], times.count))
}

do {
    switch arguments.first {
    case "fill":
        let rest = Array(arguments.dropFirst())
        guard rest.count == 2, let fd = Int32(rest[1]) else { fail("usage: fill VAULT PASSPHRASE_FD < accounts.tsv") }
        try fill(vaultPath: rest[0], passphraseFD: fd)
    case "kdf":
        try timeKDF(runs: arguments.dropFirst().first.flatMap { Int($0) } ?? 5)
    default:
        fail("usage: vault-fill-bench fill VAULT PASSPHRASE_FD | kdf [RUNS]")
    }
} catch {
    fail("\(error)")
}
