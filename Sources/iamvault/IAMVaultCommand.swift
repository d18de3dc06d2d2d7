import ArgumentParser

/// The `iamvault` command line. Subcommands arrive with the CLI issue; for now it reports its version.
@main
struct IAMVaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iamvault",
        abstract: "A sealed vault for Azure (Entra ID) application credentials.",
        version: IAMVaultVersion.current
    )
}

/// The release version, printed by `iamvault --version`.
enum IAMVaultVersion {
    static let current = "0.1.0"
}
