// SystemUnifont: GNU Unifont from Debian's `unifont` package, read once, for text the built-in font cannot draw.

import FoundationEssentials
import Geometry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Imaging
import SceneFormat
import SceneModel

/// The Unifont that burn-ins and labels use for names the built-in 5x7 font cannot draw (`Lettering`): the
/// `.hex` file of Debian's `unifont` package, or the one `XRSTUDIO_UNIFONT` names (for example
/// `/usr/share/unifont/unifont_jp.hex`, Japanese forms of the Han characters). Read on first use, once per
/// process; a bitmap font read from a fixed file, so frames stay the same on every machine with it.
public enum SystemUnifont {
    public static let defaultPath = "/usr/share/unifont/unifont.hex"
    /// Unifont's `.hex` is 3.8 MB; anything far bigger is not it.
    static let maxBytes = 64 << 20

    /// The file read: `XRSTUDIO_UNIFONT` when set and not empty, else `defaultPath`.
    public static var path: String {
        if let p = getenv("XRSTUDIO_UNIFONT"), p.pointee != 0 { return String(cString: p) }
        return defaultPath
    }

    /// The font, or why it cannot be had (one line naming the file; a missing default says which package to
    /// install).
    public static let shared: Result<Unifont, JobError> = Result { try load(path: path) }.mapError { e in
        (e as? JobError) ?? JobError.input("\(e)")
    }

    /// Reads and parses a Unifont `.hex` file.
    public static func load(path: String) throws -> Unifont {
        if path == defaultPath, !FileManager.default.fileExists(atPath: path) {
            throw JobError.input("\(path): no such file (install Debian's unifont package)")
        }
        try SceneFile.checkIsFile(path, kind: "Unifont .hex file")
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maxBytes {
            throw JobError.input("\(path): \(size) bytes, too big for a Unifont .hex file (at most \(maxBytes))")
        }
        let bytes = try SceneFile.readBytes(path, kind: "Unifont .hex file")
        guard bytes.count <= maxBytes else {
            throw JobError.input("\(path): too big for a Unifont .hex file (at most \(maxBytes) bytes)")
        }
        let font: Unifont
        do {
            font = try Unifont(hex: bytes)
        } catch let e as Unifont.FormatError {
            throw JobError.input("\(path):\(e.line): not a Unifont .hex file: \(e.reason)")
        }
        // Whole blocks are drawn in it, ASCII too, and what it lacks as U+FFFD: a file without them would draw
        // nothing (an empty file parses).
        let needed = (0x20...0x7E).map { Unicode.Scalar($0)! } + ["\u{FFFD}"]
        if let missing = needed.first(where: { font.glyph($0) == nil }) {
            throw JobError.input("\(path): not a whole Unifont: no glyph for U+\(hexDigits(missing.value, atLeast: 4)) "
                + "(it needs printable ASCII and U+FFFD)")
        }
        return font
    }

    /// Unifont for `lines` when the built-in font cannot draw them whole: the font, or nil with `warn` told why
    /// such characters will show as `?` (`what` names the text, such as "burn-in"; the file is read once per
    /// process, and the command line's warning sink says each distinct line once).
    public static func forText(_ lines: [String], what: String, warn: (String) -> Void) -> Unifont? {
        guard lines.contains(where: { !Lettering.builtInDraws($0) }) else { return nil }
        switch shared {
        case .success(let font):
            let missing = Lettering.undrawable(in: lines, unifont: font)
            if !missing.isEmpty {
                warn("\(what): no glyph for \(missing.map { "'\($0)'" }.joined(separator: " ")) in \(path); drawn as a replacement mark")
            }
            return font
        case .failure(let e):
            let missing = Lettering.undrawable(in: lines, unifont: nil)
            warn("\(what): \(missing.map { "'\($0)'" }.joined(separator: " ")) drawn as '?': \(e)")
            return nil
        }
    }
}
