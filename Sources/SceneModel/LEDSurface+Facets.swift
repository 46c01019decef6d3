// LEDSurface+Facets: a faceted wall's geometry: one flat facet per cabinet column, the facets' vertical edges on an
// arc, each leaning back by the same angle.

import Geometry

extension LEDSurface {
    /// A curved LED volume as it is built: flat cabinet columns whose bottom corners stand on a circle of `radius`
    /// around `centre` (x, z), facet k spanning the angles start + k·δ to start + (k + 1)·δ, where δ = 2 asin(w / 2r)
    /// is the angle one cabinet of width w subtends as a chord. Leaning back by λ tips each facet about its bottom
    /// edge, top away from the axis. The canvas runs across the facets: u from k·w to (k + 1)·w is facet k.
    public struct Facets: Sendable, Equatable {
        public var centre: SIMD2<Double>
        public var radius: Double
        public var startRadians: Double
        public var bottomY: Double
        public var leanRadians: Double
        public var columnWidth: Double
        /// Per facet: top-left corner, unit axis along the canvas row, unit axis down the canvas column.
        public var origins: [SIMD3<Double>]
        public var uAxes: [SIMD3<Double>]
        public var vAxes: [SIMD3<Double>]

        /// The angle a chord of `width` subtends on a circle of `radius` (radians).
        public static func chordAngle(width: Double, radius: Double) -> Double {
            let s = width / (2 * radius)
            return 2 * atan2D(s, (1 - s * s).squareRoot())
        }

        public var chordAngle: Double { Self.chordAngle(width: columnWidth, radius: radius) }

        public init(centre: SIMD2<Double>, radius: Double, startRadians: Double, bottomY: Double, leanRadians: Double,
                    columns: Int, columnWidth: Double, height: Double) {
            self.centre = centre
            self.radius = radius
            self.startRadians = startRadians
            self.bottomY = bottomY
            self.leanRadians = leanRadians
            self.columnWidth = columnWidth
            let delta = Self.chordAngle(width: columnWidth, radius: radius)
            let onCircle = { (a: Double) in SIMD3(centre.x + radius * sinD(a), bottomY, centre.y - radius * cosD(a)) }
            let (sl, cl) = (sinD(leanRadians), cosD(leanRadians))
            var o: [SIMD3<Double>] = [], u: [SIMD3<Double>] = [], v: [SIMD3<Double>] = []
            for k in 0..<max(columns, 1) {
                let a0 = startRadians + Double(k) * delta
                let b0 = onCircle(a0), b1 = onCircle(a0 + delta)
                let along = (b1 - b0) / (b1 - b0).length
                // Outward (away from the axis) is up × along; the LEDs face the other way, towards the axis.
                let outward = SIMD3<Double>(0, 1, 0).cross(along)
                let up = SIMD3<Double>(0, cl, 0) + outward * sl
                o.append(b0 + up * height)
                u.append(along)
                v.append(-up)
            }
            origins = o
            uAxes = u
            vAxes = v
        }

        /// The facet holding canvas column u (the first or last for u outside the canvas).
        public func column(_ u: Double) -> Int {
            guard u.isFinite else { return 0 }
            return min(max(Int((u / columnWidth).rounded(.down)), 0), origins.count - 1)
        }

        /// The nearest facet a ray meets beyond `minT` (each facet a flat rectangle columnWidth x height).
        func intersect(origin e: SIMD3<Double>, direction d: SIMD3<Double>, minT: Double, height: Double)
            -> (t: Double, u: Double, v: Double, front: Bool)? {
            var best: (t: Double, u: Double, v: Double, front: Bool)?
            for k in 0..<origins.count {
                let o = origins[k], ua = uAxes[k], va = vAxes[k]
                let n = va.cross(ua)
                let denom = d.dot(n)
                guard denom != 0 else { continue }
                let t = (o - e).dot(n) / denom
                guard t > minT, t < (best?.t ?? .infinity) else { continue }
                let p = e + d * t - o
                let u = p.dot(ua), v = p.dot(va)
                guard u >= 0, u < columnWidth, v >= 0, v < height else { continue }
                best = (t, Double(k) * columnWidth + u, v, denom < 0)
            }
            return best
        }

        /// Where a ray that missed meets the whole circle of facets from the inside, for telling which edge it passed:
        /// told against the cylinder through the facets' vertical edges (u in whole facets of arc, v down the lean),
        /// within the sagitta r(1 − cos δ/2) of the facets themselves.
        func unboundedHit(origin e: SIMD3<Double>, direction d: SIMD3<Double>, height: Double) -> (t: Double, u: Double, v: Double)? {
            let ox = e.x - centre.x, oz = e.z - centre.y
            let a = d.x * d.x + d.z * d.z
            guard a > 0 else { return nil }
            let b = ox * d.x + oz * d.z
            let disc = b * b - a * (ox * ox + oz * oz - radius * radius)
            guard disc >= 0 else { return nil }
            let t = (-b + disc.squareRoot()) / a
            guard t > 0 else { return nil }
            var ang = atan2D(ox + t * d.x, -(oz + t * d.z)) - startRadians
            let twoPi = 2 * Double.pi
            ang -= twoPi * (ang / twoPi).rounded(.down)
            let top = bottomY + height * cosD(leanRadians)
            return (t, ang / chordAngle * columnWidth, (top - (e.y + t * d.y)) / cosD(leanRadians))
        }
    }
}
