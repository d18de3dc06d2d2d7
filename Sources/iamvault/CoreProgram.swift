import ClientCore
import Glibc

/// `iamvault-core`, the full program, installed next to this one: everything the front program does not
/// serve itself runs there, with the same arguments and environment, in this same process (execv).
enum CoreProgram {
    /// The full program's path: `iamvault-core` in the folder of this executable (symbolic links resolved).
    static var path: String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer {
            readlink("/proc/self/exe", UnsafeMutableRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count - 1)
        }
        let own = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : CommandLine.arguments[0]
        guard let slash = own.lastIndex(of: "/") else { return "iamvault-core" }
        return own[...slash] + "iamvault-core"
    }

    /// Replaces this process with the full program; returns only by exiting when that cannot be done.
    static func replaceThisProcess() -> Never {
        let target = path
        var arguments = CommandLine.arguments.map { strdup($0) }
        arguments.append(nil)
        execv(target, arguments)
        let code = errno
        arguments.forEach { free($0) }
        ClientProblem(exitCode: 7, message: "cannot run \(target): \(ClientProblem.describe(code))",
                      hint: "install iamvault-core in the same folder as iamvault (see README)").exit()
    }
}
