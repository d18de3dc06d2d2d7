import Foundation
import IAMVaultTestSupport
import Testing
import Agent

/// Replays every committed input of the agent-side fuzz targets (tools/fuzz/corpus) through the same public
/// decoders, with the targets' main properties, so the corpus is exercised by a plain `swift test`.
@Suite("Fuzz corpus replay: agent frames and requests, durations, --since dates")
struct FuzzCorpusReplayTests {
    @Test func everyAgentTargetHasACommittedCorpus() {
        for target in ["fuzz-agent-frame", "fuzz-agent-answer", "fuzz-duration", "fuzz-date"] {
            #expect(FuzzCorpus.inputs(target).count >= 4, "\(target)")
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-agent-frame"))
    func agentFrame(_ input: FuzzInput) throws {
        let decoded = input.bytes.withUnsafeBytes { bytes in
            Result { () throws(AgentProtocolError) in try AgentFrame.decode(bytes, maximumHeader: AgentFrame.maximumRequestHeader) }
        }
        switch decoded {
        case .success(let (frame, count)):
            var written: [UInt8] = []
            frame.write { written.append(contentsOf: $0) }
            #expect(written == Array(input.bytes.prefix(count)))
            try expectRequestSurvivesResending(Data(frame.header))
        case .failure(let error):
            switch error {
            case .truncated, .tooLarge: break
            default: Issue.record("a frame refused as \(error)")
            }
        }
    }

    func expectRequestSurvivesResending(_ header: Data) throws {
        guard let request = try? AgentRequest(wireHeader: header) else { return }
        let again = try AgentRequest(wireHeader: try request.wireHeader())
        #expect(try sorted(again.wireHeader()) == sorted(request.wireHeader()))
    }

    func sorted(_ json: Data) throws -> Data {
        try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: json), options: [.sortedKeys])
    }

    /// The corpus reaches the decoders' success paths, not only their refusals.
    @Test func realFramesDecodeToTheirRequests() throws {
        let add = try #require(FuzzCorpus.inputs("fuzz-agent-frame").first { $0.name.hasSuffix("/add") })
        let (frame, count) = try add.bytes.withUnsafeBytes { try AgentFrame.decode($0, maximumHeader: AgentFrame.maximumRequestHeader) }
        #expect(count == add.bytes.count && frame.secrets.count == 1)
        guard case .add(let request) = try AgentRequest(wireHeader: frame.header) else {
            Issue.record("not an add request")
            return
        }
        #expect(request.name == "Contoso-Prod")
    }

    /// The front program's reading of an answer: a credential is three segments under a reply; anything else is a
    /// problem with an exit code in the documented range, never a trap.
    @Test(arguments: FuzzCorpus.inputs("fuzz-agent-answer"))
    func agentAnswer(_ input: FuzzInput) {
        if ClientJSON.parse(input.bytes) != nil {
            #expect((try? JSONSerialization.jsonObject(with: Data(input.bytes), options: [.fragmentsAllowed])) != nil,
                    "ClientJSON accepted what Foundation refuses")
        }
        let decoded = input.bytes.withUnsafeBytes { bytes in
            Result { () throws(AgentProtocolError) in try AgentFrame.decode(bytes, maximumHeader: CredentialOpening.maximumAnswerHeader) }
        }
        guard case .success(let (frame, _)) = decoded else { return }
        do {
            #expect(try CredentialOpening.credential(from: frame).count == 3)
            #expect(ClientJSON.parse(frame.header)?["reply"] != nil)
        } catch {
            #expect((1...125).contains(error.exitCode))
        }
    }

    @Test func theAnswerCorpusReachesBothACredentialAndARefusal() throws {
        let inputs = FuzzCorpus.inputs("fuzz-agent-answer")
        let opened = try #require(inputs.first { $0.name.hasSuffix("/opened") })
        let frame = try opened.bytes.withUnsafeBytes { try AgentFrame.decode($0, maximumHeader: CredentialOpening.maximumAnswerHeader).frame }
        #expect(try CredentialOpening.credential(from: frame).count == 3)
        let refused = try #require(inputs.first { $0.name.hasSuffix("/not-found") })
        let refusal = try refused.bytes.withUnsafeBytes { try AgentFrame.decode($0, maximumHeader: CredentialOpening.maximumAnswerHeader).frame }
        #expect(throws: ClientProblem(exitCode: 4, message: "no account named \"N\u{e9}\"", hint: "list the accounts with `iamvault list`")) {
            try CredentialOpening.credential(from: refusal)
        }
    }

    @Test func anUnknownRequestIsMalformed() {
        #expect(throws: AgentProtocolError.malformed("the request is not valid JSON of a known kind")) {
            _ = try AgentRequest(wireHeader: Data(#"{"format":{}}"#.utf8))
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-duration"))
    func duration(_ input: FuzzInput) {
        let text = String(decoding: input.bytes, as: UTF8.self)
        do {
            let seconds = try DurationText.seconds(text, option: "--within")
            #expect((1...(366 * 86_400)).contains(seconds))
        } catch {
            #expect((error as? ReportedError)?.exitCode == .usage)
        }
    }

    @Test(arguments: FuzzCorpus.inputs("fuzz-date"))
    func sinceDate(_ input: FuzzInput) {
        do {
            let date = try DurationText.date(String(decoding: input.bytes, as: UTF8.self), option: "--since")
            #expect(date.timeIntervalSince1970.isFinite)
        } catch {
            #expect((error as? ReportedError)?.exitCode == .usage)
        }
    }
}

@Suite("Durations and --since dates")
struct DurationTextTests {
    /// Found with fuzz-date's round-trip property: `0000-01-01` was accepted as 1 BC and printed back as
    /// 0001-01-01. Years 0001 to 9999 are accepted, nothing outside.
    @Test func yearZeroIsRefused() throws {
        let input = try #require(FuzzCorpus.inputs("fuzz-date").first { $0.name.hasSuffix("/regression-year-zero") })
        #expect(throws: ReportedError.self) { _ = try DurationText.date(String(decoding: input.bytes, as: UTF8.self), option: "--since") }
    }

    @Test(arguments: ["0001-01-01", "9999-12-31", "2026-11-26", "2028-02-29", "2026-11-26T10:00:00Z",
                      "2026-11-26T10:00:00+01:00", "2026-11-26T10:00:00-09:30", "9999-12-31T23:59:59Z"])
    func datesOfYearsOneTo9999AreAccepted(text: String) throws {
        let date = try DurationText.date(text, option: "--since")
        let printed = ISO8601DateFormatter().string(from: date)
        #expect(ISO8601DateFormatter().date(from: printed) == date)
    }

    /// fuzz-date, in a CI-style run: an offset beyond ±14:00 made Foundation's ISO 8601 formatter trap
    /// (`iamvault audit list --since 2026-01-02T09-08:02-020+16:00` crashed with SIGILL).
    @Test(arguments: ["2026-01-02T09-08:02-020+16:00", "2026-11-26T10:00:00+16:00", "2026-11-26T10:00:00-15:00",
                      "2026-11-26T10:00:00+23:59"])
    func offsetsBeyondFourteenHoursAreRefusedNotATrap(text: String) {
        #expect(throws: ReportedError.self) { _ = try DurationText.date(text, option: "--since") }
    }

    @Test func offsetsUpToFourteenHoursAreRead() throws {
        #expect(try DurationText.date("2026-11-26T10:00:00+14:00", option: "--since") == Date(timeIntervalSince1970: 1_795_636_800))
        #expect(try DurationText.date("2026-11-26T10:00:00-12:00", option: "--since") == Date(timeIntervalSince1970: 1_795_730_400))
    }

    /// `2026-02-30` was read as March 2 (Foundation rolls fields over); found while adding fuzz-date's
    /// day-for-day property.
    @Test(arguments: ["0000-12-31T23:59:59Z", "10000-01-01", "-0001-01-01", "2026-02-30", "2027-02-29", "26-11-26",
                      "2026-11-26T24:00:00Z", "2026-11-26T10:60:00Z", "2026-11-26T10:00:61Z", "2026-11-26T10:00:00+24:00"])
    func datesOutsideTheRangeOrMalformedAreRefused(text: String) {
        #expect(throws: ReportedError.self) { _ = try DurationText.date(text, option: "--since") }
    }
}
