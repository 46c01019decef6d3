// MarkEditor: marks dropped in the viewer (`m`), listed (`M`) and saved into the scene file (`S`).

import FoundationEssentials
import FrameOutput
import Geometry
import SceneFormat
import SceneModel

/// The marks dropped this session, not yet in the scene file, each with the take frame it was dropped at.
struct MarkEditor {
    private(set) var dropped: [(mark: Mark, frame: Int?)] = []

    /// Drops a mark at `camera` as it is (position, pan, tilt, roll, focal length, focus), named `M<n>` after the
    /// first free number; returns the line to show.
    mutating func drop(at camera: ShotCamera, cameraName: String?, frame: Int?, existing: [Mark]) -> String {
        let taken = Set(existing.map(\.name) + dropped.map(\.mark.name))
        var n = dropped.count + 1
        while taken.contains("M\(n)") { n += 1 }
        let p = camera.pose
        let mark = Mark(name: "M\(n)", camera: cameraName, position: p.position, panDegrees: p.panDegrees,
                        tiltDegrees: p.tiltDegrees, rollDegrees: p.rollDegrees, focalLengthMM: camera.focalLengthMM,
                        focusDistanceM: camera.focusDistanceM)
        dropped.append((mark, frame))
        return "mark \(mark.name) at \(Self.point(p.position)) (\(dropped.count) new; S saves them to the scene, M lists)"
    }

    /// The take frames marks were dropped at (stops for `[` `]`).
    var frames: [Int] { dropped.compactMap(\.frame) }

    /// The marks overlay's lines: the scene's marks, then the new ones (`+`).
    func lines(existing: [Mark]) -> [String] {
        var lines = ["marks (M closes)", ""]
        func line(_ m: Mark, _ tag: String) -> String {
            "\(tag) \(m.name)  \(Self.point(m.position))  pan \(formatFixed(m.panDegrees, 1))  tilt \(formatFixed(m.tiltDegrees, 1))"
                + (m.rollDegrees != 0 ? "  roll \(formatFixed(m.rollDegrees, 1))" : "")
                + (m.focalLengthMM.map { "  \(formatFixed($0, 1))mm" } ?? "")
        }
        lines += existing.map { line($0, " ") }
        lines += dropped.map { line($0.mark, "+") }
        if lines.count == 2 { lines.append("no marks: m drops one here") }
        if !dropped.isEmpty { lines += ["", "+ new: S saves them to the scene file"] }
        return lines
    }

    /// `S`: the new marks appended to the scene file's `marks:` list, every other line kept; the edited text must
    /// load before it replaces the file (written under a temporary name, then renamed). Returns the line to show.
    mutating func save(to file: String) -> String {
        guard !dropped.isEmpty else { return "no new marks to save (m drops one)" }
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let edited = try SceneFileEdit.appendingMarks(dropped.map(\.mark), to: text)
            _ = try SceneLoader.load(bytes: Array(edited.utf8), name: file) { _ in true }
            try AtomicFile.write(Array(edited.utf8), to: file, overwrite: true)
            let n = dropped.count
            dropped.removeAll()
            return "saved \(n) mark\(n == 1 ? "" : "s") to \(file)"
        } catch {
            return "marks not saved: \(error)"
        }
    }

    static func point(_ p: SIMD3<Double>) -> String {
        "\(formatFixed(p.x, 2)),\(formatFixed(p.y, 2)),\(formatFixed(p.z, 2))"
    }
}
