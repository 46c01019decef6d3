// RecordCommandTests: `xrstudio record` end to end on loopback — a live FreeD stream becomes a take file.

import FoundationEssentials
import Foundation
import FrameOutput
import LiveTracking
import TakeFormats
import XCTest

final class RecordCommandTests: XCTestCase {
    /// A new folder for a recording's files, removed after the test.
    func recordFolder() throws -> URL {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("xrstudio-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: tmp) }
        return tmp
    }

    /// Records for 2 s while 100 FreeD packets (plus 5 broken ones) arrive on 127.0.0.1; the take holds the 100
    /// and the rejects are counted.
    /// `record --FORMAT 127.0.0.1:PORT --out OUT --duration 2` started and bound (on a random port from `base`), and a
    /// sender to it; read the pipes and wait for the process when done.
    func startRecording(_ format: String, out: String, base: Int) throws -> (process: Process, stdout: Pipe, stderr: Pipe, sender: UDPSender) {
        let port = UInt16(base + Int.random(in: 0..<2000))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = ["record", "--\(format)", "127.0.0.1:\(port)", "--out", out, "--duration", "2"]
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        Thread.sleep(forTimeInterval: 0.5)  // let it bind before sending
        return (p, o, e, try UDPSender(to: try XCTUnwrap(UDPEndpoint(host: "127.0.0.1", port: port))))
    }

    func testRecordFreeDFromLoopback() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("live.csv").path
        let (p, o, e, sender) = try startRecording("freed", out: out, base: 41000)
        for k in 0..<100 {
            let packet = FreeDPacket(cameraID: 1, pan: Double(k) * 0.1, tilt: -2, roll: 0, x: 0, y: 4000 - Double(k) * 10,
                                     z: 1600, zoom: 1000, focus: 2000, user: 0)
            sender.send(try packet.encoded())
            if k % 20 == 0 { sender.send([0xD1, 1, 2, 3]) }  // too short: rejected
        }
        let stdout = o.fileHandleForReading.readDataToEndOfFile()
        _ = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: stdout, as: UTF8.self))
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let rows = csv.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("time_s") }
        XCTAssertEqual(rows.count, 100)
        let summary = String(decoding: stdout, as: UTF8.self)
        XCTAssertTrue(summary.contains(": 100 samples, 5 rejected, 0 dropped, 105 datagrams"), summary)
        XCTAssertTrue(summary.contains("wrong length: 4 bytes"), summary)
    }

    /// OpenTrackIO over loopback with a sender's stale clock: three samples at 01:00:00 ahead of the take at 10:00:10
    /// are left out and the take reads back (one was kept, and `take info` refused the 9-hour jump); a real gap (a
    /// group of 20 samples on another clock) is kept and `record` warns that its readers need --allow-gaps.
    func testStrayClocksAreLeftOutAndARealGapIsSaid() throws {
        let tmp = try recordFolder()
        func sample(_ h: Int, _ s: Int, _ f: Int) -> [UInt8] {
            Array(("{\"protocol\":{\"name\":\"OpenTrackIO\",\"version\":[1,0,0]},\"timing\":{\"timecode\":{\"hours\":\(h),"
                + "\"minutes\":0,\"seconds\":\(s),\"frames\":\(f),\"frameRate\":{\"num\":25,\"denom\":1}}},"
                + "\"transforms\":[{\"id\":\"Camera\",\"translation\":{\"x\":0,\"y\":0,\"z\":1.5},"
                + "\"rotation\":{\"pan\":0,\"tilt\":0,\"roll\":0}}]}").utf8)
        }
        func record(_ name: String, strays: Int) throws -> (out: String, stdout: String, stderr: String, code: Int32) {
            let out = tmp.appendingPathComponent(name).path
            let (p, o, e, sender) = try startRecording("opentrackio", out: out, base: 43000)
            let payloads = (0..<strays).map { sample(1, 0, $0) } + (0..<100).map { sample(10, 10 + $0 / 25, $0 % 25) }
            for (k, payload) in payloads.enumerated() {
                sender.send(OpenTrackIODatagram(payload: payload, sequence: UInt16(k)).encoded())
                Thread.sleep(forTimeInterval: 0.002)
            }
            let stdout = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (out, stdout, stderr, p.terminationStatus)
        }
        let stale = try record("stale.csv", strays: 3)
        XCTAssertEqual(stale.code, 0, stale.stderr)
        XCTAssertTrue(stale.stdout.contains(": 100 samples, 0 rejected, 0 dropped, 3 left out"), stale.stdout)
        XCTAssertFalse(stale.stderr.contains("--allow-gaps"), stale.stderr)
        let info = try runCLI(["take", "info", stale.out])
        XCTAssertEqual(info.code, 0, info.err)
        let gap = try record("gap.csv", strays: 20)
        XCTAssertEqual(gap.code, 0, gap.stderr)
        XCTAssertTrue(gap.stdout.contains(": 120 samples"), gap.stdout)
        XCTAssertTrue(gap.stderr.contains("warning: \(gap.out): its clock jumps 32409.24 s"), gap.stderr)  // 01:00:00:19 to 10:00:10:00
        XCTAssertTrue(gap.stderr.contains("need --allow-gaps to read it"), gap.stderr)
        XCTAssertEqual(try runCLI(["take", "info", gap.out, "--allow-gaps"]).code, 0)
    }

    /// A temporary a killed recording left (its writer's process is gone) is removed when the next recording starts
    /// in that folder, and said; a file of another name is not touched.
    func testStaleTemporariesOfKilledRecordingsAreRemoved() throws {
        let tmp = try recordFolder()
        // Process id 2^22 + 1 is above Linux's pid_max: no process has it.
        let stale = ".take.jsonl.tmp-4194305-\(AtomicFile.hostTag)-0123abcd"
        for name in [stale, "notes.txt"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: tmp.appendingPathComponent(name).path, contents: Data([1])))
        }
        let (p, said, _) = try startListening(CommandLineTests.binary, ["record", "--freed", "127.0.0.1:0", "--out",
                                                                     tmp.appendingPathComponent("take.jsonl").path])
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130)
        XCTAssertTrue(said.contains("removed 1 temporary file left by stopped runs: \(stale)"), said)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted(), ["notes.txt", "take.jsonl"])
    }

    /// One Ctrl-C, SIGTERM or SIGHUP (a closed SSH session) ends the recording and writes the take, exit 130, and
    /// removes the journal. SIGHUP used to kill the process with the take unwritten. (Two signals sent together are
    /// one to the kernel, so "a second kills at once" is checked by hand: `Docs/reliability.md`.)
    func testOneSignalWritesTheTake() throws {
        for signal in [SIGINT, SIGTERM, SIGHUP] { try oneSignalWritesTheTake(signal) }
        // A closed SSH session delivers SIGHUP twice, 0.1-0.3 ms apart: the second killed the recording before its
        // take was written. Sent 5 ms apart, while the recording still polls its stop: the take is written.
        try oneSignalWritesTheTake(SIGHUP, again: true)
    }

    func oneSignalWritesTheTake(_ signal: Int32, again: Bool = false) throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("take.csv").path
        let (p, _, _) = try startListening(CommandLineTests.binary, ["record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "60"])
        kill(p.processIdentifier, signal)
        if again {
            usleep(5_000)
            kill(p.processIdentifier, signal)
        }
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit, "signal \(signal)")
        XCTAssertEqual(p.terminationStatus, 130, "signal \(signal)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), ["take.csv"], "signal \(signal)")
    }

    /// Under `nohup` (SIGHUP ignored when it starts) a hangup leaves the recording running to its --duration, exit 0:
    /// catching SIGHUP must not undo nohup.
    func testNohupKeepsRecordingThroughAHangup() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("take.csv").path
        let (p, _, _) = try startListening("/usr/bin/nohup",
                                   [CommandLineTests.binary, "record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "1.5"])
        kill(p.processIdentifier, SIGHUP)  // nohup has exec'd: this is xrstudio's process
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit)
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out))
    }

    /// Runs `executable ARGS` (a recording) and returns once it says it is listening (its stop handlers are installed
    /// just before that line on stderr) and, with `prime`, has been sent three FreeD packets: a recording of nothing
    /// writes nothing. Returns the process, what it said on stderr up to then, and a sender to its port.
    func startListening(_ executable: String, _ args: [String], prime: Bool = true) throws -> (Process, String, UDPSender) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let e = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = e
        try p.run()
        var said = ""
        while !said.contains("listening on") {
            let data = e.fileHandleForReading.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        XCTAssertTrue(said.contains("listening on"), said)
        // "listening on 127.0.0.1:PORT (FreeD) -> ..."
        let port = said.components(separatedBy: "listening on 127.0.0.1:").last?.prefix { $0.isNumber }
        let sender = try UDPSender(to: try XCTUnwrap(UDPEndpoint(host: "127.0.0.1", port: try XCTUnwrap(port.flatMap { UInt16($0) }))))
        let packet = try FreeDPacket(cameraID: 1, pan: 0, tilt: 0, roll: 0, x: 0, y: 0, z: 1600, zoom: 1000, focus: 2000,
                                     user: 0).encoded()
        if prime {
            for _ in 0..<3 { sender.send(packet) }
            Thread.sleep(forTimeInterval: 0.3)
        }
        return (p, said, sender)
    }

    /// A journal that holds no samples (a recording stopped before anything arrived) does not block the next one:
    /// removed and said. `take recover` of one removes it too, saying nothing was written.
    func testAnEmptyJournalIsRemoved() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("take.csv").path
        let header = Data(LiveJournal.encodeHeader(LiveJournal.Header(format: .freed, freedLens: .raw, out: out, started: "x")))
        XCTAssertTrue(FileManager.default.createFile(atPath: out + ".journal", contents: header))
        let (p, said, _) = try startListening(CommandLineTests.binary, ["record", "--freed", "127.0.0.1:0", "--out", out])
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 130)
        XCTAssertTrue(said.contains("removed \(out).journal: a stopped recording's journal that holds no samples"), said)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), ["take.csv"])
        XCTAssertTrue(FileManager.default.createFile(atPath: out + ".journal", contents: header))
        let r = try runCLI(["take", "recover", out + ".journal", "--out", tmp.appendingPathComponent("again.csv").path])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("holds no samples (the recording was stopped before any arrived); removed it"), r.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), ["take.csv"])
        // A file there that is no journal (empty): neither removed nor called a recording's samples.
        XCTAssertTrue(FileManager.default.createFile(atPath: out + ".journal", contents: Data()))
        let other = try runCLI(["record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "0.1", "--overwrite"])
        XCTAssertEqual(other.code, 1, other.err)
        XCTAssertTrue(other.err.contains("a recording to \(out) keeps its journal there: move that file away to record"), other.err)
        XCTAssertFalse(other.err.contains("recover them"), other.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + ".journal"))
    }

    /// A recording that receives nothing writes nothing (a take of no samples, which no reader accepts, was written
    /// with exit 0): exit 1 saying so, no file, no journal.
    func testARecordingOfNothingWritesNothing() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("none.csv").path
        let r = try runCLI(["record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "0.2"])
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertTrue(r.err.contains("\(out): no samples arrived (0 datagrams, 0 rejected): nothing written"), r.err)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), [])
    }

    /// A recording killed with SIGKILL (as the out-of-memory killer does) leaves its journal, holding every datagram
    /// it kept; a new recording to the same take refuses to start and names the command that recovers it; `take
    /// recover` writes the take from it, value for value what the sender sent, and removes the journal.
    func testKilledRecordingIsRecoveredFromItsJournal() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("take.jsonl").path, journal = out + ".journal"
        let (p, _, sender) = try startListening(CommandLineTests.binary, ["record", "--freed", "127.0.0.1:0", "--out", out,
                                                                          "--freed-lens", "mm", "--duration", "60"], prime: false)
        var packets: [FreeDPacket] = []
        for k in 0..<150 {
            let packet = FreeDPacket(cameraID: 1, pan: Double(k) * 0.5 - 30, tilt: -2, roll: 0.25, x: 100, y: 4000 - Double(k) * 10,
                                     z: 1600, zoom: 3500 + UInt32(k), focus: 20000, user: 0)
            packets.append(packet)
            sender.send(try packet.encoded())
        }
        // Each record is the 29-byte packet and 16 bytes of framing after the header; wait for all of them on the disk.
        let header = LiveJournal.encodeHeader(LiveJournal.Header(format: .freed, freedLens: .mm, out: out, started: "")).count
        let deadline = Date().addingTimeInterval(20)
        var size = 0
        while size < header + 20 + 150 * 45 && Date() < deadline {  // 20: the start time's characters
            Thread.sleep(forTimeInterval: 0.02)
            size = ((try? FileManager.default.attributesOfItem(atPath: journal))?[.size] as? Int) ?? 0
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        let again = try runCLI(["record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "0.1", "--overwrite"])
        XCTAssertEqual(again.code, 1)
        XCTAssertTrue(again.err.contains("\(journal): a recording to \(out) was stopped before its take was written")
                      && again.err.contains("'xrstudio take recover \(journal)'"), again.err)

        let r = try runCLI(["take", "recover", journal])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.hasPrefix("\(out) (jsonl): 150 samples recovered from \(journal) (FreeD, recording started 20"), r.out)
        XCTAssertTrue(r.out.contains("removed \(journal)"), r.out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path), ["take.jsonl"])
        // The take as the sender sent it: pans, heights, focal lengths (zoom in mm: the recording's --freed-lens).
        let take = try TakeFile.read(path: out).0.take
        XCTAssertEqual(take.count, 150)
        for (k, s) in take.samples.enumerated() {
            XCTAssertEqual(s.pan, packets[k].pan, accuracy: 1e-9, "sample \(k)")
            XCTAssertEqual(s.position.z, -packets[k].y / 1000, accuracy: 1e-9, "sample \(k)")
            XCTAssertEqual(s.lens.focalLength ?? 0, Double(3500 + k) / 100, accuracy: 1e-9, "sample \(k)")
        }
        XCTAssertEqual(take.samples.first?.time, 0)

        // Again: the journal is gone, said with the file's name.
        let gone = try runCLI(["take", "recover", journal])
        XCTAssertEqual(gone.code, 1)
        XCTAssertTrue(gone.err.contains("\(journal): no such file"), gone.err)
    }

    /// A second recording to the same file while the first runs is refused, and the first's journal is left alone:
    /// the second took the running one's header-only journal for a stopped recording's, removed it, and a kill -9 of
    /// the first then lost all it had received. `take recover` will not write a take over its own journal (the take
    /// was written there, then "the journal" removed: neither was left).
    func testRunningRecordingsJournalIsHeld() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("take.csv").path, journal = out + ".journal"
        let (p, _, sender) = try startListening(CommandLineTests.binary, ["record", "--freed", "127.0.0.1:0", "--out", out,
                                                                          "--duration", "60"], prime: false)
        let second = try runCLI(["record", "--freed", "127.0.0.1:0", "--out", out, "--duration", "0.1"])
        XCTAssertEqual(second.code, 1, second.err)
        XCTAssertTrue(second.err.contains("\(journal): a recording to \(out) is running (it holds this journal)"), second.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal))
        // Nor is it recovered under the recorder (that wrote the take and removed the journal it was writing).
        let early = try runCLI(["take", "recover", journal, "--out", tmp.appendingPathComponent("early.csv").path])
        XCTAssertEqual(early.code, 1, early.err)
        XCTAssertTrue(early.err.contains("\(journal): a recording is writing this journal now"), early.err)
        XCTAssertTrue(FileManager.default.fileExists(atPath: journal))
        let packet = FreeDPacket(cameraID: 1, pan: 5, tilt: 0, roll: 0, x: 0, y: 0, z: 1600, zoom: 0, focus: 0, user: 0)
        for _ in 0..<10 { sender.send(try packet.encoded()) }
        let deadline = Date().addingTimeInterval(20)
        while (((try? FileManager.default.attributesOfItem(atPath: journal))?[.size] as? Int) ?? 0) < 10 * 45 + 100
                && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        // Killed: its lock went with it, and the journal holds its samples.
        XCTAssertFalse(LiveJournal.isHeld(path: journal))
        for target in [journal, tmp.appendingPathComponent("link.csv").path] {
            if target != journal { try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: journal) }
            let r = try runCLI(["take", "recover", journal, "--out", target, "--overwrite"])
            XCTAssertEqual(r.code, 2, r.err)
            XCTAssertTrue(r.err.contains("--out \(target) is the journal \(journal) itself"), r.err)
        }
        let r = try runCLI(["take", "recover", journal])
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertEqual(try TakeFile.read(path: out).0.take.count, 10)
    }

    /// A flood past what the memory budget holds stops the recording: the samples so far are written, and the exit
    /// is 1 with a message saying so (the samples grew without bound).
    func testRecordingStopsAtTheMemoryBudget() throws {
        let tmp = try recordFolder()
        let out = tmp.appendingPathComponent("flood.csv").path
        let port = UInt16(43000 + Int.random(in: 0..<2000))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLineTests.binary)
        p.arguments = ["record", "--freed", "127.0.0.1:\(port)", "--out", out, "--duration", "20", "--memory-budget", "1K"]
        let o = Pipe(), e = Pipe()
        p.standardOutput = o
        p.standardError = e
        try p.run()
        Thread.sleep(forTimeInterval: 0.5)
        let sender = try UDPSender(to: try XCTUnwrap(UDPEndpoint(host: "127.0.0.1", port: port)))
        let packet = try FreeDPacket(cameraID: 1, pan: 0, tilt: 0, roll: 0, x: 0, y: 0, z: 1600, zoom: 1000, focus: 2000,
                                     user: 0).encoded()
        for k in 0..<3000 {
            sender.send(packet)
            if k % 200 == 199 { Thread.sleep(forTimeInterval: 0.03) }  // within the receiver's ring
        }
        _ = o.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: e.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 1, stderr)
        XCTAssertTrue(stderr.contains("the recording stopped early at "), stderr)
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.hasPrefix("time_s") }
        XCTAssertGreaterThanOrEqual(rows.count, 1000)
        XCTAssertLessThan(rows.count, 3000)
    }
}
