import Agent
import CHardening
import Foundation
import Sodium

/// Starts the agent as a child process (`iamvault agent`), hands it the passphrase over a pipe (never argv or
/// env), and waits for it to say it is ready (or why it is not).
///
/// Uses posix_spawn and waitpid directly: the launcher must work whatever signal dispositions it inherited
/// (an ignored SIGCHLD makes the kernel reap children, which Foundation's Process does not expect).
enum AgentLauncher {
    static func start(vaultPath: String, timeoutSeconds: Double, passphrase: borrowing SecretBytes) throws {
        var toAgent: [Int32] = [0, 0], fromAgent: [Int32] = [0, 0]
        guard pipe(&toAgent) == 0, pipe(&fromAgent) == 0 else {
            throw ReportedError(exitCode: .operationFailed, message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Our ends must not leak into the agent (or into children spawned later).
        for fd in toAgent + fromAgent { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toAgent[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromAgent[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        // The agent outlives this command: it must not keep open anything else we inherited.
        _ = iamvault_spawn_close_from(&actions, 3)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let words: [String] = [executable, "agent", "--vault", vaultPath, "--idle-seconds", String(Int(timeoutSeconds))]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, arguments + [nil], environ)
        close(toAgent[0])
        close(fromAgent[1])
        defer { close(fromAgent[0]) }
        guard spawned == 0 else {
            close(toAgent[1])
            throw ReportedError(exitCode: .operationFailed, message: "cannot start the agent: \(String(cString: strerror(spawned)))")
        }
        let written = Result { try SecretInput.write(passphrase, to: toAgent[1]) }
        var newline: UInt8 = 0x0A
        _ = write(toAgent[1], &newline, 1)
        close(toAgent[1])
        try written.get()
        let answer = readAll(fromAgent[0])
        if answer.hasPrefix("ready") { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        if let line = answer.split(separator: "\n").first, let error = try? JSONDecoder().decode(ReportedError.self, from: Data(line.utf8)) {
            throw error
        }
        throw ReportedError(exitCode: .operationFailed, message: "the agent did not start")
    }

    private static func readAll(_ fd: Int32) -> String {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > 65_536 { break }
        }
        return String(decoding: data, as: UTF8.self)
    }
}
