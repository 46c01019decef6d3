// WallCanvas: what every LED pixel shows for one frame: the inner frustum where the camera looks, the outer frustum
// elsewhere, blended across a soft edge — the image the LED processors would be sent.

import Dispatch
import Geometry
import Imaging
import RasterCore
import SceneModel

/// The camera's view of the virtual world, widened by the overscan, and how to find a world point in it.
public struct InnerFrustum: Sendable {
    public let camera: ShotCamera
    public let overscan: Double
    /// The virtual world rendered through the widened frustum.
    public let image: LinearImage
    let viewProjection: RowMatrix
    /// Shown keyed (the key colour and its markers) instead of the virtual world; nil: the world.
    public var key: ChromaKey?

    public init(camera: ShotCamera, overscan: Double, image: LinearImage, view: ViewSetup, key: ChromaKey? = nil) {
        self.camera = camera
        self.overscan = overscan
        self.image = image
        viewProjection = RowMatrix(view.projection * view.view)
        self.key = key
    }

    /// The render size for an output image of `width` x `height`: the same pixel density, widened by the overscan.
    public static func renderSize(width: Int, height: Int, overscan: Double) -> (width: Int, height: Int) {
        (Int((Double(width) * (1 + overscan)).rounded()), Int((Double(height) * (1 + overscan)).rounded()))
    }
}

/// The canvas of every LED surface at one frame, as a function of the LED pixel: the outer frustum, light cards
/// under the inner frusta, every tracked camera's inner frustum in priority order (keyed where a camera is keyed,
/// or where frusta overlap when the stage keys overlaps), and light cards over everything.
public final class WallCanvas: @unchecked Sendable {
    public let surfaces: [LEDSurface]
    let traced: [TracedSurface]
    /// Every camera's inner frustum, highest priority first (drawn last, on top).
    public let inners: [InnerFrustum]
    /// The inner frustum of the camera being viewed (set extension continues it), nil without one.
    public let inner: InnerFrustum?
    public let outer: OuterFrustum
    public let overlap: FrustumOverlap
    public let cards: [LightCard]
    /// Soft edge width in normalised inner-frustum units (2 = the whole width).
    let edge: Float

    /// A canvas from the inner frustum (nil: outer frustum only, as between takes) and the outer frustum. The soft
    /// edge is kept inside the overscan band (at most `XRSettings.maxSoftEdge(overscan:)`): the feather ends at the
    /// camera frame's border, so every pixel the camera records is inner frustum.
    public convenience init(surfaces: [LEDSurface], inner: InnerFrustum?, outer: OuterFrustum, softEdge: Double) {
        self.init(surfaces: surfaces, inners: inner.map { [$0] } ?? [], viewing: 0, outer: outer, softEdge: softEdge)
    }

    /// A canvas from several cameras' inner frusta, `inners` highest priority first, of which `viewing` is the
    /// camera being viewed; `overlap` resolves frusta that overlap; `cards` are light cards (those naming a surface
    /// not in `surfaces` are left out).
    public init(surfaces: [LEDSurface], inners: [InnerFrustum], viewing: Int?, outer: OuterFrustum, softEdge: Double,
                overlap: FrustumOverlap = .priority, cards: [LightCard] = []) {
        self.surfaces = surfaces
        traced = surfaces.map(TracedSurface.init)
        self.inners = inners
        inner = viewing.flatMap { inners.indices.contains($0) ? inners[$0] : nil }
        self.outer = outer
        self.overlap = overlap
        self.cards = cards
        let band = inners.map { XRSettings.maxSoftEdge(overscan: $0.overscan) }.min() ?? 0
        edge = Float(2 * min(max(0, softEdge), band))
    }

    /// The weight of the inner frustum at normalised inner coordinates: 1 inside, easing (smoothstep) to 0 over the
    /// soft edge at the border, 0 outside.
    @inline(__always) static func innerWeight(_ nx: Float, _ ny: Float, edge: Float) -> Float {
        let d = min(1 - abs(nx), 1 - abs(ny))
        if !(d > 0) { return 0 }
        if edge <= 0 || d >= edge { return 1 }
        let x = d / edge
        return x * x * (3 - 2 * x)
    }

    /// Runs `body` with a sampler of this canvas made of plain values and raw pointers (no reference counting in
    /// per-pixel loops, which would make worker threads contend), valid during the call.
    func withSampler<R>(_ body: (CanvasSampler) -> R) -> R {
        withExtendedLifetime(self) {
            let o = outer
            // The inner images' storage lives as long as `self`, which holds the frusta: their pointers stay valid.
            func layer(_ f: InnerFrustum) -> InnerLayer { InnerLayer(f, pixels: f.image.unsafePixels) }
            let layers = inners.reversed().map(layer)   // lowest priority first: drawn first
            let cardLayers = cards.compactMap { c -> CardLayer? in
                guard let i = surfaces.firstIndex(where: { $0.name == c.surface }) else { return nil }
                return CardLayer(c, surface: i)
            }
            var key: (Float, Float, Float)?
            if case .key(let k) = overlap {
                let l = SRGB.decode(k)
                key = (l.x, l.y, l.z)
            }
            let viewed = inner.map(layer)
            return layers.withUnsafeBufferPointer { lp in
                cardLayers.withUnsafeBufferPointer { cp in
                    body(CanvasSampler(layers: lp, viewed: viewed, edge: edge, overlapKey: key, cards: cp,
                                       outer: o.texels.baseAddress!, os: o.size, ox: o.origin.x, oy: o.origin.y,
                                       oz: o.origin.z))
                }
            }
        }
    }

    /// Surface `index`'s canvas as an sRGB image `width` x `height` (its native LED resolution when nil): each
    /// output pixel shows the LED pixel under its centre, the colour `color(led:...)` gives it (so the in-camera
    /// composite, which colours LED pixels the same way, shows the same colours).
    ///
    /// A row's LED pixels are coloured together by `CanvasSampler.colours` (eight at a time where they show one
    /// inner frustum at full weight, the rest one by one) and encoded eight at a time by the composite's sRGB sink:
    /// the same floats and bytes as colouring and encoding each pixel alone.
    public func image(surface index: Int, width: Int? = nil, height: Int? = nil, threads: Int = 1) -> RGBA8Image {
        let s = traced[index]
        let w = width ?? s.pixelsW, h = height ?? s.pixelsH
        var out = RGBA8Image(width: w, height: h)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            SRGB.encodeTable.withUnsafeBufferPointer { t in
                let sink = InCameraPass.SRGB8Sink(pixels: dst.baseAddress!, table: t.baseAddress!)
                let dstBox = UnsafeSendable(dst.baseAddress!)
                forEachRow(surface: index, width: w, height: h, threads: threads) { y, colours, fresh, made in
                    let row = UnsafeMutableRawPointer(dstBox.value + y * w * 4)
                    sink.pixels(fresh: fresh, count: w, colours: colours, into: made)
                    for x in 0..<w { row.storeBytes(of: made[x].littleEndian, toByteOffset: 4 * x, as: UInt32.self) }
                }
            }
        }
        return out
    }

    /// `image(surface:...)` in linear light: the LED pixels' colours as floats, r, g, b, alpha (1) per pixel, rows top
    /// first, never encoded to 8 bits (scene-linear outputs of a surface's canvas).
    public func linearImage(surface index: Int, width: Int? = nil, height: Int? = nil, threads: Int = 1) -> [Float] {
        let s = traced[index]
        let w = width ?? s.pixelsW, h = height ?? s.pixelsH
        var out = [Float](repeating: 1, count: w * h * 4)
        out.withUnsafeMutableBufferPointer { dst in
            let dstBox = UnsafeSendable(dst.baseAddress!)
            forEachRow(surface: index, width: w, height: h, threads: threads) { y, colours, _, _ in
                let row = dstBox.value + y * w * 4
                for x in 0..<w { (row[4 * x], row[4 * x + 1], row[4 * x + 2]) = colours[x] }
            }
        }
        return out
    }

    /// Surface `index`'s LED colours for an output `w` x `h`, row by row: `row(y, colours, fresh, scratch)` gets
    /// entry x of `colours` for output pixel x of row y (the LED pixel under its centre), `fresh` the indices 0..<w
    /// and a band's scratch of `w` words; rows are split into bands over `threads`, each row coloured once.
    private func forEachRow(surface index: Int, width w: Int, height h: Int, threads: Int,
                            _ row: (Int, LEDColours, UnsafePointer<Int32>, UnsafeMutablePointer<UInt32>) -> Void) {
        let s = traced[index]
        // LED pixel of each output column and row.
        let cols = (0..<w).map { Int32(min(s.pixelsW - 1, Int((Double($0) + 0.5) * Double(s.pixelsW) / Double(w)))) }
        let rows = (0..<h).map { Int32(min(s.pixelsH - 1, Int((Double($0) + 0.5) * Double(s.pixelsH) / Double(h)))) }
        // Centre tables for this surface only (`colours` indexes them by surface).
        let centres = UnsafeMutablePointer<LEDPixelCentres>.allocate(capacity: traced.count)
        for k in traced.indices { (centres + k).initialize(to: k == index ? LEDPixelCentres(s) : .none) }
        defer {
            centres[index].deallocate()
            centres.deallocate()
        }
        let centresBox = UnsafeSendable(centres)
        traced.withUnsafeBufferPointer { tracedBuf in
            let surfaces = UnsafeSendable(tracedBuf.baseAddress!)
            withSampler { sampler in
                let bands = bandCount(threads: threads, rows: h)
                runWorkers(bands) { band in
                    let leds = UnsafeMutablePointer<LEDPixel>.allocate(capacity: w)
                    let fresh = UnsafeMutablePointer<Int32>.allocate(capacity: w)
                    let columns = UnsafeMutablePointer<Float>.allocate(capacity: 3 * (w + 16))
                    let colours = LEDColours(r: columns, g: columns + (w + 16), b: columns + 2 * (w + 16))
                    let made = UnsafeMutablePointer<UInt32>.allocate(capacity: w)
                    let lanes = LaneBilinear()
                    defer {
                        leds.deallocate(); fresh.deallocate(); columns.deallocate(); made.deallocate()
                        lanes.deallocate()
                    }
                    for x in 0..<w { fresh[x] = Int32(x) }
                    var y = band
                    while y < h {
                        if s.isMesh {
                            // A mesh's LED pixels its UVs do not reach do not exist: black. The others one by one (its
                            // centres are not in tables).
                            for x in 0..<w {
                                colours[x] = s.meshPoint(column: Int(cols[x]), row: Int(rows[y])).map { p in
                                    sampler.color(p.0, p.1, p.2, surface: index, u: (Float(cols[x]) + 0.5) / s.pxPerM,
                                                  v: (Float(rows[y]) + 0.5) / s.pyPerM)
                                } ?? (0, 0, 0)
                            }
                        } else {
                            for x in 0..<w { leds[x] = LEDPixel(surface: Int32(index), i: cols[x], j: rows[y]) }
                            sampler.colours(count: w, leds: leds, surfaces: surfaces.value, centres: centresBox.value,
                                            lanes: lanes, into: colours)
                        }
                        row(y, colours, fresh, made)
                        y += bands
                    }
                }
            }
        }
    }

    /// The mean linear colour of a rectangle of surface `index`'s canvas (canvas metres): what that part of the wall
    /// emits on average, from `samples` x `samples` cells, each the LED pixel at its centre, except the cells a light
    /// card's box reaches. There the LED pixels inside the cards' box (`cardBox`) are averaged, all of them up to 32
    /// a side, else 32 x 32 spread evenly, and weighed by their count against the rest of the cell, the strips around
    /// the box, each by its middle pixel. So a card lights the set by its LED pixels wherever it sits, at a cost
    /// bounded by the cells it reaches: between the coarse samples it lit nothing, on one it counted as a whole cell.
    public func meanColor(surface index: Int, u: ClosedRange<Double>, v: ClosedRange<Double>, samples: Int = 8) -> SIMD3<Float> {
        let s = traced[index]
        var sum = SIMD3<Float>(repeating: 0)
        let cw = (u.upperBound - u.lowerBound) / Double(samples), ch = (v.upperBound - v.lowerBound) / Double(samples)
        withSampler { sampler in
            @inline(__always) func led(column col: Int, row: Int) -> SIMD3<Float> {
                let (px, py, pz) = s.point(column: col, row: row)
                let (r, g, b) = sampler.color(px, py, pz, surface: index, u: (Float(col) + 0.5) / s.pxPerM,
                                              v: (Float(row) + 0.5) / s.pyPerM)
                return SIMD3(r, g, b)
            }
            @inline(__always) func led(_ uu: Double, _ vv: Double) -> SIMD3<Float> {
                led(column: min(s.pixelsW - 1, Int(uu * Double(s.pxPerM))), row: min(s.pixelsH - 1, Int(vv * Double(s.pyPerM))))
            }
            // LED pixels whose centres lie in [a, b) metres along an axis of n pixels, `perM` a metre.
            func pixels(_ a: Double, _ b: Double, _ perM: Float, _ n: Int) -> Range<Int> {
                let lo = max(0, Int((a * Double(perM) - 0.5).rounded(.up))), hi = min(n, Int((b * Double(perM) - 0.5).rounded(.up)))
                return lo..<max(lo, hi)
            }
            // Up to 32 of `r`, spread evenly (all of them when it holds at most 32).
            func spread(_ r: Range<Int>) -> [Int] {
                r.count <= 32 ? Array(r) : (0..<32).map { r.lowerBound + (2 * $0 + 1) * r.count / 64 }
            }
            for j in 0..<samples {
                for i in 0..<samples {
                    let u0 = u.lowerBound + Double(i) * cw, v0 = v.lowerBound + Double(j) * ch
                    let uu = u.lowerBound + (Double(i) + 0.5) / Double(samples) * (u.upperBound - u.lowerBound)
                    let vv = v.lowerBound + (Double(j) + 0.5) / Double(samples) * (v.upperBound - v.lowerBound)
                    let cellCols = pixels(u0, u0 + cw, s.pxPerM, s.pixelsW), cellRows = pixels(v0, v0 + ch, s.pyPerM, s.pixelsH)
                    guard let box = Self.cardBox(sampler.cards, surface: index, u: u0...(u0 + cw), v: v0...(v0 + ch)),
                          !cellCols.isEmpty, !cellRows.isEmpty else {
                        sum += led(uu, vv)
                        continue
                    }
                    let boxCols = pixels(box.u.lowerBound, box.u.upperBound, s.pxPerM, s.pixelsW).clamped(to: cellCols)
                    let boxRows = pixels(box.v.lowerBound, box.v.upperBound, s.pyPerM, s.pixelsH).clamped(to: cellRows)
                    var inBox = SIMD3<Float>(repeating: 0)
                    let cols = spread(boxCols), rows = spread(boxRows)
                    for r in rows { for c in cols { inBox += led(column: c, row: r) } }
                    if !cols.isEmpty && !rows.isEmpty { inBox /= Float(cols.count * rows.count) }
                    // The rest of the cell, as up to four strips around the box (left and right full height, above
                    // and below the box's width), each by its middle LED pixel, weighed by its pixels. A box that
                    // holds no LED pixel's centre is none: the whole cell is one strip.
                    var cell = inBox * Float(boxCols.count * boxRows.count)
                    func strip(_ c: Range<Int>, _ r: Range<Int>) {
                        guard !c.isEmpty, !r.isEmpty else { return }
                        cell += led(column: (c.lowerBound + c.upperBound) / 2, row: (r.lowerBound + r.upperBound) / 2)
                            * Float(c.count * r.count)
                    }
                    let hollow = boxCols.isEmpty || boxRows.isEmpty
                    let inCols = hollow ? cellCols.lowerBound..<cellCols.lowerBound : boxCols
                    let inRows = hollow ? cellRows.lowerBound..<cellRows.lowerBound : boxRows
                    strip(cellCols.lowerBound..<inCols.lowerBound, cellRows)
                    strip(inCols.upperBound..<cellCols.upperBound, cellRows)
                    strip(inCols, cellRows.lowerBound..<inRows.lowerBound)
                    strip(inCols, inRows.upperBound..<cellRows.upperBound)
                    sum += cell / Float(cellCols.count * cellRows.count)
                }
            }
        }
        return sum / Float(samples * samples)
    }

    /// The box (canvas metres) around the boxes of the light cards on `surface` that reach a cell, clipped to it; nil
    /// when none reaches it.
    static func cardBox(_ cards: UnsafeBufferPointer<CardLayer>, surface: Int, u: ClosedRange<Double>,
                        v: ClosedRange<Double>) -> (u: ClosedRange<Double>, v: ClosedRange<Double>)? {
        var lo = SIMD2<Double>(repeating: .infinity), hi = SIMD2<Double>(repeating: -.infinity)
        for c in cards where c.surface == surface {
            let h = c.size / 2
            guard c.centre.x + h.x > u.lowerBound, c.centre.x - h.x < u.upperBound,
                  c.centre.y + h.y > v.lowerBound, c.centre.y - h.y < v.upperBound else { continue }
            lo = pointwiseMin(lo, c.centre - h)
            hi = pointwiseMax(hi, c.centre + h)
        }
        guard lo.x <= hi.x else { return nil }
        return (max(lo.x, u.lowerBound)...min(hi.x, u.upperBound), max(lo.y, v.lowerBound)...min(hi.y, v.upperBound))
    }
}

/// One inner frustum as the sampler reads it: its matrix and pixels, and its key.
struct InnerLayer {
    let m: RowMatrix
    let pixels: LinearPixels
    let iw: Int, ih: Int
    let keyed: Bool
    let key: (Float, Float, Float)
    let markers: Bool
    let marker: (Float, Float, Float)
    let markerHalf: Float, spacing: Float

    init(_ f: InnerFrustum, pixels: LinearPixels) {
        m = f.viewProjection
        self.pixels = pixels
        iw = f.image.width
        ih = f.image.height
        keyed = f.key != nil
        let k = SRGB.decode(f.key?.color ?? [0, 0, 0])
        key = (k.x, k.y, k.z)
        let mk = f.key?.markers
        markers = mk != nil
        let mc = SRGB.decode(mk?.color ?? [0, 0, 0])
        marker = (mc.x, mc.y, mc.z)
        markerHalf = Float((mk?.sizeM ?? 0) / 2)
        spacing = Float(mk?.spacingM ?? 1)
    }

    /// Normalised frustum coordinates of a studio point, nil behind the camera.
    @inline(__always) func project(_ x: Float, _ y: Float, _ z: Float) -> (Float, Float)? {
        let (cx, cy, cw) = m.xyw(x, y, z)
        guard cw > 0 else { return nil }
        let rw = 1 / cw
        return (cx * rw, cy * rw)
    }

    /// What this frustum shows at normalised (nx, ny), on the wall at canvas (u, v) metres (for the markers).
    @inline(__always) func color(_ nx: Float, _ ny: Float, u: Float, v: Float) -> (Float, Float, Float) {
        guard keyed else {
            return pixels.bilinear((nx + 1) * 0.5 * Float(iw), (1 - ny) * 0.5 * Float(ih))
        }
        if markers {
            // Distance from the nearest marker centre (centres at half a spacing, then every spacing).
            let du = abs(u - ((u / spacing).rounded(.down) + 0.5) * spacing)
            let dv = abs(v - ((v / spacing).rounded(.down) + 0.5) * spacing)
            if du <= markerHalf && dv <= markerHalf { return marker }
        }
        return key
    }
}

/// One light card on one surface as the sampler reads it: plain values only, so the per-pixel loops copy no card (a
/// `LightCard` holds strings: each copy was reference counting, 4% of a 4K in-camera frame).
struct CardLayer {
    let surface: Int
    let color: (Float, Float, Float)
    let over: Bool
    let ellipse: Bool
    let centre: SIMD2<Double>, size: SIMD2<Double>
    let feather: Double

    init(_ c: LightCard, surface: Int) {
        self.surface = surface
        let l = SRGB.decode(c.color) * Float(max(0, c.intensity))
        color = (l.x, l.y, l.z)
        over = c.mode == .over
        ellipse = c.shape == .ellipse
        centre = c.centreM
        size = c.sizeM
        feather = c.feather
    }

    /// `LightCard.coverage(u:v:)` on these values: the same operations in the same order, so the same result
    /// (`CardLayerTests` checks them against each other).
    @inline(__always) func coverage(u: Double, v: Double) -> Double {
        let dx = abs(u - centre.x) / (size.x / 2), dy = abs(v - centre.y) / (size.y / 2)
        // Outside the card's box d >= 1 for both shapes (dx >= 1 gives dx * dx >= 1, so the root is >= 1): most LED
        // pixels end here without the square root.
        if dx >= 1 || dy >= 1 { return 0 }
        let d = ellipse ? (dx * dx + dy * dy).squareRoot() : max(dx, dy)
        if d >= 1 { return 0 }
        let f = min(max(feather, 0), 1)
        if f == 0 || d <= 1 - f { return 1 }
        let x = (1 - d) / f
        return x * x * (3 - 2 * x)
    }
}

/// What an LED pixel shows, as plain values: the inner frusta's matrices and pixels, the soft edge, the overlap
/// key, the light cards and the outer cube.
struct CanvasSampler: @unchecked Sendable {
    /// Inner frusta, lowest priority first.
    let layers: UnsafeBufferPointer<InnerLayer>
    /// The viewed camera's frustum (set extension), nil without one.
    let viewed: InnerLayer?
    let edge: Float
    /// The overlap's key colour (linear) when overlaps are keyed.
    let overlapKey: (Float, Float, Float)?
    let cards: UnsafeBufferPointer<CardLayer>
    let outer: UnsafeMutablePointer<Float>
    let os: Int
    let ox: Float, oy: Float, oz: Float

    var hasInner: Bool { !layers.isEmpty }

    /// Linear RGB at a studio-space point on LED surface `surface`, at canvas (u, v) metres: the outer frustum seen
    /// from the view origin, light cards `under` over it, each inner frustum from the lowest priority up (weight 1
    /// inside, easing to 0 across the soft edge; keyed frusta show their key and markers), the overlap key where two
    /// frusta both reach when overlaps are keyed, and light cards `over` on top.
    @inline(__always)
    func color(_ x: Float, _ y: Float, _ z: Float, surface: Int, u: Float, v: Float) -> (Float, Float, Float) {
        // One camera and no cards (the common case): the inner frustum alone where it has full weight.
        if layers.count <= 1 && cards.isEmpty {
            var wIn: Float = 0
            var c: (Float, Float, Float) = (0, 0, 0)
            if let l = layers.first, let (nx, ny) = l.project(x, y, z) {
                wIn = WallCanvas.innerWeight(nx, ny, edge: edge)
                if wIn > 0 { c = l.color(nx, ny, u: u, v: v) }
            }
            if wIn >= 1 { return c }
            let o = OuterFrustum.sample(outer, os, x - ox, y - oy, z - oz)
            return (c.0 * wIn + o.0 * (1 - wIn), c.1 * wIn + o.1 * (1 - wIn), c.2 * wIn + o.2 * (1 - wIn))
        }
        // Each frustum's weight first: a frustum at full weight shows exactly its own colour and hides the outer
        // frustum, the `under` cards and the frusta below it, so those are not sampled (the outer cube was half the
        // cost of an in-camera LED pixel). The overlap key still counts every frustum that reaches the point.
        var reached = 0
        var strongest: Float = 0, second: Float = 0
        var top = -1  // the highest-priority frustum at full weight
        var c: (Float, Float, Float) = (0, 0, 0)
        let n = layers.count
        withUnsafeTemporaryAllocation(of: (Float, Float, Float).self, capacity: max(1, n)) { nw in
            for k in 0..<n {
                nw[k] = (0, 0, 0)
                guard let (nx, ny) = layers[k].project(x, y, z) else { continue }
                let w = WallCanvas.innerWeight(nx, ny, edge: edge)
                guard w > 0 else { continue }
                nw[k] = (nx, ny, w)
                reached += 1
                if w > strongest { second = strongest; strongest = w } else if w > second { second = w }
                if w >= 1 { top = k }
            }
            if top >= 0 {
                c = layers[top].color(nw[top].0, nw[top].1, u: u, v: v)
            } else {
                c = OuterFrustum.sample(outer, os, x - ox, y - oy, z - oz)
                for k in 0..<cards.count where !cards[k].over && cards[k].surface == surface { c = blend(c, k, u, v) }
            }
            for k in (top + 1)..<n where nw[k].2 > 0 {
                let f = layers[k].color(nw[k].0, nw[k].1, u: u, v: v), w = nw[k].2
                c = w >= 1 ? f : (c.0 + (f.0 - c.0) * w, c.1 + (f.1 - c.1) * w, c.2 + (f.2 - c.2) * w)
            }
        }
        if reached >= 2, let k = overlapKey {
            // Keyed as far as the weaker of the two strongest frusta reaches: inside both, exactly the key.
            c = (c.0 + (k.0 - c.0) * second, c.1 + (k.1 - c.1) * second, c.2 + (k.2 - c.2) * second)
        }
        for k in 0..<cards.count where cards[k].over && cards[k].surface == surface { c = blend(c, k, u, v) }
        return c
    }

    /// `c` under card `k`'s colour by its coverage at canvas (u, v).
    @inline(__always) func blend(_ c: (Float, Float, Float), _ k: Int, _ u: Float, _ v: Float) -> (Float, Float, Float) {
        let a = Float(cards[k].coverage(u: Double(u), v: Double(v)))
        guard a > 0 else { return c }
        let col = cards[k].color
        return (c.0 + (col.0 - c.0) * a, c.1 + (col.1 - c.1) * a, c.2 + (col.2 - c.2) * a)
    }

    /// The viewed camera's inner frustum at normalised image coordinates (for set extension).
    @inline(__always) func innerAt(_ nx: Float, _ ny: Float) -> (Float, Float, Float) {
        let l = viewed!
        return l.pixels.bilinear((nx + 1) * 0.5 * Float(l.iw), (1 - ny) * 0.5 * Float(l.ih))
    }
}
