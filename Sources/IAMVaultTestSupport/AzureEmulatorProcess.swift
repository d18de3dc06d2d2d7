import Foundation

/// tools/emulators/azure/emulator.py running as a child process on 127.0.0.1 with a random port, configured
/// by the JSON state file at `configPath`. Killed by its own PID when stopped or released (a test runner may
/// have started children with SIGTERM blocked).
public final class AzureEmulatorProcess: @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init; the process is only killed.
    private let process: Process
    public let port: Int

    /// The emulator script, found from this file's place in the repository.
    public static let script: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/emulators/azure/emulator.py").path
    }()

    /// Starts the emulator and waits for the port it prints when ready.
    public init(configPath: String) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, "--port", "0", "--config", configPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw StartFailure()
        }
        self.port = port
    }

    deinit { stop() }

    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    /// AZURE_AUTHORITY_HOST and IAMVAULT_GRAPH_ENDPOINT pointing here.
    public var environment: [String: String] { ["AZURE_AUTHORITY_HOST": base, "IAMVAULT_GRAPH_ENDPOINT": base] }

    /// The emulator exited or printed no port.
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String { "the emulator did not print its port" }
    }
}
