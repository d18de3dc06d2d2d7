import Agent
import ArgumentParser
import Foundation

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Get a Graph token with the current secret and compare its roles with the selected permissions.",
        discussion: "Exit 0 on an exact match, 1 on a mismatch, 3 when Entra ID refused the credential.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var azure: CloudOptions
    @Argument var name: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let request = AzureRequest(name: name, target: azure.target)
        guard let report = try Session(options: global).perform(.verify(request)).0.verification else { return }
        if json { try Output.json(report) } else {
            print("\(report.account): \(report.isExactMatch ? "permissions match" : "permissions differ") "
                + "(version \(report.version), \(report.cloud.rawValue) cloud)")
            print("Granted:       \(report.permissions.granted.joined(separator: ", "))")
            if !report.permissions.missing.isEmpty {
                print("Missing:       \(report.permissions.missing.joined(separator: ", "))  (admin consent not granted)")
            }
            if !report.permissions.excess.isEmpty {
                print("Excess:        \(report.permissions.excess.joined(separator: ", "))  (granted but not selected)")
            }
            if !report.permissions.notCheckable.isEmpty {
                print("Not checkable: \(report.permissions.notCheckable.joined(separator: ", "))  (delegated)")
            }
            for note in report.notes { print("note: \(note)") }
        }
        if !report.isExactMatch { throw ExitCode(ExitStatus.conditionNotMet.rawValue) }
    }
}
