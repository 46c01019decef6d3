// OpenCueJobTests: the OpenCue job against its documented formats: the job spec XML parsed and checked against
// the cjsl DTD's element order, cuebot's chunking and frame tokens replayed to give each plan command; the
// PyOutline script run by Python against a stand-in `outline` package that records the calls.

import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import RenderFarm
import XCTest

final class OpenCueJobTests: XCTestCase {
    /// Content models of cjsl-1.13.dtd, in order (optional elements included): children must appear in this order.
    static let dtdOrder: [String: [String]] = [
        "spec": ["facility", "dept", "show", "shot", "user", "email", "uid", "job", "depends"],
        "job": ["paused", "priority", "maxretries", "maxcores", "maxgpus", "autoeat", "localbook", "os", "env", "layers"],
        "layer": ["cmd", "range", "chunk", "cores", "threadable", "memory", "gpus", "gpu", "gpu_memory", "timeout",
                  "timeout_llu", "tags", "limits", "env", "services", "outputs"],
    ]
    static let dtdRequired: [String: [String]] = [
        "spec": ["show", "shot", "user"], "layer": ["cmd", "range", "chunk"],
    ]

    func plan(views: [FarmView] = [], every: Int = 1, take: String = "dolly push-in") throws -> FarmPlan {
        var r = FarmTest.request(out: "/shared/shot", chunk: 20)
        r.scenePath = "/shared/binhai.yaml"
        r.take = take
        r.views = views
        r.every = every
        return try FarmTest.plan(r, frames: Array(0...69))
    }

    func testFrameRanges() throws {
        XCTAssertEqual(try OpenCueJob.frameRange(Array(0...349), every: 1), "0-349")
        XCTAssertEqual(try OpenCueJob.frameRange(Array(stride(from: 10, through: 348, by: 2)), every: 2), "10-348x2")
        XCTAssertEqual(try OpenCueJob.frameRange([7], every: 3), "7")
        XCTAssertTrue(FarmTest.jobError(.input) { _ = try OpenCueJob.frameRange([1, 2, 4], every: 1) }.contains("not evenly spaced"))
        XCTAssertTrue(FarmTest.jobError(.input) { _ = try OpenCueJob.frameRange([-2, -1], every: 1) }.contains("start at 0"))
    }

    #if canImport(FoundationXML)
    func children(_ e: XMLElement) -> [XMLElement] { (e.children ?? []).compactMap { $0 as? XMLElement } }

    func assertDTDOrder(_ e: XMLElement, file: StaticString = #filePath, line: UInt = #line) {
        guard let order = OpenCueJobTests.dtdOrder[e.name ?? ""] else { return }
        let names = children(e).map { $0.name ?? "" }
        let positions = names.map { order.firstIndex(of: $0) ?? -1 }
        XCTAssertFalse(positions.contains(-1), "<\(e.name!)> has children the DTD does not allow: \(names)", file: file, line: line)
        XCTAssertEqual(positions, positions.sorted(), "<\(e.name!)> children out of DTD order: \(names)", file: file, line: line)
        for required in OpenCueJobTests.dtdRequired[e.name ?? ""] ?? [] {
            XCTAssertTrue(names.contains(required), "<\(e.name!)> lacks <\(required)>", file: file, line: line)
        }
        for c in children(e) { assertDTDOrder(c, file: file, line: line) }
    }

    func testSpecXMLFollowsTheDTDAndCuebotsChunksGiveThePlanCommands() throws {
        let p = try plan(views: [.wall, .witness], every: 2)
        var o = OpenCueOptions(show: "binhai", user: "tech1")
        o.cores = 4
        o.memory = "6g"
        o.maxRetries = 2
        let text = try OpenCueJob.spec(p, options: o, version: "0.1.0")
        XCTAssertTrue(text.hasPrefix("<?xml version=\"1.0\"?>\n<!DOCTYPE spec PUBLIC \"SPI Cue Specification Language\" \"http://localhost:8080/spcue/dtd/cjsl-1.13.dtd\">\n"))
        let doc = try XMLDocument(xmlString: text, options: [])
        let spec = try XCTUnwrap(doc.rootElement())
        XCTAssertEqual(spec.name, "spec")
        assertDTDOrder(spec)
        XCTAssertEqual(spec.elements(forName: "show").first?.stringValue, "binhai")
        XCTAssertEqual(spec.elements(forName: "shot").first?.stringValue, "dolly_push-in")
        let job = try XCTUnwrap(spec.elements(forName: "job").first)
        XCTAssertEqual(job.attribute(forName: "name")?.stringValue, "xrstudio-dolly_push-in")
        XCTAssertEqual(job.elements(forName: "maxretries").first?.stringValue, "2")
        let layers = try XCTUnwrap(job.elements(forName: "layers").first).elements(forName: "layer")
        XCTAssertEqual(layers.map { $0.attribute(forName: "name")?.stringValue }, ["render_wall", "render_witness"])
        XCTAssertEqual(layers.map { $0.attribute(forName: "type")?.stringValue }, ["Render", "Render"])
        let threaded = p.withThreads(4)
        for (v, layer) in layers.enumerated() {
            let range = try XCTUnwrap(layer.elements(forName: "range").first?.stringValue)
            let chunk = try XCTUnwrap(Int(layer.elements(forName: "chunk").first?.stringValue ?? ""))
            let cmd = try XCTUnwrap(layer.elements(forName: "cmd").first?.stringValue)
            XCTAssertEqual(range, "0-68x2")
            XCTAssertEqual(layer.elements(forName: "cores").first?.stringValue, "4")
            XCTAssertEqual(layer.elements(forName: "memory").first?.stringValue, "6g")
            XCTAssertEqual(layer.elements(forName: "services").first?.elements(forName: "service").first?.stringValue, "shell")
            // Cuebot: the frame set A-BxN in chunks of `chunk` frames; each task's command with its first and last.
            let frames = Array(stride(from: 0, through: 68, by: 2))
            let tasks = stride(from: 0, to: frames.count, by: chunk).map { Array(frames[$0..<min($0 + chunk, frames.count)]) }
            let jobs = threaded.jobs.filter { $0.view == p.request.views[v] }
            XCTAssertEqual(tasks.count, jobs.count)
            for (task, job) in zip(tasks, jobs) {
                let dispatched = cmd.replacingOccurrences(of: "#FRAME_START#", with: "\(task.first!)")
                    .replacingOccurrences(of: "#FRAME_END#", with: "\(task.last!)")
                // The template quotes the arguments that carry cuebot's #FRAME_START#/#FRAME_END# tokens.
                let planned = job.command
                    .replacingOccurrences(of: "--frames \(job.chunk.rangeText)", with: "--frames '\(task.first!)-\(task.last!)'")
                    .replacingOccurrences(of: "--sidecar sequence.\(job.chunk.rangeText).json",
                                          with: "--sidecar 'sequence.\(task.first!)-\(task.last!).json'")
                XCTAssertEqual(dispatched, planned)
                XCTAssertEqual(job.chunk.frames, task)
            }
        }
    }

    func testXMLEscapesNamesAndCommands() throws {
        let p = try plan(take: "take <A> & \"B\" -- 'c'")
        let text = try OpenCueJob.spec(p, options: OpenCueOptions(show: "s", user: "u"), version: "0.1.0")
        let doc = try XMLDocument(xmlString: text, options: [])
        let cmd = try XCTUnwrap(doc.rootElement()?.elements(forName: "job").first?.elements(forName: "layers").first?
            .elements(forName: "layer").first?.elements(forName: "cmd").first?.stringValue)
        XCTAssertTrue(cmd.contains("--take 'take <A> & \"B\" -- '\\''c'\\'''"), cmd)
        XCTAssertEqual(doc.rootElement()?.elements(forName: "shot").first?.stringValue, "take__A_____B__--__c_")
    }
    #endif

    /// The PyOutline script, run by python3 with a stand-in `outline` package that records what the script builds
    /// and launches (PyOutline's documented API: Outline(name, show=, shot=, user=), Shell(name, command=[...],
    /// range=, chunk=, ...), add_layer, outline.cuerun.launch(ol, use_pycuerun=..., **flags)).
    func testOutlineScriptBuildsTheJob() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw XCTSkip("python3 is not installed") }
        let dir = try FarmTest.temporaryFolder(self)
        try FileManager.default.createDirectory(atPath: dir + "/outline/modules", withIntermediateDirectories: true)
        try """
            import json, os
            class Outline:
                def __init__(self, name=None, frame_range=None, path=None, serialize=True, name_unique=False, current=False,
                             shot=None, show=None, user=None, facility=None, maxcores=None, maxgpus=None):
                    self.record = {"name": name, "show": show, "shot": shot, "user": user, "layers": []}
                def add_layer(self, layer):
                    self.record["layers"].append(layer.record)

            """.write(toFile: dir + "/outline/__init__.py", atomically: true, encoding: .utf8)
        try "".write(toFile: dir + "/outline/modules/__init__.py", atomically: true, encoding: .utf8)
        try """
            class Shell:
                def __init__(self, name, **args):
                    assert "command" in args, "Shell requires command"
                    self.record = dict(args, name=name)

            """.write(toFile: dir + "/outline/modules/shell.py", atomically: true, encoding: .utf8)
        try """
            import json, os
            def launch(ol, use_pycuerun=True, **args):
                with open(os.environ["RECORD"], "w") as f:
                    json.dump({"job": ol.record, "use_pycuerun": use_pycuerun, "flags": args}, f)

            """.write(toFile: dir + "/outline/cuerun.py", atomically: true, encoding: .utf8)

        let p = try plan(views: [.camera])
        var o = OpenCueOptions(show: "binhai", user: "tech1")
        o.service = "xrstudio"
        o.maxRetries = 1
        let script = dir + "/job.outline.py"
        try OpenCueJob.outline(p, options: o, version: "0.1.0").write(toFile: script, atomically: true, encoding: .utf8)
        let run = try FarmTest.run([python, script], environment: ["PYTHONPATH": dir, "RECORD": dir + "/record.json",
                                                                   "PATH": "/usr/bin:/bin"])
        XCTAssertEqual(run.status, 0, run.err)
        let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/record.json"))
        let record = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(record["use_pycuerun"] as? Bool, false, "cuebot must run the command itself, tokens replaced")
        XCTAssertEqual((record["flags"] as? [String: Any])?["maxretries"] as? Int, 1)
        let job = try XCTUnwrap(record["job"] as? [String: Any])
        XCTAssertEqual(job["name"] as? String, "xrstudio-dolly_push-in")
        XCTAssertEqual(job["show"] as? String, "binhai")
        XCTAssertEqual(job["shot"] as? String, "dolly_push-in")
        XCTAssertEqual(job["user"] as? String, "tech1")
        let layers = try XCTUnwrap(job["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.count, 1)
        XCTAssertEqual(layers[0]["name"] as? String, "render_camera")
        XCTAssertEqual(layers[0]["type"] as? String, "Render")
        XCTAssertEqual(layers[0]["range"] as? String, "0-69")
        XCTAssertEqual(layers[0]["chunk"] as? Int, 20)
        XCTAssertEqual(layers[0]["service"] as? String, "xrstudio")
        XCTAssertEqual(layers[0]["command"] as? [String],
                       [ShellQuote.line(p.renderArguments(view: .camera, frames: "#FRAME_START#-#FRAME_END#"))])
    }

    func testBadNamesAreRefused() throws {
        let p = try plan()
        let rows: [(String, (inout OpenCueOptions) -> Void)] = [
            ("--show 'my show'", { $0.show = "my show" }),
            ("--shot ''", { $0.shot = "" }),
            ("--user 'a/b'", { $0.user = "a/b" }),
            ("--job-name 'x y'", { $0.jobName = "x y" }),
            ("--service 'a b'", { $0.service = "a b" }),
            ("--cores 0", { $0.cores = 0 }),
            // The renders' --threads: 128 wrote a job whose every frame failed (render allows 1-64).
            ("--cores 128: expected 1-64", { $0.cores = 128 }),
            ("--memory '4 GB'", { $0.memory = "4 GB" }),
            ("--max-retries 500", { $0.maxRetries = 500 }),
        ]
        for (expected, change) in rows {
            var o = OpenCueOptions(show: "s", user: "u")
            change(&o)
            let message = FarmTest.jobError(.usage) { _ = try OpenCueJob.outline(p, options: o, version: "0") }
            XCTAssertTrue(message.hasPrefix(expected), "'\(message)' should start with '\(expected)'")
        }
    }
}
