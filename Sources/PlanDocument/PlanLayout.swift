// PlanLayout: the page a plan is printed on (A3 or A4, landscape or portrait), its scale (1:50, 1:100 or given)
// and where studio metres land on it in millimetres; the fit that picks them.

import Geometry
import SceneModel

/// ISO 216 paper sizes, portrait width x height in millimetres.
public enum Paper: String, Sendable, CaseIterable {
    case a3, a4

    public var portrait: SIMD2<Double> { self == .a3 ? [297, 420] : [210, 297] }
    public var name: String { rawValue.uppercased() }
}

public enum Orientation: String, Sendable, CaseIterable {
    case landscape, portrait
}

/// One page of a plan: paper, orientation, scale and the studio-to-page mapping (north, -Z, up).
public struct PlanLayout: Sendable, Equatable {
    public var paper: Paper
    public var orientation: Orientation
    /// The scale's denominator: 1:`scale`.
    public var scale: Int
    /// The studio point (x, z) drawn at `pageCentre`.
    public var studioCentre: SIMD2<Double>

    /// The space round the page's edge no printer is trusted with, in mm.
    public static let margin = 10.0
    /// The band along the page's foot holding the scale bar, legend and title block, in mm.
    public static let footHeight = 46.0
    /// Room kept round the drawing's extent inside the frame, in mm (dimension lines and labels).
    public static let padding = 14.0
    /// The standard architectural scales tried, largest drawing first; the fit's error suggests the next ones.
    public static let standardScales = [50, 100]
    static let largerScales = [200, 250, 500, 1000]

    public var pageSize: SIMD2<Double> {
        let p = paper.portrait
        return orientation == .portrait ? p : SIMD2(p.y, p.x)
    }

    /// The drawing's frame on the page (mm): inside the margin, above the foot band.
    public var frame: (x: Double, y: Double, width: Double, height: Double) {
        Self.frame(pageSize)
    }

    static func frame(_ page: SIMD2<Double>) -> (x: Double, y: Double, width: Double, height: Double) {
        (margin, margin, page.x - 2 * margin, page.y - 2 * margin - footHeight)
    }

    /// Millimetres on paper per studio metre.
    public var mmPerMetre: Double { 1000 / Double(scale) }

    /// The frame's centre, where `studioCentre` is drawn.
    public var pageCentre: SIMD2<Double> {
        let f = frame
        return SIMD2(f.x + f.width / 2, f.y + f.height / 2)
    }

    /// The page position (mm from the top-left corner, y down) of studio point (x, z).
    public func page(_ p: SIMD2<Double>) -> SIMD2<Double> { pageCentre + (p - studioCentre) * mmPerMetre }

    /// Studio metres that fit the frame with the padding at `scale`.
    static func capacity(_ page: SIMD2<Double>, scale: Int) -> SIMD2<Double> {
        let f = frame(page)
        return SIMD2(f.width - 2 * padding, f.height - 2 * padding) * Double(scale) / 1000
    }

    /// The largest drawing that holds `lo...hi` (studio x, z): the first of `scales` (default 1:50 then 1:100) at
    /// which one of `orientations` (default landscape, then portrait) fits on `paper`.
    /// - Throws: `JobError.input` naming the extent, what the page holds and a scale that would fit.
    public static func fit(lo: SIMD2<Double>, hi: SIMD2<Double>, paper: Paper, orientation: Orientation?,
                           scale: Int?) throws -> PlanLayout {
        let size = hi - lo, centre = (lo + hi) / 2
        let orientations = orientation.map { [$0] } ?? Orientation.allCases
        for s in scale.map({ [$0] }) ?? standardScales {
            for o in orientations {
                let room = capacity(PlanLayout(paper: paper, orientation: o, scale: s, studioCentre: centre).pageSize, scale: s)
                if size.x <= room.x && size.y <= room.y {
                    return PlanLayout(paper: paper, orientation: o, scale: s, studioCentre: centre)
                }
            }
        }
        let tried = scale ?? standardScales.last!
        let page = PlanLayout(paper: paper, orientation: orientations[0], scale: tried, studioCentre: centre)
        let room = capacity(page.pageSize, scale: tried)
        // One piece of advice: a larger scale on the paper asked for, else A3 with the scale it needs there (A4's
        // "no scale up to 1:10000 holds it even or --paper a3" named neither a scale nor a sentence).
        let advice: String
        if let s = scaleThatFits(size, centre: centre, paper: paper, orientations: orientations, above: tried) {
            advice = "try --scale \(s)"
        } else if paper == .a4, let s = scaleThatFits(size, centre: centre, paper: .a3, orientations: orientations, above: tried - 1) {
            advice = "try --paper a3 --scale \(s)"
        } else {
            advice = paper == .a4 ? "no scale up to 1:10000 holds it on A4 or A3" : "no scale up to 1:10000 holds it"
        }
        throw JobError.input("the plan spans \(formatFixed(size.x, 1)) x \(formatFixed(size.y, 1)) m (stage, marks and "
            + "camera paths) but \(paper.name) \(orientations.count == 1 ? orientations[0].rawValue : "landscape") at 1:\(tried) holds "
            + "\(formatFixed(room.x, 1)) x \(formatFixed(room.y, 1)) m; " + advice)
    }

    /// The first scale above `above` at which one of `orientations` of `paper` holds a drawing of `size` metres: the
    /// listed ones (the standard ones included: `--scale 30` was told "try --scale 200" where 1:50 fits), else the
    /// one worked out (the page holds its size times the scale over the tried one's), up to 1:10000; nil beyond.
    static func scaleThatFits(_ size: SIMD2<Double>, centre: SIMD2<Double>, paper: Paper, orientations: [Orientation],
                              above: Int) -> Int? {
        func fits(_ s: Int) -> Bool {
            orientations.contains { o in
                let r = capacity(PlanLayout(paper: paper, orientation: o, scale: s, studioCentre: centre).pageSize, scale: s)
                return size.x <= r.x && size.y <= r.y
            }
        }
        if let s = (standardScales + largerScales).sorted().first(where: { $0 > above && fits($0) }) { return s }
        let base = max(above, 1)
        let need = orientations.map { o -> Double in
            let r = capacity(PlanLayout(paper: paper, orientation: o, scale: base, studioCentre: centre).pageSize, scale: base)
            return (Double(base) * max(size.x / r.x, size.y / r.y)).rounded(.up)
        }.min() ?? .infinity
        guard need.isFinite, need <= 10_000 else { return nil }
        let s = max(Int(need), above + 1)
        return fits(s) ? s : nil
    }
}
