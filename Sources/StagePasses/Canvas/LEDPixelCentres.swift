// LEDPixelCentres: every LED pixel's centre on one surface as a function of its column and row alone, computed as
// the native canvas computes it, so that a colour per LED pixel is the same wherever it is asked for.

/// Surface pixel centres for per-pixel loops: where rows move every column alike (flat surfaces, arcs, upright
/// facets) the centre of (i, j) is `top[i] + (left[j] - origin)`, exactly the sums `WallCanvas.image(surface:)`
/// makes at native resolution; other surfaces (leaning facets, meshes) ask `TracedSurface.point(column:row:)`.
/// The tables live in memory this value owns until `deallocate()`: no reference counting in the loops.
struct LEDPixelCentres: @unchecked Sendable {
    /// Row 0's point per column (x, y, z interleaved); nil when rows do not move alike.
    let top: UnsafeMutablePointer<Float>?
    /// Column 0's point per row minus column 0 row 0's point (x, y, z interleaved).
    let down: UnsafeMutablePointer<Float>?

    /// Tables for no surface (one the frame does not see).
    static let none = LEDPixelCentres(top: nil, down: nil)

    private init(top: UnsafeMutablePointer<Float>?, down: UnsafeMutablePointer<Float>?) {
        self.top = top
        self.down = down
    }

    init(_ s: TracedSurface) {
        guard s.rowsMoveAlike && !s.isMesh else { top = nil; down = nil; return }
        let t = UnsafeMutablePointer<Float>.allocate(capacity: 3 * s.pixelsW)
        let d = UnsafeMutablePointer<Float>.allocate(capacity: 3 * s.pixelsH)
        let origin = s.point(column: 0, row: 0)
        for i in 0..<s.pixelsW {
            let p = s.point(column: i, row: 0)
            (t[3 * i], t[3 * i + 1], t[3 * i + 2]) = (p.0, p.1, p.2)
        }
        for j in 0..<s.pixelsH {
            let p = s.point(column: 0, row: j)
            (d[3 * j], d[3 * j + 1], d[3 * j + 2]) = (p.0 - origin.0, p.1 - origin.1, p.2 - origin.2)
        }
        top = t
        down = d
    }

    func deallocate() {
        top?.deallocate()
        down?.deallocate()
    }

    /// The studio-space centre of LED pixel (i, j) of `s` (the surface these tables were made from).
    @inline(__always) func point(_ s: UnsafePointer<TracedSurface>, _ i: Int, _ j: Int) -> (Float, Float, Float) {
        guard let top, let down else { return s.pointee.point(column: i, row: j) }
        let a = top + 3 * i, b = down + 3 * j
        return (a[0] + b[0], a[1] + b[1], a[2] + b[2])
    }
}

extension CanvasSampler {
    /// LED pixel (i, j) of surface `index`: the canvas colour at its centre, as the native canvas image shows it.
    @inline(__always)
    func color(led s: UnsafePointer<TracedSurface>, _ centres: LEDPixelCentres, surface index: Int, _ i: Int, _ j: Int)
        -> (Float, Float, Float) {
        let (px, py, pz) = centres.point(s, i, j)
        return color(px, py, pz, surface: index, u: (Float(i) + 0.5) / s.pointee.pxPerM,
                     v: (Float(j) + 0.5) / s.pointee.pyPerM)
    }
}
