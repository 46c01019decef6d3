// ProcessorOutputsRender: `render --view wall --native --outputs`: one frame's LED canvases split into what each
// LED processor port carries: one PNG per port and a JSON map of the cabinets each holds.

import FoundationEssentials
import FrameOutput
import ImageCodecs
import Imaging
import SceneFormat
import SceneImaging
import SceneModel
import Shot

/// What to render and where.
public struct ProcessorOutputsRequest: Sendable {
    public var scenePath: String
    public var mark: String?
    /// The folder the images and `outputs.json` go to.
    public var outDir: String
    public var threads: Int
    public var overwrite: Bool

    public init(scenePath: String, mark: String? = nil, outDir: String, threads: Int = 1, overwrite: Bool = false) {
        self.scenePath = scenePath
        self.mark = mark
        self.outDir = outDir
        self.threads = threads
        self.overwrite = overwrite
    }
}

public enum ProcessorOutputsRender {
    /// The JSON map (`outputs.json`).
    public struct Map: Codable, Sendable, Equatable {
        public struct Cabinet: Codable, Sendable, Equatable {
            public var column: Int
            public var row: Int
            /// The cabinet's top-left pixel on its surface's canvas, and in this output's image.
            public var canvasXY: [Int]
            public var imageXY: [Int]
            enum CodingKeys: String, CodingKey { case column, row, canvasXY = "canvas_xy", imageXY = "image_xy" }
        }

        public struct Output: Codable, Sendable, Equatable {
            public var processor: String
            public var port: Int
            public var surface: String
            public var file: String
            public var pixels: Int
            /// The image's place on the canvas: x, y, width, height in LED pixels.
            public var canvasRect: [Int]
            public var cabinetPixels: [Int]
            /// In chain order: the first is nearest the processor.
            public var cabinets: [Cabinet]
            enum CodingKeys: String, CodingKey {
                case processor, port, surface, file, pixels, canvasRect = "canvas_rect", cabinetPixels = "cabinet_pixels", cabinets
            }
        }

        public var scene: String
        public var outputs: [Output]
        /// LED surfaces no processor drives (not in any output).
        public var undriven: [String]
    }

    /// The map of a stage's outputs (files named PROCESSOR-portNN.png).
    public static func map(stage: Stage, scene: String) throws -> Map {
        let outputs: [ProcessorOutput]
        do { outputs = try stage.processorOutputs() } catch { throw JobError.input("\(scene): \(error.message)") }
        let driven = Set(stage.processors.flatMap(\.surfaces))
        // One slug per processor, never shared: two processors' ports must not write one file.
        var processors: [String] = []
        for o in outputs where !processors.contains(o.processor) { processors.append(o.processor) }
        let slugs = Dictionary(uniqueKeysWithValues: zip(processors, uniqueFileSlugs(processors, fallback: "processor")))
        func fileName(_ o: ProcessorOutput) -> String {
            slugs[o.processor, default: "processor"] + "-port" + (o.port < 10 ? "0" : "") + "\(o.port).png"
        }
        return Map(scene: scene, outputs: outputs.map { o in
            let b = o.bounds, cp = o.cabinetPixels
            return Map.Output(processor: o.processor, port: o.port, surface: o.surface, file: fileName(o), pixels: o.pixels,
                              canvasRect: [b.x, b.y, b.width, b.height], cabinetPixels: [cp.x, cp.y],
                              cabinets: o.cabinets.map { c in
                                  Map.Cabinet(column: c.column, row: c.row, canvasXY: [c.column * cp.x, c.row * cp.y],
                                              imageXY: [c.column * cp.x - b.x, c.row * cp.y - b.y])
                              })
        }, undriven: stage.ledSurfaces.map(\.name).filter { !driven.contains($0) })
    }

    /// One output's image: its rectangle of the canvas, the pixels of cabinets it does not carry transparent black.
    public static func image(_ o: Map.Output, canvas: RGBA8Image) -> RGBA8Image {
        let (w, h) = (o.canvasRect[2], o.canvasRect[3])
        var out = RGBA8Image(width: w, height: h, fill: (0, 0, 0, 0))
        let (cw, ch) = (o.cabinetPixels[0], o.cabinetPixels[1])
        for c in o.cabinets {
            for y in 0..<ch {
                let src = 4 * ((c.canvasXY[1] + y) * canvas.width + c.canvasXY[0])
                let dst = 4 * ((c.imageXY[1] + y) * w + c.imageXY[0])
                out.pixels.replaceSubrange(dst..<(dst + 4 * cw), with: canvas.pixels[src..<(src + 4 * cw)])
            }
        }
        return out
    }

    /// Renders each driven surface's canvas at its native resolution (the mark's or scene camera's frame) and writes
    /// every port's image and `outputs.json`; returns the paths written. Nothing is left half written on failure.
    public static func run(_ r: ProcessorOutputsRequest) throws -> [String] {
        let scene = try SceneFile.load(path: r.scenePath)
        guard !scene.stage.processors.isEmpty else {
            throw JobError.input("\(r.scenePath): the stage has no LED processors (stage.processors, Docs/scene-format.md)")
        }
        let m = try map(stage: scene.stage, scene: r.scenePath)
        let cam = try SceneCameras.shot(mark: r.mark, in: scene, file: r.scenePath, width: scene.render.width, height: scene.render.height)
        let renderer = try XRFrameRenderer(scene: scene, sceneFile: r.scenePath, threads: r.threads)
        let names = scene.stage.ledSurfaces.map(\.name)
        var canvases: [String: RGBA8Image] = [:]
        for s in Set(m.outputs.map(\.surface)).sorted() {
            let i = names.firstIndex(of: s)!
            canvases[s] = try renderer.render(.section(i), camera: cam, width: scene.render.width, height: scene.render.height)
        }
        var files: [(String, [UInt8])] = []
        for o in m.outputs {
            let img = image(o, canvas: canvases[o.surface]!)
            do { files.append((joinPath(r.outDir, o.file), try PNGCodec.encode(img, compression: .default))) } catch {
                throw JobError.input("\(o.file): PNG encoding failed: \(error)")
            }
        }
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        files.append((joinPath(r.outDir, "outputs.json"), Array(try enc.encode(m)) + [10]))
        var written: [String] = []
        for (path, bytes) in files {
            do {
                try AtomicFile.write(bytes, to: path, overwrite: r.overwrite)
                written.append(path)
            } catch {
                for p in written { try? FileManager.default.removeItem(atPath: p) }
                throw JobError.input("\(error)")
            }
        }
        return written
    }
}
