/// A value kept out of line, for the large parts of a connection's state that most connections
/// never use (a request body being read, an answer found while reading it, a head waiting for
/// its hash): boxed, they cost an idle connection one pointer each instead of their size.
final class Boxed<Value> {
    /// The value, changed in place.
    var value: Value

    /// Boxes `value`.
    init(_ value: Value) { self.value = value }
}
