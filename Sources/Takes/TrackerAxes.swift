// TrackerAxes: the fixed map from trackers' Z-up, Y-forward axes (FreeD, OpenTrackIO) to the scene's Y-up.

/// Maps tracker coordinates to scene coordinates. FreeD and OpenTrackIO are both right-handed with Z up and
/// +Y forward (the direction the camera looks at pan 0) and X to camera right. The scene is right-handed
/// with Y up and the camera looking down -Z at rest, so: scene x = X, scene y = Z, scene z = -Y. The map
/// is a proper rotation (determinant +1): handedness is kept, nothing is mirrored.
public enum TrackerAxes {
    /// Tracker (X right, Y forward, Z up) to scene (x right, y up, z back).
    public static func toScene(_ v: SIMD3<Double>) -> SIMD3<Double> { SIMD3(v.x, v.z, 0 - v.y) }  // 0 - y: no -0 for 0

    /// Scene to tracker: the inverse of `toScene`.
    public static func fromScene(_ v: SIMD3<Double>) -> SIMD3<Double> { SIMD3(v.x, 0 - v.z, v.y) }
}
