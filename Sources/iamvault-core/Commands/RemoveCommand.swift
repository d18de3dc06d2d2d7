import Agent
import ArgumentParser
import Foundation

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove an account and crypto-shred every version of its secret.")

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func run() throws {
        if !yes {
            guard let terminal = Terminal.open() else {
                throw ReportedError(exitCode: .usage, message: "removing needs confirmation", hint: "pass --yes in scripts")
            }
            guard terminal.confirm("Remove \(name) and destroy its secrets?") else {
                throw ReportedError(exitCode: .refused, message: "not removed")
            }
        }
        _ = try Session(options: global).perform(.remove(name: name))
        FileHandle.standardError.write(Data("iamvault: removed \(name)\n".utf8))
    }
}
