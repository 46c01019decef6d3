// InCameraPass: the physical stage through a camera: each pixel whose ray meets an LED face before anything
// physical shows that LED pixel's canvas colour; the rest keeps the rasterised floor and props, or, with set
// extension, the virtual world beyond the wall's edges.

import Dispatch
import Geometry
import Imaging
import RasterCore
import SceneModel

/// Composites LED surfaces (traced exactly, per LED pixel) over a rasterised physical stage.
public enum InCameraPass {
    /// Colour of the cabinets' backs and frames (linear), seen where a ray meets a wall from behind.
    public static let cabinetBack: (Float, Float, Float) = (0.012, 0.012, 0.014)

    /// - Parameters:
    ///   - physical: the stage without its LED surfaces, rendered from `camera` (sRGB colour).
    ///   - depth: its eye depth per pixel (+infinity where nothing was drawn).
    ///   - setExtension: show the virtual world (the canvas's inner frustum) where nothing physical or LED is seen.
    public static func composite(camera: ShotCamera, canvas: WallCanvas, physical: consuming RGBA8Image, depth: [Float],
                                 setExtension: Bool, threads: Int) -> RGBA8Image {
        var out = physical  // a caller that hands its image over (`consume`) is not copied
        let (w, h) = (out.width, out.height)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            SRGB.encodeTable.withUnsafeBufferPointer { t in
                trace(camera: camera, canvas: canvas, width: w, height: h, depth: depth,
                      setExtension: setExtension, threads: threads, into: SRGB8Sink(pixels: dst.baseAddress!, table: t.baseAddress!))
            }
        }
        return out
    }

    /// The same composite in linear light, without an 8-bit step: `physical` is the rasterised stage's linear RGBA
    /// (`Rasterizer.linearColorBuffer()`), and LED pixels, cabinet backs and set extension keep the float colours the
    /// pass computes. Also returns each pixel's eye depth in metres: the physical stage's, the LED face's or cabinet
    /// back's where a ray meets one first, +infinity for set extension and empty space. Each pixel depends on its
    /// inputs alone, so the result is the same on any thread count.
    public static func compositeLinear(camera: ShotCamera, canvas: WallCanvas, physical: [Float], width: Int, height: Int,
                                       depth: [Float], setExtension: Bool, threads: Int) -> (rgba: [Float], depth: [Float]) {
        precondition(physical.count == width * height * 4 && depth.count == width * height)
        var rgba = physical
        var z = depth
        rgba.withUnsafeMutableBufferPointer { c in
            z.withUnsafeMutableBufferPointer { d in
                trace(camera: camera, canvas: canvas, width: width, height: height, depth: depth,
                      setExtension: setExtension, threads: threads, into: LinearSink(rgba: c.baseAddress!, depth: d.baseAddress!))
            }
        }
        return (rgba, z)
    }

    /// Where the composite's traced pixels go: a linear colour is made into the sink's `Pixel` once per LED pixel
    /// (`pixel`), and stored for every camera pixel that shows it with the ray's eye depth `t` (`store`).
    protocol Sink: Sendable {
        associatedtype Pixel
        func pixel(_ c: (Float, Float, Float)) -> Pixel
        /// `made[fresh[n]] = pixel(colours[n])` for every n < count: a row's fresh LED pixels at once, so an encoder
        /// can work in lanes.
        func pixels(fresh: UnsafePointer<Int32>, count: Int, colours: LEDColours, into made: UnsafeMutablePointer<Pixel>)
        func store(_ k: Int, _ p: Pixel, t: Float)
    }

    /// RGBA8 sRGB through the shared 12-bit table, as one 32-bit word (R in the low byte, alpha 255); depth is not kept.
    struct SRGB8Sink: Sink, @unchecked Sendable {
        let pixels: UnsafeMutablePointer<UInt8>
        let table: UnsafePointer<UInt8>
        @inline(__always) func pixel(_ c: (Float, Float, Float)) -> UInt32 {
            UInt32(encodeSRGB(c.0, table)) | UInt32(encodeSRGB(c.1, table)) << 8 | UInt32(encodeSRGB(c.2, table)) << 16
                | 0xFF00_0000
        }
        /// Eight colours at a time, read as vectors from the colour columns: `encodeSRGB`'s table indices in lanes
        /// (`encodeSRGBIndices`), then the lookups. One colour at a time, the conversion to Int and its range checks
        /// were most of the composite's encoding.
        func pixels(fresh: UnsafePointer<Int32>, count: Int, colours: LEDColours, into made: UnsafeMutablePointer<UInt32>) {
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 24) { buf in
                let q = buf.baseAddress!  // read as UInt32: no sign extension per lookup
                let raw = UnsafeMutableRawPointer(q)
                var n = 0
                @inline(__always) func indices(_ column: UnsafeMutablePointer<Float>, _ n: Int, _ c: Int) {
                    let v = UnsafeRawPointer(column + n).loadUnaligned(as: SIMD8<Float>.self)
                    raw.storeBytes(of: encodeSRGBIndices(v), toByteOffset: 32 * c, as: SIMD8<Int32>.self)
                }
                while n + 8 <= count {
                    indices(colours.r, n, 0)
                    indices(colours.g, n, 1)
                    indices(colours.b, n, 2)
                    for l in 0..<8 { made[Int(fresh[n + l])] = srgbWord(table, q[l], q[8 + l], q[16 + l]) }
                    n += 8
                }
                for m in n..<count { made[Int(fresh[m])] = pixel(colours[m]) }
            }
        }
        @inline(__always) func store(_ k: Int, _ p: UInt32, t: Float) {
            UnsafeMutableRawPointer(pixels).storeBytes(of: p.littleEndian, toByteOffset: k &<< 2, as: UInt32.self)
        }
    }

    /// Linear RGBA floats and eye depth (metres; set extension has none: +infinity).
    struct LinearSink: Sink, @unchecked Sendable {
        let rgba: UnsafeMutablePointer<Float>
        let depth: UnsafeMutablePointer<Float>
        @inline(__always) func pixel(_ c: (Float, Float, Float)) -> (Float, Float, Float) { c }
        func pixels(fresh: UnsafePointer<Int32>, count: Int, colours: LEDColours,
                    into made: UnsafeMutablePointer<(Float, Float, Float)>) {
            for n in 0..<count { made[Int(fresh[n])] = colours[n] }
        }
        @inline(__always) func store(_ k: Int, _ c: (Float, Float, Float), t: Float) {
            let p = rgba + 4 * k
            p[0] = c.0
            p[1] = c.1
            p[2] = c.2
            p[3] = 1
            depth[k] = t
        }
    }
}
