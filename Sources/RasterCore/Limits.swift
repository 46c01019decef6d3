// Limits: the rasterizer's fixed constants, each with the reason it has the value it has.

/// Fixed numbers of the rasterizer and the overflow argument behind them.
///
/// Vertices are snapped to 1/256 pixel (8 sub-pixel bits, as llvmpipe and D3D10-class hardware). Snapped
/// coordinates are kept within ±2^23 (±32768 px) by the guard band, so:
/// - edge coefficients A, B (differences of two coordinates) fit in 25 bits;
/// - the edge constant C (a difference of two products of coordinates) fits in 48 bits: exact in a Double
///   (53-bit mantissa) and in an Int64;
/// - inside an 8x8 block crossed by an edge, |e| <= 8 (|A| + |B|) < 2^28: per-pixel tests run in Int32 lanes.
public enum RasterLimits {
    /// Sub-pixel precision of snapped vertex positions.
    public static let subpixelBits = 8
    /// One pixel in fixed point.
    public static let fixedOne: Int32 = 1 << 8
    /// Largest width or height of a framebuffer (pixel indices then fit in 14 bits).
    public static let maxDimension = 16384
    /// Window coordinates stay within ±guardBandPixels of the viewport centre (so within ±32192 px, under 2^23
    /// in fixed point, even for a 16384-wide viewport); triangles reaching beyond are clipped.
    public static let guardBandPixels: Float = 24000
    /// Side of a coarse block: blocks are trivially rejected or accepted before per-pixel work.
    public static let blockSize = 8
    /// Default tile side (llvmpipe uses 64 too). Tiles are powers of two from 8 to 256.
    public static let defaultTileSize = 64
    public static let tileSizes: ClosedRange<Int> = 8...256
}
