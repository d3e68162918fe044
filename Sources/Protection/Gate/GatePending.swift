/// Where the Gate stopped to have a password hashed: the setup and ACL file it had found, and the
/// credentials to check. `Gate.resume` goes on from steps 6–7 with the verifier's answer, so the
/// rules, the ACL lookup and step 1–5 never run twice for one request.
public struct GatePending: Sendable {
    /// The user name from the credentials.
    public let user: String
    /// The password bytes (never logged or printed).
    public let password: [UInt8]
    /// The password file to check them against.
    public let file: PasswordFile
    /// The credentials header value, to remember once it verified.
    let header: String
    /// The protection setup in force.
    let setupIndex: Int
    /// The directory's ACL file as the Gate found it.
    let acl: ACLLookup
    /// The steps traced before the stop.
    let steps: [TraceStep]
}
