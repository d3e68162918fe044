import CSystem
import Glibc

/// The one wrapper every system call in Gatehouse goes through (STYLE rule 4).
///
/// It retries `EINTR`, turns `EAGAIN`/`EWOULDBLOCK` into `IOResult.wouldBlock` where the caller
/// asked for that, and captures `errno` at once into an `Errno` named after the call. The bodies
/// are non-escaping closures, so after specialisation nothing is allocated.
enum SystemCall {
    /// Runs `body` (a call returning -1 and setting `errno` on failure); `EAGAIN` is a value.
    @inline(__always)
    static func nonBlocking<R: FixedWidthInteger & SignedInteger>(
        _ call: StaticString, _ body: () -> R
    ) throws(Errno) -> IOResult<R> {
        while true {
            let result = body()
            if result != -1 { return .done(result) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw Errno(code, call: call)
        }
    }

    /// Runs `body` (a call returning -1 and setting `errno` on failure); every failure throws.
    @inline(__always)
    @discardableResult
    static func blocking<R: FixedWidthInteger & SignedInteger>(
        _ call: StaticString, _ body: () -> R
    ) throws(Errno) -> R {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw Errno(code, call: call)
        }
    }

    /// Runs `body` once, never retrying: for `close(2)`, where on Linux the descriptor is released
    /// even when `EINTR` is reported, so a retry could close a descriptor another thread just got.
    @inline(__always)
    static func once(_ call: StaticString, _ body: () -> Int32) throws(Errno) {
        if body() == -1 {
            let code = errno
            if code == EINTR { return }
            throw Errno(code, call: call)
        }
    }

    /// Runs `body` (a libc call returning NULL and setting `errno` on failure).
    @inline(__always)
    static func pointer<P>(_ call: StaticString, _ body: () -> P?) throws(Errno) -> P {
        while true {
            if let result = body() { return result }
            let code = errno
            if code == EINTR { continue }
            throw Errno(code, call: call)
        }
    }

    /// Runs `body` (a pthread call returning 0 or an error code, leaving `errno` alone).
    @inline(__always)
    static func pthread(_ call: StaticString, _ body: () -> Int32) throws(Errno) {
        while true {
            let code = body()
            if code == 0 { return }
            if code == EINTR { continue }
            throw Errno(code, call: call)
        }
    }

    /// Runs a non-blocking `connect(2)`: `EINPROGRESS` is a value (`.wouldBlock`), and so is
    /// `EINTR`, because an interrupted connect keeps going in the background (a retry would
    /// report `EALREADY`); completion is signalled by writability either way.
    @inline(__always)
    static func connecting(_ body: () -> Int32) throws(Errno) -> IOResult<Void> {
        if body() == 0 { return .done(()) }
        let code = errno
        if code == EINPROGRESS || code == EINTR { return .wouldBlock }
        throw Errno(code, call: "connect")
    }

    /// Runs a waiting call (`epoll_wait`) once: `EINTR` returns 0 instead of waiting again with
    /// the old timeout, so the caller recomputes its deadline.
    @inline(__always)
    static func interruptible(_ call: StaticString, _ body: () -> Int32) throws(Errno) -> Int32 {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { return 0 }
        throw Errno(code, call: call)
    }

    /// Runs an iterator call (`readdir`) that returns NULL both at the end and on failure,
    /// telling them apart by `errno`, which it clears first.
    @inline(__always)
    static func pointerOrEnd<P>(_ call: StaticString, _ body: () -> P?) throws(Errno) -> P? {
        errno = 0
        if let result = body() { return result }
        let code = errno
        if code == 0 { return nil }
        throw Errno(code, call: call)
    }
}
