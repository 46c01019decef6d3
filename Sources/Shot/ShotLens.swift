// ShotLens: a tracked lens sample and the scene camera's lens combined into the optics of one frame.

import Geometry
import SceneModel
import Takes

/// What the camera's optics are at a tracking sample. The sample's own values win (OpenTrackIO and CSV give focal
/// length, focus, distortion and pupil); what it lacks comes from the scene lens's zoom × focus calibration at the
/// sample's raw encoder counts (FreeD sends only counts), and then from the lens as set in the scene.
public enum ShotLens {
    /// The sample's lens values with the gaps filled from `lens`'s calibration at `raw` counts.
    /// A sample with a focal length but no counts takes the table's distortion and pupil where the lens gives
    /// that focal length at the sample's focus (else the lens's set focus).
    public static func calibrated(_ sample: LensSample, raw: RawEncoders, by lens: Lens?) -> LensSample {
        guard let lens else { return sample }
        let optics: LensOptics?
        if raw.zoom != nil || raw.focus != nil {
            optics = lens.optics(zoomEncoder: raw.zoom.map(Double.init), focusEncoder: raw.focus.map(Double.init))
        } else if let focal = sample.focalLength {
            optics = lens.optics(focalMM: focal, focusM: sample.focusDistance ?? lens.focusDistanceM)
        } else {
            optics = nil
        }
        guard let optics else { return sample }
        var m = sample
        if m.focalLength == nil { m.focalLength = optics.focalLengthMM }
        if m.focusDistance == nil { m.focusDistance = optics.focusDistanceM }
        if m.distortion == nil { m.distortion = optics.distortion }
        if m.entrancePupilOffset == nil { m.entrancePupilOffset = optics.entrancePupilM }
        return m
    }

    /// The camera at a tracked pose (the sensor's or tracker's position) with `sample`'s optics, else the scene
    /// camera's lens. The frustum's apex is the entrance pupil: the tracked position moved along the optical axis by
    /// the pupil offset (OpenTrackIO `entrancePupilOffset`, CSV `pupil_m`, the lens table's or the lens's `pupil_m`).
    public static func camera(position: SIMD3<Double>, pan: Double, tilt: Double, roll: Double, lens sample: LensSample,
                              camera: SceneModel.Camera?, width: Int, height: Int) -> ShotCamera {
        var pose = ScenePose(position: position, panDegrees: pan, tiltDegrees: tilt, rollDegrees: roll, fovYDegrees: 0)
        if let pupil = sample.entrancePupilOffset ?? camera?.lens.entrancePupilM, pupil.isFinite {
            pose.position += pose.forward * pupil
        }
        return ShotCamera(pose: pose, camera: camera, focalMM: sample.focalLength, focusM: sample.focusDistance,
                          fStop: sample.fStop, distortion: sample.distortion, imageWidth: width, imageHeight: height)
    }
}
