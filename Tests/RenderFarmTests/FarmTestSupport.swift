// FarmTestSupport: what the RenderFarm tests share: a plan request, temporary folders, running a shell.

import Foundation
import RenderFarm
import RenderJobs
import XCTest
import SceneModel
import XRTestSupport

enum FarmTest {
    /// The package root (for the sample scene).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let scene = root + "/Scenes/binhai-xr-stage.yaml"

    /// A request over the sample scene's take, writing to `out`.
    static func request(out: String = "shot", chunk: Int = 4) -> FarmPlanRequest {
        FarmPlanRequest(scenePath: "Scenes/binhai-xr-stage.yaml", take: "dolly push-in", outDirectory: out, chunkSize: chunk)
    }

    /// A plan without files: frames `frames` of a take named "dolly push-in".
    static func plan(_ r: FarmPlanRequest, frames: [Int], width: Int = 320, height: Int = 180) throws -> FarmPlan {
        try FarmPlan.make(r, takeName: r.take, frameNumbers: frames, width: width, height: height)
    }

    /// A fresh folder, removed by the test case's teardown block.
    static func temporaryFolder(_ test: XCTestCase) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xrfarm-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// Writes an executable script.
    static func script(_ path: String, _ text: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Runs a program to the end: exit status, stdout, stderr.
    static func run(_ argv: [String], environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String) {
        try ExternalTool.capture(argv[0], Array(argv.dropFirst()), environment: environment)
    }

    /// The error's message when `body` throws a `JobError` of `kind`; fails the test otherwise.
    static func jobError(_ kind: JobError.Kind, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> Void) -> String {
        do {
            try body()
            XCTFail("expected a \(kind) error", file: file, line: line)
        } catch let e as JobError {
            XCTAssertEqual(e.kind, kind, e.message, file: file, line: line)
            return e.message
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }
}
