import Agent
import ArgumentParser
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show an account: versions, hints, expiry, permissions; never the value.")

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        guard let details = try Session(options: global).perform(.show(name: name)).0.details else { return }
        if json { try Output.json(details) } else { Output.details(details) }
    }
}
