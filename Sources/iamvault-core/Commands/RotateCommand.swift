import Agent
import ArgumentParser
import Foundation
import Sodium

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
    @Flag(name: .customLong("via-graph"), help: "Create the new secret in Azure with Microsoft Graph (addPassword); it is never shown.")
    var viaGraph = false
    @Option(name: .customLong("retire-old"), help: ArgumentHelp(
        "With --via-graph: remove the old password from Azure once the new one works, now or after a grace period (after:7d).",
        valueName: "now|after:duration"))
    var retireOld = "now"
    @OptionGroup var azure: CloudOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        if viaGraph { return try rotateViaGraph() }
        if retireOld != "now" || azure.cloud != nil {
            throw ReportedError(exitCode: .usage, message: "--retire-old and --cloud apply only with --via-graph")
        }
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

    /// The new secret comes from Graph's addPassword straight into the vault (in the agent when one runs).
    func rotateViaGraph() throws {
        if secretStdin || keyID != nil || force {
            throw ReportedError(exitCode: .usage, message: "--via-graph takes the new secret from Azure",
                                hint: "leave out --secret-stdin, --key-id and --force")
        }
        let grace: Double
        if retireOld == "now" {
            grace = 0
        } else if retireOld.hasPrefix("after:") {
            grace = try DurationText.seconds(String(retireOld.dropFirst("after:".count)), option: "--retire-old")
        } else {
            throw ReportedError(exitCode: .usage, message: "--retire-old must be `now` or `after:DURATION` (e.g. after:7d)")
        }
        let request = GraphRotateRequest(name: name, target: azure.target, expires: expires, graceSeconds: grace)
        guard let report = try Session(options: global).perform(.rotateViaGraph(request)).0.graphRotation else { return }
        if json { try Output.json(report) } else {
            print("\(report.account): captured version \(report.newVersion) (Azure keyId \(report.newKeyID), hint \(report.newHint)…, "
                + "expires \(Output.day(report.newExpiresAt)))")
            switch report.oldPassword {
            case .removed: print("old password \(report.oldKeyID ?? "") removed from Azure")
            case .scheduled: print("old password \(report.oldKeyID ?? "") will be removed after \(report.oldPasswordRemovalAt.map(Output.date) ?? "the grace period") by `iamvault reconcile`")
            case .kept: print("old password kept in Azure")
            case .pending: print("old password kept until the new secret is proven")
            }
            for note in report.notes { print("note: \(note)") }
        }
    }
}
