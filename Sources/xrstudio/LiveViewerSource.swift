// LiveViewerSource: a LiveReceiver (UDP FreeD / OpenTrackIO) as the TUI's live camera.

import Geometry
import FoundationEssentials
import TakeFormats
import FrameOutput
import LiveTracking
import RenderJobs
import SceneModel
import Shot
import StudioTUI
import SceneFormat

/// Drains the receiver on each poll and turns the newest sample into a viewer camera: position and pan/tilt/
/// roll in scene terms (Docs/takes.md), the focal length and focus from the sample, else from raw zoom and focus
/// through the scene camera's lens calibration, else that lens's focal length; the viewer keeps the sensor.
final class LiveViewerSource: LiveCameraSource, @unchecked Sendable {
    private let receiver: LiveReceiver
    private let label: String
    private let lens: ShotLens
    private var last: LiveSample?
    /// Samples kept while `R` records (nil: not recording).
    private var recording: [LiveSample]?
    /// Where the takes go (the folder the viewer was started in).
    private let takeFolder: String

    /// Parses `freed://HOST:PORT` or `opentrackio://HOST:PORT` and starts listening; `camera` (the scene's first)
    /// gives the lens calibration for raw zoom counts and the sensor.
    /// `freedLens` says what FreeD's zoom and focus hold (`--freed-lens`).
    init(url: String, camera: SceneModel.Camera?, freedLens: FreeDCapture.LensEncoding = .raw) throws {
        let parts = url.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[1].hasPrefix("//"), let format = LiveFormat(rawValue: parts[0].lowercased()),
              let endpoint = UDPEndpoint(parsing: String(parts[1].dropFirst(2)))
        else {
            throw JobError.usage("--live expects freed://HOST:PORT or opentrackio://HOST:PORT, got '\(url)'")
        }
        receiver = LiveReceiver(LiveReceiver.Options(format: format, endpoint: endpoint, freedLens: freedLens))
        do { try receiver.start() } catch { throw JobError.input("--live \(url): \(error)") }
        label = "live \(format.rawValue) \(endpoint.host):\(receiver.boundPort)"
        lens = ShotLens(camera: camera)
        takeFolder = FileManager.default.currentDirectoryPath
    }

    func toggleRecording() -> String {
        guard let samples = recording else {
            recording = []
            return "recording the tracker: R stops and writes the take"
        }
        recording = nil
        guard !samples.isEmpty else { return "recording stopped: no samples arrived, nothing written" }
        let stem = "live-\(Int(Date().timeIntervalSince1970))"
        let bytes = TakeCSV.write(LiveRecording.take(from: samples).take)
        // A free name: a second take in the same second is live-T-2.csv (it was refused, and its samples lost).
        for n in 1...1000 {
            let name = stem + (n == 1 ? "" : "-\(n)") + ".csv"
            do {
                try AtomicFile.write(bytes, to: takeFolder + "/" + name, overwrite: false)
                return "wrote \(samples.count) samples to \(name)"
            } catch let e as AtomicFileError where e.refusedExisting {
                continue
            } catch {
                return "take not written: \(error)"
            }
        }
        return "take not written: \(stem).csv to \(stem)-1000.csv all exist in \(takeFolder)"
    }

    deinit { receiver.stop() }

    func poll() -> (update: LiveCameraUpdate?, status: String) {
        let drained = receiver.drain()
        let fresh = drained.last
        if let fresh { last = fresh }
        if recording != nil { recording! += drained }
        let stats = receiver.stats()
        var status = (recording.map { "REC \($0.count)  " } ?? "")
            + "\(label)  \(formatFixed(stats.packetsPerSecond, 1)) pkt/s  accepted \(stats.accepted)"
            + "  rejected \(stats.rejected)"
        // The newest sample's age: how long ago it arrived (network and tracker latency show up here as lag).
        if let l = last { status += "  age \(formatFixed(max(0, stats.elapsed - l.arrival) * 1000, 0)) ms" }
        guard let s = last?.sample else { return (nil, status + "  waiting for packets") }
        if fresh == nil { status += "  (no new sample)" }
        // The same optics a take of these samples would give (ShotLens): pupil, calibration table, lens.
        let optics = lens.calibrated(s.lens, raw: s.raw)
        let shot = lens.camera(position: s.position, pan: s.pan, tilt: s.tilt, roll: s.roll, lens: optics,
                               width: 16, height: 9)
        let focal = shot.focalLengthMM
        let focus = optics.focusDistance
        let pose = shot.pose
        guard fresh != nil else { return (nil, status) }
        return (LiveCameraUpdate(pose: pose, focalMM: focal, focusM: focus, distortion: shot.distortion), status + "  \(formatFixed(focal, 1)) mm")
    }
}
