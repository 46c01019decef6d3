#!/usr/bin/python3
"""The independent reference for xrstudio's lens model: world points through a tracked camera with an entrance
pupil offset and Brown-Conrady distortion, projected by OpenCV's cv2.projectPoints (Debian python3-opencv).

Reads JSON on stdin: {"position": [x,y,z] (tracked sensor position, scene axes: right-handed, Y up),
"pan", "tilt", "roll" (degrees, Docs/takes.md: R = Ry(-pan) Rx(tilt) Rz(-roll) on a camera looking down -Z),
"pupil_m", "focal_mm", "sensor_width_mm", "width", "height", "k1", "k2", "k3", "p1", "p2", "points": [[x,y,z], ...]}
and prints {"pixels": [[u, v], ...]} (u right, v down, from the image's top-left corner)."""
import json, math, sys
import numpy as np
import cv2

q = json.load(sys.stdin)

def rx(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])

def ry(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, 0, s], [0, 1, 0], [-s, 0, c]])

def rz(a):
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])

d = math.radians
# Camera (scene's camera space: x right, y up, -z forward) to world.
R = ry(d(-q["pan"])) @ rx(d(q["tilt"])) @ rz(d(-q["roll"]))
forward = R @ np.array([0, 0, -1.0])
apex = np.array(q["position"], dtype=float) + forward * q["pupil_m"]
# OpenCV's camera axes: x right, y down, z forward = the scene camera's (x, -y, -z).
flip = np.diag([1.0, -1.0, -1.0])
R_cv = flip @ R.T                      # world -> OpenCV camera
t_cv = -R_cv @ apex
rvec, _ = cv2.Rodrigues(R_cv)
fx = q["width"] * q["focal_mm"] / q["sensor_width_mm"]   # square photosites: fy = fx
K = np.array([[fx, 0, q["width"] / 2], [0, fx, q["height"] / 2], [0, 0, 1.0]])
dist = np.array([q["k1"], q["k2"], q["p1"], q["p2"], q["k3"]])
pts = np.array(q["points"], dtype=float).reshape(-1, 1, 3)
img, _ = cv2.projectPoints(pts, rvec, t_cv, K, dist)
json.dump({"pixels": img.reshape(-1, 2).tolist()}, sys.stdout)
