// Vector+Math: dot, cross, length and normalisation on the standard library's SIMD vectors.

extension SIMD3 where Scalar == Float {
    @inlinable public func dot(_ o: SIMD3<Float>) -> Float { x * o.x + y * o.y + z * o.z }
    @inlinable public func cross(_ o: SIMD3<Float>) -> SIMD3<Float> {
        SIMD3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    @inlinable public var length: Float { dot(self).squareRoot() }
    /// The unit vector in this direction, or nil for a zero or non-finite vector.
    @inlinable public var normalizedOrNil: SIMD3<Float>? {
        let l = length
        guard l > 0, l.isFinite else { return nil }
        return self / l
    }
    @inlinable public var isFinite: Bool { x.isFinite && y.isFinite && z.isFinite }
}

extension SIMD3 where Scalar == Double {
    @inlinable public func dot(_ o: SIMD3<Double>) -> Double { x * o.x + y * o.y + z * o.z }
    @inlinable public func cross(_ o: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    @inlinable public var length: Double { dot(self).squareRoot() }
}

extension Float {
    /// tan through Double sin/cos of our own series-free path (the standard library has no tan without Foundation).
    @usableFromInline var tanApprox: Float { Float(sinD(Double(self)) / cosD(Double(self))) }
}

/// The bounding box of the positions `indices` use (nil without indices): what a mesh draws, leaving out vertices no
/// triangle uses.
public func indexedBounds(_ positions: [SIMD3<Float>], _ indices: [UInt32]) -> (min: SIMD3<Float>, max: SIMD3<Float>)? {
    guard let f = indices.first else { return nil }
    var lo = positions[Int(f)], hi = lo
    for i in indices {
        let p = positions[Int(i)]
        lo = pointwiseMin(lo, p)
        hi = pointwiseMax(hi, p)
    }
    return (lo, hi)
}

/// The bounding box of the positions the parts' indices use, over every part (nil when none uses any): a model's
/// drawn extent, made of `indexedBounds` per part.
public func indexedBounds<Parts: Sequence>(_ parts: Parts, positions: (Parts.Element) -> [SIMD3<Float>],
                                           indices: (Parts.Element) -> [UInt32]) -> (min: SIMD3<Float>, max: SIMD3<Float>)? {
    var box: (min: SIMD3<Float>, max: SIMD3<Float>)?
    for part in parts {
        guard let b = indexedBounds(positions(part), indices(part)) else { continue }
        box = box.map { (pointwiseMin($0.min, b.min), pointwiseMax($0.max, b.max)) } ?? b
    }
    return box
}
