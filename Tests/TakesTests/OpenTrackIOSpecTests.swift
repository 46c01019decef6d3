// OpenTrackIOSpecTests: the spec's timing and transforms: the dropFrame flag, subFrame samples, the transform
// chain composed in order, and takes across midnight, from hand-made samples with hand-worked answers.

import Takes
@testable import TakeFormats
import Geometry
import XCTest

final class OpenTrackIOSpecTests: XCTestCase {
    /// One sample line: a timecode (with optional subFrame, dropFrame, sampleRate) and a transform chain.
    func line(_ h: Int, _ m: Int, _ s: Int, _ f: Int, rate: (Int, Int) = (30000, 1001), subFrame: Int? = nil,
              dropFrame: Bool? = nil, sampleRate: (Int, Int)? = nil,
              transforms: String = #"[{"translation":{"x":0,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]"#) -> String {
        var tc = #""hours":\#(h),"minutes":\#(m),"seconds":\#(s),"frames":\#(f),"frameRate":{"num":\#(rate.0),"denom":\#(rate.1)}"#
        if let subFrame { tc += #","subFrame":\#(subFrame)"# }
        if let dropFrame { tc += #","dropFrame":\#(dropFrame)"# }
        let sr = sampleRate.map { #""sampleRate":{"num":\#($0.0),"denom":\#($0.1)},"# } ?? ""
        return #"{"timing":{\#(sr)"timecode":{\#(tc)}},"transforms":\#(transforms)}"#
    }

    func read(_ lines: [String]) -> TakeReadResult { OpenTrackIO.read(Array(lines.joined(separator: "\n").utf8)) }

    /// 30000/1001 is not always drop-frame: `dropFrame: false` reads 00:01:00:00 (a label DF skips) as NDF frame
    /// 1800; `dropFrame: true` reads 00:01:00:02 as DF frame 1800 too (two labels skipped); without the flag the
    /// reader's default (DF) applies unless a label proves the take non-drop (below); a DF flag at 25 fps is refused.
    func testDropFrameFlag() throws {
        let ndf = read([line(0, 1, 0, 0, dropFrame: false)])
        XCTAssertEqual(ndf.rejects, [])
        let a = try XCTUnwrap(ndf.take.samples.first?.timecode)
        XCTAssertEqual(a.description, "00:01:00:00")
        XCTAssertFalse(a.rate.dropFrame)
        XCTAssertEqual(a.frameNumber, 1800)
        let df = try XCTUnwrap(read([line(0, 1, 0, 2, dropFrame: true)]).take.samples.first)
        XCTAssertEqual(df.timecode?.description, "00:01:00;02")
        XCTAssertEqual(df.timecode?.frameNumber, 1800)
        XCTAssertEqual(df.time, 1800 * 1001 / 30000, accuracy: 1e-9)
        // 00:01:00:00 does not exist in drop-frame: a file that states dropFrame elsewhere has it rejected.
        XCTAssertEqual(read([line(0, 0, 59, 29, dropFrame: true), line(0, 1, 0, 0)]).rejects.count, 1)
        let bad = read([line(0, 0, 0, 0, rate: (25, 1), dropFrame: true)])
        XCTAssertEqual(bad.take.count, 0)
        XCTAssertTrue(bad.rejects.first?.reason.contains("no drop-frame") == true, "\(bad.rejects)")
        // The flag is written back, so NDF survives a round trip.
        let back = OpenTrackIO.read(try OpenTrackIO.write(ndf.take))
        XCTAssertEqual(back.take.samples.first?.timecode, a)
    }

    /// The 1.0.0 schema has no dropFrame key: a 30000/1001 take without one whose labels include one drop-frame
    /// skips (00:01:00:00, 00:01:00:01) is non-drop-frame throughout, with a note naming the label; every sample is
    /// kept and timed as NDF (frame n at n × 1001/30000 s: 00:00:59:29 is frame 1799, 00:01:00:00 frame 1800). A
    /// take whose labels all exist in drop-frame keeps the default (DF): 00:00:59;29 then 00:01:00;02.
    func testDropFrameInferredFromTheLabels() throws {
        let ndf = read([line(0, 0, 59, 28), line(0, 0, 59, 29), line(0, 1, 0, 0), line(0, 1, 0, 1), line(0, 1, 0, 2)])
        XCTAssertEqual(ndf.rejects, [])
        XCTAssertEqual(ndf.take.count, 5)
        XCTAssertEqual(ndf.take.samples.map { $0.timecode?.frameNumber }, [1798, 1799, 1800, 1801, 1802])
        for (i, s) in ndf.take.samples.enumerated() { XCTAssertEqual(s.time, Double(1798 + i) * 1001 / 30000, accuracy: 1e-9) }
        XCTAssertFalse(try XCTUnwrap(ndf.take.samples.first?.timecode).rate.dropFrame)
        XCTAssertEqual(ndf.notes.count, 1)
        XCTAssertTrue(ndf.notes.first?.description.contains("line 3") == true && ndf.notes.first?.description.contains("00:01:00:00") == true,
                      "\(ndf.notes)")
        let df = read([line(0, 0, 59, 28), line(0, 0, 59, 29), line(0, 1, 0, 2)])
        XCTAssertEqual(df.rejects, [])
        XCTAssertEqual(df.notes, [])
        XCTAssertEqual(df.take.samples.map { $0.timecode?.frameNumber }, [1798, 1799, 1800])
        XCTAssertTrue(try XCTUnwrap(df.take.samples.first?.timecode).rate.dropFrame)
    }

    /// 50 Hz samples under 25 fps timecode without subFrame (the schema: the timecode rate may differ from the sample
    /// frequency): the second sample of each label is 1/50 s after the first, as subFrame 1 would put it, so the
    /// take keeps 50 Hz and no two samples share a time; a note says so. A third sample of one label would be past
    /// the frame and keeps its label's time.
    func testRepeatedLabelsWithoutSubFrameAreSpreadBySampleRate() throws {
        var lines: [String] = []
        for f in 0..<5 { for _ in 0..<2 { lines.append(line(10, 0, 0, f, rate: (25, 1), sampleRate: (50, 1))) } }
        let r = read(lines)
        XCTAssertEqual(r.rejects, [])
        let t = r.take.samples.map(\.time)
        XCTAssertEqual(t.count, 10)
        for i in 0..<10 { XCTAssertEqual(t[i], 36000 + Double(i) / 50, accuracy: 1e-9, "sample \(i)") }
        XCTAssertEqual(r.take.sourceRate ?? 0, 50, accuracy: 1e-6)
        XCTAssertEqual(r.notes.count, 1)
        XCTAssertTrue(r.notes.first?.description.contains("5 samples repeat their timecode label without subFrame") == true, "\(r.notes)")
        let three = read([line(10, 0, 0, 0, rate: (25, 1), sampleRate: (50, 1)), line(10, 0, 0, 0, rate: (25, 1), sampleRate: (50, 1)),
                          line(10, 0, 0, 0, rate: (25, 1), sampleRate: (50, 1))])
        XCTAssertEqual(three.take.samples.map(\.time), [36000, 36000, 36000.02].sorted())
    }

    /// Errors a pre-1.0 sample, an out-of-range number or a zero sample rate gives: one sentence naming the field,
    /// never Swift's decoding text.
    func testErrorsNameTheFieldAndPreOneLayouts() throws {
        let old = read([#"{"protocol":"OpenTrackIO_0.1.0","timing":{"timecode":{"hours":1,"minutes":0,"seconds":0,"frames":0,"format":{"frameRate":{"num":24,"denom":1}}}},"transforms":[]}"#])
        XCTAssertEqual(old.rejects.map(\.reason), ["not an OpenTrackIO sample: protocol is not an object (pre-1.0 OpenTrackIO; xrstudio reads 1.0 samples)"])
        let format = read([#"{"timing":{"timecode":{"hours":1,"minutes":0,"seconds":0,"frames":0,"format":{"frameRate":{"num":24,"denom":1}}}},"transforms":[]}"#])
        XCTAssertEqual(format.rejects.map(\.reason), ["not an OpenTrackIO sample: timing.timecode.frameRate is missing (pre-1.0 OpenTrackIO samples keep it in timing.timecode.format; xrstudio reads 1.0 samples)"])
        let huge = read([#"{"timing":{"sampleRate":{"num":25,"denom":1}},"transforms":[{"translation":{"x":1e400,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]}"#])
        XCTAssertEqual(huge.rejects.map(\.reason), ["the number 1e400 is beyond the range of a 64-bit float"])
        let zero = read([#"{"timing":{"sampleRate":{"num":0,"denom":1}},"transforms":[{"translation":{"x":1,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]}"#])
        XCTAssertEqual(zero.rejects.map(\.reason), ["timing.sampleRate 0/1 is not a rate, and there is no timecode or sampleTimestamp"])
        // Labels are written as timecodes are: 01:00:00:30 at 25 fps.
        let bad = read([line(1, 0, 0, 30, rate: (25, 1))])
        XCTAssertTrue(bad.rejects.first?.reason.contains("timecode 01:00:00:30 is not a valid label") == true, "\(bad.rejects)")
    }

    /// 60 Hz samples under 30 fps timecode: subFrame 1 is 1/60 s after subFrame 0 of the same label, so a take
    /// of four samples keeps four distinct, evenly spaced times in order; without a sampleRate a subFrame is a field.
    func testSubFrameSpacesFastSamples() throws {
        let r = read([line(1, 0, 0, 0, rate: (30, 1), subFrame: 0, sampleRate: (60, 1)),
                      line(1, 0, 0, 0, rate: (30, 1), subFrame: 1, sampleRate: (60, 1)),
                      line(1, 0, 0, 1, rate: (30, 1), subFrame: 0, sampleRate: (60, 1)),
                      line(1, 0, 0, 1, rate: (30, 1), subFrame: 1, sampleRate: (60, 1))])
        XCTAssertEqual(r.rejects, [])
        let t = r.take.samples.map(\.time)
        XCTAssertEqual(t.count, 4)
        for i in 0..<4 { XCTAssertEqual(t[i], 3600 + Double(i) / 60, accuracy: 1e-9) }
        XCTAssertEqual(r.take.sourceRate ?? 0, 60, accuracy: 1e-6)
        let field = read([line(1, 0, 0, 0, rate: (30, 1), subFrame: 1)])
        XCTAssertEqual(field.take.samples.first?.time ?? 0, 3600 + 1.0 / 60, accuracy: 1e-9)
        // A subFrame past the frame's end is an error, not a sample in the next frame.
        XCTAssertEqual(read([line(1, 0, 0, 0, rate: (30, 1), subFrame: 2, sampleRate: (60, 1))]).take.count, 0)
        // Written back, the samples keep their subFrame and sampleRate: the times read again are the same.
        let written = try OpenTrackIO.write(r.take)
        let text = String(decoding: written, as: UTF8.self)
        XCTAssertTrue(text.contains(#""subFrame":1"#), text)
        XCTAssertTrue(text.contains(#""sampleRate":{"denom":1,"num":60}"#), text)
        let again = OpenTrackIO.read(written)
        XCTAssertEqual(again.rejects, [])
        XCTAssertEqual(again.take.samples.map(\.time), t)
    }

    /// Dolly → Crane → Camera composed in order. Hand-worked in OpenTrackIO axes (Z up, Y forward): the dolly at
    /// (2, 0, 0) panned +90° (a left turn about +Z, so its forward +Y becomes −X); the crane arm 1.5 m up and 1 m
    /// forward in the dolly's frame: (0, 1, 1.5) → (−1, 0, 1.5) in the stage; the camera head tilted 10° at
    /// (0, 0.5, 0) on the arm → (−0.5, 0, 0) more. Sensor at (0.5, 0, 1.5): scene (0.5, 1.5, −0). Pan −90° in the
    /// scene's convention (left), tilt 10°, roll 0. A transform after "Camera" is not part of the camera.
    func testTransformChainComposedInOrder() throws {
        let chain = #"[{"id":"Dolly","translation":{"x":2,"y":0,"z":0},"rotation":{"pan":90,"tilt":0,"roll":0}},"#
            + #"{"id":"Crane","translation":{"x":0,"y":1,"z":1.5},"rotation":{"pan":0,"tilt":0,"roll":0}},"#
            + #"{"id":"Camera","translation":{"x":0,"y":0.5,"z":0},"rotation":{"pan":0,"tilt":10,"roll":0}},"#
            + #"{"id":"Witness","translation":{"x":9,"y":9,"z":9},"rotation":{"pan":45,"tilt":0,"roll":0}}]"#
        let r = read([line(1, 0, 0, 0, transforms: chain)])
        XCTAssertEqual(r.rejects, [])
        let s = try XCTUnwrap(r.take.samples.first)
        XCTAssertEqual(s.position.x, 0.5, accuracy: 1e-9)
        XCTAssertEqual(s.position.y, 1.5, accuracy: 1e-9)
        XCTAssertEqual(s.position.z, 0, accuracy: 1e-9)
        XCTAssertEqual(s.pan, -90, accuracy: 1e-9)
        XCTAssertEqual(s.tilt, 10, accuracy: 1e-9)
        XCTAssertEqual(s.roll, 0, accuracy: 1e-9)
        // The camera looks along the dolly's turned forward (−X in OpenTrackIO, −x in the scene), 10° up.
        let f = s.orientation.forward
        XCTAssertEqual(f.x, -cos(10 * Double.pi / 180), accuracy: 1e-9)
        XCTAssertEqual(f.y, sin(10 * Double.pi / 180), accuracy: 1e-9)
        // Order matters: the same transforms the other way round put the sensor elsewhere.
        let swapped = #"[{"id":"Crane","translation":{"x":0,"y":1,"z":1.5},"rotation":{"pan":0,"tilt":0,"roll":0}},"#
            + #"{"id":"Dolly","translation":{"x":2,"y":0,"z":0},"rotation":{"pan":90,"tilt":0,"roll":0}},"#
            + #"{"id":"Camera","translation":{"x":0,"y":0.5,"z":0},"rotation":{"pan":0,"tilt":10,"roll":0}}]"#
        let o = try XCTUnwrap(read([line(1, 0, 0, 0, transforms: swapped)]).take.samples.first)
        XCTAssertEqual(o.position.x, 1.5, accuracy: 1e-9)  // (0,1,1.5) + (2,0,0) + (−0.5,0,0)
        // A chain member without rotation is an error naming it.
        let broken = #"[{"id":"Dolly","translation":{"x":2,"y":0,"z":0}},{"id":"Camera","translation":{"x":0,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]"#
        let b = read([line(1, 0, 0, 0, transforms: broken)])
        XCTAssertTrue(b.rejects.first?.reason.contains("'Dolly'") == true, "\(b.rejects)")
    }

    /// A take across midnight at 29.97 DF: 23:59:59;28, ;29, 00:00:00;00, ;01 stay in file order, one frame
    /// (1001/30000 s) apart, the last two a day (2,589,408 frames) on.
    func testSamplesAcrossMidnightKeepTheirOrder() throws {
        let r = read([line(23, 59, 59, 28), line(23, 59, 59, 29), line(0, 0, 0, 0), line(0, 0, 0, 1)])
        XCTAssertEqual(r.rejects, [])
        XCTAssertEqual(r.take.samples.map { $0.timecode!.description },
                       ["23:59:59;28", "23:59:59;29", "00:00:00;00", "00:00:00;01"])
        let t = r.take.samples.map(\.time)
        for i in 1..<4 { XCTAssertEqual(t[i] - t[i - 1], 1001.0 / 30000, accuracy: 1e-6) }
        XCTAssertEqual(t[2], 2_589_408 * 1001.0 / 30000, accuracy: 1e-6)
        // Resampled at the take's rate, the frames run on through midnight with the right labels.
        let states = Resampler(frameRate: .fps29_97DF).resample(r.take).states
        XCTAssertEqual(states.map(\.timecode.description), ["23:59:59;28", "23:59:59;29", "00:00:00;00", "00:00:00;01"])
    }

    /// The official example (23.976, 01:02:03:04) read the same through the new chain code: one transform.
    func testOfficialExampleTime() throws {
        let dir = TakeFixtures.openTrackIOSamples
        guard TakeFixtures.exists(dir) else { throw XCTSkip("no shared samples") }
        let r = OpenTrackIO.read(try TakeFixtures.read(dir + "/recommended_dynamic_example.json"))
        let s = try XCTUnwrap(r.take.samples.first)
        // 01:02:03:04 at 23.976 NDF: (3723 × 24 + 4) frames × 1001/24000 s.
        XCTAssertEqual(s.time, Double(3723 * 24 + 4) * 1001 / 24000, accuracy: 1e-9)
        XCTAssertFalse(s.timecode!.rate.dropFrame)
    }

    /// lens.distortion: no model is the schema's default (D-U); the U-D name reads as such; another model is a
    /// rejected sample naming it; radial [k1, k2, k3] and tangential [p1, p2] land in their coefficients.
    func testDistortionModels() throws {
        func with(_ distortion: String) -> String {
            #"{"timing":{"sampleTimestamp":{"seconds":1,"nanoseconds":0}},"lens":{"distortion":[\#(distortion)]},"#
                + #""transforms":[{"translation":{"x":0,"y":0,"z":0},"rotation":{"pan":0,"tilt":0,"roll":0}}]}"#
        }
        let plain = read([with(#"{"radial":[-0.1,0.02,0.003],"tangential":[0.001,-0.002]}"#)])
        XCTAssertEqual(plain.take.samples.first?.lens.distortion,
                       LensDistortion(k1: -0.1, k2: 0.02, k3: 0.003, p1: 0.001, p2: -0.002, model: .distortedToUndistorted))
        let ud = read([with(#"{"model":"Brown-Conrady U-D","radial":[-0.1]}"#)])
        XCTAssertEqual(ud.take.samples.first?.lens.distortion, LensDistortion(k1: -0.1, model: .undistortedToDistorted))
        let other = read([with(#"{"model":"Kannala-Brandt","radial":[0.1]}"#)])
        XCTAssertEqual(other.rejects.map(\.description), ["line 1: lens.distortion model 'Kannala-Brandt' is not Brown-Conrady U-D or D-U"])
    }
}
