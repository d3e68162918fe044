/// The throttle's word on a password about to be hashed.
public enum LoginAdmission: Sendable, Hashable {
    /// Hash it; the ticket goes with the pending answer to the verifier, which gives it back to
    /// the throttle when the hash is done.
    case hash(Ticket)
    /// 429: try again in this many seconds (at least 1); nothing is hashed.
    case wait(seconds: Int)

    /// What the throttle reserved for one admitted hash.
    public struct Ticket: Sendable, Hashable {
        /// The attempt holds places the throttle counts — one of its address's hashes in flight,
        /// a provisional failure for the address and the user name — to be given back (and the
        /// failure withdrawn if the password verifies). False for an attempt that joins an
        /// identical credential already being hashed, and without a throttle.
        public let counted: Bool
        /// The user name is over its failure limit: the hash waits its turn in that name's paced
        /// queue (one hash per name per second) instead of being refused.
        public let paced: Bool
        /// The throttle's clock when it admitted the attempt, so the failure it counted is
        /// withdrawn from the window that counted it and not from a later one.
        public let admittedAt: Int64

        /// A ticket with these terms.
        public init(counted: Bool, paced: Bool, admittedAt: Int64) {
            self.counted = counted
            self.paced = paced
            self.admittedAt = admittedAt
        }

        /// Nothing reserved: hash at once, give nothing back.
        public static let uncounted = Ticket(counted: false, paced: false, admittedAt: 0)
    }
}
