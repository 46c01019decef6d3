// ShotMetrics: what the shot analysis measures at one frame (coverage, overshoot, frustum footprint, focus, moiré,
// viewing angle, LED pixel density) and which rules the frame breaks.

import SceneModel

/// The image edge a ray passed when it missed the LED surfaces.
public enum OvershootEdge: String, Sendable, CaseIterable, Codable {
    case top, bottom, left, right
    /// Missed every wall without passing one of its edges (looking away, or at the backs of cabinets).
    case other
}

/// The inner frustum's footprint on one LED surface.
public struct Footprint: Sendable, Equatable, Codable {
    public var surface: String
    /// Cabinet columns and rows the footprint touches (0-based, inclusive).
    public var columns: ClosedRange<Int>
    public var rows: ClosedRange<Int>
    /// Extent in canvas metres (u across, v down) and in LED pixels.
    public var uRange: ClosedRange<Double>
    public var vRange: ClosedRange<Double>
    public var pixelColumns: ClosedRange<Int>
    public var pixelRows: ClosedRange<Int>

    public var cabinets: Int { columns.count * rows.count }
    public var widthM: Double { uRange.upperBound - uRange.lowerBound }
    public var heightM: Double { vRange.upperBound - vRange.lowerBound }
}

/// Everything measured at one frame.
public struct ShotMetrics: Sendable, Equatable {
    /// Share of the image showing LED surfaces (front faces), in all and per surface (in stage order).
    public var coverage: Double
    public var coverageBySurface: [(surface: String, share: Double)]
    /// Share of the image beyond the LED surfaces' edges (the floor excluded), in all and per edge.
    public var overshoot: Double
    public var overshootByEdge: [OvershootEdge: Double]
    /// Share of the image showing the stage floor in front of the walls.
    public var floor: Double
    /// The inner frustum (with overscan) on each surface it reaches.
    public var footprints: [Footprint]
    /// Nearest and farthest LED surface in view, metres from the camera along the optical axis (nil: none in view).
    public var nearestWallM: Double?
    public var farthestWallM: Double?
    /// Depth of field, metres (far may be infinite), and the circle of confusion used, millimetres.
    public var depthOfField: (near: Double, far: Double)
    public var cocMM: Double
    /// Share of the image showing LED surfaces inside the depth of field.
    public var inFocusShare: Double
    /// At the sharpest LED surface point in view: the LED pitch's image (foreshortened; the finer axis) over the
    /// photosite pitch of that axis, and the defocus blur over that LED pitch image.
    public var pitchRatio: Double?
    public var blurRatio: Double?
    /// Share of the image where LED pixels are sharp and fine enough to alias.
    public var moireShare: Double
    /// The largest contrast (|modulation transfer| of the blur disc) with which an LED grid component finer than the
    /// aliasing limit reaches the photosites, 0...1 (0: none is fine enough; nil: no LED in view).
    public var moireContrast: Double?
    /// Largest angle between a ray and the LED face it meets, degrees, and the limit it is held to.
    public var maxOffAxisDegrees: Double?
    public var offAxisLimitDegrees: Double
    /// LED pixels per photosite (linear, the finer axis), smallest and largest in view.
    public var ledPixelsPerImagePixel: (min: Double, max: Double)?
    /// Several cameras on the wall: per other camera (priority order), the share of this image where the wall
    /// shows that camera's inner frustum, or the overlap key where its frustum is part of a keyed overlap. Empty
    /// for a camera alone.
    public var visibleFrusta: [(camera: String, share: Double)] = []
    /// Share of the image showing any other camera's inner frustum or a keyed overlap (0 for a camera alone).
    public var frustumInShot: Double = 0
    /// The rules this frame breaks.
    public var failures: [AnalysisSettings.Rule]


    public static func == (a: ShotMetrics, b: ShotMetrics) -> Bool {
        a.coverage == b.coverage && a.overshoot == b.overshoot && a.floor == b.floor && a.footprints == b.footprints
            && a.nearestWallM == b.nearestWallM && a.failures == b.failures && a.moireShare == b.moireShare
            && a.maxOffAxisDegrees == b.maxOffAxisDegrees && a.inFocusShare == b.inFocusShare
            && a.visibleFrusta.map(\.camera) == b.visibleFrusta.map(\.camera) && a.visibleFrusta.map(\.share) == b.visibleFrusta.map(\.share)
    }

    /// The overshoot edge with the largest share (nil without overshoot).
    public var worstEdge: OvershootEdge? {
        overshootByEdge.filter { $0.value > 0 }.max { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }?.key
    }
}
