/// The plain forms of `read`, `exec` and `list --json`, the commands scripts run in loops, parsed by hand: the
/// `iamvault` front program serves them through a running agent without starting the full program
/// (docs/performance.md).
///
/// It accepts only: the account name once; each option at most once, as `--option value` with a value that
/// does not start with `-`; the flags `--reveal` (read) and `--allow-expired`; for `exec`, `--` and at least
/// one word after it. Anything else (help, `--option=value`, a repeated or unknown option, `--token-only`, a
/// bad `--field` or `--version`) is nil, and the full program parses it with ArgumentParser, so every
/// message, default and check stays ArgumentParser's.
public enum QuickForm: Equatable, Sendable {
    case read(name: String, field: Field, reveal: Bool, version: Int?, purpose: String, allowExpired: Bool, session: Session)
    case exec(name: String, purpose: String, allowExpired: Bool, command: [String], session: Session)
    /// `list --json [--tag T]`: the list as JSON (the table stays the full program's).
    case listJSON(tag: String?, session: Session)

    /// Which part of the credential `read` writes (`--field`).
    public typealias Field = CredentialField

    /// `--vault` and `--passphrase-fd` as given (nil when absent).
    public struct Session: Equatable, Sendable {
        public var vaultPath: String?
        public var passphraseFD: Int32?

        public init(vaultPath: String?, passphraseFD: Int32?) {
            self.vaultPath = vaultPath
            self.passphraseFD = passphraseFD
        }
    }

    /// `arguments` without the program name.
    public static func parse(_ arguments: ArraySlice<String>) -> QuickForm? {
        guard let verb = arguments.first else { return nil }
        switch verb {
        case "read":
            guard let words = Words(arguments.dropFirst(), options: ["--field", "--version", "--purpose", "--vault", "--passphrase-fd"],
                                    flags: ["--reveal", "--allow-expired"], command: false),
                  let name = words.name, let session = words.session,
                  let field = Field(rawValue: words.value("--field") ?? "secret") else { return nil }
            var version: Int?
            if let text = words.value("--version") {
                guard let number = Int(text) else { return nil }
                version = number
            }
            return .read(name: name, field: field, reveal: words.flags.contains("--reveal"), version: version,
                         purpose: words.value("--purpose") ?? "read", allowExpired: words.flags.contains("--allow-expired"),
                         session: session)
        case "exec":
            guard let words = Words(arguments.dropFirst(), options: ["--purpose", "--vault", "--passphrase-fd"],
                                    flags: ["--allow-expired"], command: true),
                  let name = words.name, let session = words.session, !words.command.isEmpty else { return nil }
            return .exec(name: name, purpose: words.value("--purpose") ?? "exec", allowExpired: words.flags.contains("--allow-expired"),
                         command: words.command, session: session)
        case "list":
            guard let words = Words(arguments.dropFirst(), options: ["--tag", "--vault", "--passphrase-fd"],
                                    flags: ["--json"], command: false),
                  words.positional.isEmpty, words.flags.contains("--json"), let session = words.session else { return nil }
            return .listJSON(tag: words.value("--tag"), session: session)
        default:
            return nil
        }
    }

    /// The arguments after the verb, split into the name, options with their values, flags and (for `exec`) the
    /// command after `--`; nil as soon as anything falls outside the accepted forms.
    ///
    /// Plain arrays with linear search, not `Set` and `Dictionary`: for three to five words, hashing cost a
    /// `read` about 50 µs of generic type instantiation and conformance lookups on first use
    /// (docs/performance.md).
    private struct Words {
        var positional: [String] = []
        /// The known option names, and the value each was given (nil when absent), at the same index.
        private let optionNames: [String]
        private var optionValues: [String?]
        var flags: [String] = []
        var command: [String] = []

        init?(_ words: ArraySlice<String>, options known: [String], flags knownFlags: [String], command allowsCommand: Bool) {
            optionNames = known
            optionValues = Array(repeating: nil, count: known.count)
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
                        guard !flags.contains(word) else { return nil }
                        flags.append(word)
                    } else if let option = known.firstIndex(of: word) {
                        let next = index + 1
                        guard next < words.endIndex, !words[next].hasPrefix("-"), optionValues[option] == nil else { return nil }
                        optionValues[option] = words[next]
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

        /// The value given to `option` (one of the known names), or nil.
        func value(_ option: String) -> String? {
            optionNames.firstIndex(of: option).flatMap { optionValues[$0] }
        }

        var name: String? { positional.count == 1 ? positional[0] : nil }

        /// nil when `--passphrase-fd` is not a number.
        var session: Session? {
            var descriptor: Int32?
            if let text = value("--passphrase-fd") {
                guard let number = Int32(text) else { return nil }
                descriptor = number
            }
            return Session(vaultPath: value("--vault"), passphraseFD: descriptor)
        }
    }
}
