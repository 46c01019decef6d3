// TakeCSV+Row: one CSV row to a sample, its cells read as byte ranges and its numbers as Double(String) reads them.

import Geometry
import Takes

extension TakeCSV {
    /// Where each known column is in a row (-1: the header has no such column).
    struct Columns {
        let time, timecode, tcRate, x, y, z, pan, tilt, roll: Int
        let focal, focus, fStop, k1, k2, k3, p1, p2, distortion, pupil: Int
        let zoomRaw, focusRaw, irisRaw, userRaw, cameraID: Int

        init(_ m: [String: Int]) {
            func c(_ name: String) -> Int { m[name] ?? -1 }
            time = c("time_s"); timecode = c("timecode"); tcRate = c("tc_rate")
            x = c("x_m"); y = c("y_m"); z = c("z_m"); pan = c("pan_deg"); tilt = c("tilt_deg"); roll = c("roll_deg")
            focal = c("focal_mm"); focus = c("focus_m"); fStop = c("f_stop")
            k1 = c("k1"); k2 = c("k2"); k3 = c("k3"); p1 = c("p1"); p2 = c("p2")
            distortion = c("distortion"); pupil = c("pupil_m")
            zoomRaw = c("zoom_raw"); focusRaw = c("focus_raw"); irisRaw = c("iris_raw"); userRaw = c("user_raw")
            cameraID = c("camera_id")
        }
    }

    /// One row's cells as ranges of its bytes. A column past the row's end, or an empty cell, is absent.
    struct Cells {
        let text: UnsafeBufferPointer<UInt8>
        let ranges: [Range<Int>]

        func bytes(_ column: Int) -> UnsafeBufferPointer<UInt8>? {
            guard column >= 0, column < ranges.count, !ranges[column].isEmpty else { return nil }
            return UnsafeBufferPointer(rebasing: text[ranges[column]])
        }

        func string(_ column: Int) -> String? { bytes(column).map { String(decoding: $0, as: UTF8.self) } }

        /// A number, read as `Double(String)` reads it (plain decimals without making the `String`).
        func number(_ column: Int, _ name: String) throws(TakeFormatError) -> Double? {
            guard let b = bytes(column) else { return nil }
            if let v = DecimalText.double(b) { return v }
            let c = String(decoding: b, as: UTF8.self)
            guard let v = Double(c) else { throw TakeFormatError("\(name) '\(c)' is not a number") }
            guard v.isFinite else { throw TakeFormatError("\(name) is not a finite number") }
            return v
        }

        func need(_ column: Int, _ name: String) throws(TakeFormatError) -> Double {
            guard let v = try number(column, name) else { throw TakeFormatError("\(name) is empty") }
            return v
        }

        /// An integer, read as `Int(String)` reads it.
        func integer(_ column: Int, _ name: String) throws(TakeFormatError) -> Int? {
            guard let b = bytes(column) else { return nil }
            if let v = DecimalText.int(b) { return v }
            let c = String(decoding: b, as: UTF8.self)
            guard let v = Int(c) else { throw TakeFormatError("\(name) '\(c)' is not an integer") }
            return v
        }
    }

    static func row(_ cells: Cells, _ col: Columns) throws(TakeFormatError) -> TrackingSample {
        var timecode: Timecode?
        if let tcText = cells.string(col.timecode) {
            guard let rateText = cells.string(col.tcRate) else { throw TakeFormatError("timecode without tc_rate") }
            guard let rate = FrameRate(parsing: rateText) else { throw TakeFormatError("tc_rate '\(rateText)' is not a frame rate") }
            guard let tc = Timecode(parsing: tcText, rate: rate) else {
                throw TakeFormatError("timecode '\(tcText)' is not a valid label at \(rate)")
            }
            timecode = tc
        }
        let time: Double
        if let t = try cells.number(col.time, "time_s") { time = t } else if let tc = timecode { time = tc.secondsSinceMidnight } else {
            throw TakeFormatError("no time: time_s and timecode are empty")
        }
        let position = SIMD3(try cells.need(col.x, "x_m"), try cells.need(col.y, "y_m"), try cells.need(col.z, "z_m"))
        let pan = try cells.need(col.pan, "pan_deg"), tilt = try cells.need(col.tilt, "tilt_deg")
        let roll = try cells.need(col.roll, "roll_deg")
        let focal = try cells.number(col.focal, "focal_mm"), focus = try cells.number(col.focus, "focus_m")
        let fStop = try cells.number(col.fStop, "f_stop")
        let k1 = try cells.number(col.k1, "k1"), k2 = try cells.number(col.k2, "k2"), k3 = try cells.number(col.k3, "k3")
        let p1 = try cells.number(col.p1, "p1"), p2 = try cells.number(col.p2, "p2")
        var model: LensDistortion.Model?
        if let name = cells.string(col.distortion) {
            guard let m = LensDistortion.Model(name: name) else { throw TakeFormatError("distortion '\(name)' is not U-D or D-U") }
            model = m
        }
        let pupil = try cells.number(col.pupil, "pupil_m")
        let raw = RawEncoders(zoom: try cells.integer(col.zoomRaw, "zoom_raw"), focus: try cells.integer(col.focusRaw, "focus_raw"),
                              iris: try cells.integer(col.irisRaw, "iris_raw"), user: try cells.integer(col.userRaw, "user_raw"))
        let s = TrackingSample(
            time: time, timecode: timecode, position: position, pan: pan, tilt: tilt, roll: roll,
            lens: LensSample(focalLength: focal, focusDistance: focus, fStop: fStop, k1: k1, k2: k2, k3: k3, p1: p1, p2: p2,
                             distortionModel: model, entrancePupilOffset: pupil),
            raw: raw, cameraID: try cells.integer(col.cameraID, "camera_id"))
        if let why = s.implausibility { throw TakeFormatError("absurd value: \(why)") }
        return s
    }
}
