// CameraMoves: the keys that move the viewer's camera — fly, orbit, zoom — as changes to a ShotCamera, so a flown
// camera keeps its roll, sensor, focus and stop and is the same kind of camera a take or a mark gives.

import Geometry
import SceneModel

#if canImport(Glibc)
    import Glibc
#endif

extension ShotCamera {
    /// Horizontal field of view limits of the zoom keys, degrees.
    static let zoomFOVRange: ClosedRange<Double> = 5...120

    /// Moves the camera `forward` steps along its view, `right` steps sideways (level, whatever the roll) and `up`
    /// steps along world Y; each step is `step` metres. Orientation and optics are kept.
    func flown(forward f: Double, right r: Double, up u: Double, step: Double) -> ShotCamera {
        let fwd = pose.forward
        // forward x world up: level, to the camera's right.
        let level = SIMD3(-fwd.z, 0, fwd.x)
        let side = level.length > 1e-9 ? level / level.length : pose.right
        var c = self
        c.pose.position += (fwd * f + side * r + SIMD3(0, 1, 0) * u) * step
        return c
    }

    /// Moves the camera around the point `distance` metres ahead of it: `yaw` degrees about world Y (positive: to
    /// the camera's right), `pitch` degrees up (within ±85° of level), still looking at that point. Roll is kept.
    func orbited(yaw: Double, pitch: Double, distance: Double) -> ShotCamera {
        let pivot = pose.position + pose.forward * distance
        let offset = pose.position - pivot
        let radius = offset.length
        guard radius > 0 else { return self }
        var elevation = asin(max(-1, min(1, offset.y / radius))) * 180 / Double.pi
        var heading = atan2(offset.x, offset.z) * 180 / Double.pi
        heading += yaw
        elevation = max(-85, min(85, elevation + pitch))
        let e = elevation * Double.pi / 180, h = heading * Double.pi / 180
        let position = pivot + SIMD3(cos(e) * sin(h), sin(e), cos(e) * cos(h)) * radius
        var c = self
        c.pose.position = position
        let d = pivot - position
        c.pose.panDegrees = atan2(d.x, -d.z) * 180 / Double.pi
        c.pose.tiltDegrees = atan2(d.y, (d.x * d.x + d.z * d.z).squareRoot()) * 180 / Double.pi
        return c
    }

    /// The focal length times `factor` (> 1 zooms in), kept within `zoomFOVRange` of horizontal view.
    func zoomed(by factor: Double) -> ShotCamera {
        let widest = sensorWidthMM / (2 * tan(ShotCamera.zoomFOVRange.upperBound * Double.pi / 360))
        let longest = sensorWidthMM / (2 * tan(ShotCamera.zoomFOVRange.lowerBound * Double.pi / 360))
        return withFocalLength(min(max(focalLengthMM * factor, widest), longest))
    }
}
