// Rasterizer: one frame, start to end — transform, clip, setup, bin (front end), then tiles (back end).

import Geometry
import Imaging

/// Why a frame cannot be rendered with the given settings.
public enum RasterError: Error, Equatable, CustomStringConvertible {
    case badSize(width: Int, height: Int)
    case badTileSize(Int)
    case badThreadCount(Int)
    case tooManyTriangles(Int)

    public var description: String {
        switch self {
        case let .badSize(w, h): return "frame size \(w)x\(h) is outside 1x1...\(RasterLimits.maxDimension)x\(RasterLimits.maxDimension)"
        case .badTileSize(let t): return "tile size \(t) is not a power of two in \(RasterLimits.tileSizes)"
        case .badThreadCount(let n): return "thread count \(n) is outside 1...\(Rasterizer.maxThreads)"
        case .tooManyTriangles(let n): return "\(n) primitives in one frame is more than the rasterizer's limit"
        }
    }
}

/// The software rasterizer: renders a `DrawList` into its own colour (and optional depth) buffers.
///
/// The work is split llvmpipe-style around one hand-off structure, the tile bins:
/// 1. vertex stage: vertices to clip space, world normals, eye depth (parallel over vertex ranges);
/// 2. front end: primitive assembly, near/far and guard-band clipping, SIMD8 triangle setup and binning,
///    parallel over contiguous ranges of primitives, each worker with its own bins (`TileBins`);
/// 3. back end: tiles handed out dynamically to workers; each tile resolves visibility (`rasterTriangle`)
///    reading every worker's bin in worker order — submission order — then shades each visible pixel once.
/// The picture depends only on the draw list, view and size: never on thread count, tile size or timing.
public final class Rasterizer {
    public static let maxThreads = 64
    /// Front-end chunks are numbered in the top 5 bits of a pixel's 32-bit triangle id.
    static let maxChunks = 32
    static let idShift: UInt32 = 27
    static let idMask: UInt32 = (1 << 27) - 1

    public private(set) var width = 0
    public private(set) var height = 0
    private var stride = 0
    private var rowsAllocated = 0
    private var color: UnsafeMutablePointer<UInt32>
    private var colorCapacity = 0
    private var zbuf: UnsafeMutablePointer<Float>
    private var linear: UnsafeMutablePointer<Float>
    private var depthCapacity = 0
    private var hasDepth = false
    /// Linear colour, four planes of `stride * rowsAllocated` floats (r, g, b, alpha), when the frame keeps it.
    private var linearColor: UnsafeMutablePointer<Float>
    private var linearColorCapacity = 0
    private var hasLinearColor = false
    /// The last frame's clear colour in linear light, for the linear colour where nothing was drawn.
    private var clearLinear = SIMD4<Float>(0, 0, 0, 1)
    /// The last frame's worker count: the copies out of the frame split their rows over as many.
    private var copyThreads = 1

    private var bins: [TileBins] = []
    private var targets: [Int: [TileTarget]] = [:]
    private var clipBuffers: [GrowBuffer<SIMD4<Float>>] = []
    private var normalBuffers: [GrowBuffer<SIMD3<Float>>] = []
    /// World-space face normals per triangle, for lit draws whose mesh has no vertex normals.
    private var faceNormalBuffers: [GrowBuffer<SIMD3<Float>>] = []
    private var eyeBuffers: [GrowBuffer<Float>] = []
    /// Per vertex: planes it is outside of (low byte: near, far, guard band) and viewport sides (high byte).
    private var outcodeBuffers: [GrowBuffer<UInt16>] = []

    /// Counters of the last frame, for benchmarks and tests.
    public struct Stats: Equatable, Sendable {
        public var primitives = 0
        public var setupTriangles = 0
        public var binEntries = 0
        public var frontEndChunks = 0
    }
    public private(set) var stats = Stats()

    public init() {
        color = .allocate(capacity: 1)
        zbuf = .allocate(capacity: 1)
        linear = .allocate(capacity: 1)
        linearColor = .allocate(capacity: 1)
    }

    deinit {
        color.deallocate()
        zbuf.deallocate()
        linear.deallocate()
        linearColor.deallocate()
    }

    /// Checks settings before any work (the CLI reports these as usage errors).
    public static func validate(_ s: FrameSettings) throws {
        guard (1...RasterLimits.maxDimension).contains(s.width), (1...RasterLimits.maxDimension).contains(s.height)
        else { throw RasterError.badSize(width: s.width, height: s.height) }
        guard RasterLimits.tileSizes.contains(s.tileSize), s.tileSize.nonzeroBitCount == 1
        else { throw RasterError.badTileSize(s.tileSize) }
        guard (1...maxThreads).contains(s.threads) else { throw RasterError.badThreadCount(s.threads) }
    }

    /// Renders one frame; afterwards `colorImage()`, `linearDepthBuffer()` and `windowDepthBuffer()` read it.
    public func render(_ list: DrawList, view: ViewSetup, settings s: FrameSettings) throws {
        try Rasterizer.validate(s)
        let grid = TileGrid(width: s.width, height: s.height, tileSize: s.tileSize)
        prepareTargets(grid, keepDepth: s.keepLinearDepth, keepColor: s.keepLinearColor)
        clearLinear = s.clearColor
        let threads = s.threads
        copyThreads = threads

        // 1. Vertex stage.
        let viewProj = view.projection * view.view
        let drawCount = list.draws.count
        while clipBuffers.count < drawCount {
            clipBuffers.append(GrowBuffer(capacity: 1024))
            normalBuffers.append(GrowBuffer(capacity: 16))
            faceNormalBuffers.append(GrowBuffer(capacity: 16))
            eyeBuffers.append(GrowBuffer(capacity: 16))
            outcodeBuffers.append(GrowBuffer(capacity: 1024))
        }
        var tasks: [(draw: Int, start: Int, end: Int)] = []
        for (d, draw) in list.draws.enumerated() {
            let n = draw.mesh.vertexCount
            clipBuffers[d].reserve(n); clipBuffers[d].setCount(n)
            outcodeBuffers[d].reserve(n); outcodeBuffers[d].setCount(n)
            let needFaceNormals = draw.material.shading == .lambert && draw.mesh.buffers.normals == nil
            let needNormals = draw.material.shading == .lambert && draw.mesh.buffers.normals != nil
            let tn = needFaceNormals ? draw.mesh.triangleCount : 0
            faceNormalBuffers[d].reserve(tn); faceNormalBuffers[d].setCount(tn)
            normalBuffers[d].reserve(needNormals ? n : 0); normalBuffers[d].setCount(needNormals ? n : 0)
            eyeBuffers[d].reserve(s.keepLinearDepth ? n : 0); eyeBuffers[d].setCount(s.keepLinearDepth ? n : 0)
            let piece = max(4096, (n + threads - 1) / threads)
            var a = 0
            while a < n { tasks.append((d, a, min(n, a + piece))); a += piece }
            // Face normals: triangle ranges, marked by a negative draw index.
            let tpiece = max(4096, (tn + threads - 1) / threads)
            a = 0
            while a < tn { tasks.append((-1 - d, a, min(tn, a + tpiece))); a += tpiece }
        }
        let vq = WorkQueue(count: tasks.count)
        let clipper = Clipper(width: s.width, height: s.height)
        runWorkers(min(threads, tasks.count)) { _ in
            while let k = vq.take() {
                let t = tasks[k]
                if t.draw < 0 {
                    self.faceNormals(list.draws[-1 - t.draw], index: -1 - t.draw, range: t.start..<t.end)
                    continue
                }
                self.transformVertices(list.draws[t.draw], index: t.draw, range: t.start..<t.end,
                                       viewProj: viewProj, view: view.view, keepDepth: s.keepLinearDepth,
                                       clipper: clipper)
            }
        }

        // Line batches: eye depth of each end, for the depth AOV (`addLineQuad` carries it along the segment).
        var lineEye: [[Float]] = []
        for batch in list.lines {
            lineEye.append(s.keepLinearDepth ? batch.points.map { -(view.view.transformPoint($0)).z } : [])
        }

        // 2. Front end over contiguous primitive ranges.
        var primStart = [0]
        for d in list.draws { primStart.append(primStart.last! + d.mesh.triangleCount) }
        for l in list.lines { primStart.append(primStart.last! + l.points.count / 2) }
        let total = primStart.last!
        guard total < Int(Rasterizer.idMask) else { throw RasterError.tooManyTriangles(total) }
        let chunks = max(1, min(threads, Rasterizer.maxChunks, (total + 2047) / 2048))
        while bins.count < chunks { bins.append(TileBins(tiles: grid.count)) }
        let vp = ViewportParams(width: s.width, height: s.height)
        runWorkers(chunks) { c in
            let b = self.bins[c]
            b.reset(tiles: grid.count)
            self.frontEnd(list, primStart: primStart, range: (total * c / chunks)..<(total * (c + 1) / chunks),
                          viewProj: viewProj, vp: vp, clipper: clipper, grid: grid, bins: b, lineEye: lineEye)
            b.sortByTile(tiles: grid.count)
        }

        // 3. Back end: shading inputs, then tiles.
        var shading: [DrawShading] = []
        let table = SRGB.encodeTableBuffer
        for (d, draw) in list.draws.enumerated() {
            let m = draw.material
            let hasTexture = m.texture != nil && draw.mesh.buffers.uvs != nil
            shading.append(DrawShading(
                baseColor: m.baseColor, emissive: m.emissive, shading: m.shading, twoSided: m.twoSided,
                texture: m.texture.map { Unmanaged.passUnretained($0) }, textureFilter: m.textureFilter,
                sampler: m.texture.map(TextureSampler.init),
                cutout: m.alphaTest.map { a in
                    let uvs = draw.mesh.buffers.uvs != nil
                    return Cutout(cutoff: a.cutoff, alpha: a.alpha, texture: uvs ? a.texture.map { Unmanaged.passUnretained($0) } : nil,
                                  sampler: uvs ? a.texture.map(TextureSampler.init) : nil,
                                  vertexAlpha: a.vertexAlpha.flatMap { $0.count == draw.mesh.vertexCount ? UnsafePointer($0.values.baseAddress) : nil })
                },
                constantColor: constantColor(baseColor: m.baseColor, emissive: m.emissive, shading: m.shading,
                                             hasTexture: hasTexture, hasColors: draw.mesh.buffers.colors != nil,
                                             isLine: false, table: table),
                indices: draw.mesh.buffers.indices.baseAddress,
                worldNormals: normalBuffers[d].count > 0 ? UnsafePointer(normalBuffers[d].base) : nil,
                faceNormals: faceNormalBuffers[d].count > 0 ? UnsafePointer(faceNormalBuffers[d].base) : nil,
                uvs: draw.mesh.buffers.uvs?.baseAddress, colors: draw.mesh.buffers.colors?.baseAddress,
                eyeDepth: eyeBuffers[d].count > 0 ? UnsafePointer(eyeBuffers[d].base) : nil))
        }
        let lineEyeBuffers = lineEye.map { StableFloats($0) }
        for (k, l) in list.lines.enumerated() {
            shading.append(DrawShading(baseColor: l.color, emissive: .zero, shading: .unlit, twoSided: true,
                                       texture: nil, textureFilter: .bilinearNearestMip, sampler: nil, cutout: nil,
                                       constantColor: constantColor(baseColor: l.color, emissive: .zero, shading: .unlit,
                                                                    hasTexture: false, hasColors: false, isLine: true,
                                                                    table: table),
                                       indices: nil, worldNormals: nil, faceNormals: nil,
                                       uvs: nil, colors: nil, eyeDepth: lineEyeBuffers[k].pointer))
        }
        if shading.isEmpty {
            // An empty draw list still clears the frame; the table just needs an address.
            shading.append(DrawShading(baseColor: .zero, emissive: .zero, shading: .unlit, twoSided: true, texture: nil,
                                       textureFilter: .bilinearNearestMip, sampler: nil, cutout: nil, constantColor: nil, indices: nil, worldNormals: nil, faceNormals: nil, uvs: nil, colors: nil,
                                       eyeDepth: nil))
        }
        var triBases = [UnsafeMutablePointer<SetupTriangle>](repeating: bins[0].tris.base, count: chunks)
        var st = Stats(primitives: total, frontEndChunks: chunks)
        for c in 0..<chunks {
            triBases[c] = bins[c].tris.base
            st.setupTriangles += bins[c].tris.count
            st.binEntries += bins[c].items.count
        }
        stats = st
        let clear = encodeClear(s.clearColor)
        let workerTargets = tileTargets(count: threads, size: grid.size)
        let lights = list.lighting.directional
        shading.withUnsafeBufferPointer { shadeBuf in
            lights.withUnsafeBufferPointer { lightBuf in
                triBases.withUnsafeBufferPointer { bases in
                    let ctx = ShadeContext(draws: shadeBuf.baseAddress!, ambient: list.lighting.ambient,
                                           lights: lightBuf.baseAddress ?? UnsafePointer(bitPattern: 8)!,
                                           lightCount: lightBuf.count, keepLinearDepth: s.keepLinearDepth)
                    let tq = WorkQueue(count: grid.count)
                    runWorkers(min(threads, grid.count)) { w in
                        let target = workerTargets[w]
                        while let tile = tq.take() {
                            if s.keepLinearColor {
                                self.renderTile(tile, grid: grid, chunks: chunks, bases: bases.baseAddress!,
                                                target: target, ctx: ctx, clear: clear, mode: KeepsLinearColor.self)
                            } else {
                                self.renderTile(tile, grid: grid, chunks: chunks, bases: bases.baseAddress!,
                                                target: target, ctx: ctx, clear: clear, mode: PackedColorOnly.self)
                            }
                        }
                    }
                }
            }
        }
        withExtendedLifetime(lineEyeBuffers) {}
        withExtendedLifetime(list) {}
    }

    // MARK: - Stages

    private func transformVertices(_ draw: DrawCall, index d: Int, range: Range<Int>, viewProj: Mat4, view: Mat4,
                                   keepDepth: Bool, clipper: Clipper) {
        let mvp = viewProj * draw.transform
        let pos = draw.mesh.buffers.positions
        let clip = clipBuffers[d].base
        let codes = outcodeBuffers[d].base
        for i in range {
            let c = mvp.transformPoint(pos[i])
            clip[i] = c
            codes[i] = UInt16(clipper.outcode(c)) | UInt16(Clipper.viewOutcode(c)) << 8
        }
        if let normals = draw.mesh.buffers.normals, normalBuffers[d].count > 0 {
            // Normals transform by the inverse transpose of the model matrix.
            let nm = (draw.transform.inverse ?? .identity).transposed
            let out = normalBuffers[d].base
            for i in range {
                out[i] = nm.transformDirection(normals[i]).normalizedOrNil ?? SIMD3(0, 0, 1)
            }
        }
        if keepDepth {
            let mv = view * draw.transform
            let out = eyeBuffers[d].base
            for i in range { out[i] = -mv.transformPoint(pos[i]).z }
        }
    }

    /// World-space unit normals of triangles (cross product of world-space edges, so mirrored transforms keep
    /// the geometric winding).
    private func faceNormals(_ draw: DrawCall, index d: Int, range: Range<Int>) {
        let pos = draw.mesh.buffers.positions, idx = draw.mesh.buffers.indices
        let m = draw.transform
        let out = faceNormalBuffers[d].base
        for t in range {
            let p0 = m.transformPoint(pos[Int(idx[3 * t])]), p1 = m.transformPoint(pos[Int(idx[3 * t + 1])])
            let p2 = m.transformPoint(pos[Int(idx[3 * t + 2])])
            let e1 = SIMD3(p1.x - p0.x, p1.y - p0.y, p1.z - p0.z), e2 = SIMD3(p2.x - p0.x, p2.y - p0.y, p2.z - p0.z)
            out[t] = e1.cross(e2).normalizedOrNil ?? SIMD3(0, 0, 1)
        }
    }

    private func frontEnd(_ list: DrawList, primStart: [Int], range: Range<Int>,
                          viewProj: Mat4, vp: ViewportParams, clipper: Clipper, grid: TileGrid, bins: TileBins,
                          lineEye: [[Float]]) {
        let batch = bins.batch
        batch.count = 0
        batch.exactPlaneLanes = 0
        let tris = bins.tris
        @inline(__always) func flush() {
            setupBatch(batch, vp) { t in
                let k = tris.count
                tris.append(t)
                bins.bin(k, t, grid: grid)
            }
        }
        if range.isEmpty { return }
        var d = 0
        while primStart[d + 1] <= range.lowerBound { d += 1 }
        var p = range.lowerBound
        while p < range.upperBound {
            let drawEnd = min(primStart[d + 1], range.upperBound)
            if d < list.draws.count {
                let draw = list.draws[d]
                let idx = draw.mesh.buffers.indices.baseAddress!
                let clip = UnsafePointer(clipBuffers[d].base)
                let codes = UnsafePointer(outcodeBuffers[d].base)
                let flags: UInt32 = (draw.cull == .back ? TriangleBatch.cullBack
                    : (draw.cull == .front ? TriangleBatch.cullFront : 0))
                    | (draw.material.alphaTest != nil ? SetupTriangle.alphaTested : 0)
                for gp in p..<drawEnd {
                    let prim = gp - primStart[d]
                    let k0 = Int(idx[3 * prim]), k1 = Int(idx[3 * prim + 1]), k2 = Int(idx[3 * prim + 2])
                    let c0 = codes[k0], c1 = codes[k1], c2 = codes[k2]
                    // All outside one plane or one viewport side: nothing to draw.
                    if c0 & c1 & c2 != 0 { continue }
                    let v0 = clip[k0], v1 = clip[k1], v2 = clip[k2]
                    let o0 = UInt8(truncatingIfNeeded: c0), o1 = UInt8(truncatingIfNeeded: c1), o2 = UInt8(truncatingIfNeeded: c2)
                    if o0 | o1 | o2 == 0 {
                        batch.add(v0, v1, v2, draw: UInt32(d), prim: UInt32(prim), flags: flags)
                        if batch.count == 8 { flush() }
                        continue
                    }
                    let sum = v0 + v1 + v2
                    guard sum.x.isFinite, sum.y.isFinite, sum.z.isFinite, sum.w.isFinite else { continue }
                    let poly = clipper.clip([ClipVertex(p: v0, b: [0, 0]), ClipVertex(p: v1, b: [1, 0]),
                                             ClipVertex(p: v2, b: [0, 1])], planes: o0 | o1 | o2)
                    if poly.count < 3 { continue }
                    guard let planes = ExactPlanes(v0, v1, v2, vp) else { continue }
                    for k in 1..<(poly.count - 1) {
                        batch.add(poly[0], poly[k], poly[k + 1], draw: UInt32(d), prim: UInt32(prim), flags: flags,
                                  planes: planes)
                        if batch.count == 8 { flush() }
                    }
                }
            } else {
                let l = list.lines[d - list.draws.count], eye = lineEye[d - list.draws.count]
                for gp in p..<drawEnd {
                    let seg = gp - primStart[d]
                    let ends = eye.isEmpty ? SIMD2<Float>() : SIMD2(eye[2 * seg], eye[2 * seg + 1])
                    addLineQuad(l, segment: seg, eye: ends, viewProj: viewProj, vp: vp) { a, b, c in
                        batch.add(a, b, c, draw: UInt32(d), prim: UInt32(seg),
                                  flags: SetupTriangle.noDepthWrite | (l.depthTest ? 0 : SetupTriangle.noDepthTest))
                        if batch.count == 8 { flush() }
                    }
                }
            }
            p = drawEnd
            d += 1
        }
        flush()
    }

    /// A line segment as a screen-aligned quad `width` pixels wide: clipped to the near and far planes in clip
    /// space and to the guard band in window space, then given back as two triangles in clip space (w = 1).
    ///
    /// The quad is flat on screen, so the vertices' interpolants carry what is linear on screen along the segment:
    /// 1/w and eye/w (`eye`: the ends' eye depths), whose ratio is the line's eye depth at a pixel, exactly, in
    /// perspective and orthographic views (shading reads it; a long grid line took its middle's depth everywhere).
    private func addLineQuad(_ l: LineBatch, segment s: Int, eye: SIMD2<Float>, viewProj: Mat4, vp: ViewportParams,
                             _ emit: (ClipVertex, ClipVertex, ClipVertex) -> Void) {
        var a = viewProj.transformPoint(l.points[2 * s]), b = viewProj.transformPoint(l.points[2 * s + 1])
        var (eyeA, eyeB) = (eye.x, eye.y)
        let sum = a + b
        guard sum.x.isFinite, sum.y.isFinite, sum.z.isFinite, sum.w.isFinite else { return }
        for plane in 0..<2 {
            let da = plane == 0 ? a.z + a.w : a.w - a.z
            let db = plane == 0 ? b.z + b.w : b.w - b.z
            if da < 0 && db < 0 { return }
            // Eye depth is affine in the clip-space parameter, as the world point is.
            if da < 0 {
                let r = da / (da - db)
                a = a + (b - a) * r
                eyeA += (eyeB - eyeA) * r
            } else if db < 0 {
                let r = db / (db - da)
                b = b + (a - b) * r
                eyeB += (eyeA - eyeB) * r
            }
        }
        guard a.w > 0, b.w > 0 else { return }
        let onScreenA = SIMD2(1 / a.w, eyeA / a.w), onScreenB = SIMD2(1 / b.w, eyeB / b.w)
        // Window pixels, GL orientation (y up), then Liang-Barsky against the guard band.
        var p0 = SIMD3(a.x / a.w * vp.hw, a.y / a.w * vp.hh, a.z / a.w)
        var p1 = SIMD3(b.x / b.w * vp.hw, b.y / b.w * vp.hh, b.z / b.w)
        let g = RasterLimits.guardBandPixels - 16
        var t0: Float = 0, t1: Float = 1
        let dlt = p1 - p0
        for (pk, qk) in [(-dlt.x, p0.x + g), (dlt.x, g - p0.x), (-dlt.y, p0.y + g), (dlt.y, g - p0.y)] {
            if pk == 0 { if qk < 0 { return } ; continue }
            let r = qk / pk
            if pk < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
        }
        if t0 > t1 { return }
        (p0, p1) = (p0 + dlt * t0, p0 + dlt * t1)
        let dx = p1.x - p0.x, dy = p1.y - p0.y
        let len = (dx * dx + dy * dy).squareRoot()
        guard len > 1e-4 else { return }
        let nx = -dy / len * l.width / 2, ny = dx / len * l.width / 2
        func cv(_ x: Float, _ y: Float, _ z: Float, _ t: Float) -> ClipVertex {
            ClipVertex(p: SIMD4(x / vp.hw, y / vp.hh, z, 1), b: onScreenA + (onScreenB - onScreenA) * t)
        }
        let c0 = cv(p0.x + nx, p0.y + ny, p0.z, t0), c1 = cv(p0.x - nx, p0.y - ny, p0.z, t0)
        let c2 = cv(p1.x + nx, p1.y + ny, p1.z, t1), c3 = cv(p1.x - nx, p1.y - ny, p1.z, t1)
        emit(c0, c1, c2)
        emit(c2, c1, c3)
    }

    private func renderTile<M: LinearColorMode>(_ tile: Int, grid: TileGrid, chunks: Int,
                                                bases: UnsafePointer<UnsafeMutablePointer<SetupTriangle>>,
                                                target: TileTarget, ctx: ShadeContext, clear: UInt32, mode: M.Type) {
        let tx = (tile % grid.columns) * grid.size, ty = (tile / grid.columns) * grid.size
        target.clear()
        for c in 0..<chunks {
            let b = bins[c]
            let s = Int(b.start[tile]), e = Int(b.start[tile + 1])
            if s == e { continue }
            let tris = bases[c]
            let items = b.items.base
            let chunkTag = UInt32(c) << Rasterizer.idShift
            for k in s..<e {
                let it = items[k]
                let t = Int(it >> 1)
                rasterTriangle(tris[t], id: chunkTag | UInt32(t + 1), full: it & 1 != 0, tileX: tx, tileY: ty,
                               target: target, draws: ctx.draws)
            }
        }
        // Shade: 8 pixels at a time; pixels showing one triangle are shaded together.
        let size = grid.size
        let rows = min(size, grid.height - ty)
        let table = SRGB.encodeTableBuffer
        let clearV = SIMD8<UInt32>(repeating: clear)
        let lanes = target.lanes
        let scratch = target.scratch
        let keepEye = ctx.keepLinearDepth
        // The fast paths below write the packed colour alone: a frame that keeps depth or linear colour shades.
        let packedOnly = !keepEye && !M.keeps
        let plane = stride * rowsAllocated
        let clearLin = clearLinear
        @inline(__always) func triAt(_ id: UInt32) -> UnsafePointer<SetupTriangle> {
            UnsafePointer(bases[Int(id >> Rasterizer.idShift)] + (Int(id & Rasterizer.idMask) - 1))
        }
        for r in 0..<rows {
            let py = ty + r
            let rowOut = color + py * stride + tx
            let rowIds = target.ids + r * size
            var gx = 0
            while gx < size {
                let idp = rowIds + gx
                var out = clearV
                var lin = SIMD8<Float>(repeating: .infinity)
                var cr = SIMD8<Float>(repeating: clearLin.x), cg = SIMD8<Float>(repeating: clearLin.y)
                var cb = SIMD8<Float>(repeating: clearLin.z), ca = SIMD8<Float>(repeating: clearLin.w)
                var pending: UInt32 = 0  // lanes showing a triangle not yet shaded
                for i in 0..<8 where idp[i] != 0 { pending |= 1 << UInt32(i) }
                // Lanes are shaded together per draw: each lane gathers its own triangle's planes and
                // attributes, so 8 pixels of 8 different small triangles cost one shading pass.
                let uniform = pending == 0xFF && idp[0] == idp[1] && idp[0] == idp[2] && idp[0] == idp[3]
                    && idp[0] == idp[4] && idp[0] == idp[5] && idp[0] == idp[6] && idp[0] == idp[7]
                if uniform {
                    lanes[0] = triAt(idp[0])
                    let tri = lanes[0].pointee
                    let d = ctx.draws + Int(tri.draw)
                    // Fast paths without the depth AOV: a constant colour is one broadcast word, and an id
                    // group one code; nothing is gathered or interpolated.
                    if packedOnly, let k = d.pointee.constantColor {
                        out = SIMD8(repeating: k)
                    } else if packedOnly, d.pointee.shading == .primitiveID, d.pointee.indices != nil {
                        out = SIMD8(repeating: primitiveCode(tri.prim))
                    } else {
                        // This group and the following ones of the row showing the same triangle, in one call.
                        var groups = 1
                        let id = SIMD8<UInt32>(repeating: idp[0])
                        while gx + 8 * groups < size {
                            let next = UnsafeRawPointer(idp + 8 * groups).loadUnaligned(as: SIMD8<UInt32>.self)
                            if (next ^ id).max() != 0 { break }
                            groups += 1
                        }
                        shadeUniformRun(lanes, draw: d, px: tx + gx, py: py, groups: groups, ctx: ctx, table: table,
                                        scratch: scratch, out: rowOut + gx, linear: hasDepth ? linear + py * stride + tx + gx : nil,
                                        color: M.keeps
                                            ? LinearColorPlanes(at: linearColor + py * stride + tx + gx, plane: plane) : nil,
                                        mode: mode)
                        if hasDepth {
                            for g in 0..<groups {
                                let z = UnsafeRawPointer(target.depth + r * size + gx + 8 * g).loadUnaligned(as: SIMD8<Float>.self)
                                UnsafeMutableRawPointer(zbuf + py * stride + tx + gx + 8 * g).storeBytes(of: z, as: SIMD8<Float>.self)
                            }
                        }
                        gx += 8 * groups
                        continue
                    }
                    pending = 0
                }
                while pending != 0 {
                    let firstTri = triAt(idp[pending.trailingZeroBitCount])
                    let drawIndex = firstTri.pointee.draw
                    var inDraw: UInt32 = 0  // lanes of this draw, as bits
                    for i in 0..<8 {
                        var t = firstTri
                        if pending & (1 << UInt32(i)) != 0 {
                            let ti = triAt(idp[i])
                            if ti.pointee.draw == drawIndex {
                                t = ti
                                inDraw |= 1 << UInt32(i)
                            }
                        }
                        lanes[i] = t
                    }
                    pending &= ~inDraw
                    let constant = packedOnly ? ctx.draws[Int(drawIndex)].constantColor : nil
                    let (c, dpt) = constant != nil
                        ? (SIMD8(repeating: constant!), SIMD8<Float>())
                        : shadeMixed(lanes, draw: ctx.draws + Int(drawIndex), px: tx + gx, py: py, ctx: ctx, table: table,
                                     scratch: scratch, mode: mode)
                    // The lane mask made in registers: loading it from 8 scalar stores stalls store forwarding.
                    let m = unsafeBitCast(nonZeroMask(SIMD8(repeating: inDraw) & SIMD8(1, 2, 4, 8, 16, 32, 64, 128)),
                                          to: SIMD8<UInt32>.self)
                    out = (c & m) | (out & ~m)
                    if hasDepth {
                        let li = unsafeBitCast(lin, to: SIMD8<UInt32>.self), di = unsafeBitCast(dpt, to: SIMD8<UInt32>.self)
                        lin = unsafeBitCast((di & m) | (li & ~m), to: SIMD8<Float>.self)
                    }
                    if M.keeps {
                        @inline(__always) func pick(_ new: SIMD8<Float>, _ old: SIMD8<Float>) -> SIMD8<Float> {
                            unsafeBitCast((unsafeBitCast(new, to: SIMD8<UInt32>.self) & m)
                                | (unsafeBitCast(old, to: SIMD8<UInt32>.self) & ~m), to: SIMD8<Float>.self)
                        }
                        let lc = UnsafeRawPointer(scratch.linearColor)
                        cr = pick(lc.loadUnaligned(as: SIMD8<Float>.self), cr)
                        cg = pick(lc.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self), cg)
                        cb = pick(lc.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self), cb)
                        ca = pick(SIMD8(repeating: 1), ca)
                    }
                }
                UnsafeMutableRawPointer(rowOut + gx).storeBytes(of: out, as: SIMD8<UInt32>.self)
                if M.keeps {
                    LinearColorPlanes(at: linearColor + py * stride + tx + gx, plane: plane).store(0, cr, cg, cb, ca)
                }
                if hasDepth {
                    UnsafeMutableRawPointer(linear + py * stride + tx + gx).storeBytes(of: lin, as: SIMD8<Float>.self)
                    let zsrc = UnsafeRawPointer(target.depth + r * size + gx).loadUnaligned(as: SIMD8<Float>.self)
                    UnsafeMutableRawPointer(zbuf + py * stride + tx + gx).storeBytes(of: zsrc, as: SIMD8<Float>.self)
                }
                gx += 8
            }
        }
    }

    // MARK: - Buffers

    private func prepareTargets(_ grid: TileGrid, keepDepth: Bool, keepColor: Bool) {
        width = grid.width
        height = grid.height
        stride = grid.columns * grid.size
        rowsAllocated = grid.rows * grid.size
        let n = stride * rowsAllocated
        if n > colorCapacity {
            color.deallocate()
            color = .allocate(capacity: n)
            colorCapacity = n
        }
        hasDepth = keepDepth
        if keepDepth && n > depthCapacity {
            zbuf.deallocate(); linear.deallocate()
            zbuf = .allocate(capacity: n); linear = .allocate(capacity: n)
            depthCapacity = n
        }
        hasLinearColor = keepColor
        if keepColor && n > linearColorCapacity {
            linearColor.deallocate()
            linearColor = .allocate(capacity: 4 * n)
            linearColorCapacity = n
        }
    }

    private func tileTargets(count: Int, size: Int) -> [TileTarget] {
        var t = targets[size] ?? []
        while t.count < count { t.append(TileTarget(size: size)) }
        targets[size] = t
        return t
    }

    private func encodeClear(_ c: SIMD4<Float>) -> UInt32 {
        let t = SRGB.encodeTable
        func q(_ v: Float) -> Int { Int((min(max(v, 0), 1) * Float((1 << SRGB.linearBits) - 1) + 0.5)) }
        let a = UInt32(min(max(c.w, 0), 1) * 255 + 0.5)
        return UInt32(t[q(c.x)]) | UInt32(t[q(c.y)]) << 8 | UInt32(t[q(c.z)]) << 16 | a << 24
    }

    // MARK: - Results

    /// The last frame as an sRGB RGBA8 image.
    public func colorImage() -> RGBA8Image {
        // Uninitialised, then every byte copied (zero-filling a 4K image first was a second pass over 33 MB), in
        // bands of rows on the frame's workers: one thread's copy was a serial 33 MB at the end of every 4K pass.
        let (w, h, from, rowStride) = (width, height, UnsafeSendable(color), stride)
        let px = [UInt8](unsafeUninitializedCapacity: w * h * 4) { dst, count in
            let to = UnsafeSendable(dst.baseAddress!)
            copyRows(h) { y in
                UnsafeMutableRawPointer(to.value + y * w * 4).copyMemory(from: from.value + y * rowStride, byteCount: w * 4)
            }
            count = w * h * 4
        }
        return RGBA8Image(width: w, height: h, pixels: px)
    }

    /// Eye-space depth along the view axis per pixel (+infinity where nothing was drawn); needs
    /// `keepLinearDepth`.
    public func linearDepthBuffer() -> [Float] { copyPlane(linear) }

    /// Window depth (0 at the near plane, 1 at the far plane and where nothing was drawn); needs `keepLinearDepth`.
    public func windowDepthBuffer() -> [Float] { copyPlane(zbuf) }

    /// The last frame in linear light, r, g, b, alpha per pixel, rows top first: each pixel's shaded colour before
    /// it was clamped and encoded to 8 bits (what `colorImage()` encodes), alpha 1 where something was drawn and
    /// the clear colour (and its alpha) elsewhere; needs `keepLinearColor` (empty without it).
    public func linearColorBuffer() -> [Float] {
        guard hasLinearColor else { return [] }
        let (w, h, from, rowStride, plane) = (width, height, UnsafeSendable(linearColor), stride, stride * rowsAllocated)
        return [Float](unsafeUninitializedCapacity: w * h * 4) { dst, count in
            let to = UnsafeSendable(dst.baseAddress!)
            copyRows(h) { y in
                let src = from.value + y * rowStride, out = to.value + y * w * 4
                for x in 0..<w {
                    out[4 * x] = src[x]
                    out[4 * x + 1] = src[plane + x]
                    out[4 * x + 2] = src[2 * plane + x]
                    out[4 * x + 3] = src[3 * plane + x]
                }
            }
            count = w * h * 4
        }
    }

    private func copyPlane(_ p: UnsafeMutablePointer<Float>) -> [Float] {
        guard hasDepth else { return [] }
        let (w, h, from, rowStride) = (width, height, UnsafeSendable(p), stride)
        return [Float](unsafeUninitializedCapacity: w * h) { dst, count in
            let to = UnsafeSendable(dst.baseAddress!)
            copyRows(h) { y in (to.value + y * w).initialize(from: from.value + y * rowStride, count: w) }
            count = w * h
        }
    }

    /// `body(y)` for rows 0..<rows, in contiguous bands on the last frame's workers (small images on one).
    private func copyRows(_ rows: Int, _ body: (Int) -> Void) {
        let bands = rows * width < 1 << 18 ? 1 : min(copyThreads, rows)
        runWorkers(bands) { b in
            for y in (b * rows / bands)..<((b + 1) * rows / bands) { body(y) }
        }
    }
}

/// A frame-lifetime copy of a small float array with a stable address.
private final class StableFloats {
    let buffer: UnsafeMutableBufferPointer<Float>
    init(_ a: [Float]) {
        buffer = .allocate(capacity: max(a.count, 1))
        _ = buffer.initialize(from: a)
    }
    var pointer: UnsafePointer<Float>? { buffer.count > 0 ? UnsafePointer(buffer.baseAddress) : nil }
    deinit { buffer.deallocate() }
}

extension SRGB {
    /// `encodeTable` at a stable address for the shading loops.
    static let encodeTableBuffer: UnsafePointer<UInt8> = {
        let t = SRGB.encodeTable
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: t.count)
        p.initialize(from: t, count: t.count)
        return UnsafePointer(p)
    }()
}
