/// Eight bytes at a time ("SIMD within a register"), for the scans that run over every byte of a document: the
/// parser's strings and the line index's line breaks. One word answers which of its bytes need a look, so the
/// byte-at-a-time loop runs only where something is.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `i` of `buffer` (which must hold them) as one word, first byte lowest (little-endian on
    /// every platform Swift runs on here).
    @inline(__always)
    static func word(_ buffer: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt64 {
        UnsafeRawPointer(buffer.baseAddress! + i).loadUnaligned(as: UInt64.self)
    }

    /// The high bit of each byte of `w` equal to `c`: a zero byte of `w ^ c`. Bits above the first hit may be
    /// spurious (a borrow); the lowest is exact, so `firstByte` of a result is the first such byte.
    @inline(__always)
    static func bytes(of w: UInt64, equalTo c: UInt8) -> UInt64 {
        let x = w ^ (UInt64(c) &* ones)
        return (x &- ones) & ~x & highs
    }

    /// The high bit of each byte of `w` below `c` (c ≤ 0x80), the lowest exact as in `bytes(of:equalTo:)`.
    @inline(__always)
    static func bytes(of w: UInt64, below c: UInt8) -> UInt64 { (w &- UInt64(c) &* ones) & ~w & highs }

    /// The offset in its word of the first byte a non-zero result of the functions above marks.
    @inline(__always)
    static func firstByte(_ marks: UInt64) -> Int { marks.trailingZeroBitCount >> 3 }
}
