import Foundation
import IAMVaultTestSupport
import Testing

/// `list --json` streamed by the agent (`ListStream`): a list of many chunks arrives whole and the same as
/// without an agent; a stream cut short, an oversize chunk or a failure after some chunks prints nothing on
/// standard output and reports the error.
@Suite("list --json streamed by the agent", .serialized)
struct ListStreamTests {
    /// Fills the vault with `count` accounts through vault-fill-bench (one process, not one per account).
    static func fill(_ cli: CLIHarness, count: Int) throws {
        let lines = (0..<count).map { index in
            "app-\(String(format: "%05d", count - index))\tcontoso.onmicrosoft.com\t11112222-3333-4444-8555-\(String(format: "%012d", index))\t\(azureSecret(1000 + index))"
        }
        let filler = Process()
        let input = Pipe()
        filler.standardInput = input
        filler.standardOutput = FileHandle.nullDevice
        // vault-fill-bench reads the passphrase from a descriptor: the shell opens the file on 3.
        filler.executableURL = URL(fileURLWithPath: "/bin/sh")
        filler.arguments = ["-c", "exec \"$0\" fill \"$1\" 3 3<\"$2\"",
                            CLIHarness.buildFolder.appendingPathComponent("vault-fill-bench").path, cli.vaultPath, cli.passphraseFile]
        try filler.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        filler.waitUntilExit()
        #expect(filler.terminationStatus == 0)
    }

    @Test func aListOfManyChunksArrivesWholeAndTheSameWithAndWithoutTheAgent() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        try Self.fill(cli, count: 900)  // about 600 bytes each: over two chunks of 256 KiB
        let inProcess = try cli.run(["list", "--json"], passphrase: true)
        #expect(inProcess.status == 0, "\(inProcess.stderr)")
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let streamed = try cli.run(["list", "--json"])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout.count > 2 * (256 << 10))
        #expect(streamed.stdout == inProcess.stdout)
        let accounts = try #require(try JSONSerialization.jsonObject(with: streamed.stdout) as? [[String: Any]])
        let names = accounts.compactMap { $0["name"] as? String }
        #expect(names.count == 900 && names == names.sorted())
        #expect(streamed.stdout.range(of: Data(azureSecret(1000).utf8)) == nil)
        let table = try cli.run(["list"])
        #expect(table.output.split(separator: "\n").count == 901)
    }

    /// The agent renders batches of 512 accounts on several threads and sends what each batch kept: a batch
    /// whose accounts are all filtered out sends nothing (an empty chunk would end the stream), and elements
    /// from different batches and threads join into one list.
    @Test func aFilteredListJoinsBatchesAndSkipsBatchesWithNothingKept() throws {
        let cli = try CLIHarness()
        try cli.initialize()
        try Self.fill(cli, count: 900)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        var last = Data()
        func tagged() throws -> [String] {
            let streamed = try cli.run(["list", "--json", "--tag", "special"])
            #expect(streamed.status == 0, "\(streamed.stderr)")
            last = streamed.stdout
            let accounts = try #require(try JSONSerialization.jsonObject(with: streamed.stdout) as? [[String: Any]])
            return accounts.compactMap { $0["name"] as? String }
        }
        #expect(try tagged() == [])
        for name in ["app-00700", "app-00900"] {
            #expect(try cli.run(["edit", name, "--tag", "special"]).status == 0)
        }
        #expect(try tagged() == ["app-00700", "app-00900"])
        #expect(try cli.run(["edit", "app-00003", "--tag", "special"]).status == 0)
        #expect(try tagged() == ["app-00003", "app-00700", "app-00900"])
        #expect(try cli.run(["lock"]).status == 0)
        let inProcess = try cli.run(["list", "--json", "--tag", "special"], passphrase: true)
        #expect(inProcess.stdout == last, "the agent's stream differs from the list rendered in-process")
    }

    @Test func anIntegrityFailurePrintsNothingAndExits5() throws {
        let cli = try TamperCLITests.vault(other: true)
        try TamperCLITests.tamper(cli, table: "entry", column: "sealed_metadata", row: "1 = 1", byte: 40)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        // The table reads the same stream: all or nothing too.
        for arguments in [["list", "--json"], ["list"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 5, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.hasPrefix("iamvault: error: integrity check failed"), "\(arguments): \(result.stderr)")
        }
    }

    /// A stand-in agent: reads one request, answers `{"reply":…}`, then plays `mode`.
    static let fakeAgent = AgentDeathTests.standInReadingOneRequest + """
        import json
        mode = sys.argv[2]
        def frame(obj):
            header = json.dumps(obj).encode()
            connection.sendall(struct.pack(">I", len(header)) + header + struct.pack(">I", 0))
        frame({"reply": {"_0": {}}})
        start = b"[\\n  {\\n    \\"name\\" : \\"x\\"\\n  }"
        if mode == "truncated":
            connection.sendall(struct.pack(">I", 100) + start)
        elif mode == "oversize":
            connection.sendall(struct.pack(">I", 2 << 20) + b"x" * 4096)
        elif mode == "failure":
            connection.sendall(struct.pack(">I", len(start)) + start + struct.pack(">I", 0))
            frame({"failure": {"_0": {"exitCode": 5, "message": "integrity check failed: stand-in", "hint": "restore"}}})
        elif mode == "no-end":
            connection.sendall(struct.pack(">I", len(start)) + start + struct.pack(">I", 0))
        connection.close()
        """

    @Test(arguments: [("truncated", Int32(7), "stopped part-way"), ("oversize", 7, "too large"),
                      ("failure", 5, "integrity check failed: stand-in"), ("no-end", 7, "stopped part-way")])
    func aHostileOrDyingAgentGetsAClearErrorAndNothingPrinted(mode: String, exit: Int32, message: String) throws {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let folder = cli.runtimeDirectory + "/iamvault"
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sock") })
        #expect(try cli.run(["lock"]).status == 0)

        let fake = Process()
        fake.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fake.arguments = [ProcessInfo.processInfo.environment["IAMVAULT_TEST_PYTHON"] ?? "python3", "-c", Self.fakeAgent,
                          folder + "/" + socket, mode]
        let ready = Pipe()
        fake.standardOutput = ready
        try fake.run()
        defer { if fake.isRunning { kill(fake.processIdentifier, SIGKILL) } }
        #expect(String(decoding: ready.fileHandleForReading.readData(ofLength: 6), as: UTF8.self) == "ready\n")

        let result = try cli.run(["list", "--json"])
        #expect(result.status == exit, "\(mode): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(mode)")
        #expect(result.stderr.contains(message), "\(mode): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        fake.waitUntilExit()
    }
}
