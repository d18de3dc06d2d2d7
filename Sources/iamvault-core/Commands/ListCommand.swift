import Accounts
import Agent
import ArgumentParser
import Foundation

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts (never a secret).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only accounts with this tag.") var tag: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let listed = try Session(options: global).listJSON(tag: tag, enabled: nil)
        if json { return try Output.bytes(listed) }
        // The table is read back from the same stream, so the agent never holds the whole list for it either.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let accounts = try? decoder.decode([Account].self, from: Data(listed)) else {
            throw AgentProtocolError.malformed("the agent's list").reported
        }
        var rows = [["NAME", "ENABLED", "TENANT", "CLIENT ID", "TAGS"]]
        for account in accounts {
            rows.append([account.name, account.enabled ? "yes" : "no", account.tenantID, account.clientID, account.tags.joined(separator: ",")])
        }
        Output.table(rows)
    }
}
