import Agent
public import ArgumentParser
import Foundation

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read", abstract: "Write one field of a credential to standard output (a pipe or a file).",
        discussion: "To a terminal only with --reveal. Audited either way. No newline is added, except on a terminal.")

    @OptionGroup var global: GlobalOptions
    @Argument var name: String
    @Option(help: "secret, tenant or client-id.") var field: Field = .secret
    @Flag(help: "Allow writing to a terminal.") var reveal = false
    @Option(help: "A version other than the current one.") var version: Int?
    @Option(help: "Why the credential is needed (recorded in the audit log).") var purpose: String = "read"
    @Flag(name: .customLong("allow-expired"), help: "Read even if the secret has expired.") var allowExpired = false

    typealias Field = CredentialField

    func run() throws {
        try Self.read(name, field: field, reveal: reveal, version: version, purpose: purpose, allowExpired: allowExpired,
                      session: Session(options: global))
    }

    /// The command itself, for ArgumentParser's `run`; the front program serves the plain form itself (ClientCore.QuickForm).
    static func read(_ name: String, field: Field, reveal: Bool, version: Int?, purpose: String, allowExpired: Bool,
                     session: Session) throws {
        let toTerminal = isatty(STDOUT_FILENO) == 1
        if toTerminal, !reveal {
            throw ReportedError(exitCode: .refused, message: "refusing to write a credential to a terminal",
                                hint: "pipe it (`iamvault read \(name) | …`), or pass --reveal to show it")
        }
        let request = OpenRequest(name: name, purpose: purpose, channel: toTerminal ? "terminal" : "pipe", version: version,
                                  allowExpired: allowExpired, field: field)
        let (_, material) = try session.perform(.open(request))
        guard let chosen = field.part(of: material) else {
            throw ReportedError(exitCode: .operationFailed, message: "the agent sent no credential")
        }
        try SecretInput.write(chosen.bytes, to: STDOUT_FILENO)
        if toTerminal { print("") }
    }
}

extension CredentialField: ExpressibleByArgument {}
