import Foundation

/// The head of one HTTP/1.x request as the token broker accepts it: request line, headers, query.
///
/// Strict and bounded, never trapping: at most `maximumBytes` of head, 64 header lines, no folded lines, no
/// body (`Content-Length` other than 0 and `Transfer-Encoding` are refused), valid UTF-8, valid
/// percent-encoding, no repeated query parameter or repeated `X-IDENTITY-HEADER`. The token broker reads it
/// from any local process, so every refusal is a `ParseError` (answered 400 or 431), never a trap.
public struct HTTPRequestHead: Equatable, Sendable {
    public var method: String
    /// Percent-decoded.
    public var path: String
    /// Percent-decoded names and values (`+` is a space).
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]

    public static let maximumBytes = 16 * 1024
    public static let maximumHeaders = 64

    public enum ParseError: Error, Equatable {
        case malformed(String)
        case tooLarge
    }

    /// Parses the bytes before the blank line (`head` excludes the final CRLFCRLF).
    public static func parse(_ head: [UInt8]) throws(ParseError) -> HTTPRequestHead {
        guard head.count <= maximumBytes else { throw .tooLarge }
        guard let text = String(validating: head, as: UTF8.self) else { throw .malformed("the request is not UTF-8") }
        let lines = text.components(separatedBy: "\r\n")
        guard let requestLine = lines.first, lines.count - 1 <= maximumHeaders else {
            throw lines.count - 1 > maximumHeaders ? .tooLarge : .malformed("no request line")
        }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0", parts[1].hasPrefix("/") else {
            throw .malformed("the request line is not `METHOD /path HTTP/1.1`")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else {
                throw .malformed("a header line is not `Name: value`")
            }
            let name = line[..<colon].lowercased()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw .malformed("a header name holds characters outside a-z, 0-9, -, _ and .")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .malformed("a header value holds control characters")
            }
            if name == "x-identity-header", headers[name] != nil { throw .malformed("X-IDENTITY-HEADER appears twice") }
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        if let length = headers["content-length"], length != "0" { throw .malformed("a token request has no body") }
        if headers["transfer-encoding"] != nil { throw .malformed("a token request has no body") }
        let target = parts[1]
        let pathEnd = target.firstIndex(of: "?") ?? target.endIndex
        guard let path = String(target[..<pathEnd]).removingPercentEncoding else { throw .malformed("the path is not valid percent-encoding") }
        var query: [String: String] = [:]
        if pathEnd < target.endIndex {
            for pair in target[target.index(after: pathEnd)...].split(separator: "&") {
                let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard let name = decode(pieces[0]), let value = decode(pieces.count > 1 ? pieces[1] : "") else {
                    throw .malformed("the query is not valid percent-encoding")
                }
                guard query[name] == nil else { throw .malformed("the query parameter \"\(name.prefix(40))\" appears twice") }
                query[name] = value
            }
        }
        return HTTPRequestHead(method: String(parts[0]), path: path, query: query, headers: headers)
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
