import Agent
import ArgumentParser
import Foundation

struct LockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lock", abstract: "Lock: the agent wipes the vault key and stops.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let session = Session(options: global)
        guard try session.client.send(.lock) != nil else {
            FileHandle.standardError.write(Data("iamvault: already locked (no agent)\n".utf8))
            return
        }
        FileHandle.standardError.write(Data("iamvault: locked\n".utf8))
    }
}
