import ArgumentParser
import Vault

/// The Argon2id cost options of every command that writes a passphrase slot (init, passwd, rekey, recover).
struct KDFOptions: ParsableArguments {
    @Option(name: .customLong("kdf-memory"), help: ArgumentHelp("Argon2id memory in MiB (64-4096; default 256).", valueName: "MiB"))
    var memoryMiB: UInt64 = 256

    @Option(name: .customLong("kdf-ops"), help: ArgumentHelp("Argon2id passes (2-32; default 3).", valueName: "n"))
    var passes: UInt64 = 3

    /// The parameters, refused with the reason when below the floor or above the ceiling.
    func parameters() throws -> KDFParameters {
        try KDFParameters(opsLimit: passes, memLimitBytes: memoryMiB << 20)
    }
}
