// FrameFiles: how every single-frame render writes its outputs — checked first, encoded, written atomically.

import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import SceneModel

/// The files of one rendered frame: the colour PNG and, when asked, the depth AOV beside it.
enum FrameFiles {
    /// `FILE.depth.png` beside `FILE.png`.
    static func depthPath(for outPath: String) -> String {
        let base = outPath.lowercased().hasSuffix(".png") ? String(outPath.dropLast(4)) : outPath
        return base + ".depth.png"
    }

    /// Refuses before any work: a non-PNG name, or existing outputs without `overwrite`.
    static func check(outPath: String, depth: Bool, overwrite: Bool) throws {
        guard outPath.lowercased().hasSuffix(".png") else {
            throw JobError.usage("--out must name a .png file, got '\(outPath)'")
        }
        guard !overwrite else { return }
        for p in [outPath] + (depth ? [depthPath(for: outPath)] : []) where FileManager.default.fileExists(atPath: p) {
            throw JobError.input("\(p): already exists (pass --overwrite to replace it)")
        }
    }

    /// Encodes and writes the frame (and its depth, millimetres, when given), each atomically; if a later file
    /// fails, the ones written before it are removed, so nothing is left half done. Returns the paths written.
    /// Depth past what 16-bit millimetres hold is said (`notify`), not clamped silently. `opaque`: an RGB file (a
    /// scene's frames are opaque: written as sequences and the viewer's snapshots write them, the same bytes).
    static func write(_ image: RGBA8Image, depth: [Float]?, outPath: String, overwrite: Bool, opaque: Bool = false,
                      notify: @Sendable (String) -> Void = noticeOnStderr) throws -> [String] {
        var files: [(String, [UInt8])] = []
        do {
            files.append((outPath, try PNGCodec.encode(image, compression: .default, dropAlpha: opaque)))
            if let d = depth {
                let far = DepthAOV.farPixels(d)
                if far > 0 {
                    notify("\(depthPath(for: outPath)): \(far) pixel\(far == 1 ? " is" : "s are") farther than 65.534 m, "
                           + "the most 16-bit millimetres hold: written as 65534 (EXR sequences keep depth in metres)")
                }
                let aov = DepthAOV.encode(d, width: image.width, height: image.height)
                files.append((depthPath(for: outPath), try PNGCodec.encode(aov, compression: .default)))
            }
        } catch {
            throw JobError.input("\(outPath): PNG encoding failed: \(error)")
        }
        var written: [String] = []
        for (path, bytes) in files {
            do {
                try AtomicFile.write(bytes, to: path, overwrite: overwrite)
                written.append(path)
            } catch {
                for p in written { try? FileManager.default.removeItem(atPath: p) }
                throw JobError.input("\(error)")
            }
        }
        return written
    }
}
