import Foundation
import Vault

/// The agent's answer to `open` written by hand: `JSONEncoder` cost 73 k of the agent's 567 k instructions per
/// `read` (docs/performance.md), for a header of a hundred bytes.
///
/// Guarantees: the document decodes, with `WireJSON.decoder` and with the front program's reader, to exactly
/// what `WireJSON.encoder`'s would (`{"reply":{"_0":{"opened":{…}}}}`, members in declaration order where
/// Foundation's order varies from call to call, strings as `JSONEncoder` writes them, the expiry in milliseconds
/// as the shortest decimal that reads back to the same `Double`); `OpenedAnswerJSONTests` compares the two on
/// random handles. Nil, and the caller encodes with Foundation, when the expiry is not finite or would need an
/// exponent.
enum OpenedAnswerJSON {
    static func bytes(_ opened: OpenedHandle) -> [UInt8]? {
        let milliseconds = opened.expiresAt.timeIntervalSince1970 * 1000
        guard milliseconds.isFinite else { return nil }
        // Shortest decimal that reads back to the same Double; a whole number without ".0", as Foundation writes it.
        let number = milliseconds == milliseconds.rounded() && abs(milliseconds) < 1e15
            ? String(Int64(milliseconds)) : milliseconds.description
        guard number.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) }) else {
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(96 + opened.account.utf8.count + opened.purpose.utf8.count)
        out.append(contentsOf: #"{"reply":{"_0":{"opened":{"account":"#.utf8)
        JSONStringWriter.appendQuoted(opened.account, to: &out)
        out.append(contentsOf: #","version":"#.utf8)
        out.append(contentsOf: String(opened.version).utf8)
        out.append(contentsOf: #","purpose":"#.utf8)
        JSONStringWriter.appendQuoted(opened.purpose, to: &out)
        out.append(contentsOf: #","expiresAt":"#.utf8)
        out.append(contentsOf: number.utf8)
        out.append(contentsOf: "}}}}".utf8)
        return out
    }
}
