/// SplitMix64: a small seedable generator, the same sequence on every platform, so a failing random
/// test round can be replayed from its seed.
public struct SplitMix64 {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    public mutating func bool() -> Bool { next() & 1 == 0 }
    public mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
}
