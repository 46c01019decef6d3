// HugePNG: a grey PNG of any size in a few hundred kilobytes (deflate back-references to the previous row),
// for tests of images that are small on disk and huge decoded.

/// Writes an 8-bit grey PNG of `width` x `height` whose every row is `row` (filter 0), without libpng or zlib:
/// the first row as fixed-Huffman literals, every later byte as length-258 copies from one row back. A
/// 16384 x 16384 image is about 3.4 MB.
public enum HugePNG {
    public static func grey(width: Int, height: Int, row: (Int) -> UInt8) -> [UInt8] {
        let stride = width + 1
        let firstRow: [UInt8] = [0] + (0..<width).map(row)
        var bits = BitWriter()
        bits.put(1, count: 1)  // BFINAL
        bits.put(1, count: 2)  // BTYPE 01: fixed Huffman
        for b in firstRow { bits.literal(Int(b)) }
        var left = stride * (height - 1)
        while left >= 258 {
            bits.code(0b1100_0101, count: 8)  // length code 285: 258, no extra bits
            bits.distance(stride)
            left -= 258
        }
        var k = stride * height - left
        while left > 0 { bits.literal(Int(firstRow[k % stride])); k += 1; left -= 1 }
        bits.code(0, count: 7)  // end of block (256)
        // Adler-32 of the raw rows, a row at a time (every row is the same bytes): a row of L bytes r_i turns
        // (a, b) into (a + S, b + L·a + W) with S = Σ r_i and W = Σ (L - i)·r_i.
        let m: UInt64 = 65521
        var sum: UInt64 = 0, weighted: UInt64 = 0
        for (i, byte) in firstRow.enumerated() {
            sum += UInt64(byte)
            weighted += UInt64(stride - i) * UInt64(byte)
        }
        var a: UInt64 = 1, b: UInt64 = 0
        for _ in 0..<height {
            b = (b + UInt64(stride) % m * a + weighted) % m
            a = (a + sum) % m
        }
        let zlib: [UInt8] = [0x78, 0x01] + bits.bytesFlushed + be(UInt32((b << 16) | a))
        var header = be(UInt32(width)) + be(UInt32(height))
        header += [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    static func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let t = Array(type.utf8)
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in t + data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return be(UInt32(data.count)) + t + data + be(~crc)
    }

    /// Deflate's bit order: header fields and extra bits LSB first, Huffman codes MSB first.
    struct BitWriter {
        var bytes: [UInt8] = []
        var acc: UInt32 = 0
        var n = 0
        mutating func put(_ value: Int, count: Int) {
            acc |= UInt32(value & ((1 << count) - 1)) << n
            n += count
            while n >= 8 { bytes.append(UInt8(acc & 0xFF)); acc >>= 8; n -= 8 }
        }
        mutating func code(_ value: Int, count: Int) {
            var reversed = 0
            for i in 0..<count { reversed |= ((value >> i) & 1) << (count - 1 - i) }
            put(reversed, count: count)
        }
        /// A fixed-Huffman literal byte: 0-143 in 8 bits from 0x30, 144-255 in 9 bits from 0x190.
        mutating func literal(_ v: Int) {
            if v < 144 { code(0x30 + v, count: 8) } else { code(0x190 + v - 144, count: 9) }
        }
        /// A distance as its 5-bit code and extra bits (RFC 1951 table).
        mutating func distance(_ d: Int) {
            var base = 1, codeNumber = 0
            var table: [(Int, Int)] = []
            for c in 0..<30 {
                if c < 4 { table.append((c + 1, 0)); continue }
                let extra = c / 2 - 1
                let first: Int = (1 << extra) * (2 + c % 2) + 1
                table.append((first, extra))
            }
            for (c, (b, _)) in table.enumerated() where b <= d { base = b; codeNumber = c }
            code(codeNumber, count: 5)
            put(d - base, count: table[codeNumber].1)
        }
        var bytesFlushed: [UInt8] { n > 0 ? bytes + [UInt8(acc)] : bytes }
    }
}
