// ExistingFrame: is a frame already in a sequence's folder whole and of the right size, so a resumed render
// (--skip-existing) may keep it? Headers and file ends are checked cheaply; --verify decodes the whole image.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import ImageCodecs

/// Checks a frame file left by an earlier run before a resumed sequence keeps it.
///
/// A frame written by `AtomicFile` is complete, but a folder may also hold frames copied by hand, cut short by a
/// full disk on a file server, or rendered at another size. The cheap check reads the first 64 KiB and the last
/// bytes: the signature must be the sequence's format, the header's dimensions the sequence's size, and the file
/// must end as a whole file does (PNG: an IEND chunk, the last 12 bytes; JPEG: the EOI marker FF D9; OpenEXR, which
/// has no end marker: every chunk its offset table lists lies inside the file). `decode`
/// also decodes every pixel (libpng/libjpeg), which catches corrupt data between a good header and a good end.
public enum ExistingFrame {
    /// What is wrong with an existing frame.
    public enum Problem: Sendable, CustomStringConvertible {
        /// Unreadable, not the sequence's format, cut short or corrupt: rendering it again repairs it.
        case damaged(String)
        /// A whole file of another size: the folder holds a sequence rendered at that size.
        case otherSize(width: Int, height: Int, expected: (width: Int, height: Int))
        /// A whole EXR with other channels: the folder holds a sequence rendered with other layers (or view).
        case otherChannels(found: [String], expected: [String])
        /// A whole EXR whose header records another shot than this run's frame: what differs (its timecode, focal
        /// length or camera pose). The folder holds another take's frames (its sidecar gone or named otherwise).
        case otherShot(String)

        public var description: String {
            switch self {
            case .damaged(let why): return why
            case .otherSize(let w, let h, let e): return "\(w)x\(h), the sequence is \(e.width)x\(e.height)"
            case .otherChannels(let found, let expected):
                return "channels \(found.joined(separator: ", ")), the sequence's are \(expected.joined(separator: ", "))"
            case .otherShot(let what): return what
            }
        }
    }

    /// Bytes read from the start for the header (a JPEG's SOF may follow large APPn segments such as EXIF).
    static let headLimit = 64 * 1024

    /// What keeps the frame at `path` from being kept (`.damaged("truncated: no IEND chunk at the end")`), or nil
    /// when it can be kept. `format` is the sequence's, "png", "jpeg" or "exr"; `exrChannels`, an EXR sequence's
    /// channel names (nil: not checked); `exrShot`, the header this run writes for the frame, whose timecode, focal
    /// length and camera pose a kept EXR frame must record where it records them (nil: not checked).
    public static func problem(path: String, format: String, width: Int, height: Int, exrChannels: [String]? = nil,
                               exrShot: EXRAttributes? = nil, decode: Bool) -> Problem? {
        let damaged = { (why: String) in Problem.damaged(why) }
        // A pipe or a device in a frame's place is never a frame (opening a FIFO to read it waited forever).
        var st = stat()
        if stat(path, &st) == 0, st.st_mode & S_IFMT != S_IFREG { return damaged("not a regular file") }
        guard let (head, tail, size) = readEnds(path) else { return damaged("cannot be read: \(String(cString: strerror(errno)))") }
        if format == "exr" {
            return exrProblem(path: path, head: head, size: size, width: width, height: height, channels: exrChannels,
                              shot: exrShot, decode: decode)
        }
        guard let found = ImageFormat.sniff(head) else {
            return damaged(size == 0 ? "empty file" : "not a PNG or JPEG file (no signature)")
        }
        guard found.rawValue == format else { return damaged("a \(found.rawValue.uppercased()) file, the sequence is \(format.uppercased())") }
        let dims: (Int, Int)?
        switch found {
        case .png:
            dims = pngSize(head)
            let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
            guard dims != nil else { return damaged("no PNG header (IHDR)") }
            guard tail.count >= 12, Array(tail.suffix(12)) == iend else { return damaged("truncated: no IEND chunk at the end") }
        case .jpeg:
            dims = jpegSize(head)
            guard dims != nil else { return damaged("no JPEG frame header (SOF) in the first \(headLimit / 1024) KiB") }
            guard tail.count >= 2, Array(tail.suffix(2)) == [0xFF, 0xD9] else { return damaged("truncated: no EOI marker at the end") }
        }
        let (w, h) = dims!
        guard w == width && h == height else { return .otherSize(width: w, height: h, expected: (width, height)) }
        if decode {
            guard let bytes = readAll(path) else { return damaged("cannot be read: \(String(cString: strerror(errno)))") }
            do {
                let image = try ImageFile.decode(bytes)
                guard image.width == width && image.height == height else {
                    return damaged("decodes to \(image.width)x\(image.height), the sequence is \(width)x\(height)")
                }
            } catch {
                return damaged("does not decode: \(error)")
            }
        }
        return nil
    }

    /// The width and height in a PNG's IHDR chunk, which must come first (bytes 8-23).
    static func pngSize(_ b: [UInt8]) -> (Int, Int)? {
        guard b.count >= 24, Array(b[12..<16]) == [0x49, 0x48, 0x44, 0x52] else { return nil }
        let be = { (i: Int) in Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        return (be(16), be(20))
    }

    /// The width and height in a JPEG's first SOFn segment, walking the marker segments from SOI.
    static func jpegSize(_ b: [UInt8]) -> (Int, Int)? {
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { i += 2; continue }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2 else { return nil }
            // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
                guard i + 9 <= b.count else { return nil }
                return (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6]))
            }
            if marker == 0xDA || marker == 0xD9 { return nil }  // scan data or the end before any frame header
            i += 2 + length
        }
        return nil
    }

    /// The first `headLimit` bytes, the last 12 and the file's size; nil (errno set) when it cannot be read.
    static func readEnds(_ path: String) -> (head: [UInt8], tail: [UInt8], size: Int)? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)  // never waits on a FIFO swapped in after the check
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        guard let head = readAt(fd, offset: 0, count: min(size, headLimit)),
              let tail = readAt(fd, offset: max(0, size - 12), count: min(size, 12)) else { return nil }
        return (head, tail, size)
    }

    /// The whole file; nil (errno set) when it cannot be read.
    static func readAll(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return readAt(fd, offset: 0, count: Int(st.st_size))
    }

    /// `count` bytes at `offset` (fewer if the file is shorter now), retrying short reads and EINTR.
    static func readAt(_ fd: Int32, offset: Int, count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        let ok = out.withUnsafeMutableBytes { buf -> Bool in
            while done < count {
                let n = pread(fd, buf.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { break }
                done += n
            }
            return true
        }
        guard ok else { return nil }
        return Array(out[..<done])
    }
}
