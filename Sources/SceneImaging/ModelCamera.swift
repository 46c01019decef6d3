// ModelCamera: the gluLookAt + gluPerspective camera of `render MODEL` and `bench`, validated.

import Geometry
import RasterCore
import SceneModel

/// A perspective camera given the way OpenGL programs give it: eye, centre, up, vertical field of view.
public struct ModelCamera: Sendable, Equatable {
    public var eye: SIMD3<Float>?
    public var lookAt: SIMD3<Float>?
    public var up: SIMD3<Float>
    public var fovYDegrees: Float
    public var near: Float
    public var far: Float

    public init(eye: SIMD3<Float>? = nil, lookAt: SIMD3<Float>? = nil, up: SIMD3<Float> = [0, 1, 0],
                fovYDegrees: Float = 45, near: Float = 0.1, far: Float = 1000) {
        self.eye = eye
        self.lookAt = lookAt
        self.up = up
        self.fovYDegrees = fovYDegrees
        self.near = near
        self.far = far
    }

    /// View and projection for a `width` x `height` frame. Without an eye or a centre, the camera frames the
    /// model's bounding box from the front-right and above, the way a preview opens.
    public func viewSetup(width: Int, height: Int, bounds: (min: SIMD3<Float>, max: SIMD3<Float>)?) throws -> ViewSetup {
        for (name, v) in [("--camera", eye), ("--look-at", lookAt), ("--up", up)] {
            if let v, !v.isFinite { throw JobError.usage("\(name) must be three finite numbers") }
        }
        guard fovYDegrees.isFinite, fovYDegrees > 0, fovYDegrees < 180 else {
            throw JobError.usage("--fov-y must be between 0 and 180 degrees (exclusive), got \(fovYDegrees)")
        }
        guard near.isFinite, near > 0 else { throw JobError.usage("--near must be a positive number, got \(near)") }
        guard far.isFinite else { throw JobError.usage("--far must be a finite number of metres, got \(far)") }
        guard far > near else { throw JobError.usage("--far must be greater than --near (\(near)), got \(far)") }
        let (lo, hi) = bounds ?? ([-1, -1, -1], [1, 1, 1])
        let centre = (lo + hi) / 2
        let radius = max(((hi - lo) / 2).length, 1e-3)
        let target = lookAt ?? centre
        let fovRad = Double(fovYDegrees) * .pi / 180
        let distance = Float(Double(radius) / sinD(fovRad / 2)) * 1.05
        let position = eye ?? (target + (SIMD3<Float>(0.55, 0.35, 0.76).normalizedOrNil! * distance))
        guard let view = Mat4.lookAt(eye: position, center: target, up: up) else {
            // Framed by the model, not by the options: a box too far out or too big for 32-bit floats (a vertex at
            // 1e20 m) leaves no view direction. That is the model's fault, not a usage error.
            if eye == nil || lookAt == nil, !(position - target).isFinite || (position - target).length == 0 {
                func text(_ v: SIMD3<Float>) -> String { "[\(v.x), \(v.y), \(v.z)]" }
                throw JobError.input("its bounds (\(text(lo)) to \(text(hi))) are too far out or too large to frame; "
                                     + "give --camera and --look-at")
            }
            throw JobError.usage("--camera and --look-at must differ, and --up must not be parallel to the view direction")
        }
        let proj = Mat4.perspective(fovYDegrees: fovYDegrees, aspect: Float(width) / Float(height), near: near, far: far)
        return ViewSetup(view: view, projection: proj)
    }
}

/// Parses `X,Y,Z` (three finite numbers).
public func parseVector3(_ s: String, option: String) throws -> SIMD3<Float> {
    let parts = s.split(separator: ",", omittingEmptySubsequences: false)
    guard parts.count == 3, let x = Float(parts[0]), let y = Float(parts[1]), let z = Float(parts[2]),
          x.isFinite, y.isFinite, z.isFinite
    else { throw JobError.usage("\(option) expects X,Y,Z (three finite numbers), got '\(s)'") }
    return SIMD3(x, y, z)
}

/// Parses `WxH`, each 1...16384; errors name `option` (`--size`, or the option that gave it).
public func parseSize(_ s: String, option: String = "--size") throws -> (width: Int, height: Int) {
    let parts = s.lowercased().split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
        throw JobError.usage("\(option) expects WIDTHxHEIGHT, e.g. 1920x1080, got '\(s)'")
    }
    let m = RasterLimits.maxDimension
    guard (1...m).contains(w), (1...m).contains(h) else {
        throw JobError.usage("\(option) \(s) is out of range: width and height must be 1...\(m)")
    }
    return (w, h)
}
