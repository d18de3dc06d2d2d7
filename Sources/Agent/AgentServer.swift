public import Audit
import CHardening
import Synchronization
import Sodium
public import Foundation
public import Vault

/// The agent: holds the unlocked vault and serves requests on a Unix socket until it locks.
///
/// Guarantees:
/// - The socket is 0600 in a 0700 folder of this user; a stale socket from a crashed agent is replaced, a
///   live one is left alone (a second agent refuses to start).
/// - Every connection's peer uid is checked with SO_PEERCRED; any other uid is refused before a byte is read.
/// - It locks (wiping the vault key, recording why) after `idleTimeout` without a request, on a `lock`
///   request, and on SIGTERM, SIGINT or SIGHUP; then it removes its socket and returns.
/// - Requests are served one at a time, each with read/write timeouts, so a stuck client cannot hold it.
public final class AgentServer {
    public let paths: AgentPaths
    let handler: RequestHandler
    let idleTimeout: TimeInterval
    let time: any TimeSource
    private var listener: Int32 = -1
    private var deadline: Date
    private let deadlineBox: DeadlineBox

    /// Shares the current lock deadline with the handler (for `status`).
    final class DeadlineBox: @unchecked Sendable {
        // @unchecked Sendable: written and read only on the agent's single serving thread.
        var value: Date = .distantFuture
    }

    public init(paths: AgentPaths, vault: UnlockedVault, vaultPath: String, auditLog: AuditLog, idleTimeout: TimeInterval,
                time: any TimeSource = SystemTime()) {
        let box = DeadlineBox()
        self.paths = paths
        self.idleTimeout = idleTimeout
        self.time = time
        self.deadline = time.now().addingTimeInterval(idleTimeout)
        self.deadlineBox = box
        self.handler = RequestHandler(vault: vault, vaultPath: vaultPath, auditLog: auditLog, time: time,
                                      lockDeadline: { box.value })
        box.value = deadline
    }

    /// Creates the socket. Call before telling the parent the agent is ready.
    public func bind() throws {
        try paths.preparePrivateFolder()
        if let existing = try? UnixConnection.connect(to: paths.socket, timeoutSeconds: 1), (try? existing.peer()) != nil {
            throw ReportedError(exitCode: .refused, message: "an agent is already running for this vault",
                                hint: "use `iamvault status`, or `iamvault lock` first")
        }
        unlink(paths.socket)  // stale: nothing answered
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw AgentProtocolError.system("socket", errno).reported }
        var address = try UnixAddress(paths.socket)
        let previousMask = umask(0o177)
        let bound = address.withSockaddr { Glibc.bind(descriptor, $0, $1) }
        umask(previousMask)
        guard bound == 0, chmod(paths.socket, 0o600) == 0, listen(descriptor, 16) == 0 else {
            let code = errno
            close(descriptor)
            throw AgentProtocolError.system("bind", code).reported
        }
        listener = descriptor
    }

    /// Serves until locked; returns why it locked.
    @discardableResult
    public func run() throws -> LockCause {
        let signals = iamvault_termination_signal_fd()
        defer {
            if signals >= 0 { close(signals) }
            stopListening()
        }
        while true {
            let remaining = deadline.timeIntervalSince(time.now())
            if remaining <= 0 { return try lock(.timeout) }
            var descriptors = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, nfds_t(signals >= 0 ? 2 : 1), Int32(min(remaining * 1000, 60_000).rounded(.up)))
            if ready < 0, errno == EINTR { continue }
            if signals >= 0, descriptors[1].revents & Int16(POLLIN) != 0 {
                _ = iamvault_read_signal(signals)
                return try lock(.signal)
            }
            guard descriptors[0].revents & Int16(POLLIN) != 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            if try serve(UnixConnection(descriptor: client)) { return try lock(.command) }
        }
    }

    /// Serves one connection; true when it asked the agent to lock.
    private func serve(_ connection: UnixConnection) throws -> Bool {
        guard let peer = try? connection.peer(), peer.uid == geteuid() else {
            return false  // another user: refused without reading a byte
        }
        deadline = time.now().addingTimeInterval(idleTimeout)
        deadlineBox.value = deadline
        let actor = Self.actor(uid: peer.uid, pid: peer.pid)
        var locking = false
        let response: AgentResponse
        var secrets: [OwnedSecret] = []
        do {
            let frame = try AgentFrame.read(from: connection, maximumHeader: AgentFrame.maximumRequestHeader)
            let request = try AgentRequest(wireHeader: frame.header)
            if case .lock = request { locking = true }
            if case .listJSON(let tag, let enabled) = request {
                try AgentFrame(header: try WireJSON.encoder.encode(AgentResponse.reply(AgentReply())), secrets: []).write(to: connection)
                try? ListStream.serve(handler, tag: tag, enabled: enabled, actor: actor, to: connection)
                return false
            }
            let (reply, material) = try handler.handle(request, secrets: frame.secrets, actor: actor)
            secrets = material
            response = .reply(reply)
        } catch let error as AgentProtocolError {
            response = .failure(error.reported)
        } catch {
            response = .failure(ReportedError.from(error))
        }
        // Locking: stop listening before answering, so that once `lock` returns no new client can reach this
        // agent (a connection waiting in the backlog would look like a live agent to `unlock` or `status`).
        if locking { stopListening() }
        let header = WireJSON.header(for: response)
        try? AgentFrame(header: header, secrets: secrets).write(to: connection)
        return locking
    }

    private func stopListening() {
        guard listener >= 0 else { return }
        unlink(paths.socket)
        close(listener)
        listener = -1
    }

    private func lock(_ cause: LockCause) throws -> LockCause {
        handler.stopBrokers()
        try? handler.auditLog.lock(handler.vault, cause: cause, actor: .currentProcess(command: "iamvault-agent"))
        handler.vault.lock()
        return cause
    }

    private static let userNames = Mutex<[uid_t: String]>([:])

    /// Who is on the other end: uid from the kernel, user name from the password database (looked up once per
    /// uid for the agent's life: every request comes from its own user, and reading /etc/passwd cost a system
    /// call pair and a parse per request), command from /proc.
    static func actor(uid: uid_t, pid: pid_t) -> AuditActor {
        let user = userNames.withLock { names in
            if let known = names[uid] { return known }
            var name = String(uid)
            if let entry = getpwuid(uid), let pwName = entry.pointee.pw_name { name = String(cString: pwName) }
            names[uid] = name
            return name
        }
        let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "unknown"
        return AuditActor(user: user, uid: uid, pid: pid, command: command)
    }
}

/// The JSON coders of the agent protocol.
enum WireJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }

    /// An answer's header: the answer to `open` by hand (`OpenedAnswerJSON`), any other by `encoder`.
    static func header(for response: AgentResponse) -> Data {
        if case .reply(let reply) = response, let opened = reply.openedOnly, let bytes = OpenedAnswerJSON.bytes(opened) {
            return Data(bytes)
        }
        return (try? encoder.encode(response)) ?? Data()
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
