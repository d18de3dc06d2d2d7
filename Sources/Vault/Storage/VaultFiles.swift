import Foundation

/// File-system rules for vault files: private folder, private file, never overwrite, never follow a link.
enum VaultFiles {
    /// Creates the parent folder (0700) if needed, then an empty file with O_CREAT|O_EXCL|O_NOFOLLOW, 0600.
    static func createPrivateFile(at path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw VaultError(.storageFailure(reason: "cannot create the folder \(folder)"))
            }
        }
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw VaultError(.vaultAlreadyExists(path: path)) }
            throw VaultError(.storageFailure(reason: "cannot create \(path): \(String(cString: strerror(errno)))"))
        }
        // The umask may have narrowed the mode further; never wider than 0600.
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Checks that `path` is a regular file owned by this user and not accessible to anyone else.
    static func checkExistingPrivateFile(at path: String) throws {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { throw VaultError(.vaultNotFound(path: path)) }
            throw VaultError(.storageFailure(reason: "cannot read \(path): \(String(cString: strerror(errno)))"))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw VaultError(.notAVault(path: path, reason: "it is not a regular file"))
        }
        guard status.st_uid == geteuid() else {
            throw VaultError(.insecurePermissions(path: path, mode: UInt32(status.st_mode)))
        }
        guard status.st_mode & 0o077 == 0 else {
            throw VaultError(.insecurePermissions(path: path, mode: UInt32(status.st_mode)))
        }
    }

    /// Removes a vault file and its journal files (used only when creating the vault failed).
    static func removeVaultFiles(at path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
