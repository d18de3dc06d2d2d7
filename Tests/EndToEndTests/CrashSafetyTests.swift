import Foundation
import Testing

/// tools/crash/crash-harness against the built binary: SIGKILL at random moments (to in-process commands and to
/// the agent serving them), the vault verified from scratch after each kill. The long run is documented in
/// docs/crash-safety.md; this is the short one, with a fixed seed so that a failure can be repeated.
@Suite("Crash safety: SIGKILL at random moments never loses or tears a change", .serialized)
struct CrashSafetyTests {
    static let seed = 20261126
    static let kills = 200

    static let script: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/crash/crash-harness").path
    }()

    struct Run {
        let status: Int32
        let output: String
    }

    /// Runs the harness with the test Python (any Python 3; it needs only the standard library).
    func harness(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["IAMVAULT_TEST_PYTHON"] ?? "python3"
        process.arguments = [python, Self.script, "--binary", CLIHarness.binary] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: text)
    }

    /// The numbers of the harness's final `PASS key=value ...` line.
    func summary(_ output: String) -> [String: Double] {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("crash-harness: PASS ") }) else { return [:] }
        var values: [String: Double] = [:]
        for word in line.split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let number = Double(parts[1]) { values[String(parts[0])] = number }
        }
        return values
    }

    @Test func killsInClientAndAgentModeLoseNoAcknowledgedChangeAndTearNothing() throws {
        let run = try harness(["--kills", String(Self.kills), "--seed", String(Self.seed), "--mode", "both"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.hasPrefix("crash-harness: seed \(Self.seed)\n"), "the seed is printed first")
        let numbers = summary(run.output)
        #expect(numbers["seed"] == Double(Self.seed))
        #expect((numbers["kills"] ?? 0) >= Double(Self.kills), "\(run.output)")
        #expect((numbers["client-kills"] ?? 0) + (numbers["agent-kills"] ?? 0) == numbers["kills"])
        #expect((numbers["client-kills"] ?? 0) >= Double(Self.kills / 4), "in-process commands were killed: \(run.output)")
        #expect((numbers["agent-kills"] ?? 0) >= Double(Self.kills / 4), "agents were killed: \(run.output)")
        #expect((numbers["agent-mid-request"] ?? 0) > 0, "some agents died while a command waited: \(run.output)")
    }

    /// The checks are not blind: a state a torn or non-durable write would leave, fabricated on disk, fails them.
    @Test(arguments: ["version-without-audit", "audit-without-version", "lost-write"])
    func theChecksCatchAFabricatedBrokenState(injection: String) throws {
        let run = try harness(["--seed", String(Self.seed), "--inject", injection])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("self-test \(injection): the checks caught it"), "\(run.output)")
    }
}
