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

#if canImport(Glibc)
import Glibc
#endif

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
    /// The take the running recording goes to (named when it starts, so its journal can be named after it), and
    /// whether that journal is being written.
    private var recordingName: String?
    private var journaling = false
    /// The recording's hold on its journal (`LiveJournal.Hold`), until its take is written.
    private var journalHold: LiveJournal.Hold?
    /// Datagrams dropped (by the ring or the kernel) before the recording started.
    private var droppedAtStart = 0
    /// Where the takes go (the folder the viewer was started in).
    private let takeFolder: String
    private let format: LiveFormat
    private let freedLens: FreeDCapture.LensEncoding

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
        self.format = format
        self.freedLens = freedLens
        receiver = LiveReceiver(LiveReceiver.Options(format: format, endpoint: endpoint, freedLens: freedLens))
        do { try receiver.start() } catch { throw JobError.input("--live \(url): \(error)") }
        label = "live \(format.rawValue) \(endpoint.host):\(receiver.boundPort)"
        lens = ShotLens(camera: camera)
        takeFolder = FileManager.default.currentDirectoryPath
        // A viewer killed while it recorded left its journal here: say how to get the take back.
        // (Not another viewer's running recording: recovering that would remove its only copy.)
        let left = ((try? FileManager.default.contentsOfDirectory(atPath: takeFolder)) ?? [])
            .filter { $0.hasPrefix("live-") && $0.hasSuffix(".csv.journal") }.sorted()
            .filter { !LiveJournal.isHeld(path: joinPath(takeFolder, $0)) }
        if let first = left.first {
            ShotWarnings.warn("\(left.count == 1 ? first : "\(first) and \(left.count - 1) more"): a recording the viewer did not "
                              + "finish; 'xrstudio take recover \(first)' writes its take")
        }
    }

    /// `R`: starts recording to a take named now (`live-UNIXTIME.csv`, a free name), journaled beside it as `record`
    /// journals (`NAME.journal`, so a viewer that is killed leaves what `xrstudio take recover` turns into the take);
    /// or stops, writes the take and removes the journal.
    func toggleRecording() -> String {
        guard let samples = recording else {
            recording = []
            let st = receiver.stats()
            droppedAtStart = st.dropped + st.kernelDropped
            let name = freeTakeName()
            recordingName = name
            do {
                journalHold = try receiver.journal(to: joinPath(takeFolder, name + ".journal"), header: LiveJournal.Header(
                    format: format, freedLens: freedLens, out: joinPath(takeFolder, name)))
                journaling = true
                return "recording the tracker to \(name): R stops and writes it"
            } catch {
                return "recording the tracker to \(name), in memory only (no journal: \(error)): R stops and writes it"
            }
        }
        recording = nil
        let name = recordingName ?? freeTakeName()
        recordingName = nil
        let journal = joinPath(takeFolder, name + ".journal")
        if journaling { receiver.endJournal() }
        defer {
            journaling = false
            journalHold?.release()  // kept, where the take was not written
            journalHold = nil
        }
        guard !samples.isEmpty else {
            journalHold?.removeJournal(at: journal)
            return "recording stopped: no samples arrived, nothing written"
        }
        let bytes = TakeCSV.write(LiveRecording.take(from: samples).take)
        // The name chosen at the start, else the next free one: a file made there meanwhile is not replaced.
        let stem = String(name.dropLast(".csv".count))
        // What matters first (a status line cuts the end): the journal kept, then the reason.
        let kept = journaling ? ", its journal \(name).journal kept" : ""
        // Samples the viewer could not take in while it recorded (the kernel's or its ring's drops) are not in it.
        let st = receiver.stats()
        let lost = st.dropped + st.kernelDropped - droppedAtStart
        let dropped = lost > 0 ? " (\(lost) dropped while recording: the viewer fell behind the tracker)" : ""
        for candidate in (1...1000).map({ LiveViewerSource.numbered(stem, $0) }) {
            do {
                try AtomicFile.write(bytes, to: joinPath(takeFolder, candidate), overwrite: false)
                journalHold?.removeJournal(at: journal)
                return "wrote \(samples.count) samples to \(candidate)" + dropped
            } catch let e as AtomicFileError where e.refusedExisting {
                continue
            } catch {
                return "take not written\(kept): \(error)"
            }
        }
        return "take not written\(kept): \(stem).csv to \(stem)-1000.csv all exist in \(takeFolder)"
    }

    /// The `n`-th name of a take from `stem`: `STEM.csv`, then `STEM-2.csv`, `STEM-3.csv` ...
    static func numbered(_ stem: String, _ n: Int) -> String { stem + (n == 1 ? "" : "-\(n)") + ".csv" }

    func finishRecording() -> String? {
        guard recording != nil else { return nil }
        recording! += receiver.drain()
        return toggleRecording()
    }

    /// `live-UNIXTIME.csv`, or `live-UNIXTIME-N.csv` when that take or its journal exists (a second take in the same
    /// second was refused, and its samples lost).
    private func freeTakeName() -> String {
        let stem = "live-\(Int(Date().timeIntervalSince1970))"
        for n in 1...1000 {
            let name = LiveViewerSource.numbered(stem, n)
            if !RecordCommand.exists(joinPath(takeFolder, name)) && !RecordCommand.exists(joinPath(takeFolder, name + ".journal")) {
                return name
            }
        }
        return stem + "-\(UInt32.random(in: 1001...UInt32.max)).csv"
    }

    deinit { receiver.stop() }

    func poll() -> (update: LiveCameraUpdate?, status: String) {
        let drained = receiver.drain()
        let fresh = drained.last
        if let fresh { last = fresh }
        if recording != nil { recording! += drained }
        let stats = receiver.stats()
        var status = (recording.map { "REC \($0.count)  " } ?? "")
        // A journal that stopped being written (a full disk): what arrives since is only in memory; said first.
        if recording != nil, journaling, let why = stats.journalFailure {
            status += "JOURNAL STOPPED (\(why)): a kill loses what arrives now  "
        }
        status += "\(label)  \(formatFixed(stats.packetsPerSecond, 1)) pkt/s  accepted \(stats.accepted)"
            + "  rejected \(stats.rejected)"
        if stats.dropped + stats.kernelDropped > 0 { status += "  " + stats.droppedText }
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
