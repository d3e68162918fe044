import Protection
import RequestPolicy

/// The server's failure throttle as the decision sees it, with the rule file's limits
/// (`AuthFailureLimit`, `AuthFailureWindow`), the loop's clock, and the loop's verifier (to
/// know whether an identical credential is already being hashed).
struct ServerLoginThrottle: LoginThrottle {
    let throttle: FailureThrottle
    let verifier: CachingVerifier
    let now: Int64
    let tuning: ServerTuning

    private var window: Int64 { Int64(tuning.authFailureWindowSeconds) * 1000 }

    func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission {
        let joining = verifier.isHashing(user: pending.user, password: pending.password, file: pending.file)
        return throttle.admit(address: address, user: pending.user, joining: joining, now: now, limit: tuning.authFailureLimit, window: window)
    }

    func refuse(address: ClientAddress, user: String?) -> Int? {
        throttle.refuse(address: address, user: user, now: now, limit: tuning.authFailureLimit, window: window)
    }
}
