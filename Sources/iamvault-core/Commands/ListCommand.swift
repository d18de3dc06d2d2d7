import Agent
import ArgumentParser
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts (never a secret).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only accounts with this tag.") var tag: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        if json { return try Output.bytes(Session(options: global).listJSON(tag: tag, enabled: nil)) }
        let accounts = try Session(options: global).perform(.list(tag: tag, enabled: nil)).0.accounts ?? []
        var rows = [["NAME", "ENABLED", "TENANT", "CLIENT ID", "TAGS"]]
        for account in accounts {
            rows.append([account.name, account.enabled ? "yes" : "no", account.tenantID, account.clientID, account.tags.joined(separator: ",")])
        }
        Output.table(rows)
    }
}
