// ResamplerTests: analytic motion (linear, circular) resampled to render rates, gaps, drop-frame labels.

import Takes
import XCTest
import XRTestSupport

final class ResamplerTests: XCTestCase {
    /// Samples of `pose(t)` at `rate` Hz from t0 for `seconds`, with deterministic jitter of ±`jitter` s.
    func take(rate: Double, t0: Double = 0, seconds: Double, jitter: Double = 0, skip: (Double) -> Bool = { _ in false },
              pose: (Double) -> (SIMD3<Double>, Double, Double)) -> Take {
        var rng = SplitMix64(seed: 11)
        var out: [TrackingSample] = []
        var k = 0
        while Double(k) / rate <= seconds {
            let j = jitter * (Double(rng.next() % 2001) / 1000 - 1)
            let t = t0 + Double(k) / rate + (k == 0 ? 0 : j)
            k += 1
            if skip(t - t0) { continue }
            let (p, pan, tilt) = pose(t - t0)
            out.append(TrackingSample(time: t, position: p, pan: pan, tilt: tilt, roll: 0,
                                      lens: LensSample(focalLength: 20 + 10 * (t - t0))))
        }
        return Take(samples: out)
    }

    func testLinearMotionWithJitterIsExact() {
        let v = SIMD3<Double>(0.5, -0.1, 2)
        let tk = take(rate: 50, seconds: 2, jitter: 0.002) { t in (SIMD3(1, 1.6, -3) + v * t, 15 * t, -5 + 2 * t) }
        XCTAssertEqual(tk.sourceRate ?? 0, 50, accuracy: 1)
        let r = Resampler(frameRate: .fps24).resample(tk)
        XCTAssertEqual(r.gaps, [])
        XCTAssertEqual(r.states.first?.frame, 0, "sample 0 is not jittered: it is at t = 0 exactly")
        XCTAssertEqual(r.states.count, 24 * 2 + 1)
        for s in r.states {
            let t = Double(s.frame) / 24
            XCTAssertEqual(s.time, t, accuracy: 1e-12)
            let p = SIMD3(1, 1.6, -3) + v * t
            for i in 0..<3 { XCTAssertEqual(s.position[i], p[i], accuracy: 1e-9) }
            let e = s.panTiltRoll
            XCTAssertEqual(e.pan, 15 * t, accuracy: 0.02)   // pan and tilt change together: slerp is not per-axis
            XCTAssertEqual(e.tilt, -5 + 2 * t, accuracy: 0.02)
            XCTAssertEqual(s.lens.focalLength ?? 0, 20 + 10 * t, accuracy: 1e-9)
            XCTAssertEqual(s.source, .interpolated)
        }
    }

    func testCircularOrbitCatmullRomBeatsLinear() {
        // Orbit of radius 3 m around the origin at 36°/s, always looking at the centre.
        let radius = 3.0, omega = 36.0
        func pose(_ t: Double) -> (SIMD3<Double>, Double, Double) {
            let a = omega * t * Double.pi / 180
            return (SIMD3(-radius * sin(a), 1.5, radius * cos(a)), omega * t, 0)
        }
        let tk = take(rate: 60000.0 / 1001, seconds: 5, pose: pose)
        var worst: [Resampler.PositionInterpolation: Double] = [:]
        for mode in Resampler.PositionInterpolation.allCases {
            let r = Resampler(frameRate: .fps25, position: mode).resample(tk)
            XCTAssertEqual(r.states.count, 125)
            var err = 0.0
            for s in r.states {
                let (p, pan, _) = pose(s.time)
                err = max(err, ((s.position - p) * (s.position - p)).sum().squareRoot())
                XCTAssertEqual(s.panTiltRoll.pan.truncatingRemainder(dividingBy: 360),
                               pan > 180 ? pan - 360 : pan, accuracy: 1e-9)  // rotation about one axis: slerp is exact
            }
            worst[mode] = err
        }
        // Chord error of linear interpolation: R(1 − cos(Δθ/2)), Δθ = 0.6° per sample -> 4.1e-5 m.
        XCTAssertLessThan(worst[.linear]!, 4.2e-5)
        XCTAssertLessThan(worst[.catmullRom]!, worst[.linear]! / 50)
    }

    func testGapsBridgedUpToTheLimitAndReportedBeyond() {
        // 50 Hz; two samples missing around 0.5 s (bridged), 0.5 s missing from 1.0 s (a gap).
        let tk = take(rate: 50, seconds: 2, skip: { ($0 > 0.49 && $0 < 0.55) || ($0 > 1.01 && $0 < 1.5) }) { t in
            (SIMD3(t, 0, 0), 0, 0)
        }
        let r = Resampler(frameRate: .fps25).resample(tk)
        XCTAssertEqual(r.maxGap, 0.08, accuracy: 1e-9)
        XCTAssertEqual(r.bridged, 1)
        XCTAssertEqual(r.gaps.count, 1)
        XCTAssertEqual(r.gaps[0].start, 1.0, accuracy: 1e-9)
        XCTAssertEqual(r.gaps[0].end, 1.5, accuracy: 1e-9)
        XCTAssertEqual(r.gaps[0].frames, 26...37)
        for s in r.states {
            if (26...37).contains(s.frame) {
                XCTAssertEqual(s.source, .heldInGap)
                XCTAssertEqual(s.position.x, 1.0, accuracy: 1e-9)
            } else {
                XCTAssertEqual(s.source, .interpolated)
                XCTAssertEqual(s.position.x, s.time, accuracy: 1e-9)
            }
        }
        // A larger limit bridges it.
        let wide = Resampler(frameRate: .fps25, maxGap: 1).resample(tk)
        XCTAssertEqual(wide.gaps, [])
        XCTAssertEqual(wide.bridged, 2)
    }

    func testDropFrameFrameNumbersAndLabels() {
        let rate = FrameRate.fps29_97DF
        let start = Timecode(parsing: "00:00:59;25", rate: rate)!
        let tk = take(rate: 59.94, t0: start.secondsSinceMidnight, seconds: 0.3) { t in (SIMD3(t, 0, 0), 0, 0) }
        let r = Resampler(frameRate: rate).resample(tk)
        let labels = r.states.map(\.timecode.description)
        XCTAssertEqual(Array(labels.prefix(8)), ["00:00:59;25", "00:00:59;26", "00:00:59;27", "00:00:59;28",
                                                 "00:00:59;29", "00:01:00;02", "00:01:00;03", "00:01:00;04"])
        XCTAssertEqual(r.states.map(\.frame), Array(1795..<(1795 + r.states.count)))
        for s in r.states { XCTAssertEqual(s.timecode.frameNumber, s.frame) }
    }

    func testEmptyAndSingleSampleTakes() {
        XCTAssertEqual(Resampler(frameRate: .fps25).resample(Take(samples: [])).states.count, 0)
        let one = Take(samples: [TrackingSample(time: 0.04, position: [1, 2, 3], pan: 0, tilt: 0, roll: 0)])
        let r = Resampler(frameRate: .fps25).resample(one)
        XCTAssertEqual(r.states.map(\.frame), [1])
    }
}

private func sin(_ x: Double) -> Double { Double(sinApprox(x)) }
private func cos(_ x: Double) -> Double { sinApprox(x + Double.pi / 2) }
/// sin by Taylor series after reduction (the tests import no Foundation).
private func sinApprox(_ x: Double) -> Double {
    var r = x.truncatingRemainder(dividingBy: 2 * Double.pi)
    if r > Double.pi { r -= 2 * Double.pi } else if r < -Double.pi { r += 2 * Double.pi }
    var term = r, sum = r
    for n in 1..<30 { term *= -r * r / Double((2 * n) * (2 * n + 1)); sum += term }
    return sum
}
