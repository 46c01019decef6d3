// DecimalTextTests: the byte-level number readers give exactly what Double(String) and Int(String) give.

@testable import TakeFormats
import Takes
import XCTest

final class DecimalTextTests: XCTestCase {
    /// What the CSV reader makes of one cell: the fast reader's value, or the fallback's.
    private func read(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { DecimalText.double($0) } ?? Double(text)
    }

    private func fast(_ text: String) -> Double? { Array(text.utf8).withUnsafeBufferPointer { DecimalText.double($0) } }

    private func assertSame(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Double(text), got = read(text)
        XCTAssertEqual(got?.bitPattern, expected?.bitPattern, "'\(text)'", file: file, line: line)
        if let f = fast(text) { XCTAssertEqual(f.bitPattern, expected?.bitPattern, "fast path for '\(text)'", file: file, line: line) }
    }

    /// Hand-picked edges: the fast path's limits (2^53, 10^22, 19 digits) on both sides, signs, zeros, and forms
    /// only the fallback reads.
    func testEdgesMatchDoubleOfString() {
        let cases = ["0", "-0", "+0", "0.0", "-0.0", "00001.5000", "1", "-1", "+3", "1.5", "-273.15", "0.1", "0.2", "0.3",
                     "0.30000000000000004", "9007199254740992", "9007199254740993", "9007199254740991.5",
                     "1e22", "1e23", "1e-22", "1.5e-22", "1.5e-23", "123456789e15", "1234567890123456789",
                     "12345678901234567890", "0.0000000000000000001234", "1.0000000000000000000001",
                     "4.9e-324", "2.2250738585072014e-308", "1.7976931348623157e308", "1e400", "1e-400", "0e999",
                     "1E2", "5e-1", "1e+5", "1e0004", "1e00004", "1e-0004", "1.", ".5", "-.5", "5.e3", "+-3", "--1",
                     "1e", "1e+", "1e--3", "1.2.3", "inf", "-inf", "infinity", "nan", "NaN", "0x1p3", "0X1.8P1", "1_0",
                     "", "-", "+", ".", "e5", " 1", "1 ", "١٢", "3.14159265358979323846264338327950288"]
        for c in cases { assertSame(c) }
        // The fast path really is taken for the plain forms (else this test would only test the fallback).
        for c in ["0", "-0.0", "1.5", "9007199254740992", "1e22", "1.5e-21", "123456789012345e-3", "+3"] {
            XCTAssertNotNil(fast(c), c)
        }
        for c in ["9007199254740993", "1e23", "1.5e-22", "1234567890123456789e-3", "12345678901234567890", ".5", "1.", "inf", "0x1p3"] {
            XCTAssertNil(fast(c), c)
        }
    }

    /// Random decimals of every length and exponent, as tracker exports and Swift's shortest round trip print
    /// them, checked bit for bit against Double(String) (glibc's strtod underneath).
    func testRandomDecimalsMatchDoubleOfString() {
        var rng = SystemRandomNumberGenerator()
        var fastCount = 0
        for i in 0..<200_000 {
            var s = ""
            switch i % 4 {
            case 0:  // shortest round trip of a random double
                s = "\(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &rng)) * (Bool.random() ? 1 : -1))"
            case 1:  // fixed decimals, as trackers write them
                s = "\(Int.random(in: -99999...99999, using: &rng)).\(String(repeating: "0", count: Int.random(in: 0...3)))\(UInt32.random(in: 0...999_999, using: &rng))"
            default:  // random digit strings with a random exponent
                let digits = (0..<Int.random(in: 1...24, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
                let cut = Int.random(in: 0...digits.count, using: &rng)
                let mantissa = cut == digits.count ? digits : String(digits.prefix(cut)) + "." + digits.dropFirst(cut)
                s = (Bool.random() ? "-" : "") + (mantissa.hasPrefix(".") ? "0" + mantissa : mantissa)
                if Bool.random() { s += "e\(Int.random(in: -30...30, using: &rng))" }
            }
            if fast(s) != nil { fastCount += 1 }
            assertSame(s)
        }
        XCTAssertGreaterThan(fastCount, 50_000, "the fast path should read most plain decimals")
    }

    func testIntegersMatchIntOfString() {
        let cases = ["0", "-0", "+12", "0012", "-5", "123456789012345678", "1234567890123456789", "9223372036854775807",
                     "-9223372036854775808", "9223372036854775808", "99999999999999999999", "1.5", "1e3", "", "-", "+",
                     " 1", "x", "٣", "+-1"]
        for c in cases {
            let got = Array(c.utf8).withUnsafeBufferPointer { DecimalText.int($0) } ?? Int(c)
            XCTAssertEqual(got, Int(c), "'\(c)'")
        }
        for _ in 0..<20_000 {
            let v = Int.random(in: Int.min...Int.max)
            XCTAssertEqual(Array("\(v)".utf8).withUnsafeBufferPointer { DecimalText.int($0) } ?? Int("\(v)"), v)
        }
    }

    /// The CSV reader keeps what Double(String) would read in every cell, including the forms the fast path
    /// leaves to it, and names the cell it cannot read as before.
    func testCSVCellsReadAsDoubleOfStringReadsThem() throws {
        let csv = """
            time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,zoom_raw
            0.1,1.,.5,+3,12.3456789012345678901,1e-5, 0.30000000000000004\t,+12
            1e0,0x1p1,-0,1.5e-23,1234567890123456789e-20,0,0,0012
            2,1,2,3,0,0,0,99999999999999999999
            3,inf,2,3,0,0,0,
            4,1_0,2,3,0,0,0,
            """
        let r = try TakeCSV.read(Array(csv.utf8))
        XCTAssertEqual(r.take.samples.count, 2)
        guard r.take.samples.count == 2 else { return }
        let a = r.take.samples[0], b = r.take.samples[1]
        XCTAssertEqual([a.time, a.position.x, a.position.y, a.position.z, a.pan, a.tilt, a.roll].map(\.bitPattern),
                       [0.1, 1.0, 0.5, 3, Double("12.3456789012345678901")!, 1e-5, 0.30000000000000004].map(\.bitPattern))
        XCTAssertEqual(a.raw.zoom, 12)
        XCTAssertEqual([b.time, b.position.x, b.position.y, b.position.z, b.pan].map(\.bitPattern),
                       [1, 2, -0.0, Double("1.5e-23")!, Double("1234567890123456789e-20")!].map(\.bitPattern))
        XCTAssertEqual(b.raw.zoom, 12)
        XCTAssertEqual(r.rejects.map(\.description), [
            "line 4: zoom_raw '99999999999999999999' is not an integer",
            "line 5: x_m is not a finite number",
            "line 6: x_m '1_0' is not a number",
        ])
    }
}
