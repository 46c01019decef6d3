// UETransform: Unreal's component placement (location cm, rotator degrees, scale) composed as Unreal composes it,
// and the physical conversion from Unreal space to studio space.

import Geometry

/// A scene component's placement in Unreal's space (left-handed: X forward, Y right, Z up; centimetres).
///
/// The rotation is kept as the images of the local axes (`axes.x` is where local +X points), as the rows of
/// Unreal's `FRotationMatrix`. Composition follows `FTransform` (child then parent): rotation R = Rp·Rc, scale
/// S = Sp∘Sc component-wise, translation T = Rp(Sp∘Tc) + Tp: a non-uniform parent scale stretches the child's
/// offset in the parent's own axes, as Unreal does it.
struct UETransform: Equatable {
    var axes: (x: SIMD3<Double>, y: SIMD3<Double>, z: SIMD3<Double>)
    var translation: SIMD3<Double>
    var scale: SIMD3<Double>

    static let identity = UETransform(axes: ([1, 0, 0], [0, 1, 0], [0, 0, 1]), translation: .zero, scale: [1, 1, 1])

    static func == (a: UETransform, b: UETransform) -> Bool {
        a.axes.x == b.axes.x && a.axes.y == b.axes.y && a.axes.z == b.axes.z && a.translation == b.translation && a.scale == b.scale
    }

    /// Unreal's `FRotationMatrix(FRotator(pitch, yaw, roll))`, degrees: with sp = sin(pitch), cy = cos(yaw) and
    /// so on, local X → (cp·cy, cp·sy, sp); local Y → (sr·sp·cy − cr·sy, sr·sp·sy + cr·cy, −sr·cp);
    /// local Z → (−(cr·sp·cy + sr·sy), cy·sr − cr·sp·sy, cr·cp). Positive yaw turns X towards Y (right, seen
    /// from above), positive pitch lifts X towards Z, positive roll turns Y towards −Z.
    static func rotation(pitch: Double, yaw: Double, roll: Double) -> (x: SIMD3<Double>, y: SIMD3<Double>, z: SIMD3<Double>) {
        let k = Double.pi / 180
        let (sp, cp) = (sinD(pitch * k), cosD(pitch * k))
        let (sy, cy) = (sinD(yaw * k), cosD(yaw * k))
        let (sr, cr) = (sinD(roll * k), cosD(roll * k))
        return (SIMD3(cp * cy, cp * sy, sp),
                SIMD3(sr * sp * cy - cr * sy, sr * sp * sy + cr * cy, -sr * cp),
                SIMD3(-(cr * sp * cy + sr * sy), cy * sr - cr * sp * sy, cr * cp))
    }

    init(axes: (x: SIMD3<Double>, y: SIMD3<Double>, z: SIMD3<Double>), translation: SIMD3<Double>, scale: SIMD3<Double>) {
        self.axes = axes
        self.translation = translation
        self.scale = scale
    }

    /// A component's relative placement: location (cm), rotator (pitch, yaw, roll degrees), scale.
    init(location: SIMD3<Double>, rotator: SIMD3<Double>, scale: SIMD3<Double> = [1, 1, 1]) {
        self.init(axes: Self.rotation(pitch: rotator.x, yaw: rotator.y, roll: rotator.z), translation: location, scale: scale)
    }

    /// A direction in local axes turned into the parent's (no scale, no translation).
    func rotate(_ v: SIMD3<Double>) -> SIMD3<Double> { axes.x * v.x + axes.y * v.y + axes.z * v.z }

    /// Where a local point lands: R(S∘p) + T.
    func apply(_ p: SIMD3<Double>) -> SIMD3<Double> { rotate(scale * p) + translation }

    /// This (child) placement seen from the parent's parent: `FTransform` child * parent.
    func then(_ parent: UETransform) -> UETransform {
        UETransform(axes: (parent.rotate(axes.x), parent.rotate(axes.y), parent.rotate(axes.z)),
                    translation: parent.rotate(parent.scale * translation) + parent.translation,
                    scale: parent.scale * scale)
    }

    /// The rotator (pitch, yaw, roll degrees) of an orthonormal frame, as `FMatrix::Rotator` finds it: pitch and
    /// yaw from where X points, roll from Z against the Y axis of the roll-free frame.
    static func rotator(x: SIMD3<Double>, y: SIMD3<Double>, z: SIMD3<Double>) -> SIMD3<Double> {
        let d = 180 / Double.pi
        let pitch = atan2D(x.z, (x.x * x.x + x.y * x.y).squareRoot()) * d
        let yaw = atan2D(x.y, x.x) * d
        let sy = rotation(pitch: pitch, yaw: yaw, roll: 0).y
        let roll = atan2D(z.dot(sy), y.dot(sy)) * d
        return SIMD3(pitch, yaw, roll)
    }
}

/// Unreal space to studio space and back, physically: Unreal's forward (+X) is the studio's −Z, right (+Y) is +X,
/// up (+Z) is +Y, and centimetres become metres: UE (x, y, z) cm → studio (y, z, −x) / 100 m. The map mirrors
/// (Unreal is left-handed, the studio right-handed), so it is applied to points, never to rotation angles.
enum UESpace {
    static func studio(_ ue: SIMD3<Double>) -> SIMD3<Double> { SIMD3(ue.y, ue.z, -ue.x) / 100 }
    static func unreal(_ studio: SIMD3<Double>) -> SIMD3<Double> { SIMD3(-studio.z, studio.x, studio.y) * 100 }
}
