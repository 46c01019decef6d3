// HostProbeTests: the pre-flight: its shell line run for real (with a stand-in xrstudio) and the reading of the
// hosts' tagged answers: same version, scene, plan and output folder, unreachable hosts.

import Foundation
import RenderFarm
import XCTest

final class HostProbeTests: XCTestCase {
    let logins = [try! SSHLogin("ssh -p 2201 127.0.0.1"), try! SSHLogin("2/node2")]

    func testAllHostsFit() {
        let out = """
            ssh -p 2201 127.0.0.1\txrstudio-probe version ok 0.1.0
            node2\txrstudio-probe version ok 0.1.0
            ssh -p 2201 127.0.0.1\txrstudio-probe scene ok -
            ssh -p 2201 127.0.0.1\txrstudio-probe plan ok -
            node2\txrstudio-probe scene ok -
            ssh -p 2201 127.0.0.1\txrstudio-probe out ok -
            node2\txrstudio-probe plan ok -
            node2\txrstudio-probe out ok -

            """
        let checks = HostProbe.parse(out, logins: logins, expectedVersion: "0.1.0")
        XCTAssertEqual(checks.map(\.ok), [true, true])
        XCTAssertEqual(checks.map(\.line), ["127.0.0.1:2201: ok (xrstudio 0.1.0)", "node2: ok (xrstudio 0.1.0)"])
    }

    func testEachProblemIsNamed() {
        // node2: ssh's complaint ends in \r, and parallel tags the empty rest of the line.
        let out = "ssh -p 2201 127.0.0.1\txrstudio-probe version ok 0.0.9\n"
            + "ssh -p 2201 127.0.0.1\txrstudio-probe scene fail Scenes/x.yaml:3:1: error: bad key\n"
            + "ssh -p 2201 127.0.0.1\txrstudio-probe plan ok -\n"
            + "ssh -p 2201 127.0.0.1\txrstudio-probe out fail cannot create files in /shared/shot\n"
            + "node2\tssh: connect to host node2 port 22: Connection refused\rnode2\t\n"
        let checks = HostProbe.parse(out, logins: logins, expectedVersion: "0.1.0")
        XCTAssertEqual(checks[0].problems, ["xrstudio 0.0.9, expected 0.1.0", "cannot load the scene: Scenes/x.yaml:3:1: error: bad key",
                                            "cannot write the output folder: cannot create files in /shared/shot"])
        XCTAssertEqual(checks[1].problems, ["not reached: ssh: connect to host node2 port 22: Connection refused"])
    }

    func testNoXRStudioOnAHostIsOneProblem() {
        let out = "node2\txrstudio-probe version fail sh: 1: xrstudio: not found\nnode2\txrstudio-probe scene fail x\n"
            + "node2\txrstudio-probe plan fail x\nnode2\txrstudio-probe out ok -\n"
        let check = HostProbe.parse(out, logins: [logins[1]], expectedVersion: "0.1.0")[0]
        XCTAssertEqual(check.problems, ["cannot run xrstudio: sh: 1: xrstudio: not found"])
        XCTAssertNil(check.version)
    }

    func testSilentHostIsNotReached() {
        let check = HostProbe.parse("", logins: [logins[0]], expectedVersion: "0.1.0")[0]
        XCTAssertEqual(check.problems, ["not reached: no answer within \(ParallelCommand.probeSeconds) s"])
    }

    /// GNU parallel's own complaint (untagged: it ran nothing) is passed on for every host it left unanswered: a
    /// non-ASCII host name blamed the working hosts with "no answer" and dropped the reason.
    func testParallelsOwnErrorIsPassedOn() {
        let out = "SSHLogin parser failed on '节点一.invalid'\n"
        for check in HostProbe.parse(out, logins: logins, expectedVersion: "0.1.0") {
            XCTAssertEqual(check.problems, ["not reached: GNU parallel said: SSHLogin parser failed on '节点一.invalid'"])
        }
    }

    /// The probe line under /bin/sh with a stand-in xrstudio, tagged the way `parallel --tag` does it.
    func probe(_ plan: FarmPlan, login: SSHLogin) throws -> HostCheck {
        let run = try FarmTest.run(["/bin/sh", "-c", HostProbe.script(plan: plan)])
        XCTAssertEqual(run.err, "")
        let tagged = run.out.split(separator: "\n").map { login.login + "\t" + $0 }.joined(separator: "\n")
        return HostProbe.parse(tagged, logins: [login], expectedVersion: "0.1.0")[0]
    }

    func testTheProbeLineRunsEveryCheck() throws {
        let dir = try FarmTest.temporaryFolder(self)
        let fake = dir + "/xrstudio"
        // Answers like xrstudio: the version; `info` and `farm plan` fail for a scene named bad.yaml.
        try FarmTest.script(fake, """
            #!/bin/sh
            [ "$1" = --version ] && { echo 0.1.0; exit 0; }
            for a in "$@"; do case "$a" in *bad.yaml) echo "$a: error: no such take" >&2; exit 1 ;; esac; done
            exit 0

            """)
        try "scene: {}".write(toFile: dir + "/good.yaml", atomically: true, encoding: .utf8)
        try "scene: {}".write(toFile: dir + "/bad.yaml", atomically: true, encoding: .utf8)
        try "a file".write(toFile: dir + "/file", atomically: true, encoding: .utf8)
        let login = try SSHLogin(":")
        var r = FarmPlanRequest(scenePath: dir + "/good.yaml", take: "t", outDirectory: dir + "/new/out dir", chunkSize: 5)
        r.executable = fake
        XCTAssertEqual(try probe(try FarmTest.plan(r, frames: [0, 1]), login: login).line, "local: ok (xrstudio 0.1.0)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/new/out dir"), "the output folder is made, as render would")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/new/out dir"), [], "the probe file is removed")

        r.scenePath = dir + "/bad.yaml"
        r.outDirectory = dir + "/file/out"
        let check = try probe(try FarmTest.plan(r, frames: [0, 1]), login: login)
        XCTAssertEqual(check.problems, ["cannot load the scene: \(dir)/bad.yaml: error: no such take",
                                        "cannot plan the take: \(dir)/bad.yaml: error: no such take",
                                        "cannot write the output folder: cannot create files in \(dir)/file/out"])
        r.scenePath = dir + "/missing.yaml"
        r.executable = dir + "/no-such-xrstudio"
        let gone = try probe(try FarmTest.plan(r, frames: [0, 1]), login: login)
        XCTAssertEqual(gone.problems.count, 2)
        XCTAssertTrue(gone.problems[0].hasPrefix("cannot run xrstudio: "), gone.problems[0])
    }
}
