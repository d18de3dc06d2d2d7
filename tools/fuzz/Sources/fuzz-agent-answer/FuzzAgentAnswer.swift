import Agent
import Foundation
import FuzzSupport

@_cdecl("fuzz_agent_answer_main")
public func fuzzAgentAnswerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzAgentAnswer)
}

/// The agent's answer as the front program reads it (`iamvault read`/`exec`): `AgentFrame.decode` with the
/// front's 1 MiB header limit, then `CredentialOpening.credential(from:)`. Properties: no trap; a credential
/// is exactly three segments under a header that reads as a reply; a refusal has a documented-range exit code
/// (1 to 125); and `ClientJSON` accepts only documents Foundation's JSONSerialization accepts, with the same
/// top-level keys.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgentAnswer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    checkAgainstFoundation(Array(bytes))
    guard let (frame, _) = try? AgentFrame.decode(bytes, maximumHeader: CredentialOpening.maximumAnswerHeader) else { return 0 }
    checkAgainstFoundation(frame.header)
    do {
        let credential = try CredentialOpening.credential(from: frame)
        require(credential.count == 3, "a credential of \(credential.count) parts")
        require(ClientJSON.parse(frame.header)?["reply"] != nil, "a credential under a header that is not a reply")
    } catch {
        require((1...125).contains(error.exitCode), "exit code \(error.exitCode)")
    }
    return 0
}

func checkAgainstFoundation(_ bytes: [UInt8]) {
    guard let ours = ClientJSON.parse(bytes) else { return }
    let theirs = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    require(theirs != nil, "ClientJSON accepted what Foundation refuses")
    if case .object(let members) = ours {
        require(Set(members.map(\.0)) == Set((theirs as? [String: Any])?.keys.map { $0 } ?? []), "different keys")
    }
}
