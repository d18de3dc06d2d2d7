import Agent
import Foundation
import Sodium

/// Reading secrets from non-terminal sources, always into guarded memory and never from argv or env.
enum SecretInput {
    /// One line from file descriptor `fd` (`--passphrase-fd N`), without its newline. At most 1024 bytes + newline.
    static func line(fromDescriptor fd: Int32, maximum: Int = 1024) throws -> SecretBytes {
        var buffer = try SecretBytes(count: maximum + 1)
        var length = 0
        var complete = false
        try buffer.withUnsafeMutableBytes { out in
            while length < out.count {
                var byte: UInt8 = 0
                let count = read(fd, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count < 0 {
                    throw ReportedError(exitCode: .usage, message: "cannot read file descriptor \(fd): \(String(cString: strerror(errno)))",
                                        hint: "pass an open descriptor, e.g. --passphrase-fd 3 3<passphrase-file")
                }
                if count == 0 { complete = true; return }
                if byte == 0x0A { complete = true; return }
                out[length] = byte
                length += 1
            }
        }
        guard complete else {
            throw ReportedError(exitCode: .usage, message: "the passphrase on descriptor \(fd) is longer than \(maximum) bytes",
                                hint: "write the passphrase alone on the first line of the descriptor (8 to \(maximum) bytes)")
        }
        if length > 0, buffer.withUnsafeBytes({ $0[length - 1] }) == 0x0D { length -= 1 }
        return try buffer.withUnsafeBytes { try SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// All of `fd` up to `maximum` bytes (for `--secret-stdin` and `--from-az-json`).
    /// `expected` says what belongs there, for the message when the input is too long.
    static func all(fromDescriptor fd: Int32, maximum: Int, expected: String) throws -> SecretBytes {
        var buffer = try SecretBytes(count: maximum + 1)
        var length = 0
        try buffer.withUnsafeMutableBytes { out in
            while length < out.count {
                let count = read(fd, out.baseAddress! + length, out.count - length)
                if count < 0, errno == EINTR { continue }
                if count < 0 { throw ReportedError(exitCode: .usage, message: "cannot read the input: \(String(cString: strerror(errno)))") }
                if count == 0 { return }
                length += count
            }
        }
        guard length <= maximum else {
            throw ReportedError(exitCode: .usage, message: "the input is longer than \(maximum) bytes; nothing was read into the vault",
                                hint: "pass \(expected) only")
        }
        return try buffer.withUnsafeBytes { try SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// A whole file (at most `maximum` bytes) into guarded memory.
    static func readFile(_ path: String, maximum: Int, expected: String) throws -> SecretBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ReportedError(exitCode: .usage, message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return try all(fromDescriptor: fd, maximum: maximum, expected: expected)
    }

    /// A secret value from standard input: everything, minus one trailing newline (`\n` or `\r\n`).
    static func secretFromStandardInput() throws -> SecretBytes {
        let raw = try all(fromDescriptor: STDIN_FILENO, maximum: 8192, expected: "the client secret's value (one line)")
        var length = raw.count
        raw.withUnsafeBytes { bytes in
            if length > 0, bytes[length - 1] == 0x0A { length -= 1 }
            if length > 0, bytes[length - 1] == 0x0D { length -= 1 }
        }
        return try raw.withUnsafeBytes { try SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Writes guarded bytes to a descriptor without copying them into ordinary memory.
    static func write(_ secret: borrowing SecretBytes, to fd: Int32) throws {
        try secret.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0, errno == EINTR { continue }
                if count < 0 { throw ReportedError(exitCode: .operationFailed, message: "cannot write the output: \(String(cString: strerror(errno)))") }
                offset += count
            }
        }
    }
}
