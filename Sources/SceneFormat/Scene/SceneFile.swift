// SceneFile: reads a scene file from disk and parses it, resolving the files it names beside it.

import FoundationEssentials
import SceneModel

/// Loading scene files for every command and the viewer: the one place a scene's bytes are read.
public enum SceneFile {
    /// Reads and parses a scene file; errors are `FILE:LINE:COLUMN: error: message` lines.
    public static func load(path: String) throws -> Scene {
        let bytes = try readBytes(path, kind: "scene file", maxBytes: SceneLoader.maxBytes)
        do {
            let scene = try SceneLoader.load(bytes: bytes, name: path, fileExists: { tried in
                var dir: Bool = false
                return FileManager.default.fileExists(atPath: tried, isDirectory: &dir) && !dir
            }, readFile: { tried in
                // Imported configs and meshes: refused above the config limit before they are read whole.
                var dir: Bool = false
                guard FileManager.default.fileExists(atPath: tried, isDirectory: &dir), !dir,
                      let size = (try? FileManager.default.attributesOfItem(atPath: tried))?[.size] as? Int,
                      size <= SceneLoader.maxImportBytes else { return nil }
                return FileManager.default.contents(atPath: tried).map { [UInt8]($0) }
            })
            for w in scene.warnings { warn?(w) }
            return scene
        } catch let e as SceneError {
            throw JobError.input(e.description)
        }
    }

    /// Whether `path` names a scene file by its extension (`.yaml`, `.yml`, any case) rather than a model.
    public static func isScenePath(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// An input error naming `path` when it is missing, a folder, a pipe, a socket or a device (not a `kind`).
    public static func checkIsFile(_ path: String, kind: String) throws {
        _ = try fileAttributes(path, kind: kind)
    }

    /// `checkIsFile`'s checks, and the attributes of the file (the link followed) for the caller's further use.
    static func fileAttributes(_ path: String, kind: String) throws -> [FileAttributeKey: Any]? {
        var isDir: Bool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw JobError.input("\(path): no such file")
        }
        guard !isDir else { throw JobError.input("\(path): is a directory, not a \(kind)") }
        // A pipe blocked the reader until something wrote to it (an OBJ from `mkfifo` hung `info` forever); a device
        // has no end. Files only, the link followed.
        let attributes = try? FileManager.default.attributesOfItem(atPath: URL(fileURLWithPath: path).resolvingSymlinksInPath().path)
        if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
            let what: String
            switch type {
            case .typeCharacterSpecial, .typeBlockSpecial: what = "a device"
            case .typeSocket: what = "a socket"
            default: what = "a pipe"
            }
            throw JobError.input("\(path): is \(what), not a \(kind)")
        }
        return attributes
    }

    /// A file's bytes, or an input error naming it: missing, a folder (not a `kind`), or unreadable. Scene and
    /// model files are read through this.
    public static func readBytes(_ path: String, kind: String, maxBytes: Int? = nil) throws -> [UInt8] {
        [UInt8](try readData(path, kind: kind, maxBytes: maxBytes))
    }

    /// `readBytes` without the copy into an array. A file over `maxBytes` (the size of the file a link names) is
    /// refused by its size before it is read (a sparse 8 GB `.yaml` took 16.8 GB to be told it was too big).
    public static func readData(_ path: String, kind: String, maxBytes: Int? = nil) throws -> Data {
        let attributes = try fileAttributes(path, kind: kind)
        if let maxBytes, let size = attributes?[.size] as? Int, size > maxBytes {
            throw JobError.input("\(path): the file is \(size) bytes; a \(kind) may be at most \(maxBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            if !FileManager.default.isReadableFile(atPath: path) {
                throw JobError.input("\(path): cannot be read: permission denied")
            }
            // Readable yet no contents: a device with no end (/dev/zero) or a failed read (it said "permission
            // denied?", even to root).
            throw JobError.input("\(path): cannot be read to its end (a device, or a read error)")
        }
        return data
    }

    /// Where a loaded scene's warnings go (nil: nowhere). Set once by the app before any scene is loaded (the
    /// command line writes each distinct line to stderr once); this layer does no terminal I/O.
    nonisolated(unsafe) public static var warn: (@Sendable (String) -> Void)?
}
