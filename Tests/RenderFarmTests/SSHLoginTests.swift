// SSHLoginTests: the host forms of GNU parallel's sshloginfile and --sshlogin, their short labels, and refusals.

import RenderFarm
import XCTest

final class SSHLoginTests: XCTestCase {
    func testForms() throws {
        let rows: [(String, String, Int?, String)] = [
            ("server.example.com", "server.example.com", nil, "server.example.com"),
            ("8/render@node7", "render@node7", 8, "render@node7"),
            ("ssh -p 2222 server.example.net", "ssh -p 2222 server.example.net", nil, "server.example.net:2222"),
            ("4/ssh -p2222 quad", "ssh -p2222 quad", 4, "quad:2222"),
            ("//usr/local/bin/myssh -p 2222 -l me hexacpu", "/usr/local/bin/myssh -p 2222 -l me hexacpu", nil, "hexacpu:2222"),
            ("6//usr/local/bin/myssh -p 2222 -l me hexacpu", "/usr/local/bin/myssh -p 2222 -l me hexacpu", 6, "hexacpu:2222"),
            ("@group1+group2/4/ssh -p 2222 server3", "ssh -p 2222 server3", 4, "server3:2222"),
            ("ssh -F /tmp/cfg -p 2201 127.0.0.1", "ssh -F /tmp/cfg -p 2201 127.0.0.1", nil, "127.0.0.1:2201"),
            ("  16/:  ", ":", 16, "local"),
        ]
        for (text, login, cpus, label) in rows {
            let l = try SSHLogin(text)
            XCTAssertEqual(l.login, login, text)
            XCTAssertEqual(l.cpus, cpus, text)
            XCTAssertEqual(l.label, label, text)
        }
    }

    func testFileSkipsCommentsAndBlankLinesAndRefusesDuplicates() throws {
        let hosts = try SSHLogin.parseFile("# farm\n\nnode1\n  2/node2\n# down for repair: node3\n", name: "hosts.txt")
        XCTAssertEqual(hosts.map(\.login), ["node1", "node2"])
        let dup = FarmTest.jobError(.usage) { _ = try SSHLogin.parseFile("node1\n4/node1\n", name: "hosts.txt") }
        XCTAssertEqual(dup, "hosts.txt:2: 'node1' is listed twice (also as 'node1')")
        let zero = FarmTest.jobError(.usage) { _ = try SSHLogin.parseFile("node1\n0/node2\n", name: "hosts.txt") }
        XCTAssertEqual(zero, "hosts.txt:2: sshlogin '0/node2': the CPU count must be 1 or more")
        let empty = FarmTest.jobError(.usage) { _ = try SSHLogin.parseFile("# nobody\n", name: "hosts.txt") }
        XCTAssertEqual(empty, "hosts.txt: no hosts (one sshlogin per line)")
    }

    func testListSplitsOnCommasKeepingEscapedOnes() throws {
        let hosts = try SSHLogin.parseList("2/a,ssh -o ProxyJump=x\\,y b,c,,d")
        XCTAssertEqual(hosts.map(\.login), ["a", "ssh -o ProxyJump=x,y b", "c,d"])
        XCTAssertEqual(hosts[1].fileLine, "ssh -o ProxyJump=x,,y b")
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try SSHLogin.parseList("a,") }.contains("an empty entry"))
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try SSHLogin.parseList("a, ,b") }.contains("an empty entry"))
        XCTAssertTrue(FarmTest.jobError(.usage) { _ = try SSHLogin.parseList("a,1/a") }.contains("'a' is listed twice"))
    }
}
