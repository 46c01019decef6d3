// SmoothingTests: the moving average removes jitter from a straight move and keeps what has no jitter.

import Takes
import XCTest

final class SmoothingTests: XCTestCase {
    func testSmoothingReducesJitterAndKeepsCleanMotion() {
        var rng: UInt64 = 12345
        func noise() -> Double {  // deterministic, roughly uniform in [-1, 1]
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Double(Int64(bitPattern: rng >> 11) % 2000) / 1000 - 1
        }
        var clean: [TrackingSample] = [], noisy: [TrackingSample] = []
        for k in 0..<200 {
            let t = Double(k) / 50
            let p = SIMD3<Double>(t, 1.6, -2 * t)
            clean.append(TrackingSample(time: t, position: p, pan: 10 * t, tilt: 2, roll: 0))
            noisy.append(TrackingSample(time: t, position: p + SIMD3(noise(), noise(), noise()) * 0.004,
                                        pan: 10 * t + noise() * 0.3, tilt: 2 + noise() * 0.3, roll: noise() * 0.3))
        }
        func rms(_ take: Take) -> (position: Double, pan: Double) {
            var pe = 0.0, ae = 0.0
            for (a, b) in zip(take.samples.dropFirst(5).dropLast(5), clean.dropFirst(5).dropLast(5)) {
                let d = a.position - b.position
                pe += (d * d).sum(); ae += (a.pan - b.pan) * (a.pan - b.pan)
            }
            let n = Double(take.samples.count - 10)
            return ((pe / n).squareRoot(), (ae / n).squareRoot())
        }
        let before = rms(Take(samples: noisy)), after = rms(Take(samples: noisy).smoothed(radius: 4))
        XCTAssertLessThan(after.position, before.position / 2)
        XCTAssertLessThan(after.pan, before.pan / 2)
        // Linear motion without jitter is unchanged by a symmetric average (away from the ends).
        let smoothedClean = Take(samples: clean).smoothed(radius: 4)
        for (a, b) in zip(smoothedClean.samples.dropFirst(4).dropLast(4), clean.dropFirst(4).dropLast(4)) {
            XCTAssertEqual(a.position.x, b.position.x, accuracy: 1e-9)
            XCTAssertEqual(a.pan, b.pan, accuracy: 1e-6)
        }
        XCTAssertEqual(Array(Take(samples: noisy).smoothed(radius: 0).samples), noisy)
    }
}
