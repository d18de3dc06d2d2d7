import Foundation
import IAMVaultTestSupport
import Testing
import Azure

/// Replays every committed input of the Azure fuzz targets (tools/fuzz/corpus) through the same public
/// decoders, with the targets' main properties, so the corpus is exercised by a plain `swift test`.
@Suite("Fuzz corpus replay: Entra and Graph answers, JWT claims, the broker's HTTP head, Graph dates")
struct FuzzCorpusReplayTests {
    static let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func everyAzureTargetHasACommittedCorpus() {
        for target in ["fuzz-token-response", "fuzz-jwt-claims", "fuzz-graph", "fuzz-http-head", "fuzz-date"] {
            #expect(FuzzCorpus.inputs(target).count >= 4, "\(target)")
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-token-response"))
    func tokenAnswer(_ input: FuzzInput) {
        guard let first = input.bytes.first else { return }
        let statuses = [200, 200, 200, 200, 400, 401, 403, 429, 500, 503]
        let status = statuses[Int(first) % statuses.count]
        var body = Data(input.bytes.dropFirst())
        if let token = try? AzureAnswers.token(status: status, body: &body, resource: "https://graph.microsoft.com", receivedAt: Self.receivedAt) {
            #expect(status == 200)
            #expect(token.withValue { $0.count } > 0)
            #expect(token.expiresOn >= Self.receivedAt)
        }
        #expect(body.allSatisfy { $0 == 0 })
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-jwt-claims"))
    func jwtClaims(_ input: FuzzInput) throws {
        guard let claims = try? input.bytes.withUnsafeBytes({ try AccessTokenClaims.decode($0) }) else { return }
        #expect(input.bytes.count(where: { $0 == UInt8(ascii: ".") }) == 2)
        let again = try JSONDecoder().decode(AccessTokenClaims.self, from: try JSONEncoder().encode(claims))
        #expect(again == claims)
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-graph"))
    func graphAnswer(_ input: FuzzInput) throws {
        guard let first = input.bytes.first else { return }
        var body = Data(input.bytes.dropFirst())
        switch first % 4 {
        case 0:
            guard let application = try? AzureAnswers.application(status: 200, body: body, appID: "a") else { return }
            #expect(application.objectID == application.objectID.lowercased())
            let again = try JSONDecoder().decode(GraphApplication.self, from: try JSONEncoder().encode(application))
            #expect(again == application)
        case 1:
            if let added = try? AzureAnswers.addedPassword(status: 200, body: &body) {
                #expect(added.secret.count > 0)
            }
            #expect(body.allSatisfy { $0 == 0 })
        default:
            #expect(AzureAnswers.graphFailure(status: 403, body: body).message.count <= 600)
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-http-head"))
    func brokerRequestHead(_ input: FuzzInput) {
        guard let head = try? HTTPRequestHead.parse(input.bytes) else { return }
        #expect(head.path.hasPrefix("/"))
        #expect(head.headers.keys.allSatisfy { $0 == $0.lowercased() })
        #expect(head.headers["content-length"].map { $0 == "0" } ?? true)
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-date"))
    func graphDateAndRetryAfter(_ input: FuzzInput) {
        let text = String(decoding: input.bytes, as: UTF8.self)
        if let date = AzureAnswers.graphDate(text) { #expect(date.timeIntervalSince1970.isFinite) }
        if let seconds = AzureAnswers.retryAfterSeconds(text, now: Self.receivedAt) { #expect(seconds >= 0) }
    }

    /// fuzz-date: a Retry-After with non-ASCII bytes made Foundation's DateFormatter trap; a server's header
    /// could have crashed the agent. It is ignored now, and a real HTTP date still reads.
    @Test func aNonASCIIRetryAfterIsIgnoredNotATrap() {
        let hostile = "Wed, 21\u{07F0}\u{FFFD}\u{FFFD} 2015 07:28:00 GMT"
        #expect(AzureAnswers.retryAfterSeconds(hostile, now: Self.receivedAt) == nil)
        let later = Self.receivedAt.addingTimeInterval(90)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let seconds = AzureAnswers.retryAfterSeconds(formatter.string(from: later), now: Self.receivedAt)
        #expect(seconds.map { (89...91).contains($0) } == true, "\(String(describing: seconds))")
    }

    /// The corpus holds inputs each decoder accepts, not only refusals (else the replay would prove little).
    @Test func theCorpusReachesTheSuccessPaths() throws {
        var body = Data(try #require(FuzzCorpus.inputs("fuzz-token-response").first { $0.name.hasSuffix("/ok") }).bytes.dropFirst())
        #expect((try? AzureAnswers.token(status: 200, body: &body, resource: "r", receivedAt: Self.receivedAt)) != nil)
        let application = try #require(FuzzCorpus.inputs("fuzz-graph").first { $0.name.hasSuffix("/application") })
        #expect(try AzureAnswers.application(status: 200, body: Data(application.bytes.dropFirst()), appID: "a").passwords.count == 2)
        let head = try #require(FuzzCorpus.inputs("fuzz-http-head").first { $0.name.hasSuffix("/app-service") })
        #expect(try HTTPRequestHead.parse(head.bytes).query["resource"] == "https://graph.microsoft.com")
    }
}
