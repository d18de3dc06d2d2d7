import Agent
import ArgumentParser
import Foundation

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Change an account's fields (never its secret).")

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Option(help: "A new name.") var rename: String?
    @Option(help: "A new description (empty to clear).") var description: String?
    @Option(help: "Add a tag (repeatable).") var tag: [String] = []
    @Option(help: "Remove a tag (repeatable).") var untag: [String] = []
    @Flag(exclusivity: .exclusive, help: "Enable or disable the account.") var state: AccountState?
    @Option(help: "Replace the selected permissions (repeatable).") var permission: [String] = []
    @Option(help: "A new Directory (tenant) ID.") var tenant: String?
    @Option(name: .customLong("client-id"), help: "A new Application (client) ID.") var clientID: String?
    @Flag(help: "Print JSON.") var json = false

    enum AccountState: String, EnumerableFlag {
        case enabled, disabled
    }

    func run() throws {
        let change = EditRequest(
            rename: rename, description: description?.isEmpty == true ? nil : description, clearDescription: description?.isEmpty == true,
            addTags: tag, removeTags: untag, enabled: state.map { $0 == .enabled }, permissions: permission.isEmpty ? nil : permission,
            tenantID: tenant, clientID: clientID)
        let account = try Session(options: global).perform(.edit(name: name, change: change)).0.accounts?.first
        if json, let account { try Output.json(account) } else if let account {
            FileHandle.standardError.write(Data("iamvault: updated \(account.name)\n".utf8))
        }
    }
}
