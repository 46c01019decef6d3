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
        for path in [fifo, zero] {
            XCTAssertThrowsError(try TakeFile.read(path: path)) { error in
                XCTAssertEqual("\(error)", "\(path): not a regular file (a pipe or a device); takes are read from files")
            }
        }
        XCTAssertThrowsError(try TakeFile.read(path: folder + "/none.csv")) { error in
            XCTAssertEqual("\(error)", "\(folder)/none.csv: no such file")
        }
    }
}
