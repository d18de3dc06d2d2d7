import Glibc
import Sodium

/// Where the agent's socket lives: `$XDG_RUNTIME_DIR/iamvault/` (a per-user tmpfs), else a 0700 folder
/// `/tmp/iamvault-<uid>/`. One agent per vault: the socket is named after a hash of the vault's absolute path
/// (`StandardPath.absolute`), so every client of the same vault finds the same agent.
public struct AgentPaths: Sendable {
    public let folder: String
    public let socket: String

    public init(vaultPath: String, environment: [String: String]) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            folder = runtime + "/iamvault"
        } else {
            folder = "/tmp/iamvault-\(getuid())"
        }
        let digest = (try? GenericHash.hash(Array(StandardPath.absolute(vaultPath).utf8), byteCount: 16)) ?? []
        let digits = Array("0123456789abcdef")
        let name = String(digest.prefix(6).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
        socket = folder + "/agent-\(name).sock"
    }

    /// What the socket's folder is; only a `.private` folder's socket may be trusted.
    public enum FolderState: Equatable, Sendable {
        /// No such folder: no agent runs.
        case missing
        /// A directory owned by this user with mode 0700.
        case `private`
        /// Something else: another user could have placed a socket there.
        case notPrivate
    }

    public var folderState: FolderState {
        var status = stat()
        guard lstat(folder, &status) == 0 else { return .missing }
        guard (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid(), status.st_mode & 0o077 == 0 else { return .notPrivate }
        return .private
    }

    /// The problem to report for a folder that is not `.private` (nil for a private one).
    public var folderProblem: ClientProblem? {
        switch folderState {
        case .private: return nil
        case .missing: return ClientProblem(exitCode: 3, message: "the vault is locked (no agent)", hint: "run `iamvault unlock`")
        case .notPrivate:
            return ClientProblem(
                exitCode: 6, message: "\(folder) is not a private folder of this user",
                hint: "remove it, or set XDG_RUNTIME_DIR to a private folder; iamvault will not trust a socket there")
        }
    }
}
