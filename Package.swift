// swift-tools-version:6.1
import PackageDescription

/// Every target is compiled in the Swift 6 language mode with strict concurrency; warnings are treated as
/// defects (CI builds with `-warnings-as-errors`, see `.ci/run`).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "iamvault",
    products: [
        .library(name: "IAMVault", targets: ["Sodium", "Vault", "Audit", "Accounts", "Azure"]),
        // The agent's wire protocol and request handler; tools/fuzz links it to fuzz the frame decoder.
        .library(name: "IAMVaultAgent", targets: ["Agent"]),
        // What users run: a small program without Foundation that serves `read` and `exec` through a running
        // agent, and runs iamvault-core (installed next to it) for everything else.
        .executable(name: "iamvault", targets: ["iamvault"]),
        .executable(name: "iamvault-core", targets: ["iamvault-core"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // libsodium from Debian's libsodium-dev. Only the Sodium module may import it (tools/check-imports).
        // Found on the default paths (module.modulemap links "sodium"): no pkg-config, whose
        // `-L/usr/lib/x86_64-linux-gnu` would come first and let Foundation's `-lcurl` find the real libcurl
        // (when its -dev package is installed) instead of CLazyCurl's empty stand-in.
        .systemLibrary(name: "CSodium", providers: [.apt(["libsodium-dev"])]),
        .target(name: "Sodium", dependencies: ["CSodium"], swiftSettings: strictSettings),
        .target(
            name: "Vault",
            dependencies: ["Sodium", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        .target(name: "Audit", dependencies: ["Vault", "Sodium"], swiftSettings: strictSettings),
        .target(name: "Accounts", dependencies: ["Vault", "Audit", "Sodium"], swiftSettings: strictSettings),
        // Fakes shared by the test targets: a manual clock, an in-memory audit sink.
        .target(name: "IAMVaultTestSupport", dependencies: ["Vault", "Audit"], swiftSettings: strictSettings),
        // Pseudo-terminals for the end-to-end tests (posix_openpt is not in Swift's Glibc overlay).
        .target(name: "CPseudoTerminal"),
        // prctl and signalfd are variadic or absent in Swift's Glibc overlay: a few lines of C.
        .target(name: "CHardening"),
        // libcurl loaded on first use (only Azure commands need it), not at every start; see lazy_curl.c. The
        // empty link/libcurl.a satisfies Foundation's `-lcurl` so the program does not depend on libcurl.so.
        .target(
            name: "CLazyCurl", exclude: ["link"],
            linkerSettings: [.linkedLibrary("dl"), .unsafeFlags(["-L", Context.packageDirectory + "/Sources/CLazyCurl/link"])]
        ),
        // What a client of the agent needs, without Foundation: the frame codec, the socket, where the socket is,
        // the credential child of `exec`. The `iamvault` front program is built from this alone.
        .target(name: "ClientCore", dependencies: ["Sodium", "CHardening"], swiftSettings: strictSettings),
        // The agent and its wire protocol, shared by the CLI (client and in-process) and the agent process.
        .target(name: "Agent", dependencies: ["ClientCore", "Accounts", "Audit", "Vault", "Sodium", "CHardening", "Azure"],
                swiftSettings: strictSettings),
        // Linked fully statically in release builds (libsodium.a, glibc, the Swift runtime): no dynamic loader
        // at start, which was two thirds of a `read` (docs/performance.md). It calls nothing that needs glibc's
        // dynamic parts (NSS, iconv, dlopen).
        .executableTarget(
            name: "iamvault", dependencies: ["ClientCore", "Sodium", "CHardening"], swiftSettings: strictSettings,
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "iamvault-core",
            dependencies: ["Agent", "Azure", "CHardening", "CLazyCurl", "Vault", "Audit", "Accounts", "Sodium",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        // A second process for the two-process concurrency tests (not a product).
        .executableTarget(
            name: "iamvault-stress-writer",
            dependencies: ["Accounts", "Audit", "Vault", "Sodium", "IAMVaultTestSupport"],
            path: "tools/stress-writer",
            swiftSettings: strictSettings
        ),
        // tools/bench/audit-verify: times verification of a 1,000,000-entry audit log (not a product).
        .executableTarget(
            name: "audit-verify-bench", dependencies: ["Audit", "Vault", "Sodium"], path: "tools/bench/AuditVerifyBench",
            swiftSettings: strictSettings
        ),
        // tools/bench/run: fills a vault with N accounts through AccountService, times the KDF (not a product).
        .executableTarget(
            name: "vault-fill-bench", dependencies: ["Accounts", "Audit", "Vault", "Sodium"], path: "tools/bench/VaultFill",
            swiftSettings: strictSettings
        ),
        // tools/bench/ListCodecBench: decodes and renders N payloads as `list --json` does, for callgrind (not a product).
        .executableTarget(
            name: "list-codec-bench", dependencies: ["Accounts"], path: "tools/bench/ListCodecBench", swiftSettings: strictSettings
        ),
        .testTarget(name: "SodiumTests", dependencies: ["Sodium"], swiftSettings: strictSettings),
        .testTarget(
            name: "VaultTests",
            dependencies: ["Vault", "Sodium", "IAMVaultTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            resources: [.copy("Vectors")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit", "Vault", "Sodium", "IAMVaultTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        // Drives the built `iamvault` binary (it must be built first: `swift build --build-tests` does).
        .testTarget(name: "EndToEndTests", dependencies: ["CPseudoTerminal", "IAMVaultTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "AccountsTests",
            dependencies: ["Accounts", "Audit", "Vault", "Sodium", "IAMVaultTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSettings
        ),
        // Entra ID and Microsoft Graph: verify, Graph rotation, reconcile, the token broker (FoundationNetworking only).
        .target(name: "Azure", dependencies: ["Accounts", "Audit", "Vault", "Sodium"], swiftSettings: strictSettings),
        // The agent's wire protocol and parsers, and ClientCore (the agent itself is driven by EndToEndTests).
        .testTarget(name: "AgentTests", dependencies: ["Agent", "ClientCore", "Vault", "Sodium", "IAMVaultTestSupport"], swiftSettings: strictSettings),
        // Runs against tools/emulators/azure/emulator.py, started per test on 127.0.0.1.
        .testTarget(
            name: "AzureTests",
            dependencies: ["Azure", "Accounts", "Audit", "Vault", "Sodium", "IAMVaultTestSupport"],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
