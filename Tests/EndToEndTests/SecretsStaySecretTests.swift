import Foundation
import IAMVaultTestSupport
import Testing

/// Threat model, "secrets stay secret": a scripted session captures, rotates, reads and execs known values,
/// one-shot and through the agent; then every place a value could leak to is searched for each of them.
@Suite("Secrets stay secret", .serialized)
struct SecretsStaySecretTests {
    /// Each value as raw bytes and in the encodings a careless program would write it in.
    static func forms(of value: String) -> [Data] {
        let raw = Data(value.utf8)
        return [raw, Data(raw.map { String(format: "%02x", $0) }.joined().utf8), Data(raw.base64EncodedString().utf8)]
    }

    /// Every regular file under `folder`, recursively, except `excluded`.
    static func files(under folder: String, excluding excluded: Set<String>) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        return walker.compactMap { $0 as? String }.map { folder + "/" + $0 }.filter { path in
            var status = stat()
            return !excluded.contains(path) && lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// The names of the places (files, outputs) where any form of any value was found.
    static func leaks(of values: [String: String], in places: [String: Data]) -> [String] {
        var found: [String] = []
        for (place, contents) in places {
            for (label, value) in values where forms(of: value).contains(where: { contents.range(of: $0) != nil }) {
                found.append("\(label) in \(place)")
            }
        }
        return found.sorted()
    }

    @Test func aScriptedSessionLeavesNoSecretAnywhereItCanBeFound() throws {
        let cli = try CLIHarness()
        var printed: [String: Data] = [:]  // everything the CLI printed, except the values `read` was asked for
        func run(_ label: String, _ arguments: [String], stdin: Data = Data(), passphrase: Bool = false,
                 stdoutIsTheSecret: Bool = false) throws -> CLIHarness.Result {
            let result = try cli.run(arguments, stdin: stdin, passphrase: passphrase)
            #expect(result.status == 0, "\(label): \(result.stderr)")
            printed["stderr of \(label)"] = Data(result.stderr.utf8)
            if !stdoutIsTheSecret { printed["stdout of \(label)"] = result.stdout }
            return result
        }
        let prod = (1...5).map { azureSecret(60 + $0) }, build = azureSecret(70)
        // Where the child of `exec` finds the value to compare with: outside the searched folder.
        let expected = try TemporaryFolder(prefix: "iamvault-expected")
        let child = """
            test "$AZURE_CLIENT_SECRET" = "$(cat "$EXPECTED")" || exit 9
            grep '^Max core file size' /proc/$PPID/limits
            """

        let recovery = try cli.initialize()
        #expect(recovery.count >= 40, "init printed the recovery key")
        _ = try run("add", ["add", "Prod", "--tenant", "contoso.onmicrosoft.com", "--client-id", "11112222-3333-4444-8555-666677778888",
                            "--secret-stdin"], stdin: Data(prod[0].utf8), passphrase: true)
        let azJSON = #"{"appId":"4c2a1e6f-8b1d-4e7a-9f3c-2d5b6a7c8e9f","displayName":"Build","password":"\#(build)","tenant":"contoso.onmicrosoft.com"}"#
        _ = try run("add --from-az-json", ["add", "--from-az-json", "-"], stdin: Data(azJSON.utf8), passphrase: true)
        _ = try run("one-shot rotate", ["rotate", "Prod", "--secret-stdin"], stdin: Data(prod[1].utf8), passphrase: true)
        #expect(try run("one-shot read", ["read", "Prod"], passphrase: true, stdoutIsTheSecret: true).output == prod[1])
        try Data(prod[1].utf8).write(to: URL(fileURLWithPath: expected.file("value")))
        let oneShotExec = try cli.run(["exec", "Prod", "--passphrase-fd", "3", "--", "sh", "-c", child], viaDescriptor3: true,
                                      environment: ["EXPECTED": expected.file("value")])
        #expect(oneShotExec.status == 0, "the child got the value: \(oneShotExec.stderr)")
        #expect(oneShotExec.output.contains("Max core file size") && oneShotExec.output.contains(" 0 "), "\(oneShotExec.output)")
        printed["stderr of one-shot exec"] = Data(oneShotExec.stderr.utf8)

        _ = try run("unlock", ["unlock", "--timeout", "10m"], passphrase: true)
        let status = try #require(try JSONSerialization.jsonObject(with: run("status", ["status", "--json"]).stdout) as? [String: Any])
        #expect(status["agentDumpable"] as? Bool == false)
        #expect(status["clientDumpable"] as? Bool == false)
        let agent = try #require(status["agentPID"] as? Int)
        for (index, value) in prod.enumerated().dropFirst(2) {
            _ = try run("agent rotate \(index + 1)", ["rotate", "Prod", "--secret-stdin"], stdin: Data(value.utf8))
        }
        #expect(try run("agent read", ["read", "Prod"], stdoutIsTheSecret: true).output == prod[4])
        try Data(prod[4].utf8).write(to: URL(fileURLWithPath: expected.file("value")))
        let agentExec = try cli.run(["exec", "Prod", "--", "sh", "-c", child], environment: ["EXPECTED": expected.file("value")])
        #expect(agentExec.status == 0, "\(agentExec.stderr)")
        #expect(agentExec.output.contains("Max core file size") && agentExec.output.contains(" 0 "), "\(agentExec.output)")
        printed["stderr of agent exec"] = Data(agentExec.stderr.utf8)
        _ = try run("remove", ["remove", "Build", "--yes"])
        _ = try run("show", ["show", "Prod", "--json"])
        _ = try run("list", ["list", "--json"])
        try run("audit export", ["audit", "export"]).stdout.write(to: URL(fileURLWithPath: cli.root + "/audit.jsonl"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.root + "/audit.jsonl")).count > 1000, "the export is not empty")

        // The agent, from outside: hardened, its keys in locked memory, nothing in its command line or environment.
        let limits = try String(contentsOfFile: "/proc/\(agent)/limits", encoding: .utf8)
        #expect(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }?.split(separator: " ", omittingEmptySubsequences: true)
            .dropFirst(4).prefix(2).elementsEqual(["0", "0"]) == true, "\(limits)")
        let processStatus = try String(contentsOfFile: "/proc/\(agent)/status", encoding: .utf8)
        let locked = processStatus.split(separator: "\n").first { $0.hasPrefix("VmLck:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) }
        #expect((locked ?? 0) >= 4, "the agent's key memory is mlocked (VmLck \(locked ?? 0) kB)")
        var places = printed
        for file in ["cmdline", "environ"] {
            // Readable to root (and so searched); to anyone else a non-dumpable process's environ is not readable at all.
            if let contents = FileManager.default.contents(atPath: "/proc/\(agent)/\(file)") { places["agent \(file)"] = contents }
        }
        #expect(geteuid() != 0 || places["agent environ"] != nil, "as root the agent's environment is searched")

        let values = Dictionary(uniqueKeysWithValues: prod.enumerated().map { ("Prod v\($0.offset + 1)", $0.element) }
            + [("Build (removed)", build), ("passphrase", CLIHarness.passphrase), ("recovery key", recovery)])
        let own = Set([cli.passphraseFile])
        let whileUnlocked = Self.files(under: cli.root, excluding: own)
        #expect(whileUnlocked.contains(cli.vaultPath) && whileUnlocked.contains(cli.vaultPath + "-wal"), "\(whileUnlocked)")
        for path in whileUnlocked { places["\(path) (unlocked)"] = try Data(contentsOf: URL(fileURLWithPath: path)) }
        _ = try run("lock", ["lock"])
        // `lock` answers before the agent has closed the vault (which removes the WAL): search what it leaves.
        let deadline = Date().addingTimeInterval(10)
        while kill(pid_t(agent), 0) == 0, Date() < deadline { usleep(20_000) }
        #expect(kill(pid_t(agent), 0) != 0, "the agent exits after lock")
        for path in Self.files(under: cli.root, excluding: own) { places["\(path) (locked)"] = try Data(contentsOf: URL(fileURLWithPath: path)) }

        #expect(Self.leaks(of: values, in: places) == [])
        // The search is not vacuous: the same search finds a value where it is known to be.
        #expect(Self.leaks(of: ["probe": prod[4]], in: ["read output": Data(prod[4].utf8)]) == ["probe in read output"])
    }
}
