import Foundation
import Testing

/// Runs a short Python 3 script (`python3 -c`) for the end-to-end tests: the attacker who edits the vault file
/// with sqlite3, a raw client of the agent's socket, the emulator's admin endpoints. A script that does not
/// exit 0 is a test failure at the caller's line.
enum PythonScript {
    /// The script's standard output.
    @discardableResult
    static func run(_ script: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 exited \(process.terminationStatus)", sourceLocation: sourceLocation)
        return data
    }
}
