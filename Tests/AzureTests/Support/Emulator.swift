import Foundation
import IAMVaultTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// tools/emulators/azure/emulator.py as a subprocess on 127.0.0.1 with a random port: started by a test,
/// configured with a state document, terminated (by its own PID) when the test is done.
final class Emulator: @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init.
    private let launched: AzureEmulatorProcess
    let configPath: String

    init(state: [String: Any], folder: String) throws {
        configPath = folder + "/emulator-state.json"
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: configPath))
        launched = try AzureEmulatorProcess(configPath: configPath)
    }

    func stop() { launched.stop() }

    var port: Int { launched.port }
    var base: String { launched.base }
    var environment: [String: String] { launched.environment }

    // Administration ------------------------------------------------------------------------------------------

    func admin(_ method: String, _ path: String, _ body: Any? = nil) async throws -> Any? {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, _) = try await URLSession.shared.data(for: request)
        return data.isEmpty ? nil : try JSONSerialization.jsonObject(with: data)
    }

    func fault(_ fault: [String: Any]) async throws { _ = try await admin("POST", "/_admin/faults", fault) }
    func propagate() async throws { _ = try await admin("POST", "/_admin/propagate") }
    func patchApplication(_ appID: String, _ changes: [String: Any]) async throws {
        _ = try await admin("PATCH", "/_admin/applications/\(appID)", changes)
    }
    func addPassword(_ appID: String, _ password: [String: Any]) async throws {
        _ = try await admin("POST", "/_admin/applications/\(appID)/passwords", password)
    }

    /// The application's passwords in the emulator (with their values when `secrets`).
    func passwords(_ appID: String, secrets: Bool = false) async throws -> [[String: Any]] {
        let state = try await admin("GET", "/_admin/state" + (secrets ? "?secrets=1" : "")) as? [String: Any]
        let apps = state?["applications"] as? [[String: Any]] ?? []
        return apps.first { ($0["appId"] as? String) == appID }?["passwords"] as? [[String: Any]] ?? []
    }

    func keyIDs(_ appID: String) async throws -> Set<String> {
        Set(try await passwords(appID).compactMap { $0["keyId"] as? String })
    }

    /// Requests served so far: method, path, target (token, getApplication, addPassword, ...), status.
    func requests() async throws -> [[String: Any]] {
        try await admin("GET", "/_admin/requests") as? [[String: Any]] ?? []
    }

    func count(_ target: String, status: Int? = nil) async throws -> Int {
        try await requests().filter { ($0["target"] as? String) == target && (status == nil || ($0["status"] as? Int) == status) }.count
    }
}

struct EmulatorFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
