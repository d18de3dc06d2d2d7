// A second process for the concurrency tests: adds COUNT accounts named PREFIX-0... to the vault at PATH,
// reading the passphrase from standard input. Exit 0 only when every add committed.
import Accounts
import Audit
import Foundation
import IAMVaultTestSupport
import Sodium
import Vault

let arguments = CommandLine.arguments
guard arguments.count == 4, let count = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: iamvault-stress-writer PATH PREFIX COUNT < passphrase\n".utf8))
    exit(2)
}
let (path, prefix) = (arguments[1], arguments[2])
do {
    var line = Array((readLine(strippingNewline: true) ?? "").utf8)
    let passphrase = try SecretBytes(consumingAndWiping: &line)
    let vault = try Vault.open(at: path).unlock(passphrase: passphrase)
    let service = AccountService(vault: vault, audit: RecordingAuditSink())
    for index in 0..<count {
        var value = Array("\(prefix)-value-\(index)-8Q~0123456789abcdefghij".utf8)
        try service.add(
            AccountDraft(name: "\(prefix)-\(index)", tenantID: "contoso.onmicrosoft.com", clientID: "11112222-3333-4444-8555-666677778888"),
            secret: try SecretBytes(consumingAndWiping: &value))
    }
} catch {
    FileHandle.standardError.write(Data("iamvault-stress-writer: \(error)\n".utf8))
    exit(1)
}
