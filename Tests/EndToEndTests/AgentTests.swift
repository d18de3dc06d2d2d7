import Foundation
import IAMVaultTestSupport
import Testing

@Suite("The agent: unlock once, lock by command, timeout and signal", .serialized)
struct AgentTests {
    /// Running (a zombie waiting for a reaper that a container may not have does not count).
    func isAlive(_ pid: Int) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }

    func status(_ cli: CLIHarness) throws -> [String: Any]? {
        try JSONSerialization.jsonObject(with: try cli.run(["status", "--json"]).stdout) as? [String: Any]
    }

    @Test func unlockServesCommandsWithoutAPassphraseUntilLocked() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["status"]).status == 3)
        let unlock = try cli.run(["unlock", "--timeout", "10m"], passphrase: true)
        #expect(unlock.status == 0, "\(unlock.stderr)")
        let report = try status(cli)
        #expect(report?["unlocked"] as? Bool == true)
        #expect(report?["accountCount"] as? Int == 1)
        #expect(report?["agentDumpable"] as? Bool == false)
        #expect((report?["secondsLeft"] as? Int ?? 0) > 500)
        let pid = try #require(report?["agentPID"] as? Int)
        // Hardening and hygiene of the agent process, seen from outside.
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }?.contains("0                    0") == true)
        for file in ["cmdline", "environ"] {
            let contents = FileManager.default.contents(atPath: "/proc/\(pid)/\(file)") ?? Data()
            #expect(contents.range(of: Data(CLIHarness.passphrase.utf8)) == nil, "passphrase in /proc/\(pid)/\(file)")
            #expect(contents.range(of: Data(azureSecret(1).utf8)) == nil)
        }
        // Commands work without any passphrase source now.
        #expect(try cli.run(["read", "Prod"]).output == azureSecret(1))
        #expect(try cli.run(["rotate", "Prod", "--secret-stdin"], stdin: Data(azureSecret(2).utf8)).status == 0)
        #expect(try cli.run(["read", "Prod"]).output == azureSecret(2))
        #expect(try cli.run(["lock"]).status == 0)
        #expect(try cli.run(["status"]).status == 3)
        #expect(try cli.run(["read", "Prod"]).status == 3)
        #expect(!isAlive(pid), "the agent process stopped")
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        #expect(log.contains("\"by\":\"command\""))
    }

    @Test func theAgentLocksAfterItsIdleTimeout() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.run(["unlock", "--timeout", "2s"], passphrase: true).status == 0)
        #expect(try cli.run(["status"]).status == 0)
        Thread.sleep(forTimeInterval: 3.5)
        #expect(try cli.run(["status"]).status == 3)
        let log = try cli.run(["audit", "list", "--json"], passphrase: true).output
        #expect(log.contains("\"by\":\"timeout\""))
    }

    @Test func sigtermLocksAndWipes() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let pid = try #require(try status(cli)?["agentPID"] as? Int)
        kill(pid_t(pid), SIGTERM)
        for _ in 0..<50 where isAlive(pid) { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!isAlive(pid))
        #expect(try cli.run(["status"]).status == 3)
        #expect(try cli.run(["audit", "list", "--json"], passphrase: true).output.contains("\"by\":\"signal\""))
    }

    @Test func aStaleSocketFromACrashIsReplaced() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let pid = try #require(try status(cli)?["agentPID"] as? Int)
        kill(pid_t(pid), SIGKILL)  // a crash: the socket file stays behind
        for _ in 0..<50 where isAlive(pid) { Thread.sleep(forTimeInterval: 0.1) }
        let sockets = try FileManager.default.contentsOfDirectory(atPath: cli.runtimeDirectory + "/iamvault")
        #expect(sockets.contains { $0.hasSuffix(".sock") }, "the crashed agent left its socket")
        #expect(try cli.run(["status"]).status == 3, "a stale socket is not an agent")
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        #expect(try cli.run(["status"]).status == 0)
    }

    @Test func aSecondUnlockLeavesTheRunningAgent() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let first = try status(cli)?["agentPID"] as? Int
        let again = try cli.run(["unlock"], passphrase: true)
        #expect(again.status == 0 && again.stderr.contains("already unlocked"))
        #expect(try status(cli)?["agentPID"] as? Int == first)
    }

    /// Once `lock` returned, nothing answers on the socket: an immediate `unlock` starts a new agent instead of
    /// finding the old one on its way out ("already unlocked", then locked).
    @Test func unlockRightAfterLockStartsANewAgent() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        for _ in 0..<3 {
            let unlock = try cli.run(["unlock"], passphrase: true)
            #expect(unlock.status == 0 && !unlock.stderr.contains("already unlocked"), "\(unlock.stderr)")
            #expect(try cli.run(["lock"]).status == 0)
            #expect(try cli.run(["status"]).status == 3, "locked as soon as `lock` returned")
        }
    }

    @Test func aWrongPassphraseStartsNoAgent() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        try Data("wrong passphrase\n".utf8).write(to: URL(fileURLWithPath: cli.passphraseFile))
        let result = try cli.run(["unlock"], passphrase: true)
        #expect(result.status == 3)
        #expect(result.stderr.contains("wrong passphrase"))
        #expect(try cli.run(["status"]).status == 3)
    }

    @Test func aSocketFolderOfAnotherUserIsNotTrusted() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        let folder = cli.runtimeDirectory + "/iamvault"
        mkdir(folder, 0o777)
        chmod(folder, 0o777)
        let result = try cli.run(["status"])
        #expect(result.status == 6)
        #expect(result.stderr.contains("not a private folder"))
    }

    /// The agent checks each peer with SO_PEERCRED: a process of another uid that reaches the socket
    /// (here, after its folder was opened up on purpose) gets no answer at all.
    @Test(.enabled(if: geteuid() == 0, "needs root to act as another uid"))
    func aPeerWithAnotherUIDIsRefused() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(3)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let folder = cli.runtimeDirectory + "/iamvault"
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sock") })
        chmod(cli.root, 0o755)
        chmod(cli.runtimeDirectory, 0o755)
        chmod(folder, 0o755)
        chmod(folder + "/" + socket, 0o666)
        // A raw client in Perl (world-readable, unlike a per-user Python): one `open` request, then read.
        let probe = #"""
            use IO::Socket::UNIX;
            $SIG{PIPE} = 'IGNORE';  # the agent may close before we finish writing: that is the refusal
            my $s = IO::Socket::UNIX->new(Peer => $ARGV[0]) or die "connect: $!";
            my $body = '{"open":{"_0":{"name":"Prod","purpose":"x","channel":"pipe","allowExpired":false}}}';
            print $s pack("N", length $body) . $body . pack("N", 0);
            my $data = ""; my $n = sysread($s, $data, 65536);
            print(($n && $n > 0) ? "answered" : "refused");
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/perl", "-e", probe, folder + "/" + socket]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(answer.contains("refused"), "another uid got: \(answer) \(problem)")
        chmod(folder + "/" + socket, 0o600)
        chmod(folder, 0o700)
        #expect(try cli.run(["read", "Prod"]).output == azureSecret(3), "the agent still serves its own user")
    }
}
