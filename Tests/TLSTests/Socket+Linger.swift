import Glibc
import Transport

extension Socket {
    /// `SO_LINGER` with a zero timeout: `close` then sends a reset (to test a peer vanishing).
    func setLingerZero() throws {
        var value = linger(l_onoff: 1, l_linger: 0)
        guard setsockopt(descriptor.rawValue, SOL_SOCKET, SO_LINGER, &value, socklen_t(MemoryLayout<linger>.size)) == 0 else {
            throw Errno(errno, call: "setsockopt(SO_LINGER)")
        }
    }
}
