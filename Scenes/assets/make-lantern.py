#!/usr/bin/env python3
"""Writes lantern.gltf: a hand-made red palace lantern (glTF 2.0, one embedded data: buffer).

Original geometry made by this script for xrstudio's sample scenes (CC0): a 12-sided barrel-shaped red body,
gold caps top and bottom and a gold tassel. Units are metres, Y up, the lantern's base at y = 0, 1.1 m tall.
Run `python3 make-lantern.py` here to regenerate; the output is deterministic.
"""
import base64, json, math, struct

SIDES = 12

def lathe(profile, sides):
    """Surface of revolution about Y; profile is [(radius, y)] from bottom to top. Returns positions, normals,
    indices (two triangles per quad; rings of radius 0 collapse to a point but keep the simple indexing)."""
    pos, nrm, idx = [], [], []
    for (r, y) in profile:
        for s in range(sides):
            a = 2 * math.pi * s / sides
            pos.append((r * math.sin(a), y, r * math.cos(a)))
            nrm.append((math.sin(a), 0.0, math.cos(a)))
    for ring in range(len(profile) - 1):
        for s in range(sides):
            a = ring * sides + s
            b = ring * sides + (s + 1) % sides
            c, d = a + sides, b + sides
            idx += [a, b, d, a, d, c]
    return pos, nrm, idx

def prism(r, y0, y1, sides):
    """A closed cylinder: sides plus fan caps."""
    pos, nrm, idx = lathe([(r, y0), (r, y1)], sides)
    for (y, ny) in ((y0, -1.0), (y1, 1.0)):
        base = len(pos)
        for s in range(sides):
            a = 2 * math.pi * s / sides
            pos.append((r * math.sin(a), y, r * math.cos(a)))
            nrm.append((0.0, ny, 0.0))
        for s in range(1, sides - 1):
            idx += [base, base + s, base + s + 1] if ny > 0 else [base, base + s + 1, base + s]
    return pos, nrm, idx

def merge(parts):
    pos, nrm, idx = [], [], []
    for p, n, i in parts:
        off = len(pos)
        pos += p; nrm += n; idx += [k + off for k in i]
    return pos, nrm, idx

body_profile = [(0.16, 0.30), (0.26, 0.40), (0.32, 0.55), (0.33, 0.65), (0.30, 0.80), (0.22, 0.90), (0.16, 0.95)]
body = lathe(body_profile, SIDES)
gold = merge([prism(0.17, 0.25, 0.30, SIDES), prism(0.17, 0.95, 1.02, SIDES), prism(0.03, 1.02, 1.10, 6),
              prism(0.02, 0.05, 0.25, 6), prism(0.05, 0.0, 0.05, 8)])

buf = bytearray()
views, accessors, prims = [], [], []
for material, (pos, nrm, idx) in enumerate((body, gold)):
    lo = [min(p[k] for p in pos) for k in range(3)]
    hi = [max(p[k] for p in pos) for k in range(3)]
    for data, fmt, target in ((pos, "fff", 34962), (nrm, "fff", 34962)):
        views.append({"buffer": 0, "byteOffset": len(buf), "byteLength": 12 * len(data), "target": target})
        for v in data:
            buf += struct.pack("<" + fmt, *v)
    accessors.append({"bufferView": len(views) - 2, "componentType": 5126, "count": len(pos), "type": "VEC3",
                      "min": [round(x, 6) for x in lo], "max": [round(x, 6) for x in hi]})
    accessors.append({"bufferView": len(views) - 1, "componentType": 5126, "count": len(nrm), "type": "VEC3"})
    views.append({"buffer": 0, "byteOffset": len(buf), "byteLength": 2 * len(idx), "target": 34963})
    for i in idx:
        buf += struct.pack("<H", i)
    while len(buf) % 4:
        buf += b"\0"
    accessors.append({"bufferView": len(views) - 1, "componentType": 5123, "count": len(idx), "type": "SCALAR"})
    n = len(accessors)
    prims.append({"attributes": {"POSITION": n - 3, "NORMAL": n - 2}, "indices": n - 1, "material": material})

doc = {
    "asset": {"version": "2.0", "generator": "xrstudio Scenes/assets/make-lantern.py (hand-made, CC0)"},
    "scene": 0,
    "scenes": [{"name": "lantern", "nodes": [0]}],
    "nodes": [{"name": "palace lantern", "mesh": 0}],
    "meshes": [{"name": "lantern", "primitives": prims}],
    "materials": [
        {"name": "lantern red silk", "pbrMetallicRoughness": {"baseColorFactor": [0.78, 0.06, 0.05, 1], "metallicFactor": 0,
                                                               "roughnessFactor": 0.8},
         "emissiveFactor": [0.5, 0.08, 0.02]},
        {"name": "gilded wood", "pbrMetallicRoughness": {"baseColorFactor": [0.85, 0.62, 0.18, 1], "metallicFactor": 0.6,
                                                          "roughnessFactor": 0.4}},
    ],
    "accessors": accessors,
    "bufferViews": views,
    "buffers": [{"byteLength": len(buf),
                 "uri": "data:application/octet-stream;base64," + base64.b64encode(bytes(buf)).decode()}],
}
with open("lantern.gltf", "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print("lantern.gltf:", sum(len(p[2]) // 3 for p in (body, gold)), "triangles,", len(buf), "buffer bytes")
