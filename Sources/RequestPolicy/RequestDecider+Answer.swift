import HTTPWire
import Protection

extension RequestDecider {
    /// Turns the router's decision into the answer: the failure throttle for credentials about
    /// to be hashed or already known to be wrong, then one status (and its fields) per outcome.
    func answer<Throttle: LoginThrottle>(_ route: RouteDecision, _ context: DecisionContext, throttle: Throttle, resumed: Bool,
                                         tracing: Bool) -> RequestAnswer {
        let client = context.client
        let user = route.authenticatedUser
        let common = headerFields(for: context.templateSubject, protected: route.protected)
        let trace = tracing ? context.steps + route.trace : []
        func make(_ action: RequestAnswer.Action, fields: [HTTPField] = [], close: Bool = false, note: String? = nil) -> RequestAnswer {
            RequestAnswer(action: action, fields: fields, commonFields: common, user: user, client: client, close: close,
                          trace: trace, decidingStep: route.decidingStep, errorNote: note, protected: route.protected)
        }
        func page(_ status: HTTPStatus, _ detail: String?, fields: [HTTPField] = [], close: Bool = false, note: String? = nil) -> RequestAnswer {
            make(.page(status, detail: detail), fields: fields, close: close, note: note)
        }

        // Brute force: an address over its failure limit gets 429 without hashing; a password to
        // be hashed is admitted by the throttle (counted as a failure while queued, paced when
        // its user name is over the limit, never refused for the name alone); credentials the
        // verifier already knew were wrong are counted. Verified credentials (from the cache)
        // never get here, so successful logins are never slowed. A resumed request was admitted
        // (and counted) before it was hashed.
        var ticket = LoginAdmission.Ticket.uncounted
        if context.hasCredentials && !resumed {
            var wait: Int?
            if case .needsVerification = route.outcome, let pending = route.pending {
                switch throttle.admit(pending, from: client) {
                case .hash(let granted): ticket = granted
                case .wait(let seconds): wait = seconds
                }
            } else if route.credentialsRejected {
                wait = throttle.refuse(address: client, user: route.claimedUser)
            }
            if let wait {
                return page(.tooManyRequests, "Too many failed logins. Try again in \(wait) seconds.",
                            fields: [HTTPField(name: "Retry-After", value: String(wait))])
            }
        }

        switch route.outcome {
        case .needsVerification:
            guard let pending = route.pending else { return page(.internalServerError, nil) }
            return make(.verify(PendingAnswer(route: pending, context: context, ticket: ticket)))
        case .proxy(let result):
            switch proxyAction(result, context: context) {
            case .success(let action): return make(action)
            case .failure(let refusal): return page(refusal.status, refusal.detail)
            }
        case .modify(let path, let exists):
            return modification(path: path, exists: exists, directory: route.checkedDirectory, context: context, make: make, page: page)
        case .serveFile(let path):
            var answer = make(.serveFile(path: path, status: route.fileStatus))
            if case .origin(let urlPath, _) = context.kind { answer.urlPath = urlPath }
            return answer
        case .listDirectory(let path):
            guard case .origin(let urlPath, _) = context.kind else { return page(.forbidden, nil) }
            return make(.listDirectory(path: path, urlPath: urlPath))
        case .redirectToSlash:
            let raw = context.rawTarget
            let location = raw.firstIndex(of: "?").map { raw[..<$0] + "/" + raw[$0...] } ?? raw + "/"
            return page(.movedPermanently, "The document has moved to \(location).", fields: [HTTPField(name: "Location", value: location)])
        case .redirect(let url, let permanent):
            return page(permanent ? .movedPermanently : .found, "The document has moved to \(url).", fields: [HTTPField(name: "Location", value: url)])
        case .challenge(let realm):
            // RequireTLSForAuth: a client whose password would be refused over plain HTTP is not
            // asked for one (a browser would send it in the clear before learning that).
            if context.plainCredentialsRefused {
                return page(.forbidden, "This document needs a password, and passwords are not accepted over plain HTTP. Use HTTPS.")
            }
            // RFC 9110 §11.6.1 / §11.7.1: a proxy asks with 407 and Proxy-Authenticate.
            let challenge = BasicChallenge.value(realm: realm)
            if context.isProxy {
                return page(.proxyAuthenticationRequired, "The proxy requires valid credentials.",
                            fields: [HTTPField(name: "Proxy-Authenticate", value: challenge)])
            }
            // RFC 1945: an HTTP/0.9 client gets no headers, so it can never authenticate.
            return page(.unauthorized, "This document is protected. Valid credentials are required.",
                        fields: [HTTPField(name: "WWW-Authenticate", value: challenge)], close: context.version == .http09)
        case .forbidden(let reason):
            var note: String?
            switch reason {
            case .brokenACL, .setupError:
                // The administrator must hear about this.
                note = "\(context.method.rawValue) \(context.templateSubject): 403, \(route.problem ?? reason.description)"
            case .addressRefused, .noMaskNoACL, .noACLEntry, .methodNotAllowed, .byRule, .listingDenied, .protectionFile, .directoryTarget:
                break
            }
            return page(.forbidden, "Forbidden: \(reason).", note: note)
        case .notFound:
            return page(.notFound, "The requested document does not exist.")
        }
    }

    /// PUT and DELETE the Gate allowed: a PUT's framing is checked before its body is read (so a
    /// client waiting on `Expect: 100-continue` never sends a body that would be refused); a
    /// DELETE of nothing is 404 (the Gate already allowed it, so this reveals nothing).
    private func modification(path: String, exists: Bool, directory: String?, context: DecisionContext,
                              make: (RequestAnswer.Action, [HTTPField], Bool, String?) -> RequestAnswer,
                              page: (HTTPStatus, String?, [HTTPField], Bool, String?) -> RequestAnswer) -> RequestAnswer {
        guard context.method == .put else {
            guard exists else { return page(.notFound, "The requested document does not exist.", [], false, nil) }
            return make(.delete(path: path, directory: directory), [], false, nil)
        }
        // RFC 9110 §14.5: a server that does not do partial PUT must refuse Content-Range with
        // 400, or it would store the part as the whole.
        if context.hasContentRange { return page(.badRequest, "Partial PUT (Content-Range) is not supported.", [], false, nil) }
        // RFC 9110 §15.5.12: a body needs Content-Length (or chunked, HTTP/1.1 only).
        guard context.isChunked || context.contentLength != nil else {
            return page(.lengthRequired, "A PUT needs Content-Length or a chunked body.", [], true, nil)
        }
        if let length = context.contentLength, length > settings.maxBodyBytes {
            return page(.contentTooLarge, "The document is larger than this server accepts (\(settings.maxBodyBytes) bytes).", [], true, nil)
        }
        return make(.upload(path: path, exists: exists, directory: directory), [], false, nil)
    }

    /// `AddHeader` fields whose template matches `subject`, then, for a protected answer,
    /// `Cache-Control: private, no-cache` unless an `AddHeader` set `Cache-Control` (a browser
    /// must not show a protected page from its cache to whoever uses it next).
    func headerFields(for subject: String, protected: Bool) -> [HTTPField] {
        var fields: [HTTPField] = []
        var setsCacheControl = false
        for rule in settings.addHeaders where rule.template.match(subject) != nil {
            fields.append(HTTPField(name: rule.name, value: rule.value))
            if rule.name.lowercased() == "cache-control" { setsCacheControl = true }
        }
        if protected && !setsCacheControl { fields.append(HTTPField(name: "Cache-Control", value: "private, no-cache")) }
        return fields
    }
}
