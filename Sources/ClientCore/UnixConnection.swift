import CHardening
public import Glibc

/// A connected Unix stream socket with send/receive timeouts; closed when released.
public final class UnixConnection {
    public let descriptor: Int32

    public init(descriptor: Int32, timeoutSeconds: Int = 5) {
        self.descriptor = descriptor
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Connects to `path`; nil when nothing listens there (no file, or a stale socket left by a crash).
    public static func connect(to path: String, timeoutSeconds: Int = 30) throws -> UnixConnection? {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw AgentProtocolError.system("socket", errno) }
        var address = try UnixAddress(path)
        let result = address.withSockaddr { Glibc.connect(descriptor, $0, $1) }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            if code == ENOENT || code == ECONNREFUSED { return nil }
            throw AgentProtocolError.system("connect", code)
        }
        return UnixConnection(descriptor: descriptor, timeoutSeconds: timeoutSeconds)
    }

    /// The uid and pid of the process at the other end (SO_PEERCRED; the kernel vouches for them).
    public func peer() throws -> (uid: UInt32, pid: Int32) {
        var uid: uid_t = 0
        var pid: pid_t = 0
        guard iamvault_peer_credentials(descriptor, &uid, &pid) == 0 else { throw AgentProtocolError.system("SO_PEERCRED", errno) }
        return (uid, pid)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(AgentProtocolError) {
        var offset = 0
        while offset < buffer.count {
            let count = Glibc.read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count == 0 { throw AgentProtocolError.truncated }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw AgentProtocolError.timedOut }
                throw AgentProtocolError.system("read", errno)
            }
            offset += count
        }
    }

    public func write(_ buffer: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < buffer.count {
            let count = send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
            if count < 0 {
                if errno == EINTR { continue }
                throw AgentProtocolError.system("write", errno)
            }
            offset += count
        }
    }
}

/// A `sockaddr_un` for a filesystem path (at most 107 bytes).
public struct UnixAddress {
    private var storage = sockaddr_un()

    public init(_ path: String) throws(AgentProtocolError) {
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else {
            throw AgentProtocolError.socketPathTooLong(path)
        }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { target in
            for (index, byte) in bytes.enumerated() { target[index] = byte }
        }
    }

    public mutating func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
