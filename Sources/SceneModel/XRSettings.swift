// XRSettings: how the XR passes turn the virtual world into a wall canvas (inner frustum margins, set extension).

/// The scene's `xr` block: what the LED processors are fed and how the in-camera preview is finished.
public struct XRSettings: Sendable, Equatable {
    /// Margin added around the camera's view for the inner frustum, as a share of its width and height (0.1 =
    /// 10% wider and taller), so tracking latency does not show the outer frustum at the frame's edges.
    public var overscan: Double
    /// Width of the blend between inner and outer frustum, as a share of the inner frustum's width and height.
    /// The blend is kept inside the overscan band (at most `maxSoftEdge`), so the camera frame is all inner frustum.
    public var softEdge: Double
    /// Draw the virtual world beyond the wall's edges in the in-camera view (as XR stages do live).
    public var setExtension: Bool
    /// Pixels along each face of the cube map the outer frustum is rendered into (from the view origin).
    public var outerFacePixels: Int
    /// The stage's inner-frustum render size for the camera's frame, before overscan (nDisplay's ICVFX frame size
    /// times its buffer ratio): a view larger than it renders the inner frustum with this many pixels, at the
    /// camera's aspect; nil: at the view's own pixel density.
    public var innerResolution: SIMD2<Int>?

    public init(overscan: Double = 0.1, softEdge: Double = 0.05, setExtension: Bool = false, outerFacePixels: Int = 1024,
                innerResolution: SIMD2<Int>? = nil) {
        self.overscan = overscan
        self.softEdge = softEdge
        self.setExtension = setExtension
        self.outerFacePixels = outerFacePixels
        self.innerResolution = innerResolution
    }

    /// The camera frame's size in the inner frustum's render for a view of `width` x `height` (overscan and a lens's
    /// cover are added to it): the view's own size, or, when that holds more pixels than `innerResolution`, that
    /// many pixels at the view's aspect (as nDisplay adapts its frame size to the camera's filmback). A preview
    /// never renders the inner frustum finer than it can show, so small views are unchanged.
    public func innerFrame(width: Int, height: Int) -> (width: Int, height: Int) {
        guard let r = innerResolution, width > 0, height > 0 else { return (width, height) }
        let budget = Double(r.x) * Double(r.y), pixels = Double(width) * Double(height)
        guard pixels > budget else { return (width, height) }
        let scale = (budget / pixels).squareRoot()
        return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
    }

    /// The widest soft edge that ends at the camera frame: the overscan band is overscan / (1 + overscan) of the
    /// inner frustum's half-width on each side, and the feather spans 2 · soft edge of it.
    public var maxSoftEdge: Double { Self.maxSoftEdge(overscan: overscan) }

    public static func maxSoftEdge(overscan: Double) -> Double { max(0, overscan) / (1 + max(0, overscan)) / 2 }
}

/// The scene's `analysis` block: thresholds of the shot-analysis rules (Docs/analysis.md gives each formula).
public struct AnalysisSettings: Sendable, Equatable {
    public enum Rule: String, Sendable, Equatable, CaseIterable {
        /// The image shows more than `maxOvershoot` beyond the LED surfaces' edges.
        case overshoot
        /// LED surfaces cover less than `minCoverage` of the image.
        case coverage
        /// LED pixels in view are sharp and fine enough on the sensor to alias.
        case moire
        /// Part of the wall in view lies inside the depth of field.
        case wallInFocus = "wall_in_focus"
        /// Wall pixels in view are seen further off axis than the threshold.
        case offAxis = "off_axis"
        /// Several cameras: another camera's inner frustum shows in this camera's image on more than
        /// `maxFrustumInShot` of it.
        case frustumInShot = "frustum_in_shot"
        /// Several cameras: their inner frusta overlap on the wall on more than `maxFrustumOverlapM2`.
        case frustumOverlap = "frustum_overlap"

        /// Whether the rule needs several cameras on the wall (a take set) to apply.
        public var isMultiCamera: Bool { self == .frustumInShot || self == .frustumOverlap }
    }

    /// Largest share of the image allowed beyond the LED surfaces (floor excluded).
    public var maxOvershoot: Double
    /// Smallest share of the image the LED surfaces must cover (0: no minimum).
    public var minCoverage: Double
    /// Circle of confusion = sensor diagonal / this (1500 is the common cinema convention).
    public var cocDivisor: Double
    /// The LED grid reaches the sensor when the blur disc's modulation transfer at the grid's frequency (or its
    /// first harmonic) is at least this in magnitude (0.1: the −13.2% side lobe counts, the +6.6% one does not).
    public var moireMinContrast: Double
    /// An LED grid component aliases when its period on the sensor is below this many photosites (4: two Bayer
    /// colour sample spacings).
    public var moireMaxPitchRatio: Double
    /// Largest off-axis angle allowed (nil: half the panel's rated viewing angle).
    public var maxOffAxisDegrees: Double?
    /// Largest share of a camera's image allowed to show other cameras' inner frusta (0: none at all).
    public var maxFrustumInShot: Double = 0
    /// Largest overlap of inner frusta on the wall allowed, square metres (0: none at all).
    public var maxFrustumOverlapM2: Double = 0
    /// Rays traced across the image per frame.
    public var samples: (width: Int, height: Int)
    /// The rules that make a frame a problem.
    public var rules: [Rule]

    public init(maxOvershoot: Double = 0.001, minCoverage: Double = 0, cocDivisor: Double = 1500, moireMinContrast: Double = 0.1,
                moireMaxPitchRatio: Double = 4, maxOffAxisDegrees: Double? = nil, samples: (width: Int, height: Int) = (128, 72),
                rules: [Rule] = Rule.allCases) {
        self.maxOvershoot = maxOvershoot
        self.minCoverage = minCoverage
        self.cocDivisor = cocDivisor
        self.moireMinContrast = moireMinContrast
        self.moireMaxPitchRatio = moireMaxPitchRatio
        self.maxOffAxisDegrees = maxOffAxisDegrees
        self.samples = samples
        self.rules = rules
    }

    public static func == (a: AnalysisSettings, b: AnalysisSettings) -> Bool {
        a.maxOvershoot == b.maxOvershoot && a.minCoverage == b.minCoverage && a.cocDivisor == b.cocDivisor
            && a.moireMinContrast == b.moireMinContrast && a.moireMaxPitchRatio == b.moireMaxPitchRatio
            && a.maxOffAxisDegrees == b.maxOffAxisDegrees && a.samples == b.samples && a.rules == b.rules
            && a.maxFrustumInShot == b.maxFrustumInShot && a.maxFrustumOverlapM2 == b.maxFrustumOverlapM2
    }
}
