import CHardening
import Foundation

/// Hardening every iamvault process applies before it reads any secret: no crash report that prints memory
/// (`iamvault_silence_crash_reports`), not dumpable
/// (`prctl(PR_SET_DUMPABLE, 0)`: no core file, no ptrace attach by the same user, /proc/PID owned by root)
/// and `RLIMIT_CORE` 0, soft and hard.
public enum ProcessHardening {
    /// Applies both settings; throws when the kernel refuses (the caller must not go on to read secrets).
    public static func apply() throws {
        guard iamvault_harden_process() == 0 else {
            throw ReportedError(exitCode: .operationFailed, message: "cannot disable core dumps: \(String(cString: strerror(errno)))",
                                hint: "iamvault refuses to handle secrets in a process that could dump its memory")
        }
    }

    /// Whether this process is currently dumpable (false after `apply()`).
    public static var isDumpable: Bool { iamvault_is_dumpable() != 0 }
}
