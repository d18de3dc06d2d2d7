import Foundation
import IAMVaultTestSupport
import Testing

/// A crash must not print memory. Swift's runtime backtracer, left on, answers a fatal signal with every
/// register and a hex dump of the memory each one points to: a secret in a register would reach stderr (the
/// threat model's "no secret in crash output"). iamvault replaces it with one fixed line and dies of the
/// same signal (`iamvault_silence_crash_reports`).
@Suite("A crash prints one fixed line, never registers or memory", .serialized)
struct CrashOutputTests {
    /// The signals a trap, a bad access or abort() raise: the ones the runtime's backtracer catches.
    static let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]

    /// Starts iamvault in a new session (so this terminal is its controlling one), waits, and prints how it
    /// ended: `ended: signal N` or `ended: exit N`. Unlike `setsid --wait`, it can say which signal.
    static let sessionLauncher = """
        import os, sys
        child = os.fork()
        if child == 0:
            os.setsid()
            os.execv(sys.argv[1], sys.argv[1:])
        _, status = os.waitpid(child, 0)
        ended = "signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exit %d" % os.WEXITSTATUS(status)
        print("\\nended: " + ended, flush=True)
        """

    @Test(arguments: crashSignals)
    func aCrashWhileHoldingAPassphrasePrintsNoDetails(_ number: Int32) throws {
        let cli = try CLIHarness()
        let terminal = try PseudoTerminal(["init", "--kdf-memory", "64", "--kdf-ops", "2"], environment: cli.environment,
                                          launcher: ["/usr/bin/env", "python3", "-c", Self.sessionLauncher])
        #expect(terminal.expect("New vault passphrase: "))
        terminal.type(CLIHarness.passphrase)
        // The passphrase now sits in the process's memory, waiting for its confirmation.
        #expect(terminal.expect("again: "))
        let iamvault = try #require(Self.onlyChild(of: terminal.process.processIdentifier))
        #expect(kill(iamvault, number) == 0)
        _ = terminal.finish()

        #expect(terminal.text.contains("ended: signal \(number)"), "it must die of the same signal: \(terminal.text)")
        #expect(terminal.text.contains("iamvault: internal error: stopped by signal \(number) (a bug)."), "\(terminal.text)")
        for backtracerWord in ["Registers", "Backtrac", "crashed", "Thread 0", "rip 0x", "Images"] {
            #expect(!terminal.text.contains(backtracerWord), "crash details were printed: \(terminal.text)")
        }
        #expect(!terminal.text.contains(CLIHarness.passphrase))
        #expect(!FileManager.default.fileExists(atPath: cli.vaultPath), "no vault is half made")
    }

    /// The launcher has exactly one child: iamvault.
    static func onlyChild(of parent: pid_t) -> pid_t? {
        let path = "/proc/\(parent)/task/\(parent)/children"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let children = text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return children.count == 1 ? children[0] : nil
    }
}
