/// What one run of the Gate noted on its way: the steps (only when tracing, so the server's hot
/// path builds no text), the authenticated user, whether credentials were refused, the step that
/// decided, and — always, since it is rare and the administrator must hear of it — the reason a
/// setup or ACL problem refused the request.
struct GateTrace: Sendable {
    /// Whether step text is built.
    let enabled: Bool
    /// The steps taken, when `enabled`.
    var steps: [TraceStep] = []
    /// The user whose password verified.
    var user: String?
    /// The user name credentials carried (verified or not), for the failure throttle.
    var claimedUser: String?
    /// Credentials were sent and refused at steps 2–7.
    var rejected = false
    /// The label of the last step that passed or failed.
    var decidingStep: String?
    /// Why a broken setup or ACL file refused the request (for the error log).
    var problem: String?
    /// A protection setup applied: the answer depends on who asks (caches must not share it).
    var protected = false

    /// A trace, with step text or without.
    init(enabled: Bool) { self.enabled = enabled }

    /// Adds a step; the detail is built only when tracing.
    mutating func add(_ step: String, _ verdict: TraceStep.Verdict, _ detail: @autoclosure () -> String) {
        if verdict != .info { decidingStep = step }
        if enabled { steps.append(TraceStep(step, verdict, detail())) }
    }

    /// Adds a failed step that the error log needs even without tracing.
    mutating func problem(_ step: String, _ detail: String) {
        problem = detail
        add(step, .failed, detail)
    }
}
