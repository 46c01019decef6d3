// SceneCameras: the shot cameras a scene file names without a take: its marks and its first camera's start.

import Geometry
import SceneModel

/// Marks and scene cameras made into `ShotCamera`s (pose with roll, the body's sensor, the lens's focal length,
/// stop, focus and distortion), for an image of a given size.
public enum SceneCameras {
    /// Mark `name`, or a usage error listing the marks.
    public static func mark(_ name: String, in scene: Scene, file: String) throws -> Mark {
        guard let m = scene.marks.first(where: { $0.name == name }) else {
            let known = scene.marks.isEmpty ? "the scene has no marks"
                : "known marks: " + scene.marks.map { "'\($0.name)'" }.joined(separator: ", ")
            throw JobError.usage("--mark: no mark named '\(name)' in \(file) (\(known))")
        }
        return m
    }

    /// The camera a mark was saved for (else the scene's first camera).
    public static func camera(for m: Mark, in scene: Scene) -> SceneModel.Camera? {
        m.camera.flatMap { c in scene.cameras.first { $0.name == c } } ?? scene.cameras.first
    }

    /// The shot camera at mark `name`: its position and orientation (roll too), its camera's body, the mark's focal
    /// length and focus where it gives them (else its camera's lens).
    public static func shot(mark name: String, in scene: Scene, file: String, width: Int, height: Int) throws -> ShotCamera {
        let m = try mark(name, in: scene, file: file)
        let pose = ScenePose(position: m.position, panDegrees: m.panDegrees, tiltDegrees: m.tiltDegrees,
                             rollDegrees: m.rollDegrees, fovYDegrees: 0)
        let c = camera(for: m, in: scene)
        return ShotCamera(pose: pose, camera: c, focalMM: m.focalLengthMM, focusM: m.focusDistanceM,
                          distortion: distortion(of: c, focalMM: m.focalLengthMM, focusM: m.focusDistanceM),
                          imageWidth: width, imageHeight: height)
    }

    /// The first camera at its starting pose with its lens; without cameras, 1.6 m up at z = 6 looking along -Z
    /// with a 36 mm wide sensor behind a 35 mm lens.
    public static func start(of scene: Scene, width: Int, height: Int) -> ShotCamera {
        guard let c = scene.cameras.first else {
            return ShotCamera(pose: ScenePose(position: [0, 1.6, 6], fovYDegrees: 0), camera: nil,
                              imageWidth: width, imageHeight: height)
        }
        let pose = ScenePose(position: c.position, panDegrees: c.panDegrees, tiltDegrees: c.tiltDegrees,
                             rollDegrees: c.rollDegrees, fovYDegrees: 0)
        return ShotCamera(pose: pose, camera: c, distortion: distortion(of: c, focalMM: nil, focusM: nil),
                          imageWidth: width, imageHeight: height)
    }

    /// The distortion of `camera`'s lens set to a focal length and focus (nil: the lens's own): from its
    /// calibration table where it has one, else the lens's `distortion`. A mark's position is the frustum's apex
    /// (marks are saved from the viewer's camera), so no pupil offset applies.
    public static func distortion(of camera: SceneModel.Camera?, focalMM: Double?, focusM: Double?) -> LensDistortion? {
        guard let lens = camera?.lens else { return nil }
        return lens.optics(focalMM: focalMM ?? lens.focalLengthMM, focusM: focusM ?? lens.focusDistanceM)?.distortion
            ?? lens.distortion
    }

    /// Mark `name`'s shot camera, or the scene's start without a mark; with `fovYDegrees`, its lens set to the focal
    /// length that gives that vertical angle on this image (`render --fov-y`), distortion following the lens.
    public static func shot(mark name: String?, in scene: Scene, file: String, width: Int, height: Int,
                            fovYDegrees: Double? = nil) throws -> ShotCamera {
        var shot = try name.map { try self.shot(mark: $0, in: scene, file: file, width: width, height: height) }
            ?? start(of: scene, width: width, height: height)
        if let fov = fovYDegrees {
            let sceneCamera = try name.map { camera(for: try mark($0, in: scene, file: file), in: scene) } ?? scene.cameras.first
            shot = shot.withFocalLength(ShotCamera.focalLength(sensorWidthMM: shot.sensorWidthMM, aspect: shot.aspect,
                                                               fovYDegrees: fov))
            shot.distortion = distortion(of: sceneCamera, focalMM: shot.focalLengthMM, focusM: shot.focusDistanceM)
        }
        return shot
    }
}
