import Accounts
import Foundation
import FuzzSupport

@_cdecl("fuzz_secret_lifetime_main")
public func fuzzSecretLifetimeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzSecretLifetime)
}

/// `SecretLifetime.parse` (`--expires`, also read from agent requests): a preset is one of Azure's four; a
/// date is 23:59:59 UTC of a real day and its `YYYY-MM-DD` parses back to it; `expiry(from:)` never traps;
/// every refusal is an `AccountError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretLifetime(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: input(data, size), as: UTF8.self)
    let lifetime: SecretLifetime
    do {
        lifetime = try SecretLifetime.parse(text)
    } catch is AccountError {
        return 0
    } catch {
        require(false, "threw \(type(of: error)), not AccountError")
        return 0
    }
    let created = Date(timeIntervalSince1970: 1_795_000_000)
    switch lifetime {
    case .days(let days):
        require(SecretLifetime.presetDays.contains(days), "\(days) days is not a preset")
        let expiry = try? lifetime.expiry(from: created)
        require(expiry == created.addingTimeInterval(Double(days) * 86_400), "a preset's expiry is not created + days")
    case .until(let date):
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        require(parts.hour == 23 && parts.minute == 59 && parts.second == 59, "a date that is not the end of its day")
        let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        require((try? SecretLifetime.parse(day)) == lifetime, "\(day) does not parse back to the same day")
        do {
            let expiry = try lifetime.expiry(from: created)
            require(expiry > created && expiry <= created.addingTimeInterval(730 * 86_400), "an expiry outside 24 months")
        } catch {
            require(error is AccountError, "expiry threw \(type(of: error))")
        }
    }
    return 0
}
