import Foundation
import IAMVaultTestSupport

extension CLIHarness {
    /// Starts `iamvault ARGS` with `descriptor3File` open on descriptor 3 and `descriptor4File`, if any, on 4 (the
    /// arguments name them) and `environment` over the harness's, sends SIGKILL after `delay` seconds unless it
    /// ended first, and waits. Whether it ended on its own with status 0. For the kill tests (`InitKillTests`,
    /// `KeyChangeKillTests`).
    func runKilled(_ arguments: [String], descriptor3File: String, descriptor4File: String? = nil,
                   environment extra: [String: String] = [:], killAfter delay: Double?) throws -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let fourth = descriptor4File == nil ? "" : " 4<\"$IAMVAULT_TEST_FD4_FILE\""
        process.arguments = ["-c", "exec \"$0\" \"$@\" 3<\"$IAMVAULT_TEST_PASSPHRASE_FILE\"" + fourth, Self.binary] + arguments
        var environment = self.environment
        environment["IAMVAULT_TEST_PASSPHRASE_FILE"] = descriptor3File
        environment["IAMVAULT_TEST_FD4_FILE"] = descriptor4File ?? ""
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let delay {
            usleep(useconds_t(delay * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    /// When to kill attempt `index` of a command that takes `duration` seconds: the first `early` attempts at
    /// `earlyFraction` of it (before the command writes anything), the others drawn from `spread` of it, where
    /// it writes and commits.
    static func killDelay(attempt index: Int, early: Int, earlyFraction: Double, spread: ClosedRange<Double>,
                          duration: Double, using random: inout SeededGenerator) -> Double {
        index < early ? earlyFraction * duration
            : Double.random(in: (spread.lowerBound * duration)...(spread.upperBound * duration), using: &random)
    }

    /// Runs `body` once uninterrupted `count` times and returns the median of its durations, in seconds.
    func medianDuration(of count: Int, _ body: (Int) throws -> Void) rethrows -> Double {
        var durations: [Double] = []
        for index in 0..<count {
            let started = Date()
            try body(index)
            durations.append(Date().timeIntervalSince(started))
        }
        return durations.sorted()[count / 2]
    }
}
