#!/usr/bin/env python3
"""Measures glref (llvmpipe) on the benchmark meshes for the README's tables, on a shared, noisy host.

    Tests/OSMesaReference/measure-llvmpipe.py [--reps N] [--configs "A;B;..."] [--meshes a,b] [-- EXTRA...]

Defaults: 3 repetitions of sphere, stage, terrain and an "empty" frame (clear + one tiny triangle) with
--threads 1, --lp-threads 1 and --threads 2, 30 frames at 1920x1080, the cameras of bench-compare.sh.
EXTRA arguments (e.g. -- --cull back) are passed to every glref run.

Before each run it waits until the machine has been idle for 2 s; after it, the CPU time the rest of the
machine used during the run ("background", from /proc/stat minus this run's own CPU time) is computed and the
run is repeated (up to 8 times) when it exceeds 0.10 CPUs. Rejected runs are printed as comments. Build the
tools and the meshes first (bench-compare.sh does both).
"""
import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GLREF = os.path.join(HERE, 'build', 'glref')
MESHES = os.path.join(ROOT, '.build', 'bench-meshes')
CAMERAS = {  # keep in sync with camera_for() in bench-compare.sh
    'sphere': '--camera 0,1.5,4.9 --look-at 0,0,0 --fov-y 45',
    'stage': '--camera 0,1.7,1.5 --look-at 0,2.6,-6 --fov-y 60',
    'terrain': '--camera 0,60,95 --look-at 0,0,0 --fov-y 50',
    'empty': '--camera 0,0,5 --look-at 0,0,0 --fov-y 45',
}
TICK = os.sysconf('SC_CLK_TCK')


def busy_ticks():
    """(busy, idle) jiffies of the whole machine."""
    f = [int(x) for x in open('/proc/stat').readline().split()[1:]]
    return sum(f[:3]) + sum(f[5:8]), f[3] + f[4]


def wait_idle(threshold=0.05, window=2.0):
    while True:
        b1, _ = busy_ticks()
        time.sleep(window)
        b2, _ = busy_ticks()
        if (b2 - b1) / TICK / window <= threshold:
            return
        time.sleep(3)


def run(args):
    """Runs one glref command; returns (stdout, last stderr line, background CPUs during the run)."""
    wait_idle()
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    b1, _ = busy_ticks()
    t0 = time.time()
    p = subprocess.run(args, capture_output=True, text=True)
    t1 = time.time()
    b2, _ = busy_ticks()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    background = ((b2 - b1) / TICK - own) / (t1 - t0)
    err = p.stderr.strip().splitlines()
    return p.stdout.strip() or f'FAILED (exit {p.returncode})', err[-1] if err else '', background


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--configs', default='--threads 1;--lp-threads 1;--threads 2')
    ap.add_argument('--meshes', default='sphere,stage,terrain,empty')
    ap.add_argument('extra', nargs='*')
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, 'empty.obj')
        with open(empty, 'w') as f:
            f.write('v 0 0 0\nv 0.01 0 0\nv 0 0.01 0\nf 1 2 3\n')
        print(f'# {time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())} glref {" ".join(a.extra)}', flush=True)
        for rep in range(a.reps):
            for mesh in a.meshes.split(','):
                path = empty if mesh == 'empty' else os.path.join(MESHES, mesh + '.obj')
                for config in a.configs.split(';'):
                    cmd = [GLREF, 'bench', path, *CAMERAS[mesh].split(), '--size', '1920x1080', '--frames', '30',
                           *config.split(), *a.extra]
                    for _ in range(8):
                        out, err, bg = run(cmd)
                        if bg <= 0.10:
                            break
                        print(f'# rejected (background {bg:.2f} CPUs): {mesh} {config} | {out}', flush=True)
                    threads = err.split('; ')[-1]
                    print(f'rep={rep + 1} mesh={mesh} {config} | {out} | background={bg:.2f} CPUs | {threads}',
                          flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
