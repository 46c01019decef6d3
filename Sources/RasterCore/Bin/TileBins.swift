// TileBins: one setup worker's triangles and their per-tile bins, in submission order.

/// The output of one front-end worker: its setup triangles, and for every tile the triangles that touch it.
///
/// Binning appends (tile, triangle) pairs while setup runs; `sortByTile` then counting-sorts them into one list
/// per tile (stable, so each list keeps submission order). The rasterizer reads the bins of all workers in
/// worker order, which is submission order: the picture cannot depend on how the work was split.
final class TileBins {
    let tris = GrowBuffer<SetupTriangle>(capacity: 4096)
    /// The worker's setup batch (8 triangles in SIMD lanes), reused.
    let batch = TriangleBatch()
    /// (tile << 32) | (triangle << 1) | fullTileFlag, in binning order.
    let pairs = GrowBuffer<UInt64>(capacity: 8192)
    /// Per tile, the range of `items` that is its bin: items[start[t] ..< start[t + 1]].
    private(set) var start: UnsafeMutablePointer<Int32>
    private var tileCapacity: Int
    /// (triangle << 1) | fullTileFlag, grouped by tile.
    let items = GrowBuffer<UInt32>(capacity: 8192)

    init(tiles: Int) {
        tileCapacity = max(tiles, 1)
        start = .allocate(capacity: tileCapacity + 1)
    }

    deinit { start.deallocate() }

    func reset(tiles: Int) {
        if tiles > tileCapacity {
            start.deallocate()
            tileCapacity = tiles
            start = .allocate(capacity: tiles + 1)
        }
        tris.reset()
        pairs.reset()
        items.reset()
    }

    /// Bins triangle `t` into the tiles it touches: a tile is skipped when it lies wholly outside one edge,
    /// and flagged "full" when wholly inside all three (the rasterizer then skips edge tests there). Rows of
    /// tiles stop once the walk leaves the triangle (it is convex), so long slivers touch few tiles.
    @inline(__always)
    func bin(_ t: Int, _ tri: SetupTriangle, grid: TileGrid) {
        let s = grid.shift
        let tx0 = Int(tri.minX) >> s, tx1 = Int(tri.maxX) >> s
        let ty0 = Int(tri.minY) >> s, ty1 = Int(tri.maxY) >> s
        let tag = UInt64(t) << 1
        if tx0 == tx1 && ty0 == ty1 {
            pairs.append(UInt64(ty0 * grid.columns + tx0) << 32 | tag)
            return
        }
        let size = grid.size
        let a0 = Int64(tri.a0), a1 = Int64(tri.a1), a2 = Int64(tri.a2)
        let b0 = Int64(tri.b0), b1 = Int64(tri.b1), b2 = Int64(tri.b2)
        let ax0 = max(a0, 0), ax1 = max(a1, 0), ax2 = max(a2, 0)
        let bx0 = max(b0, 0), bx1 = max(b1, 0), bx2 = max(b2, 0)
        let an0 = min(a0, 0), an1 = min(a1, 0), an2 = min(a2, 0)
        let bn0 = min(b0, 0), bn1 = min(b1, 0), bn2 = min(b2, 0)
        let minX = Int(tri.minX), maxX = Int(tri.maxX), minY = Int(tri.minY), maxY = Int(tri.maxY)
        for ty in ty0...ty1 {
            let tileY0 = ty << s, tileY1 = min(tileY0 + size - 1, grid.height - 1)
            let ry0 = max(tileY0, minY), ry1 = min(tileY1, maxY)
            let dy = Int64(ry1 - ry0)
            var entered = false
            for tx in tx0...tx1 {
                let tileX0 = tx << s, tileX1 = min(tileX0 + size - 1, grid.width - 1)
                let rx0 = max(tileX0, minX), rx1 = min(tileX1, maxX)
                let dx = Int64(rx1 - rx0)
                let x = Int64(rx0), y = Int64(ry0)
                let e0 = a0 * x + b0 * y + tri.c0
                let e1 = a1 * x + b1 * y + tri.c1
                let e2 = a2 * x + b2 * y + tri.c2
                if e0 + ax0 * dx + bx0 * dy < 0 || e1 + ax1 * dx + bx1 * dy < 0 || e2 + ax2 * dx + bx2 * dy < 0 {
                    if entered { break }
                    continue
                }
                entered = true
                var full: UInt64 = 0
                if rx0 == tileX0 && rx1 == tileX1 && ry0 == tileY0 && ry1 == tileY1
                    && e0 + an0 * dx + bn0 * dy >= 0 && e1 + an1 * dx + bn1 * dy >= 0
                    && e2 + an2 * dx + bn2 * dy >= 0 {
                    full = 1
                }
                pairs.append(UInt64(ty * grid.columns + tx) << 32 | tag | full)
            }
        }
    }

    /// Groups the pairs by tile (stable counting sort).
    func sortByTile(tiles: Int) {
        for i in 0...tiles { start[i] = 0 }
        let n = pairs.count
        for i in 0..<n { start[Int(pairs[i] >> 32) + 1] += 1 }
        for i in 0..<tiles { start[i + 1] += start[i] }
        items.reserve(n)
        items.setCount(n)
        // Scatter with a moving cursor per tile; restore `start` afterwards.
        for i in 0..<n {
            let p = pairs[i]
            let tile = Int(p >> 32)
            items[Int(start[tile])] = UInt32(truncatingIfNeeded: p)
            start[tile] += 1
        }
        var prev: Int32 = 0
        for i in 0..<tiles {
            let end = start[i]
            start[i] = prev
            prev = end
        }
        start[tiles] = prev
    }
}

/// The screen cut into square tiles.
struct TileGrid {
    let width: Int, height: Int
    let size: Int, shift: Int
    let columns: Int, rows: Int
    var count: Int { columns * rows }

    init(width: Int, height: Int, tileSize: Int) {
        self.width = width
        self.height = height
        size = tileSize
        shift = tileSize.trailingZeroBitCount
        columns = (width + tileSize - 1) / tileSize
        rows = (height + tileSize - 1) / tileSize
    }
}
