// AnalyzeReport+Text: the human summary of `analyze` (a min/mean/max table per camera, footprints, overlaps and the
// problem ranges) and its CSV (one row per frame, per camera for a take set).

import Geometry
import SceneModel
import ShotAnalysis

extension AnalyzeReport {
    /// min, mean and max of a per-frame figure over the frames that have it.
    static func stats(_ values: [Double?]) -> (min: Double, mean: Double, max: Double)? {
        let v = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return nil }
        return (lo, v.reduce(0, +) / Double(v.count), hi)
    }

    /// The summary table's rows for one camera's frames: name, values, digits, scale.
    static func rows(_ m: [ShotMetrics], several: Bool) -> [(String, [Double?], Int, Double)] {
        var rows: [(String, [Double?], Int, Double)] = [
            ("LED coverage %", m.map { $0.coverage }, 1, 100),
            ("overshoot %", m.map { $0.overshoot }, 2, 100),
            ("floor %", m.map { $0.floor }, 1, 100),
            ("nearest wall m", m.map { $0.nearestWallM }, 2, 1),
            ("in focus %", m.map { $0.inFocusShare }, 1, 100),
            ("moire risk %", m.map { $0.moireShare }, 1, 100),
            ("LED pitch / photosite", m.map { $0.pitchRatio }, 2, 1),
            ("blur / LED pitch", m.map { $0.blurRatio }, 2, 1),
            ("max off-axis deg", m.map { $0.maxOffAxisDegrees }, 1, 1),
            ("LED px per image px", m.map { $0.ledPixelsPerImagePixel?.max }, 2, 1),
            ("footprint cabinets", m.map { Double($0.footprints.reduce(0) { $0 + $1.cabinets }) }, 0, 1),
        ]
        if several { rows.append(("other frusta in shot %", m.map { $0.frustumInShot }, 1, 100)) }
        return rows
    }

    /// The rules that apply: all of the scene's for a take set, the single-camera ones for a take.
    var rulesApplied: [AnalysisSettings.Rule] { settings.rules.filter { takeSet != nil || !$0.isMultiCamera } }

    /// `s` padded to `n` terminal columns (a Chinese camera name takes two a character: `DisplayWidth`).
    static func pad(_ s: String, _ n: Int) -> String {
        let w = DisplayWidth.of(s)
        return w >= n ? s : s + String(repeating: " ", count: n - w)
    }
    static func lpad(_ s: String, _ n: Int) -> String {
        let w = DisplayWidth.of(s)
        return w >= n ? s : String(repeating: " ", count: n - w) + s
    }

    /// One camera's table, its largest footprint and its depth of field.
    static func table(_ a: TakeAnalysis, several: Bool) -> String {
        var out = pad("", 24) + lpad("min", 10) + lpad("mean", 10) + lpad("max", 10) + "\n"
        for (name, values, digits, scale) in rows(a.metrics, several: several) {
            guard let s = stats(values) else { out += pad(name, 24) + lpad("-", 10) + "\n"; continue }
            out += pad(name, 24) + lpad(formatFixed(s.min * scale, digits), 10) + lpad(formatFixed(s.mean * scale, digits), 10)
                + lpad(formatFixed(s.max * scale, digits), 10) + "\n"
        }
        if let i = a.metrics.indices.max(by: {
            a.metrics[$0].footprints.reduce(0) { $0 + $1.cabinets } < a.metrics[$1].footprints.reduce(0) { $0 + $1.cabinets }
        }) {
            for fp in a.metrics[i].footprints {
                out += "\nlargest inner frustum (\(a.frames[i].timecode)): \(fp.surface) columns \(fp.columns.lowerBound)-\(fp.columns.upperBound), "
                    + "rows \(fp.rows.lowerBound)-\(fp.rows.upperBound), \(fp.cabinets) cabinets, "
                    + "\(formatFixed(fp.widthM, 2)) x \(formatFixed(fp.heightM, 2)) m, "
                    + "\(fp.pixelColumns.count) x \(fp.pixelRows.count) LED px"
            }
            out += "\n"
        }
        if let m = a.metrics.first {
            out += "depth of field at the first frame: \(formatFixed(m.depthOfField.near, 2))-\(m.depthOfField.far.isFinite ? formatFixed(m.depthOfField.far, 2) : "inf") m "
                + "(circle of confusion \(formatFixed(m.cocMM * 1000, 1)) µm); off-axis limit \(formatFixed(m.offAxisLimitDegrees, 1))°\n"
        }
        return out
    }

    /// The human summary: the take, a min/mean/max table (per camera for a take set), the largest footprint, the
    /// frusta's overlap and the problem ranges.
    public var text: String {
        let frames = analysis.frames
        var out = takeSet == nil ? "\(sceneName) · take '\(takeName)' · \(frames.count) frames at \(frameRate) fps"
            : "\(sceneName) · take set '\(takeName)' · \(frames.count) frames at \(frameRate) fps"
        if let f = frames.first, let l = frames.last { out += " (\(f.timecode)–\(l.timecode))" }
        guard let set = takeSet else {
            if let camera { out += " · camera \(camera)" }
            out += "\n\n" + Self.table(analysis, several: false) + "\n" + problemsText(analysis.problems)
            return out
        }
        let mode: String
        switch setOverlap {
        case .priority: mode = "priority (" + set.cameraNames.joined(separator: " over ") + ")"
        case .key: mode = "keyed"
        }
        out += " · cameras " + set.cameraNames.joined(separator: ", ") + " · overlap " + mode + "\n"
        for k in set.cameraNames.indices {
            let take = setTakes.indices.contains(k) ? " · take '\(setTakes[k])'" : ""
            out += "\ncamera \(set.cameraNames[k])\(take)\n" + Self.table(set.camera(k), several: true)
            for other in set.cameraNames.indices where other != k {
                let shares = set.metrics.map { m in m.cameras[k].visibleFrusta.first { $0.camera == set.cameraNames[other] }?.share ?? 0 }
                let n = shares.filter { $0 > 0 }.count
                out += "\(set.cameraNames[other])'s inner frustum in shot: \(n) frame\(n == 1 ? "" : "s")"
                    + (n > 0 ? ", at most \(percent(shares.max() ?? 0)) of the image" : "") + "\n"
            }
        }
        let areas = set.metrics.map(\.overlap.areaM2)
        let overlapping = areas.filter { $0 > 0 }.count
        out += "\ninner frusta overlap on the wall: \(overlapping) frame\(overlapping == 1 ? "" : "s")"
        if let i = areas.indices.max(by: { areas[$0] < areas[$1] }), areas[i] > 0 {
            let o = set.metrics[i].overlap
            out += ", at most \(formatFixed(o.areaM2, 2)) m² (\(o.cabinets) cabinets, \(set.frames[i].timecode))"
        }
        out += "\n\n" + problemsText(set.problems)
        return out
    }

    func problemsText(_ problems: [ProblemRange]) -> String {
        guard !problems.isEmpty else {
            return "no problems: every frame passes \(rulesApplied.map(\.rawValue).joined(separator: ", "))\n"
        }
        let accepted = problems.filter(\.accepted).count
        var out = "\(problems.count) problem range\(problems.count == 1 ? "" : "s")"
            + (accepted > 0 ? " (\(accepted) accepted by the take set)" : "") + ":\n"
        let width = takeSet == nil ? 0 : max(4, (takeSet?.cameraNames.map { DisplayWidth.of($0) }.max() ?? 0)) + 2
        for p in problems {
            let who = takeSet == nil ? "" : Self.pad(p.camera ?? "wall", width)
            out += "  \(who)\(Self.pad(p.rule.rawValue, 15)) \(p.firstTimecode)-\(p.lastTimecode)  frames \(p.firstFrame)-\(p.lastFrame) (\(p.frames))  "
                + "worst: \(p.detail)\(p.accepted ? "  [accepted]" : "")\n"
        }
        return out
    }

    /// One row per frame (per frame and camera for a take set); a header first.
    public var csv: String {
        var out = takeSet == nil ? "frame,timecode," : "frame,timecode,camera,"
        out += "coverage,overshoot,overshoot_top,overshoot_bottom,overshoot_left,overshoot_right,overshoot_other,"
            + "floor,nearest_wall_m,farthest_wall_m,dof_near_m,dof_far_m,in_focus,moire,pitch_ratio,blur_ratio,max_off_axis_deg,"
            + "led_px_per_image_px_min,led_px_per_image_px_max,footprint_cabinets,"
            + (takeSet == nil ? "" : "frustum_in_shot,visible_frusta,overlap_m2,overlap_cabinets,") + "failures\n"
        func n(_ v: Double?, _ d: Int = 4) -> String { v.map { $0.isFinite ? formatFixed($0, d) : "inf" } ?? "" }
        func fields(_ m: ShotMetrics) -> [String] {
            let e = m.overshootByEdge
            return [
                n(m.coverage), n(m.overshoot), n(e[.top]), n(e[.bottom]), n(e[.left]), n(e[.right]),
                n(e[.other]), n(m.floor), n(m.nearestWallM, 3), n(m.farthestWallM, 3), n(m.depthOfField.near, 3),
                n(m.depthOfField.far, 3), n(m.inFocusShare), n(m.moireShare), n(m.pitchRatio, 3), n(m.blurRatio, 3),
                n(m.maxOffAxisDegrees, 2), n(m.ledPixelsPerImagePixel?.min, 3), n(m.ledPixelsPerImagePixel?.max, 3),
                String(m.footprints.reduce(0) { $0 + $1.cabinets }),
            ]
        }
        guard let set = takeSet else {
            for (f, m) in zip(analysis.frames, analysis.metrics) {
                out += ([String(f.frame), f.timecode] + fields(m) + [m.failures.map(\.rawValue).joined(separator: " ")])
                    .joined(separator: ",") + "\n"
            }
            return out
        }
        for (f, w) in zip(set.frames, set.metrics) {
            for (k, m) in w.cameras.enumerated() {
                let seen = m.visibleFrusta.map { "\($0.camera)=\(n($0.share))" }.joined(separator: " ")
                out += ([String(f.frame), f.timecode, set.cameraNames[k]] + fields(m)
                        + [n(m.frustumInShot), seen, n(w.overlap.areaM2, 4), String(w.overlap.cabinets),
                           (m.failures + w.failures).map(\.rawValue).joined(separator: " ")])
                    .map(Self.csvField).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, a quote or a line break (camera names are the user's).
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}
