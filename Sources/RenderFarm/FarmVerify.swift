// FarmVerify: `farm verify` and the end of `farm run`: every frame of the plan is on disk, decodes, and has the
// plan's size. Leftover temporary files of killed writers are listed too.

import Dispatch
import FoundationEssentials
import FrameOutput

/// What the output folder holds, against the plan.
public struct FarmVerifyReport: Sendable, Equatable, Codable {
    public struct Problem: Sendable, Equatable, Codable {
        public var file: String
        public var error: String
    }

    public var expected: Int
    /// Frames that exist, decode and have the right size.
    public var good: Int
    public var missing: [String]
    /// Frames that exist but do not decode as PNG/JPEG, or have another size.
    public var bad: [Problem]
    /// `.NAME.tmp-PID-…` files a killed writer left (harmless: never a frame's name; safe to delete when no
    /// render is running).
    public var temporaries: [String]
    public var width: Int
    public var height: Int

    public var ok: Bool { missing.isEmpty && bad.isEmpty }

    /// `verify: 350 of 350 frames present and decode (1920x1080)` or what is wrong, with the first few names.
    public var summary: String {
        var s = "verify: \(good) of \(expected) frames present and decode (\(width)x\(height))"
        if !missing.isEmpty { s += "; \(missing.count) missing (\(FarmVerifyReport.firstFew(missing)))" }
        if !bad.isEmpty { s += "; \(bad.count) bad (\(FarmVerifyReport.firstFew(bad.map { "\($0.file): \($0.error)" })))" }
        if !temporaries.isEmpty { s += "; \(temporaries.count) leftover temporary file\(temporaries.count == 1 ? "" : "s")" }
        return s
    }

    static func firstFew(_ items: [String]) -> String {
        items.count <= 3 ? items.joined(separator: ", ") : items.prefix(3).joined(separator: ", ") + ", …"
    }
}

/// Checks a plan's frames on disk.
public enum FarmVerify {
    /// Reads and decodes every frame of the plan (ImageCodecs, as `diff` does), on all cores.
    public static func run(_ plan: FarmPlan) -> FarmVerifyReport {
        var report = FarmVerifyReport(expected: plan.fileCount, good: 0, missing: [], bad: [], temporaries: [],
                                      width: plan.width, height: plan.height)
        let paths = plan.jobs.flatMap(\.files)
        // One slot per frame, each written by exactly one iteration: no lock needed.
        var outcomes = [Outcome](repeating: .good, count: paths.count)
        outcomes.withUnsafeMutableBufferPointer { slots in
            let base = slots.baseAddress!
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                base[i] = check(paths[i], format: plan.request.fileFormat, width: plan.width, height: plan.height)
            }
        }
        for (path, outcome) in zip(paths, outcomes) {
            switch outcome {
            case .good: report.good += 1
            case .missing: report.missing.append(path)
            case .bad(let error): report.bad.append(.init(file: path, error: error))
            }
        }
        var folders: [String] = []
        for job in plan.jobs where !folders.contains(job.outDirectory) { folders.append(job.outDirectory) }
        for dir in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            report.temporaries += names.filter { $0.hasPrefix(".") && $0.contains(".tmp-") }.sorted().map { dir + "/" + $0 }
        }
        return report
    }

    enum Outcome: Sendable { case good, missing, bad(String) }

    /// One frame: on disk, the sequence's format, decodes in full (every PNG/JPEG pixel, every EXR chunk), the
    /// plan's size: the test render's `--skip-existing --verify` applies.
    static func check(_ path: String, format: String, width: Int, height: Int) -> Outcome {
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        switch ExistingFrame.problem(path: path, format: format, width: width, height: height, decode: true) {
        case nil: return .good
        case .otherSize(let w, let h, _)?: return .bad("\(w)x\(h), expected \(width)x\(height)")
        case .otherChannels?: return .bad("other channels")  // not asked for: farm verify checks sizes
        case .otherShot(let what)?: return .bad(what)  // not asked for either
        case .damaged(let why)?: return .bad(why)
        }
    }

    /// How many of the given frame files exist (the progress count; no decoding).
    public static func countPresent(_ paths: [String]) -> Int {
        paths.reduce(0) { $0 + (FileManager.default.fileExists(atPath: $1) ? 1 : 0) }
    }
}
