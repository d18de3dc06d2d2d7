import Agent
import Foundation
import FuzzSupport

@_cdecl("fuzz_agent_frame_main")
public func fuzzAgentFrameMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzAgentFrame)
}

/// The agent's wire protocol as the agent reads it from its socket: `AgentFrame.decode` with the request
/// limits, then `AgentRequest(wireHeader:)` on its header (and on the whole input, so plain JSON reaches
/// the request decoder directly).
///
/// Properties: a frame is refused only as `.truncated` or `.tooLarge`; a decoded frame respects every limit
/// and writes back exactly the bytes it was read from; a request is refused only as `.malformed`; a
/// decoded request re-encodes to a header that decodes again to the same JSON (sorted-key comparison).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAgentFrame(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = input(data, size)
    do {
        let (frame, count) = try AgentFrame.decode(bytes, maximumHeader: AgentFrame.maximumRequestHeader)
        require(count <= size, "took more bytes than it was given")
        require(frame.header.count <= AgentFrame.maximumRequestHeader, "a header over the limit")
        require(frame.secrets.count <= AgentFrame.maximumSegments, "too many segments")
        require(frame.secrets.allSatisfy { $0.bytes.count <= AgentFrame.maximumSegmentLength }, "a segment over the limit")
        var written: [UInt8] = []
        frame.write { written.append(contentsOf: $0) }
        require(written.elementsEqual(bytes[0..<count]), "the frame does not write back the bytes it was read from")
        checkRequest(Data(frame.header))
    } catch {
        switch error {
        case .truncated, .tooLarge: break
        default: require(false, "a frame refused as \(error)")
        }
    }
    checkRequest(Data(bytes))
    return 0
}

func checkRequest(_ header: Data) {
    let request: AgentRequest
    do {
        request = try AgentRequest(wireHeader: header)
    } catch {
        if case .malformed = error { return }
        require(false, "a request refused as \(error)")
        return
    }
    guard let encoded = try? request.wireHeader() else {
        require(false, "a decoded request does not encode")
        return
    }
    guard let again = try? AgentRequest(wireHeader: encoded), let reencoded = try? again.wireHeader() else {
        require(false, "the agent refuses the encoding of a request it accepted")
        return
    }
    require(sortedJSON(encoded) == sortedJSON(reencoded), "a request changes when it is sent twice")
}

/// The same JSON with sorted keys (dictionary order is not stable between encodings).
func sortedJSON(_ data: Data) -> Data? {
    guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
    return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
}
