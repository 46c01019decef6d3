// ShotCamera: the camera at one frame, as the XR passes and the shot analysis need it: pose, optics, image.

import Geometry

/// A camera at one instant: where it is, how it is turned, and the optics and sensor that make its image.
///
/// The image is framed across the sensor's width (the horizontal angle is 2 atan(width / 2f)); its height
/// follows the image aspect. Rays through the image are `forward + x · tanX · right + y · tanY · up` for
/// normalised image coordinates x, y in -1...1 (x right, y up), so a ray's parameter is the eye depth.
public struct ShotCamera: Sendable, Equatable {
    public var pose: ScenePose
    public var focalLengthMM: Double
    public var fStop: Double
    /// Distance to the plane in focus, metres.
    public var focusDistanceM: Double
    public var sensorWidthMM: Double
    /// The image made (the preview, `--size`), pixels: its aspect frames the sensor.
    public var imageWidth: Int
    public var imageHeight: Int
    /// Centre-to-centre distance of the photosites across and down, millimetres: the body's sensor (active area
    /// for its recording resolution) over that resolution. Fixed by the body, whatever size the image is made at,
    /// so moiré is judged at the sensor the camera records with.
    public var photositePitchMM: SIMD2<Double>
    /// The lens's distortion (nil: a pinhole). The recorded image is distorted; `ray` and `project` are the
    /// pinhole's (the rectilinear frustum a rasterizer renders), `imageRay` and `imagePoint` go through the lens.
    public var distortion: LensDistortion?
    /// The scene camera's chroma key (`Camera.chromaKey`): its inner frustum goes on the wall keyed, at a mark or
    /// its start as on a take (nil: the virtual world).
    public var chromaKey: ChromaKey?

    /// Photosites across the sensor's width when no body gives its resolution (UHD, square photosites).
    public static let defaultPhotositesAcross = 3840

    public init(pose: ScenePose, focalLengthMM: Double, fStop: Double, focusDistanceM: Double, sensorWidthMM: Double,
                imageWidth: Int, imageHeight: Int, photositePitchMM: SIMD2<Double>? = nil, distortion: LensDistortion? = nil) {
        self.pose = pose
        self.focalLengthMM = focalLengthMM
        self.fStop = fStop
        self.focusDistanceM = focusDistanceM
        self.sensorWidthMM = sensorWidthMM
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        let square = sensorWidthMM / Double(Self.defaultPhotositesAcross)
        self.photositePitchMM = photositePitchMM ?? SIMD2(square, square)
        self.distortion = distortion.flatMap { $0.isIdentity ? nil : $0 }
    }

    /// A camera from a pose, the scene camera's body and lens, and optional per-frame optics (a take's lens data).
    /// The lens's own distortion applies unless `distortion` is given (all-zero coefficients: a pinhole).
    public init(pose: ScenePose, camera: Camera?, focalMM: Double? = nil, focusM: Double? = nil, fStop: Double? = nil,
                distortion: LensDistortion? = nil, imageWidth: Int, imageHeight: Int) {
        let sensorW = camera?.body.sensorWidthMM ?? 36
        let focal = focalMM ?? camera?.lens.focalLengthMM ?? 35
        var p = pose
        p.fovYDegrees = ScenePose.fovY(sensorWidthMM: sensorW, focalMM: focal,
                                       aspect: Double(imageWidth) / Double(max(imageHeight, 1)))
        self.init(pose: p, focalLengthMM: focal, fStop: fStop ?? camera?.lens.fStop ?? 2.8,
                  focusDistanceM: focusM ?? camera?.lens.focusDistanceM ?? 3, sensorWidthMM: sensorW,
                  imageWidth: imageWidth, imageHeight: imageHeight, photositePitchMM: camera?.body.photositePitchMM,
                  distortion: distortion ?? camera?.lens.distortion)
        chromaKey = camera?.chromaKey
    }

    /// This camera making an image of `width` x `height`: the same pose, optics and sensor width; the vertical
    /// field of view follows the new aspect (the image is framed across the sensor's width).
    public func sized(width: Int, height: Int) -> ShotCamera {
        var c = self
        c.imageWidth = width
        c.imageHeight = height
        c.pose.fovYDegrees = ScenePose.fovY(sensorWidthMM: sensorWidthMM, focalMM: focalLengthMM,
                                            aspect: Double(width) / Double(max(height, 1)))
        return c
    }

    /// The focal length that frames `fovYDegrees` vertically on an image of `aspect` across `sensorWidthMM`: the
    /// inverse of `ScenePose.fovY`.
    public static func focalLength(sensorWidthMM: Double, aspect: Double, fovYDegrees: Double) -> Double {
        let half = fovYDegrees * Double.pi / 360
        return sensorWidthMM / (2 * aspect * (sinD(half) / cosD(half)))
    }

    /// This camera with another focal length (a zoom): the field of view follows.
    public func withFocalLength(_ mm: Double) -> ShotCamera {
        var c = self
        c.focalLengthMM = mm
        return c.sized(width: imageWidth, height: imageHeight)
    }

    public var aspect: Double { Double(imageWidth) / Double(max(imageHeight, 1)) }
    /// Half-width of the image at unit depth: sensor width / 2f.
    public var tanHalfX: Double { sensorWidthMM / 2 / focalLengthMM }
    public var tanHalfY: Double { tanHalfX / aspect }
    /// The sensor height the image uses, millimetres.
    public var sensorHeightMM: Double { sensorWidthMM / aspect }
    public var horizontalFOVDegrees: Double { 2 * atan2D(tanHalfX, 1) * 180 / Double.pi }

    /// The ray through normalised image point (x, y), both -1...1: origin and a direction whose component
    /// along the optical axis is 1.
    public func ray(x: Double, y: Double, overscan: Double = 0) -> (origin: SIMD3<Double>, direction: SIMD3<Double>) {
        let s = 1 + overscan
        return (pose.position, pose.forward + pose.right * (x * tanHalfX * s) + pose.up * (y * tanHalfY * s))
    }

    /// Where a world point lands in the (overscanned) image: normalised x, y (-1...1 inside) and its eye depth;
    /// nil behind the camera.
    public func project(_ p: SIMD3<Double>, overscan: Double = 0) -> (x: Double, y: Double, depth: Double)? {
        let d = p - pose.position
        let z = d.dot(pose.forward)
        guard z > 1e-9 else { return nil }
        let s = 1 + overscan
        return (d.dot(pose.right) / (z * tanHalfX * s), d.dot(pose.up) / (z * tanHalfY * s), z)
    }

    // MARK: Through the lens

    /// The ray through normalised point (x, y) of the recorded image (-1...1, y up), through the lens's distortion:
    /// origin and a direction whose component along the optical axis is 1. nil where the distortion model does
    /// not invert (never inside a real lens's frame).
    public func imageRay(x: Double, y: Double) -> (origin: SIMD3<Double>, direction: SIMD3<Double>)? {
        imageRay(x: x, y: y, axes: (pose.forward, pose.right, pose.up))
    }

    /// `imageRay(x:y:)` with the pose's axes worked out once by the caller (loops over many rays).
    @inline(__always)
    public func imageRay(x: Double, y: Double, axes: (forward: SIMD3<Double>, right: SIMD3<Double>, up: SIMD3<Double>))
        -> (origin: SIMD3<Double>, direction: SIMD3<Double>)? {
        var u = SIMD2(x * tanHalfX, -y * tanHalfY)          // OpenCV's normalised coordinates: y down
        if let d = distortion {
            guard let v = d.undistort(u) else { return nil }
            u = v
        }
        return (pose.position, axes.forward + axes.right * u.x - axes.up * u.y)
    }

    /// Where a world point lands in the recorded image, through the lens's distortion: normalised x, y (-1...1
    /// inside, y up) and its eye depth; nil behind the camera.
    public func imagePoint(of p: SIMD3<Double>) -> (x: Double, y: Double, depth: Double)? {
        let d = p - pose.position
        let z = d.dot(pose.forward)
        guard z > 1e-9 else { return nil }
        var u = SIMD2(d.dot(pose.right) / z, -d.dot(pose.up) / z)
        if let dist = distortion {
            guard let v = dist.distort(u) else { return nil }
            u = v
        }
        return (u.x / tanHalfX, -u.y / tanHalfY, z)
    }

    /// A world point's position in the recorded image in pixels from the top-left corner (x right, y down; pixel
    /// (i, j) spans i...i+1): OpenCV's `projectPoints` with cx = width/2, cy = height/2, fx = fy = width / (2 tanX).
    public func pixel(of p: SIMD3<Double>) -> SIMD2<Double>? {
        guard let q = imagePoint(of: p) else { return nil }
        return SIMD2((q.x + 1) / 2 * Double(imageWidth), (1 - q.y) / 2 * Double(imageHeight))
    }

    /// The pinhole camera a rasterizer renders so that warping its image through the lens fills this camera's
    /// recorded frame: the same pose, the same pixel density at the centre, and wider (more pixels, a shorter focal
    /// length) by the lens's cover scale, so barrel-distorted corners have picture. Without distortion, itself.
    /// nil when the distortion does not invert at the frame's edges.
    public var rectilinear: ShotCamera? {
        guard let d = distortion else { return self }
        guard let s = d.coverScale(tanX: tanHalfX, tanY: tanHalfY), s <= Self.maxCoverScale else { return nil }
        // Even margins keep the principal point on the same pixel grid.
        let w = imageWidth + 2 * Int((Double(imageWidth) * (s - 1) / 2).rounded(.up))
        let h = imageHeight + 2 * Int((Double(imageHeight) * (s - 1) / 2).rounded(.up))
        var c = self
        c.distortion = nil
        c.focalLengthMM = focalLengthMM * Double(imageWidth) / Double(w)
        return c.sized(width: w, height: h)
    }

    /// The widest pinhole cover a lens may need (3: a fisheye is not a Brown-Conrady lens).
    public static let maxCoverScale = 3.0
}
