#!/usr/bin/env bash
# bench-compare.sh - xrstudio's rasterizer against Mesa llvmpipe (glref) on the three benchmark meshes.
#
#   Tests/OSMesaReference/bench-compare.sh PATH/TO/xrstudio [--frames N]    benchmark (default N = 30)
#   Tests/OSMesaReference/bench-compare.sh PATH/TO/xrstudio --coverage      triangle-id coverage comparison
#
# Builds glref, genmesh and idcompare (Tests/OSMesaReference/build/), generates the meshes into
# .build/bench-meshes/ when they are missing, then for sphere, stage, terrain and plane at 1920x1080:
#   benchmark: runs `xrstudio bench` and `glref bench` with the same camera, --frames N and --threads 1 and 2,
#              prints both result lines and a summary table (ratio = xrstudio median / llvmpipe median);
#              the clay look on every mesh, then the flat look (`--shading flat`: one colour, no lighting;
#              glref draws it with fixed-function GL) on the stage: fill rate without lighting; then the floor
#              (plane) in clay and in clay x a 256-texel trilinear checker (`--checker-texture 256`, sRGB,
#              mip-mapped, both sides): textured against untextured shading;
#   --coverage: renders both with --shading id and compares them with idcompare (diff images and logs go
#              to .build/bench-compare/).
# A failing run is reported in its row and the script goes on; the exit status is then 1. Differing pixels
# in --coverage mode are reported, not treated as failures (transforms evaluated in a different order move
# vertices by a few ulps, which flips isolated edge pixels).
set -u

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD="$HERE/build"
MESHES="$ROOT/.build/bench-meshes"
OUT="$ROOT/.build/bench-compare"
SIZE=1920x1080
MESH_NAMES=(sphere stage terrain plane)
# Benchmark rows: mesh and look (the flat row measures fill rate without lighting; `textured` is clay x the
# checker).
ROWS=(sphere:clay stage:clay terrain:clay stage:flat plane:clay plane:textured)
THREADS=(1 2)
TIMEOUT_S=900  # per run; a hung renderer must not block `make bench-compare` forever

# Fixed cameras (gluLookAt eye / center, gluPerspective fov-y; default up 0,1,0, near 0.1, far 1000):
#   sphere:  the unit sphere seen from 5.1 m, slightly from above: it fills about half the frame height;
#   stage:   inside the LED volume at eye height (1.7 m), 1.5 m in front of the arc's centre, looking at the
#            middle of the curved wall: wall, ceiling section, floor and props fill the whole frame;
#   terrain: an oblique view from 60 m up and 95 m back: the whole 100 m heightfield (about 0.77 Mpx covered,
#            roughly one pixel per triangle);
#   plane:   the 200 m floor from 2 m up looking down and ahead: it fills the frame, magnified near the
#            camera and minified towards the top (the floor of `make bench`).
camera_for() {
    case "$1" in
        sphere) echo "--camera 0,1.5,4.9 --look-at 0,0,0 --fov-y 45" ;;
        stage) echo "--camera 0,1.7,1.5 --look-at 0,2.6,-6 --fov-y 60" ;;
        terrain) echo "--camera 0,60,95 --look-at 0,0,0 --fov-y 50" ;;
        plane) echo "--camera 0,2,0 --look-at 0,0,-3 --fov-y 60" ;;
    esac
}

usage() {
    echo "usage: $0 PATH/TO/xrstudio [--frames N] [--coverage]" >&2
    exit 2
}

# ---- arguments ----
[ $# -ge 1 ] || usage
case "$1" in -h | --help) usage ;; esac
XR=$1
shift
FRAMES=30
COVERAGE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --frames)
            [ $# -ge 2 ] || usage
            FRAMES=$2
            shift 2
            ;;
        --coverage)
            COVERAGE=1
            shift
            ;;
        *) usage ;;
    esac
done
case "$FRAMES" in '' | *[!0-9]* | 0) echo "bench-compare: --frames needs a positive integer" >&2; exit 2 ;; esac
case "$XR" in /*) ;; *) XR="$PWD/$XR" ;; esac
if [ ! -x "$XR" ]; then
    echo "bench-compare: $XR is not an executable (build xrstudio first)" >&2
    exit 2
fi

# ---- tools and meshes ----
make -s -C "$HERE" || { echo "bench-compare: building the C reference tools failed" >&2; exit 2; }
mkdir -p "$MESHES" "$OUT"
for m in "${MESH_NAMES[@]}"; do
    if [ ! -s "$MESHES/$m.obj" ]; then
        # Write to a temporary name first so an interrupted run never leaves a truncated mesh behind.
        "$BUILD/genmesh" "$m" "$MESHES/$m.obj.tmp" && mv "$MESHES/$m.obj.tmp" "$MESHES/$m.obj" ||
            { echo "bench-compare: generating $m failed" >&2; exit 2; }
    fi
done

if command -v timeout >/dev/null 2>&1; then
    RUN=(timeout "$TIMEOUT_S")
else
    RUN=()
fi

# Runs a bench command, stdout to $1, stderr to $2. Prints the result line and returns its median in $MEDIAN
# (empty on failure).
MEDIAN=
run_bench() {
    local out=$1 err=$2 label=$3
    shift 3
    MEDIAN=
    "${RUN[@]}" "$@" >"$out" 2>"$err"
    local rc=$? line
    if [ "$rc" = 0 ]; then
        line=$(grep -m1 '^bench ' "$out")
        MEDIAN=$(sed -n 's/.* median_ms=\([0-9.]*\).*/\1/p' <<<"$line")
        if [ -n "$MEDIAN" ]; then
            printf '  %-9s %s\n' "$label:" "$line"
            return 0
        fi
    fi
    printf '  %-9s failed (exit %s), last lines of %s:\n' "$label:" "$rc" "$err"
    tail -n 3 "$err" | sed 's/^/      /'
    return 1
}

# The value of `key=N` in the line $1.
field() { grep -o "\b$2=[0-9]*" <<<"$1" | head -n 1 | cut -d= -f2; }

status=0

if [ "$COVERAGE" = 0 ]; then
    rows=()
    for row in "${ROWS[@]}"; do
        m=${row%%:*}
        look=${row#*:}
        read -r -a cam <<<"$(camera_for "$m")"
        label=$m
        [ "$look" = clay ] || label="$m-$look"
        for t in "${THREADS[@]}"; do
            echo "$label, --threads $t:"
            case "$look" in
                textured) shading=(--shading clay --checker-texture 256) ;;
                *) shading=(--shading "$look") ;;
            esac
            args=(bench "$MESHES/$m.obj" "${cam[@]}" --size "$SIZE" --frames "$FRAMES" --threads "$t" "${shading[@]}")
            xr_ms=
            gl_ms=
            if run_bench "$OUT/$label-t$t.xrstudio.out" "$OUT/$label-t$t.xrstudio.log" xrstudio "$XR" "${args[@]}"; then
                xr_ms=$MEDIAN
            else
                status=1
            fi
            if run_bench "$OUT/$label-t$t.glref.out" "$OUT/$label-t$t.glref.log" llvmpipe "$BUILD/glref" "${args[@]}"; then
                gl_ms=$MEDIAN
            else
                status=1
            fi
            if [ -z "$xr_ms" ]; then
                rows+=("$(printf '%-15s %7s  %-15s %12s  %s' "$label" "$t" "xrstudio failed" "${gl_ms:-glref failed}" "-")")
            elif [ -z "$gl_ms" ]; then
                rows+=("$(printf '%-15s %7s  %15s %12s  %s' "$label" "$t" "$xr_ms" "glref failed" "-")")
            else
                ratio=$(awk -v a="$xr_ms" -v b="$gl_ms" 'BEGIN { printf "%.2f", a / b }')
                rows+=("$(printf '%-15s %7s  %15s %12s  %5s' "$label" "$t" "$xr_ms" "$gl_ms" "$ratio")")
            fi
        done
    done
    echo
    echo "summary: $SIZE, median of $FRAMES frames (ms); ratio = xrstudio / llvmpipe (< 1: xrstudio faster)"
    printf '%-15s %7s  %15s %12s  %5s\n' mesh threads xrstudio_ms llvmpipe_ms ratio
    printf '%s\n' "${rows[@]}"
else
    rows=()
    for m in "${MESH_NAMES[@]}"; do
        read -r -a cam <<<"$(camera_for "$m")"
        echo "$m:"
        args=(render "$MESHES/$m.obj" "${cam[@]}" --size "$SIZE" --shading id)
        a="$OUT/$m.xrstudio-id.png"
        b="$OUT/$m.llvmpipe-id.png"
        ok=1
        if ! "${RUN[@]}" "$XR" "${args[@]}" --out "$a" >"$OUT/$m.xrstudio-render.log" 2>&1; then
            echo "  xrstudio failed, last lines of $OUT/$m.xrstudio-render.log:"
            tail -n 3 "$OUT/$m.xrstudio-render.log" | sed 's/^/      /'
            rows+=("$(printf '%-8s %s' "$m" "xrstudio failed")")
            ok=0
            status=1
        fi
        if ! "${RUN[@]}" "$BUILD/glref" "${args[@]}" --out "$b" >"$OUT/$m.glref-render.log" 2>&1; then
            echo "  glref failed, last lines of $OUT/$m.glref-render.log:"
            tail -n 3 "$OUT/$m.glref-render.log" | sed 's/^/      /'
            [ "$ok" = 1 ] && rows+=("$(printf '%-8s %s' "$m" "glref failed")")
            ok=0
            status=1
        fi
        [ "$ok" = 1 ] || continue
        cmp_out=$("$BUILD/idcompare" "$a" "$b" --diff "$OUT/$m.id-diff.png")
        rc=$?
        sed 's/^/  /' <<<"$cmp_out"
        if [ "$rc" -gt 1 ]; then
            rows+=("$(printf '%-8s %s' "$m" "idcompare failed")")
            status=1
            continue
        fi
        line=$(head -n 1 <<<"$cmp_out")
        rows+=("$(printf '%-8s %9s %9s %15s %15s %14s' "$m" "$(field "$line" pixels)" "$(field "$line" differ)" \
            "$(field "$line" coverage_only_a)" "$(field "$line" coverage_only_b)" "$(field "$line" other_triangle)")")
    done
    echo
    echo "summary: triangle ids at $SIZE, A = xrstudio, B = llvmpipe; diff images in $OUT/*.id-diff.png"
    printf '%-8s %9s %9s %15s %15s %14s\n' mesh pixels differ xrstudio_only llvmpipe_only other_triangle
    printf '%s\n' "${rows[@]}"
fi
exit "$status"
