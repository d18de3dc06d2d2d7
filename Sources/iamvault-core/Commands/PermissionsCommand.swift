import Accounts
import Agent
import ArgumentParser
import Azure
import Foundation

struct PermissionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permissions",
        abstract: "The Graph permission catalogue, or the az command that grants an account's selection.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "An account: print the az command that adds exactly its selected permissions.") var name: String?
    @Flag(name: .customLong("az-args"), help: "With NAME: print only the value of az's --api-permissions.") var azArgs = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        guard let name else {
            if azArgs { throw ReportedError(exitCode: .usage, message: "--az-args needs an account NAME") }
            if json { try Output.json(GraphPermission.catalogue) } else {
                var rows = [["PERMISSION", "KIND", "ID"]]
                for permission in GraphPermission.catalogue { rows.append([permission.name, permission.kind.rawValue, permission.id]) }
                Output.table(rows)
            }
            return
        }
        guard let account = try Session(options: global).perform(.show(name: name)).0.details?.account else { return }
        if azArgs {
            print(try GraphPermissionArguments.apiPermissions(account.permissions))
        } else if json {
            try Output.json(try GraphPermission.resolve(account.permissions).compactMap(GraphPermission.named))
        } else {
            print(try GraphPermissionArguments.addCommand(clientID: account.clientID, permissions: account.permissions))
            print(GraphPermissionArguments.adminConsentCommand(clientID: account.clientID))
        }
    }
}
