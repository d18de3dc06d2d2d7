import Foundation
import Sodium

/// Where the agent's socket lives: `$XDG_RUNTIME_DIR/iamvault/` (a per-user tmpfs), else a 0700 folder
/// `/tmp/iamvault-<uid>/`. One agent per vault: the socket is named after a hash of the vault's real path.
public struct AgentPaths: Sendable {
    public let folder: String
    public let socket: String

    public init(vaultPath: String, environment: [String: String]) {
        let uid = getuid()
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            folder = runtime + "/iamvault"
        } else {
            folder = "/tmp/iamvault-\(uid)"
        }
        let resolved = URL(fileURLWithPath: vaultPath).standardizedFileURL.path
        let digest = (try? GenericHash.hash(Array(resolved.utf8), byteCount: 16)) ?? []
        // Lower-case hex by hand: String(format:) costs two million instructions on first use, a fifth of a `read`.
        let digits = Array("0123456789abcdef")
        let name = String(digest.prefix(6).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
        socket = folder + "/agent-\(name).sock"
    }

    /// Creates the folder 0700 if needed and checks that it is ours and private (another user could
    /// otherwise place a socket where our client would trust it).
    public func preparePrivateFolder() throws {
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw ReportedError(exitCode: .operationFailed, message: "cannot create \(folder): \(String(cString: strerror(errno)))")
        }
        try checkPrivateFolder()
    }

    /// Refuses a folder that is not a directory owned by this user with mode 0700.
    public func checkPrivateFolder() throws {
        var status = stat()
        guard lstat(folder, &status) == 0 else {
            throw ReportedError(exitCode: .locked, message: "the vault is locked (no agent)", hint: "run `iamvault unlock`")
        }
        guard (status.st_mode & S_IFMT) == S_IFDIR, status.st_uid == geteuid(), status.st_mode & 0o077 == 0 else {
            throw ReportedError(
                exitCode: .refused, message: "\(folder) is not a private folder of this user",
                hint: "remove it, or set XDG_RUNTIME_DIR to a private folder; iamvault will not trust a socket there")
        }
    }
}
