import Agent
import ArgumentParser
import Foundation
import Sodium
import Vault

struct UnlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock", abstract: "Start the agent: it holds the vault key until it locks.",
        discussion: "The agent locks after --timeout without a request, on `iamvault lock`, and on SIGTERM.")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Idle time before the agent locks (e.g. 15m, 2h).", valueName: "duration"))
    var timeout: String = "15m"

    func run() throws {
        let seconds = try DurationText.seconds(timeout, option: "--timeout", range: 1...(24 * 3600))
        let session = Session(options: global)
        if session.client.isRunning {
            FileHandle.standardError.write(Data("iamvault: the vault is already unlocked\n".utf8))
            return
        }
        _ = try Vault.open(at: session.vaultPath)  // a clear error before asking for the passphrase
        let passphrase = try session.readPassphrase()
        try AgentLauncher.start(vaultPath: session.vaultPath, timeoutSeconds: seconds, passphrase: passphrase)
        FileHandle.standardError.write(Data("iamvault: unlocked; the agent locks after \(timeout) without use\n".utf8))
    }
}
