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

    public init(camera: ShotCamera, overscan: Double, image: LinearImage, view: ViewSetup) {
        self.camera = camera
        self.overscan = overscan
        self.image = image
        viewProjection = RowMatrix(view.projection * view.view)
    }

    /// The render size for an output image of `width` x `height`: the same pixel density, widened by the overscan.
    public static func renderSize(width: Int, height: Int, overscan: Double) -> (width: Int, height: Int) {
        (Int((Double(width) * (1 + overscan)).rounded()), Int((Double(height) * (1 + overscan)).rounded()))
    }
}

/// The canvas of every LED surface at one frame, as a function of the LED pixel.
public final class WallCanvas: @unchecked Sendable {
    public let surfaces: [LEDSurface]
    let traced: [TracedSurface]
    public let inner: InnerFrustum?
    public let outer: OuterFrustum
    /// Soft edge width in normalised inner-frustum units (2 = the whole width).
    let edge: Float

    /// A canvas from the inner frustum (nil: outer frustum only, as between takes) and the outer frustum. The soft
    /// edge is kept inside the overscan band (at most `XRSettings.maxSoftEdge(overscan:)`): the feather ends at the
    /// camera frame's border, so every pixel the camera records is inner frustum.
    public init(surfaces: [LEDSurface], inner: InnerFrustum?, outer: OuterFrustum, softEdge: Double) {
        self.surfaces = surfaces
        traced = surfaces.map(TracedSurface.init)
        self.inner = inner
        self.outer = outer
        let band = XRSettings.maxSoftEdge(overscan: inner?.overscan ?? 0)
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
            let outerPart = (o.texels.baseAddress!, o.size, o.origin.x, o.origin.y, o.origin.z)
            guard let inner else {
                return body(CanvasSampler(hasInner: false, m: RowMatrix(.identity), inner: nil, iw: 0, ih: 0, edge: edge,
                                          outer: outerPart.0, os: outerPart.1, ox: outerPart.2, oy: outerPart.3, oz: outerPart.4))
            }
            return inner.image.rgb.withUnsafeBufferPointer { px in
                body(CanvasSampler(hasInner: true, m: inner.viewProjection, inner: px.baseAddress, iw: inner.image.width,
                                   ih: inner.image.height, edge: edge, outer: outerPart.0, os: outerPart.1, ox: outerPart.2,
                                   oy: outerPart.3, oz: outerPart.4))
            }
        }
    }

    /// Surface `index`'s canvas as an sRGB image `width` x `height` (its native LED resolution when nil): each
    /// output pixel shows the LED pixel under its centre.
    public func image(surface index: Int, width: Int? = nil, height: Int? = nil, threads: Int = 1) -> RGBA8Image {
        let s = traced[index]
        let w = width ?? s.pixelsW, h = height ?? s.pixelsH
        var out = RGBA8Image(width: w, height: h)
        // LED pixel of each output column and row, and the points of each column (arcs: one sin/cos per column).
        let cols = (0..<w).map { min(s.pixelsW - 1, Int((Double($0) + 0.5) * Double(s.pixelsW) / Double(w))) }
        let rows = (0..<h).map { min(s.pixelsH - 1, Int((Double($0) + 0.5) * Double(s.pixelsH) / Double(h))) }
        let top = cols.map { s.point(column: $0, row: 0) }
        let left = rows.map { s.point(column: 0, row: $0) }
        let origin = s.point(column: 0, row: 0)
        let table = SRGB.encodeTable
        out.pixels.withUnsafeMutableBufferPointer { dst in
            let dstBox = UnsafeSendable(dst.baseAddress!)
            withSampler { sampler in
                table.withUnsafeBufferPointer { t in
                    let tBox = UnsafeSendable(t.baseAddress!)
                    let bands = max(1, min(threads, h))
                    parallelBands(bands) { band in
                        var y = band
                        while y < h {
                            // point(i, j) = top(i) + (left(j) - origin): exact for both shapes (rows only move y on
                            // arcs; flat surfaces are affine).
                            let (lx, ly, lz) = left[y]
                            let (dx, dy, dz) = (lx - origin.0, ly - origin.1, lz - origin.2)
                            let row = dstBox.value + y * w * 4
                            for x in 0..<w {
                                let (px, py, pz) = top[x]
                                let (r, g, b) = sampler.color(px + dx, py + dy, pz + dz)
                                row[4 * x] = encodeSRGB(r, tBox.value)
                                row[4 * x + 1] = encodeSRGB(g, tBox.value)
                                row[4 * x + 2] = encodeSRGB(b, tBox.value)
                                row[4 * x + 3] = 255
                            }
                            y += bands
                        }
                    }
                }
            }
        }
        return out
    }

    /// The mean linear colour of a rectangle of surface `index`'s canvas (canvas metres), from `samples` x `samples`
    /// LED pixels: what that part of the wall emits on average.
    public func meanColor(surface index: Int, u: ClosedRange<Double>, v: ClosedRange<Double>, samples: Int = 8) -> SIMD3<Float> {
        let s = traced[index]
        var sum = SIMD3<Float>(repeating: 0)
        withSampler { sampler in
            for j in 0..<samples {
                for i in 0..<samples {
                    let uu = u.lowerBound + (Double(i) + 0.5) / Double(samples) * (u.upperBound - u.lowerBound)
                    let vv = v.lowerBound + (Double(j) + 0.5) / Double(samples) * (v.upperBound - v.lowerBound)
                    let (px, py, pz) = s.point(column: min(s.pixelsW - 1, Int(uu * Double(s.pxPerM))),
                                               row: min(s.pixelsH - 1, Int(vv * Double(s.pyPerM))))
                    let (r, g, b) = sampler.color(px, py, pz)
                    sum += SIMD3(r, g, b)
                }
            }
        }
        return sum / Float(samples * samples)
    }
}

/// What an LED pixel shows, as plain values: the inner frustum's matrix and pixels, the soft edge, the outer cube.
struct CanvasSampler: @unchecked Sendable {
    let hasInner: Bool
    let m: RowMatrix
    let inner: UnsafePointer<Float>?
    let iw: Int, ih: Int
    let edge: Float
    let outer: UnsafeMutablePointer<Float>
    let os: Int
    let ox: Float, oy: Float, oz: Float

    /// Linear RGB at a studio-space point on an LED surface: the inner frustum where it reaches (weight 1 inside,
    /// easing to 0 across the soft edge), the outer frustum seen from the view origin elsewhere.
    @inline(__always)
    func color(_ x: Float, _ y: Float, _ z: Float) -> (Float, Float, Float) {
        var wIn: Float = 0
        var ir: Float = 0, ig: Float = 0, ib: Float = 0
        if hasInner, let inner {
            let (cx, cy, cw) = m.xyw(x, y, z)
            if cw > 0 {
                let rw = 1 / cw
                let nx = cx * rw, ny = cy * rw
                wIn = WallCanvas.innerWeight(nx, ny, edge: edge)
                if wIn > 0 {
                    (ir, ig, ib) = LinearImage.bilinear(inner, iw, ih, (nx + 1) * 0.5 * Float(iw), (1 - ny) * 0.5 * Float(ih))
                }
            }
        }
        if wIn >= 1 { return (ir, ig, ib) }
        let (or, og, ob) = OuterFrustum.sample(outer, os, x - ox, y - oy, z - oz)
        return (ir * wIn + or * (1 - wIn), ig * wIn + og * (1 - wIn), ib * wIn + ob * (1 - wIn))
    }

    /// The inner frustum's own pixels at normalised image coordinates (for set extension).
    @inline(__always) func innerAt(_ nx: Float, _ ny: Float) -> (Float, Float, Float) {
        LinearImage.bilinear(inner!, iw, ih, (nx + 1) * 0.5 * Float(iw), (1 - ny) * 0.5 * Float(ih))
    }
}
