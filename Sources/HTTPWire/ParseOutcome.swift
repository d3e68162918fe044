/// What ``RequestParser/parse(_:)`` made of the bytes so far.
public enum ParseOutcome: Sendable {
    /// The head is not complete yet: read more bytes, append them, call `parse` again.
    case needMore
    /// A complete head. `consumed` counts the bytes from the start of the buffer through the end
    /// of the head (leading empty lines included); a body or the next pipelined request follows.
    case head(RequestHead, consumed: Int)
    /// The head is invalid: answer `error.status` and close the connection.
    case failure(HTTPParseError)
}
