import Agent
import ArgumentParser
import Foundation

struct ExpiringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expiring", abstract: "List secrets that expire within a window; exit 1 when there are any (for cron).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The window, e.g. 30d or 12h.", valueName: "duration")) var within: String = "30d"
    @Flag(name: .customLong("from-azure"), help: "Also read the applications' passwords (passwordCredentials) from Microsoft Graph.")
    var fromAzure = false
    @OptionGroup var azure: CloudOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let seconds = try DurationText.seconds(within, option: "--within", range: 0...(3 * 366 * 86_400))
        if fromAzure { return try fromGraph(seconds) }
        let found = try Session(options: global).perform(.expiring(withinSeconds: seconds)).0.expiring ?? []
        if json { try Output.json(found) } else if found.isEmpty {
            print("no secret expires within \(within)")
        } else {
            var rows = [["ACCOUNT", "VERSION", "ROLE", "HINT", "EXPIRES", ""]]
            for secret in found {
                rows.append([secret.account, String(secret.version), secret.role.rawValue, secret.hint + "…", Output.date(secret.expiresAt),
                             secret.expired ? "EXPIRED" : ""])
            }
            Output.table(rows)
        }
        if !found.isEmpty { throw ExitCode(ExitStatus.conditionNotMet.rawValue) }
    }

    /// Graph's passwordCredentials are the source of truth (they include passwords made outside iamvault);
    /// exit 1 when any expires within the window, like the vault-only listing.
    func fromGraph(_ seconds: Double) throws {
        let request = AzureExpiringRequest(withinSeconds: seconds, target: azure.target)
        guard let report = try Session(options: global).perform(.expiringFromAzure(request)).0.azureExpiry else { return }
        if json { try Output.json(report) } else {
            if report.entries.isEmpty {
                print("no password in Azure expires within \(within)")
            } else {
                var rows = [["ACCOUNT", "KEY ID", "HINT", "EXPIRES", "VAULT VERSION", ""]]
                for entry in report.entries {
                    rows.append([entry.account, entry.password.keyID, (entry.password.hint ?? "") + "…",
                                 entry.password.endDateTime.map(Output.date) ?? "", entry.vaultVersion.map(String.init) ?? "not in vault",
                                 entry.expired ? "EXPIRED" : ""])
                }
                Output.table(rows)
            }
            for failure in report.failures {
                FileHandle.standardError.write(Data("iamvault: warning: \(failure.account): \(failure.message)\niamvault: hint: \(failure.hint)\n".utf8))
            }
        }
        if !report.entries.isEmpty { throw ExitCode(ExitStatus.conditionNotMet.rawValue) }
        if !report.failures.isEmpty {
            throw ExitCode(report.failures.contains { $0.isAuthenticationFailure } ? ExitStatus.locked.rawValue : ExitStatus.operationFailed.rawValue)
        }
    }
}
