import Glibc

extension AgentPaths {
    /// Creates the folder 0700 if needed and checks that it is ours and private (another user could
    /// otherwise place a socket where our client would trust it).
    public func preparePrivateFolder() throws {
        if mkdir(folder, 0o700) != 0, errno != EEXIST {
            throw ReportedError(exitCode: .operationFailed, message: "cannot create \(folder): \(String(cString: strerror(errno)))")
        }
        try checkPrivateFolder()
    }

    /// Refuses a folder that is not a directory owned by this user with mode 0700 (exit 6), or a missing one
    /// (exit 3: locked).
    public func checkPrivateFolder() throws {
        if let problem = folderProblem { throw ReportedError(problem) }
    }
}
