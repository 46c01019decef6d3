// TileShader: turns a tile's visibility (triangle ids) into colour, 8 pixels at a time, in linear light.

import Geometry

/// What shading needs to know about one draw (or line batch) for this frame.
///
/// Plain values and pointers into buffers that live for the whole frame (mesh buffers, the renderer's
/// per-draw arrays): workers read them without reference counting in the pixel loop.
struct DrawShading {
    var baseColor: SIMD4<Float>
    var emissive: SIMD3<Float>
    var shading: ShadingModel
    var twoSided: Bool
    var texture: Unmanaged<Texture>?
    var textureFilter: Texture.Filter
    /// The texture's plain-value view, for trilinear sampling.
    var sampler: TextureSampler?
    /// The draw's cut-out (`AlphaTest`), tested while rasterizing (`alphaCoverage`); nil for solid draws.
    var cutout: Cutout?
    /// The packed sRGB word of a draw whose colour is the same on every pixel (flat; unlit without texture or
    /// vertex colours; line batches), computed once per frame by `constantColor`; nil when colour varies.
    var constantColor: UInt32?
    /// Source triangle corners (three indices per triangle); nil for line batches.
    var indices: UnsafePointer<UInt32>?
    var worldNormals: UnsafePointer<SIMD3<Float>>?
    /// World-space face normal per triangle, when the mesh has no vertex normals.
    var faceNormals: UnsafePointer<SIMD3<Float>>?
    var uvs: UnsafePointer<SIMD2<Float>>?
    var colors: UnsafePointer<SIMD4<Float>>?
    /// Eye-space depth (distance along the view axis) per vertex, or per segment end for line batches.
    var eyeDepth: UnsafePointer<Float>?
}

/// A draw's `AlphaTest` for the pixel loops: plain values, the texture unretained (nil without one or without UVs).
struct Cutout {
    var cutoff: Float
    var alpha: Float
    var texture: Unmanaged<Texture>?
    var sampler: TextureSampler?
    /// One alpha per mesh vertex (`AlphaTest.vertexAlpha`), nil without.
    var vertexAlpha: UnsafePointer<Float>?
}

/// Frame-wide shading inputs.
struct ShadeContext {
    var draws: UnsafePointer<DrawShading>
    var ambient: SIMD3<Float>
    var lights: UnsafePointer<DirectionalLight>
    var lightCount: Int
    var keepLinearDepth: Bool
}

/// Whether shading also leaves each group's linear colour in `LaneScratch.linearColor` (`FrameSettings.keepLinearColor`):
/// a type parameter of the tile and shading loops, so the 8-bit frame's loops are compiled without a trace of it (as a
/// flag tested in the loops it cost 0.8-1.7% more instructions a frame).
protocol LinearColorMode { static var keeps: Bool { get } }
/// The 8-bit frame alone.
enum PackedColorOnly: LinearColorMode { static var keeps: Bool { false } }
/// The 8-bit frame and the linear colour.
enum KeepsLinearColor: LinearColorMode { static var keeps: Bool { true } }

/// Encodes linear RGBA (each lane a pixel) to packed sRGB RGBA8 (R in the low byte).
@inline(__always)
func encodeSRGB(_ r: SIMD8<Float>, _ g: SIMD8<Float>, _ b: SIMD8<Float>, _ a: SIMD8<Float>,
                _ table: UnsafePointer<UInt8>) -> SIMD8<UInt32> {
    let scale = SIMD8<Float>(repeating: Float((1 << SRGB.linearBits) - 1))
    let ri = vroundSmall(vclamp01(r) * scale)
    let gi = vroundSmall(vclamp01(g) * scale)
    let bi = vroundSmall(vclamp01(b) * scale)
    let ai = vroundSmall(vclamp01(a) * SIMD8<Float>(repeating: 255))
    // Lanes go through memory once each way: inserting lanes into a vector one by one makes the compiler
    // store and reload the whole vector per lane (a store-forwarding stall each time).
    var out = SIMD8<UInt32>()
    withUnsafeBytes(of: ri) { rb in
        withUnsafeBytes(of: gi) { gb in
            withUnsafeBytes(of: bi) { bb in
                withUnsafeBytes(of: ai) { ab in
                    withUnsafeMutableBytes(of: &out) { ob in
                        // Indices as UInt32 (they are 0...4095): zero-extending to Int is free, sign-extending
                        // an Int32 costs an instruction per lookup.
                        let r = rb.bindMemory(to: UInt32.self), g = gb.bindMemory(to: UInt32.self)
                        let b = bb.bindMemory(to: UInt32.self), a = ab.bindMemory(to: UInt32.self)
                        let o = ob.bindMemory(to: UInt32.self)
                        for i in 0..<8 {
                            o[i] = UInt32(table[Int(r[i])]) | UInt32(table[Int(g[i])]) << 8
                                | UInt32(table[Int(b[i])]) << 16 | a[i] << 24
                        }
                    }
                }
            }
        }
    }
    return out
}

/// The packed colour of a draw whose colour does not vary over its pixels, else nil: `shadeLanes`' own
/// arithmetic (base colour, plus emission, encoded) run once on a broadcast, so the word is bit for bit what
/// shading each pixel would give.
func constantColor(baseColor c: SIMD4<Float>, emissive e: SIMD3<Float>, shading: ShadingModel, hasTexture: Bool,
                   hasColors: Bool, isLine: Bool, table: UnsafePointer<UInt8>) -> UInt32? {
    if isLine {
        return encodeSRGB(SIMD8(repeating: c.x), SIMD8(repeating: c.y), SIMD8(repeating: c.z), opaque, table)[0]
    }
    switch shading {
    case .lambert, .primitiveID: return nil
    case .unlit where hasTexture || hasColors: return nil
    case .unlit, .flat:
        var r = SIMD8<Float>(repeating: c.x), g = SIMD8<Float>(repeating: c.y), b = SIMD8<Float>(repeating: c.z)
        r += e.x; g += e.y; b += e.z
        return encodeSRGB(r, g, b, opaque, table)[0]
    }
}

/// The alpha of every drawn pixel: the rasterizer draws opaque (it has no blending), so a material's, texture's or
/// vertex colour's alpha does not reach the pixel. It left see-through holes in PNGs where a glTF OPAQUE material
/// had alpha in its texture. The clear colour's alpha marks where nothing was drawn. (Computed: a stored global is
/// initialised lazily, a `swift_once` call per use in the pixel loop.)
@inline(__always) var opaque: SIMD8<Float> { SIMD8(repeating: 1) }

/// The primitive-id code of triangle `prim` (index + 1 in 24 bits, alpha 255), as `shadeLanes` writes it.
@inline(__always)
func primitiveCode(_ prim: UInt32) -> UInt32 { (prim &+ 1) & 0xFF_FFFF | 0xFF00_0000 }

/// Per-lane inputs of `shadeLanes`, gathered column by column (structure of arrays, 8 floats per column).
///
/// Filling columns with scalar stores and reading each back as one vector keeps the pixel math in SIMD
/// registers whatever mix of triangles the 8 pixels show.
final class LaneScratch {
    static let columns = 60
    let base: UnsafeMutablePointer<Float>
    /// The last shaded group's linear r, g, b (8 floats each), when the frame keeps linear colour.
    let linearColor: UnsafeMutablePointer<Float>
    init() {
        base = .allocate(capacity: LaneScratch.columns * 8)
        base.initialize(repeating: 0, count: LaneScratch.columns * 8)
        linearColor = .allocate(capacity: 24)
        linearColor.initialize(repeating: 0, count: 24)
    }
    deinit { base.deallocate(); linearColor.deallocate() }

    /// The scratch a texture sampler works in (`TextureSampler.scratchFloats`), past the shading columns.
    var samplerWork: UnsafeMutablePointer<Float> { base + cTri * 8 }
}

// Scratch columns.
// Vertex attributes are component-major: column c + k holds the component of vertex k (k = 0, 1, 2).
private let cFX = 0, cFY = 1, cQ = 2, cU = 5, cV = 8, cCode = 11, cFace = 12, cN = 13, cEye = 22, cUV = 25, cCol = 31,
            cTex = 43, cTri = 47

/// Shades `groups` groups of 8 pixels from column `px` of row `py` that all show the triangle `tris[0]`: its
/// inputs are read once into every lane of the scratch columns (`triangleColumns`), then each group is `shadeLanes`'
/// arithmetic.
/// Colours go to `out`, eye depths (what `shadeLanes` returns for them) to `linear` when given, 8 per group.
///
/// A run of a triangle's groups in one call, rather than a call per group that fetched the triangle's values
/// through the corner indices again: large triangles (floors, walls, the LED surfaces) cost less per pixel, and
/// every pixel is the same arithmetic as before, so frames are unchanged.
@inline(never)
func shadeUniformRun<M: LinearColorMode>(_ tris: UnsafePointer<UnsafePointer<SetupTriangle>>, draw dp: UnsafePointer<DrawShading>,
                     px: Int, py: Int, groups: Int, ctx: ShadeContext, table: UnsafePointer<UInt8>, scratch sc: LaneScratch,
                     out: UnsafeMutablePointer<UInt32>, linear: UnsafeMutablePointer<Float>?,
                     color: LinearColorPlanes?, mode: M.Type) {
    let base = sc.base
    triangleColumns(tris[0], draw: dp, py: py, keepLinearDepth: ctx.keepLinearDepth) { c, v in
        UnsafeMutableRawPointer(base + 8 * c).storeBytes(of: SIMD8(repeating: v), as: SIMD8<Float>.self)
    }
    for g in 0..<groups {
        let (c, eye) = shadeLanes(tris, uniform: true, draw: dp, px: px + 8 * g, py: py, ctx: ctx, table: table, scratch: sc,
                                  mode: mode)
        UnsafeMutableRawPointer(out + 8 * g).storeBytes(of: c, as: SIMD8<UInt32>.self)
        if let linear { UnsafeMutableRawPointer(linear + 8 * g).storeBytes(of: eye, as: SIMD8<Float>.self) }
        if M.keeps, let color {
            let lc = UnsafeRawPointer(sc.linearColor)
            color.store(8 * g, lc.loadUnaligned(as: SIMD8<Float>.self), lc.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self),
                        lc.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self), SIMD8(repeating: 1))
        }
    }
}

/// Where a frame's linear colour goes: four planes (r, g, b, alpha) of floats, `plane` floats apart, `at` pointing at
/// a group's first pixel in the r plane.
struct LinearColorPlanes {
    var at: UnsafeMutablePointer<Float>
    var plane: Int
    /// Stores 8 pixels' r, g, b and alpha from `offset` floats past `at`.
    @inline(__always)
    func store(_ offset: Int, _ r: SIMD8<Float>, _ g: SIMD8<Float>, _ b: SIMD8<Float>, _ a: SIMD8<Float>) {
        let p = UnsafeMutableRawPointer(at + offset)
        p.storeBytes(of: r, as: SIMD8<Float>.self)
        p.storeBytes(of: g, toByteOffset: 4 * plane, as: SIMD8<Float>.self)
        p.storeBytes(of: b, toByteOffset: 8 * plane, as: SIMD8<Float>.self)
        p.storeBytes(of: a, toByteOffset: 12 * plane, as: SIMD8<Float>.self)
    }
}

/// `shadeLanes` for 8 lanes of different triangles of one draw (a copy of its own, with `uniform` a constant).
@inline(never)
func shadeMixed<M: LinearColorMode>(_ tris: UnsafePointer<UnsafePointer<SetupTriangle>>, draw dp: UnsafePointer<DrawShading>,
                                    px: Int, py: Int, ctx: ShadeContext, table: UnsafePointer<UInt8>, scratch sc: LaneScratch,
                                    mode: M.Type) -> (SIMD8<UInt32>, SIMD8<Float>) {
    shadeLanes(tris, uniform: false, draw: dp, px: px, py: py, ctx: ctx, table: table, scratch: sc, mode: mode)
}

/// Shades the 8 pixels of row `py` starting at column `px`. Lane i shows `tris[i]` (all from one draw `d`);
/// lanes the caller will discard may repeat any triangle. Returns packed sRGB colour and linear eye depth.
///
/// Per pixel: perspective-correct barycentrics from the planes of 1/w, b1/w, b2/w; then the draw's shading
/// (primitive id; line colour; albedo x vertex colour x texture, Lambert over the ambient and directional
/// lights, plus emission), in linear light, encoded to sRGB by table.
///
/// Two compiled copies: `shadeUniformRun` (one triangle on all 8 lanes, its columns filled for the run) and
/// `shadeMixed` (each lane's values gathered into the scratch columns here).
@inline(__always)
func shadeLanes<M: LinearColorMode>(_ tris: UnsafePointer<UnsafePointer<SetupTriangle>>, uniform: Bool,
                                    draw dp: UnsafePointer<DrawShading>, px: Int, py: Int, ctx: ShadeContext,
                                    table: UnsafePointer<UInt8>, scratch sc: LaneScratch, mode: M.Type)
    -> (SIMD8<UInt32>, SIMD8<Float>) {
    // The draw by pointer into the frame's table: a copy made by the caller right before the call was read back
    // in wider loads than it was written with (a store-forwarding stall per call).
    let d = dp.pointee
    let indices = d.indices
    let wantEye = ctx.keepLinearDepth && d.eyeDepth != nil
    // Mixed lanes gather their inputs into the scratch columns below, lane by lane (uniform runs had them filled for
    // every lane at once). The scratch columns through a local pointer: through the class's field, the compiler
    // reloaded it after every store (a store could alias it).
    let base = sc.base
    @inline(__always) func set(_ column: Int, _ lane: Int, _ v: Float) { base[column * 8 + lane] = v }
    /// A whole column as one vector.
    @inline(__always) func get(_ column: Int) -> SIMD8<Float> {
        UnsafeRawPointer(base + column * 8).loadUnaligned(as: SIMD8<Float>.self)
    }
    let t0 = tris[0].pointee
    if !uniform {
        for i in 0..<8 {
            set(cFX, i, Float(px - Int(tris[i].pointee.minX)))
            triangleColumns(tris[i], draw: dp, py: py, keepLinearDepth: ctx.keepLinearDepth) { c, v in set(c, i, v) }
        }
    }
    // A uniform group's inputs are the columns `shadeUniformRun` filled for its run, but for the column of x
    // offsets, which is the group's. (Kept as 8 copies and loaded as vectors: broadcast from one float each, the
    // compiler paired neighbouring columns' broadcasts and took them apart again.)
    @inline(__always) func col(_ c: Int) -> SIMD8<Float> {
        if uniform && c == cFX { return SIMD8(repeating: Float(px - Int(t0.minX))) }
        return get(c)
    }
    let fx = col(cFX) + laneF, fy = col(cFY)
    let qPlane = (col(cQ), col(cQ + 1), col(cQ + 2))
    let uPlane = (col(cU), col(cU + 1), col(cU + 2)), vPlane = (col(cV), col(cV + 1), col(cV + 2))
    let (b0, b1, b2, w) = laneBarycentrics(fx: fx, fy: fy, q: qPlane, u: uPlane, v: vPlane)
    @inline(__always) func interp(_ c: Int) -> SIMD8<Float> { b0 * col(c) + b1 * col(c + 1) + b2 * col(c + 2) }
    // A line's quad carries 1/w and eye/w as its barycentrics (`addLineQuad`): their ratio is its eye depth.
    let eye = wantEye ? (indices == nil ? b2 / b1 : interp(cEye)) : SIMD8<Float>()

    /// The group's linear colour, for a frame that keeps it (`M.keeps`): what is encoded, unclamped.
    @inline(__always) func keep(_ r: SIMD8<Float>, _ g: SIMD8<Float>, _ b: SIMD8<Float>) {
        guard M.keeps else { return }
        let p = UnsafeMutableRawPointer(sc.linearColor)
        p.storeBytes(of: r, as: SIMD8<Float>.self)
        p.storeBytes(of: g, toByteOffset: 32, as: SIMD8<Float>.self)
        p.storeBytes(of: b, toByteOffset: 64, as: SIMD8<Float>.self)
    }
    guard indices != nil else {
        // A line batch: flat colour.
        let c = d.baseColor
        let r = SIMD8<Float>(repeating: c.x), g = SIMD8<Float>(repeating: c.y), b = SIMD8<Float>(repeating: c.z)
        keep(r, g, b)
        return (encodeSRGB(r, g, b, opaque, table), eye)
    }
    if d.shading == .primitiveID {
        // Ids are codes, not light: no linear colour.
        keep(SIMD8(), SIMD8(), SIMD8())
        return (unsafeBitCast(col(cCode), to: SIMD8<UInt32>.self), eye)
    }
    if let c = d.constantColor {
        // `constantColor`'s arithmetic (base colour plus emission) for the floats.
        if M.keeps {
            var r = SIMD8<Float>(repeating: d.baseColor.x), g = SIMD8<Float>(repeating: d.baseColor.y)
            var b = SIMD8<Float>(repeating: d.baseColor.z)
            r += d.emissive.x; g += d.emissive.y; b += d.emissive.z
            keep(r, g, b)
        }
        return (SIMD8(repeating: c), eye)
    }
    var r = SIMD8<Float>(repeating: d.baseColor.x)
    var g = SIMD8<Float>(repeating: d.baseColor.y)
    var b = SIMD8<Float>(repeating: d.baseColor.z)
    if d.colors != nil {
        r *= interp(cCol); g *= interp(cCol + 3); b *= interp(cCol + 6)
    }
    if let texRef = d.texture, d.uvs != nil {
        let u = interp(cUV), v = interp(cUV + 3)
        let (db1x, db1y, db2x, db2y) = barycentricDerivatives(b1: b1, b2: b2, w: w, q: qPlane, u: uPlane, v: vPlane)
        // Base-level size: from the sampler's plain values when there is one (the class would be retained).
        let (tw, th): (Float, Float) = d.sampler.map { ($0.size.x, $0.size.y) }
            ?? (Float(texRef.takeUnretainedValue().levels[0].width), Float(texRef.takeUnretainedValue().levels[0].height))
        let (dux, dvx, duy, dvy) = uvDerivatives(db1x: db1x, db1y: db1y, db2x: db2x, db2y: db2y,
                                                 u: (col(cUV), col(cUV + 1), col(cUV + 2)),
                                                 v: (col(cUV + 3), col(cUV + 4), col(cUV + 5)), size: (tw, th))
        let foot2 = vmaxf(dux * dux + dvx * dvx, duy * duy + dvy * dvy)
        if d.textureFilter == .anisotropic, let smp = d.sampler {
            let (tr, tg, tb, _) = smp.sampleAnisotropic8(u: u, v: v, dux: dux, dvx: dvx, duy: duy, dvy: dvy,
                                                         scratch: sc.base + cTri * 8)
            r *= tr; g *= tg; b *= tb
        } else if d.textureFilter == .trilinear, let smp = d.sampler {
            let (tr, tg, tb, _) = smp.sample8(u: u, v: v, lod: vlod(foot2, maxLOD: smp.maxLOD),
                                              scratch: sc.base + cTri * 8)
            r *= tr; g *= tg; b *= tb
        } else if d.textureFilter == .bilinearNearestMip,
                  let s = d.sampler?.sampleNearestMip8(u: u, v: v, foot2: foot2, scratch: sc.base + cTri * 8) {
            r *= s.r; g *= s.g; b *= s.b
        } else {
            // Lanes far out (`sampleNearestMip8`'s limit): the scalar twin, lane by lane.
            let tex = texRef.takeUnretainedValue()
            for i in 0..<8 {
                let s = tex.sample(u: u[i], v: v[i], level: tex.level(forSquaredFootprint: foot2[i]))
                set(cTex, i, s.x); set(cTex + 1, i, s.y); set(cTex + 2, i, s.z); set(cTex + 3, i, s.w)
            }
            r *= get(cTex); g *= get(cTex + 1); b *= get(cTex + 2)
        }
    }
    if d.shading == .lambert {
        var nx = interp(cN), ny = interp(cN + 3), nz = interp(cN + 6)
        let inv = vrsqrt(nx * nx + ny * ny + nz * nz) * col(cFace)
        nx *= inv; ny *= inv; nz *= inv
        let amb = ctx.ambient
        var lr = SIMD8<Float>(repeating: amb.x), lg = SIMD8<Float>(repeating: amb.y), lb = SIMD8<Float>(repeating: amb.z)
        for k in 0..<ctx.lightCount {
            let light = ctx.lights[k], l = light.direction
            let ndl = vmaxf(nx * l.x + ny * l.y + nz * l.z, SIMD8<Float>())
            lr += ndl * light.color.x; lg += ndl * light.color.y; lb += ndl * light.color.z
        }
        r *= lr; g *= lg; b *= lb
    }
    r += d.emissive.x; g += d.emissive.y; b += d.emissive.z
    keep(r, g, b)
    return (encodeSRGB(r, g, b, opaque, table), eye)
}

/// A plane of 8 lanes: its value at the reference pixel, and its steps per pixel in x and y.
typealias LanePlane = (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)

/// Perspective-correct barycentrics (b0, b1, b2) of the 8 pixel centres at offsets (`fx`, `fy`) from a triangle's
/// reference pixel, and w = 1 / q, from its planes of 1/w (`q`), b1/w (`u`) and b2/w (`v`): shading's and the
/// cut-out test's (`alphaCoverage`), the same operations.
@inline(__always)
func laneBarycentrics(fx: SIMD8<Float>, fy: SIMD8<Float>, q: LanePlane, u: LanePlane, v: LanePlane)
    -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let w = 1 / (q.0 + q.1 * fx + q.2 * fy)
    let b1 = (u.0 + u.1 * fx + u.2 * fy) * w
    let b2 = (v.0 + v.1 * fx + v.2 * fy) * w
    return (1 - b1 - b2, b1, b2, w)
}

/// Screen derivatives of b1 and b2, (db1/dx, db1/dy, db2/dx, db2/dy), from the planes `laneBarycentrics` took: b_i =
/// P_i / q with P_i, q planes, so d b_i/dx = (dP_i/dx - b_i dq/dx) / q. Shading's and the cut-out test's.
@inline(__always)
func barycentricDerivatives(b1: SIMD8<Float>, b2: SIMD8<Float>, w: SIMD8<Float>, q: LanePlane, u: LanePlane, v: LanePlane)
    -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    ((u.1 - b1 * q.1) * w, (u.2 - b1 * q.2) * w, (v.1 - b2 * q.1) * w, (v.2 - b2 * q.2) * w)
}

/// Screen derivatives of (u, v) in base-level texels per pixel, (du/dx, dv/dx, du/dy, dv/dy), from the barycentrics'
/// derivatives and the corners' coordinates `u`, `v` of a texture `size` texels large: shading's level of detail and
/// the cut-out test's (`alphaCoverage`), the same operations.
@inline(__always)
func uvDerivatives(db1x: SIMD8<Float>, db1y: SIMD8<Float>, db2x: SIMD8<Float>, db2y: SIMD8<Float>,
                   u: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>), v: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
                   size: (Float, Float)) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
    let du1: SIMD8<Float> = (u.1 - u.0) * size.0, du2: SIMD8<Float> = (u.2 - u.0) * size.0
    let dv1: SIMD8<Float> = (v.1 - v.0) * size.1, dv2: SIMD8<Float> = (v.2 - v.0) * size.1
    let dux: SIMD8<Float> = db1x * du1 + db2x * du2
    let duy: SIMD8<Float> = db1y * du1 + db2y * du2
    let dvx: SIMD8<Float> = db1x * dv1 + db2x * dv2
    let dvy: SIMD8<Float> = db1y * dv1 + db2y * dv2
    return (dux, dvx, duy, dvy)
}

/// The inputs `shadeLanes` reads for a pixel of row `py` showing triangle `tp`, column by column, handed to `set`
/// (column, value): what the draw's shading reads, and eye depth when `keepLinearDepth`; the column of x offsets
/// (`cFX`) is the pixel's own and is left to the caller. The mixed gather sets one lane per triangle, a uniform run
/// every lane of its one triangle: one list of columns for both.
@inline(__always)
func triangleColumns(_ tp: UnsafePointer<SetupTriangle>, draw dp: UnsafePointer<DrawShading>, py: Int,
                     keepLinearDepth: Bool, _ set: (Int, Float) -> Void) {
    let t = tp.pointee, d = dp.pointee
    @inline(__always) func put(_ c: Int, _ a: Float, _ b: Float, _ e: Float) { set(c, a); set(c + 1, b); set(c + 2, e) }
    set(cFY, Float(py - Int(t.minY)))
    put(cQ, t.qRef, t.qdx, t.qdy)
    put(cU, t.uRef, t.udx, t.udy)
    put(cV, t.vRef, t.vdx, t.vdy)
    set(cFace, d.twoSided && t.flags & SetupTriangle.backFacing != 0 ? -1 : 1)
    set(cCode, Float(bitPattern: primitiveCode(t.prim)))
    let prim = Int(t.prim)
    let wantEye = keepLinearDepth && d.eyeDepth != nil
    // A line batch: its eye depth comes from the quad's interpolants (`shadeLanes`).
    guard let idx = d.indices else { return }
    let corner = (Int(idx[3 * prim]), Int(idx[3 * prim + 1]), Int(idx[3 * prim + 2]))
    if wantEye, let ed = d.eyeDepth { put(cEye, ed[corner.0], ed[corner.1], ed[corner.2]) }
    // Flat and id draws read no vertex attributes.
    guard d.shading == .lambert || d.shading == .unlit else { return }
    if d.shading == .lambert {
        if let ns = d.worldNormals {
            let n0 = ns[corner.0], n1 = ns[corner.1], n2 = ns[corner.2]
            put(cN, n0.x, n1.x, n2.x); put(cN + 3, n0.y, n1.y, n2.y); put(cN + 6, n0.z, n1.z, n2.z)
        } else if let fns = d.faceNormals {
            let f = fns[prim]
            put(cN, f.x, f.x, f.x); put(cN + 3, f.y, f.y, f.y); put(cN + 6, f.z, f.z, f.z)
        } else {
            for c in cN..<(cN + 9) { set(c, 0) }
        }
    }
    if d.texture != nil, let uvs = d.uvs {
        let t0 = uvs[corner.0], t1 = uvs[corner.1], t2 = uvs[corner.2]
        put(cUV, t0.x, t1.x, t2.x); put(cUV + 3, t0.y, t1.y, t2.y)
    }
    if let cs = d.colors {
        let c0 = cs[corner.0], c1 = cs[corner.1], c2 = cs[corner.2]
        put(cCol, c0.x, c1.x, c2.x); put(cCol + 3, c0.y, c1.y, c2.y)
        put(cCol + 6, c0.z, c1.z, c2.z); put(cCol + 9, c0.w, c1.w, c2.w)
    }
}
