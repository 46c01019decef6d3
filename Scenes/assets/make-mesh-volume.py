#!/usr/bin/env python3
"""Writes mesh-volume.obj: a 160-degree LED volume of radius 6 m, 4 m tall, as a disguise-style mesh screen: 48 flat
segments (chords) facing the axis at the origin, UVs laid across (u with the angle, v = 1 at the top). Deterministic;
run from this folder."""
import math

R, H, SPAN, N = 6.0, 4.0, math.radians(160), 48
start = -SPAN / 2
lines = ["# mesh-volume.obj: made by make-mesh-volume.py (CC0). 160 deg, r 6 m, 4 m tall, 48 segments."]
for i in range(N + 1):
    a = start + SPAN * i / N
    x, z = R * math.sin(a), -R * math.cos(a)
    lines += [f"v {x:.6f} 0 {z:.6f}", f"v {x:.6f} {H} {z:.6f}"]
for i in range(N + 1):
    lines += [f"vt {i / N:.6f} 0", f"vt {i / N:.6f} 1"]
for i in range(N):
    b = 2 * i + 1
    lines.append(f"f {b}/{b} {b + 2}/{b + 2} {b + 3}/{b + 3} {b + 1}/{b + 1}")
open("mesh-volume.obj", "w").write("\n".join(lines) + "\n")
