// FuzzRegressionTests: inputs libFuzzer found that crashed a take reader (Tests/Fuzz/regressions, Docs/reliability.md),
// fed to the same entry point as the fuzz target: each must come back as a result or an error, never a trap.

import Takes
@testable import TakeFormats
import XCTest

final class FuzzRegressionTests: XCTestCase {
    func regression(_ name: String) throws -> [UInt8] {
        try TakeFixtures.read(TakeFixtures.packageRoot + "/Tests/Fuzz/regressions/" + name)
    }

    /// `otio-json`, 2026-12-06: a camera under a parent transform whose pan is 1e300 trapped (Double to Int in the
    /// sine's quadrant) before the plausibility check could reject the sample.
    func testOpenTrackIOHugeAngleInATransformChainIsRejectedNotATrap() throws {
        let r = OpenTrackIO.read(try regression("otio-json-double-to-int-trap.json"))
        XCTAssertTrue(r.take.samples.allSatisfy { $0.implausibility == nil })
        XCTAssertFalse(r.rejects.isEmpty)
        let line = #"{"timing":{"sampleRate":{"num":50,"denom":1}},"transforms":[{"id":"Crane","translation":{"x":0,"y":0,"z":0},"rotation":{"pan":1e300,"tilt":0,"roll":0}},"#
            + #"{"id":"Camera","translation":{"x":1,"y":0,"z":2},"rotation":{"pan":0,"tilt":0,"roll":0}}]}"#
        let one = OpenTrackIO.read(Array((line + "\n").utf8))
        // Read without a trap, and refused as a single transform's angle would be.
        XCTAssertEqual(one.take.count, 0)
        XCTAssertEqual(one.rejects.map(\.description), ["line 1: absurd value: transform 'Crane' pan 1e+300° is beyond ±3600°"])
    }

    func crash(_ name: String) throws -> [UInt8] {
        try TakeFixtures.read(TakeFixtures.packageRoot + "/Tests/Fuzz/crashes/" + name)
    }

    /// Findings 1-3 of Docs/reliability.md, fixed by issue 14 items 1 and 2: the stray `}` ends the array with an
    /// error at its position (it looped until memory ran out); the CSV takes spanning hours from a few rows are
    /// refused with the lines of their jump (the resampler was asked for millions of frames).
    func testKnownFaultsFoundByFuzzingAreErrors() throws {
        XCTAssertThrowsError(try OpenTrackIO.readStrict(try crash("otio-json-stray-brace-loop.json"))) {
            XCTAssertTrue("\($0)".contains("in the sample array"), "\($0)")
        }
        for name in ["resample-timeout-mixed-timecode-10h-span.bin", "resample-csv-huge-span.bin"] {
            let bytes = Array(try crash(name).dropFirst(2))   // two header bytes for the fuzz target, then the CSV
            let read = try? TakeCSV.read(bytes)
            // Either no usable header at all, or a clock jump the readers refuse (without --allow-gaps).
            if let read { XCTAssertFalse(read.timeFaults.isEmpty, "\(name): \(read.take.count) samples, no fault") }
        }
    }
}
