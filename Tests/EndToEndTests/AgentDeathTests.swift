import Foundation
import IAMVaultTestSupport
import Testing

/// A client whose agent dies between receiving a request and answering it cannot know whether the change was
/// made (the crash-safety harness saw a rotate committed by an agent killed before it replied). It must say so
/// rather than imply, with exit 7, that nothing changed.
@Suite("The agent dies mid-request: the client says the outcome is unknown", .serialized)
struct AgentDeathTests {
    /// Stands in for an agent on `socket` (the first argument): reads one whole request frame; what it then
    /// does on `connection` follows (here, in `silentAgent`; `ListStreamTests` answers with a broken stream).
    static let standInReadingOneRequest = """
        import socket, struct, sys
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(sys.argv[1]); server.listen(1)
        print("ready", flush=True)
        connection, _ = server.accept()
        def exactly(n):
            data = b""
            while len(data) < n:
                chunk = connection.recv(n - len(data))
                if not chunk: raise SystemExit(1)
                data += chunk
            return data
        exactly(struct.unpack(">I", exactly(4))[0])
        for _ in range(struct.unpack(">I", exactly(4))[0]):
            exactly(struct.unpack(">I", exactly(4))[0])

        """

    /// Stands in for an agent on `socket`: reads one whole request frame, then closes without answering.
    static let silentAgent = standInReadingOneRequest + "connection.close()\n"

    @Test func aRequestTheAgentReceivedButNeverAnsweredIsReportedAsUnknown() throws {
        let (cli, fake) = try agentReplacedBySilentStandIn()
        defer { if fake.isRunning { kill(fake.processIdentifier, SIGKILL) } }
        let rotate = try cli.run(["rotate", "Prod", "--secret-stdin"], stdin: Data(azureSecret(2).utf8))
        #expect(rotate.status == 7, "\(rotate.stderr)")
        #expect(rotate.stderr.contains("the agent stopped before it answered"), "\(rotate.stderr)")
        #expect(rotate.stderr.contains("may or may not have been carried out"), "\(rotate.stderr)")
        #expect(!rotate.stderr.contains(azureSecret(2)))
        fake.waitUntilExit()
        #expect(fake.terminationStatus == 0, "the stand-in read one whole request")
    }

    /// The front program (a plain `read`) speaks the frame itself: the same unknown outcome, in the same words.
    @Test func aReadTheAgentNeverAnsweredIsReportedAsUnknownByTheFrontProgram() throws {
        let (cli, fake) = try agentReplacedBySilentStandIn()
        defer { if fake.isRunning { kill(fake.processIdentifier, SIGKILL) } }
        let read = try cli.run(["read", "Prod"])
        #expect(read.status == 7, "\(read.stderr)")
        #expect(read.stderr.contains("the agent stopped before it answered (the agent connection closed mid-message)"), "\(read.stderr)")
        #expect(read.stderr.contains("may or may not have been carried out"), "\(read.stderr)")
        #expect(read.output.isEmpty)
        fake.waitUntilExit()
        #expect(fake.terminationStatus == 0, "the stand-in read one whole request")
    }

    /// A vault with one account whose agent was killed, and a stand-in on its socket that never answers.
    func agentReplacedBySilentStandIn() throws -> (CLIHarness, Process) {
        let cli = try CLIHarness()
        try cli.initialize()
        #expect(try cli.addAccount("Prod", secret: azureSecret(1)).status == 0)
        #expect(try cli.run(["unlock"], passphrase: true).status == 0)
        let status = try JSONSerialization.jsonObject(with: try cli.run(["status", "--json"]).stdout) as? [String: Any]
        let pid = try #require(status?["agentPID"] as? Int)
        let folder = cli.runtimeDirectory + "/iamvault"
        let socket = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".sock") })
        kill(pid_t(pid), SIGKILL)
        for _ in 0..<100 where kill(pid_t(pid), 0) == 0 && !isZombie(pid) { Thread.sleep(forTimeInterval: 0.05) }
        try FileManager.default.removeItem(atPath: folder + "/" + socket)

        let fake = Process()
        fake.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        fake.arguments = [ProcessInfo.processInfo.environment["IAMVAULT_TEST_PYTHON"] ?? "python3", "-c", Self.silentAgent,
                          folder + "/" + socket]
        let ready = Pipe()
        fake.standardOutput = ready
        try fake.run()
        #expect(String(decoding: ready.fileHandleForReading.readData(ofLength: 6), as: UTF8.self) == "ready\n")
        return (cli, fake)
    }

    func isZombie(_ pid: Int) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return stat[stat.index(close, offsetBy: 2)] == "Z"
    }
}
