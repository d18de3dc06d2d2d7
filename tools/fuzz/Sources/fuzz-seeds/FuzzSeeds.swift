import Accounts
import Agent
import Foundation
import Sodium
import Vault

/// Writes the committed seed corpus (`tools/fuzz/corpus/<target>/`) with the project's real encoders:
/// agent frames by `AgentFrame.write`, requests by `wireHeader()`, records by the vault and account encoders.
/// Run it after a format change: `swift build --package-path tools/fuzz --product fuzz-seeds && tools/fuzz/.build/debug/fuzz-seeds`.
@main
struct FuzzSeeds {
    static func main() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpus")
        var writer = SeedWriter(corpus: corpus)
        try agentFrames(&writer)
        try agentAnswers(&writer)
        try vaultRecords(&writer)
        textSeeds(&writer)
        print("wrote \(writer.count) seeds under \(corpus.path)")
    }

    static func agentFrames(_ writer: inout SeedWriter) throws {
        let target = AzureTarget(cloud: "AzureUSGovernment", environment: ["AZURE_AUTHORITY_HOST": "https://127.0.0.1:8443"])
        let requests: [(String, AgentRequest, Int)] = [
            ("status", .status, 0),
            ("lock", .lock, 0),
            ("list", .listJSON(tag: "prod", enabled: true), 0),
            ("add", .add(AddRequest(name: "Contoso-Prod", enabled: true, description: "CI", tags: ["prod"],
                                    tenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientID: "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
                                    permissions: ["Application.ReadWrite.OwnedBy"], expires: "180d", keyID: nil,
                                    allowSecretThatLooksLikeID: false)), 1),
            ("edit", .edit(name: "Contoso-Prod", change: EditRequest(rename: "Contoso", description: nil, clearDescription: true,
                                                                     addTags: ["a"], removeTags: [], enabled: false, permissions: nil,
                                                                     tenantID: nil, clientID: nil)), 0),
            ("rotate", .rotate(RotateRequest(name: "Contoso-Prod", expires: "2027-01-31", keyID: "k", allowSecretThatLooksLikeID: true)), 1),
            ("open", .open(OpenRequest(name: "Contoso-Prod", purpose: "deploy", channel: "exec", version: 2, allowExpired: false)), 0),
            ("expiring", .expiring(withinSeconds: 2_592_000), 0),
            ("audit-list", .auditList(AuditListRequest(account: "Contoso-Prod", since: Date(timeIntervalSince1970: 1_795_000_000.123))), 0),
            ("rotate-graph", .rotateViaGraph(GraphRotateRequest(name: "Contoso-Prod", target: target, expires: nil, graceSeconds: 3600)), 0),
            ("broker-start", .brokerStart(AzureRequest(name: "Contoso-Prod", target: target)), 0),
            ("broker-stop", .brokerStop(id: "b-1"), 4),
        ]
        for (name, request, segments) in requests {
            let secrets = try (0..<segments).map { index in try OwnedSecret(copying: String(repeating: "s", count: 8 * index + 1)) }
            var bytes: [UInt8] = []
            AgentFrame(header: try request.wireHeader(), secrets: secrets).write { bytes.append(contentsOf: $0) }
            writer.write("fuzz-agent-frame", name, bytes)
            if name == "add" {
                writer.write("fuzz-agent-frame", "add-truncated", Array(bytes.dropLast(3)))
                writer.write("fuzz-agent-frame", "add-header-only", Array(try request.wireHeader()))
            }
        }
        writer.write("fuzz-agent-frame", "header-too-large", [0x00, 0x10, 0x00, 0x01])
        writer.write("fuzz-agent-frame", "five-segments", [0, 0, 0, 2] + Array("{}".utf8) + [0, 0, 0, 5])
    }

    /// Answers to `open` as the agent writes them: its reply and error types through a JSONEncoder with the
    /// wire's settings, in the `{"reply"|"failure": {"_0": …}}` envelope.
    static func agentAnswers(_ writer: inout SeedWriter) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        var reply = AgentReply()
        reply.opened = OpenedHandle(account: "Contoso-Prod", version: 2, purpose: "deploy", expiresAt: Date(timeIntervalSince1970: 1_795_000_000.5))
        func frame(_ envelope: String, _ body: Data, segments: Int) throws -> [UInt8] {
            let header = Array("{\"\(envelope)\":{\"_0\":".utf8) + Array(body) + Array("}}".utf8)
            let secrets = try (0..<segments).map { index in try OwnedSecret(copying: String(repeating: "v", count: 10 * index + 1)) }
            var bytes: [UInt8] = []
            AgentFrame(header: header, secrets: secrets).write { bytes.append(contentsOf: $0) }
            return bytes
        }
        writer.write("fuzz-agent-answer", "opened", try frame("reply", try encoder.encode(reply), segments: 3))
        writer.write("fuzz-agent-answer", "opened-no-segments", try frame("reply", try encoder.encode(reply), segments: 0))
        let refusal = ReportedError(exitCode: .notFound, message: "no account named \"N\u{e9}\"", hint: "list the accounts with `iamvault list`")
        writer.write("fuzz-agent-answer", "not-found", try frame("failure", try encoder.encode(refusal), segments: 0))
        let bare = ReportedError(exitCode: .refused, message: "the secret expired", hint: nil)
        writer.write("fuzz-agent-answer", "refused-no-hint", try frame("failure", try encoder.encode(bare), segments: 0))
    }

    static func vaultRecords(_ writer: inout SeedWriter) throws {
        let key = try SecretBytes.random(count: SecretBox.keyByteCount)
        let sealed = try Array("a sealed record".utf8).withUnsafeBytes { try SecretBox.seal($0, key: key) }
        writer.write("fuzz-vault-record", "envelope", [0] + sealed)
        writer.write("fuzz-vault-record", "envelope-short", [0] + Array(sealed.prefix(20)))
        writer.write("fuzz-vault-record", "entry", [1] + EntryPlaintext.encode(name: "Contoso-Prod", payload: Array("{}".utf8)))
        writer.write("fuzz-vault-record", "entry-unicode", [1] + EntryPlaintext.encode(name: "Zürich-Ω", payload: []))
        let metadata = VaultMetadata(formatVersion: 1, vaultID: "5f2b8c1e9a7d4e3f8b6a1c2d3e4f5a6b", createdAt: Date(timeIntervalSince1970: 1_795_000_000),
                                     rekeyedAt: Date(timeIntervalSince1970: 1_795_100_000), extensions: ["audit.head": "00ff"])
        writer.write("fuzz-vault-record", "metadata", [2] + (try metadata.encoded()))
        let accountJSON = """
            {"name":"Contoso-Prod","enabled":true,"provider":"azure","description":"CI deploys","tags":["prod","ci"],
             "tenantID":"72f988bf-86f1-41af-91ab-2d7cd011db47","clientID":"04b07795-8ddb-461a-bbee-02f9e1bf7b46",
             "permissions":["Application.ReadWrite.OwnedBy"],"createdAt":1795000000123,"updatedAt":1795000100456,
             "lastVerifiedAt":1795000200789,"retiredVersions":[{"version":1,"hint":"abc","createdAt":1795000000000,
             "expiresAt":1810552000000,"retiredAt":1795000300000}],"azureRotations":[]}
            """
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        let account = try decoder.decode(Account.self, from: Data(accountJSON.utf8))
        writer.write("fuzz-vault-record", "account", [3] + (try account.storedPayload()))
        writer.write("fuzz-account-payload", "account", try account.storedPayload())
        for (name, text) in accountPayloadSeeds { writer.write("fuzz-account-payload", name, Array(text.utf8)) }
        let info = SecretVersionInfo(version: 2, hint: "Q~x", createdAt: Date(timeIntervalSince1970: 1_795_000_000.5),
                                     expiresAt: Date(timeIntervalSince1970: 1_810_552_000), azureKeyID: "6a7b2c3d-0000-4000-8000-000000000001")
        writer.write("fuzz-vault-record", "secret-version", [4] + (try info.storedMetadata()))
    }

    static func textSeeds(_ writer: inout SeedWriter) {
        let jwtPayload = #"{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/","iat":1795000000,"nbf":1795000000,"exp":1795003599,"appid":"04b07795-8ddb-461a-bbee-02f9e1bf7b46","idtyp":"app","oid":"11111111-2222-3333-4444-555555555555","roles":["Application.ReadWrite.OwnedBy"],"tid":"72f988bf-86f1-41af-91ab-2d7cd011db47","ver":"1.0"}"#
        let jwt = base64URL(#"{"typ":"JWT","alg":"RS256"}"#) + "." + base64URL(jwtPayload) + ".c2lnbmF0dXJl"
        let seeds: [String: [String: String]] = [
            "fuzz-az-json": [
                "create-for-rbac": #"{"appId": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "displayName": "azure-cli-2026", "password": "Q~x8Q~abcdefghijklmnopqrstuvwxyz0123456", "tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47"}"#,
                "credential-reset": "{\n  \"appId\": \"04b07795-8ddb-461a-bbee-02f9e1bf7b46\",\n  \"password\": \"p\\u0041ss\\\"\\\\\\/\",\n  \"tenant\": \"t\"\n}\n",
                "null-name-nested": #"{"appId":"a","displayName":null,"extra":{"list":[1,-2.5e3,true,false,null,"\ud83d\ude00"]},"password":"p","tenant":"t"}"#,
                "duplicate": #"{"appId":"a","appId":"b","password":"p","tenant":"t"}"#,
                "empty": "{}",
            ],
            "fuzz-duration": ["90s": "90s", "15m": "15m", "2h": "2h", "30d": "30d", "spaces": " 366D ", "zero": "0s",
                              "plus": "+5m", "huge": "9999999d", "no-unit": "42", "unicode": "5\u{0661}s"],
            "fuzz-date": ["day": "2026-11-26", "rfc3339": "2026-11-26T10:00:00Z", "graph-7-digits": "2021-09-09T19:50:29.3086381Z",
                          "graph-offset": "2026-01-02T09:28:02+01:00", "retry-seconds": "120",
                          "retry-http-date": "Wed, 21 Oct 2015 07:28:00 GMT", "lower-t": "2026-01-02t08:28:02z"],
            "fuzz-secret-lifetime": ["180d": "180d", "730d": "730d", "upper": " 365D ", "day": "2027-01-31", "leap": "2028-02-29",
                                     "not-preset": "10d", "not-a-day": "2027-02-29", "garbage": "tomorrow"],
            "fuzz-jwt-claims": ["v1-app": jwt, "jwe": "a.b.c.d.e", "no-padding": "e30.eyJhdWQiOlsiYSIsImIiXX0.", "not-json": "a.bm90IGpzb24.c"],
            "fuzz-token-response": [
                "ok": "\u{00}" + #"{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"\#(jwt)"}"#,
                "ok-string-expiry": "\u{00}" + #"{"token_type":"Bearer","expires_in":"3599","access_token":"eyJ0eXAi\/x"}"#,
                "wrong-secret": "\u{04}" + #"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"trace_id":"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0","correlation_id":"01234567-89ab-cdef-0123-456789abcdef"}"#,
                "throttled": "\u{07}" + #"{"error":"temporarily_unavailable","error_description":"AADSTS50196: loop"}"#,
                "html": "\u{08}<html>503</html>",
            ],
            "fuzz-graph": [
                "application": "\u{00}" + #"{"id":"A1B2C3D4-0000-4000-8000-000000000001","appId":"04B07795-8DDB-461A-BBEE-02F9E1BF7B46","displayName":"Contoso","passwordCredentials":[{"keyId":"6A7B2C3D-0000-4000-8000-000000000001","displayName":"iamvault","hint":"Q~x","startDateTime":"2021-09-09T19:50:29.3086381Z","endDateTime":"2026-05-17T08:00:00Z"},{"keyId":"k2","endDateTime":"2026-01-02T09:28:02+01:00"}]}"#,
                "add-password": "\u{01}" + #"{"customKeyIdentifier":null,"displayName":"iamvault","endDateTime":"2026-05-17T08:00:00Z","hint":"Q~x","keyId":"6a7b2c3d-0000-4000-8000-000000000002","secretText":"Q~x8Q~abc\u0041\/def","startDateTime":"2025-11-18T08:00:00Z"}"#,
                "forbidden": "\u{0A}" + #"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#,
                "not-found": "\u{0E}" + #"{"error":{"code":"Request_ResourceNotFound","message":"Resource does not exist."}}"#,
            ],
            "fuzz-http-head": [
                "app-service": "GET /msi/token?resource=https%3A%2F%2Fgraph.microsoft.com&api-version=2019-08-01 HTTP/1.1\r\nHost: 127.0.0.1:40123\r\nX-IDENTITY-HEADER: 3f1c\r\nUser-Agent: azsdk-python-identity/1.19.0\r\nAccept: */*",
                "post-body": "POST /msi/token HTTP/1.1\r\nContent-Length: 5",
                "folded": "GET / HTTP/1.0\r\nA: b\r\n c",
                "plus-query": "GET /msi/token?resource=a+b&x= HTTP/1.1",
            ],
        ]
        for (target, files) in seeds {
            for (name, text) in files { writer.write(target, name, Array(text.utf8)) }
        }
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

struct SeedWriter {
    let corpus: URL
    var count = 0

    mutating func write(_ target: String, _ name: String, _ bytes: [UInt8]) {
        let folder = corpus.appendingPathComponent(target)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: folder.appendingPathComponent(name).path, contents: Data(bytes))
        count += 1
    }
}

/// Payloads JSONEncoder writes in other shapes, and near misses, for `fuzz-account-payload`.
let accountPayloadSeeds = [
    ("older-without-rotations", #"{"clientID":"c","createdAt":1795000000123,"enabled":false,"permissions":[],"provider":"azure","retiredVersions":[],"schema":1,"tags":[],"tenantID":"t","updatedAt":1795000000123.456}"#),
    ("escapes", #"{"clientID":"a\/b\"\\\u0000\u001f\ud83d\ude00é","createdAt":1e+16,"description":"\b\f\n\r\t","enabled":true,"permissions":["x"],"provider":"azure","retiredVersions":[],"schema":1,"tags":["😀"],"tenantID":"t","updatedAt":-62135596800000}"#),
    ("rotation", #"{"azureRotations":[{"displayName":"iamvault-1","id":"1","newKeyID":"k","newVersion":3,"oldVersion":2,"retireAfter":1795000000000,"retireKeyID":"o","stage":"retiring","startedAt":1.000046730041504}],"clientID":"c","createdAt":0,"enabled":true,"lastVerifiedAt":null,"permissions":[],"provider":"azure","retiredVersions":[],"schema":1,"tags":[],"tenantID":"t","updatedAt":0}"#),
    ("duplicate-key", #"{"schema":1,"schema":1}"#),
]
