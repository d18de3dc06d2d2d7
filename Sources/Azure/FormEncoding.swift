/// `application/x-www-form-urlencoded` encoding: RFC 3986 unreserved characters stay, every other byte is
/// `%XX` (secrets may hold `~ . - _` and, in old ones, `+ = : @ [ ] ? *`).
enum FormEncoding {
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    static func encodedCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.reduce(0) { $0 + (isUnreserved($1) ? 1 : 3) }
    }

    /// Writes the encoding of `bytes` into `output`, which holds exactly `encodedCount(bytes)` bytes.
    static func encode(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        let hex = Array("0123456789ABCDEF".utf8)
        var index = output.startIndex
        for byte in bytes where index < output.endIndex {
            if isUnreserved(byte) {
                output[index] = byte
                index += 1
            } else if index + 2 < output.endIndex {
                output[index] = UInt8(ascii: "%")
                output[index + 1] = hex[Int(byte >> 4)]
                output[index + 2] = hex[Int(byte & 0x0F)]
                index += 3
            } else {
                return
            }
        }
    }

    /// Encodes public text (identifiers, scopes, query values).
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            if isUnreserved(byte) {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
