// FarmPlanTests: the chunk commands: one per chunk and view, flags passed through, paths and names quoted, bad
// options refused with one line naming the option; and the plan of the real sample take.

import Foundation
import RenderFarm
import RenderJobs
import XCTest

final class FarmPlanTests: XCTestCase {
    func testOneJobPerChunkAndViewChunkMajor() throws {
        var r = FarmTest.request(out: "shot/", chunk: 4)
        r.views = [.wall, .camera]
        let plan = try FarmTest.plan(r, frames: Array(0...9))
        XCTAssertEqual(plan.jobs.count, 6)
        XCTAssertEqual(plan.jobs.map { $0.view?.rawValue ?? "-" }, ["wall", "camera", "wall", "camera", "wall", "camera"])
        XCTAssertEqual(plan.jobs.map(\.chunk.rangeText), ["0-3", "0-3", "4-7", "4-7", "8-9", "8-9"])
        XCTAssertEqual(plan.jobs[1].argv, ["xrstudio", "render", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in",
                                           "--view", "camera", "--out", "shot/camera", "--frames", "0-3",
                                           "--sidecar", "sequence.0-3.json", "--skip-existing", "--quiet"])
        XCTAssertEqual(plan.jobs[4].files, ["shot/wall/frame.0008.png", "shot/wall/frame.0009.png"])
        XCTAssertEqual(plan.fileCount, 20)
        XCTAssertEqual(plan.summary, "10 frames (0-9) in 3 chunks of 4, 2 views (wall,camera): 6 jobs")
    }

    func testDefaultViewPassesNoViewFlag() throws {
        let plan = try FarmTest.plan(FarmTest.request(chunk: 100), frames: Array(0...350))
        XCTAssertEqual(plan.commands, ["xrstudio render Scenes/binhai-xr-stage.yaml --take 'dolly push-in' --out shot --frames 0-99 --sidecar sequence.0-99.json --skip-existing --quiet",
                                       "xrstudio render Scenes/binhai-xr-stage.yaml --take 'dolly push-in' --out shot --frames 100-199 --sidecar sequence.100-199.json --skip-existing --quiet",
                                       "xrstudio render Scenes/binhai-xr-stage.yaml --take 'dolly push-in' --out shot --frames 200-299 --sidecar sequence.200-299.json --skip-existing --quiet",
                                       "xrstudio render Scenes/binhai-xr-stage.yaml --take 'dolly push-in' --out shot --frames 300-350 --sidecar sequence.300-350.json --skip-existing --quiet"])
        XCTAssertFalse(plan.commands.joined().contains("--view"))
    }

    func testAllViews() throws {
        var r = FarmTest.request(chunk: 10)
        r.views = try FarmView.parseList("all")
        let plan = try FarmTest.plan(r, frames: Array(0...9))
        XCTAssertEqual(plan.jobs.map(\.outDirectory), ["shot/camera", "shot/virtual", "shot/wall", "shot/plan", "shot/witness"])
    }

    func testRenderOptionsPassThrough() throws {
        var r = FarmTest.request(chunk: 3)
        r.every = 2
        r.size = (320, 180)
        r.pattern = "shot010.%05d.png"
        r.threads = 4
        r.encoders = 2
        r.burnIn = true
        r.smoothing = 3
        r.pngCompression = "best"
        r.memoryBudget = "6G"
        r.executable = "/opt/xr/bin/xrstudio"
        let plan = try FarmTest.plan(r, frames: Array(10...20))
        XCTAssertEqual(plan.frames, [10, 12, 14, 16, 18, 20])
        XCTAssertEqual(plan.jobs[1].argv, ["/opt/xr/bin/xrstudio", "render", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in",
                                           "--out", "shot", "--frames", "16-20", "--every", "2", "--size", "320x180",
                                           "--pattern", "shot010.%05d.png", "--threads", "4", "--encoders", "2", "--burn-in",
                                           "--smooth", "3", "--memory-budget", "6G", "--png-compression", "best",
                                           "--sidecar", "sequence.16-20.json",
                                           "--skip-existing", "--quiet"])
        XCTAssertEqual(plan.jobs[1].files, ["shot/shot010.00016.png", "shot/shot010.00018.png", "shot/shot010.00020.png"])
        r.pngCompression = "fast"
        XCTAssertFalse(try FarmTest.plan(r, frames: Array(10...20)).commands[0].contains("--png-compression"))
        XCTAssertEqual(plan.planArguments, ["Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in", "--chunk", "3", "--out", "shot",
                                            "--every", "2", "--size", "320x180", "--pattern", "shot010.%05d.png", "--memory-budget", "6G"])
    }

    /// Job and shot names are ASCII tokens; a take named in Chinese gets its name's hash, so two such takes do not
    /// share a job name (`推镜头.csv` and `拉镜头.csv` were both `xrstudio-___`); ASCII names are as they were.
    func testNonASCIITakeNamesKeepDistinctJobNames() throws {
        func name(_ take: String, file: Bool = true) throws -> String {
            try FarmPlan.make(FarmPlanRequest(scenePath: "s.yaml", take: take, outDirectory: "o", chunkSize: 4),
                              takeName: take, takeIsFile: file, frameNumbers: [0], width: 320, height: 180).jobName
        }
        let push = try name("/takes/推镜头.csv"), pull = try name("/takes/拉镜头.csv")
        XCTAssertNotEqual(push, pull)
        XCTAssertTrue(push.hasPrefix("xrstudio-___-") && push.count == "xrstudio-___-".count + 8, push)
        XCTAssertTrue(push.allSatisfy { $0.isASCII })
        XCTAssertEqual(try name("dolly push-in", file: false), "xrstudio-dolly_push-in")
        XCTAssertEqual(try name("/elsewhere/推镜头.mov.csv"), try name("/takes/推镜头.mov.csv"), "the base name, stable")
    }

    /// Values that start with a dash go as `--opt=VALUE` and a scene path as `./PATH`, so the commands read back as
    /// written (`--take -dolly` would read as an option and the chunk fail on the host).
    func testDashLedValuesReadBackAsWritten() throws {
        var r = FarmPlanRequest(scenePath: "-场景.yaml", take: "-dolly", outDirectory: "-输出", chunkSize: 4)
        r.pattern = "-%04d.png"
        let plan = try FarmTest.plan(r, frames: Array(0...3))
        XCTAssertEqual(Array(plan.jobs[0].argv.prefix(6)), ["xrstudio", "render", "./-场景.yaml", "--take=-dolly", "--out=-输出", "--frames"])
        XCTAssertTrue(plan.jobs[0].argv.contains("--pattern=-%04d.png"))
        XCTAssertEqual(Array(plan.planArguments.prefix(5)), ["./-场景.yaml", "--take=-dolly", "--chunk", "4", "--out=-输出"])
    }

    func testEXRPlatesPassFormatCompressionAndLayers() throws {
        var r = FarmTest.request(chunk: 5)
        r.format = "exr"
        r.exrCompression = "piz"
        r.aovs = ["virtual,P"]
        r.views = [.camera]
        let plan = try FarmTest.plan(r, frames: Array(0...9))
        XCTAssertEqual(plan.jobs[0].argv, ["xrstudio", "render", "Scenes/binhai-xr-stage.yaml", "--take", "dolly push-in",
                                           "--view", "camera", "--out", "shot/camera", "--frames", "0-4",
                                           "--format", "exr", "--exr-compression", "piz", "--aov", "virtual,P",
                                           "--sidecar", "sequence.0-4.json", "--skip-existing", "--quiet"])
        XCTAssertEqual(plan.jobs[1].files.first, "shot/camera/frame.0005.exr")
        XCTAssertTrue(plan.planArguments.contains("exr"))
        let rows: [(FarmPlanRequest) -> FarmPlanRequest] = [
            { var r = $0; r.format = "tiff"; return r },
            { var r = $0; r.format = nil; return r },
            { var r = $0; r.exrCompression = "lzw"; return r },
            { var r = $0; r.pattern = "shot.%04d.png"; r.aovs = []; r.exrCompression = nil; return r },
        ]
        let messages = ["--frame-format must be png or exr", "--exr-compression applies to --frame-format exr",
                        "--exr-compression must be zip or piz", "needs a name ending in .exr"]
        for (make, message) in zip(rows, messages) {
            XCTAssertThrowsError(try FarmTest.plan(make(r), frames: [1])) { XCTAssertTrue("\($0)".contains(message), "\($0)") }
        }
    }

    func testWithThreadsAddsThreadsUnlessSet() throws {
        let plan = try FarmTest.plan(FarmTest.request(chunk: 5), frames: Array(0...9)).withThreads(8)
        XCTAssertTrue(plan.commands.allSatisfy { $0.contains("--threads 8 ") })
        var r = FarmTest.request(chunk: 5)
        r.threads = 2
        XCTAssertTrue(try FarmTest.plan(r, frames: Array(0...9)).withThreads(8).commands.allSatisfy { $0.contains("--threads 2 ") })
    }

    /// Commands survive a real shell: each argument arrives as it was, quotes, spaces, $ and globs included.
    func testCommandsRoundTripThroughSh() throws {
        let r = FarmPlanRequest(scenePath: "/tmp/it's a \"scene\".yaml", take: "take $HOME `x` * ~", outDirectory: "out dir;",
                                chunkSize: 5)
        let job = try FarmTest.plan(r, frames: [1, 2]).jobs[0]
        let line = "set -- " + job.command + "; for a in \"$@\"; do printf '%s\\n' \"$a\"; done"
        let out = try FarmTest.run(["/bin/sh", "-c", line])
        XCTAssertEqual(out.status, 0, out.err)
        XCTAssertEqual(out.out.split(separator: "\n").map(String.init), job.argv)
        XCTAssertEqual(ShellQuote.word("plain-word_1.png"), "plain-word_1.png")
        XCTAssertEqual(ShellQuote.word(""), "''")
        XCTAssertEqual(ShellQuote.word("it's"), "'it'\\''s'")
    }

    func testJobNames() throws {
        XCTAssertEqual(try FarmTest.plan(FarmTest.request(), frames: [0]).jobName, "xrstudio-dolly_push-in")
        let file = try FarmPlan.make(FarmPlanRequest(scenePath: "s.yaml", take: "takes/A cam.csv", outDirectory: "o", chunkSize: 1),
                                     takeName: "takes/A cam.csv", takeIsFile: true, frameNumbers: [0], width: 8, height: 8)
        XCTAssertEqual(file.jobName, "xrstudio-A_cam")
    }

    /// One broken option, one message naming it, exit code 2 (usage).
    func testBadOptionsAreUsageErrorsNamingTheOption() {
        let rows: [(String, (inout FarmPlanRequest) -> Void)] = [
            ("--chunk 0", { $0.chunkSize = 0 }),
            ("--every 0", { $0.every = 0 }),
            ("--threads 0", { $0.threads = 0 }),
            ("--encoders 65", { $0.encoders = 65 }),
            ("--smooth 500", { $0.smoothing = 500 }),
            ("--png-compression must be fast, default or best", { $0.pngCompression = "max" }),
            ("--pattern 'f.%04d.jpg': a PNG sequence needs a name ending in .png", { $0.pattern = "f.%04d.jpg" }),
            ("--pattern 'still.png' has no frame number", { $0.pattern = "still.png" }),
            ("--pattern", { $0.pattern = "a/%04d.png" }),
            ("--out: a line break", { $0.outDirectory = "a\nb" }),
            ("--take: a line break", { $0.take = "a\r\nb" }),
            ("--take: must not be empty", { $0.take = "" }),
            ("--xrstudio: must not be empty", { $0.executable = "" }),
        ]
        for (expected, change) in rows {
            var r = FarmTest.request()
            change(&r)
            let message = FarmTest.jobError(.usage) { _ = try FarmTest.plan(r, frames: Array(0...9)) }
            XCTAssertTrue(message.contains(expected), "'\(message)' should contain '\(expected)'")
            XCTAssertFalse(message.contains("\n"))
        }
    }

    func testViewListErrors() throws {
        for (text, expected) in [("wall,wall", "--views: 'wall' is listed twice"), ("sky", "--views: unknown view 'sky'"),
                                 ("wall,,plan", "--views 'wall,,plan': an empty view name"), ("all,wall", "unknown view 'all'")] {
            let message = FarmTest.jobError(.usage) { _ = try FarmView.parseList(text) }
            XCTAssertTrue(message.contains(expected), message)
        }
        XCTAssertEqual(try FarmView.parseList(" plan , witness"), [.plan, .witness])
        // A camera's name may hold commas, as `render --view 'camera:A, left'` takes it: pieces after a named camera
        // that are no view continue its name ('left' was an unknown view).
        XCTAssertEqual(try FarmView.parseList("camera:A, left ,wall,virtual:B,C"),
                       [FarmView(.camera, camera: "A, left"), .wall, FarmView(.virtual, camera: "B,C")])
        // Spaces before a comma belong to the name; only its end is trimmed.
        XCTAssertEqual(try FarmView.parseList(" camera:A ,left "), [FarmView(.camera, camera: "A ,left")])
        // A misspelt view after a named camera becomes part of its name: the camera is then not found, and the
        // message says why.
        let views = try FarmView.parseList("camera:A,wal")
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmView.expanded(views, cameras: ["A", "B"]) }
            .contains("no camera 'A,wal' in the take set (its cameras: 'A', 'B'); what follows camera:NAME up to the next view is its name"))
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmView.expanded(views, cameras: nil) }
            .contains("(what follows camera:NAME up to the next view is its name)"))
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmView.parseList("camera:A,,wall") }.contains("an empty view name"))
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmView.parseList("camera:A, left,camera:A, left") }
            .contains("'camera:A, left' is listed twice"))
    }

    func testTheSampleTake() throws {
        var r = FarmTest.request(chunk: 100)
        r.scenePath = FarmTest.scene
        let plan = try FarmPlan.load(r)
        XCTAssertEqual(plan.frames.count, 351)
        XCTAssertEqual(plan.chunks.map(\.rangeText), ["0-99", "100-199", "200-299", "300-350"])
        XCTAssertEqual(plan.width, 1920)
        XCTAssertEqual(plan.takeName, "dolly push-in")
        XCTAssertFalse(plan.takeIsFile)
        r.frames = 10...29
        r.every = 4
        r.size = (320, 180)
        let part = try FarmPlan.load(r)
        XCTAssertEqual(part.frames, [10, 14, 18, 22, 26])
        XCTAssertEqual([part.width, part.height], [320, 180])
    }

    /// A bare model renders along a take file, as `render MODEL --take FILE` does: the farm plans it the same way.
    func testBareModelWithATakeFile() throws {
        var r = FarmTest.request(chunk: 50)
        r.scenePath = FarmTest.root + "/Scenes/assets/lantern.gltf"
        r.take = FarmTest.root + "/Scenes/takes/lantern-handheld.csv"
        let plan = try FarmPlan.load(r)
        XCTAssertEqual(plan.frames.count, 151)
        XCTAssertEqual(plan.jobs.count, 4)
        XCTAssertTrue(plan.commands[0].contains("lantern.gltf --take"), plan.commands[0])
    }

    func testLoadErrors() {
        var r = FarmTest.request()
        r.scenePath = "teapot.obj"
        XCTAssertTrue(FarmTest.jobError(.input) { _ = try FarmPlan.load(r) }.contains("teapot.obj: no such file"))
        r.scenePath = FarmTest.scene
        r.take = "no such take"
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmPlan.load(r) }.contains("--take: no take or take set named 'no such take'"))
        r.take = "dolly push-in"
        r.frames = 5000...6000
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try FarmPlan.load(r) }.contains("--frames 5000-6000"))
    }

    func testLoadAbsoluteMakesPathsAbsolute() throws {
        var r = FarmTest.request(out: "./renders/shot", chunk: 50)
        r.executable = "bin/xrstudio"
        let plan = try FarmPlan.loadAbsolute(r, cwd: FarmTest.root)
        XCTAssertEqual(plan.request.scenePath, FarmTest.scene)
        XCTAssertEqual(plan.request.outDirectory, FarmTest.root + "/renders/shot")
        XCTAssertEqual(plan.jobs[0].argv[0], FarmTest.root + "/bin/xrstudio")
        XCTAssertEqual(plan.request.take, "dolly push-in", "a take of the scene stays a name")
        XCTAssertEqual(FarmPlan.absolute(".", "/a"), "/a")
        XCTAssertEqual(FarmPlan.absolute("/x/y", "/a"), "/x/y")
    }

    func testJSON() throws {
        var r = FarmTest.request(chunk: 4)
        r.views = [.plan]
        let data = try JSONEncoder().encode(try FarmTest.plan(r, frames: Array(0...9)))
        let o = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(Set(o.keys), ["scene", "take", "out", "chunk", "every", "views", "size", "pattern", "format", "frames", "first",
                                     "last", "chunks", "jobs"])
        XCTAssertEqual(o["frames"] as? Int, 10)
        XCTAssertEqual(o["views"] as? [String], ["plan"])
        let jobs = try XCTUnwrap(o["jobs"] as? [[String: Any]])
        XCTAssertEqual(jobs.count, 3)
        XCTAssertEqual(Set(jobs[2].keys), ["index", "chunk", "view", "first", "last", "frames", "out", "command", "argv"])
        XCTAssertEqual(jobs[2]["first"] as? Int, 8)
        XCTAssertEqual(jobs[2]["frames"] as? Int, 2)
        XCTAssertEqual(jobs[2]["out"] as? String, "shot/plan")
    }
}
