// TakeStreamCommandTests: a big CSV take is read in one pass into compact storage: `take info` on 300,000 rows
// stays within a small, measured peak (issue 14, item 8; Docs/performance.md has the 10-million-row figures).

import Foundation
import XCTest

final class TakeStreamCommandTests: XCTestCase {
    func testBigCSVTakeReadsInLittleMemory() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let rows = 300_000
        var text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\n"
        text.reserveCapacity(rows * 48)
        for i in 0..<rows {
            let t = Double(i) / 120
            text += "\(t),\(Double(i % 1000) / 100),1.6,-2.25,\(i % 360),-3.5,0.25,35\n"
        }
        let path = tmp.appendingPathComponent("big.csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let fileKB = text.utf8.count / 1024
        let r = try runMeasured(["take", "info", path, "--json"])
        XCTAssertEqual(r.code, 0, r.err)
        // About 80 bytes a row stored (23 MB), the file mapped (about 13 MB), the binary's own 30-40 MB: the old
        // reader held about 1 KB a row (300 MB here).
        XCTAssertLessThan(r.maxKB, 60_000 + fileKB + rows * 100 / 1024, "peak \(r.maxKB) kB for a \(fileKB) kB take")
    }
}
