// QuaternionTests: the pan/tilt/roll convention in scene axes, its inverse, and slerp.

import Takes
import XCTest
import XRTestSupport

final class QuaternionTests: XCTestCase {
    func assertVector(_ a: SIMD3<Double>, _ b: SIMD3<Double>, _ tol: Double = 1e-12, line: UInt = #line) {
        for i in 0..<3 { XCTAssertEqual(a[i], b[i], accuracy: tol, line: line) }
    }

    func testConvention() {
        assertVector(Quaternion(pan: 0, tilt: 0, roll: 0).forward, [0, 0, -1])
        assertVector(Quaternion(pan: 90, tilt: 0, roll: 0).forward, [1, 0, 0])       // pan right
        assertVector(Quaternion(pan: 0, tilt: 30, roll: 0).forward, [0, 0.5, -(0.75).squareRoot()])  // tilt up
        assertVector(Quaternion(pan: 0, tilt: 0, roll: 90).up, [1, 0, 0])            // roll clockwise from behind
        assertVector(Quaternion(pan: 0, tilt: 0, roll: 90).rotate([1, 0, 0]), [0, -1, 0])
    }

    func testPanTiltRollInverse() {
        var rng = SplitMix64(seed: 3)
        func angle(_ lim: Double) -> Double { (Double(rng.next() % 1_000_000) / 1_000_000 * 2 - 1) * lim }
        for _ in 0..<500 {
            let (p, t, r) = (angle(179.9), angle(89), angle(179.9))
            let q = Quaternion(pan: p, tilt: t, roll: r)
            let e = q.panTiltRoll
            XCTAssertEqual(e.pan, p, accuracy: 1e-8)
            XCTAssertEqual(e.tilt, t, accuracy: 1e-8)
            XCTAssertEqual(e.roll, r, accuracy: 1e-8)
        }
        // Gimbal lock: looking straight up, the orientation still comes back.
        let up = Quaternion(pan: 180, tilt: 90, roll: 45)
        let e = up.panTiltRoll
        XCTAssertLessThan(Quaternion(pan: e.pan, tilt: e.tilt, roll: e.roll).angle(to: up), 1e-6)
    }

    func testSlerpFollowsTheShortArc() {
        let a = Quaternion(pan: 170, tilt: 0, roll: 0), b = Quaternion(pan: -170, tilt: 0, roll: 0)
        let mid = a.slerp(to: b, 0.5)
        XCTAssertEqual(abs(mid.panTiltRoll.pan), 180, accuracy: 1e-9)
        XCTAssertEqual(a.angle(to: b), 20, accuracy: 1e-9)
        for k in 0...10 {
            let u = Double(k) / 10
            let q = Quaternion(pan: 10, tilt: 0, roll: 0).slerp(to: Quaternion(pan: 50, tilt: 0, roll: 0), u)
            XCTAssertEqual(q.panTiltRoll.pan, 10 + 40 * u, accuracy: 1e-9)
        }
    }
}
