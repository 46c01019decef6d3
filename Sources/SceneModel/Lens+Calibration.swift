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
    /// The groups' focus counts, and each group's zoom counts, kept for lookups that allocate nothing.
    let focusKeys: [Double]
    let zoomKeys: [[Double]]

    /// nil for an empty calibration.
    public init?(_ calibration: [LensCalibrationPoint]) {
        guard !calibration.isEmpty else { return nil }
        groups = Dictionary(grouping: calibration, by: \.focusEncoder)
            .map { (focus: $0.key, points: $0.value.sorted { $0.zoomEncoder < $1.zoomEncoder }) }
            .sorted { $0.focus < $1.focus }
        let zs = calibration.map(\.zoomEncoder)
        zoomRange = zs.min()!...zs.max()!
        focusKeys = groups.map(\.focus)
        zoomKeys = groups.map { $0.points.map(\.zoomEncoder) }
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
        let (g0, g1, t) = Self.bracket(focusKeys, f)
        let a = alongZoom(g0, z), b = alongZoom(g1, z)
        return a.blended(to: b, t).optics
    }

    /// `optics(zoomEncoder:focusEncoder:)`'s focal length and dioptres alone, by the same operations in the same
    /// order (so the same values): what the bisections below compare, 320 times a lookup. Through the full blend
    /// (distortion and pupil too) a take of 80,000 samples with focal length and focus took 8 s to load.
    func focalAndDioptres(_ z: Double, _ f: Double) -> (focal: Double, dioptres: Double) {
        func along(_ g: Int) -> (Double, Double) {
            let (i0, i1, t) = Self.bracket(zoomKeys[g], z)
            let p0 = groups[g].points[i0], p1 = groups[g].points[i1]
            let (f0, d0) = (p0.focalLengthMM, 1 / p0.focusDistanceM)
            guard t > 0 else { return (f0, d0) }
            return (f0 + (p1.focalLengthMM - f0) * t, d0 + (1 / p1.focusDistanceM - d0) * t)
        }
        let (g0, g1, t) = Self.bracket(focusKeys, f)
        let a = along(g0), b = along(g1)
        guard t > 0 else { return a }
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
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
            z = solve(z0, z1, { self.focalAndDioptres($0, f).focal }, focalMM)
            // Focus in dioptres, so the search is even across the ring (-1 / (1 / d): the distance's round trip,
            // as through `optics`).
            f = solve(f0, f1, { -1 / (1 / self.focalAndDioptres(z, $0).dioptres) }, -1 / focusM)
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

    func alongZoom(_ g: Int, _ z: Double) -> Blend {
        let (i0, i1, t) = Self.bracket(zoomKeys[g], z)
        return Blend(groups[g].points[i0]).blended(to: Blend(groups[g].points[i1]), t)
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
