// Lens+Calibration: raw zoom and focus encoder counts to optics, through the lens's zoom × focus table.

import Geometry

extension Lens {
    /// The optics at raw encoder counts, interpolated over the calibration grid; nil without a calibration.
    /// (Builds the table each call: keep a `LensTable` for many lookups.)
    public func optics(zoomEncoder: Double?, focusEncoder: Double?) -> LensOptics? {
        LensTable(calibration)?.optics(zoomEncoder: zoomEncoder, focusEncoder: focusEncoder)
    }

    /// The optics where the lens is set to `focalMM` and focused at `focusM`; see `LensTable.optics(focalMM:focusM:)`.
    public func optics(focalMM: Double, focusM: Double) -> LensOptics? {
        LensTable(calibration)?.optics(focalMM: focalMM, focusM: focusM)
    }
}

/// A lens file ready for lookups: the calibration points grouped by focus count, each group sorted by zoom count.
public struct LensTable: Sendable {
    let groups: [(focus: Double, points: [LensCalibrationPoint])]
    let zoomRange: ClosedRange<Double>

    /// nil for an empty calibration.
    public init?(_ calibration: [LensCalibrationPoint]) {
        guard !calibration.isEmpty else { return nil }
        groups = Dictionary(grouping: calibration, by: \.focusEncoder)
            .map { (focus: $0.key, points: $0.value.sorted { $0.zoomEncoder < $1.zoomEncoder }) }
            .sorted { $0.focus < $1.focus }
        let zs = calibration.map(\.zoomEncoder)
        zoomRange = zs.min()!...zs.max()!
    }

    /// The optics at raw encoder counts, interpolated over the calibration grid.
    ///
    /// The points are grouped by focus count (each group a curve along zoom, as Unreal's LensFile keeps a zoom
    /// curve per focus point). Within a group each value is piecewise-linear in the zoom count; between the two
    /// groups around the focus count the results blend linearly: on a full grid that is bilinear interpolation.
    /// Counts outside the table hold its edge. Focus distance is interpolated in dioptres (1/d), the way a focus
    /// ring is marked, and inverted at the end: between 0.6 m and 1000 m, 3% of the way is 0.62 m, not 31 m.
    /// A missing count (a source that sends only one encoder) reads as the table's lowest count on that axis.
    public func optics(zoomEncoder: Double?, focusEncoder: Double?) -> LensOptics {
        let z = zoomEncoder ?? zoomRange.lowerBound
        let f = focusEncoder ?? groups[0].focus
        let (g0, g1, t) = Self.bracket(groups.map(\.focus), f)
        let a = Self.alongZoom(groups[g0].points, z), b = Self.alongZoom(groups[g1].points, z)
        return a.blended(to: b, t).optics
    }

    /// The optics where the lens is set to `focalMM` and focused at `focusM` (a mark, a take that reports focal
    /// length and focus but no encoder counts): the encoder counts that give them, found by alternating bisections
    /// (focal length rises with the zoom count, focus distance with the focus count), then `optics` there. Values
    /// beyond the table hold its edge.
    public func optics(focalMM: Double, focusM: Double) -> LensOptics {
        let z0 = zoomRange.lowerBound, z1 = zoomRange.upperBound
        let f0 = groups.first!.focus, f1 = groups.last!.focus
        var z = (z0 + z1) / 2, f = (f0 + f1) / 2
        func solve(_ lo: Double, _ hi: Double, _ value: (Double) -> Double, _ target: Double) -> Double {
            var (a, b) = (lo, hi)
            let rising = value(b) >= value(a)
            for _ in 0..<40 {
                let m = (a + b) / 2
                if (value(m) < target) == rising { a = m } else { b = m }
            }
            return (a + b) / 2
        }
        for _ in 0..<4 {
            z = solve(z0, z1, { self.optics(zoomEncoder: $0, focusEncoder: f).focalLengthMM }, focalMM)
            // Focus in dioptres, so the search is even across the ring.
            f = solve(f0, f1, { -1 / self.optics(zoomEncoder: z, focusEncoder: $0).focusDistanceM }, -1 / focusM)
        }
        var o = optics(zoomEncoder: z, focusEncoder: f)
        o.focalLengthMM = focalMM
        o.focusDistanceM = focusM
        return o
    }

    /// Index pair around `x` in ascending `keys` and the fraction between them (held at the ends).
    static func bracket(_ keys: [Double], _ x: Double) -> (Int, Int, Double) {
        if x <= keys[0] { return (0, 0, 0) }
        guard let hi = keys.firstIndex(where: { $0 >= x }) else { return (keys.count - 1, keys.count - 1, 0) }
        if keys[hi] == x { return (hi, hi, 0) }
        return (hi - 1, hi, (x - keys[hi - 1]) / (keys[hi] - keys[hi - 1]))
    }

    static func alongZoom(_ points: [LensCalibrationPoint], _ z: Double) -> Blend {
        let (i0, i1, t) = bracket(points.map(\.zoomEncoder), z)
        return Blend(points[i0]).blended(to: Blend(points[i1]), t)
    }

    /// Optics in the space they interpolate in (focus as dioptres).
    struct Blend {
        var focal: Double, dioptres: Double, distortion: LensDistortion?, pupil: Double?

        init(_ p: LensCalibrationPoint) {
            focal = p.focalLengthMM
            dioptres = 1 / p.focusDistanceM
            distortion = p.distortion
            pupil = p.entrancePupilM
        }

        func blended(to o: Blend, _ t: Double) -> Blend {
            guard t > 0 else { return self }
            var r = self
            r.focal += (o.focal - focal) * t
            r.dioptres += (o.dioptres - dioptres) * t
            switch (distortion, o.distortion) {
            case let (a?, b?): r.distortion = a.interpolated(to: b, t)
            default: r.distortion = t < 0.5 ? (distortion ?? o.distortion) : (o.distortion ?? distortion)
            }
            switch (pupil, o.pupil) {
            case let (a?, b?): r.pupil = a + (b - a) * t
            default: r.pupil = t < 0.5 ? (pupil ?? o.pupil) : (o.pupil ?? pupil)
            }
            return r
        }

        var optics: LensOptics {
            LensOptics(focalLengthMM: focal, focusDistanceM: 1 / dioptres, distortion: distortion, entrancePupilM: pupil)
        }
    }
}
