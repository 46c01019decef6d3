// Lens+Calibration: raw zoom and focus encoder counts to focal length and focus distance, through the table.

extension Lens {
    /// Focal length (mm) for a raw zoom count: piecewise-linear between the calibration rows ordered by zoom
    /// count, held at the ends. nil without a calibration.
    public func focalLength(zoomEncoder z: Double) -> Double? {
        Lens.interpolate(calibration.map { ($0.zoomEncoder, $0.focalLengthMM) }, at: z)
    }

    /// Focus distance (m) for a raw focus count, the same way along the focus counts.
    public func focusDistance(focusEncoder f: Double) -> Double? {
        Lens.interpolate(calibration.map { ($0.focusEncoder, $0.focusDistanceM) }, at: f)
    }

    static func interpolate(_ rows: [(x: Double, y: Double)], at x: Double) -> Double? {
        // Rows with the same count keep the first; order by count.
        var seen = Set<Double>()
        let table = rows.filter { seen.insert($0.x).inserted }.sorted { $0.x < $1.x }
        guard let first = table.first, let last = table.last else { return nil }
        if x <= first.x { return first.y }
        if x >= last.x { return last.y }
        var i = 0
        while table[i + 1].x < x { i += 1 }
        let a = table[i], b = table[i + 1]
        return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
    }
}
