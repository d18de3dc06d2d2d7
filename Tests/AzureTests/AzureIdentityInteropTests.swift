import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

/// Runs the real Python azure-identity against the token broker, when a Python with it is at hand
/// (`IAMVAULT_TEST_PYTHON`, else `python3`); skipped otherwise, so the suite needs nothing from PyPI.
@Suite("azure-identity's ManagedIdentityCredential against the token broker")
struct AzureIdentityInteropTests {
    static let python: String? = {
        let candidate = ProcessInfo.processInfo.environment["IAMVAULT_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [candidate, "-c", "import azure.identity"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? candidate : nil
    }()

    static let script = """
        import sys
        from azure.identity import ManagedIdentityCredential, DefaultAzureCredential
        for credential in (ManagedIdentityCredential(), DefaultAzureCredential()):
            token = credential.get_token("https://management.azure.com/.default")
            print(type(credential).__name__, len(token.token) > 100, token.expires_on)
        """

    @Test(.enabled(if: python != nil)) func managedIdentityAndDefaultCredentialsGetATokenFromTheBroker() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [try #require(Self.python), "-c", Self.script]
        process.environment = broker.childEnvironment(from: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
                                                             "AZURE_CLIENT_SECRET": azureSecret(1)])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let status = await TokenBroker.waitForExit(of: process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(status == 0, "\(text)")
        let expiry = String(Int(start.timeIntervalSince1970) + 3599)
        #expect(text.contains("ManagedIdentityCredential True \(expiry)"), "\(text)")
        #expect(text.contains("DefaultAzureCredential True \(expiry)"), "\(text)")
        #expect(h.events(.secretReleased).count >= 1)
        #expect(h.events(.secretReleased).allSatisfy { $0.details["resource"] == "https://management.azure.com" })
    }
}
