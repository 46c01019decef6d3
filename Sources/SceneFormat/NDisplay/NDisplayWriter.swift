// NDisplayWriter: a stage's flat LED surfaces written back as a .ndisplay config (5.00) that the importer reads to
// the same screens.

import Geometry
import SceneModel

/// Writes `.ndisplay` JSON: one screen per flat surface (named by the surface, under one root xform), one
/// `simple` viewport per screen (`vp_` + name), each region the surface's canvas, laid side by side in rows of node
/// windows at most `NDisplayConfig.maxRegionSide` px a side (a window is one GPU surface too): as many cluster
/// nodes as the canvases fill. Curved and faceted walls are no one flat screen and are listed as skipped.
public enum NDisplayWriter {
    public struct Output {
        public var text: String
        public var screens: [String]
        public var skipped: [String]
    }

    /// A stage the file cannot hold as it is: a canvas past a viewport's size, or names nDisplay would take as one.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// `base`, or `base_2`, `base_3`… : the first not among `taken` (lower-cased: nDisplay's ids ignore case).
    static func freeID(_ base: String, taken: Set<String>) -> String {
        var id = base, n = 1
        while taken.contains(id.lowercased()) {
            n += 1
            id = "\(base)_\(n)"
        }
        return id
    }

    public static func json(surfaces: [LEDSurface], viewOrigin: SIMD3<Double>, description: String) throws -> Output {
        var screens: [String] = []
        var names: [String] = []
        var skipped: [String] = []
        // Viewports go into node windows of at most 16384 px a side, in rows; a window that is full starts the next
        // node (`xrstudio`, `xrstudio_2`, … all on this host: one per render machine on a real stage).
        var nodes: [(viewports: [String], width: Int, height: Int)] = [([], 0, 0)]
        var x = 0, rowTop = 0, rowHeight = 0
        // The root xform's and the camera's ids must not be a screen's: nDisplay's component ids are one namespace.
        let taken = Set(surfaces.map { $0.name.lowercased() })
        let origin = freeID("xrstudio_origin", taken: taken), viewPoint = freeID("DefaultViewPoint", taken: taken)
        var written: [String: String] = [:]  // lower-cased screen id: the surface's name
        for s in surfaces {
            guard let c = s.corners else {
                skipped.append("'\(s.name)': a curved, faceted or mesh wall is no one flat nDisplay screen")
                continue
            }
            if let other = written[s.name.lowercased()] {
                throw Refused(description: "'\(other)' and '\(s.name)' would be one nDisplay screen (its ids ignore case): "
                              + "rename one")
            }
            written[s.name.lowercased()] = s.name
            let px = s.pixels
            guard px.width <= NDisplayConfig.maxRegionSide, px.height <= NDisplayConfig.maxRegionSide else {
                throw Refused(description: "'\(s.name)' is \(px.width) x \(px.height) px; an nDisplay viewport is at most "
                               + "\(NDisplayConfig.maxRegionSide) px a side (split the surface)")
            }
            // Back to Unreal: the screen's rightward Y runs from the top-left to the top-right corner, its up Z from
            // bottom-left to top-left, its X (away from the viewer) is Y × Z.
            let tl = UESpace.unreal(c[0]), tr = UESpace.unreal(c[1]), bl = UESpace.unreal(c[3])
            let ya = (tr - tl) / (tr - tl).length, za = (tl - bl) / (tl - bl).length
            let xa = ya.cross(za)
            let rot = UETransform.rotator(x: xa, y: ya, z: za)
            let centre = tl + (tr - tl) / 2 + (bl - tl) / 2
            let side = NDisplayConfig.maxRegionSide
            if x > 0 && x + px.width > side {  // this row is full: the next one
                rowTop += rowHeight
                x = 0
                rowHeight = 0
            }
            if rowTop > 0 && rowTop + px.height > side {  // this window is full: the next node's
                nodes.append(([], 0, 0))
                (x, rowTop, rowHeight) = (0, 0, 0)
            }
            screens.append("""
                    \(quote(s.name)): { "size": { "width": \(num(s.widthM * 100)), "height": \(num(s.heightM * 100)) }, \
            "parentId": \(quote(origin)), "location": \(vector(centre)), "rotation": \(rotator(rot)) }
            """)
            nodes[nodes.count - 1].viewports.append("""
                        \(quote("vp_" + s.name)): { "camera": \(quote(viewPoint)), "region": { "x": \(x), "y": \(rowTop), \
            "w": \(px.width), "h": \(px.height) }, "projectionPolicy": { "type": "simple", "parameters": { "screen": \(quote(s.name)) } } }
            """)
            names.append(s.name)
            x += px.width
            rowHeight = max(rowHeight, px.height)
            nodes[nodes.count - 1].width = max(nodes[nodes.count - 1].width, x)
            nodes[nodes.count - 1].height = rowTop + rowHeight
        }
        let eye = UESpace.unreal(viewOrigin)
        let nodeText = nodes.enumerated().map { k, n in
            """
                    \(quote(k == 0 ? "xrstudio" : "xrstudio_\(k + 1)")): { "host": "127.0.0.1", "sound": false, "fullScreen": false, \
            "window": { "x": 0, "y": 0, "w": \(max(n.width, 1)), "h": \(max(n.height, 1)) },
                      "viewports": {
            \(n.viewports.joined(separator: ",\n"))
                      }
                    }
            """
        }
        let text = """
        {
          "nDisplay": {
            "description": \(quote(description)),
            "version": "5.00",
            "assetPath": "",
            "misc": { "bFollowLocalPlayerCamera": false, "bExitOnEsc": true, "bOverrideViewportsFromExternalConfig": false },
            "scene": {
              "xforms": {
                \(quote(origin)): { "parentId": "", "location": { "x": 0, "y": 0, "z": 0 }, "rotation": { "pitch": 0, "yaw": 0, "roll": 0 } }
              },
              "screens": {
        \(screens.joined(separator: ",\n"))
              },
              "cameras": {
                \(quote(viewPoint)): { "interpupillaryDistance": 6.4, "swapEyes": false, "stereoOffset": "none", "parentId": \(quote(origin)), \
        "location": \(vector(eye)), "rotation": { "pitch": 0, "yaw": 0, "roll": 0 } }
              }
            },
            "cluster": {
              "primaryNode": { "id": "xrstudio", "ports": { "ClusterSync": 41001, "ClusterEventsJson": 41003, "ClusterEventsBinary": 41004 } },
              "nodes": {
        \(nodeText.joined(separator: ",\n"))
              }
            }
          }
        }

        """
        return Output(text: text, screens: names, skipped: skipped)
    }

    /// Shortest round-trip decimal (Swift's description), which is valid JSON for finite values.
    static func num(_ v: Double) -> String { v == 0 ? "0" : "\(v)" }

    static func vector(_ v: SIMD3<Double>) -> String { "{ \"x\": \(num(v.x)), \"y\": \(num(v.y)), \"z\": \(num(v.z)) }" }

    static func rotator(_ r: SIMD3<Double>) -> String { "{ \"pitch\": \(num(r.x)), \"yaw\": \(num(r.y)), \"roll\": \(num(r.z)) }" }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quote(_ s: String) -> String { jsonStringLiteral(s) }
}
