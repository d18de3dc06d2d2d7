import Foundation

/// The first 100 bytes of an SQLite file, read without SQLite: lets `open` refuse a file that is not a
/// vault, belongs to another application, or has a newer format *before* anything opens it for writing
/// (opening a WAL database through a pool writes to it).
///
/// The header is authoritative only while the WAL is empty: a committed but not yet checkpointed change to
/// page 1 lives in the WAL. `verdict` returns nil then, and the caller checks again through SQLite.
struct VaultFileHeader {
    static let byteCount = 100
    private static let magic = Array("SQLite format 3\u{0}".utf8)

    let bytes: [UInt8]

    /// Reads the header of `path` (which `VaultFiles.checkExistingPrivateFile` already vetted).
    init(path: String) throws {
        let descriptor = Foundation.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw VaultError(.storageFailure(reason: "cannot read \(path): \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: Self.byteCount)
        var filled = 0
        while filled < buffer.count {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            filled += count
        }
        bytes = Array(buffer.prefix(filled))
    }

    /// A big-endian 32-bit field of the header.
    private func field(at offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The reason `path` cannot be this code's vault, or nil when it may be (or the WAL must be asked).
    func refusal(path: String, walIsEmpty: Bool) -> VaultError? {
        guard bytes.count == Self.byteCount, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            return VaultError(.notAVault(path: path, reason: bytes.isEmpty ? "it is empty" : "it is not an SQLite database"))
        }
        guard walIsEmpty else { return nil }
        return VaultFormat.refusal(applicationID: Int32(bitPattern: field(at: 68)), version: Int(field(at: 60)), path: path)
    }

    /// Whether `path`'s WAL is missing or empty (so the main file's header is current).
    static func walIsEmpty(path: String) -> Bool {
        var status = stat()
        return lstat(path + "-wal", &status) != 0 || status.st_size == 0
    }
}
