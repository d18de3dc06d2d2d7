import Foundation

/// JSON string escaping for bytes that may hold a token (written straight into a wiped buffer).
enum JSONText {
    static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }

    static func escapedCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.reduce(0) { $0 + (needsEscape($1) ? 6 : 1) }
    }

    static func escape(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        let hex = Array("0123456789abcdef".utf8)
        var index = output.startIndex
        for byte in bytes {
            if needsEscape(byte) {
                guard index + 6 <= output.endIndex else { return }
                for (offset, value) in [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                                        hex[Int(byte & 0x0F)]].enumerated() {
                    output[index + offset] = value
                }
                index += 6
            } else {
                guard index < output.endIndex else { return }
                output[index] = byte
                index += 1
            }
        }
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
