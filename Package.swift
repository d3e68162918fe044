// swift-tools-version:6.2
// Gatehouse: a static web server that protects documents the way CERN httpd did.
// No package dependencies: only the toolchain's own modules and the C shims over system libraries
// (CSystem: Linux headers and libcrypt; CTLS: OpenSSL 3; CZlib: zlib).
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]
// Release builds optimise across modules: the Gate and the router are generic over the file
// access and the verifier, and only specialised for the server's types when their bodies are
// visible to ServerCore (perf showed them running unspecialised, through witness tables).
// Release builds also skip the run-time exclusivity checks (debug builds and the tests keep
// them): on the request path they cost a thread-local lookup per access to a class property.
let optimised: [SwiftSetting] = strict + [.unsafeFlags(["-cross-module-optimization", "-enforce-exclusivity=unchecked"],
                                                        .when(configuration: .release))]
// The release server links the Swift runtime statically (only the parts it uses are mapped, and
// no shared libswiftCore is relocated at start) with lld and packed relative relocations (DT_RELR,
// glibc 2.36): about 2.8 MiB less resident memory for an idle server (Benchmarks/memory).
let leanServer: [LinkerSetting] = [.unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                                                                  "-Xlinker", "--no-export-dynamic"],
                                                .when(configuration: .release))]

let package = Package(
    name: "Gatehouse",
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .executable(name: "htadm", targets: ["htadm"]),
    ],
    targets: [
        // C shim: Linux headers (epoll, sendfile, inotify, termios, flock) and libcrypt's crypt_rn.
        .target(name: "CSystem", linkerSettings: [.linkedLibrary("crypt")]),
        // C shim: the system's OpenSSL 3 (libssl-dev).
        .target(name: "CTLS", linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        // C shim: the system's zlib (zlib1g-dev).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // The only module that makes syscalls.
        .target(name: "Transport", dependencies: ["CSystem"], swiftSettings: optimised),
        // TLS sessions and contexts over OpenSSL: handshakes, records, certificates. I/O on sockets
        // Transport opened, through OpenSSL.
        .target(name: "TLS", dependencies: ["CTLS", "Transport"], swiftSettings: optimised),
        // gzip encoding through zlib. No I/O.
        .target(name: "Gzip", dependencies: ["CZlib"], swiftSettings: optimised),
        // HTTP/1.x heads, target normalisation, dates, MIME types. No I/O.
        .target(name: "HTTPWire", swiftSettings: optimised),
        // The CERN formats, password hashes and the Gate. No sockets, no threads, no printing.
        .target(name: "Protection", dependencies: ["CSystem", "CTLS"], swiftSettings: optimised),
        // The one request decision: method policy, target and header checks, TLS and proxy rules,
        // the router and the Gate, to the status and headers the server sends. No I/O of its own.
        .target(name: "RequestPolicy", dependencies: ["HTTPWire", "Protection"], swiftSettings: optimised),
        // Connection state machine, responders, logs, reload, the Verifier.
        .target(name: "ServerCore", dependencies: ["Transport", "TLS", "Gzip", "HTTPWire", "Protection", "RequestPolicy"], swiftSettings: optimised),
        // Safe edits of protection files.
        .target(name: "Admin", dependencies: ["Transport", "Protection"], swiftSettings: strict),
        .executableTarget(name: "gatehouse", dependencies: ["ServerCore", "Protection", "Admin", "HTTPWire", "RequestPolicy", "TLS"], swiftSettings: optimised,
                          linkerSettings: leanServer),
        .executableTarget(name: "htadm", dependencies: ["Admin", "Protection"], swiftSettings: strict),

        .testTarget(name: "ProtectionTests", dependencies: ["Protection"], swiftSettings: strict),
        .testTarget(name: "TransportTests", dependencies: ["Transport"], swiftSettings: strict),
        .testTarget(name: "HTTPWireTests", dependencies: ["HTTPWire"], swiftSettings: strict),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "Transport"], swiftSettings: strict),
        .testTarget(name: "GzipTests", dependencies: ["Gzip"], swiftSettings: strict),
        .testTarget(name: "RequestPolicyTests", dependencies: ["RequestPolicy", "HTTPWire", "Protection"], swiftSettings: strict),
        .testTarget(name: "ServerCoreTests", dependencies: ["ServerCore", "HTTPWire", "Protection", "RequestPolicy", "Transport"], swiftSettings: strict),
        .testTarget(name: "AdminTests", dependencies: ["Admin", "Protection", "htadm", "gatehouse"], swiftSettings: strict),
        .testTarget(name: "EndToEndTests", dependencies: ["gatehouse", "htadm"], swiftSettings: strict),
    ]
)
