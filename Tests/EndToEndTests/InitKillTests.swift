import Foundation
import IAMVaultTestSupport
import Testing

/// SIGKILL during `iamvault init`: five kills in its first fifth (inside the KDF, which writes nothing), then
/// kills drawn from 60% to 110% of its measured duration (the median of every uninterrupted `init` so far), where
/// the file is written and named. After every kill, the vault's path holds nothing, and `init` there succeeds,
/// or a complete vault that opens with the passphrase. Before the vault was built under a staging
/// name, 2 kills in 40 left a file that was not a vault, which `init` then refused to replace.
@Suite("Killing init leaves no vault or a complete one", .serialized)
struct InitKillTests {
    static let initArguments = ["init", "--kdf-memory", "64", "--kdf-ops", "2", "--passphrase-fd", "3"]

    func initialize(_ cli: CLIHarness, _ path: String, killAfter delay: Double?) throws -> Bool {
        try cli.runKilled(Self.initArguments, descriptor3File: cli.passphraseFile, environment: ["IAMVAULT_PATH": path], killAfter: delay)
    }

    @Test func everyKillLeavesNothingOrAVaultThatOpens() throws {
        let cli = try CLIHarness()
        let folder = cli.root + "/vaults"
        var durations: [Double] = []
        for index in 0..<3 {
            let started = Date()
            #expect(try initialize(cli, "\(folder)/measure-\(index).db", killAfter: nil))
            durations.append(Date().timeIntervalSince(started))
        }
        var random = SeededGenerator(seed: 20261127)
        var (absent, complete) = (0, 0)
        for index in 0..<30 {
            let path = "\(folder)/vault-\(index).db"
            let duration = durations.sorted()[durations.count / 2]
            let delay = CLIHarness.killDelay(attempt: index, early: 5, earlyFraction: 0.2, spread: 0.6...1.1, duration: duration, using: &random)
            let finished = try initialize(cli, path, killAfter: delay)
            if FileManager.default.fileExists(atPath: path) {
                complete += 1
                let opened = try cli.run(["list", "--json"], passphrase: true, environment: ["IAMVAULT_PATH": path])
                #expect(opened.status == 0, "kill \(index) after \(Int(delay * 1000)) ms (finished: \(finished)) left: \(opened.stderr)")
            } else {
                absent += 1
                #expect(!finished, "init said it succeeded and left no vault")
                let started = Date()
                #expect(try initialize(cli, path, killAfter: nil), "init after kill \(index) failed")
                durations.append(Date().timeIntervalSince(started))
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix(".vault-\(index).db.init-") }
                #expect(leftovers.isEmpty, "the next init removes what the killed one left: \(leftovers)")
            }
        }
        #expect(absent >= 5, "the early kills came before the vault was complete (\(absent) absent, \(complete) complete)")
    }
}
