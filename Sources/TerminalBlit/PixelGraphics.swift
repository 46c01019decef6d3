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

    /// `image` as sixel: the colours of the xterm palette's 16-255 entries (registers defined for those used),
    /// six-pixel bands, each colour's pixels run-length encoded (`!n`); raster attributes give the size.
    public static func sixel(_ image: RGBA8Image) -> [UInt8] {
        let w = image.width, h = image.height
        // Palette index per pixel (entries 16-255: the 6x6x6 cube and greys), registers 0-239.
        var index = [UInt8](repeating: 0, count: w * h)
        var used = [Bool](repeating: false, count: 240)
        var memo = [Int: UInt8]()
        for p in 0..<(w * h) {
            let r = image.pixels[4 * p], g = image.pixels[4 * p + 1], b = image.pixels[4 * p + 2]
            let key = Int(r) << 16 | Int(g) << 8 | Int(b)
            let i: UInt8
            if let m = memo[key] { i = m } else {
                i = UInt8(max(16, XtermPalette.nearest256(RGB(r, g, b))) - 16)
                memo[key] = i
            }
            index[p] = i
            used[Int(i)] = true
        }
        var out = Array("\u{1B}Pq\"1;1;\(w);\(h)".utf8)
        for reg in 0..<240 where used[reg] {
            let c = XtermPalette.rgb(reg + 16)
            func pct(_ v: UInt8) -> Int { (Int(v) * 100 + 127) / 255 }
            out += Array("#\(reg);2;\(pct(c.r));\(pct(c.g));\(pct(c.b))".utf8)
        }
        var band = 0
        while band * 6 < h {
            let y0 = band * 6
            var present = [Bool](repeating: false, count: 240)
            for y in y0..<min(y0 + 6, h) { for x in 0..<w { present[Int(index[y * w + x])] = true } }
            var firstColour = true
            for reg in 0..<240 where present[reg] {
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
}
