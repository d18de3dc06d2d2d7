import Glibc

extension UnixConnection {
    /// Sends `parts` in order as one run of bytes, from the parts' own buffers (`write(buffers:)`: nothing is
    /// copied into a joined buffer first). At most `maximumParts` parts per call.
    public func write(parts: [ArraySlice<UInt8>]) throws {
        var buffers: [UnsafeRawBufferPointer] = []
        buffers.reserveCapacity(parts.count)
        try Self.withBuffers(parts[...], collected: &buffers) { buffers in try write(buffers: buffers) }
    }

    /// At most this many parts or buffers per call (the kernel's `IOV_MAX` is 1,024).
    public static let maximumParts = 1000

    /// Sends `buffers` in order as one run of bytes with `sendmsg` (one `iovec` each; empty ones skipped),
    /// again after EINTR and short writes. The caller holds them valid (guarded secret segments among them:
    /// one `sendmsg` for a whole agent frame).
    public func write(buffers: [UnsafeRawBufferPointer]) throws {
        precondition(buffers.count <= Self.maximumParts, "write(buffers:) takes at most \(Self.maximumParts) buffers")
        try send(buffers.compactMap { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: buffer.count)
        })
    }

    /// `body` with the bytes of every part (gathered in `collected`), each pinned until it returns.
    private static func withBuffers(_ rest: ArraySlice<ArraySlice<UInt8>>, collected: inout [UnsafeRawBufferPointer],
                                    _ body: ([UnsafeRawBufferPointer]) throws -> Void) throws {
        guard let first = rest.first else { return try body(collected) }
        try first.withUnsafeBytes { bytes in
            collected.append(bytes)
            try withBuffers(rest.dropFirst(), collected: &collected, body)
        }
    }

    private func send(_ all: [iovec]) throws {
        var vectors = all
        var first = 0
        while first < vectors.count {
            let sent = vectors.withUnsafeMutableBufferPointer { buffer in
                var message = msghdr()
                message.msg_iov = buffer.baseAddress! + first
                message.msg_iovlen = buffer.count - first
                return sendmsg(descriptor, &message, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw AgentProtocolError.system("write", errno)
            }
            // Past the vectors sent whole, then into the one sent in part.
            var left = sent
            while first < vectors.count, left >= vectors[first].iov_len {
                left -= vectors[first].iov_len
                first += 1
            }
            if left > 0 {
                vectors[first].iov_base += left
                vectors[first].iov_len -= left
            }
        }
    }
}
