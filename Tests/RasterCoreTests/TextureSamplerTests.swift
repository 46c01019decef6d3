// TextureSamplerTests: the 8-lane trilinear sampler against its scalar twin, bit for bit.

import Foundation
import Imaging
@testable import RasterCore
import XCTest

final class TextureSamplerTests: XCTestCase {
    /// Random coordinates (inside, far outside, non-finite) and levels of detail (whole, fractional, mixed
    /// across the 8 lanes), on power-of-two and odd sizes, every wrap mode: `sample8` lane i equals
    /// `sampleTrilinear` of lane i's inputs exactly, and `vlod` equals `lod(forSquaredFootprint:)`.
    func testEightLanesMatchTheScalarTwin() {
        var rng = SplitMix64(seed: 0x5EED_7E11)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: TextureSampler.scratchFloats)
        defer { scratch.deallocate() }
        for (w, h) in [(64, 64), (37, 20), (1, 8), (256, 16)] {
            var img = RGBA8Image(width: w, height: h)
            for y in 0..<h { for x in 0..<w { img[x, y] = (UInt8(rng.int(256)), UInt8(rng.int(256)), UInt8(rng.int(256)), UInt8(rng.int(256))) } }
            for (ws, wt) in [(Texture.Wrap.repeat, Texture.Wrap.repeat), (.clamp, .mirror), (.mirror, .repeat), (.repeat, .clamp)] {
                let t = Texture(image: img, wrapS: ws, wrapT: wt)
                let s = TextureSampler(t)
                for round in 0..<300 {
                    var u = [Float](), v = [Float](), foot = [Float]()
                    let base = rng.float(0, 12)
                    for _ in 0..<8 {
                        switch rng.int(12) {
                        case 0: u.append(.nan); v.append(0.3)
                        case 1: u.append(rng.float(-3e7, 3e7)); v.append(rng.float(-2, 2))
                        default: u.append(rng.float(-3, 3)); v.append(rng.float(-3, 3))
                        }
                        // Mostly close footprints (one level or two), sometimes far apart or degenerate.
                        switch rng.int(10) {
                        case 0: foot.append(0)
                        case 1: foot.append(.infinity)
                        case 2: foot.append(Float(pow(2.0, Double(rng.float(-4, 30)))))
                        default: foot.append(Float(pow(2.0, Double(base + rng.float(0, 1.5)))))
                        }
                    }
                    let fv = SIMD8<Float>(foot), lod = vlod(fv, maxLOD: s.maxLOD)
                    let (r, g, b, a) = s.sample8(u: SIMD8(u), v: SIMD8(v), lod: lod, scratch: scratch)
                    for i in 0..<8 {
                        XCTAssertEqual(lod[i], t.lod(forSquaredFootprint: foot[i]))
                        let e = t.sampleTrilinear(u: u[i], v: v[i], lod: lod[i])
                        let got = SIMD4(r[i], g[i], b[i], a[i])
                        if got != e {
                            XCTFail("\(w)x\(h) \(ws)/\(wt) round \(round) lane \(i): (\(u[i]), \(v[i])) λ \(lod[i]): \(got) vs \(e)")
                            return
                        }
                    }
                }
            }
        }
    }

    /// The default filter in 8 lanes: `sampleNearestMip8` lane i equals `sample(u:v:level:)` at
    /// `level(forSquaredFootprint:)` exactly, for footprints on one level, mixed levels, degenerate, infinite,
    /// NaN and negative ones, every wrap mode and odd sizes; a group with a lane at 4·10⁶ texels or beyond, or
    /// not finite, is handed back (nil) for the scalar path, and no other group is.
    func testNearestMipLanesMatchTheScalarTwin() {
        var rng = SplitMix64(seed: 0x5EED_0B11)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: TextureSampler.scratchFloats)
        defer { scratch.deallocate() }
        var handedBack = 0, sampled = 0, mixedLevels = 0
        for (w, h) in [(64, 64), (37, 20), (1, 8), (256, 16), (3, 1)] {
            var img = RGBA8Image(width: w, height: h)
            for y in 0..<h { for x in 0..<w { img[x, y] = (UInt8(rng.int(256)), UInt8(rng.int(256)), UInt8(rng.int(256)), UInt8(rng.int(256))) } }
            for (ws, wt) in [(Texture.Wrap.repeat, Texture.Wrap.repeat), (.clamp, .mirror), (.mirror, .repeat), (.repeat, .clamp)] {
                let t = Texture(image: img, wrapS: ws, wrapT: wt)
                let s = TextureSampler(t)
                for round in 0..<400 {
                    var u = [Float](), v = [Float](), foot = [Float]()
                    let base = rng.float(-2, 14)
                    let farRound = rng.int(8) == 0
                    for _ in 0..<8 {
                        switch farRound ? rng.int(4) : 4 {
                        case 0: u.append(.nan); v.append(0.3)
                        case 1: u.append(rng.float(-3e7, 3e7)); v.append(rng.float(-2, 2))
                        case 2: u.append(0.5); v.append(.infinity)
                        default: u.append(rng.float(-40, 40)); v.append(rng.float(-40, 40))
                        }
                        switch rng.int(12) {
                        case 0: foot.append(0)
                        case 1: foot.append(.infinity)
                        case 2: foot.append(rng.int(2) == 0 ? .nan : -rng.float(0, 4))
                        case 3: foot.append(Float(pow(2.0, Double(rng.float(-4, 40)))))
                        default: foot.append(Float(pow(2.0, Double(base + rng.float(0, 1.5)))))
                        }
                    }
                    let far = zip(u, v).contains { !(abs($0) * Float(w) < 4e6 && abs($1) * Float(h) < 4e6) }
                    guard let got = s.sampleNearestMip8(u: SIMD8(u), v: SIMD8(v), foot2: SIMD8(foot), scratch: scratch) else {
                        XCTAssertTrue(far, "\(w)x\(h) round \(round): handed back without a far lane: \(u) \(v)")
                        handedBack += 1
                        continue
                    }
                    XCTAssertFalse(far, "\(w)x\(h) round \(round): a far lane was sampled in lanes: \(u) \(v)")
                    let levels = foot.map { t.level(forSquaredFootprint: $0) }
                    if Set(levels).count > 1 { mixedLevels += 1 }
                    for i in 0..<8 {
                        let e = t.sample(u: u[i], v: v[i], level: levels[i])
                        let lane = SIMD4(got.r[i], got.g[i], got.b[i], got.a[i])
                        if lane != e {
                            XCTFail("\(w)x\(h) \(ws)/\(wt) round \(round) lane \(i): (\(u[i]), \(v[i])) ρ² \(foot[i]) level \(levels[i]): \(lane) vs \(e)")
                            return
                        }
                    }
                    sampled += 1
                }
            }
        }
        // The cases above were all reached.
        XCTAssertGreaterThan(handedBack, 100)
        XCTAssertGreaterThan(sampled, 5000)
        XCTAssertGreaterThan(mixedLevels, 1000)
    }

    /// The anisotropic filter: each lane's value depends on its own inputs only (lane i of a mixed group equals
    /// the same inputs on all 8 lanes, whatever the neighbours' tap counts), a round footprint is one trilinear
    /// tap, and a 4:1 footprint averages 4 trilinear taps along its long axis.
    func testAnisotropicLanesAreIndependentAndAverageTapsAlongTheLongAxis() {
        var rng = SplitMix64(seed: 0x5EED_A215)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: TextureSampler.scratchFloats)
        defer { scratch.deallocate() }
        var img = RGBA8Image(width: 64, height: 64)
        for y in 0..<64 { for x in 0..<64 { img[x, y] = (UInt8(rng.int(256)), UInt8(rng.int(256)), 9, 255) } }
        let t = Texture(image: img)
        let s = TextureSampler(t)
        for _ in 0..<200 {
            var u = [Float](), v = [Float](), d = [[Float]](repeating: [], count: 4)
            for _ in 0..<8 {
                u.append(rng.float(-2, 2)); v.append(rng.float(-2, 2))
                let scale = Float(pow(2.0, Double(rng.float(-2, 5))))
                for k in 0..<4 { d[k].append(rng.float(-1, 1) * scale * (rng.int(3) == 0 ? 12 : 1)) }
            }
            let mixed = s.sampleAnisotropic8(u: SIMD8(u), v: SIMD8(v), dux: SIMD8(d[0]), dvx: SIMD8(d[1]), duy: SIMD8(d[2]),
                                             dvy: SIMD8(d[3]), scratch: scratch)
            for i in 0..<8 {
                let one = s.sampleAnisotropic8(u: SIMD8(repeating: u[i]), v: SIMD8(repeating: v[i]),
                                               dux: SIMD8(repeating: d[0][i]), dvx: SIMD8(repeating: d[1][i]),
                                               duy: SIMD8(repeating: d[2][i]), dvy: SIMD8(repeating: d[3][i]), scratch: scratch)
                XCTAssertEqual(SIMD4(mixed.r[i], mixed.g[i], mixed.b[i], mixed.a[i]), SIMD4(one.r[0], one.g[0], one.b[0], one.a[0]))
            }
        }
        // Round footprint of 4 texels: one trilinear tap at λ = 2.
        let round = s.sampleAnisotropic8(u: SIMD8(repeating: 0.3), v: SIMD8(repeating: 0.6), dux: SIMD8(repeating: 4),
                                         dvx: SIMD8(), duy: SIMD8(), dvy: SIMD8(repeating: 4), scratch: scratch)
        XCTAssertEqual(round.r[0], t.sampleTrilinear(u: 0.3, v: 0.6, lod: t.lod(forSquaredFootprint: 16)).x)
        // 16 x 4 texels along u: 4 taps at λ = 2, u offsets (k + ½)/4 − ½ of 16 texels.
        let long = s.sampleAnisotropic8(u: SIMD8(repeating: 0.3), v: SIMD8(repeating: 0.6), dux: SIMD8(repeating: 16),
                                        dvx: SIMD8(), duy: SIMD8(), dvy: SIMD8(repeating: 4), scratch: scratch)
        var expected: Float = 0
        for k in 0..<4 {
            let du = (Float(k) + 0.5) / 4 - 0.5
            expected += t.sampleTrilinear(u: 0.3 + 16 / 64 * du, v: 0.6, lod: t.lod(forSquaredFootprint: 16)).x
        }
        XCTAssertEqual(long.r[0], expected / 4, accuracy: 1e-6)
    }

    /// The SIMD helpers against their scalar twins.
    func testFloorAndLog2Helpers() {
        var rng = SplitMix64(seed: 0x5EED_1062)
        for _ in 0..<2000 {
            var xs = [Float]()
            for _ in 0..<8 { xs.append(rng.int(4) == 0 ? Float(rng.int(200) - 100) : rng.float(-4e6, 4e6) / Float(1 << rng.int(20))) }
            let f = vfloorSmall(SIMD8(xs))
            for i in 0..<8 { XCTAssertEqual(f[i], Int32(xs[i].rounded(.down)), "floor(\(xs[i]))") }
            let p = SIMD8<Float>(xs.map { abs($0) + 1e-30 })
            let l = vlog2(p)
            for i in 0..<8 { XCTAssertEqual(Double(l[i]), log2(Double(p[i])), accuracy: 2e-5, "log2(\(p[i]))") }
        }
    }
}
