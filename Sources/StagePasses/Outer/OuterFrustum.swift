// OuterFrustum: the virtual world as seen from the stage's view origin in every direction (a cube map), which the
// wall shows outside the camera's inner frustum and which lights the set.

import Geometry
import Imaging
import RasterCore

/// Six 90° views of the virtual world from the view origin, sampled by direction.
///
/// Face k looks along `faces[k].forward` with `faces[k].up` up; a direction d on that face lands at normalised
/// image coordinates (d·right / d·forward, d·up / d·forward), exactly where the face's perspective render put it.
public final class OuterFrustum: @unchecked Sendable {
    public struct Face: Sendable {
        public let forward: SIMD3<Float>
        public let up: SIMD3<Float>
        public var right: SIMD3<Float> { forward.cross(up) }
    }

    /// +X, -X, +Y, -Y, +Z, -Z.
    public static let faces: [Face] = [
        Face(forward: [1, 0, 0], up: [0, 1, 0]), Face(forward: [-1, 0, 0], up: [0, 1, 0]),
        Face(forward: [0, 1, 0], up: [0, 0, 1]), Face(forward: [0, -1, 0], up: [0, 0, -1]),
        Face(forward: [0, 0, 1], up: [0, 1, 0]), Face(forward: [0, 0, -1], up: [0, 1, 0]),
    ]

    public let origin: SIMD3<Float>
    public let size: Int
    /// Linear RGB of the six faces, face after face.
    let texels: UnsafeMutableBufferPointer<Float>

    /// Renders the six faces of `world` from `origin`, `size` pixels square each: the rasterizer's linear colour when
    /// `linear` (for scene-linear outputs), else its 8-bit frames decoded (what the 8-bit views have always shown).
    public init(world: DrawList, origin: SIMD3<Float>, size: Int, clearColor: SIMD4<Float>, threads: Int,
                raster: Rasterizer = Rasterizer(), linear: Bool = false) throws {
        self.origin = origin
        self.size = size
        let faceCount = size * size * 3
        texels = .allocate(capacity: 6 * faceCount)
        texels.initialize(repeating: 0)
        let settings = FrameSettings(width: size, height: size, clearColor: clearColor, threads: threads, keepLinearColor: linear)
        for (k, f) in Self.faces.enumerated() {
            guard let view = Mat4.lookAt(eye: origin, center: origin + f.forward, up: f.up) else { continue }
            let proj = Mat4.perspective(fovYDegrees: 90, aspect: 1, near: 0.05, far: 2000)
            try raster.render(world, view: ViewSetup(view: view, projection: proj), settings: settings)
            let img = linear ? LinearImage(width: size, height: size, rgba: raster.linearColorBuffer())
                : LinearImage(srgb: raster.colorImage(), threads: threads)
            img.rgb.withUnsafeBufferPointer { src in
                _ = UnsafeMutableBufferPointer(rebasing: texels[(k * faceCount)..<((k + 1) * faceCount)]).initialize(from: src)
            }
        }
    }

    deinit { texels.deallocate() }

    /// The face image k (sRGB), for inspection and tests.
    public func faceImage(_ k: Int) -> RGBA8Image {
        var img = RGBA8Image(width: size, height: size)
        let table = SRGB.encodeTable
        table.withUnsafeBufferPointer { t in
            for i in 0..<(size * size) {
                let p = texels.baseAddress! + k * size * size * 3 + 3 * i
                img.pixels[4 * i] = encodeSRGB(p[0], t.baseAddress!)
                img.pixels[4 * i + 1] = encodeSRGB(p[1], t.baseAddress!)
                img.pixels[4 * i + 2] = encodeSRGB(p[2], t.baseAddress!)
                img.pixels[4 * i + 3] = 255
            }
        }
        return img
    }

    /// Linear RGB seen from the origin along direction (dx, dy, dz) (need not be unit length).
    func sample(_ dx: Float, _ dy: Float, _ dz: Float) -> (Float, Float, Float) {
        withExtendedLifetime(self) { Self.sample(texels.baseAddress!, size, dx, dy, dz) }
    }

    /// The same on raw face pixels (`size` x `size` x 3 floats per face, six faces), for per-pixel loops.
    @inline(__always)
    static func sample(_ texels: UnsafeMutablePointer<Float>, _ size: Int, _ dx: Float, _ dy: Float, _ dz: Float) -> (Float, Float, Float) {
        let ax = abs(dx), ay = abs(dy), az = abs(dz)
        var k: Int, s: Float, t: Float
        if ax >= ay && ax >= az {
            if dx > 0 { k = 0; s = dz / ax; t = dy / ax } else { k = 1; s = -dz / ax; t = dy / ax }
        } else if ay >= az {
            if dy > 0 { k = 2; s = dx / ay; t = dz / ay } else { k = 3; s = dx / ay; t = -dz / ay }
        } else {
            if dz > 0 { k = 4; s = -dx / az; t = dy / az } else { k = 5; s = dx / az; t = dy / az }
        }
        let n = Float(size)
        return LinearImage.bilinear(texels + k * size * size * 3, size, size, (s + 1) * 0.5 * n, (1 - t) * 0.5 * n)
    }

    /// `sample` for 8 directions in lanes, each lane's result the same floats: the face and its (s, t) chosen by the
    /// same comparisons and divisions (through integer masks), then one bilinear tap per lane on its own face.
    /// Directions must be numbers.
    @inline(__always)
    static func sample8(_ texels: UnsafeMutablePointer<Float>, _ size: Int, _ dx: SIMD8<Float>, _ dy: SIMD8<Float>,
                        _ dz: SIMD8<Float>, lanes: LaneBilinear) -> (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) {
        let magnitude = SIMD8<Int32>(repeating: 0x7FFF_FFFF)
        let ax = float(bits(dx) & magnitude), ay = float(bits(dy) & magnitude), az = float(bits(dz) & magnitude)
        /// -1 where a >= b (numbers: b − a > 0 exactly when b > a).
        @inline(__always) func atLeast(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Int32> { ~positive(b - a) }
        @inline(__always) func pick(_ m: SIMD8<Int32>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
            float((bits(a) & m) | (bits(b) & ~m))
        }
        @inline(__always) func pick(_ m: SIMD8<Int32>, _ a: SIMD8<Int32>, _ b: SIMD8<Int32>) -> SIMD8<Int32> { (a & m) | (b & ~m) }
        let onX = atLeast(ax, ay) & atLeast(ax, az)
        let onY = ~onX & atLeast(ay, az)
        let px = positive(dx), py = positive(dy), pz = positive(dz)
        // The face k: X 0/1, Y 2/3, Z 4/5 (the second of each pair where the axis is not positive).
        let one = SIMD8<Int32>(repeating: 1)
        let k = pick(onX, one & ~px, pick(onY, 2 &+ (one & ~py), 4 &+ (one & ~pz)))
        // Numerators and the divisor as `sample` writes them per face.
        let sx = pick(px, dz, -dz), ty = pick(py, dz, -dz), sz = pick(pz, -dx, dx)
        let sNum = pick(onX, sx, pick(onY, dx, sz)), tNum = pick(onX, dy, pick(onY, ty, dy))
        let m = pick(onX, ax, pick(onY, ay, az))
        let s = sNum / m, t = tNum / m
        let n = Float(size)
        let face = LinearPixels(floats: UnsafePointer(texels), bytes: nil, table: SRGB.decodeTableBuffer, width: size, height: size)
        return lanes.bilinear8(face, (s + 1) * 0.5 * n, (1 - t) * 0.5 * n, base: k &* Int32(size * size * 3))
    }
}
