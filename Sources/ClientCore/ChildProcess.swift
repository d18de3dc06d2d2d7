import CHardening
import Glibc
public import Sodium

/// Starts the child of `exec`: with the credential in its environment, built in guarded memory (never a
/// Swift `String`), or with an environment the caller chose. The child starts with every signal at its default
/// action and none blocked. Foundation-free: the `iamvault` front program runs `exec` through it.
public enum ChildProcess {
    /// The variables Azure SDKs' EnvironmentCredential reads, in the order of the credential's parts.
    public static let variables = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"]

    /// Starts `command` with this process's environment, minus any of `variables`, plus the credential.
    /// Returns the child's pid, or the errno of posix_spawnp.
    public static func spawn(_ command: [String], credential: (OwnedSecret, OwnedSecret, OwnedSecret)) throws(ClientProblem) -> Int32 {
        let values = [credential.0, credential.1, credential.2]
        let names = variables.map { Array($0.utf8) + [UInt8(ascii: "=")] }
        let total = zip(names, values).reduce(0) { $0 + $1.0.count + $1.1.bytes.count + 1 }
        let block: SecretBytes
        do {
            block = try SecretBytes(count: total) { out in
                var offset = 0
                for (name, value) in zip(names, values) {
                    for byte in name { out[offset] = byte; offset += 1 }
                    value.bytes.withUnsafeBytes { bytes in for byte in bytes { out[offset] = byte; offset += 1 } }
                    out[offset] = 0
                    offset += 1
                }
            }
        } catch {
            throw ClientProblem(exitCode: 7, message: "cannot allocate guarded memory for the child's environment")
        }
        let inherited = inheritedEnvironment(excluding: variables)
        var arguments = command.map { strdup($0) }
        defer {
            inherited.forEach { free($0) }
            arguments.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result: Int32 = block.withUnsafeBytes { guarded in
            var environment = inherited
            var offset = 0
            for (name, value) in zip(names, values) {
                environment.append(UnsafeMutablePointer(mutating: guarded.baseAddress!.advanced(by: offset).assumingMemoryBound(to: CChar.self)))
                offset += name.count + value.bytes.count + 1
            }
            environment.append(nil)
            arguments.append(nil)
            defer { arguments.removeLast() }
            return spawnWithDefaultSignals(&pid, command[0], arguments, environment)
        }
        guard result == 0 else { throw cannotRun(command[0], result) }
        return pid
    }

    /// Starts a child with exactly `environment` (no credential of ours in it).
    public static func spawn(_ command: [String], environment: [String: String]) throws(ClientProblem) -> Int32 {
        var variables = environment.map { strdup("\($0.key)=\($0.value)") }
        var arguments = command.map { strdup($0) }
        defer {
            variables.forEach { free($0) }
            arguments.forEach { free($0) }
        }
        variables.append(nil)
        arguments.append(nil)
        var pid: pid_t = 0
        let result = spawnWithDefaultSignals(&pid, command[0], arguments, variables)
        variables.removeLast()
        arguments.removeLast()
        guard result == 0 else { throw cannotRun(command[0], result) }
        return pid
    }

    /// Waits for the child; returns its exit code, or 128 + the signal that ended it.
    public static func wait(_ pid: Int32) -> Int32 {
        signal(SIGINT, SIG_IGN)  // the terminal's Ctrl-C reaches the child; we wait for its outcome
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 7 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    private static func cannotRun(_ file: String, _ code: Int32) -> ClientProblem {
        ClientProblem(exitCode: 2, message: "cannot run \(file): \(ClientProblem.describe(code))")
    }

    /// Copies of this process's `NAME=value` strings, without the named variables.
    private static func inheritedEnvironment(excluding names: [String]) -> [UnsafeMutablePointer<CChar>?] {
        ProcessEnvironment.entries().filter { entry in
            !names.contains { name in entry.hasPrefix(name + "=") }
        }.map { strdup($0) }
    }

    /// posix_spawnp with every signal at its default action and none blocked in the child: what this process
    /// ignores (SIGXFSZ always, SIGINT while it waits) is not the child's business.
    private static func spawnWithDefaultSignals(
        _ pid: inout pid_t, _ file: String, _ arguments: [UnsafeMutablePointer<CChar>?], _ environment: [UnsafeMutablePointer<CChar>?]
    ) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let configured = iamvault_spawnattr_child_defaults(&attributes)
        guard configured == 0 else { return configured }
        return posix_spawnp(&pid, file, nil, &attributes, arguments, environment)
    }
}
