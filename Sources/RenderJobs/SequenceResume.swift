// SequenceResume: what `render --skip-existing` keeps of a folder: whole frames of this run's size, format and
// layers; sidecars that record the same shot; the records of frames a partial re-run does not render.

import FoundationEssentials
import Geometry
import FrameOutput
import ImageCodecs
import SceneModel

#if canImport(Glibc)
    import Glibc
#endif

extension SequenceRender {
    /// The planned frames already in the folder (indices into `p.frames`).
    struct ExistingFrames {
        /// Whole frames of this run's size and format, kept by --skip-existing (empty without it).
        var kept = Set<Int>()
        /// Damaged frames rendered again and replaced.
        var redo = Set<Int>()
        /// Why a kept EXR frame is another run's (its channels, or the shot its header records), said after the
        /// sidecars' comparison, which names the options that differ.
        var otherRun: String?
    }

    /// The frames of `p` already on disk. Without --overwrite or --skip-existing any is refused (so is the sidecar);
    /// resuming keeps only whole frames of this size and format, damaged ones are rendered again (and replaced),
    /// and a whole frame of another size means the folder holds another size: refused, not mixed.
    static func existingFrames(_ r: SequenceRequest, plan p: SequencePlan, width w: Int, height h: Int,
                               sidecarPath: String) throws -> ExistingFrames {
        let writes = r.encoding != .discard
        var existing = Set<Int>()
        for (i, f) in p.frames.enumerated() where writes && FileManager.default.fileExists(atPath: f.path) {
            existing.insert(i)
        }
        var redo = Set<Int>()
        var otherRun: String?
        if r.skipExisting {
            var damaged: [(Int, String)] = []
            // EXR frames name their channels: one without this run's layers (or with others) is another run's, even
            // when no sidecar says so (removed, or another --sidecar name).
            let channels: [String]? = { if case .exr = r.encoding { return Self.exrChannels(view: r.view, aovs: r.aovs) }
                                        return nil }()
            for i in existing.sorted() {
                let f = p.frames[i]
                // An EXR frame's header names its shot (timecode, focal length, camera pose): a frame of another take
                // is another run's even when no sidecar says so.
                let shot: EXRAttributes? = channels == nil ? nil
                    : exrAttributes(frame: f, view: r.view, cameraName: p.camera?.name, rate: p.rate, version: r.version)
                switch ExistingFrame.problem(path: f.path, format: r.encoding.formatName, width: w, height: h,
                                             exrChannels: channels, exrShot: shot, decode: r.verify) {
                case nil: break
                case .damaged(let why)?: damaged.append((i, why))
                case .otherSize(let fw, let fh, _)?:
                    throw JobError.usage("\(f.path): the sequence was rendered at \(fw)x\(fh), this run renders \(w)x\(h): "
                        + "resume with --size \(fw)x\(fh), or render into another folder")
                case .otherChannels(let found, let expected)?:
                    // A hostile frame's names (300 of 254 characters made a 65 KB line) are listed short.
                    func list(_ names: [String]) -> String {
                        let shown = names.prefix(12).map { DisplayWidth.shortened($0, columns: 32, mark: "…") }
                        return shown.joined(separator: ", ") + (names.count > 12 ? " and \(names.count - 12) more" : "")
                    }
                    otherRun = otherRun ?? "\(f.path): the frame has channels \(list(found)), "
                        + "this run writes \(list(expected)): resume with the view and --aov it was "
                        + "rendered with, or render into another folder"
                case .otherShot(let what)?:
                    otherRun = otherRun ?? "\(f.path): the frame records another shot (\(what), frame \(f.state.frame)): "
                        + "resume with the take it was rendered with, or render into another folder"
                }
            }
            for (i, why) in damaged {
                r.notify("\(p.frames[i].path): \(why): rendering it again")
                redo.insert(i)
            }
            existing.subtract(redo)
        }
        if !r.overwrite && !r.skipExisting {
            if let first = existing.min() {
                throw JobError.input("\(p.frames[first].path): already exists (\(existing.count) of the \(p.frames.count) frames do; pass --overwrite to replace them or --skip-existing to resume)")
            }
            if writes && FileManager.default.fileExists(atPath: sidecarPath) {
                throw JobError.input("\(sidecarPath): already exists (pass --overwrite to replace it or --skip-existing to resume)")
            }
        }
        if !r.skipExisting { existing.removeAll() }
        return ExistingFrames(kept: existing, redo: redo, otherRun: otherRun)
    }

    /// What the folder's own sidecar (`data`) says of frames this run does not render (a partial re-run, `--frames 2-3`,
    /// of a 0-9 sequence), pending where their files are not there: the re-run's sidecar listed only its own frames,
    /// and the others' timecodes and poses were lost. A frame this run keeps has its times and size kept in `sidecar`.
    static func carriedRecords(_ data: Data, into sidecar: inout SequenceSidecar, plan p: SequencePlan,
                               folder dir: String) -> [SequenceSidecar.Frame] {
        var carried: [SequenceSidecar.Frame] = []
        guard let old = try? JSONDecoder().decode(SequenceSidecar.self, from: data) else { return [] }
        let mine = Dictionary(sidecar.frames.enumerated().map { ($1.frame, $0) }, uniquingKeysWith: { a, _ in a })
        // A record is carried only for a frame of this take, once, named as this run's pattern names it, with the
        // take's timecode there (an edited sidecar's `..`, duplicates or frames of another take are not).
        let take = Dictionary(p.timeline.frames.map { ($0.frame, $0.timecode.description) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Int>()
        for f in old.frames {
            let done = f.status == "written" || f.status == "skipped"
            if let i = mine[f.frame] {
                guard done, sidecar.frames[i].status == "skipped", sidecar.frames[i].file == f.file else { continue }
                sidecar.frames[i].renderMS = f.renderMS
                sidecar.frames[i].encodeMS = f.encodeMS
                sidecar.frames[i].writeMS = f.writeMS
                sidecar.frames[i].bytes = f.bytes
                continue
            }
            guard take[f.frame] == f.timecode, f.file == p.pattern.name(frame: f.frame), seen.insert(f.frame).inserted
            else { continue }
            var st = stat()
            let onDisk = stat(joinPath(dir, f.file), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
            var g = f
            if !(done && onDisk) {
                // Not rendered yet (an interrupted run's), or gone: still the sequence's, and not done.
                g.status = "pending"
                (g.renderMS, g.encodeMS, g.writeMS, g.bytes) = (nil, nil, nil, nil)
            }
            carried.append(g)
        }
        return carried
    }

    /// Why the sequence sidecars in `dir` (`sequence*.json`) record another shot than `mine`: another view or camera,
    /// or, at a frame number both have, another timecode or camera pose (one line naming the sidecar and the
    /// frame); nil when none does. Files that are not sidecars are passed over; a sidecar that cannot be read (this
    /// run's own, `own`, or any file holding `xrstudio_version`: damaged, hand-edited), or that is unreadable, not a
    /// file or past `maxSidecarBytes` is a conflict too: its frames cannot be checked, and this run would overwrite it
    /// as complete.
    static func resumeConflict(in dir: String, with mine: SequenceSidecar, own: String = SequenceSidecar.fileName) -> String? {
        struct Recorded: Decodable {
            struct View: Decodable { var camera: String? }
            struct Frame: Decodable {
                var frame: Int
                var timecode: String
                var camera: SequenceSidecar.CameraPose
            }
            var take: String
            var takeSet: String?
            var xrView: String?
            var view: View?
            var frames: [Frame]
            var format: String?
            var jpegQuality: Int?
            var exrCompression: String?
            var burnIn: Bool?
            var aovs: [String]?
            enum CodingKeys: String, CodingKey {
                case take, view, frames, format, aovs, xrView = "xr_view", jpegQuality = "jpeg_quality", takeSet = "take_set"
                case exrCompression = "exr_compression", burnIn = "burn_in"
            }
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix("sequence") && $0.hasSuffix(".json") }.sorted()
        let ours = Dictionary(mine.frames.map { ($0.frame, $0) }, uniquingKeysWith: { a, _ in a })
        for name in names {
            let path = joinPath(dir, name)
            let old: Recorded
            switch sidecarData(path, frames: mine.frames.count) {
            case .failure(let why):
                // Unreadable, not a file, or too large to be read: whatever it records cannot be checked.
                return "\(path) \(why.text), so the frames it records cannot be checked"
            case .success(let data):
                do {
                    old = try JSONDecoder().decode(Recorded.self, from: data)
                } catch {
                    struct Marked: Decodable {
                        var version: String?
                        enum CodingKeys: String, CodingKey { case version = "xrstudio_version" }
                    }
                    let isSidecar = name == own || (try? JSONDecoder().decode(Marked.self, from: data))?.version != nil
                    if isSidecar {
                        return "\(path) cannot be read as a sequence sidecar (\(decodingText(error))), so the frames it records cannot be checked"
                    }
                    continue
                }
            }
            let where_ = "\(path) records take '\(old.take)'"
            // Another take set shows other frusta on the wall around the same camera's shot (a sidecar of a set written
            // before sets were recorded cannot say which: refused too, rather than mixed).
            if old.takeSet != mine.takeSet {
                func set(_ name: String?) -> String { name.map { "take set '\($0)'" } ?? "no take set" }
                return "\(where_) of \(set(old.takeSet)); this run renders \(set(mine.takeSet))"
            }
            if let v = old.xrView, v != mine.xrView {
                return "\(where_), view \(v); this run renders view \(mine.xrView)"
            }
            if old.view?.camera != mine.view.camera {
                return "\(where_), camera '\(old.view?.camera ?? "none")'; this run renders camera '\(mine.view.camera ?? "none")'"
            }
            // Output options that change the frames (or, for EXR compression, what the sidecar says of them): frames
            // made with others were kept and the sidecar called the mix complete. PNG levels give the same pixels.
            // Sidecars written before an option was recorded say nothing of it, and are not held to it.
            func differs<T: Equatable>(_ old: T?, _ new: T?) -> Bool { old != nil && old != new }
            if differs(old.format, mine.format) || differs(old.jpegQuality, mine.jpegQuality)
                || differs(old.exrCompression, mine.exrCompression) {
                func said(_ f: String?, _ q: Int?, _ c: String?) -> String {
                    (f ?? "?") + (q.map { " quality \($0)" } ?? "") + (c.map { " \($0)" } ?? "")
                }
                return "\(where_), frames in \(said(old.format, old.jpegQuality, old.exrCompression)); this run writes "
                    + said(mine.format, mine.jpegQuality, mine.exrCompression)
            }
            if differs(old.burnIn, mine.burnIn) {
                return "\(where_), frames \(old.burnIn == true ? "with" : "without") the burn-in; this run writes them "
                    + (mine.burnIn == true ? "with" : "without")
            }
            if differs(old.aovs.map(Set.init), mine.aovs.map(Set.init)) {
                func list(_ a: [String]?) -> String { (a ?? []).isEmpty ? "no layers" : "layers " + (a ?? []).joined(separator: ",") }
                return "\(where_), frames with \(list(old.aovs)); this run writes \(list(mine.aovs))"
            }
            for f in old.frames {
                guard let m = ours[f.frame] else { continue }
                if f.timecode != m.timecode || !f.camera.sameShot(as: m.camera) {
                    return "\(where_), whose frame \(f.frame) (\(f.timecode)) is another shot than this run's "
                        + "(take '\(mine.take)', \(m.timecode))"
                }
            }
        }
        return nil
    }
}
