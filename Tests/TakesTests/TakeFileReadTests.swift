// TakeFileReadTests: take files read from disk while another process changes them, and files that are no files.
// A take read through a memory mapping died with SIGBUS when a recorder shortened the file mid-read.

import Takes
@testable import TakeFormats
import XCTest

final class TakeFileReadTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "take-file-read-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    /// A 25 fps CSV take of `rows` rows in the documented header, each row the same length.
    private func csv(rows: Int) -> String {
        var text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg,focal_mm\n"
        for i in 0..<rows { text += String(format: "%08.3f,1.000,1.600,%07.3f,0,0,0,35\n", Double(i) / 25, Double(i) / 100) }
        return text
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testCSVShortenedAfterOpeningReadsWhatIsLeft() throws {
        let text = csv(rows: 1000)
        let path = try write(text, "take.csv")
        let whole = try TakeFile.readCSV(try TakeFileBytes(path))
        XCTAssertEqual(whole.take.count, 1000)

        let file = try TakeFileBytes(path)
        // Cut in the middle of row 400 (header 1 line): the recorder restarted the take under the reader.
        let rowBytes = text.split(separator: "\n")[1].utf8.count + 1
        let headerBytes = text.split(separator: "\n")[0].utf8.count + 1
        XCTAssertEqual(truncate(path, off_t(headerBytes + 399 * rowBytes + 10)), 0)
        let cut = try TakeFile.readCSV(file)
        XCTAssertEqual(cut.take.count, 399, "the whole rows before the cut")
        XCTAssertEqual(cut.rejects.count, 1, "the cut row is a reject, not a crash")
        XCTAssertEqual(cut.take.samples.last?.position.z ?? 0, 3.98, accuracy: 1e-9)
    }

    /// A cut inside a row's last cell leaves text that still parses (a focal length of 35 cut to 3): the line the
    /// file ends in without a line end is a reject when the file was shortened while it was read.
    func testCSVCutInsideALastCellRejectsThatRow() throws {
        let text = csv(rows: 10)
        let path = try write(text, "take.csv")
        let file = try TakeFileBytes(path)
        XCTAssertEqual(truncate(path, off_t(text.utf8.count - 2)), 0)  // "...,0,35\n" -> "...,0,3"
        let cut = try TakeFile.readCSV(file)
        XCTAssertEqual(cut.take.count, 9)
        XCTAssertEqual(cut.rejects.map(\.description), ["line 11: cut short: the file was shortened while it was read"])
        // The same text as a whole file (not shortened while read) keeps its last line, as any CSV reader would.
        let whole = try TakeFile.readCSV(try TakeFileBytes(path))
        XCTAssertEqual(whole.take.count, 10)
    }

    func testFileGrownAfterOpeningReadsItsSizeAtOpening() throws {
        let path = try write(csv(rows: 10), "take.csv")
        let file = try TakeFileBytes(path)
        let more = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        more.seekToEndOfFile()
        more.write(Data("00010.000,1.000,1.600,000.100,0,0,0,35\n".utf8))
        more.closeFile()
        XCTAssertEqual(try TakeFile.readCSV(file).take.count, 10)
    }

    func testJSONLinesShortenedAfterOpeningGivesTheBytesLeft() throws {
        let path = try write(String(repeating: "{}\n", count: 100), "take.jsonl")
        let file = try TakeFileBytes(path)
        XCTAssertEqual(truncate(path, 31), 0)
        let bytes = try file.readAll()
        XCTAssertEqual(bytes, Array(String(repeating: "{}\n", count: 10).utf8) + [UInt8(ascii: "{")])
        XCTAssertEqual(try file.readAll(), [], "nothing after the end")
    }

    func testPipesAndDevicesAreRefusedByName() throws {
        let fifo = folder + "/live.csv", zero = folder + "/zero.jsonl"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        try FileManager.default.createSymbolicLink(atPath: zero, withDestinationPath: "/dev/zero")
        for (path, kind) in [(fifo, "a pipe"), (zero, "a device")] {
            XCTAssertThrowsError(try TakeFile.read(path: path)) { error in
                XCTAssertEqual("\(error)", "\(path): not a regular file (\(kind)); takes are read from files")
            }
        }
        XCTAssertThrowsError(try TakeFile.read(path: folder + "/none.csv")) { error in
            XCTAssertEqual("\(error)", "\(folder)/none.csv: no such file")
        }
    }

    /// A file of bad rows keeps the first `TakeRejectLog.kept` rejects and counts them all (a 40 MB file of bad
    /// rows took 2.4 GB as a list); CSV, JSON Lines and FreeD alike.
    func testRejectsAreCountedButOnlyTheFirstAreKept() throws {
        let rows = TakeRejectLog.kept * 5 / 2
        let csv = try TakeFile.read(path: try write("time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
            + String(repeating: "x\n", count: rows) + "0,0,1,0,0,0,0\n", "bad.csv")).0
        XCTAssertEqual(csv.rejected, rows)
        XCTAssertEqual(csv.rejects.count, TakeRejectLog.kept)
        XCTAssertEqual(csv.rejects.first?.location, .line(2))
        XCTAssertEqual(csv.rejects.last?.location, .line(TakeRejectLog.kept + 1))
        XCTAssertEqual(csv.take.count, 1)
        let jsonl = try TakeFile.read(path: try write(String(repeating: "x\n", count: rows), "bad.jsonl")).0
        XCTAssertEqual(jsonl.rejected, rows)
        XCTAssertEqual(jsonl.rejects.count, TakeRejectLog.kept)
        // FreeD: 0xD1 packets with a wrong checksum, one reject each.
        var freed: [UInt8] = []
        for _ in 0..<rows { freed += [0xD1] + [UInt8](repeating: 0, count: 27) + [0x00] }
        let path = folder + "/bad.freed"
        try Data(freed).write(to: URL(fileURLWithPath: path))
        let packets = try TakeFile.read(path: path).0
        XCTAssertEqual(packets.rejected, rows)
        XCTAssertEqual(packets.rejects.count, TakeRejectLog.kept)
    }

    /// A line over 1 MiB is one reject and no more than 1 MiB of it is held, however the file is cut into
    /// pieces: the same result for pieces of 4 KiB, of 1 MiB + 3 and the whole.
    func testOverlongLineIsARejectWhateverThePieces() throws {
        let text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n0,0,1,0,0,0,0\n"
            + String(repeating: "9", count: 3 << 20) + "\n0.04,0,1,0,0,0,0\n" + String(repeating: "\u{0}", count: 2 << 20)
        let bytes = Array(text.utf8)
        var results: [TakeReadResult] = []
        for size in [4096, (1 << 20) + 3, bytes.count] {
            var reader = TakeCSV.Reader()
            var k = 0
            while k < bytes.count {
                reader.feed(bytes[k..<min(k + size, bytes.count)])
                XCTAssertLessThanOrEqual(reader.pending.count, TakeCSV.Reader.maxLineBytes)
                k += size
            }
            results.append(try reader.finish())
        }
        for r in results {
            XCTAssertEqual(r.take.count, 2)
            XCTAssertEqual(r.rejects.map(\.description), ["line 3: longer than 1 MiB: not a row of a take",
                                                          "line 5: longer than 1 MiB: not a row of a take"])
        }
    }

    /// More samples than a take may hold is an error, not gigabytes of memory (the limit is 10^8; 10 here).
    func testTooManySamplesIsAnError() {
        var reader = TakeCSV.Reader()
        reader.maxSamples = 10
        var text = "time_s,x_m,y_m,z_m,pan_deg,tilt_deg,roll_deg\n"
        for i in 0..<11 { text += "\(Double(i) / 25),0,1,0,0,0,0\n" }
        reader.feed(Array(text.utf8)[...])
        XCTAssertThrowsError(try reader.finish()) { error in
            XCTAssertTrue("\(error)".hasPrefix("more than 10 samples, more than a take may hold on this machine"), "\(error)")
        }
    }

    /// A JSON or FreeD take is read whole: one bigger than a quarter of the machine's memory is refused by its
    /// size (a sparse file: no disk is used), where it asked for all of it and died.
    func testWholeReadsAreHeldToAQuarterOfMemory() throws {
        for name in ["huge.jsonl", "huge.freed"] {
            let path = folder + "/" + name
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
            XCTAssertEqual(truncate(path, off_t(TakeFileBytes.maxWholeBytes + 1)), 0)
            XCTAssertThrowsError(try TakeFile.read(path: path)) { error in
                XCTAssertTrue("\(error)".hasPrefix("\(path): "), "\(error)")
                XCTAssertTrue("\(error)".contains("is more than a take file read whole may be on this machine"), "\(error)")
            }
        }
    }
}
