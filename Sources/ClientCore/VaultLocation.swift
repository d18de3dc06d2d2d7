import Glibc

/// The default vault path without Foundation, as `Vault.defaultPath` computes it: `IAMVAULT_PATH`, else
/// `$XDG_DATA_HOME/iamvault/vault.db`, else `~/.local/share/iamvault/vault.db` (`VaultLocationTests` compares
/// the two). nil when HOME is unset or empty: the full program then decides, from the password database.
public enum VaultLocation {
    public static func defaultPath(environment: [String: String]) -> String? {
        if let explicit = environment["IAMVAULT_PATH"], !explicit.isEmpty { return explicit }
        if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
            return dataHome + "/iamvault/vault.db"
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.local/share/iamvault/vault.db"
    }
}
