import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `Data` whose storage is ours and is zeroed when the last reference to it goes away.
///
/// Used for the bytes that necessarily exist outside guarded memory while they travel: the token request
/// body (it holds the client secret) and a token broker answer (it holds an access token). Best effort,
/// by design: URLSession and libcurl make copies of a request body we cannot reach, and the kernel's socket
/// buffers are not ours either. What this guarantees is that *our* buffer does not outlive its use.
enum WipedData {
    /// A buffer of `count` bytes filled by `fill`, which writes exactly `count` bytes.
    static func make(count: Int, fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows -> Data {
        let size = max(count, 1)
        let base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        let buffer = UnsafeMutableRawBufferPointer(start: base, count: count)
        do {
            try fill(buffer)
        } catch {
            wipe(base, size)
            base.deallocate()
            throw error
        }
        return Data(bytesNoCopy: base, count: count, deallocator: .custom { pointer, _ in
            wipe(pointer, size)
            pointer.deallocate()
        })
    }

    /// Zeroes `data` in place when this is its only reference (otherwise only a copy would be zeroed).
    static func wipe(_ data: inout Data) {
        data.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { wipe(base, buffer.count) }
        }
        data = Data()
    }

    /// `explicit_bzero`: a zeroing the optimizer may not remove.
    static func wipe(_ pointer: UnsafeMutableRawPointer, _ count: Int) {
        explicit_bzero(pointer, count)
    }
}
