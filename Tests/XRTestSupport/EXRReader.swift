// EXRReader: OpenEXR files read by independent tools (OpenImageIO's oiiotool, OpenEXR's exrheader), so tests
// compare what xrstudio wrote with what another reader sees, not with xrstudio's own decoder.

import Foundation

public enum EXRReader {
    /// Runs `tool ARGS` (`ExternalTool.run`), naming the packages that hold OpenEXR's and OpenImageIO's tools.
    public static func run(_ tool: String, _ args: [String]) throws -> String {
        try ExternalTool.run(tool, args, packages: "openexr and openimageio-tools")
    }

    /// Every pixel's channel values in the file's channel order, as `oiiotool --dumpdata` prints them
    /// ("Pixel (x, y): v0 v1 ..."), row by row; with the channel names from its `--info -v` list.
    public static func pixels(_ path: String) throws -> (channels: [String], width: Int, height: Int, values: [[Float]]) {
        let dump = try run("oiiotool", ["--dumpdata", path])
        var values: [[Float]] = []
        var width = 0, height = 0
        for line in dump.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("Pixel ("), let colon = t.firstIndex(of: ":") else { continue }
            let xy = t[t.index(t.startIndex, offsetBy: 7)..<t.index(before: colon)].split(separator: ",")
                .map { Int($0.trimmingCharacters(in: .whitespaces))! }
            width = max(width, xy[0] + 1)
            height = max(height, xy[1] + 1)
            values.append(t[t.index(after: colon)...].split(separator: " ").map { Float(String($0))! })
        }
        let info = try run("oiiotool", ["--info", "-v", path])
        var channels: [String] = []
        if let line = info.split(separator: "\n").first(where: { $0.contains("channel list:") }) {
            channels = line.split(separator: ":", maxSplits: 1)[1].split(separator: ",").map {
                String($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0])
            }
        }
        return (channels, width, height, values)
    }

    /// `exrheader FILE`: the attribute listing of OpenEXR's own tool.
    public static func header(_ path: String) throws -> String { try run("exrheader", [path]) }
}
