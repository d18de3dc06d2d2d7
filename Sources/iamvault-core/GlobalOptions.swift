import ArgumentParser
import Foundation
import Vault

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault file (default: $IAMVAULT_PATH, else $XDG_DATA_HOME/iamvault/vault.db).", valueName: "path"))
    var vault: String?

    @Option(name: .long, help: ArgumentHelp("Read the passphrase from this file descriptor (one line) instead of the terminal.", valueName: "n"))
    var passphraseFD: Int32?

    var vaultPath: String {
        vault ?? Vault.defaultPath()
    }
}
