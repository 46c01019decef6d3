// PixelGraphics: real pixels in terminals that can show them — the kitty graphics protocol and sixel — as byte
// sequences, and the reading of a terminal's answer to the (DA1-fenced) query that says which one it has.

import Imaging

/// A pixel protocol a terminal understands.
public enum PixelProtocol: String, Sendable, CaseIterable {
    case kitty, sixel
}

public enum PixelGraphics {
    // MARK: Probe

    /// What to send to find out: the kitty query action (a 1x1 image that is never stored) and then DA1, which
    /// every terminal answers, so the reader never waits on a query a terminal ignores.
    public static let probeQuery: [UInt8] = Array("\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\\u{1B}[c".utf8)

    /// Reads a terminal's reply to `probeQuery`: nil while DA1's answer (`ESC [ ? … c`) has not arrived; then the
    /// protocols it showed: kitty when its `i=31;OK` came first, sixel when DA1 lists attribute 4.
    public static func parseProbeReply(_ bytes: [UInt8]) -> Set<PixelProtocol>? {
        guard let da = find([0x1B, 0x5B, 0x3F], in: bytes, from: 0),
              let end = bytes[(da + 3)...].firstIndex(of: UInt8(ascii: "c")) else { return nil }
        var found = Set<PixelProtocol>()
        if let ok = find(Array("\u{1B}_Gi=31;OK".utf8), in: bytes, from: 0), ok < da { found.insert(.kitty) }
        let attributes = String(decoding: bytes[(da + 3)..<end], as: UTF8.self).split(separator: ";").compactMap { Int($0) }
        if attributes.dropFirst().contains(4) { found.insert(.sixel) }
        return found
    }

    /// Where the first complete `ESC [ ? digits-and-semicolons final` reply starts (DA1's final is `c`).
    static func replyStart(in bytes: [UInt8], final: UInt8) -> Int? {
        var from = 0
        while let at = find([0x1B, 0x5B, 0x3F], in: bytes, from: from) {
            var i = at + 3
            while i < bytes.count, (0x30...0x3B).contains(bytes[i]) { i += 1 }
            if i < bytes.count, bytes[i] == final { return at }
            from = at + 1
        }
        return nil
    }

    /// The first index of `needle` in `hay` at or after `from`.
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }

    /// XTSMGRAPHICS: ask for `count` sixel colour registers, then DA1 as the fence. xterm answers
    /// `ESC [ ? 1 ; 0 ; N S` (status 0: now N registers) or a non-zero status; terminals without it answer DA1 only.
    public static func sixelRegistersRequest(_ count: Int) -> [UInt8] { Array("\u{1B}[?1;3;\(count)S\u{1B}[c".utf8) }

    /// XTSMGRAPHICS: back to the terminal's default register count (sent on exit), fenced by DA1.
    public static let sixelRegistersReset: [UInt8] = Array("\u{1B}[?1;2S\u{1B}[c".utf8)

    /// Reads the answer to `sixelRegistersRequest`: nil while DA1's answer has not arrived; then the registers the
    /// terminal now has: N after status 0, 16 after a refusal (a VT340's count), `assumed` when it did not answer.
    public static func parseSixelRegistersReply(_ bytes: [UInt8], assumed: Int = 256) -> Int? {
        guard let da = replyStart(in: bytes, final: UInt8(ascii: "c")) else { return nil }
        guard let at = find(Array("\u{1B}[?1;".utf8), in: bytes, from: 0), at < da,
              let end = bytes[(at + 5)...].firstIndex(of: UInt8(ascii: "S")) else { return assumed }
        let fields = String(decoding: bytes[(at + 5)..<end], as: UTF8.self).split(separator: ";").map { Int($0) }
        guard let status = fields.first ?? nil else { return assumed }
        if status == 0, fields.count > 1, let n = fields[1], n > 0 { return n }
        return 16
    }

    // MARK: Kitty

    /// The kitty escape sequences that show `image` (RGB, alpha dropped) as image `id`, scaled into `cols` x `rows`
    /// cells at the cursor, replacing the previous picture with that id: base64 in chunks of 4096 bytes
    /// (`m=1` … `m=0`), `q=2` so the terminal sends no replies into the input.
    public static func kitty(_ image: RGBA8Image, cols: Int, rows: Int, id: Int = 1) -> [UInt8] {
        var rgb = [UInt8]()
        rgb.reserveCapacity(image.width * image.height * 3)
        for i in stride(from: 0, to: image.pixels.count, by: 4) {
            rgb.append(image.pixels[i]); rgb.append(image.pixels[i + 1]); rgb.append(image.pixels[i + 2])
        }
        let payload = base64(rgb)
        var out = [UInt8]()
        out.reserveCapacity(payload.count + payload.count / 4096 * 16 + 96)
        let chunk = 4096
        var start = 0
        var first = true
        repeat {
            let end = min(start + chunk, payload.count)
            let more = end < payload.count ? 1 : 0
            let control = first
                ? "a=T,f=24,s=\(image.width),v=\(image.height),c=\(cols),r=\(rows),i=\(id),p=1,C=1,q=2,m=\(more)"
                : "m=\(more)"
            out += Array("\u{1B}_G\(control);".utf8)
            out += payload[start..<end]
            out += [0x1B, 0x5C]
            first = false
            start = end
        } while start < payload.count
        return out
    }

    /// Deletes every kitty image (sent when the viewer closes).
    public static let kittyDeleteAll: [UInt8] = Array("\u{1B}_Ga=d,d=A,q=2\u{1B}\\".utf8)

    /// Standard base64 (RFC 4648) with padding.
    public static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            out += [table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], table[n & 63]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = Int(bytes[i]) << 16
            out += [table[n >> 18], table[(n >> 12) & 63], 61, 61]
        } else if rest == 2 {
            let n = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8
            out += [table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], 61]
        }
        return out
    }

    // MARK: Sixel

    /// `image` as sixel with at most `registers` colour registers (the terminal's count: a VT340, and xterm
    /// emulating one, has 16 unless asked for more, and wraps higher register numbers modulo that count, so a
    /// picture drawn with more registers than the terminal has comes out in the wrong colours).
    ///
    /// The palette is the image's own (`sixelPalette`), at most 256 colours; six-pixel bands, each colour's pixels
    /// run-length encoded (`!n`); raster attributes `"1;1;W;H` give square pixels and the size. Terminals drop a
    /// picture larger than their maximum (xterm: `maxGraphicSize`, 1000x1000 by default) whole: the caller sizes it.
    public static func sixel(_ image: RGBA8Image, registers: Int = 256) -> [UInt8] {
        let w = image.width, h = image.height
        let palette = sixelPalette(image, count: max(2, min(registers, 256)))
        // Register per pixel: the nearest palette colour, memoised per 15-bit colour (5 bits a channel).
        var index = [UInt8](repeating: 0, count: w * h)
        var memo = [Int16](repeating: -1, count: 1 << 15)
        for p in 0..<(w * h) {
            let r = image.pixels[4 * p], g = image.pixels[4 * p + 1], b = image.pixels[4 * p + 2]
            let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
            if memo[key] < 0 {
                let c = RGB((r & 0xF8) | 4, (g & 0xF8) | 4, (b & 0xF8) | 4)  // the bin's centre
                var best = 0, bestD = Int.max
                for (i, q) in palette.enumerated() {
                    let d = sq(Int(c.r) - Int(q.r)) * 2 + sq(Int(c.g) - Int(q.g)) * 4 + sq(Int(c.b) - Int(q.b)) * 3
                    if d < bestD { bestD = d; best = i }
                }
                memo[key] = Int16(best)
            }
            index[p] = UInt8(memo[key])
        }
        var out = Array("\u{1B}Pq\"1;1;\(w);\(h)".utf8)
        func pct(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
        for (reg, c) in palette.enumerated() {
            out += Array("#\(reg);2;\(pct(c.r));\(pct(c.g));\(pct(c.b))".utf8)
        }
        let n = palette.count
        var band = 0
        while band * 6 < h {
            let y0 = band * 6
            var present = [Bool](repeating: false, count: n)
            for y in y0..<min(y0 + 6, h) { for x in 0..<w { present[Int(index[y * w + x])] = true } }
            var firstColour = true
            for reg in 0..<n where present[reg] {
                if !firstColour { out.append(UInt8(ascii: "$")) }  // back to the band's start
                firstColour = false
                out += Array("#\(reg)".utf8)
                var run = 0, last: UInt8 = 0
                func flush() {
                    guard run > 0 else { return }
                    if run > 3 { out += Array("!\(run)".utf8); out.append(last) } else { out += [UInt8](repeating: last, count: run) }
                    run = 0
                }
                for x in 0..<w {
                    var bits: UInt8 = 0
                    for k in 0..<6 where y0 + k < h && Int(index[(y0 + k) * w + x]) == reg { bits |= 1 << k }
                    let ch = 63 + bits
                    if run > 0 && ch == last { run += 1 } else { flush(); last = ch; run = 1 }
                }
                flush()
            }
            out.append(UInt8(ascii: "-"))  // next band
            band += 1
        }
        out += [0x1B, 0x5C]
        return out
    }

    /// At most `count` colours for `image`: median cut over its colours at 5 bits a channel (the box with the
    /// widest channel range, weighted by pixel count, splits at its median), each box's mean as its colour. An image
    /// with no more than `count` distinct 5-bit colours keeps each of them (up to the bin's rounding).
    public static func sixelPalette(_ image: RGBA8Image, count: Int) -> [RGB] {
        precondition(count >= 1, "a palette needs at least one colour")
        var hist = [Int32](repeating: 0, count: 1 << 15)
        var sums = [SIMD3<Int64>](repeating: .zero, count: 1 << 15)
        for p in 0..<(image.width * image.height) {
            let r = image.pixels[4 * p], g = image.pixels[4 * p + 1], b = image.pixels[4 * p + 2]
            let key = Int(r >> 3) << 10 | Int(g >> 3) << 5 | Int(b >> 3)
            hist[key] += 1
            sums[key] &+= SIMD3(Int64(r), Int64(g), Int64(b))
        }
        let bins = (0..<(1 << 15)).filter { hist[$0] > 0 }
        guard !bins.isEmpty else { return [RGB(0, 0, 0)] }
        func channel(_ key: Int, _ c: Int) -> Int { (key >> (10 - 5 * c)) & 31 }
        var boxes: [[Int]] = [bins]
        while boxes.count < count {
            // The box to split: the widest channel range times its pixel count; one bin cannot split.
            var pick = -1, pickScore = 0, pickChannel = 0
            for (i, box) in boxes.enumerated() where box.count > 1 {
                var best = 0, bestC = 0
                for c in 0..<3 {
                    var lo = 31, hi = 0
                    for k in box { let v = channel(k, c); lo = min(lo, v); hi = max(hi, v) }
                    if hi - lo > best { best = hi - lo; bestC = c }
                }
                let weight = box.reduce(0) { $0 + Int(hist[$1]) }
                let score = best * Int(Double(weight).squareRoot() + 1)
                if score > pickScore { pickScore = score; pick = i; pickChannel = bestC }
            }
            guard pick >= 0 else { break }
            let sorted = boxes[pick].sorted { channel($0, pickChannel) < channel($1, pickChannel) }
            let total = sorted.reduce(0) { $0 + Int(hist[$1]) }
            var acc = 0, cut = 1
            for (j, k) in sorted.enumerated() {
                acc += Int(hist[k])
                if 2 * acc >= total { cut = max(1, min(j + 1, sorted.count - 1)); break }
            }
            boxes[pick] = Array(sorted[..<cut])
            boxes.append(Array(sorted[cut...]))
        }
        return boxes.map { box in
            var s = SIMD3<Int64>.zero, n: Int64 = 0
            for k in box { s &+= sums[k]; n += Int64(hist[k]) }
            return RGB(UInt8(s.x / n), UInt8(s.y / n), UInt8(s.z / n))
        }
    }

    @inline(__always) static func sq(_ v: Int) -> Int { v * v }
}
