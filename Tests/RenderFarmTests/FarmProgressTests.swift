// FarmProgressTests: the progress arithmetic: frames/s since the start, ETA, per-host rates from the joblog,
// failed jobs against failed attempts, and the text forms.

import RenderFarm
import XCTest

final class FarmProgressTests: XCTestCase {
    func entry(_ seq: Int, _ host: String, runtime: Double, exit: Int = 0, signal: Int = 0) -> JobLogEntry {
        JobLogEntry(seq: seq, host: host, start: 0, runtime: runtime, exitValue: exit, signal: signal, command: "")
    }

    func testRatesETAAndHosts() throws {
        // 6 chunks of 10 frames; 10 frames were on disk before the run.
        let plan = try FarmTest.plan(FarmTest.request(chunk: 10), frames: Array(0..<60))
        let entries = [entry(1, "ssh -p 1 a", runtime: 4), entry(2, "b", runtime: 5, exit: 137),
                       entry(3, "ssh -p 1 a", runtime: 6), entry(2, "b", runtime: 5)]
        let p = FarmProgress.make(jobs: plan.jobs, entries: entries, framesDone: 40, framesAtStart: 10, elapsed: 10,
                                  labels: ["ssh -p 1 a": "a:1"])
        XCTAssertEqual(p.totalFrames, 60)
        XCTAssertEqual(p.framesPerSecond, 3, accuracy: 1e-9, "30 new frames in 10 s")
        XCTAssertEqual(p.etaSeconds ?? -1, 20 / 3, accuracy: 1e-9)
        XCTAssertEqual(p.jobsTotal, 6)
        XCTAssertEqual(p.jobsDone, 3)
        XCTAssertEqual(p.jobsFailed, 0, "job 2's retry succeeded")
        XCTAssertEqual(p.failedAttempts, 1)
        XCTAssertEqual(p.hosts.map(\.label), ["a:1", "b"])
        XCTAssertEqual(p.hosts[0].frames, 20)
        XCTAssertEqual(p.hosts[0].framesPerSecond, 2, accuracy: 1e-9, "20 frames in 10 busy seconds")
        XCTAssertEqual(p.hosts[1].jobsFailed, 1)
        XCTAssertEqual(p.hosts[1].framesPerSecond, 1, accuracy: 1e-9, "10 frames in 10 busy seconds, the failed try included")
        XCTAssertEqual(p.line, "40/60 frames, 3.0 frames/s, ETA 00:07; jobs 3/6 done, 0 failed (1 failed attempt); "
            + "a:1 2.0 frames/s (2 jobs), b 1.0 frames/s (1 job, 1 failed)")
        XCTAssertEqual(p.bar(width: 6), "[####--] 40/60 frames  3.0 fps  ETA 00:07  jobs 3/6")
    }

    func testNoETABeforeTheFirstNewFrame() throws {
        let plan = try FarmTest.plan(FarmTest.request(chunk: 10), frames: Array(0..<20))
        let p = FarmProgress.make(jobs: plan.jobs, entries: [], framesDone: 5, framesAtStart: 5, elapsed: 3)
        XCTAssertEqual(p.framesPerSecond, 0)
        XCTAssertNil(p.etaSeconds)
        XCTAssertTrue(p.line.hasPrefix("5/20 frames, 0.0 frames/s, ETA --:--; jobs 0/2 done"), p.line)
        let failed = FarmProgress.make(jobs: plan.jobs, entries: [entry(2, "h", runtime: 1, signal: 9)],
                                       framesDone: 5, framesAtStart: 5, elapsed: 3)
        XCTAssertEqual(failed.jobsFailed, 1)
        XCTAssertTrue(failed.bar().hasSuffix("jobs 0/2  1 failed"), failed.bar())
    }

    func testEntriesOutsideThePlanAreCountedOnlyAsHostTime() throws {
        let plan = try FarmTest.plan(FarmTest.request(chunk: 10), frames: Array(0..<10))
        let p = FarmProgress.make(jobs: plan.jobs, entries: [entry(7, "h", runtime: 2)], framesDone: 0, framesAtStart: 0, elapsed: 1)
        XCTAssertEqual(p.jobsDone, 0)
        XCTAssertEqual(p.hosts.first?.frames, 0)
    }

    func testClock() {
        XCTAssertEqual(FarmProgress.clock(59.4), "00:59")
        XCTAssertEqual(FarmProgress.clock(61), "01:01")
        XCTAssertEqual(FarmProgress.clock(3600), "1:00:00")
        XCTAssertEqual(FarmProgress.clock(7322), "2:02:02")
        XCTAssertEqual(FarmProgress.clock(nil), "--:--")
        XCTAssertEqual(FarmProgress.clock(.infinity), "--:--")
    }
}
