import Agent
import ArgumentParser
import Foundation

struct ExpiringCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expiring", abstract: "List secrets that expire within a window; exit 1 when there are any (for cron).")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The window, e.g. 30d or 12h.", valueName: "duration")) var within: String = "30d"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let seconds = try DurationText.seconds(within, option: "--within", range: 0...(3 * 366 * 86_400))
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
}
