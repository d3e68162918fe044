/// Evaluation of the conditional request fields in the order RFC 9110 §13.2.2 prescribes:
/// If-Match, then If-Unmodified-Since (only without If-Match), then If-None-Match, then
/// If-Modified-Since (only without If-None-Match, and only for GET/HEAD). `If-Range` is separate:
/// it only decides whether a `Range` applies (§13.1.5).
public enum ConditionalRequest {
    /// What the preconditions decide.
    public enum Outcome: Sendable, Hashable {
        /// Carry on with the request (and its `Range`, if any).
        case proceed
        /// 304 Not Modified (GET/HEAD whose cached copy is current).
        case notModified
        /// 412 Precondition Failed.
        case preconditionFailed
    }

    /// Evaluates the request's conditional fields against the selected representation's `etag` and
    /// `lastModified` (Unix seconds); nil for either means the resource has no such validator.
    /// Repeated fields are combined as lists (RFC 9110 §5.3).
    public static func evaluate(method: HTTPMethod, headers: HTTPHeaders, etag: EntityTag?, lastModified: Int?) -> Outcome {
        evaluate(
            method: method, ifMatch: headers.combinedValue("If-Match"), ifNoneMatch: headers.combinedValue("If-None-Match"),
            ifModifiedSince: singleValue(headers, "If-Modified-Since"), ifUnmodifiedSince: singleValue(headers, "If-Unmodified-Since"),
            etag: etag, lastModified: lastModified)
    }

    /// ``evaluate(method:headers:etag:lastModified:)`` over the field values themselves.
    public static func evaluate(
        method: HTTPMethod, ifMatch: String?, ifNoneMatch: String?, ifModifiedSince: String?, ifUnmodifiedSince: String?,
        etag: EntityTag?, lastModified: Int?
    ) -> Outcome {
        let isGetOrHead = method == .get || method == .head
        // Step 1 / 2.
        if let ifMatch {
            if !EntityTag.evaluateIfMatch(ifMatch, current: etag) { return .preconditionFailed }
        } else if let ifUnmodifiedSince, let lastModified,
                  evaluateIfUnmodifiedSince(ifUnmodifiedSince, lastModified: lastModified) == false {
            return .preconditionFailed
        }
        // Step 3 / 4.
        if let ifNoneMatch {
            if !EntityTag.evaluateIfNoneMatch(ifNoneMatch, current: etag) {
                return isGetOrHead ? .notModified : .preconditionFailed
            }
        } else if isGetOrHead, let ifModifiedSince, let lastModified,
                  evaluateIfModifiedSince(ifModifiedSince, lastModified: lastModified) == false {
            return .notModified
        }
        return .proceed
    }

    /// RFC 9110 §13.1.3: true when the representation changed after the given date; nil when the
    /// value is not a valid HTTP-date (the field is then ignored).
    public static func evaluateIfModifiedSince(_ value: String, lastModified: Int) -> Bool? {
        HTTPDate.parse(value).map { lastModified > $0 }
    }

    /// RFC 9110 §13.1.4: true when the representation has not changed since the given date; nil
    /// when the value is not a valid HTTP-date (the field is then ignored).
    public static func evaluateIfUnmodifiedSince(_ value: String, lastModified: Int) -> Bool? {
        HTTPDate.parse(value).map { lastModified <= $0 }
    }

    /// RFC 9110 §13.1.5: whether a `Range` may be honoured given `If-Range`. An entity-tag must
    /// strongly match; a date must equal the last modification exactly (it is only a strong
    /// validator when exact). Anything else, or no validator to compare, is false: send it all.
    public static func evaluateIfRange(_ value: String, etag: EntityTag?, lastModified: Int?) -> Bool {
        if let tag = EntityTag(parsing: value) {
            return etag.map { tag.stronglyMatches($0) } ?? false
        }
        guard let date = HTTPDate.parse(value), let lastModified else { return false }
        return date == lastModified
    }

    /// The value of a field that must not be a list: nil when absent or repeated (RFC 9110
    /// §13.1.3 / §13.1.4: ignore it then).
    private static func singleValue(_ headers: HTTPHeaders, _ name: String) -> String? {
        let values = headers.values(name)
        return values.count == 1 ? values[0] : nil
    }
}
