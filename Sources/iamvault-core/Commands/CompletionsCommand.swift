import ArgumentParser

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions", abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: "For example: iamvault completions bash > /etc/bash_completion.d/iamvault")

    @Argument(help: "bash, zsh or fish.") var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw ValidationError("unknown shell \"\(shell)\"; use bash, zsh or fish")
        }
        print(IAMVaultCommand.completionScript(for: kind))
    }
}
