// SetupTriangle: the hand-off between setup and the tile rasterizer — one screen triangle, ready to raster.

/// A triangle after snapping, culling and setup: exact integer edge functions and float planes.
///
/// Edge i covers pixel (px, py) when `a_i * px + b_i * py + c_i >= 0`, in pixel units: the fill-rule bias and
/// the 8 sub-pixel bits are folded into `c_i` (see `TriangleSetup`). Planes give window depth, 1/w and the
/// perspective-divided barycentrics b1/w, b2/w of the *source* triangle at pixel centres, relative to
/// (minX, minY): `value = ref + dx * (px - minX) + dy * (py - minY)`.
struct SetupTriangle {
    var a0: Int32, a1: Int32, a2: Int32
    var b0: Int32, b1: Int32, b2: Int32
    var c0: Int64, c1: Int64, c2: Int64
    /// Inclusive pixel bounding box, clamped to the viewport.
    var minX: Int32, minY: Int32, maxX: Int32, maxY: Int32
    var zRef: Float, zdx: Float, zdy: Float
    var qRef: Float, qdx: Float, qdy: Float
    var uRef: Float, udx: Float, udy: Float
    var vRef: Float, vdx: Float, vdy: Float
    /// Draw index; line batches follow the triangle draws.
    var draw: UInt32
    /// Primitive index within the draw (triangle, or line segment).
    var prim: UInt32
    var flags: UInt32

    static let backFacing: UInt32 = 1
    static let noDepthTest: UInt32 = 2
    static let noDepthWrite: UInt32 = 4
    /// The draw is a cut-out (`AlphaTest`): coverage also needs its alpha (`alphaCoverage`).
    static let alphaTested: UInt32 = 8
}
