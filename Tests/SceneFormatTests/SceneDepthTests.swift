// SceneDepthTests: the YAML nesting pre-scan refuses every deep shape (block, compact `- ? -`, flow, single-pair
// flow mappings, aliases of aliases) at a line and column before Yams recurses, and is an upper bound on the
// depth Yams really builds.

@testable import SceneFormat
import XCTest
import XRTestSupport
import Yams

final class SceneDepthTests: XCTestCase {
    /// Shapes 3,000 levels deep (Yams overflowed the stack on `? ? ?` and `- ? - ?`): each refused by the scan.
    func testDeepShapesAreRefusedAtAPosition() {
        let n = 3000
        let rows: [(String, String)] = [
            ("? ? keys", String(repeating: "? ", count: n) + "a\n"),
            ("? keys under a key", "name: x\nmarks:\n  - " + String(repeating: "? ", count: n) + "a\n"),
            ("- ? compact", "a:\n" + String(repeating: "- ? ", count: n) + "a\n"),
            ("? block keys", (0..<n).map { String(repeating: " ", count: $0) + "?\n" }.joined()),
            ("[? flow pairs", "a: " + String(repeating: "[? ", count: n)),
            ("{ flow", "a: " + String(repeating: "{a: ", count: n)),
            ("anchored ? keys", String(repeating: "? &k !t ", count: n) + "a\n"),
            ("aliases of aliases", (1..<60).map { "a\($0): &a\($0) [[[[[*a\($0 - 1)]]]]]\n" }.joined().replacingOccurrences(of: "*a0", with: "x")),
        ]
        for (what, text) in rows {
            XCTAssertThrowsError(try SceneLoader.load(bytes: Array(text.utf8), name: "d.yaml") { _ in true }, what) {
                XCTAssertTrue("\($0)".hasSuffix("error: lists and mappings nest deeper than 200 levels"), "\(what): \($0)")
                XCTAssertTrue("\($0)".hasPrefix("d.yaml:"), "\(what): \($0)")
            }
        }
    }

    /// Random YAML mixing every nesting form: whenever the scan lets a text through, Yams' tree is at most
    /// `maxDepth` deep; and a text Yams builds at most 60 deep without aliases always passes.
    func testTheScanBoundsTheRealDepth() throws {
        var rng = SplitMix64(seed: 14)
        var passed = 0, refused = 0, composed = 0, anchors = 0
        func flow(_ d: Int) -> String {
            if d == 0 { return "x" }
            switch rng.next() % 12 {
            case 0: return "[" + flow(d - 1) + ", y]"
            case 1: return "{k: " + flow(d - 1) + "}"
            case 2: return "[? " + flow(d - 1) + "]"
            case 3 where anchors > 1: return "*a\(rng.next() % UInt64(anchors - 1))"
            default: return "[k: " + flow(d - 1) + "]"
            }
        }
        func block(_ indent: Int, _ d: Int) -> String {
            let pad = String(repeating: " ", count: indent)
            if d == 0 { return pad + flow(Int(rng.next() % 120)) + "\n" }
            switch rng.next() % 300 {
            case 0: return pad + "-\n" + block(indent + 1, d - 1)
            case 1: return pad + "k:\n" + block(indent + 1, d - 1)
            case 2: return pad + "?\n" + block(indent + 1, d - 1) + pad + ": v\n"
            case 3: return pad + "- ? - " + flow(Int(rng.next() % 40)) + "\n"
            case 4:
                anchors += 1
                return pad + "k\(anchors): &a\(anchors - 1) " + flow(Int(rng.next() % 30)) + "\n"
            case 5: return pad + "- - " + flow(Int(rng.next() % 40)) + "\n"
            default: return pad + ["-\n", "k:\n"][Int(rng.next() % 2)] + block(indent + 1, d - 1)
            }
        }
        func depth(_ n: Node) -> Int {
            switch n {
            case .scalar: return 0
            case .sequence(let s): return 1 + (s.map(depth).max() ?? 0)
            case .mapping(let m): return 1 + (m.map { Swift.max(depth($0.key), depth($0.value)) }.max() ?? 0)
            }
        }
        for _ in 0..<400 {
            anchors = 0
            var text = ""
            for k in 0..<Int(1 + rng.next() % 4) { text += "top\(k):\n" + block(1, Int(rng.next() % 160)) }
            let usesAliases = text.contains("*a")
            if SceneLoader.tooDeep(text) == nil {
                passed += 1
                guard let node = try? Yams.compose(yaml: text) else { continue }
                composed += 1
                XCTAssertLessThanOrEqual(depth(node), SceneLoader.maxDepth, text)
            } else {
                refused += 1
                if !usesAliases, let node = try? Yams.compose(yaml: text) {
                    XCTAssertGreaterThan(depth(node), 60, "refused a shallow text:\n\(text)")
                }
            }
        }
        XCTAssertGreaterThan(composed, 50)
        XCTAssertGreaterThan(passed, 50)
        XCTAssertGreaterThan(refused, 50)
    }
}
