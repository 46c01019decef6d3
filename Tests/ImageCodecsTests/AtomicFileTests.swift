// AtomicFileTests: atomic writes land whole, refuse to clobber unless asked, and leave no temporary file behind.

import Foundation
@testable import FrameOutput
import ImageCodecs
import Imaging
import XCTest

final class AtomicFileTests: XCTestCase {
    private var folder: String!

    override func setUpWithError() throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("AtomicFileTests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder)
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testWritesTheBytesAndNothingElse() throws {
        let path = folder + "/frame.bin"
        try AtomicFile.write([1, 2, 3, 255], to: path, overwrite: false)
        XCTAssertEqual(contents(path), [1, 2, 3, 255])
        XCTAssertEqual(try listing(), ["frame.bin"])
        try AtomicFile.write([], to: folder + "/empty.bin", overwrite: false)
        XCTAssertEqual(contents(folder + "/empty.bin"), [])
    }

    /// A file name near the 255-byte limit (84 Chinese characters and ".png": 256 bytes is over, 81 and ".png" is
    /// 247 bytes, under) is written, both ways, and nothing else stays: the temporary's name is cut to fit. The
    /// temporary of a long name still reads as one (its writer can be found, `temporaryOwner`).
    func testLongNamesWithinTheLimitAreWritten() throws {
        let name = String(repeating: "长", count: 81) + ".png"
        XCTAssertEqual(name.utf8.count, 247)
        try AtomicFile.preflight(folder + "/" + name, overwrite: false)
        try AtomicFile.write([7], to: folder + "/" + name, overwrite: false)
        try AtomicFile.preflight(folder + "/" + name, overwrite: true)
        try AtomicFile.write([8], to: folder + "/" + name, overwrite: true)
        XCTAssertEqual(contents(folder + "/" + name), [8])
        XCTAssertEqual(try listing(), [name])
        let stem = AtomicFile.temporaryStem(name)
        XCTAssertLessThanOrEqual(stem.utf8.count, 190)
        XCTAssertTrue(name.hasPrefix(stem))
        XCTAssertEqual(AtomicFile.temporaryOwner("." + stem + ".tmp-123-host-ab12")?.pid, 123)
        // Over the limit the name itself is refused by the system, naming the file.
        let tooLong = String(repeating: "长", count: 84) + ".png"
        XCTAssertThrowsError(try AtomicFile.write([7], to: folder + "/" + tooLong, overwrite: false)) { e in
            XCTAssertTrue("\(e)".contains(tooLong), "\(e)")
        }
        XCTAssertEqual(try listing(), [name])
    }

    func testRefusesToOverwriteWithoutTheFlag() throws {
        let path = folder + "/frame.bin"
        try AtomicFile.write([1], to: path, overwrite: false)
        XCTAssertThrowsError(try AtomicFile.write([2], to: path, overwrite: false)) { error in
            XCTAssertEqual(
                String(describing: error),
                "\(path): refusing to replace an existing file (overwrite not allowed): File exists")
        }
        XCTAssertEqual(contents(path), [1])
        XCTAssertEqual(try listing(), ["frame.bin"], "the temporary file must be gone")
    }

    func testOverwritesWithTheFlag() throws {
        let path = folder + "/frame.bin"
        try AtomicFile.write([1], to: path, overwrite: false)
        try AtomicFile.write([2, 3], to: path, overwrite: true)
        XCTAssertEqual(contents(path), [2, 3])
        try AtomicFile.write([4], to: folder + "/new.bin", overwrite: true)
        XCTAssertEqual(contents(folder + "/new.bin"), [4])
        XCTAssertEqual(try listing(), ["frame.bin", "new.bin"])
    }

    func testMissingDirectoryNamesThePathAndTheReason() throws {
        let path = folder + "/no/such/dir/frame.bin"
        XCTAssertThrowsError(try AtomicFile.write([1], to: path, overwrite: true)) { error in
            let message = String(describing: error)
            // The missing folder named, not the temporary file's name.
            XCTAssertEqual(message, "\(path): no folder \(folder!)/no/such/dir to write into: No such file or directory")
            XCTAssertEqual((error as? AtomicFileError)?.code, ENOENT)
        }
        XCTAssertEqual(try listing(), [])
    }

    /// A folder in the target's place is refused before anything is written (it used to fail at the rename, whose
    /// temporary file was then removed): nothing is left behind either way.
    func testOverwriteOfAFolderLeavesNothingBehind() throws {
        let path = folder + "/taken"
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        XCTAssertThrowsError(try AtomicFile.write([1], to: path, overwrite: true)) { error in
            XCTAssertEqual(String(describing: error), "\(path): is a folder, not a file; outputs are written whole and "
                           + "renamed into place, so they go to files only")
        }
        XCTAssertEqual(try listing(), ["taken"])
    }

    /// A folder nobody may write to. Root ignores permission bits, so as root the test uses /sys, where the
    /// kernel refuses new files to everyone (EACCES).
    func testReadOnlyDirectoryNamesThePathAndTheReason() throws {
        var locked = folder + "/locked"
        if geteuid() == 0 {
            locked = "/sys"
        } else {
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked)
        }
        defer { if geteuid() != 0 { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked) } }
        let before = try FileManager.default.contentsOfDirectory(atPath: locked)
        XCTAssertThrowsError(try AtomicFile.write([1], to: locked + "/frame.bin", overwrite: true)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("\(locked)/frame.bin: cannot create temporary file"), message)
            XCTAssertTrue(message.hasSuffix(": Permission denied"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: locked), before)
    }

    /// `--overwrite` onto a pipe, a device or a folder is refused (a rename put a regular file in place of
    /// `/dev/full` and reported success); the node is left as it was.
    func testOverwriteRefusesPipesDevicesAndFolders() throws {
        let fifo = folder + "/take.csv"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertThrowsError(try AtomicFile.write([1], to: fifo, overwrite: true)) { e in
            XCTAssertEqual("\(e)", "\(fifo): is a pipe, not a file; outputs are written whole and renamed into place, so they go to files only")
        }
        var st = stat()
        XCTAssertEqual(lstat(fifo, &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFIFO)
        XCTAssertThrowsError(try AtomicFile.write([1], to: "/dev/null", overwrite: true)) { e in
            XCTAssertTrue("\(e)".contains("is a device"), "\(e)")
        }
        XCTAssertEqual(lstat("/dev/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR)
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write([1], to: folder + "/sub", overwrite: true)) { e in
            XCTAssertTrue("\(e)".contains("is a folder"), "\(e)")
        }
        // Without overwrite an existing node of any kind is simply kept (the usual refusal).
        XCTAssertThrowsError(try AtomicFile.write([1], to: fifo, overwrite: false)) { e in
            XCTAssertTrue((e as? AtomicFileError)?.refusedExisting ?? false, "\(e)")
        }
    }

    /// An overwrite keeps the replaced file's permissions (the viewer's mark saving made a 0600 scene 0644).
    func testOverwriteKeepsTheFilesMode() throws {
        let path = folder + "/scene.yaml"
        try AtomicFile.write([1], to: path, overwrite: false, mode: 0o600)
        try AtomicFile.write([2], to: path, overwrite: true)
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(contents(path), [2])
    }

    /// An overwrite through a symbolic link replaces the file it names and keeps the link, as `cp` does.
    func testOverwriteWritesThroughASymbolicLink() throws {
        try AtomicFile.write([1, 2], to: folder + "/real.csv", overwrite: false)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.csv", withDestinationPath: "real.csv")
        try AtomicFile.write([7, 8, 9], to: folder + "/link.csv", overwrite: true)
        XCTAssertEqual(contents(folder + "/real.csv"), [7, 8, 9])
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.csv"), "real.csv")
    }

    /// `preflight` finds a missing folder, an existing target and a device before any work is done, and leaves
    /// nothing behind; `mode` sets the written file's permissions.
    func testPreflightAndMode() throws {
        XCTAssertThrowsError(try AtomicFile.preflight(folder + "/no-such/take.csv", overwrite: false)) { e in
            XCTAssertTrue("\(e)".hasPrefix("\(folder!)/no-such/take.csv: cannot create a file in \(folder!)/no-such: No such file"), "\(e)")
        }
        try AtomicFile.preflight(folder + "/take.csv", overwrite: false)
        XCTAssertEqual(try listing(), [])
        try AtomicFile.write([1], to: folder + "/take.csv", overwrite: false, mode: 0o755)
        XCTAssertThrowsError(try AtomicFile.preflight(folder + "/take.csv", overwrite: false)) { e in
            XCTAssertTrue((e as? AtomicFileError)?.refusedExisting ?? false, "\(e)")
        }
        try AtomicFile.preflight(folder + "/take.csv", overwrite: true)
        XCTAssertThrowsError(try AtomicFile.preflight("/dev/null", overwrite: true))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/take.csv")
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o755)
        XCTAssertEqual(try listing(), ["take.csv"])
    }

    /// A dangling symbolic link is an existing name to the preflight as to the write: refused before a recording
    /// listens for a whole take it then cannot write (access() followed the link and found nothing).
    func testPreflightRefusesADanglingLink() throws {
        let link = folder + "/take.jsonl"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder + "/nowhere/take.jsonl")
        XCTAssertThrowsError(try AtomicFile.preflight(link, overwrite: false)) { e in
            XCTAssertTrue((e as? AtomicFileError)?.refusedExisting ?? false, "\(e)")
        }
        XCTAssertThrowsError(try AtomicFile.write([1], to: link, overwrite: false)) { e in
            XCTAssertTrue((e as? AtomicFileError)?.refusedExisting ?? false, "\(e)")
        }
    }

    func testNotAFileName() {
        XCTAssertThrowsError(try AtomicFile.write([1], to: folder + "/", overwrite: true)) { error in
            XCTAssertTrue(String(describing: error).hasPrefix("\(folder!)/: not a file name"), "\(error)")
        }
    }

    func testWritePNGWritesADecodableFile() throws {
        let image = TestImages.rgba(width: 7, height: 3)
        let path = folder + "/frame_0001.png"
        try AtomicFile.writePNG(image, to: path, overwrite: false, compression: .fast)
        XCTAssertEqual(try ImageFile.read(path: path), image)
        XCTAssertThrowsError(try AtomicFile.writePNG(image, to: path, overwrite: false)) { error in
            XCTAssertTrue(error is AtomicFileError, "\(error)")
        }
    }

    func testWritePNGEncodingErrorNamesThePathAndWritesNothing() throws {
        let path = folder + "/empty.png"
        XCTAssertThrowsError(try AtomicFile.writePNG(RGBA8Image(width: 0, height: 0), to: path, overwrite: true)) {
            XCTAssertEqual(String(describing: $0), "\(path): PNG: image is empty: 0x0")
        }
        XCTAssertEqual(try listing(), [])
    }

    private func contents(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Every entry in the test folder, hidden temporary files included, sorted.
    private func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }
}
