/// Comparisons whose running time does not depend on where two secrets differ, so a stored hash
/// cannot be learned byte by byte from response times (DESIGN "State and concurrency").
public enum ConstantTime: Sendable {
    /// `true` iff `a` and `b` hold the same bytes. Every byte position up to the longer length is
    /// visited with no early exit; only the lengths (not the contents) influence the time taken.
    /// Different lengths give `false`.
    @inline(never)
    public static func equals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool
    where A.Element == UInt8, B.Element == UInt8 {
        let left = Array(a)
        let right = Array(b)
        var difference: UInt = left.count == right.count ? 0 : 1
        let length = max(left.count, right.count)
        for index in 0..<length {
            let x: UInt8 = index < left.count ? left[index] : 0
            let y: UInt8 = index < right.count ? right[index] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }
}
