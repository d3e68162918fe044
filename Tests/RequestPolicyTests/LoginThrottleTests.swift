import HTTPWire
import Protection
import RequestPolicy
import Testing

/// The failed-login throttle as the decider consults it (semantics §12): only about credentials a
/// request carried, before a password is hashed and when the credentials are already known to be
/// wrong; never for credentials already verified, anonymous requests or unprotected paths.
struct LoginThrottleTests {
    @Test(arguments: [1, 7, 60])
    func throttleThatSaysWait_gives429WithRetryAfter_andNothingToHash(seconds: Int) throws {
        let answer = try Site.deferring().decide(try Site.head("/team/", as: "ann:annpw"), throttle: WaitingThrottle(seconds: seconds))
        #expect(answer.status == .tooManyRequests)
        #expect(answer.value("Retry-After") == String(seconds))
        #expect(answer.pending == nil)
        #expect(answer.value("WWW-Authenticate") == nil)
    }

    @Test func noLoginThrottle_letsThePasswordBeHashed() throws {
        let answer = try Site.deferring().decide(try Site.head("/team/", as: "ann:annpw"), throttle: NoLoginThrottle())
        #expect(answer.pending?.user == "ann")
        #expect(answer.pending?.ticket == .uncounted)
    }

    @Test func admittedHash_carriesTheThrottlesTicket() throws {
        struct Ticketing: LoginThrottle {
            func admit(_ pending: RoutePending, from address: ClientAddress) -> LoginAdmission {
                .hash(.init(counted: true, paced: true, admittedAt: 42))
            }
            func refuse(address: ClientAddress, user: String?) -> Int? { nil }
        }
        let answer = try Site.deferring().decide(try Site.head("/team/", as: "ann:annpw"), throttle: Ticketing())
        #expect(answer.pending?.ticket == LoginAdmission.Ticket(counted: true, paced: true, admittedAt: 42))
    }

    @Test(arguments: ["ann:wrong", "zed:zedpw"])
    func credentialsKnownToBeWrong_areCountedWithTheirUserAndAddress(userPass: String) throws {
        let throttle = RecordingThrottle()
        let answer = try Site.hashing().decide(try Site.head("/team/", as: userPass), from: Site.remote, throttle: throttle)
        #expect(answer.status == .unauthorized)
        #expect(throttle.refused.count == 1)
        #expect(throttle.refused.first?.user == String(userPass.prefix { $0 != ":" }))
        #expect(throttle.refused.first?.address == Site.remote)
        #expect(throttle.admitted.isEmpty)
    }

    @Test func credentialsKnownToBeWrong_fromAnAddressOverItsLimit_get429() throws {
        let answer = try Site.hashing().decide(try Site.head("/team/", as: "ann:wrong"), throttle: WaitingThrottle(seconds: 30))
        #expect(answer.status == .tooManyRequests)
        #expect(answer.value("Retry-After") == "30")
    }

    @Test func malformedCredentials_areCountedAsRefused() throws {
        let throttle = RecordingThrottle()
        let answer = try Site.hashing().decide(try Site.head("GET", "/team/", ["Authorization: Basic !!!"]), throttle: throttle)
        #expect(answer.status == .unauthorized)
        #expect(throttle.refused.count == 1)
    }

    @Test func rememberedCredentials_areNeverThrottled() throws {
        let header = Site.basic("ann:annpw")
        let decider = try Site.decider(Site.fileSystem(), verifier: RememberingVerifier(header: header, user: "ann"))
        let answer = decider.decide(try Site.head("GET", "/team/", ["Authorization: " + header]), throttle: WaitingThrottle(seconds: 9))
        #expect(answer.servedFile == "/srv/www/team/index.html")
        #expect(answer.user == "ann")
    }

    @Test(arguments: [("/team/", HTTPStatus.unauthorized, false), ("/pub/a.txt", .ok, true)])
    func requestsWhoseCredentialsAreNotRead_areNeverThrottled(target: String, status: HTTPStatus, withCredentials: Bool) throws {
        let throttle = RecordingThrottle()
        let head = withCredentials ? try Site.head(target, as: "ann:wrong") : try Site.head("GET", target)
        let answer = try Site.deferring().decide(head, throttle: throttle)
        #expect(answer.status == status)
        #expect(throttle.asked == 0)
        #expect(try Site.deferring().decide(head, throttle: WaitingThrottle(seconds: 5)).status == status)
    }

    @Test func resumedRequest_isNotThrottledAgain() throws {
        // It was admitted (and counted) before it was hashed.
        let decider = try Site.deferring()
        let pending = try #require(decider.decide(try Site.head("/team/", as: "ann:nope")).pending)
        let throttle = WaitingThrottle(seconds: 5)
        #expect(decider.resume(pending, check: .invalid(reason: "wrong"), throttle: throttle)?.status == .unauthorized)
        #expect(decider.resume(pending, check: .valid, throttle: throttle)?.servedFile == "/srv/www/team/index.html")
    }
}
