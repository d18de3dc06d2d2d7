// swift-tools-version:6.1
import Foundation
import PackageDescription

/// libFuzzer targets for every parser of iamvault that reads outside input (docs/fuzzing.md).
///
/// Not part of the root package: an executable built without `-sanitize=fuzzer` has no `main`. Build and
/// run them with `tools/fuzz/run`, which passes `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// A path dependency's identity is its folder's name, which differs between clones: read it from here.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let vault = Target.Dependency.product(name: "IAMVault", package: rootIdentity)
let agent = Target.Dependency.product(name: "IAMVaultAgent", package: rootIdentity)

/// One executable per parser; each file defines `LLVMFuzzerTestOneInput`.
let targets: [(name: String, dependencies: [Target.Dependency])] = [
    ("fuzz-az-json", [vault]),
    ("fuzz-agent-frame", [vault, agent]),
    ("fuzz-agent-answer", [agent]),
    ("fuzz-duration", [agent]),
    ("fuzz-date", [vault, agent]),
    ("fuzz-secret-lifetime", [vault]),
    ("fuzz-token-response", [vault]),
    ("fuzz-jwt-claims", [vault]),
    ("fuzz-graph", [vault]),
    ("fuzz-http-head", [vault]),
    ("fuzz-vault-record", [vault]),
    ("fuzz-account-payload", [vault]),
]

let package = Package(
    name: "iamvault-fuzz",
    dependencies: [.package(path: "../..")],
    targets: targets.map { target in
        .executableTarget(name: target.name, dependencies: target.dependencies + ["FuzzSupport"], path: "Sources/\(target.name)",
                          swiftSettings: strictSettings)
    } + [
        // Writes the committed seed corpus with the real encoders (a plain debug build, no fuzzer).
        .executableTarget(name: "fuzz-seeds", dependencies: [vault, agent], path: "Sources/fuzz-seeds", swiftSettings: strictSettings),
        // `require`: a broken property stops the run like a crash, so libFuzzer keeps the input.
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], swiftSettings: strictSettings),
        // The declaration of libFuzzer's LLVMFuzzerRunDriver (the runtime comes with -sanitize=fuzzer).
        .target(name: "CFuzzerDriver"),
    ],
    swiftLanguageModes: [.v6]
)
