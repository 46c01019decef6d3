// Duration+Milliseconds: a clock reading as milliseconds, for timings in reports and benchmarks.

extension Duration {
    /// The duration in milliseconds (seconds x 1000 plus attoseconds / 10^15).
    public var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
