// GLBContainer: splits a binary glTF (.glb) into its JSON chunk and optional BIN chunk, checking every length.

/// The two chunks of a GLB file (glTF 2.0 section 4.4): a 12-byte header (magic "glTF", version 2, total
/// length), then chunks of (length, type, data). The first chunk must be JSON; a BIN chunk may follow; other
/// chunk types are skipped as the spec asks.
struct GLBContainer {
    var json: ArraySlice<UInt8>
    var bin: ArraySlice<UInt8>?

    static let magic: UInt32 = 0x4654_6C67     // "glTF" little-endian
    static let jsonChunk: UInt32 = 0x4E4F_534A // "JSON"
    static let binChunk: UInt32 = 0x004E_4942  // "BIN\0"

    /// True when `bytes` starts with the GLB magic.
    static func hasMagic(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 4 && readU32(bytes, 0) == magic
    }

    static func readU32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    /// Splits `bytes`; every length is checked against the bytes really present before it is used.
    init(bytes: [UInt8], name: String) throws {
        func fail(_ m: String) -> GLTFError { GLTFError(file: name, message: m) }
        guard bytes.count >= 12 else {
            throw fail(GLBContainer.hasMagic(bytes) || bytes.count < 4
                       ? "truncated GLB: \(bytes.count) bytes, the header alone needs 12"
                       : "not a GLB file (bad magic)")
        }
        guard GLBContainer.readU32(bytes, 0) == GLBContainer.magic else { throw fail("not a GLB file (bad magic)") }
        let version = GLBContainer.readU32(bytes, 4)
        guard version == 2 else { throw fail("GLB version \(version) is not supported (needs 2)") }
        let total = Int(GLBContainer.readU32(bytes, 8))
        guard total <= bytes.count else {
            throw fail("truncated GLB: header says \(total) bytes, the file has \(bytes.count)")
        }
        guard total >= 12 else { throw fail("GLB header length \(total) is smaller than the header") }
        var at = 12
        var json: ArraySlice<UInt8>?
        var bin: ArraySlice<UInt8>?
        var index = 0
        while at < total {
            guard total - at >= 8 else {
                throw fail("truncated GLB: chunk \(index) header at byte \(at) needs 8 bytes, \(total - at) remain")
            }
            let length = Int(GLBContainer.readU32(bytes, at))
            let type = GLBContainer.readU32(bytes, at + 4)
            let start = at + 8
            guard length <= total - start else {
                throw fail("truncated GLB: chunk \(index) says \(length) bytes, \(total - start) remain")
            }
            let data = bytes[start..<(start + length)]
            if index == 0 {
                guard type == GLBContainer.jsonChunk else { throw fail("the first GLB chunk is not JSON") }
                json = data
            } else if type == GLBContainer.binChunk {
                guard bin == nil else { throw fail("GLB has more than one BIN chunk") }
                bin = data
            }
            at = start + length
            index += 1
        }
        guard let json else { throw fail("GLB has no JSON chunk") }
        self.json = json
        self.bin = bin
    }
}
