import CSystem
import Glibc

/// Tells systemd how the service is doing (`sd_notify(3)`'s protocol without libsystemd): one
/// datagram per state change to the `AF_UNIX` socket `$NOTIFY_SOCKET` names (a path, or an
/// abstract name written with a leading `@`). The socket is opened once, while the process may
/// still be root, and kept. Without `$NOTIFY_SOCKET` every call does nothing.
public final class SystemdNotifier: Sendable {
    private let descriptor: FileDescriptor?
    private let address: [UInt8]

    /// The notifier for this process's `$NOTIFY_SOCKET`, which is then unset (so children do
    /// not inherit it).
    public init() {
        guard let raw = getenv("NOTIFY_SOCKET") else {
            descriptor = nil
            address = []
            return
        }
        var path = Array(String(cString: raw).utf8)
        unsetenv("NOTIFY_SOCKET")
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard !path.isEmpty, path.count < 108, fd >= 0 else {
            if fd >= 0 { close(fd) }
            descriptor = nil
            address = []
            return
        }
        descriptor = FileDescriptor(rawValue: fd)
        address = path
    }

    /// Whether systemd is listening.
    public var isActive: Bool { descriptor != nil }

    /// Sends `state` (newline-separated `KEY=VALUE` assignments, e.g. `READY=1`). Best effort.
    public func notify(_ state: String) {
        guard let descriptor else { return }
        var storage = sockaddr_un()
        storage.sun_family = sa_family_t(AF_UNIX)
        let pathLength = address.count
        withUnsafeMutableBytes(of: &storage.sun_path) { $0.copyBytes(from: address) }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathLength)
        let bytes = Array(state.utf8)
        bytes.withUnsafeBytes { payload in
            withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { target in
                    _ = try? SystemCall.blocking("sendto(NOTIFY_SOCKET)") {
                        sendto(descriptor.rawValue, payload.baseAddress, payload.count, Int32(MSG_NOSIGNAL), target, length)
                    }
                }
            }
        }
    }

    /// `READY=1` with a status line and the main pid.
    public func ready(status: String) { notify("READY=1\nSTATUS=\(status)\nMAINPID=\(getpid())") }

    /// `RELOADING=1` with `MONOTONIC_USEC`, as `Type=notify-reload` needs.
    public func reloading() {
        notify("RELOADING=1\nMONOTONIC_USEC=\(SystemClock.monotonicMicroseconds())")
    }

    /// `STOPPING=1`.
    public func stopping() { notify("STOPPING=1") }
}

/// Listening sockets systemd passed to this process (`sd_listen_fds(3)`'s protocol): descriptors
/// 3 … 3+`$LISTEN_FDS`-1, when `$LISTEN_PID` is this process, with the names of
/// `$LISTEN_FDNAMES` (`FileDescriptorName=` in the `.socket` unit). The variables are unset once
/// read.
public enum SocketActivation {
    /// The first passed descriptor (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: Int32 = 3

    /// The passed descriptors and their names (`unknown` when unnamed); empty when none.
    public static func inherited() -> [(descriptor: FileDescriptor, name: String)] {
        defer {
            unsetenv("LISTEN_PID")
            unsetenv("LISTEN_FDS")
            unsetenv("LISTEN_FDNAMES")
        }
        guard let pidText = getenv("LISTEN_PID"), let pid = Int32(String(cString: pidText)), pid == getpid(),
              let countText = getenv("LISTEN_FDS"), let count = Int32(String(cString: countText)), count > 0, count < 1024 else {
            return []
        }
        let names = getenv("LISTEN_FDNAMES").map { String(cString: $0).split(separator: ":", omittingEmptySubsequences: false).map(String.init) } ?? []
        return (0..<count).map { i in
            (FileDescriptor(rawValue: firstDescriptor + i), Int(i) < names.count ? names[Int(i)] : "unknown")
        }
    }
}
