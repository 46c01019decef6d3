// ShotLens: a tracked lens sample and the scene camera's lens combined into the optics of one frame.

import Geometry
import SceneModel
import Takes

/// What a scene camera's optics are at a tracking sample. The sample's own values win (OpenTrackIO and CSV give
/// focal length, focus, distortion and pupil); what it lacks comes from the lens file (the scene lens's zoom × focus
/// calibration) at the sample's raw encoder counts (FreeD sends only counts), and then from the lens as set.
public struct ShotLens: Sendable {
    public let camera: SceneModel.Camera?
    /// The camera lens's file, grouped once for many lookups.
    let table: LensTable?

    public init(camera: SceneModel.Camera?) {
        self.camera = camera
        table = camera.flatMap { LensTable($0.lens.calibration) }
    }

    /// The sample's lens values with the gaps filled from the lens file: at the `raw` counts, or, for a sample with
    /// a focal length but no counts, where the lens gives that focal length at the sample's focus (else the lens's).
    public func calibrated(_ sample: LensSample, raw: RawEncoders) -> LensSample {
        guard let table else { return sample }
        let optics: LensOptics
        if raw.zoom != nil || raw.focus != nil {
            optics = table.optics(zoomEncoder: raw.zoom.map(Double.init), focusEncoder: raw.focus.map(Double.init))
        } else if let focal = sample.focalLength {
            optics = table.optics(focalMM: focal, focusM: sample.focusDistance ?? camera?.lens.focusDistanceM ?? 3)
        } else {
            return sample
        }
        var m = sample
        if m.focalLength == nil { m.focalLength = optics.focalLengthMM }
        if m.focusDistance == nil { m.focusDistance = optics.focusDistanceM }
        if m.distortion == nil { m.distortion = optics.distortion }
        if m.entrancePupilOffset == nil { m.entrancePupilOffset = optics.entrancePupilM }
        return m
    }

    /// The camera at a tracked pose (the sensor's or tracker's position) with `sample`'s optics, else the scene
    /// camera's lens. The frustum's apex is the entrance pupil: the tracked position moved along the optical axis by
    /// the pupil offset (OpenTrackIO `entrancePupilOffset`, CSV `pupil_m`, the lens file's or the lens's `pupil_m`).
    public func camera(position: SIMD3<Double>, pan: Double, tilt: Double, roll: Double, lens sample: LensSample,
                       width: Int, height: Int) -> ShotCamera {
        var pose = ScenePose(position: position, panDegrees: pan, tiltDegrees: tilt, rollDegrees: roll, fovYDegrees: 0)
        if let pupil = sample.entrancePupilOffset ?? camera?.lens.entrancePupilM, pupil.isFinite {
            pose.position += pose.forward * pupil
        }
        return ShotCamera(pose: pose, camera: camera, focalMM: sample.focalLength, focusM: sample.focusDistance,
                          fStop: sample.fStop, distortion: sample.distortion, imageWidth: width, imageHeight: height)
    }
}
