import Foundation
import Testing
@testable import Protection

/// The `htpasswd` executable on PATH, if any.
private let htpasswdExecutable: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/htpasswd" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}()

/// Apache's `htpasswd -vb` must accept what `PasswordHasher` writes. Needs `htpasswd`
/// (apache2-utils, installed by `.ci/run`); skipped where it is absent.
@Suite(.enabled(if: htpasswdExecutable != nil, "htpasswd (apache2-utils) is not installed"))
struct HtpasswdInteropTests {

    @Test(arguments: [PasswordHasher.Scheme.bcrypt(cost: 4), .bcrypt(cost: 10), .apr1, .des, .sha512, .yescrypt])
    func htpasswd_verifiesGeneratedHashes(scheme: PasswordHasher.Scheme) throws {
        let password = "inter-op pass"
        let field = try PasswordHasher.hash(Array(password.utf8), scheme: scheme)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-htpasswd-\(UUID().uuidString)")
        try "alice:\(field)\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Self.run(["-vb", file.path, "alice", password]) == 0)
        #expect(try Self.run(["-vb", file.path, "alice", "Inter-op pass"]) != 0)
    }

    private static func run(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: htpasswdExecutable ?? "/usr/bin/htpasswd")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
