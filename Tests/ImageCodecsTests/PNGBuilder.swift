// PNGBuilder: writes tiny PNGs by hand (stored deflate, no libpng) so the decoder is tested on files it did not make.

/// Builds a PNG byte by byte from raw scanlines, with correct CRCs and an uncompressed (stored) zlib stream.
///
/// Independent of libpng on purpose: the colour types our encoder never writes (palette, 1-bit grey, grey+alpha,
/// 16-bit RGB, tRNS) come from here.
struct PNGBuilder {
    var width: UInt32
    var height: UInt32
    var bitDepth: UInt8
    var colorType: UInt8
    /// Extra chunks between IHDR and IDAT, e.g. ("PLTE", …), ("tRNS", …).
    var chunks: [(type: String, data: [UInt8])] = []
    /// Each row's bytes without the filter byte (filter 0 is added).
    var rows: [[UInt8]]

    /// The finished file.
    func bytes() -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = Self.bigEndian(width) + Self.bigEndian(height)
        header += [bitDepth, colorType, 0, 0, 0]
        out += Self.chunk("IHDR", header)
        for extra in chunks {
            out += Self.chunk(extra.type, extra.data)
        }
        out += Self.chunk("IDAT", Self.storedZlib(rows.flatMap { [0] + $0 }))
        out += Self.chunk("IEND", [])
        return out
    }

    /// Length, type, data, CRC-32 over type and data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc32(typeBytes + data))
    }

    /// A zlib stream of stored deflate blocks (at most 65535 bytes each) with its Adler-32.
    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65535, data.count - offset)
            let final: UInt8 = offset + count == data.count ? 1 : 0
            out += [final, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        return out + bigEndian(adler32(data))
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320), as PNG uses.
    static func crc32(_ data: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return ~crc
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return (b << 16) | a
    }
}
