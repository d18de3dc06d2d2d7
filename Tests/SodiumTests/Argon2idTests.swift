import Testing
@testable import Sodium

@Suite("Argon2id")
struct Argon2idTests {
    // libsodium test/default/pwhash_argon2id.c tv()[0] (reliability.md V2).
    @Test func knownAnswer() throws {
        var password = hex("a347ae92bce9f80f6f595a4480fc9c2fe7e7d7148d371e9487d75f5c23008ffae065577a928febd9b1973a5a95073acdbeb6a030cfc0d79caa2dc5cd011cef02c08da232d76d52dfbca38ca8dcbd665b17d1665f7cf5fe59772ec909733b24de97d6f58d220b20c60d7c07ec1fd93c52c31020300c6c1facd77937a597c7a6")
        let secret = try SecretBytes(consumingAndWiping: &password)
        let output = try Argon2id.deriveKey(
            outputByteCount: 155, password: secret, salt: hex("5541fbc995d5c197ba290346d2c559de"),
            opsLimit: 5, memLimit: 7_256_678)
        let expected = "18acec5d6507739f203d1f5d9f1d862f7c2cdac4f19d2bdff64487e60d969e3ced615337b9eec6ac4461c6ca07f0939741e57c24d0005c7ea171a0ee1e7348249d135b38f222e4dad7b9a033ed83f5ca27277393e316582033c74affe2566a2bea47f91f0fd9fe49ece7e1f79f3ad6e9b23e0277c8ecc4b313225748dd2a80f5679534a0700e246a79a49b3f74eb89ec6205fe1eeb941c73b1fcf1"
        output.withUnsafeBytes { #expect(hexString(Array($0)) == expected) }
    }

    @Test func constantsMatchLibsodium() {
        #expect(Argon2id.interactiveOpsLimit == 2)
        #expect(Argon2id.interactiveMemLimit == 67_108_864)
        #expect(Argon2id.moderateOpsLimit == 3)
        #expect(Argon2id.moderateMemLimit == 268_435_456)
        #expect(Argon2id.saltByteCount == 16)
    }

    @Test func badParametersAreRejectedBeforeHashing() throws {
        let password = try SecretBytes.random(count: 8)
        #expect(throws: SodiumError.self) {
            _ = try Argon2id.deriveKey(outputByteCount: 32, password: password, salt: [1, 2, 3], opsLimit: 2, memLimit: 8192)
        }
        #expect(throws: SodiumError.self) {
            _ = try Argon2id.deriveKey(outputByteCount: 15, password: password, salt: .init(repeating: 0, count: 16), opsLimit: 2, memLimit: 8192)
        }
        #expect(throws: SodiumError.self) {
            _ = try Argon2id.deriveKey(outputByteCount: 32, password: password, salt: .init(repeating: 0, count: 16), opsLimit: 0, memLimit: 8192)
        }
    }
}
