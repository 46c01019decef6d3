// TakeAnalysis: a take's frames measured in parallel, summed up, and the frames breaking a rule grouped into ranges.

import Dispatch
import Geometry
import SceneModel

/// One frame of a take to analyse: its number, timecode label and camera.
public struct AnalysisFrame: Sendable {
    public var frame: Int
    public var timecode: String
    public var camera: ShotCamera

    public init(frame: Int, timecode: String, camera: ShotCamera) {
        self.frame = frame
        self.timecode = timecode
        self.camera = camera
    }
}

/// A run of consecutive analysed frames breaking the same rule.
public struct ProblemRange: Sendable, Equatable {
    public var rule: AnalysisSettings.Rule
    public var firstFrame: Int
    public var lastFrame: Int
    public var firstTimecode: String
    public var lastTimecode: String
    public var frames: Int
    /// The worst value in the range (share, degrees or ratio, as the rule measures) and, for overshoot, the edge.
    public var worst: Double
    public var detail: String
    /// The camera the range is about, in a take set (nil: a single take, or the wall as a whole).
    public var camera: String? = nil
    /// The scene accepts this rule for the take set (listed, but `--strict` does not fail on it).
    public var accepted = false
}

/// A whole take's analysis.
public struct TakeAnalysis: Sendable {
    public var frames: [AnalysisFrame]
    public var metrics: [ShotMetrics]
    public var problems: [ProblemRange]

    /// Measures every frame (on all cores; the figures do not depend on the thread count) and groups problems.
    public static func run(_ frames: [AnalysisFrame], analyzer: ShotAnalyzer, threads: Int = 2) -> TakeAnalysis {
        let metrics = parallelMap(frames.count, threads: threads) { analyzer.measure(frames[$0].camera) }
        return TakeAnalysis(frames: frames, metrics: metrics, problems: problemRanges(frames, metrics))
    }

    /// Consecutive frames (in take order) that break the same rule, as ranges, ordered by first frame then rule.
    static func problemRanges(_ frames: [AnalysisFrame], _ metrics: [ShotMetrics]) -> [ProblemRange] {
        var ranges: [ProblemRange] = []
        for rule in AnalysisSettings.Rule.allCases {
            var open: ProblemRange?
            for (f, m) in zip(frames, metrics) {
                if m.failures.contains(rule) {
                    let (value, detail) = worst(rule, m)
                    if var r = open {
                        r.lastFrame = f.frame; r.lastTimecode = f.timecode; r.frames += 1
                        if value > r.worst { r.worst = value; r.detail = detail }
                        open = r
                    } else {
                        open = ProblemRange(rule: rule, firstFrame: f.frame, lastFrame: f.frame, firstTimecode: f.timecode,
                                            lastTimecode: f.timecode, frames: 1, worst: value, detail: detail)
                    }
                } else if let r = open {
                    ranges.append(r)
                    open = nil
                }
            }
            if let r = open { ranges.append(r) }
        }
        let order = Dictionary(uniqueKeysWithValues: AnalysisSettings.Rule.allCases.enumerated().map { ($1, $0) })
        return ranges.sorted { ($0.firstFrame, order[$0.rule]!) < ($1.firstFrame, order[$1.rule]!) }
    }

    /// The value a rule is judged by at one frame, and a few words saying what it is.
    static func worst(_ rule: AnalysisSettings.Rule, _ m: ShotMetrics) -> (Double, String) {
        switch rule {
        case .overshoot: return (m.overshoot, "overshoot \(percent(m.overshoot)) at the \(m.worstEdge?.rawValue ?? "other") edge")
        case .coverage: return (1 - m.coverage, "LED coverage \(percent(m.coverage))")
        case .moire: return (m.moireShare, "moiré risk on \(percent(m.moireShare)) of the image, LED pitch image \(formatFixed(m.pitchRatio ?? 0, 2)) photosites")
        case .wallInFocus: return (m.inFocusShare, "wall in focus on \(percent(m.inFocusShare)) of the image, nearest wall \(formatFixed(m.nearestWallM ?? 0, 2)) m")
        case .offAxis: return (m.maxOffAxisDegrees ?? 0, "off-axis \(formatFixed(m.maxOffAxisDegrees ?? 0, 1))° (limit \(formatFixed(m.offAxisLimitDegrees, 1))°)")
        case .frustumInShot:
            let who = m.visibleFrusta.filter { $0.share > 0 }.map { "\($0.camera) \(percent($0.share))" }.joined(separator: ", ")
            return (m.frustumInShot, "other inner frusta on \(percent(m.frustumInShot)) of the image (\(who))")
        case .frustumOverlap: return (0, "")   // judged on the wall, not per camera
        }
    }
}

/// `body(0..<n)` on up to `threads` workers, each taking every `threads`-th index; the results in index order, the
/// same for any thread count.
func parallelMap<T>(_ n: Int, threads: Int, _ body: (Int) -> T) -> [T] {
    let out = UnsafeMutableBufferPointer<T?>.allocate(capacity: max(n, 1))
    out.initialize(repeating: nil)
    defer { out.deallocate() }
    let workers = max(1, min(threads, n))
    let box = UnsafeSendable(out)
    withoutActuallyEscaping(body) { body in
        let work = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < n {
                box.value[i] = work.value(i)
                i += workers
            }
        }
    }
    return (0..<n).map { out[$0]! }
}

/// "12.3%" of a share 0...1.
public func percent(_ share: Double) -> String { formatFixed(share * 100, 1) + "%" }
