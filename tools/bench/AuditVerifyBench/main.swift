// Benchmark: fill a vault's audit log with N entries (default 1,000,000), then time `AuditLog.verify`.
// Usage: audit-verify-bench [ENTRIES [RUNS]]. Run through tools/bench/audit-verify (release build, pinned to
// one core). Not a test: timing depends on the machine, so it is measured and documented (docs/audit.md),
// never asserted.
import Audit
import Foundation
import Sodium
import Vault

let entryCount = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let batchSize = 10_000
let actor = AuditActor(user: "bench", uid: 1000, pid: 4242, command: "audit-verify-bench")

let folder = NSTemporaryDirectory() + "iamvault-bench-\(getpid())"
defer { try? FileManager.default.removeItem(atPath: folder) }
let log = AuditLog()
let passphrase = try SecretBytes(copying: Array("benchmark passphrase".utf8))
let vault = try log.createVault(at: folder + "/vault.db", passphrase: passphrase, kdf: .interactive, actor: actor).vault

let clock = ContinuousClock()
let fillStart = clock.now
var recorded = 1
while recorded < entryCount {
    let events = (0..<min(batchSize, entryCount - recorded)).map { index in
        AuditEvent(
            index % 2 == 0 ? .handleOpened : .secretReleased, account: "account-\((recorded + index) % 500)",
            details: ["purpose": "deploy", "via": "exec", "handle": String(recorded + index)], actor: actor)
    }
    try vault.write { writer in _ = try log.record(contentsOf: events, in: writer) }
    recorded += events.count
}
let fillTime = clock.now - fillStart

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
print("filled \(recorded) entries in \(String(format: "%.1f", seconds(fillTime))) s")

// Each verify also records `audit.verified`, so every run checks one more entry than the last.
let runs = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 3
var best = Double.infinity
for run in 1...max(runs, 1) {
    let start = clock.now
    let result = try log.verify(vault: vault, actor: actor)
    let elapsed = seconds(clock.now - start)
    best = min(best, elapsed)
    print("verify run \(run): \(String(format: "%.3f", elapsed)) s: \(result)")
    guard case .intact(let count) = result, count == recorded + run - 1 else { exit(1) }
}
print("best: \(String(format: "%.3f", best)) s for \(recorded) entries (\(String(format: "%.2f", best * 1e6 / Double(recorded))) µs/entry)")
