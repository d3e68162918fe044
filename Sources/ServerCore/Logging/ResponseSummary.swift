import Protection

/// What the log needs of a response once it is on its way — its status, the user, the notes —
/// small enough to copy freely (the response itself may be large).
struct ResponseSummary: Sendable {
    /// The status to log (499 when the client left before any answer).
    var status: Int
    /// The authenticated user.
    var user: String?
    /// A line for the error log.
    var errorNote: String?
    /// The Gate's deciding step.
    var decidingStep: String?
    /// The client the decision judged, when it is not the peer.
    var client: ClientAddress?
    /// Request body bytes received (uploads).
    var receivedBytes: Int?

    /// The summary of `plan`.
    init(_ plan: ResponsePlan) {
        status = plan.loggedStatus ?? plan.head.status.code
        user = plan.user
        errorNote = plan.errorNote
        decidingStep = plan.decidingStep
        client = plan.client
        receivedBytes = plan.receivedBytes
    }

    /// A summary with just a status.
    init(status: Int, user: String? = nil, decidingStep: String? = nil) {
        self.status = status
        self.user = user
        self.decidingStep = decidingStep
    }
}
