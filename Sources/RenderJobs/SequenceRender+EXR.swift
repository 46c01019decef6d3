// SequenceRender+EXR: the header attributes of a sequence's OpenEXR frames (the frames themselves go through the
// encode queue as floats, `EncodeJob.exr`).

import ImageCodecs
import SceneModel
import SceneImaging
import Takes

extension SequenceRender {
    /// The channels an EXR frame of `view` with layers `aovs` holds: R, G, B; Z for the views seen through the
    /// camera (`LinearFrame.depth`); each layer's. A resumed sequence keeps only frames with exactly these.
    static func exrChannels(view: XRView, aovs: [FrameAOV]) -> [String] {
        ["R", "G", "B"] + (view == .camera || view == .virtual ? ["Z"] : []) + aovs.flatMap { $0.channels(view: view) }
    }

    /// The header a compositor reads: Rec. 709 primaries (the renderer's sRGB primaries, D65), the lens's focal
    /// length at this frame, the frame's SMPTE timecode and the take's rate; for the views seen through the camera
    /// (camera, virtual) also its sensor, focus, aperture, name and matrices, so a matchmove or a 3D tool can
    /// rebuild the camera from the frame alone.
    static func exrAttributes(frame f: SequenceFrame, view: XRView, cameraName: String?, rate: FrameRate,
                              version: String) -> EXRAttributes {
        let tc = f.state.timecode
        var a = EXRAttributes(
            focalLengthMM: f.camera.focalLengthMM,
            timecode: EXRTimecode.pack(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames,
                                       dropFrame: tc.rate.dropFrame, nominalRate: tc.rate.nominal),
            framesPerSecond: (Int32(clamping: rate.numerator), UInt32(clamping: rate.denominator)),
            software: version.isEmpty ? "xrstudio" : "xrstudio \(version)")
        guard view == .camera || view == .virtual else { return a }
        let c = f.camera
        a.sensorMM = SIMD2(Float(c.sensorWidthMM), Float(c.sensorHeightMM))
        a.focusM = c.focusDistanceM
        a.aperture = c.fStop
        a.cameraLabel = cameraName
        let m = exrMatrices(c)
        a.worldToCamera = m.worldToCamera
        a.worldToNDC = m.worldToNDC
        return a
    }

    /// OpenEXR's `worldToCamera` and `worldToNDC` for `camera`, row-major for row vectors (p' = p * M).
    /// Camera space is RenderMan's: x right, y up, z along the view. NDC is (0, 0) at the image's top-left corner,
    /// (1, 1) at its bottom-right, after dividing by w (= the eye depth); for a lens with distortion it is the
    /// pinhole of the same focal length (the image itself is distorted: its `P` layer gives exact positions).
    static func exrMatrices(_ camera: ShotCamera) -> (worldToCamera: [Float], worldToNDC: [Float]) {
        let r = camera.pose.right, u = camera.pose.up, f = camera.pose.forward, o = camera.pose.position
        // Row i of worldToCamera takes world coordinate i to camera (x, y, z, w).
        let w2c: [[Double]] = [[r.x, u.x, f.x, 0], [r.y, u.y, f.y, 0], [r.z, u.z, f.z, 0],
                               [-r.dot(o), -u.dot(o), -f.dot(o), 1]]
        // Camera (x, y, z, 1) to (x/(2 tanX) + z/2, -y/(2 tanY) + z/2, z, z): after dividing by w, NDC.
        let proj: [[Double]] = [[0.5 / camera.tanHalfX, 0, 0, 0], [0, -0.5 / camera.tanHalfY, 0, 0],
                                [0.5, 0.5, 1, 1], [0, 0, 0, 0]]
        var ndc = [[Double]](repeating: [0, 0, 0, 0], count: 4)
        for i in 0..<4 { for j in 0..<4 { for k in 0..<4 { ndc[i][j] += w2c[i][k] * proj[k][j] } } }
        return (w2c.flatMap { $0.map(Float.init) }, ndc.flatMap { $0.map(Float.init) })
    }
}
