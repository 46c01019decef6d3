// SequenceSidecar: the `sequence.json` a sequence writes beside its frames: what was rendered, from what, and how
// each frame went; read back when a run resumes.

import FoundationEssentials
import FrameOutput
import Geometry
import RasterCore
import SceneModel
import Shot

/// The sidecar `sequence.json`: what was rendered, from what, and how long each frame took.
public struct SequenceSidecar: Codable, Sendable, Equatable {
    public struct View: Codable, Sendable, Equatable {
        public var camera: String?
        /// The sensor height the image frames (sensor width / image aspect), millimetres.
        public var sensorHeightMM: Double
        public var defaultFocalMM: Double
        public var near: Double
        public var far: Double
        enum CodingKeys: String, CodingKey {
            case camera, near, far
            case sensorHeightMM = "sensor_height_mm", defaultFocalMM = "default_focal_mm"
        }
    }

    public struct CameraPose: Codable, Sendable, Equatable {
        public var position: [Double]
        public var panDeg: Double
        public var tiltDeg: Double
        public var rollDeg: Double
        public var focalMM: Double
        /// Focus distance (metres) and stop at this frame, as the EXR header's `focus` and `aperture` give them:
        /// what a compositor's defocus needs (nil in sidecars written before they were recorded).
        public var focusM: Double? = nil
        public var fStop: Double? = nil
        public var fovYDeg: Double
        public var heldInGap: Bool
        /// The lens's Brown-Conrady distortion at this frame (nil: a pinhole), for undistorting plates in a
        /// compositor: {"model": "U-D" or "D-U", "k1", "k2", "k3", "p1", "p2"} on OpenCV's normalised coordinates.
        public var distortion: LensDistortion? = nil
        enum CodingKeys: String, CodingKey {
            case position, distortion
            case panDeg = "pan_deg", tiltDeg = "tilt_deg", rollDeg = "roll_deg", focalMM = "focal_mm"
            case focusM = "focus_m", fStop = "f_stop"
            case fovYDeg = "fov_y_deg", heldInGap = "held_in_gap"
        }

        /// The same camera as `other`, as far as both record it: a sidecar written before focus and stop were
        /// recorded is not another shot for lacking them.
        func sameShot(as other: CameraPose) -> Bool {
            func agree(_ a: Double?, _ b: Double?) -> Bool { a == nil || b == nil || a == b }
            var a = self, b = other
            (a.focusM, a.fStop, b.focusM, b.fStop) = (nil, nil, nil, nil)
            return a == b && agree(focusM, other.focusM) && agree(fStop, other.fStop)
        }
    }

    public struct Frame: Codable, Sendable, Equatable {
        public var frame: Int
        public var timecode: String
        public var file: String
        /// "written" (this run, or an earlier one a partial re-run carried over), "skipped" (existed,
        /// --skip-existing), "pending" (not on disk: interrupted, or not rendered yet).
        public var status: String
        public var camera: CameraPose
        public var renderMS: Double?
        public var encodeMS: Double?
        public var writeMS: Double?
        public var bytes: Int?
        enum CodingKeys: String, CodingKey {
            case frame, timecode, file, status, camera, bytes
            case renderMS = "render_ms", encodeMS = "encode_ms", writeMS = "write_ms"
        }
    }

    public var xrstudioVersion: String
    public var scene: String
    /// The viewed camera's take; `takeSet` names the take set when the frames are one camera's view of a set (its
    /// other cameras' frusta are on the wall, so the set's name, not only the take, says what the frames show).
    public var take: String
    public var takeSet: String? = nil
    public var takeFile: String
    public var frameRate: String
    public var frameRange: [Int]
    public var every: Int
    public var size: [Int]
    public var pattern: String
    public var format: String
    public var pngCompression: String?
    public var jpegQuality: Int?
    /// "zip" or "piz" for an EXR sequence.
    public var exrCompression: String? = nil
    /// Whether the frames carry the burn-in (nil in sidecars written before it was recorded).
    public var burnIn: Bool? = nil
    /// The EXR layers added to each frame (`--aov`: "virtual", "P", "alpha"); nil in sidecars written before they were recorded.
    public var aovs: [String]? = nil
    public var view: View
    /// The XR view the frames show (virtual, camera, wall, plan, witness, section-N).
    public var xrView: String
    /// False while the render runs and after an interruption.
    public var complete: Bool
    public var interrupted: Bool
    public var frames: [Frame]

    enum CodingKeys: String, CodingKey {
        case scene, take, every, size, pattern, format, view, complete, interrupted, frames
        case xrView = "xr_view"
        case xrstudioVersion = "xrstudio_version", takeFile = "take_file", frameRate = "frame_rate"
        case frameRange = "frame_range", pngCompression = "png_compression", jpegQuality = "jpeg_quality"
        case exrCompression = "exr_compression", burnIn = "burn_in", aovs, takeSet = "take_set"
    }

    public static let fileName = "sequence.json"
}

extension SequenceSidecar {
    /// The sidecar of a run of `r` before rendering: every planned frame pending, or skipped when its index is in
    /// `skipped` (kept by --skip-existing).
    init(request r: SequenceRequest, plan p: SequencePlan, width w: Int, height h: Int, skipped: Set<Int>) {
        self.init(
            xrstudioVersion: r.version, scene: r.scenePath, take: p.takeName, takeSet: p.takeSet, takeFile: p.takeFile,
            frameRate: p.rate.description, frameRange: [p.frames.first!.state.frame, p.frames.last!.state.frame],
            every: r.every, size: [w, h], pattern: r.pattern, format: r.encoding.formatName,
            pngCompression: { if case .png(let c) = r.encoding { return c.rawValue } else { return nil } }(),
            jpegQuality: { if case .jpeg(let q) = r.encoding { return q } else { return nil } }(),
            exrCompression: { if case .exr(let c) = r.encoding { return c.rawValue } else { return nil } }(),
            burnIn: r.burnIn, aovs: r.aovs.map(\.rawValue),
            view: .init(camera: p.camera?.name, sensorHeightMM: (p.camera?.body.sensorWidthMM ?? 36) * Double(h) / Double(w),
                        defaultFocalMM: p.camera?.lens.focalLengthMM ?? 35, near: 0.05, far: 2000),
            xrView: r.view.name,
            complete: false, interrupted: false,
            frames: p.frames.enumerated().map { i, f in
                let pose = f.camera.pose
                return SequenceSidecar.Frame(
                    frame: f.state.frame, timecode: f.state.timecode.description, file: f.name,
                    status: skipped.contains(i) ? "skipped" : "pending",
                    camera: .init(position: [pose.position.x, pose.position.y, pose.position.z], panDeg: pose.panDegrees,
                                  tiltDeg: pose.tiltDegrees, rollDeg: pose.rollDegrees, focalMM: f.camera.focalLengthMM,
                                  focusM: f.camera.focusDistanceM, fStop: f.camera.fStop,
                                  fovYDeg: pose.fovYDegrees, heldInGap: f.state.source == .heldInGap,
                                  distortion: f.camera.distortion))
            })
    }
}

extension SequenceRender {
    /// The `size` a sidecar's bytes record, or nil when they do not say (then the frames' own headers are checked
    /// one by one).
    static func recordedSize(_ data: Data) -> [Int]? {
        struct Sized: Decodable { var size: [Int] }
        // A size no run can have (an edited sidecar's Int.max) says nothing; it was offered back as `--size` advice.
        guard let s = try? JSONDecoder().decode(Sized.self, from: data), s.size.count == 2,
              s.size.allSatisfy({ (1...RasterLimits.maxDimension).contains($0) }) else { return nil }
        return s.size
    }

    /// A sidecar's decoding error as its field and what is wrong there, without Swift's type names.
    static func decodingText(_ error: Error) -> String {
        guard let e = error as? DecodingError else { return "not valid JSON" }
        func field(_ c: DecodingError.Context, _ last: CodingKey? = nil) -> String {
            let p = (c.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            let path = p.hasPrefix(".") ? String(p.dropFirst()) : p
            return path.isEmpty ? "the file" : path  // a sidecar of just `null` said "( is null)"
        }
        switch e {
        case .keyNotFound(let key, let c): return "\(field(c, key)) is missing"
        case .typeMismatch(_, let c): return "\(field(c)) is not what a sidecar holds there"
        case .valueNotFound(_, let c): return "\(field(c)) is null"
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not valid JSON" : "\(field(c)) is not valid"
        @unknown default: return "not valid JSON"
        }
    }

    /// The most bytes a sequence sidecar of `frames` frames is read at: 4 KB a frame (a frame's record is about
    /// 820 bytes with a distortion), at least 64 MB. A larger file (a sparse 1 GB `sequence-old.json` took 1 GB to be
    /// passed over) is not read; a long take's own sidecar (340,000 frames, 265 MB) is.
    public static func maxSidecarBytes(frames: Int) -> Int { max(64 << 20, frames * 4096) }

    struct SidecarUnreadable: Error {
        var text: String
    }

    /// A sidecar's bytes: a regular file of at most `maxSidecarBytes(frames:)`.
    static func sidecarData(_ path: String, frames: Int) -> Result<Data, SidecarUnreadable> {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path) else {
            return .failure(SidecarUnreadable(text: "cannot be read"))
        }
        guard (a[.type] as? FileAttributeType) == .typeRegular else { return .failure(SidecarUnreadable(text: "is not a file")) }
        let size = a[.size] as? Int ?? 0
        let cap = maxSidecarBytes(frames: frames)
        guard size <= cap else {
            func mb(_ n: Int) -> Int { (n + (1 << 20) - 1) >> 20 }
            return .failure(SidecarUnreadable(text: "is \(mb(size)) MB, more than a sequence sidecar of this run's \(frames) frames is read at (\(mb(cap)) MB)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { return .failure(SidecarUnreadable(text: "cannot be read")) }
        return .success(data)
    }

    static func writeSidecar(_ s: SequenceSidecar, to path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        var bytes = [UInt8](try enc.encode(s))
        bytes.append(10)
        do { try AtomicFile.write(bytes, to: path, overwrite: true) } catch { throw JobError.input("\(error)") }
    }
}
