import Agent
import ArgumentParser
import Foundation

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Say whether the vault is unlocked (exit 0) or locked (exit 3).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let session = Session(options: global)
        var status = try session.client.send(.status)?.0.status
            ?? StatusReport(unlocked: false, vaultPath: session.vaultPath, secondsLeft: nil, accountCount: nil, agentPID: nil)
        status.clientDumpable = ProcessHardening.isDumpable
        if json {
            try Output.json(status)
        } else if status.unlocked {
            print("unlocked")
            print("vault:     \(status.vaultPath)")
            if let left = status.secondsLeft { print("time left: \(left / 60)m\(String(format: "%02d", left % 60))s") }
            if let count = status.accountCount { print("accounts:  \(count)") }
        } else {
            print("locked")
            print("vault:     \(status.vaultPath)")
        }
        if !status.unlocked { throw ExitCode(ExitStatus.locked.rawValue) }
    }
}
