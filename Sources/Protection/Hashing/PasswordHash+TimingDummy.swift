extension PasswordHash {
    /// A fixed bcrypt hash (cost 10, the default cost of `PasswordHasher`) of a random string
    /// nobody knows, so it never verifies. Verify the offered password against it when the user
    /// is unknown, so that an unknown user costs the same time as a known one and response
    /// times do not reveal which user names exist (DESIGN "State and concurrency").
    /// `verify(_:)` already does this for `.disabled` and `.unusable` hashes.
    public static let timingDummy = PasswordHash.crypt("$2y$10$kYrlFG/drZk0GiZ/HZMqeOPvClol.DXh.7M83tLQWSqM.kqluLHwW")
}
