// FrustaOnWall: several cameras' inner frusta on the wall, resolved as the wall canvas resolves them, and the area
// where they overlap.

import Geometry
import SceneModel

/// Every tracked camera's inner frustum on the wall, as `WallCanvas` draws them: a wall point is inside a camera's
/// frustum where it projects strictly inside that camera's overscanned image (its rectilinear cover when the lens
/// distorts), in front of it. Where frusta overlap, the highest-priority camera shows (`.priority`), or the key
/// colour where two or more reach (`.key`).
public struct FrustaOnWall: Sendable {
    /// Names, highest priority first.
    public let names: [String]
    /// The frusta's cameras (rectilinear covers), in the same order.
    public let cameras: [ShotCamera]
    public let overscan: Double
    public let overlap: FrustumOverlap

    /// Per camera: its position and its axes scaled so that a point inside the frustum has |x|, |y| < depth
    /// (`ShotCamera.project` with the overscan, without recomputing the axes at every point).
    let frames: [(eye: SIMD3<Double>, forward: SIMD3<Double>, x: SIMD3<Double>, y: SIMD3<Double>)]

    public init(names: [String], cameras: [ShotCamera], overscan: Double, overlap: FrustumOverlap) {
        precondition(names.count == cameras.count, "one name per camera")
        self.names = names
        self.cameras = cameras.map { $0.rectilinear ?? $0 }
        self.overscan = overscan
        self.overlap = overlap
        let s = 1 + overscan
        frames = self.cameras.map { c in
            (c.pose.position, c.pose.forward, c.pose.right / (c.tanHalfX * s), c.pose.up / (c.tanHalfY * s))
        }
    }

    public var count: Int { cameras.count }

    /// Whether camera `k`'s inner frustum reaches studio point `p`: in front of it (as `ShotCamera.project`) and
    /// strictly inside its overscanned image.
    @inline(__always) public func contains(_ k: Int, _ p: SIMD3<Double>) -> Bool {
        let f = frames[k]
        let d = p - f.eye
        let z = (d * f.forward).sum()
        guard z > 1e-9 else { return false }
        return abs((d * f.x).sum()) < z && abs((d * f.y).sum()) < z
    }

    /// Counts, for the camera at index `own` seeing wall point `p`, which other cameras' frusta show there: the
    /// top camera reaching `p` when it is not `own` (priority), or every other camera in an overlap of two or more
    /// (keyed; the key is what `own` sees). Returns whether any did.
    @inline(__always) public func tally(at p: SIMD3<Double>, own: Int, into counts: inout [Int]) -> Bool {
        switch overlap {
        case .priority:
            for k in cameras.indices where contains(k, p) {
                if k == own { return false }
                counts[k] += 1
                return true
            }
            return false
        case .key:
            var reached = 0, first = -1
            for k in cameras.indices where contains(k, p) {
                reached += 1
                if first < 0 { first = k }
            }
            if reached == 0 || (reached == 1 && first == own) { return false }
            for k in cameras.indices where k != own && contains(k, p) { counts[k] += 1 }
            return true
        }
    }

    /// The LED pixels that two or more frusta reach, surface by surface: counted at each LED pixel's centre inside
    /// the pairs' footprint boxes (widened by a cabinet). Exact per LED pixel while a surface's search box holds at
    /// most `maxSamples` pixels; beyond that, blocks of `stride` x `stride` pixels are judged by their middle pixel.
    public func overlapArea(surfaces: [LEDSurface], footprints: [[Footprint]], maxSamples: Int = 1 << 16) -> FrustumOverlapArea {
        var out = FrustumOverlapArea()
        guard count >= 2 else { return out }
        for s in surfaces {
            let boxes = footprints.map { $0.first { $0.surface == s.name } }
            // The union of every pair's intersection, widened by a cabinet (the boxes come from sampled rays),
            // as one box of LED pixel columns and rows.
            let px = s.pixels
            let pad = SIMD2(Int((s.grid.panel.cabinetSize.x / s.pixelPitchM.x).rounded(.up)),
                            Int((s.grid.panel.cabinetSize.y / s.pixelPitchM.y).rounded(.up)))
            var lo = SIMD2(Int.max, Int.max), hi = SIMD2(Int.min, Int.min)
            for i in boxes.indices {
                for j in boxes.indices where j > i {
                    guard let a = boxes[i], let b = boxes[j] else { continue }
                    let l = SIMD2(max(a.pixelColumns.lowerBound, b.pixelColumns.lowerBound),
                                  max(a.pixelRows.lowerBound, b.pixelRows.lowerBound)) &- pad
                    let h = SIMD2(min(a.pixelColumns.upperBound, b.pixelColumns.upperBound),
                                  min(a.pixelRows.upperBound, b.pixelRows.upperBound)) &+ pad
                    guard l.x <= h.x, l.y <= h.y else { continue }
                    lo = pointwiseMin(lo, l); hi = pointwiseMax(hi, h)
                }
            }
            let c0 = max(0, lo.x), c1 = min(px.width - 1, hi.x)
            let r0 = max(0, lo.y), r1 = min(px.height - 1, hi.y)
            guard c0 <= c1, r0 <= r1 else { continue }
            let total = Double(c1 - c0 + 1) * Double(r1 - r0 + 1)
            let stride = max(1, Int((total / Double(maxSamples)).squareRoot().rounded(.up)))
            out.stride = max(out.stride, stride)
            var pixels = 0
            var cabinets = [Bool](repeating: false, count: s.grid.columns * s.grid.rows)
            let pitch = s.pixelPitchM
            let cab = s.grid.panel.cabinetSize
            // point(u, v) = point(u, 0) + (point(0, v) - point(0, 0)) on flat and smooth curved surfaces (rows only
            // move arcs in y), as the canvas computes its pixels: one point per sampled column. Facets and meshes
            // take each point from the surface.
            var separable = false
            switch s.shape {
            case .flat, .arc: separable = true
            default: break
            }
            let columns = Swift.stride(from: c0, through: c1, by: stride).map { col -> (col: Int, u: Double, p: SIMD3<Double>) in
                let u = (Double(min(col + stride / 2, c1)) + 0.5) * pitch.x   // the block's middle pixel
                return (col, u, s.point(u: u, v: 0))
            }
            let origin = s.point(u: 0, v: 0)
            var row = r0
            while row <= r1 {
                let v = (Double(min(row + stride / 2, r1)) + 0.5) * pitch.y
                let down = s.point(u: 0, v: v) - origin
                let h = min(stride, r1 - row + 1)
                let cy = min(s.grid.rows - 1, Int(v / cab.y))
                for (col, u, top) in columns {
                    let p = separable ? top + down : s.point(u: u, v: v)
                    var reached = 0
                    for k in cameras.indices where contains(k, p) {
                        reached += 1
                        if reached == 2 { break }
                    }
                    if reached == 2 {
                        // The block this sample stands for, clipped to the search box.
                        pixels += min(stride, c1 - col + 1) * h
                        cabinets[cy * s.grid.columns + min(s.grid.columns - 1, Int(u / cab.x))] = true
                    }
                }
                row += stride
            }
            if pixels > 0 {
                let m2 = Double(pixels) * pitch.x * pitch.y
                out.bySurface.append((s.name, m2))
                out.areaM2 += m2
                out.ledPixels += pixels
                out.cabinets += cabinets.filter { $0 }.count
            }
        }
        return out
    }
}

/// Where inner frusta overlap on the LED surfaces at one frame.
public struct FrustumOverlapArea: Sendable, Equatable {
    /// Area, square metres, in all and per surface (surfaces without overlap left out).
    public var areaM2 = 0.0
    public var bySurface: [(surface: String, areaM2: Double)] = []
    /// LED pixels in the overlap (exact when `stride` is 1).
    public var ledPixels = 0
    /// Cabinets holding part of the overlap.
    public var cabinets = 0
    /// 1: every LED pixel was tested; n: every n-th in each direction.
    public var stride = 1

    public init() {}

    public static func == (a: FrustumOverlapArea, b: FrustumOverlapArea) -> Bool {
        a.areaM2 == b.areaM2 && a.ledPixels == b.ledPixels && a.cabinets == b.cabinets && a.stride == b.stride
            && a.bySurface.map(\.surface) == b.bySurface.map(\.surface) && a.bySurface.map(\.areaM2) == b.bySurface.map(\.areaM2)
    }
}

/// Every camera on the wall measured at one frame.
public struct WallMetrics: Sendable, Equatable {
    /// Per camera, priority order, each with the other frusta it shows.
    public var cameras: [ShotMetrics]
    public var overlap: FrustumOverlapArea
    /// Wall rules broken at this frame (`frustumOverlap`).
    public var failures: [AnalysisSettings.Rule]
}

extension ShotAnalyzer {
    /// Several cameras on the wall at one frame (`names` and `cameras` in priority order, `overlap` as the stage
    /// resolves overlapping frusta): each camera's metrics with the frusta it sees, and the frusta's overlap.
    public func measure(wall cameras: [ShotCamera], names: [String], overlap: FrustumOverlap) -> WallMetrics {
        let frusta = FrustaOnWall(names: names, cameras: cameras, overscan: overscan, overlap: overlap)
        let metrics = cameras.indices.map { measure(cameras[$0], frusta: frusta, own: $0) }
        let area = frusta.overlapArea(surfaces: surfaces, footprints: metrics.map(\.footprints))
        let broken = settings.rules.contains(.frustumOverlap) && area.areaM2 > settings.maxFrustumOverlapM2
        return WallMetrics(cameras: metrics, overlap: area, failures: broken ? [.frustumOverlap] : [])
    }
}
