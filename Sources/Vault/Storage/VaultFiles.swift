import Foundation

/// File-system rules for vault files: private folder, private file, never overwrite, never follow a link; a new
/// vault is built under a staging name and appears at its path only complete (`publish`).
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

    // MARK: Creating a vault under a staging name

    /// Where `init` builds the vault before it appears at `path`: a hidden name in the same folder, with this
    /// process's id (`.vault.db.init-1234`), so a killed `init` leaves no file at `path` itself.
    static func stagingPath(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = ".\((path as NSString).lastPathComponent).init-\(getpid())"
        return folder.isEmpty ? name : folder + "/" + name
    }

    /// Refuses to start when `path` exists (a vault, or anything else): nothing is ever written over it.
    static func refuseExisting(_ path: String) throws {
        var status = stat()
        if lstat(path, &status) == 0 { throw VaultError(.vaultAlreadyExists(path: path)) }
    }

    /// Removes what an `init` of `path` that was killed left under its staging name: files of this user whose
    /// process is gone (or is this one, reusing its id).
    static func removeAbandonedStaging(for path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = ".\((path as NSString).lastPathComponent).init-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let digits = name.dropFirst(prefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(digits), ["", "-wal", "-shm", "-journal"].contains(String(name.dropFirst(prefix.count + digits.count)))
            else { continue }
            let alive = pid != getpid() && (kill(pid, 0) == 0 || errno == EPERM)
            let file = folder.isEmpty ? name : folder + "/" + name
            var status = stat()
            guard !alive, lstat(file, &status) == 0, status.st_uid == geteuid(), (status.st_mode & S_IFMT) == S_IFREG else { continue }
            unlink(file)
        }
    }

    /// Gives the finished vault at `staging` its name `path`, atomically and never over an existing file: a hard
    /// link (which fails if `path` exists), then the staging name goes; on a file system without hard links, a
    /// rename after checking `path` is free. The file and its folder are synced, so the name survives a crash.
    static func publish(_ staging: String, as path: String) throws {
        try sync(staging, what: "the new vault")
        if link(staging, path) != 0 {
            let failure = errno
            if failure == EEXIST { throw VaultError(.vaultAlreadyExists(path: path)) }
            guard [EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, EMLINK].contains(failure) else {
                throw VaultError(.storageFailure(reason: "cannot name the new vault \(path): \(String(cString: strerror(failure)))"))
            }
            try refuseExisting(path)
            guard rename(staging, path) == 0 else {
                throw VaultError(.storageFailure(reason: "cannot name the new vault \(path): \(String(cString: strerror(errno)))"))
            }
        } else {
            unlink(staging)
        }
        let folder = (path as NSString).deletingLastPathComponent
        try sync(folder.isEmpty ? "." : folder, what: "the vault's folder")
    }

    /// fsync of a file or a folder.
    private static func sync(_ path: String, what: String) throws {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let failure = errno
            if descriptor >= 0 { close(descriptor) }
            throw VaultError(.storageFailure(reason: "cannot sync \(what): \(String(cString: strerror(failure)))"))
        }
        close(descriptor)
    }
}
