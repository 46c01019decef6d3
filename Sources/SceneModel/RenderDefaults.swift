// RenderDefaults: the output size and frame rate a scene renders at unless the command line says otherwise.

/// Default render settings of a scene.
public struct RenderDefaults: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// The render rate as an exact fraction (29.97 is 30000/1001) and whether its timecode is drop-frame:
    /// frame n of a sequence is at n × denominator / numerator seconds (Docs/takes.md).
    public var frameRateNumerator: Int
    public var frameRateDenominator: Int
    public var dropFrame: Bool
    /// How the world's and props' textures are filtered when minified (`render.texture_filter`).
    public var textureFilter: TextureFiltering = .nearestMip

    /// Texture filtering of a scene's textured models (RasterCore's `Texture.Filter` by name).
    public enum TextureFiltering: String, Sendable, Equatable, CaseIterable {
        /// Bilinear in the mip level nearest the footprint: the default, what earlier frames were made with.
        case nearestMip = "nearest-mip"
        /// Bilinear in the two nearest levels, blended (OpenGL's LINEAR_MIPMAP_LINEAR): no popping between levels.
        case trilinear
        /// Up to 8 trilinear taps along the footprint's long axis: sharp textures at grazing angles (floors, roads).
        case anisotropic
    }

    /// Frames per second (25 for PAL-region broadcast, as in Tianjin; 23.976, 24, 30, 50, 60 also common).
    /// Setting it snaps a decimal to the nearest N×1000/1001 rate when within 0.005 (23.976 → 24000/1001).
    public var frameRate: Double {
        get { Double(frameRateNumerator) / Double(frameRateDenominator) }
        set {
            let (n, d) = RenderDefaults.fraction(newValue)
            frameRateNumerator = n; frameRateDenominator = d; dropFrame = false
        }
    }

    public init(width: Int = 1920, height: Int = 1080, frameRate: Double = 25) {
        self.width = width
        self.height = height
        (frameRateNumerator, frameRateDenominator) = RenderDefaults.fraction(frameRate)
        dropFrame = false
    }

    /// A decimal rate as a fraction: whole numbers over 1, N×1000/1001 rates (23.976, 29.97, 59.94 …) exactly,
    /// anything else to a thousandth.
    public static func fraction(_ fps: Double) -> (numerator: Int, denominator: Int) {
        guard fps.isFinite, fps > 0, fps < 1e6 else { return (25, 1) }
        if abs(fps - fps.rounded()) < 1e-6 { return (Int(fps.rounded()), 1) }
        let n = (fps * 1.001).rounded()
        if abs(n * 1000 / 1001 - fps) < 0.005 { return (Int(n) * 1000, 1001) }
        return (Int((fps * 1000).rounded()), 1000)
    }

    /// Reads a rate as takes spell it: "25", "23.976", "29.97DF", "29.97 NDF", "30000/1001", "60000/1001DF".
    /// nil when malformed, not positive, or drop-frame at a rate that has none (only 30000/1001 and 60000/1001).
    public static func parseRate(_ text: String) -> (numerator: Int, denominator: Int, dropFrame: Bool)? {
        var s = Substring(text.uppercased().filter { $0 != " " })
        var df = false
        if s.hasSuffix("NDF") { s = s.dropLast(3) } else if s.hasSuffix("DF") { s = s.dropLast(2); df = true }
        var n: Int, d: Int
        if let slash = s.firstIndex(of: "/") {
            guard let a = Int(s[..<slash]), let b = Int(s[s.index(after: slash)...]), a > 0, b > 0,
                  a <= 1_000_000, b <= 1_000_000 else { return nil }
            n = a; d = b
        } else {
            guard let v = Double(s), v.isFinite, v > 0, v < 1e6 else { return nil }
            (n, d) = fraction(v)
        }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let g = gcd(n, d)
        n /= g; d /= g
        if df, !(d == 1001 && (n == 30000 || n == 60000)) { return nil }
        return (n, d, df)
    }
}
