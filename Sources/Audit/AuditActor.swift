import Foundation

/// Who caused an event: the local user and the process acting for them.
public struct AuditActor: Codable, Equatable, Sendable {
    public var user: String
    public var uid: UInt32
    public var pid: Int32
    public var command: String

    public init(user: String, uid: UInt32, pid: Int32, command: String) {
        self.user = user
        self.uid = uid
        self.pid = pid
        self.command = command
    }

    /// This process: its real uid and user name, pid, and the program name (never the full argv, which may
    /// hold values a user typed by mistake).
    public static func currentProcess(command: String? = nil) -> AuditActor {
        let uid = getuid()
        var name = ProcessInfo.processInfo.environment["USER"] ?? ""
        if let entry = getpwuid(uid), let pwName = entry.pointee.pw_name { name = String(cString: pwName) }
        let program = command ?? (CommandLine.arguments.first.map { ($0 as NSString).lastPathComponent } ?? "")
        return AuditActor(user: name, uid: uid, pid: getpid(), command: program)
    }
}
