import HTTPWire
import Protection
import RequestPolicy
import Testing

/// The fields every response to a request carries besides the answer's own: `AddHeader` under
/// its template, and `Cache-Control: private, no-cache` on answers a protection setup decided
/// (a browser must not show a protected page from its cache to whoever uses it next), unless an
/// `AddHeader` sets `Cache-Control` itself.
struct ResponseFieldTests {
    static let directives = """
    AddHeader /* X-Content-Type-Options: nosniff
    AddHeader /pub/* Access-Control-Allow-Origin: *
    AddHeader /lab/* Cache-Control: no-store
    """

    struct Case: Sendable, CustomTestStringConvertible {
        let method: String
        let target: String
        let credentials: String?
        let status: HTTPStatus
        let cors: Bool
        let cacheControl: [String]
        var testDescription: String { "\(method) \(target) as \(credentials ?? "anonymous")" }

        init(_ target: String, method: String = "GET", as credentials: String? = nil, _ status: HTTPStatus, cors: Bool = false,
             cacheControl: [String] = []) {
            self.method = method
            self.target = target
            self.credentials = credentials
            self.status = status
            self.cors = cors
            self.cacheControl = cacheControl
        }
    }

    @Test(arguments: [
        Case("/pub/a.txt", .ok, cors: true),
        Case("/pub/a.txt", method: "HEAD", .ok, cors: true),
        Case("/pub/missing.txt", .notFound, cors: true),
        Case("/pub/a.txt", method: "OPTIONS", .noContent, cors: true),
        Case("/private/x.html", .forbidden),
        Case("/elsewhere", .forbidden),
        Case("/team/", .unauthorized, cacheControl: ["private, no-cache"]),
        Case("/team/", as: "ann:annpw", .ok, cacheControl: ["private, no-cache"]),
        Case("/team/", as: "ann:wrong", .unauthorized, cacheControl: ["private, no-cache"]),
        Case("/team/missing.html", as: "ann:annpw", .notFound, cacheControl: ["private, no-cache"]),
        Case("/office/", as: "ann:annpw", .forbidden, cacheControl: ["private, no-cache"]),
        Case("/lab/", as: "ann:annpw", .ok, cacheControl: ["no-store"]),
        Case("/lab/", .unauthorized, cacheControl: ["no-store"]),
    ])
    func commonFields_followAddHeaderAndProtection(_ c: Case) throws {
        let head = try Site.head(c.method, c.target, c.credentials.map { ["Authorization: " + Site.basic($0)] } ?? [])
        let answer = try Site.hashing(Self.directives).decide(head)
        #expect(answer.status == c.status)
        #expect(answer.values("X-Content-Type-Options") == ["nosniff"])
        #expect(answer.values("Access-Control-Allow-Origin") == (c.cors ? ["*"] : []))
        #expect(answer.values("Cache-Control") == c.cacheControl)
        #expect(answer.protected == !c.cacheControl.isEmpty)
    }

    @Test func withoutAddHeader_onlyProtectedAnswersGetCacheControl() throws {
        let decider = try Site.hashing()
        #expect(decider.decide(try Site.head("GET", "/pub/a.txt")).commonFields.isEmpty)
        #expect(decider.decide(try Site.head("GET", "/team/")).commonFields.map(\.name) == ["Cache-Control"])
    }

    @Test func addHeader_inProxyMode_matchesTheURL() throws {
        let directives = "AddHeader http://public.example/* Via-Policy: open\nAddHeader /* X-Local: yes"
        let decider = try Site.hashing(directives, conf: ProxyModeTests.conf)
        let answer = decider.decide(try Site.head("GET", "http://public.example/x", ["Host: public.example"]))
        #expect(answer.forwarded != nil)
        #expect(answer.values("Via-Policy") == ["open"])
        #expect(answer.values("X-Local") == [])
    }
}
