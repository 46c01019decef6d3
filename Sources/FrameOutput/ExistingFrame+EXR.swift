// ExistingFrame+EXR: the resumed-sequence check for OpenEXR frames (header, size, every chunk inside the file).

import ImageCodecs

extension ExistingFrame {
    /// An EXR frame's problem: not an EXR, a broken header, a chunk past the end (cut short), another size, other
    /// channels than `channels` (when given), or (with `decode`) a chunk that does not decompress. The whole file
    /// is read: the chunk offset table follows the header and the chunks may end anywhere.
    static func exrProblem(path: String, head: [UInt8], size: Int, width: Int, height: Int, channels: [String]?,
                           decode: Bool) -> Problem? {
        guard size > 0 else { return .damaged("empty file") }
        guard head.starts(with: EXRCodec.magic) else {
            if let other = ImageFormat.sniff(head) { return .damaged("a \(other.rawValue.uppercased()) file, the sequence is EXR") }
            return .damaged("not an OpenEXR file (no magic number)")
        }
        guard let bytes = readAll(path) else { return .damaged("cannot be read") }
        do {
            let (w, h, found) = try EXRCodec.check(bytes, decode: decode)
            guard w == width && h == height else { return .otherSize(width: w, height: h, expected: (width, height)) }
            if let channels, Set(found) != Set(channels) {
                return .otherChannels(found: found.sorted(), expected: channels.sorted())
            }
        } catch {
            return .damaged("\(error)")
        }
        return nil
    }
}
