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
        // The next scale that fits, the standard ones included (`--scale 30` was told "try --scale 200" where 1:50 fits).
        let fits = (standardScales + largerScales).sorted().filter { $0 > tried }.first { s in
            orientations.contains { o in
                let r = capacity(PlanLayout(paper: paper, orientation: o, scale: s, studioCentre: centre).pageSize, scale: s)
                return size.x <= r.x && size.y <= r.y
            }
        }
        let other = paper == .a4 ? " or --paper a3" : ""
        // Beyond the listed scales, the one that fits: the page holds its size times the scale over this one's.
        let need = (Double(tried) * max(size.x / room.x, size.y / room.y)).rounded(.up)
        let computed = need.isFinite && need <= 10_000 ? "; try --scale \(Int(need))\(other)"
            : "; no scale up to 1:10000 holds it\(other.isEmpty ? "" : " even" + other)"
        throw JobError.input("the plan spans \(formatFixed(size.x, 1)) x \(formatFixed(size.y, 1)) m (stage, marks and "
            + "camera paths) but \(paper.name) \(orientations.count == 1 ? orientations[0].rawValue : "landscape") at 1:\(tried) holds "
            + "\(formatFixed(room.x, 1)) x \(formatFixed(room.y, 1)) m"
            + (fits.map { "; try --scale \($0)\(other)" } ?? computed))
    }
}
