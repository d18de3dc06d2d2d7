import Foundation
import IAMVaultTestSupport
import Testing
import Accounts
import Audit
@testable import Azure

@Suite("The token broker for exec --token-only (App Service managed-identity protocol)")
struct TokenBrokerTests {
    static let arm = "https://management.azure.com"
    static func query(_ resource: String = arm) -> String {
        "/msi/token?api-version=2019-08-01&resource=\(resource.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
    }

    @Test func servesATokenInTheShapeAzureSDKsRead() async throws {
        let h = try Harness(extra: ["applications": [["appId": client, "tenant": tenant, "roles": ["Application.ReadWrite.All"],
                                                      "resourceRoles": [Self.arm: ["Reader"]], "passwords": [["secret": azureSecret(1)]]]]])
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        #expect(broker.endpoint.absoluteString == "http://127.0.0.1:\(broker.port)/msi/token")
        #expect(broker.identityHeader.count == 64)
        #expect(!broker.description.contains(broker.identityHeader))
        let answer = try #require(try await RawHTTP.get(port: broker.port, Self.query(), headers: ["X-IDENTITY-HEADER": broker.identityHeader, "Metadata": "true"]))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/json")
        #expect(answer.headers["cache-control"] == "no-store")
        let json = answer.json
        let token = try #require(json["access_token"] as? String)
        #expect(json["token_type"] as? String == "Bearer")
        #expect(json["resource"] as? String == Self.arm)
        #expect(json["client_id"] as? String == client)
        #expect(json["expires_on"] as? String == String(Int(start.timeIntervalSince1970) + 3599))
        let claims = try AccessTokenClaimsTests.decode(token)
        #expect(claims.audience == Self.arm)
        #expect(claims.roles == ["Reader"])
        // Audited as released, once per token handed out, never with the token.
        let released = try #require(h.events(.secretReleased).last)
        #expect(released.details["channel"] == "token-broker")
        #expect(released.details["resource"] == Self.arm)
        #expect(released.details["reused"] == "false")
        #expect(h.events(.handleOpened).last?.details["purpose"] == "exec --token-only")
        #expect(h.auditNeverMentions([token, azureSecret(1), broker.identityHeader]))
    }

    @Test func aSecondRequestReusesTheTokenAndIsAuditedAgain() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let header = ["X-IDENTITY-HEADER": broker.identityHeader]
        let first = try #require(try await RawHTTP.get(port: broker.port, Self.query("https://graph.microsoft.com"), headers: header))
        let second = try #require(try await RawHTTP.get(port: broker.port, Self.query("https://graph.microsoft.com") + "&client_id=\(client.uppercased())", headers: header))
        #expect(first.json["access_token"] as? String == second.json["access_token"] as? String)
        #expect(h.events(.secretReleased).map { $0.details["reused"] } == ["false", "true"])
        #expect(try await h.emulator.count("token") == 1)
        h.time.advance(by: 3599 - 299)
        _ = try await RawHTTP.get(port: broker.port, Self.query("https://graph.microsoft.com"), headers: header)
        #expect(try await h.emulator.count("token") == 2)
    }

    @Test func aRequestWithoutTheRightHeaderGetsNoToken() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let missing = try #require(try await RawHTTP.get(port: broker.port, Self.query()))
        #expect(missing.status == 401)
        #expect(missing.json["access_token"] == nil)
        let wrong = try #require(try await RawHTTP.get(port: broker.port, Self.query(), headers: ["X-IDENTITY-HEADER": String(repeating: "0", count: 64)]))
        #expect(wrong.status == 401)
        let twice = try #require(try await RawHTTP.send(port: broker.port, Array(("GET \(Self.query()) HTTP/1.1\r\nX-IDENTITY-HEADER: \(broker.identityHeader)\r\n"
            + "x-identity-header: \(broker.identityHeader)\r\n\r\n").utf8)))
        #expect(twice.status == 400)
        #expect(try await h.emulator.count("token") == 0)
        #expect(h.events(.secretReleased).isEmpty)
    }

    @Test func requestsForAnotherIdentityMethodOrPathAreRefused() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let header = ["X-IDENTITY-HEADER": broker.identityHeader]
        #expect(try await RawHTTP.get(port: broker.port, Self.query() + "&client_id=99999999-9999-4999-8999-999999999999", headers: header)?.status == 400)
        #expect(try await RawHTTP.get(port: broker.port, Self.query() + "&mi_res_id=/subscriptions/x", headers: header)?.status == 400)
        #expect(try await RawHTTP.get(port: broker.port, "/msi/token?api-version=2017-09-01&resource=x", headers: header)?.status == 400)
        #expect(try await RawHTTP.get(port: broker.port, "/msi/token?api-version=2019-08-01", headers: header)?.status == 400)
        #expect(try await RawHTTP.get(port: broker.port, "/msi/token?resource=has%20space", headers: header)?.status == 400)
        #expect(try await RawHTTP.get(port: broker.port, "/other?resource=x", headers: header)?.status == 404)
        let post = try #require(try await RawHTTP.get(port: broker.port, Self.query(), headers: header, method: "POST"))
        #expect(post.status == 405 && post.headers["allow"] == "GET")
        #expect(h.events(.secretReleased).isEmpty)
    }

    @Test func malformedHugeAndSlowRequestsAreAnsweredNotFatal() async throws {
        let h = try Harness()
        try h.add()
        let broker = try TokenBroker(clientID: client, readTimeout: 0.3) { _ in throw AzureError(.brokerFailed("unused")) }
        defer { broker.stop() }
        #expect(try await RawHTTP.send(port: broker.port, Array("garbage\r\n\r\n".utf8))?.status == 400)
        #expect(try await RawHTTP.send(port: broker.port, [0xFF, 0xFE, 0x0D, 0x0A, 0x0D, 0x0A])?.status == 400)
        #expect(try await RawHTTP.send(port: broker.port, Array("GET /msi/token HTTP/1.1\r\n folded: x\r\n\r\n".utf8))?.status == 400)
        #expect(try await RawHTTP.send(port: broker.port, Array("GET /msi/token?resource=%zz HTTP/1.1\r\nX-IDENTITY-HEADER: \(broker.identityHeader)\r\n\r\n".utf8))?.status == 400)
        #expect(try await RawHTTP.send(port: broker.port, Array("GET /msi/token HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".utf8))?.status == 400)
        let huge = "GET /msi/token HTTP/1.1\r\nX-Pad: " + String(repeating: "a", count: 20_000) + "\r\n\r\n"
        #expect(try await RawHTTP.send(port: broker.port, Array(huge.utf8))?.status == 431)
        let many = "GET /msi/token HTTP/1.1\r\n" + (0..<100).map { "X-H\($0): v\r\n" }.joined() + "\r\n"
        #expect(try await RawHTTP.send(port: broker.port, Array(many.utf8))?.status == 431)
        #expect(try await RawHTTP.send(port: broker.port, Array("GET /msi/token HTTP/1.1\r\n".utf8))?.status == 408)
        #expect(try await RawHTTP.send(port: broker.port, [])?.status == 408)
        // Still serving after all that.
        #expect(try await RawHTTP.get(port: broker.port, Self.query())?.status == 401)
    }

    @Test func anIssuerFailureIsAnErrorWithoutAToken() async throws {
        let h = try Harness()
        try h.add(secret: azureSecret(2))
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let answer = try #require(try await RawHTTP.get(port: broker.port, Self.query(), headers: ["X-IDENTITY-HEADER": broker.identityHeader]))
        #expect(answer.status == 502)
        #expect(answer.json["error"] as? String == "wrong_secret")
        #expect((answer.json["message"] as? String)?.contains("AADSTS7000215") == true)
        #expect(answer.json["access_token"] == nil)
        #expect(!answer.body.contains(azureSecret(2)))
        #expect(h.events(.secretReleased).isEmpty)
    }

    @Test func anAuditFailureWithholdsTheToken() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        h.audit.setFailing(true)
        let answer = try #require(try await RawHTTP.get(port: broker.port, Self.query(), headers: ["X-IDENTITY-HEADER": broker.identityHeader]))
        #expect(answer.status == 502)
        #expect(answer.json["access_token"] == nil)
    }

    @Test func theChildEnvironmentPointsAzureSDKsAtTheBrokerOnly() async throws {
        let h = try Harness()
        try h.add()
        let broker = try h.azure.startTokenBroker(for: "Contoso-Prod")
        defer { broker.stop() }
        let environment = broker.childEnvironment(from: [
            "PATH": "/usr/bin", "AZURE_CLIENT_SECRET": "leak", "AZURE_CLIENT_ID": client, "MSI_ENDPOINT": "x",
            "IDENTITY_SERVER_THUMBPRINT": "y", "IMDS_ENDPOINT": "z", "IDENTITY_ENDPOINT": "http://elsewhere", "AZURE_TENANT_ID": tenant,
        ])
        #expect(environment == ["PATH": "/usr/bin", "AZURE_TENANT_ID": tenant, "IDENTITY_ENDPOINT": broker.endpoint.absoluteString,
                                "IDENTITY_HEADER": broker.identityHeader])
    }

    @Test func aStoppedBrokerRefusesConnections() async throws {
        let broker = try TokenBroker(clientID: client) { _ in throw AzureError(.brokerFailed("unused")) }
        let port = broker.port
        broker.stop()
        broker.stop()
        await #expect(throws: EmulatorFailure.self) { try await RawHTTP.get(port: port, "/msi/token") }
    }
}
