import Foundation
import IAMVaultTestSupport
import Testing

/// Runs the built `iamvault` binary as a user would, in a private temporary home: its own vault path and
/// agent folder. Every agent it starts is locked (and so stopped) when the harness is released.
final class CLIHarness: @unchecked Sendable {
    // @unchecked Sendable: immutable after init; tests use one harness from one task.
    let root: String
    let vaultPath: String
    let runtimeDirectory: String
    let passphraseFile: String
    /// Added to every child's environment (e.g. the Azure emulator's endpoints).
    let extraEnvironment: [String: String]
    /// Kept alive as long as the harness (e.g. the emulator its environment points at).
    let companion: AnyObject?
    static let passphrase = "correct horse battery staple"

    /// The binaries sit next to the test bundle in the build folder.
    static let buildFolder = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    static let binary = buildFolder.appendingPathComponent("iamvault").path

    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: String
        var output: String { String(decoding: stdout, as: UTF8.self) }
    }

    init(environment extra: [String: String] = [:], companion: AnyObject? = nil) throws {
        extraEnvironment = extra
        self.companion = companion
        var template = Array((NSTemporaryDirectory() + "iamvault-e2e-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        root = String(cString: created)
        vaultPath = root + "/data/vault.db"
        runtimeDirectory = root + "/run"
        mkdir(runtimeDirectory, 0o700)
        passphraseFile = root + "/passphrase"
        try Data((Self.passphrase + "\n").utf8).write(to: URL(fileURLWithPath: passphraseFile))
    }

    deinit {
        _ = try? run(["lock"])
        stopStrayAgents()
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Kills any agent still serving this harness's vault (a test that failed half-way may leave one).
    func stopStrayAgents() {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        for pid in pids.compactMap(Int32.init) {
            guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
            let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if arguments.contains("agent"), arguments.contains(vaultPath) { kill(pid, SIGKILL) }
        }
    }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["IAMVAULT_PATH"] = vaultPath
        environment["XDG_RUNTIME_DIR"] = runtimeDirectory
        environment["HOME"] = root
        environment.merge(extraEnvironment) { _, new in new }
        return environment
    }

    /// Runs `iamvault ARGS` with `stdin` as standard input. With `passphrase`, the passphrase file is open on
    /// descriptor 3 and `--passphrase-fd 3` is added; with `viaDescriptor3` only the descriptor is opened (the
    /// arguments name it); `descriptor4` opens that file on descriptor 4. `stdinFile` replaces `stdin` by a file
    /// (for inputs larger than a pipe holds, which the binary may refuse before reading them all); `wrapper`
    /// runs the binary under another command (`prlimit`, `setpriv`).
    @discardableResult
    func run(_ arguments: [String], stdin: Data = Data(), passphrase: Bool = false, viaDescriptor3: Bool = false,
             descriptor4: String? = nil, stdinFile: String? = nil, wrapper: [String] = [],
             environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        var redirections = ""
        if passphrase || viaDescriptor3 { redirections += " 3<\"$IAMVAULT_TEST_PASSPHRASE_FILE\"" }
        if descriptor4 != nil { redirections += " 4<\"$IAMVAULT_TEST_FD4_FILE\"" }
        if stdinFile != nil { redirections += " <\"$IAMVAULT_TEST_STDIN_FILE\"" }
        process.arguments = ["-c", "exec \"$0\" \"$@\"" + redirections] + wrapper + [Self.binary] + arguments
            + (passphrase ? ["--passphrase-fd", "3"] : [])
        var environment = self.environment
        environment["IAMVAULT_TEST_PASSPHRASE_FILE"] = passphraseFile
        environment["IAMVAULT_TEST_FD4_FILE"] = descriptor4 ?? ""
        environment["IAMVAULT_TEST_STDIN_FILE"] = stdinFile ?? ""
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        if stdinFile == nil { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: out, stderr: String(decoding: err, as: UTF8.self))
    }

    /// Creates the vault at the floor KDF cost; returns the recovery key printed once.
    @discardableResult
    func initialize() throws -> String {
        let result = try run(["init", "--kdf-memory", "64", "--kdf-ops", "2"], passphrase: true)
        #expect(result.status == 0, "init failed: \(result.stderr)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func addAccount(_ name: String, secret: String, extra: [String] = []) throws -> Result {
        try run(["add", name, "--tenant", "contoso.onmicrosoft.com", "--client-id", "11112222-3333-4444-8555-666677778888",
                 "--secret-stdin"] + extra, stdin: Data(secret.utf8), passphrase: true)
    }

    func json(_ arguments: [String], passphrase: Bool = true) throws -> Any {
        let result = try run(arguments + ["--json"], passphrase: passphrase)
        #expect(result.status == 0, "\(arguments) failed: \(result.stderr)")
        return try JSONSerialization.jsonObject(with: result.stdout)
    }
}

