import Glibc

extension UnixConnection {
    /// Sends `parts` in order as one run of bytes, from the parts' own buffers (`sendmsg`, one `iovec` per
    /// part: nothing is copied into a joined buffer first), again after EINTR and short writes. Empty parts are
    /// skipped. At most `maximumParts` parts per call (the kernel's `IOV_MAX` is 1,024).
    public func write(parts: [ArraySlice<UInt8>]) throws {
        precondition(parts.count <= Self.maximumParts, "write(parts:) takes at most \(Self.maximumParts) parts")
        var vectors: [iovec] = []
        vectors.reserveCapacity(parts.count)
        try Self.withVectors(parts[...], into: &vectors) { vectors in try send(vectors) }
    }

    public static let maximumParts = 1000

    /// `write(parts:)` for buffers the caller holds valid (guarded secret segments among them: one `sendmsg`
    /// for a whole agent frame).
    public func write(buffers: [UnsafeRawBufferPointer]) throws {
        precondition(buffers.count <= Self.maximumParts, "write(buffers:) takes at most \(Self.maximumParts) buffers")
        try send(buffers.compactMap { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: buffer.count)
        })
    }

    /// `body` with an `iovec` for each non-empty part, every part's bytes pinned meanwhile.
    private static func withVectors(_ parts: ArraySlice<ArraySlice<UInt8>>, into vectors: inout [iovec],
                                    _ body: ([iovec]) throws -> Void) throws {
        guard let first = parts.first else { return try body(vectors) }
        try first.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress, bytes.count > 0 {
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: base), iov_len: bytes.count))
            }
            try withVectors(parts.dropFirst(), into: &vectors, body)
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
