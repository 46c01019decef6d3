// JobLogTests: reading GNU parallel's joblog, as parallel 20221122 writes it, while it is being written.

import RenderFarm
import XCTest

final class JobLogTests: XCTestCase {
    /// Lines as parallel wrote them in a run over two loopback hosts (runtime padded, command with quotes).
    static let sample = """
        Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand
        2\tssh -p 2202 127.0.0.1\t1795555129.205\t     0.354\t0\t5\t0\t0\txrstudio render s.yaml --take 'dolly push-in' --frames 10-19
        1\tssh -p 2201 127.0.0.1\t1795555128.761\t     0.634\t0\t10\t137\t0\txrstudio render s.yaml --take 'dolly push-in' --frames 0-9
        1\tssh -p 2202 127.0.0.1\t1795555131.429\t     0.513\t0\t0\t0\t0\txrstudio render s.yaml --take 'dolly push-in' --frames 0-9

        """

    func testParsesEveryFieldAndKeepsTheLatestAttempt() throws {
        let entries = try JobLog.parse(JobLogTests.sample)
        XCTAssertEqual(entries.count, 3)
        XCTAssertEqual(entries[1], JobLogEntry(seq: 1, host: "ssh -p 2201 127.0.0.1", start: 1795555128.761, runtime: 0.634,
                                               exitValue: 137, signal: 0,
                                               command: "xrstudio render s.yaml --take 'dolly push-in' --frames 0-9"))
        XCTAssertFalse(entries[1].succeeded)
        let latest = JobLog.latest(entries)
        XCTAssertEqual(latest[1]?.host, "ssh -p 2202 127.0.0.1")
        XCTAssertTrue(latest[1]?.succeeded ?? false)
        XCTAssertEqual(latest.count, 2)
    }

    func testALineStillBeingWrittenIsLeftForLater() throws {
        let partial = JobLogTests.sample + "3\tssh -p 2201 127.0.0.1\t17955551"
        XCTAssertEqual(try JobLog.parse(partial).count, 3)
        XCTAssertEqual(try JobLog.parse("").count, 0)
        XCTAssertEqual(try JobLog.parse("Seq\tHost\tStart").count, 0, "a header still being written")
    }

    func testASignalIsAFailure() throws {
        let text = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n4\t:\t1.0\t2.5\t0\t0\t0\t15\tsleep 9\n"
        let e = try XCTUnwrap(try JobLog.parse(text).first)
        XCTAssertEqual(e.host, ":")
        XCTAssertEqual(e.signal, 15)
        XCTAssertFalse(e.succeeded)
    }

    func testMalformedLinesAreNamed() {
        let header = "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n"
        XCTAssertEqual(FarmTest.jobError(.input) { _ = try JobLog.parse("Seq Host\n", name: "jl") },
                       "jl:1: not a GNU parallel joblog (expected the header Seq Host Starttime JobRuntime Send Receive Exitval Signal Command)")
        XCTAssertEqual(FarmTest.jobError(.input) { _ = try JobLog.parse(header + "1\ta\t1\t2\n", name: "jl") },
                       "jl:2: expected 9 tab-separated fields, found 4")
        XCTAssertEqual(FarmTest.jobError(.input) { _ = try JobLog.parse(header + "1\ta\tnow\t2\t0\t0\t0\t0\tx\n", name: "jl") },
                       "jl:2: Starttime 'now' is not a number")
    }
}
