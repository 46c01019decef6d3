// Quaternion: unit rotations in Double, for camera orientation and its slerp between tracking samples.

import Geometry

/// A rotation as a unit quaternion (w + xi + yj + zk). Geometry has matrices only; interpolating
/// orientation needs the quaternion's shortest-arc slerp, which matrices and Euler angles cannot give.
public struct Quaternion: Hashable, Sendable {
    public var w: Double, x: Double, y: Double, z: Double

    public init(w: Double, x: Double, y: Double, z: Double) { self.w = w; self.x = x; self.y = y; self.z = z }

    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

    /// A right-handed rotation of `degrees` about `axis` (normalised here).
    public init(axis: SIMD3<Double>, degrees: Double) {
        let len = axis.dot(axis).squareRoot()
        let a = len > 0 ? axis / len : SIMD3(0, 1, 0)
        let s = sinDeg(degrees / 2), c = cosDeg(degrees / 2)
        self.init(w: c, x: a.x * s, y: a.y * s, z: a.z * s)
    }

    /// The scene orientation of a camera from pan, tilt and roll in degrees (Docs/takes.md): the camera
    /// looks down -Z with +Y up at zero; pan turns right (clockwise seen from above), tilt looks up, roll
    /// turns clockwise seen from behind. Intrinsic Y-X-Z: `Ry(-pan) · Rx(tilt) · Rz(-roll)`.
    public init(pan: Double, tilt: Double, roll: Double) {
        self = Quaternion(axis: [0, 1, 0], degrees: -pan) * Quaternion(axis: [1, 0, 0], degrees: tilt)
            * Quaternion(axis: [0, 0, 1], degrees: -roll)
    }

    public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
                   x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
                   y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
                   z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }
    public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }
    public var normalized: Quaternion {
        let n = norm
        return n > 0 ? Quaternion(w: w / n, x: x / n, y: y / n, z: z / n) : .identity
    }
    public func dot(_ o: Quaternion) -> Double { w * o.w + x * o.x + y * o.y + z * o.z }

    /// Rotates a vector: q v q*.
    public func rotate(_ v: SIMD3<Double>) -> SIMD3<Double> {
        let u = SIMD3(x, y, z)
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// The camera's viewing direction (the image of -Z).
    public var forward: SIMD3<Double> { rotate([0, 0, -1]) }
    /// The camera's up direction (the image of +Y).
    public var up: SIMD3<Double> { rotate([0, 1, 0]) }

    /// The angle between two orientations in degrees (0…180), treating q and -q as the same rotation.
    public func angle(to o: Quaternion) -> Double {
        let d = Swift.min(1, abs(normalized.dot(o.normalized)))
        return 2 * acosDegrees(d)
    }

    /// Pan, tilt and roll (degrees) such that `Quaternion(pan:tilt:roll:)` gives this rotation back; tilt in
    /// -90…90, pan and roll in -180…180. At tilt ±90 (gimbal lock) roll is 0 and pan carries the turn.
    public var panTiltRoll: (pan: Double, tilt: Double, roll: Double) {
        let q = normalized
        let f = q.rotate([0, 0, -1]), right = q.rotate([1, 0, 0])
        let tilt = atan2Deg(f.y, (f.x * f.x + f.z * f.z).squareRoot())
        if (f.x * f.x + f.z * f.z).squareRoot() < 1e-9 {
            return (atan2Deg(right.z, right.x), tilt, 0)  // looking straight up or down: the turn is pan
        }
        let pan = atan2Deg(f.x, -f.z)
        // Un-rolled right is horizontal; un-rolled up = right0 × forward. right = cos r·right0 − sin r·up0.
        let right0 = SIMD3(cosDeg(pan), 0, sinDeg(pan))
        let up0 = right0.cross(f)
        return (pan, tilt, atan2Deg(-right.dot(up0), right.dot(right0)))
    }

    /// Spherical linear interpolation on the shorter arc; `t` = 0 gives self, 1 gives `o`.
    public func slerp(to o: Quaternion, _ t: Double) -> Quaternion {
        let a = normalized
        var b = o.normalized
        var d = a.dot(b)
        if d < 0 { b = Quaternion(w: -b.w, x: -b.x, y: -b.y, z: -b.z); d = -d }
        if d > 1 - 1e-12 {  // under ~1e-4°: sin θ would lose precision; the chord is the arc there
            return Quaternion(w: a.w + (b.w - a.w) * t, x: a.x + (b.x - a.x) * t,
                              y: a.y + (b.y - a.y) * t, z: a.z + (b.z - a.z) * t).normalized
        }
        let theta = acosRadians(d)
        let s = sinRadians(theta)
        let wa = sinRadians((1 - t) * theta) / s, wb = sinRadians(t * theta) / s
        return Quaternion(w: a.w * wa + b.w * wb, x: a.x * wa + b.x * wb,
                          y: a.y * wa + b.y * wb, z: a.z * wa + b.z * wb)
    }
}

let radiansPerDegree = Double.pi / 180

/// Geometry's trigonometry works in radians; these take and give degrees.
func sinDeg(_ d: Double) -> Double { sinD(d * radiansPerDegree) }
func cosDeg(_ d: Double) -> Double { cosD(d * radiansPerDegree) }
func atan2Deg(_ y: Double, _ x: Double) -> Double { atan2D(y, x) / radiansPerDegree }
func sinRadians(_ x: Double) -> Double { sinD(x) }

/// acos in radians via atan2 (no Foundation here).
func acosRadians(_ d: Double) -> Double {
    let c = Swift.max(-1, Swift.min(1, d))
    return atan2D((1 - c * c).squareRoot(), c)
}

func acosDegrees(_ d: Double) -> Double { acosRadians(d) / radiansPerDegree }
