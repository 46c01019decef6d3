// ICVFX: what an nDisplay-style stage adds on the wall besides each camera's inner frustum: chroma keys with
// tracking markers, how overlapping frusta resolve, and light cards.

/// A camera's inner frustum keyed for compositing: the key colour instead of the virtual world, with an optional
/// grid of tracking markers fixed to the wall (nDisplay's chromakey and chromakey markers).
public struct ChromaKey: Sendable, Equatable {
    /// sRGB colour, components 0...1.
    public var color: SIMD3<Double>
    public var markers: Markers?

    /// Square markers on the LED surface, `spacingM` apart along and down it (the first at half a spacing from the
    /// surface's top-left corner), `sizeM` wide, fixed to the wall so post can track them.
    public struct Markers: Sendable, Equatable {
        public var color: SIMD3<Double>
        public var sizeM: Double
        public var spacingM: Double
        public init(color: SIMD3<Double>, sizeM: Double, spacingM: Double) {
            self.color = color; self.sizeM = sizeM; self.spacingM = spacingM
        }
    }

    public init(color: SIMD3<Double>, markers: Markers? = nil) {
        self.color = color
        self.markers = markers
    }
}

/// Where two inner frusta overlap on the wall (nDisplay's behaviours).
public enum FrustumOverlap: Sendable, Equatable {
    /// The higher-priority camera's inner frustum is drawn on top.
    case priority
    /// The overlap is filled with this key colour (sRGB 0...1), so neither camera sees the other's world there.
    case key(SIMD3<Double>)
}

/// A light card: a shape of flat colour on one LED surface, lighting the set (nDisplay's light cards).
public struct LightCard: Sendable, Equatable {
    public enum Shape: String, Sendable, Equatable, CaseIterable { case rectangle, ellipse }
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Drawn over everything, the inner frusta included: cameras see it.
        case over
        /// Only in the outer frustum: the inner frusta cover it.
        case under
    }

    public var name: String
    /// The LED surface's name.
    public var surface: String
    public var shape: Shape
    /// Centre on the surface's canvas, metres from its top-left corner (u across, v down).
    public var centreM: SIMD2<Double>
    /// Width and height, metres.
    public var sizeM: SIMD2<Double>
    /// sRGB colour 0...1, scaled by `intensity` in linear light.
    public var color: SIMD3<Double>
    public var intensity: Double
    /// Width of the soft border as a fraction of the half size (0: a hard edge, 1: soft to the centre).
    public var feather: Double
    public var mode: Mode

    public init(name: String, surface: String, shape: Shape = .rectangle, centreM: SIMD2<Double>, sizeM: SIMD2<Double>,
                color: SIMD3<Double> = [1, 1, 1], intensity: Double = 1, feather: Double = 0.2, mode: Mode = .under) {
        self.name = name; self.surface = surface; self.shape = shape; self.centreM = centreM; self.sizeM = sizeM
        self.color = color; self.intensity = intensity; self.feather = feather; self.mode = mode
    }

    /// Coverage 0...1 at canvas point (u, v) metres: 1 inside, easing (smoothstep) to 0 across the feather.
    public func coverage(u: Double, v: Double) -> Double {
        let dx = abs(u - centreM.x) / (sizeM.x / 2), dy = abs(v - centreM.y) / (sizeM.y / 2)
        let d: Double   // 0 at the centre, 1 on the border
        switch shape {
        case .rectangle: d = max(dx, dy)
        case .ellipse: d = (dx * dx + dy * dy).squareRoot()
        }
        if d >= 1 { return 0 }
        let f = min(max(feather, 0), 1)
        if f == 0 || d <= 1 - f { return 1 }
        let x = (1 - d) / f
        return x * x * (3 - 2 * x)
    }
}

/// Several takes shot at once, one per camera, in priority order (the first is on top where frusta overlap, as
/// nDisplay's camera order), synchronised by timecode (by time when a take has none).
public struct TakeSet: Sendable, Equatable {
    public var name: String
    /// Take names, highest priority first; each take drives a different camera.
    public var takes: [String]
    public var overlap: FrustumOverlap
    /// Analysis rules whose problems this shoot accepts (planned, e.g. a keyed overlap): `analyze` still lists
    /// them, marked accepted, and `--strict` does not fail on them.
    public var accepted: [AnalysisSettings.Rule]

    public init(name: String, takes: [String], overlap: FrustumOverlap = .priority, accepted: [AnalysisSettings.Rule] = []) {
        self.name = name; self.takes = takes; self.overlap = overlap; self.accepted = accepted
    }
}

/// Every tracked camera on the wall at one frame: their shot cameras in priority order (the first on top, each
/// with its chroma key), which one is viewed, how overlapping frusta resolve, and their names (labels in the plan view).
public struct WallCameras: Sendable {
    public var cameras: [ShotCamera]
    public var viewing: Int
    public var overlap: FrustumOverlap
    /// One per camera, or empty: a lone camera is drawn unlabelled.
    public var names: [String]

    public init(cameras: [ShotCamera], viewing: Int, overlap: FrustumOverlap = .priority, names: [String] = []) {
        self.cameras = cameras; self.viewing = viewing; self.overlap = overlap; self.names = names
    }

    /// One camera, keyed as its scene camera is.
    public init(single camera: ShotCamera) {
        self.init(cameras: [camera], viewing: 0)
    }
}
