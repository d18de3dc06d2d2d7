import Accounts
import Agent
import ArgumentParser
import Foundation
import Sodium

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an Azure account and capture its client secret once.",
        discussion: """
            The secret is read from a no-echo prompt, from standard input (--secret-stdin), or from the JSON that \
            `az ad sp create-for-rbac` / `az ad app credential reset` print (--from-az-json FILE or -), so it never shows \
            on screen. On a terminal, missing required fields are asked for in the order of Azure's Add account form.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The account name (1-128 printable characters, unique without regard to case).") var name: String?
    @Option(help: ArgumentHelp("Directory (tenant) ID: a GUID or a domain such as contoso.onmicrosoft.com.", valueName: "id"))
    var tenant: String?
    @Option(name: .customLong("client-id"), help: ArgumentHelp("Application (client) ID (a GUID).", valueName: "id"))
    var clientID: String?
    @Option(help: "A description (up to 1,024 characters).") var description: String?
    @Option(help: "A tag (repeatable).") var tag: [String] = []
    @Flag(help: "Add the account disabled.") var disabled = false
    @Option(help: "A Microsoft Graph permission the account should hold (repeatable; default: all of the catalogue).")
    var permission: [String] = []
    @Option(help: ArgumentHelp("Secret expiry: 180d (recommended), 365d, 545d, 730d, or YYYY-MM-DD.", valueName: "when"))
    var expires: String?
    @Option(name: .customLong("key-id"), help: ArgumentHelp("Azure's Secret ID (keyId) of this secret, if known.", valueName: "guid"))
    var keyID: String?
    @Flag(name: .customLong("secret-stdin"), help: "Read the secret value from standard input.") var secretStdin = false
    @Option(name: .customLong("from-az-json"), help: ArgumentHelp("Read appId, tenant and password from az's JSON (a file, or - for stdin).", valueName: "file"))
    var fromAzJSON: String?
    @Flag(help: "Accept a secret that looks like a GUID (the secret's ID) without asking.") var force = false
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        if secretStdin, fromAzJSON != nil { throw ValidationError("use either --secret-stdin or --from-az-json, not both") }
    }

    func run() throws {
        let terminal = Terminal.open()
        var name = self.name, tenant = self.tenant, clientID = self.clientID
        var secret: OwnedSecret?
        if let source = fromAzJSON {
            let expected = "the JSON object `az ad sp create-for-rbac` or `az ad app credential reset` printed"
            let document = try source == "-"
                ? SecretInput.all(fromDescriptor: STDIN_FILENO, maximum: AzCredentialJSON.maximumByteCount, expected: expected)
                : SecretInput.readFile(source, maximum: AzCredentialJSON.maximumByteCount, expected: expected)
            let parsed = try AzCredentialJSON.parse(document)
            tenant = tenant ?? parsed.tenant
            clientID = clientID ?? parsed.appID
            name = name ?? parsed.displayName
            secret = OwnedSecret(try parsed.password.duplicate())
        } else if secretStdin {
            secret = OwnedSecret(try SecretInput.secretFromStandardInput())
        }
        // Ask for what is missing, in the order of Azure's form: Name, Tenant ID, Client ID, Client secret.
        name = try name ?? ask(terminal, "Name: ", option: "NAME")
        tenant = try tenant ?? ask(terminal, "Directory (tenant) ID: ", option: "--tenant")
        clientID = try clientID ?? ask(terminal, "Application (client) ID: ", option: "--client-id")
        if secret == nil {
            guard let terminal else {
                throw ReportedError(exitCode: .usage, message: "no secret value given",
                                    hint: "pass --secret-stdin or --from-az-json, or run on a terminal to be asked")
            }
            secret = OwnedSecret(try terminal.readSecret(prompt: "Client secret value (not shown): "))
        }
        guard let secret, let name, let tenant, let clientID else { return }
        let allow = try SecretConfirmation.allowGUIDShaped(secret, force: force, terminal: terminal)
        let request = AddRequest(
            name: name, enabled: !disabled, description: description, tags: tag, tenantID: tenant, clientID: clientID,
            permissions: permission, expires: expires, keyID: keyID, allowSecretThatLooksLikeID: allow)
        let (reply, _) = try Session(options: global).perform(.add(request), secrets: [secret])
        guard let details = reply.details else { return }
        if json { try Output.json(details) } else {
            FileHandle.standardError.write(Data("iamvault: added \(details.account.name); secret captured as version 1\n".utf8))
        }
    }

    private func ask(_ terminal: Terminal?, _ prompt: String, option: String) throws -> String {
        guard let terminal, let answer = terminal.readLine(prompt: prompt), !answer.isEmpty else {
            throw ReportedError(exitCode: .usage, message: "\(option) is required", hint: "see `iamvault help add`")
        }
        return answer
    }
}

/// The GUID-shaped-secret check on the client side: warn and ask on a terminal, refuse in a script unless forced.
enum SecretConfirmation {
    static func allowGUIDShaped(_ secret: OwnedSecret, force: Bool, terminal: Terminal?) throws -> Bool {
        guard try SecretValuePolicy.check(secret.bytes) == .looksLikeSecretID else { return false }
        if force { return true }
        guard let terminal else { throw AccountError(.secretLooksLikeID) }
        terminal.write("iamvault: warning: the value looks like a GUID, which is usually the secret's ID, not its Value.\n")
        guard terminal.confirm("Store it anyway?") else { throw AccountError(.secretLooksLikeID) }
        return true
    }
}
