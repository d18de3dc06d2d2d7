import Agent
import ArgumentParser
import Foundation

/// The `iamvault` command line: a thin shell over the library; each subcommand is one file. This is
/// `iamvault-core`; the `iamvault` front program serves the plain forms of `read`, `exec` and `list --json`
/// through a running agent itself and runs this program for everything else, with the same arguments.
@main
struct IAMVaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iamvault",
        abstract: "A sealed vault for Azure (Entra ID) application credentials.",
        discussion: "Exit codes: 0 ok, 1 condition not met, 2 usage or invalid input, 3 locked or authentication failed, "
            + "4 not found, 5 integrity failure, 6 refused by policy, 7 operation failed (nothing changed). See docs/cli.md.",
        version: IAMVaultVersion.current,
        subcommands: [
            InitCommand.self, UnlockCommand.self, LockCommand.self, StatusCommand.self,
            AddCommand.self, ListCommand.self, ShowCommand.self, EditCommand.self, RemoveCommand.self, RotateCommand.self,
            ExecCommand.self, ReadCommand.self, ExpiringCommand.self, VerifyCommand.self, ReconcileCommand.self, PermissionsCommand.self,
            AuditCommand.self,
            PasswdCommand.self, RekeyCommand.self, RecoverCommand.self, CompletionsCommand.self, AgentCommand.self,
        ]
    )

    /// Hardens the process before anything else, then runs the command and maps every error to a message,
    /// a hint and a documented exit code. User errors never trap.
    static func main() {
        do {
            try ProcessHardening.apply()
        } catch {
            report(ReportedError.from(error))
        }
        do {
            var command = try parseCommand()
            try command.run()
        } catch let error as ArgumentParser.ExitCode {
            Foundation.exit(error.rawValue)
        } catch let error where ReportedError.isKnown(error) {
            report(ReportedError.from(error))
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data("iamvault: error: \(fullMessage(for: error))\n".utf8))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }

    /// Parses the subcommand named by the first argument on its own, without building the whole tree of
    /// commands: the tree costs most of a short command's start (docs/performance.md). Anything that does not
    /// parse that way (help, a typo, a bad option) goes through the full parser, which gives the usual message.
    static func parseCommand() throws -> any ParsableCommand {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let name = arguments.first, !name.hasPrefix("-"),
           let type = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
           let command = try? type.parseAsRoot(Array(arguments.dropFirst())) {
            return command
        }
        return try parseAsRoot()
    }

    static func report(_ error: ReportedError) -> Never {
        var text = "iamvault: error: \(error.message)\n"
        if let hint = error.hint { text += "iamvault: hint: \(hint)\n" }
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(error.exitCode.rawValue)
    }
}

/// The release version, printed by `iamvault --version`.
enum IAMVaultVersion {
    static let current = "0.1.0"
}
