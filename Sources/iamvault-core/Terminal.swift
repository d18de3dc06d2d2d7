import Agent
import Foundation
import Sodium

/// The user's terminal: `/dev/tty`, or standard input when that is a terminal and /dev/tty cannot be opened
/// (as age does). Secrets are read with echo off, straight into guarded memory, and the terminal settings
/// are restored on every path, Ctrl-C included (it is read as a byte, not delivered as a signal).
final class Terminal {
    let input: Int32
    let output: Int32
    private let owned: Bool

    static let maximumSecretLength = 8192

    private init(input: Int32, output: Int32, owned: Bool) {
        self.input = input
        self.output = output
        self.owned = owned
    }

    deinit { if owned { close(input) } }

    /// The terminal, or nil when there is none (a script, CI).
    static func open() -> Terminal? {
        let tty = Glibc.open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)
        if tty >= 0 { return Terminal(input: tty, output: tty, owned: true) }
        if isatty(STDIN_FILENO) == 1 { return Terminal(input: STDIN_FILENO, output: isatty(STDERR_FILENO) == 1 ? STDERR_FILENO : STDOUT_FILENO, owned: false) }
        return nil
    }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(output, $0.baseAddress, $0.count) }
    }

    /// Reads a secret with echo off. Echo is turned off (and earlier typed-ahead input discarded) *before*
    /// the prompt appears, so nothing typed in answer to the prompt is ever echoed or thrown away.
    func readSecret(prompt: String) throws -> SecretBytes {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { throw ReportedError(exitCode: .usage, message: "cannot read the terminal settings") }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG)
        withUnsafeMutableBytes(of: &silent.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSAFLUSH, &silent)
        defer {
            tcsetattr(input, TCSANOW, &saved)
            write("\n")
        }
        write(prompt)
        var buffer = try SecretBytes(count: Self.maximumSecretLength)
        var length = 0
        let outcome: Int32 = buffer.withUnsafeMutableBytes { out in
            while true {
                var byte: UInt8 = 0
                let count = Glibc.read(input, &byte, 1)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return length == 0 ? -1 : 0 }
                switch byte {
                case 0x0A, 0x0D: return 0
                case 0x03: return -2  // Ctrl-C
                case 0x04: if length == 0 { return -1 }
                case 0x7F, 0x08: if length > 0 { length -= 1; out[length] = 0 }
                case 0x15: while length > 0 { length -= 1; out[length] = 0 }  // Ctrl-U
                default:
                    guard length < out.count else { return -3 }
                    out[length] = byte
                    length += 1
                }
            }
        }
        switch outcome {
        case -2: throw ReportedError(exitCode: .usage, message: "cancelled")
        case -1: throw ReportedError(exitCode: .usage, message: "no input (end of file at the prompt)")
        case -3: throw ReportedError(exitCode: .usage, message: "the input is longer than \(Self.maximumSecretLength) bytes",
                                     hint: "type or paste the value alone, then press Enter")
        default: break
        }
        return try buffer.withUnsafeBytes { try SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Reads one line of ordinary text (echoed).
    func readLine(prompt: String) -> String? {
        write(prompt)
        var bytes: [UInt8] = []
        while true {
            var byte: UInt8 = 0
            let count = Glibc.read(input, &byte, 1)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            if bytes.count < 4096 { bytes.append(byte) }
        }
    }

    /// Asks a yes/no question; anything but y/yes is no.
    func confirm(_ question: String) -> Bool {
        guard let answer = readLine(prompt: question + " [y/N] ") else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
