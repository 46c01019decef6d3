// LargestViewingAngleTests: the largest viewing angle without an arctangent per ray is the brute-force maximum.

import Geometry
@testable import ShotAnalysis
import XCTest
import XRTestSupport

final class LargestViewingAngleTests: XCTestCase {
    /// The maximum of every angle, worked out for every cosine.
    func bruteForce(_ cosines: [Double]) -> Double? {
        cosines.map { atan2D((1 - $0 * $0).squareRoot(), $0) * 180 / Double.pi }.max()
    }

    /// Cosines as the analysis meets them (a frame's rays, mostly in one band), near head-on (1 − c² loses digits),
    /// near grazing, clustered within 1e-7 of each other, in every order: the same maximum, bit for bit.
    func testEqualsTheBruteForceMaximum() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<3000 {
            let n = Int.random(in: 1...400, using: &rng)
            let centre = [1.0, 0.99999999, 0.97, 0.5, 0, -0.999].randomElement(using: &rng)!
            let spread = [1e-9, 1e-7, 1e-6, 1e-3, 0.2].randomElement(using: &rng)!
            var cs = (0..<n).map { _ in min(1, max(-1, centre + Double.random(in: -spread...spread, using: &rng))) }
            if round % 3 == 0 { cs.sort() } else if round % 3 == 1 { cs.sort(by: >) }
            var a = LargestViewingAngle()
            for c in cs { a.add(cosine: c) }
            XCTAssertEqual(a.degrees?.bitPattern, bruteForce(cs)?.bitPattern, "round \(round)")
        }
        XCTAssertNil(LargestViewingAngle().degrees)
    }
}
