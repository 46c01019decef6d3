// PaletteDither: maps colours to a few palette entries by what the eye sees (OKLab), with ordered (Bayer) dithering
// between two entries, so a colour between entries keeps its hue on average (a dusk sky stays blue in 16 colours
// instead of turning black or grey) and greys stay grey.

import Synchronization

/// Picks palette entries for colours at pixel positions, deterministically: the same colour at the same position
/// always gives the same entry.
///
/// For each colour c it makes, once (memoised), a plan of 16 entries whose mean, in linear light as the eye
/// averages neighbouring pixels, is nearest to c in OKLab (see `plan`); a pixel shows the plan's entry for the 4x4
/// Bayer threshold at its position. A grey (r == g == b) is matched among the palette's greys
/// only, so it never becomes a chromatic entry, dithered or not.
public struct PaletteDither {
    /// The palette indices this dither may use.
    public let entries: [Int]
    /// How many of the nearest entries are tried as the second colour of a mix.
    public var mixCandidates = 12
    /// Weight of lightness against the a-b plane when judging a mix: below 1 prefers a mix of the right hue and
    /// chroma over one of the right lightness (with 16 or 8 entries no mix of two gets all three right, and a
    /// dusk sky should stay blue rather than turn grey or violet).
    public var lightnessWeight: Float = 1

    private let labs: [OKLab]
    private let linears: [SIMD3<Float>]
    private let greys: [Int]
    private var memo: [RGB: [UInt8]] = [:]

    /// The 4x4 Bayer matrix: thresholds 0...15, each once, spread so any 2x2 block holds a quarter of them.
    static let bayer: [Int] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]

    /// Dithers among palette `entries` (indices into `XtermPalette`).
    public init(entries: [Int]) {
        precondition(!entries.isEmpty, "a dither needs at least one palette entry")
        self.entries = entries
        let colours = entries.map(XtermPalette.rgb)
        labs = colours.map(\.oklab)
        linears = colours.map { SIMD3(srgbDecode[Int($0.r)], srgbDecode[Int($0.g)], srgbDecode[Int($0.b)]) }
        let g = entries.indices.filter { colours[$0].r == colours[$0].g && colours[$0].g == colours[$0].b }
        greys = g.isEmpty ? Array(entries.indices) : g
    }

    /// Plans made by earlier frames, per kind of dither (successive frames share most colours, and a plan costs
    /// hundreds of OKLab conversions). Forgotten when it grows past `sharedLimit` colours.
    private static let shared = Mutex<[String: [RGB: [UInt8]]]>([:])
    static let sharedLimit = 1 << 17

    private var sharedKey: String { "\(entries.first ?? 0)+\(entries.count) w\(lightnessWeight) m\(mixCandidates)" }

    /// Starts from the plans earlier dithers of this kind made (`CellGrid.quantized` calls it once per grid).
    mutating func adoptSharedPlans() {
        let key = sharedKey
        memo = PaletteDither.shared.withLock { $0.removeValue(forKey: key) } ?? [:]
    }

    /// Leaves this dither's plans for the next one of its kind.
    func shareMyPlans() {
        let key = sharedKey, mine = memo
        PaletteDither.shared.withLock { $0[key] = mine.count > PaletteDither.sharedLimit ? [:] : mine }
    }

    /// The entries of a terminal's colour depth: 16-255 for 256 colours, the first `ansiCount` (16 or 8) for 16.
    public static func forDepth(_ depth: ColorDepth, ansiCount: Int = 16) -> PaletteDither? {
        switch depth {
        case .palette256: return PaletteDither(entries: Array(16...255))
        case .palette16:
            var d = PaletteDither(entries: Array(0..<min(max(ansiCount, 1), 16)))
            // Eight entries reach dusk blues only by mixing blue with black and white: weigh hue more.
            d.lightnessWeight = ansiCount <= 8 ? 0.5 : 0.7
            return d
        case .truecolor, .monochrome: return nil
        }
    }

    /// The palette index for colour `c` at pixel (`x`, `y`).
    public mutating func index(_ c: RGB, x: Int, y: Int) -> Int {
        entries[Int(plan(c)[PaletteDither.bayer[(y & 3) * 4 + (x & 3)]])]
    }

    /// The 16 entries (positions in `entries`) that Bayer thresholds 0...15 select for `c`.
    ///
    /// Up to 16 entries (16 or 8 colours): Yliluoma's greedy mix — sixteen times, add the entry that brings the
    /// mean of those chosen so far (linear light) nearest to `c`; one sweep then swaps any slot for an entry that
    /// brings the mean nearer; finally the sixteen are ordered by lightness so each
    /// 2x2 block of the Bayer pattern holds a share of dark and light. More entries (256 colours): the nearest
    /// entry p1 and the best second entry p2 with its share k/16 (thresholds below k show p2).
    public mutating func plan(_ c: RGB) -> [UInt8] {
        if let m = memo[c] { return m }
        let lab = c.oklab
        let pool = c.r == c.g && c.g == c.b ? greys : Array(entries.indices)
        func far(_ x: OKLab) -> Float {
            let dl = (x.l - lab.l) * lightnessWeight, da = x.a - lab.a, db = x.b - lab.b
            return dl * dl + da * da + db * db
        }
        var out: [UInt8]
        if entries.count <= 16 {
            var sum = SIMD3<Float>(0, 0, 0)
            var chosen: [Int] = []
            for n in 1...16 {
                var best = pool[0], bestDistance = Float.infinity
                for e in pool {
                    let d = far(OKLab(linear: (sum + linears[e]) / Float(n)))
                    if d < bestDistance {
                        bestDistance = d
                        best = e
                    }
                }
                chosen.append(best)
                sum += linears[best]
            }
            // One refining sweep: swap any slot for the entry that brings the mean nearer (greedy choices made
            // early, such as a grey to fix lightness, can block a better hue).
            var error = far(OKLab(linear: sum / 16))
            for slot in 0..<16 {
                for e in pool where e != chosen[slot] {
                    let trial = sum - linears[chosen[slot]] + linears[e]
                    let d = far(OKLab(linear: trial / 16))
                    if d < error {
                        error = d
                        sum = trial
                        chosen[slot] = e
                    }
                }
            }
            out = chosen.sorted { (labs[$0].l, $0) < (labs[$1].l, $1) }.map { UInt8($0) }
        } else {
            // The 1 + mixCandidates nearest entries, nearest first (one pass, a short sorted list).
            var ranked: [(d: Float, e: Int)] = []
            ranked.reserveCapacity(mixCandidates + 2)
            for e in pool {
                let d = far(labs[e])
                if ranked.count > mixCandidates, d >= ranked[ranked.count - 1].d { continue }
                var at = ranked.count
                while at > 0 && ranked[at - 1].d > d { at -= 1 }
                ranked.insert((d, e), at: at)
                if ranked.count > mixCandidates + 1 { ranked.removeLast() }
            }
            let p1 = ranked[0].e
            var p2 = p1, share = 0
            var bestDistance = ranked[0].d
            for (_, q) in ranked.dropFirst() {
                for k in 1..<16 {
                    let w = Float(k) / 16
                    let d = far(OKLab(linear: linears[p1] * (1 - w) + linears[q] * w))
                    if d < bestDistance {
                        bestDistance = d
                        p2 = q
                        share = k
                    }
                }
            }
            out = (0..<16).map { UInt8($0 < share ? p2 : p1) }
        }
        memo[c] = out
        return out
    }
}

extension OKLab {
    /// OKLab of a linear-light sRGB colour (components 0...1).
    public init(linear c: SIMD3<Float>) {
        let l = cubeRoot(0.4122214708 * c.x + 0.5363325363 * c.y + 0.0514459929 * c.z)
        let m = cubeRoot(0.2119034982 * c.x + 0.6806995451 * c.y + 0.1073969566 * c.z)
        let s = cubeRoot(0.0883024619 * c.x + 0.2817188376 * c.y + 0.6299787005 * c.z)
        self.init(l: 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
                  a: 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
                  b: 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s)
    }
}
