#!/usr/bin/env python3
"""texture-psnr.py: llvmpipe's trilinear filter on TextureFilterGoldenTests' grazing checkerboard floor, scored
against the same 64-sample reference as xrstudio's filters.

    python3 Tests/OSMesaReference/texture-psnr.py Tests/OSMesaReference/build/glref [IMAGE.png ...]

Writes the test's floor as an OBJ (10 x 10 quads over x -10...10, z -7...3, u = x, v = z), renders it with glref
(`--checker-texture 256 --checker-cell 32 --checker-codes 210,120 --checker-unlit`: an sRGB texture with
glGenerateMipmap's chain, GL_LINEAR_MIPMAP_LINEAR, GL_REPEAT, the texel alone) from the test's camera (1 m up,
20 degrees down, 50 degrees vertical field of view, 256 x 144), and prints the PSNR of the red channel against the
reference for that frame and for each IMAGE (default: the test's two golden frames, trilinear and anisotropic).

The reference is computed here again, independently of the Swift test: 8 x 8 rays per pixel meet the floor plane
in double precision, the base-level texel there is read analytically, the 64 values are averaged in linear light
and encoded with the exact sRGB curve. glref clears to clay's dark background where the test clears to the
checker's mean, so the scores that compare the two renderers count only the pixels wholly on the floor.
Standard library only (the reference takes a few seconds in plain Python).
"""
import importlib.util
import math
import os
import struct
import subprocess
import sys
import tempfile

W, H = 256, 144
FOV_Y = 50.0
PITCH = math.radians(-20.0)
TEXELS, CELL = 256, 32
CODES = (120, 210)  # the odd cells' and the even cells' sRGB codes
EYE_Y = 1.0


def decode(e):
    return e / 12.92 if e <= 0.04045 else ((e + 0.055) / 1.055) ** 2.4


def encode(v):
    return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def reference():
    """(codes, wholly_on_floor): the 64-sample reference's red codes and which pixels all 64 rays put on the floor."""
    white, black = decode(CODES[1] / 255), decode(CODES[0] / 255)
    clear = (white + black) / 2
    th = math.tan(math.radians(FOV_Y) / 2)
    aspect = W / H
    fwd = (0.0, math.sin(PITCH), -math.cos(PITCH))
    up = (0.0, math.cos(PITCH), math.sin(PITCH))
    ref, full = [], []
    for py in range(H):
        for px in range(W):
            total, hits = 0.0, 0
            for sy in range(8):
                y = 1 - (py + (sy + 0.5) / 8) / H * 2
                for sx in range(8):
                    x = (px + (sx + 0.5) / 8) / W * 2 - 1
                    dx = x * th * aspect
                    dy = fwd[1] + up[1] * y * th
                    dz = fwd[2] + up[2] * y * th
                    t = -EYE_Y / dy if dy < 0 else -1.0
                    hx, hz = dx * t, dz * t
                    if t > 0 and -10 <= hx <= 10 and -7 <= hz <= 3:
                        tx = math.floor(hx * TEXELS) % TEXELS
                        ty = math.floor(hz * TEXELS) % TEXELS
                        total += white if (tx // CELL + ty // CELL) % 2 == 0 else black
                        hits += 1
                    else:
                        total += clear
            ref.append(round(encode(total / 64) * 255))
            full.append(hits == 64)
    return ref, full


def read_png_red(path):
    """The red channel of an 8-bit RGB or RGBA PNG, row by row, read by the project's independent reader
    (Tests/PNG/png-decode.py: Python's zlib and the spec's unfiltering)."""
    spec = importlib.util.spec_from_file_location(
        "png_decode", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "PNG", "png-decode.py"))
    reader = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reader)
    data = open(path, "rb").read()
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    if (width, height) != (W, H) or depth != 8 or colour not in (2, 6):
        sys.exit(f"texture-psnr: {path}: expected an 8-bit RGB or RGBA PNG of {W}x{H}")
    return list(reader.decode(data)[0::3 if colour == 2 else 4])


def psnr(img, ref, mask=None):
    pairs = [(a, b) for k, (a, b) in enumerate(zip(img, ref)) if mask is None or mask[k]]
    mse = sum((a - b) ** 2 for a, b in pairs) / len(pairs)
    return 10 * math.log10(255 * 255 / max(mse, 1e-12))


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        usage = __doc__.strip().split("\n\n")[1]
        print(usage, file=sys.stdout if len(sys.argv) > 1 else sys.stderr)
        sys.exit(0 if len(sys.argv) > 1 else 2)
    glref = sys.argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    golden = os.path.join(here, "..", "Golden", "textures")
    images = sys.argv[2:] or [os.path.join(golden, "checker-grazing.png"),
                              os.path.join(golden, "checker-grazing-anisotropic.png")]
    with tempfile.TemporaryDirectory() as tmp:
        obj, out = os.path.join(tmp, "floor.obj"), os.path.join(tmp, "llvmpipe-trilinear.png")
        n, lines = 10, []
        grid = [(-10 + 20 * i / n, -7 + 10 * j / n) for j in range(n + 1) for i in range(n + 1)]
        lines += [f"v {x} 0 {z}" for x, z in grid]
        lines += [f"vt {x} {1 - z}" for x, z in grid]  # glref flips v as xrstudio's OBJ importer does: t = z
        for j in range(n):
            for i in range(n):
                a = j * (n + 1) + i + 1
                b, c = a + 1, a + n + 1
                lines += [f"f {a}/{a} {c}/{c} {c + 1}/{c + 1}", f"f {a}/{a} {c + 1}/{c + 1} {b}/{b}"]
        open(obj, "w").write("\n".join(lines) + "\n")
        look = f"0,{EYE_Y + math.sin(PITCH):.9f},{-math.cos(PITCH):.9f}"
        subprocess.run([glref, "render", obj, "--camera", f"0,{EYE_Y},0", "--look-at", look, "--fov-y", str(FOV_Y),
                        "--near", "0.05", "--far", "5000", "--size", f"{W}x{H}", "--checker-texture", str(TEXELS),
                        "--checker-cell", str(CELL), "--checker-codes", f"{CODES[1]},{CODES[0]}", "--checker-unlit",
                        "--cull", "none", "--out", out], check=True)
        llvmpipe = read_png_red(out)
    ref, full = reference()
    print(f"pixels wholly on the floor: {sum(full)} of {W * H}")
    print(f"{'image':44} {'whole floor':>12} {'every pixel':>12}")
    name = "llvmpipe GL_LINEAR_MIPMAP_LINEAR (glref)"
    print(f"{name:44} {psnr(llvmpipe, ref, full):9.2f} dB {'(clear differs)':>15}")
    for path in images:
        img = read_png_red(path)
        print(f"{os.path.basename(path):44} {psnr(img, ref, full):9.2f} dB {psnr(img, ref):9.2f} dB")


if __name__ == "__main__":
    main()
