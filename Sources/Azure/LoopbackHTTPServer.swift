import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 (a random port) that answers one request per connection, for the
/// token broker. POSIX sockets and threads: an accept thread, one thread per connection.
///
/// Robustness guarantees: it listens on the loopback interface only; a connection is limited to a 16 KiB
/// head read within `readTimeout` (slow or endless senders are cut off), at most `maxConnections` are served
/// at once (the others get 503), a malformed head gets 400 and an oversized one 431, writes never raise
/// SIGPIPE, and a handler that does not answer within `handlerTimeout` yields 504. Nothing here traps on
/// input. `stop()` closes the listening socket; requests in flight finish on their own, bounded by the
/// timeouts above.
final class LoopbackHTTPServer: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [String: String] = [:]
        /// May hold an access token: a `WipedData` buffer, zeroed when released after writing.
        var body: Data
    }

    typealias Handler = @Sendable (HTTPRequestHead) -> Response

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let readTimeout: TimeInterval
    private let maxConnections: Int
    private let state = Mutex<(stopping: Bool, active: Int)>((false, 0))
    private let acceptExited = DispatchSemaphore(value: 0)

    init(readTimeout: TimeInterval, maxConnections: Int, handler: @escaping Handler) throws(AzureError) {
        self.readTimeout = readTimeout
        self.maxConnections = maxConnections
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AzureError(.brokerFailed("cannot create a socket (errno \(errno))")) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, listen(fd, 64) == 0, named == 0 else {
            let code = errno
            close(fd)
            throw AzureError(.brokerFailed("cannot listen on 127.0.0.1 (errno \(code))"))
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "iamvault-token-broker"
        thread.start()
    }

    /// Stops accepting connections and closes the listening socket (waits up to 2 s for the accept thread).
    func stop() {
        let already = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !already else { return }
        _ = acceptExited.wait(timeout: .now() + 2)
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func acceptLoop() {
        defer {
            close(listener)
            acceptExited.signal()
        }
        while !stopping {
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            // accept4 is not in Swift's Glibc overlay; close-on-exec is set right after (a connection socket,
            // not the listener, could leak into a child spawned in that instant: harmless, it is one request).
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
            let admitted = state.withLock { state -> Bool in
                guard state.active < maxConnections, !state.stopping else { return false }
                state.active += 1
                return true
            }
            guard admitted else {
                configure(connection)
                write(Response(status: 503, body: Data(#"{"statusCode":503,"message":"too many requests at once"}"#.utf8)), to: connection)
                close(connection)
                continue
            }
            let worker = Thread { [self] in
                serve(connection)
                close(connection)
                state.withLock { $0.active -= 1 }
            }
            worker.start()
        }
    }

    private func configure(_ connection: Int32) {
        var timeout = timeval(tv_sec: Int(readTimeout), tv_usec: Int((readTimeout - readTimeout.rounded(.down)) * 1_000_000))
        _ = setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    private func serve(_ connection: Int32) {
        configure(connection)
        let deadline = Date().addingTimeInterval(readTimeout)
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = [13, 10, 13, 10]
        while true {
            if let end = Self.find(terminator, in: head) {
                head.removeSubrange(end...)
                break
            }
            guard head.count <= HTTPRequestHead.maximumBytes else {
                return write(Self.plain(431, "the request head is larger than 16 KiB"), to: connection)
            }
            guard Date() < deadline else { return write(Self.plain(408, "the request took too long to arrive"), to: connection) }
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else {
                if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return write(Self.plain(408, "the request took too long to arrive"), to: connection) }
                return
            }
            head += chunk[0..<count]
        }
        do {
            let request = try HTTPRequestHead.parse(head)
            write(handler(request), to: connection)
        } catch {
            switch error {
            case .tooLarge: write(Self.plain(431, "the request head is too large"), to: connection)
            case .malformed(let reason): write(Self.plain(400, reason), to: connection)
            }
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    static func plain(_ status: Int, _ message: String) -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["statusCode": status, "message": message], options: [.sortedKeys])) ?? Data()
        return Response(status: status, body: body)
    }

    private func write(_ response: Response, to connection: Int32) {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        var headers = response.headers
        headers["Content-Type"] = headers["Content-Type"] ?? "application/json"
        headers["Content-Length"] = String(response.body.count)
        headers["Cache-Control"] = "no-store"
        headers["Connection"] = "close"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        sendAll(Data(head.utf8), to: connection)
        sendAll(response.body, to: connection)
    }

    private func sendAll(_ data: Data, to connection: Int32) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let sent = send(connection, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                guard sent > 0 else { return }
                offset += sent
            }
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 431: return "Request Header Fields Too Large"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "Error"
        }
    }
}
