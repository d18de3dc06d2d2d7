import CPseudoTerminal
import Foundation

/// Runs `iamvault` on a pseudo-terminal, as a person at a keyboard would, and records everything the
/// terminal showed. `setsid` gives the child a session without a controlling terminal, so iamvault reads
/// the pty on its standard input (as it would /dev/tty).
final class PseudoTerminal {
    let master: Int32
    let process = Process()
    private(set) var screen = Data()

    /// `launcher` runs the binary in a new session whose controlling terminal is this one.
    init(_ arguments: [String], environment: [String: String], stdoutToPipe: Pipe? = nil,
         launcher: [String] = ["/usr/bin/setsid", "--wait"]) throws {
        var name = [CChar](repeating: 0, count: 128)
        master = iamvault_open_pseudo_terminal(&name, name.count)
        guard master >= 0 else { throw CocoaError(.fileReadUnknown) }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(path, O_RDWR | O_NOCTTY)
        let slaveHandle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.executableURL = URL(fileURLWithPath: launcher[0])
        process.arguments = Array(launcher.dropFirst()) + [CLIHarness.binary] + arguments
        process.environment = environment
        process.standardInput = slaveHandle
        process.standardOutput = stdoutToPipe ?? slaveHandle
        process.standardError = slaveHandle
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Reads what the terminal shows until `text` appears (or `timeout` passes); true if it appeared.
    @discardableResult
    func expect(_ text: String, timeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if screen.range(of: Data(text.utf8)) != nil { return true }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(master, &buffer, buffer.count)
            if count <= 0 {
                usleep(50_000)  // the child closed the terminal (EIO); do not spin
                break
            }
            screen.append(contentsOf: buffer[0..<count])
        }
        return screen.range(of: Data(text.utf8)) != nil
    }

    /// Types `line` and Enter.
    func type(_ line: String) {
        let bytes = Array((line + "\r").utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Waits for the process and drains the rest of the screen; returns the exit status.
    func finish(timeout: TimeInterval = 60) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { expect("\u{0}never\u{0}", timeout: 0.2) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        expect("\u{0}never\u{0}", timeout: 0.2)
        return process.terminationStatus
    }

    var text: String { String(decoding: screen, as: UTF8.self) }
}
