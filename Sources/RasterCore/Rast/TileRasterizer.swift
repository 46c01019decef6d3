// TileRasterizer: visibility for one tile — coarse 8x8 blocks, then 8 pixels per step, depth test (less).

/// Tile-local depth and visibility buffers (they stay in L1/L2 while a tile is worked on).
///
/// Rasterization resolves visibility only: each pixel ends with the depth and the id (1-based, global setup
/// index) of the nearest triangle; shading runs afterwards once per visible pixel (`TileShader`), so the cost
/// of shading does not grow with overdraw.
final class TileTarget {
    let size: Int
    let depth: UnsafeMutablePointer<Float>
    let ids: UnsafeMutablePointer<UInt32>

    /// Shading scratch: the triangle of each of 8 lanes, and their gathered inputs.
    let lanes: UnsafeMutablePointer<UnsafePointer<SetupTriangle>>
    let scratch = LaneScratch()

    init(size: Int) {
        self.size = size
        depth = .allocate(capacity: size * size)
        ids = .allocate(capacity: size * size)
        lanes = .allocate(capacity: 8)
    }

    deinit {
        depth.deallocate()
        ids.deallocate()
        lanes.deallocate()
    }

    func clear() {
        depth.initialize(repeating: 1, count: size * size)
        ids.initialize(repeating: 0, count: size * size)
    }
}

/// Lane offsets 0...7 as integers and floats. Computed, so each use is a constant: stored globals are initialised
/// lazily, and every read paid a `swift_once` call (in `rasterTriangle`'s row loop, per 8 pixels).
@usableFromInline var laneI: SIMD8<Int32> { SIMD8(0, 1, 2, 3, 4, 5, 6, 7) }
@usableFromInline var laneF: SIMD8<Float> { SIMD8(0, 1, 2, 3, 4, 5, 6, 7) }

/// Rasterizes one triangle into the tile whose top-left pixel is (tileX, tileY); a cut-out's triangle (flag
/// `alphaTested`) covers only the pixels its alpha keeps (`alphaCoverage`, with its draw from `draws`).
///
/// Blocks of 8x8 pixels are tested against each edge at their extreme pixel centres (Int64): outside one edge
/// → skipped; inside all three → depth only; otherwise per-pixel edge tests in Int32 lanes, exact because an
/// edge crossing a block has |e| < 2^28 there (see `RasterLimits`). Coverage and the depth test are sign bits:
/// no SIMD masks, which Swift 6.3 lowers to scalar code.
@inline(__always)
func rasterTriangle(_ tri: SetupTriangle, id: UInt32, full: Bool, tileX: Int, tileY: Int, target: TileTarget,
                    draws: UnsafePointer<DrawShading>) {
    let size = target.size
    let depthTest = tri.flags & SetupTriangle.noDepthTest == 0
    let depthWrite = tri.flags & SetupTriangle.noDepthWrite == 0
    let cutout = tri.flags & SetupTriangle.alphaTested != 0
    let x0 = max(tileX, Int(tri.minX)) & ~7, x1 = min(tileX + size - 1, Int(tri.maxX))
    let y0 = max(tileY, Int(tri.minY)) & ~7, y1 = min(tileY + size - 1, Int(tri.maxY))
    let idv = SIMD8<UInt32>(repeating: id)
    let zdxv = SIMD8<Float>(repeating: tri.zdx)
    let zBase = SIMD8<Float>(repeating: tri.zRef)
    let refX = Int(tri.minX), refY = Int(tri.minY)

    @inline(__always) func depthRow(_ px: Int, _ py: Int, _ cover: SIMD8<Int32>) {
        // z at the 8 pixel centres: z = ref + dzdx (px - minX) + dzdy (py - minY), the same formula for every
        // pixel whatever the tile size, so results are bit-identical across tile sizes and thread counts.
        let fx = SIMD8<Float>(repeating: Float(px - refX)) + laneF
        let z = zBase + zdxv * fx + SIMD8<Float>(repeating: tri.zdy * Float(py - refY))
        var zi = unsafeBitCast(z, to: SIMD8<Int32>.self)
        zi &= ~(zi &>> 31)  // negative (and -0.0) → +0.0
        let o = (py - tileY) * size + (px - tileX)
        let dp = UnsafeMutableRawPointer(target.depth + o)
        let ip = UnsafeMutableRawPointer(target.ids + o)
        let zb = dp.loadUnaligned(as: SIMD8<Int32>.self)
        // Non-negative floats order like their bit patterns: z < zb ⟺ sign(zi - zb).
        var pass = depthTest ? cover & ((zi &- zb) &>> 31) : cover
        // A cut-out's pixels that pass the depth test also need its alpha (`alphaCoverage`); hidden ones skip it.
        if cutout {
            guard anyLane(pass) else { return }
            pass &= alphaCoverage(tri, draw: draws + Int(tri.draw), px: px, py: py, scratch: target.scratch.samplerWork)
        }
        if depthWrite { dp.storeBytes(of: (zi & pass) | (zb & ~pass), as: SIMD8<Int32>.self) }
        let ib = ip.loadUnaligned(as: SIMD8<UInt32>.self)
        let pm = unsafeBitCast(pass, to: SIMD8<UInt32>.self)
        ip.storeBytes(of: (idv & pm) | (ib & ~pm), as: SIMD8<UInt32>.self)
    }

    let all = SIMD8<Int32>(repeating: -1)
    if full {
        for py in tileY..<(tileY + size) {
            for px in stride(from: tileX, to: tileX + size, by: 8) { depthRow(px, py, all) }
        }
        return
    }
    let a0 = Int64(tri.a0), a1 = Int64(tri.a1), a2 = Int64(tri.a2)
    let b0 = Int64(tri.b0), b1 = Int64(tri.b1), b2 = Int64(tri.b2)
    let ext: Int64 = 7
    let a0x = max(a0, 0) * ext, a1x = max(a1, 0) * ext, a2x = max(a2, 0) * ext
    let b0x = max(b0, 0) * ext, b1x = max(b1, 0) * ext, b2x = max(b2, 0) * ext
    let a0n = min(a0, 0) * ext, a1n = min(a1, 0) * ext, a2n = min(a2, 0) * ext
    let b0n = min(b0, 0) * ext, b1n = min(b1, 0) * ext, b2n = min(b2, 0) * ext
    let av0 = SIMD8<Int32>(repeating: tri.a0) &* laneI
    let av1 = SIMD8<Int32>(repeating: tri.a1) &* laneI
    let av2 = SIMD8<Int32>(repeating: tri.a2) &* laneI
    var by = y0
    while by <= y1 {
        let rowEnd = min(by + 7, y1)
        var bx = x0
        while bx <= x1 {
            let x = Int64(bx), y = Int64(by)
            let e0 = a0 * x + b0 * y + tri.c0
            let e1 = a1 * x + b1 * y + tri.c1
            let e2 = a2 * x + b2 * y + tri.c2
            if e0 + a0x + b0x < 0 || e1 + a1x + b1x < 0 || e2 + a2x + b2x < 0 { bx += 8; continue }
            let in0 = e0 + a0n + b0n >= 0, in1 = e1 + a1n + b1n >= 0, in2 = e2 + a2n + b2n >= 0
            if in0 && in1 && in2 {
                for py in by...rowEnd { depthRow(bx, py, all) }
                bx += 8
                continue
            }
            // Edges already satisfied over the whole block contribute a constant "inside" (0).
            var r0 = in0 ? SIMD8<Int32>() : SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: e0)) &+ av0
            var r1 = in1 ? SIMD8<Int32>() : SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: e1)) &+ av1
            var r2 = in2 ? SIMD8<Int32>() : SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: e2)) &+ av2
            let s0 = SIMD8<Int32>(repeating: in0 ? 0 : tri.b0)
            let s1 = SIMD8<Int32>(repeating: in1 ? 0 : tri.b1)
            let s2 = SIMD8<Int32>(repeating: in2 ? 0 : tri.b2)
            for py in by...rowEnd {
                let cover = ~(r0 | r1 | r2) &>> 31
                if anyLane(cover) { depthRow(bx, py, cover) }
                r0 &+= s0; r1 &+= s1; r2 &+= s2
            }
            bx += 8
        }
        by += 8
    }
}
