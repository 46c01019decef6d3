#!/usr/bin/env bash
# Runs the libFuzzer harnesses (Tests/Fuzz/Harness) for SECONDS each: `make fuzz` (60 s) and `make fuzz-smoke`
# (10 s, part of `make test`). Usage: fuzz.sh BINARY SECONDS TARGET...
#
# Each target's corpus is .build-fuzz/corpus/TARGET (kept between runs, so coverage builds up), seeded from
# Tests/Fuzz/seeds/TARGET, the project's Scenes/ and Tests/Fixtures/, and ../shared/assets when that folder is
# there (read in place, never copied: its licences differ). Memory is capped with -rss_limit_mb (4 GB), each
# input with -timeout. A crash, leak, timeout or OOM fails the run, naming the target and the reproducer; the
# log is .build-fuzz/logs/TARGET.log. One summary line a target: executions, cov and ft (libFuzzer's final figures).
set -u
cd "$(dirname "$0")/../.."
bin=$1; seconds=$2; shift 2
out=${FUZZ_OUT:-.build-fuzz}
shared=../shared/assets
rss_mb=${FUZZ_RSS_MB:-4096}
timeout_s=${FUZZ_TIMEOUT:-20}
# FUZZ_RUNS caps executions as well (the long campaign: 10 million or the time, whichever comes first).
runs=()
if [ -n "${FUZZ_RUNS:-}" ]; then runs=(-runs="$FUZZ_RUNS"); fi
mkdir -p "$out/logs" "$out/crashes" "$out/seeds"
if [ ! -d "$shared" ]; then
  echo "fuzz: note: $shared is absent; seeding from Scenes/, Tests/Fixtures/ and Tests/Fuzz/seeds/ only"
fi

# The seed files of a target: project files by relative path, then ../shared/assets where present.
seeds() {
  local t=$1
  case $t in
    obj)   ls Tests/Fixtures/obj/*.obj; ls "$shared"/obj-*/*.obj 2>/dev/null ;;
    mtl)   ls "$shared"/obj-*/*.mtl 2>/dev/null ;;
    gltf)  ls Scenes/assets/*.gltf; ls "$shared"/gltf-*/*.gltf 2>/dev/null ;;
    glb)   ls "$shared"/*/*.glb 2>/dev/null ;;
    scene) ls Scenes/*.yaml Tests/Fixtures/yaml/*.yaml ;;
    ndisplay) ls Tests/Fixtures/ndisplay/*.ndisplay ;;
    csv)   ls Scenes/takes/*.csv Tests/Fixtures/takes/*.csv ;;
    otio-json|otio-jsonl) ls Tests/Fixtures/takes/*.jsonl; ls ../shared/samples/opentrackio/*.json* 2>/dev/null ;;
    png)   ls "$shared"/*/*.png 2>/dev/null ;;
    jpeg)  ls "$shared"/*/*.jpg 2>/dev/null ;;
  esac
  ls Tests/Fuzz/seeds/"$t"/* 2>/dev/null
}

status=0
for t in "$@"; do
  corpus=$out/corpus/$t; seeddir=$out/seeds/$t
  mkdir -p "$corpus"; rm -rf "$seeddir"; mkdir -p "$seeddir"
  if [ "$t" = resample ]; then
    # The resampler's input is two header bytes (rate, interpolation, gap) then a CSV take or binary samples.
    for f in Scenes/takes/*.csv Tests/Fixtures/takes/*.csv; do
      { printf '\x04\x00'; cat "$f"; } > "$seeddir/csv-$(basename "$f")"
    done
  fi
  for f in $(seeds "$t"); do cp "$f" "$seeddir/"; done
  dict=()
  case $t in
    obj|mtl|gltf|scene|ndisplay|csv) dict=(-dict=Tests/Fuzz/dict/$t.dict) ;;
    glb) dict=(-dict=Tests/Fuzz/dict/gltf.dict) ;;
    otio-json|otio-jsonl) dict=(-dict=Tests/Fuzz/dict/otio.dict) ;;
    resample) dict=(-dict=Tests/Fuzz/dict/csv.dict) ;;
  esac
  # Longest input: big enough for the seeds that matter, small enough that each run tries many inputs.
  case $t in
    glb) max_len=131072 ;; gltf|png|jpeg) max_len=65536 ;; obj|scene|ndisplay) max_len=16384 ;; freed) max_len=4096 ;; *) max_len=8192 ;;
  esac
  log=$out/logs/$t.log
  started=$(date +%s)
  rm -f "$out/crashes/$t-"*
  XRFUZZ_TARGET=$t "$bin" "$corpus" "$seeddir" "${dict[@]}" -max_total_time="$seconds" -rss_limit_mb="$rss_mb" \
    -malloc_limit_mb="$rss_mb" -timeout="$timeout_s" -max_len="$max_len" -print_final_stats=1 "${runs[@]}" \
    -artifact_prefix="$out/crashes/$t-" >"$log" 2>&1
  rc=$?
  execs=$(grep -a -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
  last=$(grep -a -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1)
  cov=$(echo "$last" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*'); ft=$(echo "$last" | grep -o 'ft: [0-9]*' | grep -o '[0-9]*')
  corp=$(echo "$last" | grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' | cut -d' ' -f2)
  took=$(( $(date +%s) - started ))
  printf 'fuzz: %-10s %4ss  execs %-9s cov %-5s ft %-6s corpus %s\n' "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [ $rc -ne 0 ]; then
    repro=$(ls "$out/crashes/$t-"* 2>/dev/null | head -1)
    what=$(grep -a -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer): [^ ]+|ERROR: libFuzzer: [a-z-]+( after [0-9]+ seconds)?|Fatal error: .*' "$log")
    echo "fuzz: FAILED $t (exit $rc): ${what:-see $log}" >&2
    echo "fuzz:   reproducer: ${repro:-none written}; log: $log" >&2
    echo "fuzz:   replay: XRFUZZ_TARGET=$t $bin ${repro:-FILE}" >&2
    status=1
  fi
done
exit $status
