import CTLS
import Synchronization
import Transport

/// The keys that encrypt session tickets (RFC 5077; RFC 8446 §4.6.1), rotated like nginx's
/// `ssl_session_ticket_key` list: new tickets are sealed with the current key; a ticket sealed
/// with the previous key is still accepted (and replaced by a fresh one); older ones are not, and
/// the client falls back to a full handshake. A resumed TLS 1.3 connection always gets a fresh
/// ticket, whichever key opened its own (RFC 8446 §C.4: clients use each ticket once).
///
/// Keys are random (`RAND_bytes`), live only in memory and are never written anywhere. The
/// current key is replaced every `rotationSeconds`, checked lazily when a ticket is sealed or
/// opened (no timer), or at once by `rotate()`. One instance may serve several `TLSContext`s, so
/// a context rebuilt on reload keeps accepting the tickets the old one issued. All worker threads
/// share it; the ring is behind a `Mutex` held only to copy a key out.
public final class TLSSessionTicketKeys: Sendable {
    /// One 80-byte key: name, HMAC-SHA256 key, AES-256-CBC key (`TLSLimits.ticketKeyBytes`).
    struct Key: Sendable {
        /// The key's bytes in the layout above.
        let bytes: [UInt8]
        /// Length of the HMAC-SHA256 key (RFC 2104 §3: the hash's output length).
        static let macKeyBytes = 32
        /// Where the HMAC key starts.
        static let macOffset = TLSLimits.ticketKeyNameBytes
        /// Where the AES-256 key starts.
        static let cipherOffset = macOffset + macKeyBytes

        /// A fresh random key, or `nil` if OpenSSL's generator failed (then no ticket is issued).
        static func random() -> Key? {
            var bytes = [UInt8](repeating: 0, count: TLSLimits.ticketKeyBytes)
            let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) == 1 }
            OpenSSLErrorQueue.clear()
            return ok ? Key(bytes: bytes) : nil
        }

        /// Whether this key's name is the 16 bytes at `name`.
        func isNamed(_ name: UnsafePointer<UInt8>) -> Bool {
            (0..<TLSLimits.ticketKeyNameBytes).allSatisfy { bytes[$0] == name[$0] }
        }
    }

    /// The keys in use and when the current one is replaced.
    struct Ring: Sendable {
        /// Seals new tickets; `nil` only if key generation failed.
        var current: Key?
        /// Still opens tickets sealed before the last rotation.
        var previous: Key?
        /// Monotonic milliseconds at which `current` is replaced.
        var rotatesAt: Int64
    }

    /// How long a key stays current, in milliseconds.
    let rotationMilliseconds: Int64
    /// The ring, shared by every thread that handshakes.
    let ring: Mutex<Ring>

    /// Starts with one fresh key, replaced every `rotationSeconds` (default 12 h).
    public init(rotationSeconds: Int64 = TLSLimits.ticketKeyRotationSeconds) {
        rotationMilliseconds = max(rotationSeconds, 1) * 1000
        ring = Mutex(Ring(current: Key.random(), previous: nil, rotatesAt: SystemClock.monotonicMilliseconds() + rotationMilliseconds))
    }

    /// Makes a new key current now; the current one becomes the previous, and the previous is
    /// forgotten (tickets sealed with it no longer resume).
    public func rotate() {
        let fresh = Key.random()
        let now = SystemClock.monotonicMilliseconds()
        ring.withLock { ring in
            ring.previous = ring.current
            ring.current = fresh
            ring.rotatesAt = now + rotationMilliseconds
        }
    }

    /// The key to seal a new ticket with, rotating first if due.
    func sealingKey() -> Key? {
        currentRing().current
    }

    /// The key named `name` and whether it is the current one; `nil` if neither key has it.
    func openingKey(named name: UnsafePointer<UInt8>) -> (key: Key, isCurrent: Bool)? {
        let ring = currentRing()
        if let current = ring.current, current.isNamed(name) { return (current, true) }
        if let previous = ring.previous, previous.isNamed(name) { return (previous, false) }
        return nil
    }

    /// A copy of the ring after any rotation that is due. After two or more missed periods both
    /// keys are stale, so the previous one is dropped as well.
    private func currentRing() -> Ring {
        let now = SystemClock.monotonicMilliseconds()
        if let ring = ring.withLock({ $0.rotatesAt > now ? $0 : nil }) { return ring }
        let fresh = Key.random()
        return ring.withLock { ring in
            // Another thread may have rotated between the two locks.
            guard ring.rotatesAt <= now else { return ring }
            ring.previous = now >= ring.rotatesAt + rotationMilliseconds ? nil : ring.current
            ring.current = fresh
            ring.rotatesAt = now + rotationMilliseconds
            return ring
        }
    }
}
