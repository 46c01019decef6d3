// TakeFixtures: paths to the hand-written fixture takes and the shared OpenTrackIO samples, from #filePath.

import XCTest

enum TakeFixtures {
    /// The package root: three levels up from this file (Tests/TakesTests/TakeFixtures.swift).
    static var packageRoot: String {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    static func fixture(_ name: String) -> String { packageRoot + "/Tests/Fixtures/takes/" + name }

    /// `../shared/samples/opentrackio` beside the package.
    static var openTrackIOSamples: String { packageRoot + "/../shared/samples/opentrackio" }

    static func read(_ path: String) throws -> [UInt8] {
        guard let f = fopen(path, "rb") else { throw XCTSkip("cannot open \(path)") }
        defer { fclose(f) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, f)
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
