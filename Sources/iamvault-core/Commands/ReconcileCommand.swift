import Agent
import ArgumentParser
import Foundation

struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "List the application's passwords in Azure against the vault's versions; finish interrupted rotations.",
        discussion: "Exit 0 when both sides match one to one, 1 when there are orphans or a rotation is still pending.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var azure: CloudOptions
    @Argument var name: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let request = AzureRequest(name: name, target: azure.target)
        guard let report = try Session(options: global).perform(.reconcile(request)).0.reconciliation else { return }
        if json { try Output.json(report) } else {
            print("Passwords in Azure:")
            var rows = [["KEY ID", "HINT", "EXPIRES", "VAULT VERSION", "STATUS"]]
            for row in report.passwords {
                rows.append([row.password.keyID, (row.password.hint ?? "") + "…", row.password.endDateTime.map(Output.day) ?? "",
                             row.vaultVersion.map(String.init) ?? "", row.status.rawValue])
            }
            Output.table(rows)
            print("Versions in the vault:")
            rows = [["VERSION", "ROLE", "HINT", "EXPIRES", "AZURE KEY ID", "STATUS"]]
            for row in report.versions {
                rows.append([String(row.version), row.role, row.hint + "…", Output.day(row.expiresAt), row.azureKeyID ?? "", row.status.rawValue])
            }
            Output.table(rows)
            for action in report.actions { print("done: \(action.step): \(action.note)") }
            for note in report.notes { print("note: \(note)") }
            print(report.isConsistent ? "consistent" : "not consistent")
        }
        if !report.isConsistent { throw ExitCode(ExitStatus.conditionNotMet.rawValue) }
    }
}
