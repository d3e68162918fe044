/// The Basic challenge sent with 401 (`WWW-Authenticate`) and 407 (`Proxy-Authenticate`).
public enum BasicChallenge {
    /// `Basic realm="<realm>", charset="UTF-8"` (RFC 7617 §2, §2.1); `"` and `\` in the realm are
    /// escaped as quoted-string requires (RFC 9110 §5.6.4) and control characters dropped.
    public static func value(realm: String) -> String {
        var escaped = ""
        for scalar in realm.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7f {
            if scalar == "\"" || scalar == "\\" { escaped.append("\\") }
            escaped.unicodeScalars.append(scalar)
        }
        return "Basic realm=\"\(escaped)\", charset=\"UTF-8\""
    }
}
