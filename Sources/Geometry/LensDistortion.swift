// LensDistortion: Brown-Conrady radial and tangential distortion (OpenCV's model), in both directions.

/// Brown-Conrady lens distortion on normalised camera coordinates: x right, y **down**, both divided by the depth
/// along the optical axis (OpenCV's convention, so coefficients from OpenCV, Unreal and OpenTrackIO read as is).
///
/// The polynomial, with r² = x² + y² and s = 1 + k1 r² + k2 r⁴ + k3 r⁶:
/// x' = x s + 2 p1 x y + p2 (r² + 2x²),  y' = y s + p1 (r² + 2y²) + 2 p2 x y.
/// `model` says which way the coefficients map (Unreal's and OpenTrackIO's names): U-D takes undistorted (pinhole)
/// points to distorted (recorded) ones, as OpenCV's `projectPoints`; D-U takes recorded points to pinhole ones.
/// The other direction has no closed form and is solved by Newton's method (as OpenCV's `undistortPoints` iterates).
public struct LensDistortion: Sendable, Hashable, Codable {
    public enum Model: String, Sendable, Hashable, Codable, CaseIterable {
        /// Coefficients map undistorted → distorted (OpenCV `projectPoints`; "Brown-Conrady U-D").
        case undistortedToDistorted = "U-D"
        /// Coefficients map distorted → undistorted ("Brown-Conrady D-U"; OpenTrackIO's default).
        case distortedToUndistorted = "D-U"

        /// Reads "U-D", "D-U" or the long names "Brown-Conrady U-D" / "Brown-Conrady D-U" (any case).
        public init?(name: String) {
            var n = Substring(name.uppercased())
            if n.hasPrefix("BROWN-CONRADY") { n = n.dropFirst("BROWN-CONRADY".count) }
            guard let m = Model(rawValue: String(n.drop { $0 == " " })) else { return nil }
            self = m
        }
    }

    public var k1: Double, k2: Double, k3: Double
    public var p1: Double, p2: Double
    public var model: Model

    public init(k1: Double = 0, k2: Double = 0, k3: Double = 0, p1: Double = 0, p2: Double = 0,
                model: Model = .undistortedToDistorted) {
        self.k1 = k1; self.k2 = k2; self.k3 = k3; self.p1 = p1; self.p2 = p2; self.model = model
    }

    /// All coefficients zero: the pinhole.
    public var isIdentity: Bool { k1 == 0 && k2 == 0 && k3 == 0 && p1 == 0 && p2 == 0 }

    /// Every coefficient finite.
    public var isFinite: Bool { [k1, k2, k3, p1, p2].allSatisfy(\.isFinite) }

    /// The polynomial in the direction its coefficients are given.
    @inline(__always)
    public func polynomial(_ p: SIMD2<Double>) -> SIMD2<Double> {
        let x = p.x, y = p.y
        let r2 = x * x + y * y
        let s = 1 + r2 * (k1 + r2 * (k2 + r2 * k3))
        return SIMD2(x * s + 2 * p1 * x * y + p2 * (r2 + 2 * x * x),
                     y * s + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y)
    }

    /// The point the polynomial takes to `q`, by Newton's method from `q` itself; nil where it does not converge
    /// (beyond the radius where the polynomial folds back, which no real lens's frame reaches).
    public func inversePolynomial(_ q: SIMD2<Double>) -> SIMD2<Double>? {
        var x = q.x, y = q.y
        for _ in 0..<40 {
            let r2 = x * x + y * y
            let s = 1 + r2 * (k1 + r2 * (k2 + r2 * k3))
            let ds = k1 + r2 * (2 * k2 + 3 * k3 * r2)          // ds / d(r²)
            let fx = x * s + 2 * p1 * x * y + p2 * (r2 + 2 * x * x) - q.x
            let fy = y * s + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y - q.y
            if abs(fx) < 1e-13 && abs(fy) < 1e-13 { return SIMD2(x, y) }
            let a = s + 2 * x * x * ds + 2 * p1 * y + 6 * p2 * x
            let b = 2 * x * y * ds + 2 * p1 * x + 2 * p2 * y
            let d = s + 2 * y * y * ds + 6 * p1 * y + 2 * p2 * x
            let det = a * d - b * b
            guard det > 1e-12, det.isFinite else { return nil }
            x -= (d * fx - b * fy) / det
            y -= (a * fy - b * fx) / det
        }
        return nil
    }

    /// Where an undistorted (pinhole) point is recorded.
    public func distort(_ p: SIMD2<Double>) -> SIMD2<Double>? {
        model == .undistortedToDistorted ? polynomial(p) : inversePolynomial(p)
    }

    /// The pinhole point a recorded point shows.
    public func undistort(_ p: SIMD2<Double>) -> SIMD2<Double>? {
        model == .distortedToUndistorted ? polynomial(p) : inversePolynomial(p)
    }

    /// Coefficient-wise blend towards `o` (`t` 0…1); samples of different models keep the nearer one's.
    public func interpolated(to o: LensDistortion, _ t: Double) -> LensDistortion {
        guard model == o.model else { return t < 0.5 ? self : o }
        func mix(_ a: Double, _ b: Double) -> Double { a + (b - a) * t }
        return LensDistortion(k1: mix(k1, o.k1), k2: mix(k2, o.k2), k3: mix(k3, o.k3), p1: mix(p1, o.p1),
                              p2: mix(p2, o.p2), model: model)
    }

    /// How much wider than the frame `±tanX x ±tanY` (recorded, normalised) a pinhole image must be to hold every
    /// point of it: the largest |undistorted x| / tanX or |y| / tanY over the frame's border (at least 1). Barrel
    /// distortion (k1 < 0) pulls the corners in, so the pinhole frustum that covers the recorded frame is wider.
    /// nil when part of the border does not undistort (a lens model folding back inside the frame).
    public func coverScale(tanX: Double, tanY: Double, steps: Int = 64) -> Double? {
        var scale = 1.0
        for k in 0...steps {
            let a = -1 + 2 * Double(k) / Double(steps)
            for (x, y) in [(a, 1.0), (a, -1.0), (1.0, a), (-1.0, a)] {
                guard let u = undistort(SIMD2(x * tanX, y * tanY)) else { return nil }
                scale = max(scale, abs(u.x) / tanX, abs(u.y) / tanY)
            }
        }
        // The border's maximum can fall between samples: a small margin covers it (the border is smooth).
        return scale * (1 + 1.0 / Double(steps * steps))
    }
}
