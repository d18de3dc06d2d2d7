import Foundation
import IAMVaultTestSupport
import Testing

/// `iamvault` is a small front program: it serves the plain forms of `read` and `exec` through a running agent
/// itself, without Foundation, and runs `iamvault-core` for everything else (Sources/iamvault). Both paths must
/// give the same results, and the audit log says which program asked (`actor.command`).
@Suite("The front program serves read and exec through the agent, the full program the rest", .serialized)
struct FrontProgramTests {
    @Test func bothPathsGiveTheSameResultsAndTheAuditSaysWhichServed() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Contoso-Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)

        // Served by the front (plain forms) and by the full program (`--option=value` is ArgumentParser's only).
        let front = try cli.run(["read", "Contoso-Prod", "--purpose", "by-front"])
        let core = try cli.run(["read", "Contoso-Prod", "--purpose=by-core"])
        #expect(front.status == 0 && front.output == azureSecret(1), "\(front.stderr)")
        #expect(core.status == 0 && core.output == azureSecret(1), "\(core.stderr)")
        for field in ["tenant", "client-id"] {
            #expect(try cli.run(["read", "Contoso-Prod", "--field", field]).output == cli.run(["read", "Contoso-Prod", "--field=\(field)"]).output)
        }
        let frontExec = try cli.run(["exec", "Contoso-Prod", "--", "sh", "-c", "printf %s \"$AZURE_CLIENT_SECRET\"; exit 5"])
        #expect(frontExec.status == 5 && frontExec.output == azureSecret(1), "\(frontExec.stderr)")

        // The agent's errors reach the user the same way on both paths.
        let frontMissing = try cli.run(["read", "Nope"])
        let coreMissing = try cli.run(["read", "Nope", "--purpose=x"])
        #expect(frontMissing.status == 4 && coreMissing.status == 4)
        #expect(frontMissing.stderr == coreMissing.stderr && frontMissing.stderr.contains("no account named \"Nope\""))

        // list --json: the front reads the stream itself; `--tag=x` is the full program's. Same bytes, same errors.
        #expect(try cli.run(["edit", "Contoso-Prod", "--tag", "prod"]).status == 0)
        for tag in ["prod", "none"] {
            let frontList = try cli.run(["list", "--json", "--tag", tag])
            let coreList = try cli.run(["list", "--json", "--tag=\(tag)"])
            #expect(frontList.status == 0 && frontList.stdout == coreList.stdout, "\(frontList.stderr)")
        }
        #expect(try cli.run(["list", "--json", "--tag", "prod"]).output.contains("\"name\" : \"Contoso-Prod\""))
        let frontBadTag = try cli.run(["list", "--json", "--tag", "bad tag!"])
        let coreBadTag = try cli.run(["list", "--json", "--tag=bad tag!"])
        #expect(frontBadTag.status == coreBadTag.status && frontBadTag.stderr == coreBadTag.stderr && frontBadTag.status != 0,
                "\(frontBadTag.stderr)")

        let openings = try auditEntries(cli).filter { $0["event"] as? String == "handle.opened" }
        func command(purpose: String) -> String? {
            let entry = openings.first { ($0["details"] as? [String: Any])?["purpose"] as? String == purpose }
            return (entry?["actor"] as? [String: Any])?["command"] as? String
        }
        #expect(command(purpose: "by-front") == "iamvault")
        #expect(command(purpose: "by-core") == "iamvault-core")
        #expect(command(purpose: "exec") == "iamvault")

        // `read` opens only the field it writes, on both paths, and the entry names it; `exec` opens all three.
        func parts(purpose: String) -> [String?] {
            openings.filter { ($0["details"] as? [String: Any])?["purpose"] as? String == purpose }
                .map { ($0["details"] as? [String: Any])?["parts"] as? String }
        }
        #expect(parts(purpose: "by-front") == ["secret"] && parts(purpose: "by-core") == ["secret"])
        #expect(parts(purpose: "read").sorted { ($0 ?? "") < ($1 ?? "") } == ["client-id", "client-id", "tenant", "tenant"])
        #expect(parts(purpose: "exec") == [nil])
    }

    /// A live agent behind a folder that is no longer private is not trusted: the front sends nothing and the
    /// full program refuses (exit 6); no opening is audited.
    @Test func aLiveAgentInAFolderThatIsNotPrivateGetsNoRequest() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let before = try auditEntries(cli).count
        chmod(cli.runtimeDirectory + "/iamvault", 0o777)
        for arguments in [["read", "Prod"], ["exec", "Prod", "--", "true"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 6 && result.stderr.contains("not a private folder"), "\(arguments): \(result.stderr)")
            #expect(result.output.isEmpty)
        }
        chmod(cli.runtimeDirectory + "/iamvault", 0o700)
        let openings = try auditEntries(cli).dropFirst(before).filter { $0["event"] as? String == "handle.opened" }
        #expect(openings.isEmpty, "nothing was asked of the agent")
    }

    /// A socket in the private folder whose listener is another uid (nobody) is not an agent of ours: neither
    /// program sends it a byte. Needs root to listen as another uid.
    @Test(.enabled(if: geteuid() == 0, "needs root to act as another uid"))
    func aSocketListenedByAnotherUIDGetsNoRequest() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let folder = cli.runtimeDirectory + "/iamvault"
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sock") })
        #expect(try cli.run(["lock"]).status == 0)
        let outside = cli.root + "/outside"
        mkdir(outside, 0o777)
        chmod(outside, 0o777)
        chmod(cli.root, 0o755)
        let foreign = Process()
        foreign.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Binds and listens as nobody (in Perl: the system's, which nobody can run, unlike a per-user Python);
        // reports how many bytes each connection sent before it closed or went quiet for 2 s.
        foreign.arguments = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "perl", "-e", """
            use Socket;
            socket(my $server, PF_UNIX, SOCK_STREAM, 0) or die;
            bind($server, sockaddr_un($ARGV[0])) or die;
            listen($server, 4) or die;
            $| = 1;
            print "ready\n";
            while (accept(my $connection, $server)) {
                my ($total, $buffer) = (0, "");
                while (1) {
                    my $ready = "";
                    vec($ready, fileno($connection), 1) = 1;
                    last unless select($ready, undef, undef, 2);
                    my $count = sysread($connection, $buffer, 65536);
                    last unless $count;
                    $total += $count;
                }
                print "received $total\n";
                close($connection);
            }
            """, outside + "/agent.sock"]
        let output = Pipe()
        foreign.standardOutput = output
        try foreign.run()
        defer { if foreign.isRunning { kill(foreign.processIdentifier, SIGKILL) } }
        #expect(String(decoding: output.fileHandleForReading.readData(ofLength: 6), as: UTF8.self) == "ready\n")
        #expect(rename(outside + "/agent.sock", folder + "/" + socket) == 0)

        for arguments in [["read", "Prod"], ["exec", "Prod", "--", "true"], ["status"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 6 && result.stderr.contains("the agent socket belongs to another user"), "\(arguments): \(result.stderr)")
            #expect(result.output.isEmpty || arguments == ["status"])
        }
        kill(foreign.processIdentifier, SIGKILL)
        foreign.waitUntilExit()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!report.contains(where: { $0.isNumber && $0 != "0" }), "the foreign listener was sent bytes: \(report)")
    }

    @Test func withoutTheFullProgramNextToItTheFrontSaysWhatIsMissing() throws {
        let cli = try CLIHarness()
        let alone = cli.root + "/alone"
        try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLIHarness.binary, toPath: alone + "/iamvault")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: alone + "/iamvault")
        process.arguments = ["list"]
        process.environment = cli.environment
        let error = Pipe()
        process.standardError = error
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 7)
        #expect(text.contains("cannot run \(alone)/iamvault-core") && text.contains("install iamvault-core in the same folder"), "\(text)")
    }

    /// The point of the front program: it does not load Foundation (whose start alone costs more than a read).
    @Test func theFrontProgramDoesNotLinkFoundation() throws {
        func needed(_ binary: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["readelf", "-d", "-W", binary]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return text.split(separator: "\n").filter { $0.contains("(NEEDED)") }.joined(separator: "\n")
        }
        let front = try needed(CLIHarness.binary)
        #expect(!front.isEmpty, "readelf listed no libraries")
        #expect(!front.contains("Foundation"), "\(front)")
        #expect(!front.contains("libcurl"), "\(front)")
        // The check can fail: the full program, built the same way, does depend on Foundation unless linked statically.
        let core = try needed(CLIHarness.buildFolder.appendingPathComponent("iamvault-core").path)
        #expect(core.contains("Foundation") || !core.contains("libswiftCore"), "\(core)")
    }

    func auditEntries(_ cli: CLIHarness) throws -> [[String: Any]] {
        let export = try cli.run(["audit", "export"])
        #expect(export.status == 0, "\(export.stderr)")
        return try export.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }
}
