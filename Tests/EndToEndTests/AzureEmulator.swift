import Foundation
import Testing
import IAMVaultTestSupport

/// tools/emulators/azure/emulator.py on 127.0.0.1 with a random port, for driving the real binary against
/// a local Entra ID + Graph. Stopped (by its own PID) when released.
final class AzureEmulator: @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init.
    private let launched: AzureEmulatorProcess
    let folder: TemporaryFolder

    static let tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47"
    static let client = "11112222-3333-4444-8555-666677778888"

    /// One tenant (contoso.onmicrosoft.com) and one application holding `roles` and `passwords`.
    init(roles: [String], passwords: [[String: Any]]) throws {
        folder = try TemporaryFolder(prefix: "iamvault-emulator")
        let state: [String: Any] = [
            "tenants": [["id": Self.tenant, "domains": ["contoso.onmicrosoft.com"]]],
            "applications": [["appId": Self.client, "tenant": Self.tenant, "displayName": "Contoso sync", "roles": roles,
                              "passwords": passwords]],
        ]
        let configPath = folder.file("state.json")
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: configPath))
        launched = try AzureEmulatorProcess(configPath: configPath)
    }

    var port: Int { launched.port }
    var base: String { launched.base }
    var environment: [String: String] { launched.environment }

    /// An admin endpoint's body, fetched with python3.
    func admin(_ path: String) throws -> Data {
        try PythonScript.run("import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())",
                             [base + path])
    }

    /// Every request the emulator served: method, path with its query, target, status (never a body).
    func requestLog() throws -> String {
        String(decoding: try admin("/_admin/requests"), as: UTF8.self)
    }

    /// The application's passwords with their values (the emulator's admin view).
    func passwords() throws -> [[String: Any]] {
        let state = try JSONSerialization.jsonObject(with: try admin("/_admin/state?secrets=1")) as? [String: Any]
        let apps = state?["applications"] as? [[String: Any]] ?? []
        return apps.first { ($0["appId"] as? String) == Self.client }?["passwords"] as? [[String: Any]] ?? []
    }
}
