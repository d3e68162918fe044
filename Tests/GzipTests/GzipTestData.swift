import Foundation

/// Inputs for the gzip tests, reproducible from a seed.
enum GzipTestData {
    /// `count` pseudo-random bytes (SplitMix64 from `seed`): incompressible.
    static func random(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = (state ^ (state >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }

    /// About `count` bytes of HTML-ish text with varied words: compressible, like a real page.
    static func text(_ count: Int) -> [UInt8] {
        let words = ["<p>", "gatehouse", "serves", "documents", "the", "way", "CERN", "httpd", "did", "</p>\n",
                     "protection", "setup", "password", "file", "group", "ACL", "request", "validation"]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 16)
        var index = 7
        while bytes.count < count {
            index = (index &* 31 &+ 17) % 9973
            bytes.append(contentsOf: words[index % words.count].utf8)
            bytes.append(0x20)
        }
        return Array(bytes.prefix(count))
    }

    /// The path of python3, if the machine has one.
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs `python3 -c script input output` over temporary files and returns what it wrote.
    static func runPython(_ script: String, input: [UInt8]) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputURL = directory.appendingPathComponent("in")
        let outputURL = directory.appendingPathComponent("out")
        try Data(input).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = ["-c", script, inputURL.path, outputURL.path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailed(status: process.terminationStatus) }
        return Array(try Data(contentsOf: outputURL))
    }

    struct PythonFailed: Error { let status: Int32 }
}
