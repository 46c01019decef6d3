// SequenceRender+EXR: one OpenEXR frame of a sequence: the renderer's linear output, its depth and the frame's
// header attributes, encoded and written atomically on the render thread.

import FrameOutput
import ImageCodecs
import Imaging
import SceneModel
import SceneImaging
import Takes

extension SequenceRender {
    /// The header a compositor reads: Rec. 709 primaries (the renderer's sRGB primaries, D65), the lens's focal
    /// length at this frame, the frame's SMPTE timecode and the take's rate.
    static func exrAttributes(frame f: SequenceFrame, rate: FrameRate, version: String) -> EXRAttributes {
        let tc = f.state.timecode
        return EXRAttributes(
            focalLengthMM: f.camera.focalLengthMM,
            timecode: EXRTimecode.pack(hours: tc.hours, minutes: tc.minutes, seconds: tc.seconds, frames: tc.frames,
                                       dropFrame: tc.rate.dropFrame),
            framesPerSecond: (Int32(clamping: rate.numerator), UInt32(clamping: rate.denominator)),
            software: version.isEmpty ? "xrstudio" : "xrstudio \(version)")
    }

    /// Encodes `frame` as EXR and writes it to `job.path` atomically, reporting as the encode queue does (a file
    /// that appeared meanwhile is `alreadyThere` when `existingIsDone`). EXR frames skip the encode queue: its
    /// jobs carry 8-bit images, these carry floats and depth.
    static func writeEXR(_ frame: LinearFrame, attributes: EXRAttributes, compression: EXRCompression, job: EncodeJob,
                         overwrite: Bool, existingIsDone: Bool) throws -> EncodeResult {
        let clock = ContinuousClock()
        let t0 = clock.now
        let image = EXRImage(width: frame.width, height: frame.height, rgba: frame.rgba, depth: frame.depth,
                             attributes: attributes)
        let bytes: [UInt8]
        do { bytes = try EXRCodec.encode(image, compression: compression) } catch let e as ImageCodecError {
            throw JobError.input("\(e.naming(job.path))")
        }
        let t1 = clock.now
        var alreadyThere = false
        do {
            try AtomicFile.write(bytes, to: job.path, overwrite: overwrite || job.replace)
        } catch let e as AtomicFileError where e.refusedExisting && existingIsDone {
            alreadyThere = true
        }
        let t2 = clock.now
        return EncodeResult(writtenOutsideQueue: job.index, frame: job.frame, path: job.path, bytes: bytes.count,
                            encodeMilliseconds: EncodeQueue.msPublic(t1 - t0),
                            writeMilliseconds: EncodeQueue.msPublic(t2 - t1), alreadyThere: alreadyThere)
    }
}
