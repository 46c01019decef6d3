// ExistingFrame+EXR: the resumed-sequence check for OpenEXR frames (header, size, every chunk inside the file).

import ImageCodecs

extension ExistingFrame {
    /// An EXR frame's problem: not an EXR, a broken header, a chunk past the end (cut short), another size, other
    /// channels than `channels` (when given), another shot than `shot` (when given: `otherShot`), or (with `decode`)
    /// a chunk that does not decompress. The whole file is read: the chunk offset table follows the header and the
    /// chunks may end anywhere.
    static func exrProblem(path: String, head: [UInt8], size: Int, width: Int, height: Int, channels: [String]?,
                           shot: EXRAttributes?, decode: Bool) -> Problem? {
        guard size > 0 else { return .damaged("empty file") }
        guard head.starts(with: EXRCodec.magic) else {
            if let other = ImageFormat.sniff(head) { return .damaged("a \(other.rawValue.uppercased()) file, the sequence is EXR") }
            return .damaged("not an OpenEXR file (no magic number)")
        }
        guard let bytes = readAll(path) else { return .damaged("cannot be read") }
        do {
            let file = try EXRCodec.check(bytes, decode: decode)
            let (w, h, found) = (file.width, file.height, file.channels)
            guard w == width && h == height else { return .otherSize(width: w, height: h, expected: (width, height)) }
            if let channels, Set(found) != Set(channels) {
                return .otherChannels(found: found.sorted(), expected: channels.sorted())
            }
            if let shot, let why = otherShot(file, shot) { return .otherShot(why) }
        } catch {
            return .damaged("\(error)")
        }
        return nil
    }

    /// What the header `file` records differently from `shot` (this run's header for the frame), each attribute
    /// compared where both have it, as the writer stores it (a float focal length, the packed timecode word).
    static func otherShot(_ file: EXRFileCheck, _ shot: EXRAttributes) -> String? {
        if let t = file.timecode, let e = shot.timecode, t != e {
            return "timeCode \(EXRTimecode.label(t)), this run's frame is \(EXRTimecode.label(e))"
        }
        if let f = file.focalLengthMM, let e = shot.focalLengthMM.map(Float.init), f.bitPattern != e.bitPattern {
            return "nominalFocalLength \(f) mm, this run's frame has \(e) mm"
        }
        if let m = file.worldToCamera, let e = shot.worldToCamera, m.map(\.bitPattern) != e.map(\.bitPattern) {
            return "a worldToCamera of another camera pose than this run's frame"
        }
        return nil
    }
}
