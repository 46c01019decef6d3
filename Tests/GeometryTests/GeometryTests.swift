// GeometryTests: matrices mean what OpenGL means; sRGB and the Foundation-free maths are accurate.

import Foundation
import Geometry
import XCTest

final class GeometryTests: XCTestCase {
    func testLookAtMatchesGluLookAt() throws {
        // gluLookAt(0,0,5, 0,0,0, 0,1,0) is a translation by -5 along z.
        let v = try XCTUnwrap(Mat4.lookAt(eye: [0, 0, 5], center: [0, 0, 0], up: [0, 1, 0]))
        XCTAssertEqual(v, Mat4.translation([0, 0, -5]))
        // Looking down -x from the origin: the point (-3, 0, 0) lands 3 m in front (z = -3).
        let side = try XCTUnwrap(Mat4.lookAt(eye: [0, 0, 0], center: [-1, 0, 0], up: [0, 1, 0]))
        let p = side.transformPoint([-3, 0, 0])
        XCTAssertEqual(p.z, -3, accuracy: 1e-6)
        XCTAssertEqual(p.x, 0, accuracy: 1e-6)
        XCTAssertNil(Mat4.lookAt(eye: [1, 1, 1], center: [1, 1, 1], up: [0, 1, 0]))
        XCTAssertNil(Mat4.lookAt(eye: [0, 0, 0], center: [0, 1, 0], up: [0, 1, 0]))
    }

    func testPerspectiveMatchesGluPerspective() {
        // gluPerspective(90, 2, 1, 10): f = 1/tan(45°) = 1.
        let p = Mat4.perspective(fovYDegrees: 90, aspect: 2, near: 1, far: 10)
        XCTAssertEqual(p[0, 0], 0.5, accuracy: 1e-6)
        XCTAssertEqual(p[1, 1], 1, accuracy: 1e-6)
        XCTAssertEqual(p[2, 2], -11.0 / 9.0, accuracy: 1e-6)
        XCTAssertEqual(p[2, 3], -20.0 / 9.0, accuracy: 1e-6)
        XCTAssertEqual(p[3, 2], -1)
        // The near plane maps to z_ndc = -1 and the far plane to +1.
        let n = p * SIMD4<Float>(0, 0, -1, 1), f = p * SIMD4<Float>(0, 0, -10, 1)
        XCTAssertEqual(n.z / n.w, -1, accuracy: 1e-6)
        XCTAssertEqual(f.z / f.w, 1, accuracy: 1e-6)
    }

    func testInverseAndRotation() throws {
        let m = Mat4.translation([1, 2, 3]) * Mat4.rotation(axis: [0.3, 1, 0.2], degrees: 37) * Mat4.scale([2, 3, 4])
        let i = try XCTUnwrap(m.inverse)
        let id = m * i
        for r in 0..<4 { for c in 0..<4 { XCTAssertEqual(id[r, c], r == c ? 1 : 0, accuracy: 1e-5) } }
        XCTAssertNil(Mat4.scale([1, 0, 1]).inverse)
        // Rotating x by 90° about +y gives -z (right-handed).
        let r = Mat4.rotation(axis: [0, 1, 0], degrees: 90).transformDirection([1, 0, 0])
        XCTAssertEqual(r.z, -1, accuracy: 1e-6)
    }

    /// Angles from files can be anything: beyond Int's range the quadrant used to trap (fuzzing, Docs/reliability.md).
    func testSinCosOfHugeAndNonFiniteAnglesDoNotTrap() {
        for x in [1e19, -1e19, 1e300, -1.7976931348623157e308, 9.3e18] {
            XCTAssertTrue(abs(sinD(x)) <= 1.0000001, "sin(\(x)) = \(sinD(x))")
            XCTAssertTrue(abs(cosD(x)) <= 1.0000001, "cos(\(x)) = \(cosD(x))")
        }
        XCTAssertTrue(sinD(.infinity).isNaN)
        XCTAssertTrue(cosD(-.infinity).isNaN)
        XCTAssertTrue(sinD(.nan).isNaN)
        // The quadrant by mod 4 in Double agrees with Int's for ordinary angles, negative ones included.
        for x in [-1e5, -7.0, -3.2, 3.2, 7.0, 1e5] { XCTAssertEqual(sinD(x), Foundation.sin(x), accuracy: 1e-10) }
    }

    func testFoundationFreeMathsAgreeWithLibm() {
        for x in stride(from: -20.0, through: 20.0, by: 0.173) {
            XCTAssertEqual(sinD(x), Foundation.sin(x), accuracy: 1e-14)
            XCTAssertEqual(cosD(x), Foundation.cos(x), accuracy: 1e-14)
            XCTAssertEqual(atan2D(x, 1.7), Foundation.atan2(x, 1.7), accuracy: 1e-13)
            XCTAssertEqual(expD(x / 4), Foundation.exp(x / 4), accuracy: 1e-13 * Foundation.exp(x / 4))
        }
        for x in [1e-6, 0.01, 0.5, 1, 2, 10, 12345.678] {
            XCTAssertEqual(lnD(x), Foundation.log(x), accuracy: 1e-13)
            XCTAssertEqual(powD(x, 1 / 2.4), Foundation.pow(x, 1 / 2.4), accuracy: 1e-12 * Foundation.pow(x, 1 / 2.4))
        }
    }

    func testSRGBCurveAndTables() {
        XCTAssertEqual(SRGB.encode(0), 0)
        XCTAssertEqual(SRGB.encode(1), 1)
        XCTAssertEqual(SRGB.encode(0.0031308), 12.92 * 0.0031308, accuracy: 1e-12)
        XCTAssertEqual(SRGB.encode(0.5), 0.735356983, accuracy: 1e-8)  // 1.055 * 0.5^(1/2.4) - 0.055
        for code in 0..<256 {
            let l = SRGB.decode(Double(code) / 255)
            XCTAssertEqual((SRGB.encode(l) * 255).rounded(), Double(code), "round trip of sRGB code \(code)")
        }
        // The 12-bit encode table hits every 8-bit code and is monotonic.
        XCTAssertEqual(Set(SRGB.encodeTable).count, 256)
        XCTAssertEqual(SRGB.encodeTable, SRGB.encodeTable.sorted())
        XCTAssertEqual(SRGB.decodeTable[255], 1)
        XCTAssertEqual(SRGB.decodeTable[0], 0)
    }

    /// Fixed decimals, worked by hand; magnitudes past an Int's digits (error messages quote what a file held: a
    /// mark at 10^19 crashed `plan` here) are written as Swift writes them.
    func testFormatFixed() {
        XCTAssertEqual(formatFixed(12.3456, 3), "12.346")
        XCTAssertEqual(formatFixed(-0.0004, 3), "0.000")
        XCTAssertEqual(formatFixed(-2.5, 0), "-3")
        XCTAssertEqual(formatFixed(0.05, 1), "0.1")
        XCTAssertEqual(formatFixed(123_456_789_012.5, 3), "123456789012.500")
        XCTAssertEqual(formatFixed(1e19, 3), "1e+19")
        XCTAssertEqual(formatFixed(-1e300, 1), "-1e+300")
        XCTAssertEqual(formatFixed(.infinity, 2), "inf")
    }
}
