import Vault

/// `read` and `exec`, the commands scripts run in loops, parsed by hand when their arguments take the plain
/// forms docs/cli.md shows. ArgumentParser reflects over every property wrapper of a command at each start,
/// which cost more than all the rest of a `read` (docs/performance.md); this parser costs nothing measurable.
///
/// It accepts only: the account name once; each option at most once, as `--option value` with a value that
/// does not start with `-`; the flags `--reveal` (read) and `--allow-expired`; for `exec`, `--` and at least
/// one word after it. Anything else (help, `--option=value`, a repeated or unknown option, `--token-only`)
/// returns nil and the full parser runs, so every message, default and check stays ArgumentParser's. Both
/// paths call the same `ReadCommand.read` / `ExecCommand.exec`.
enum QuickCommand {
    case read(name: String, field: ReadCommand.Field, reveal: Bool, version: Int?, purpose: String, allowExpired: Bool, session: Session)
    case exec(name: String, purpose: String, allowExpired: Bool, command: [String], session: Session)

    static func parse(_ arguments: [String]) -> QuickCommand? {
        guard let verb = arguments.first else { return nil }
        switch verb {
        case "read":
            guard let words = Words(arguments.dropFirst(), options: ["--field", "--version", "--purpose", "--vault", "--passphrase-fd"],
                                    flags: ["--reveal", "--allow-expired"], command: false),
                  let name = words.name, let session = words.session else { return nil }
            guard let field = ReadCommand.Field(rawValue: words.options["--field"] ?? "secret") else { return nil }
            var version: Int?
            if let text = words.options["--version"] {
                guard let number = Int(text) else { return nil }
                version = number
            }
            return .read(name: name, field: field, reveal: words.flags.contains("--reveal"), version: version,
                         purpose: words.options["--purpose"] ?? "read", allowExpired: words.flags.contains("--allow-expired"),
                         session: session)
        case "exec":
            guard let words = Words(arguments.dropFirst(), options: ["--purpose", "--vault", "--passphrase-fd"],
                                    flags: ["--allow-expired"], command: true),
                  let name = words.name, let session = words.session, !words.command.isEmpty else { return nil }
            return .exec(name: name, purpose: words.options["--purpose"] ?? "exec", allowExpired: words.flags.contains("--allow-expired"),
                         command: words.command, session: session)
        default:
            return nil
        }
    }

    func run() throws {
        switch self {
        case .read(let name, let field, let reveal, let version, let purpose, let allowExpired, let session):
            try ReadCommand.read(name, field: field, reveal: reveal, version: version, purpose: purpose, allowExpired: allowExpired,
                                 session: session)
        case .exec(let name, let purpose, let allowExpired, let command, let session):
            try ExecCommand.exec(name, purpose: purpose, allowExpired: allowExpired, command: command, session: session)
        }
    }

    /// The arguments after the verb, split into the name, options with their values, flags and (for `exec`) the
    /// command after `--`; nil as soon as anything falls outside the accepted forms.
    private struct Words {
        var positional: [String] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var command: [String] = []

        init?(_ words: ArraySlice<String>, options known: Set<String>, flags knownFlags: Set<String>, command allowsCommand: Bool) {
            var index = words.startIndex
            while index < words.endIndex {
                let word = words[index]
                if word == "--" {
                    guard allowsCommand else { return nil }
                    command = Array(words[(index + 1)...])
                    break
                }
                if word.hasPrefix("-") {
                    if knownFlags.contains(word) {
                        guard flags.insert(word).inserted else { return nil }
                    } else if known.contains(word) {
                        let next = index + 1
                        guard next < words.endIndex, !words[next].hasPrefix("-"), options[word] == nil else { return nil }
                        options[word] = words[next]
                        index = next
                    } else {
                        return nil
                    }
                } else {
                    positional.append(word)
                }
                index += 1
            }
        }

        var name: String? { positional.count == 1 ? positional[0] : nil }

        /// The session of `--vault` and `--passphrase-fd` (nil when the descriptor is not a number).
        var session: Session? {
            var descriptor: Int32?
            if let text = options["--passphrase-fd"] {
                guard let number = Int32(text) else { return nil }
                descriptor = number
            }
            return Session(vaultPath: options["--vault"] ?? Vault.defaultPath(), passphraseFD: descriptor)
        }
    }
}
