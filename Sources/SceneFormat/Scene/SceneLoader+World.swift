// SceneLoader+World: the `world` section: objects from OBJ/glTF files or procedural primitives, placed by
// transforms (and repeated along a step), plus the sky colour and the world's origin.

import SceneModel
import Yams

extension Load {
    static let worldKeys = ["sky", "origin", "objects"]
    static let shapeKeys = ["box", "plane", "cylinder", "sphere", "extrude", "obj", "gltf"]
    static let objectKeys = ["name"] + shapeKeys + ["translate", "rotate", "scale", "color", "repeat"]
    static let transformKeys = ["translate", "rotate", "scale"]

    func world(_ node: Node) throws -> VirtualWorld {
        let f = try r.fields(node, "world", allowed: Self.worldKeys)
        var world = VirtualWorld()
        world.sky = try f.color("sky", default: world.sky)
        if let o = f["origin"] {
            let g = try r.fields(o, "origin", allowed: Self.transformKeys)
            world.origin = try transform(g)
        }
        var names: [String: Node] = [:]
        let items = try f["objects"].map { try r.list($0, "objects") } ?? []
        for (i, item) in items.enumerated() {
            let placed = try objects(item, "an object", index: i)
            try unique(placed.name, item, "world object", &names)
            world.objects += placed.objects
            guard world.objects.count <= SceneLoader.maxObjects else {
                throw r.error(item, "the world holds more than \(SceneLoader.maxObjects) objects")
            }
        }
        return world
    }

    func transform(_ f: Fields) throws -> Transform {
        var t = Transform()
        t.translate = try f.vec3("translate", default: t.translate)
        t.rotateDegrees = try f.vec3("rotate", default: t.rotateDegrees, -3600...3600)
        if let s = f["scale"] {
            // One number scales uniformly.
            if case .scalar = s {
                let k = try r.double(s, "scale", 0.0001...10000)
                t.scale = SIMD3(repeating: k)
            } else {
                t.scale = try r.vec3(s, "scale", 0.0001...10000)
            }
        }
        return t
    }

    /// One object entry (a world object or a prop), expanded by `repeat` into `count` copies `step` apart.
    func objects(_ node: Node, _ what: String, index: Int) throws -> (name: String, objects: [VirtualWorld.Object]) {
        let f = try r.fields(node, what, allowed: Self.objectKeys)
        let kind = what.split(separator: " ").last.map(String.init) ?? "object"
        let name = try f.string("name", default: "\(kind) \(index + 1)")
        let given = Self.shapeKeys.filter { f.has($0) }
        guard let shapeKey = given.first else {
            throw r.error(node, "\(kind) '\(name)' needs one shape: \(Self.shapeKeys.joined(separator: ", "))")
        }
        if given.count > 1 {
            throw r.error(f.keyNode(given[1]), "\(kind) '\(name)' has two shapes, '\(given[0])' and '\(given[1])'; give one")
        }
        let mesh = try meshSource(shapeKey, f[shapeKey]!)
        let base = VirtualWorld.Object(name: name, mesh: mesh, transform: try transform(f),
                                       color: try f.color("color", default: [0.8, 0.8, 0.8]))
        guard let rep = f["repeat"] else { return (name, [base]) }
        let g = try r.fields(rep, "repeat", allowed: ["count", "step"])
        let count = try r.int(g.required("count"), "count", 1...10_000)
        let step = try r.vec3(g.required("step"), "step")
        var out: [VirtualWorld.Object] = []
        for i in 0..<count {
            var o = base
            o.name = "\(name) \(i + 1)"
            o.transform.translate += step * Double(i)
            out.append(o)
        }
        return (name, out)
    }

    func meshSource(_ key: String, _ n: Node) throws -> MeshSource {
        switch key {
        case "obj", "gltf":
            let path = try r.string(n, key)
            let lower = path.lowercased()
            if key == "obj" && !lower.hasSuffix(".obj") {
                throw r.error(n, "'obj' must name a Wavefront .obj file, found '\(path)'")
            }
            if key == "gltf" && !(lower.hasSuffix(".gltf") || lower.hasSuffix(".glb")) {
                throw r.error(n, "'gltf' must name a .gltf or .glb file, found '\(path)'")
            }
            let tried = SceneLoader.resolve(path, sceneFile: sceneFile)
            guard fileExists(tried) else { throw r.error(n, "mesh file '\(path)' not found (tried \(tried))") }
            return key == "obj" ? .obj(path: path) : .gltf(path: path)
        case "box":
            return .primitive(.box(size: try r.vec3(n, "box", 0.001...10000)))
        case "plane":
            return .primitive(.plane(size: try r.vec2(n, "plane", 0.001...10000, unit: " m")))
        case "cylinder":
            let g = try r.fields(n, "a cylinder", allowed: ["radius", "height", "segments"])
            return .primitive(.cylinder(radius: try g.requiredDouble("radius", 0.001...10000, unit: " m"),
                                        height: try g.requiredDouble("height", 0.001...10000, unit: " m"),
                                        segments: try g.int("segments", 3...256, default: 24)))
        case "sphere":
            let g = try r.fields(n, "a sphere", allowed: ["radius", "segments", "rings"])
            return .primitive(.sphere(radius: try g.requiredDouble("radius", 0.001...10000, unit: " m"),
                                      segments: try g.int("segments", 3...256, default: 24),
                                      rings: try g.int("rings", 2...128, default: 12)))
        default:  // extrude
            let g = try r.fields(n, "an extrusion", allowed: ["points", "height"])
            let pn = try g.required("points")
            let items = try r.list(pn, "points", max: 1024)
            guard items.count >= 3 else {
                throw r.error(pn, "'points' must list at least 3 [x, z] corners, found \(items.count)")
            }
            let points = try items.map { try r.vec2($0, "points") }
            return .primitive(.extrusion(points: points, height: try g.requiredDouble("height", 0.001...10000, unit: " m")))
        }
    }
}
