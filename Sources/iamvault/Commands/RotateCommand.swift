import Agent
import ArgumentParser
import Foundation

struct RotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Capture a new secret value as a new version (the previous one stays readable).")

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Flag(name: .customLong("secret-stdin"), help: "Read the new value from standard input.") var secretStdin = false
    @Option(help: ArgumentHelp("Expiry: 180d, 365d, 545d, 730d or YYYY-MM-DD.", valueName: "when")) var expires: String?
    @Option(name: .customLong("key-id"), help: ArgumentHelp("Azure's Secret ID (keyId) of the new secret.", valueName: "guid"))
    var keyID: String?
    @Flag(help: "Accept a value that looks like a GUID without asking.") var force = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let terminal = Terminal.open()
        let secret: OwnedSecret
        if secretStdin {
            secret = OwnedSecret(try SecretInput.secretFromStandardInput())
        } else if let terminal {
            secret = OwnedSecret(try terminal.readSecret(prompt: "New client secret value (not shown): "))
        } else {
            throw ReportedError(exitCode: .usage, message: "no secret value given", hint: "pass --secret-stdin in scripts")
        }
        let allow = try SecretConfirmation.allowGUIDShaped(secret, force: force, terminal: terminal)
        let request = RotateRequest(name: name, expires: expires, keyID: keyID, allowSecretThatLooksLikeID: allow)
        guard let details = try Session(options: global).perform(.rotate(request), secrets: [secret]).0.details else { return }
        if json { try Output.json(details) } else {
            let version = details.current?.info.version ?? 0
            FileHandle.standardError.write(Data("iamvault: \(details.account.name): captured version \(version)\n".utf8))
        }
    }
}
