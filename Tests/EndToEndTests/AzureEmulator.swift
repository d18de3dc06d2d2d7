import Foundation

/// tools/emulators/azure/emulator.py on 127.0.0.1 with a random port, for driving the real binary against
/// a local Entra ID + Graph. Stopped (by its own PID) when released.
final class AzureEmulator: @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init; Process is only terminated.
    let process: Process
    let port: Int
    let folder: String

    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "11112222-3333-4444-8555-666677778888"
    static let script: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("tools/emulators/azure/emulator.py").path
    }()

    /// One tenant (contoso.onmicrosoft.com) and one application holding `roles` and `passwords`.
    init(roles: [String], passwords: [[String: Any]]) throws {
        var template = Array((NSTemporaryDirectory() + "iamvault-emulator-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        folder = String(cString: created)
        let state: [String: Any] = [
            "tenants": [["id": Self.tenant, "domains": ["contoso.onmicrosoft.com"]]],
            "applications": [["appId": Self.client, "tenant": Self.tenant, "displayName": "Contoso sync", "roles": roles,
                              "passwords": passwords]],
        ]
        let configPath = folder + "/state.json"
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: configPath))
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
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    var base: String { "http://127.0.0.1:\(port)" }
    var environment: [String: String] { ["AZURE_AUTHORITY_HOST": base, "IAMVAULT_GRAPH_ENDPOINT": base] }

    /// The application's passwords with their values (the emulator's admin view), fetched with python3.
    func passwords() throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                             base + "/_admin/state?secrets=1"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let state = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let apps = state?["applications"] as? [[String: Any]] ?? []
        return apps.first { ($0["appId"] as? String) == Self.client }?["passwords"] as? [[String: Any]] ?? []
    }
}
