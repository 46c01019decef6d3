// XRSettings: how the XR passes turn the virtual world into a wall canvas (inner frustum margins, set extension).

/// The scene's `xr` block: what the LED processors are fed and how the in-camera preview is finished.
public struct XRSettings: Sendable, Equatable {
    /// Margin added around the camera's view for the inner frustum, as a share of its width and height (0.1 =
    /// 10% wider and taller), so tracking latency does not show the outer frustum at the frame's edges.
    public var overscan: Double
    /// Width of the blend between inner and outer frustum, as a share of the inner frustum's width and height.
    public var softEdge: Double
    /// Draw the virtual world beyond the wall's edges in the in-camera view (as XR stages do live).
    public var setExtension: Bool
    /// Pixels along each face of the cube map the outer frustum is rendered into (from the view origin).
    public var outerFacePixels: Int

    public init(overscan: Double = 0.1, softEdge: Double = 0.05, setExtension: Bool = false, outerFacePixels: Int = 1024) {
        self.overscan = overscan
        self.softEdge = softEdge
        self.setExtension = setExtension
        self.outerFacePixels = outerFacePixels
    }
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
    }

    /// Largest share of the image allowed beyond the LED surfaces (floor excluded).
    public var maxOvershoot: Double
    /// Smallest share of the image the LED surfaces must cover (0: no minimum).
    public var minCoverage: Double
    /// Circle of confusion = sensor diagonal / this (1500 is the common cinema convention).
    public var cocDivisor: Double
    /// The LED grid is blurred away when the defocus blur is at least this many LED-pixel images (1.22: the first
    /// zero of a blur disc's modulation transfer at the LED pitch).
    public var moireBlurRatio: Double
    /// Sharp LED pixels alias when their image is smaller than this many photosites (4: two Bayer sample spacings).
    public var moireMaxPitchRatio: Double
    /// Largest off-axis angle allowed (nil: half the panel's rated viewing angle).
    public var maxOffAxisDegrees: Double?
    /// Rays traced across the image per frame.
    public var samples: (width: Int, height: Int)
    /// The rules that make a frame a problem.
    public var rules: [Rule]

    public init(maxOvershoot: Double = 0.001, minCoverage: Double = 0, cocDivisor: Double = 1500, moireBlurRatio: Double = 1.22,
                moireMaxPitchRatio: Double = 4, maxOffAxisDegrees: Double? = nil, samples: (width: Int, height: Int) = (128, 72),
                rules: [Rule] = Rule.allCases) {
        self.maxOvershoot = maxOvershoot
        self.minCoverage = minCoverage
        self.cocDivisor = cocDivisor
        self.moireBlurRatio = moireBlurRatio
        self.moireMaxPitchRatio = moireMaxPitchRatio
        self.maxOffAxisDegrees = maxOffAxisDegrees
        self.samples = samples
        self.rules = rules
    }

    public static func == (a: AnalysisSettings, b: AnalysisSettings) -> Bool {
        a.maxOvershoot == b.maxOvershoot && a.minCoverage == b.minCoverage && a.cocDivisor == b.cocDivisor
            && a.moireBlurRatio == b.moireBlurRatio && a.moireMaxPitchRatio == b.moireMaxPitchRatio
            && a.maxOffAxisDegrees == b.maxOffAxisDegrees && a.samples == b.samples && a.rules == b.rules
    }
}
