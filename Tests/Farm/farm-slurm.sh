#!/usr/bin/env bash
# farm-slurm.sh BINARY: `xrstudio farm slurm` on a real single-node Slurm. munged, slurmctld and slurmd run as
# root from a private folder (their own key, socket, config, StateSaveLocation, spool, logs and free ports), so
# nothing of the machine's own Slurm or munge is touched. The farm's generated job-array script renders 12 frames
# in 3 tasks; array task 1 is submitted a second time while its first run is still going (a retried task
# overlapping the original). Both runs must succeed, `farm verify` must find every frame good, and every frame
# must be bit-identical (cmp) to a one-machine render. Everything started here is stopped and the folder removed
# on any exit. Slurm that cannot start is a failure with its log, never a skip. Needs root (slurmd runs jobs as
# their user) and the Debian packages slurmctld, slurmd, slurm-client and munge (make farm-slurm installs them).
set -u
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
die() { echo "FAIL $1"; echo "$pass passed, $((fail + 1)) failed"; exit 1; }

[ "$(id -u)" = 0 ] || die "farm-slurm.sh runs slurmd and munged as root: run it as root"
for tool in munged mungekey slurmctld slurmd sbatch squeue scontrol; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] \
    || die "$tool is missing (make farm-slurm installs slurmctld, slurmd, slurm-client and munge)"
done
[ -x "$BIN" ] || die "no xrstudio binary at $BIN"
export PATH="$PATH:/usr/sbin"

T=$(mktemp -d "${TMPDIR:-/tmp}/xrslurm.XXXXXX")
chmod 755 "$T"
PIDS=()
cleanup() {
  # Jobs first (their slurmstepd children end with them), then the daemons, each by the pid started here.
  [ -n "${SLURM_CONF:-}" ] && scancel --quiet --full --signal=KILL -u root 2>/dev/null
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A port from a random base that nothing listens on (checked with bash's /dev/tcp).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + (RANDOM % 30000) ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo 0
}

# munge: a key made for this run, its own socket.
mkdir -p "$T/munge" && chmod 700 "$T/munge"
mungekey --create --keyfile="$T/munge/munge.key" 2>"$T/munge/mungekey.err" || die "mungekey failed: $(cat "$T/munge/mungekey.err")"
chmod 400 "$T/munge/munge.key"
munged --foreground --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.sock" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed" \
  2>"$T/munge/munged.err" &
PIDS+=($!)
for _ in $(seq 1 50); do [ -S "$T/munge/munge.sock" ] && break; sleep 0.1; done
[ -S "$T/munge/munge.sock" ] || die "munged did not start: $(cat "$T/munge/munged.err" "$T/munge/munged.log" 2>/dev/null | tail -5)"

# Slurm: one node (this host, 8 CPUs declared so every task can run at once), one partition.
HOST=$(hostname -s)
CTLD_PORT=$(free_port); SLURMD_PORT=$(free_port)
[ "$CTLD_PORT" != 0 ] && [ "$SLURMD_PORT" != 0 ] && [ "$CTLD_PORT" != "$SLURMD_PORT" ] || die "no free ports for Slurm"
# The output, log and working folders have spaces, '#' and Chinese in their names: #SBATCH lines must quote them
# (sbatch splits at spaces and ends a line at an unquoted '#').
OUT="$T/渲染 输出 #1"; LOGS="$T/日志 #目录"; WORK="$T/工作 目录"
mkdir -p "$T/state" "$T/spool" "$OUT" "$LOGS" "$WORK"
cat > "$T/slurm.conf" <<EOF
ClusterName=xrstudio-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$T/munge/munge.sock
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SlurmdParameters=config_overrides
ReturnToService=2
SchedulerParameters=sched_interval=1
MessageTimeout=10
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=8 RealMemory=1000 State=UNKNOWN
PartitionName=xr Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$T/slurm.conf"
slurmctld -D -i -f "$SLURM_CONF" 2>"$T/slurmctld.err" &
PIDS+=($!)
slurmd -D -N "$HOST" -f "$SLURM_CONF" 2>"$T/slurmd.err" &
PIDS+=($!)
started=
for _ in $(seq 1 150); do
  state=$(sinfo -h -N -n "$HOST" -o %t 2>/dev/null | head -1)
  case "$state" in idle*|mix*|alloc*) started=yes; break ;; esac
  sleep 0.2
done
[ -n "$started" ] || die "Slurm did not start (node state '${state:-none}'): $(tail -5 "$T/slurmctld.log" "$T/slurmd.log" "$T/slurmctld.err" "$T/slurmd.err" 2>/dev/null)"
ok "single-node Slurm up (node $HOST idle)"

# The reference: the same frames on one machine, no farm.
"$BIN" render "$SCENE" --take "$TAKE" --frames 0-11 --size 160x90 --out "$T/ref" --quiet 2>/dev/null \
  && ok "one-machine render of frames 0-11" || bad "one-machine render failed"

# A wrapper the tasks run instead of xrstudio: the first run of chunk 4-7 holds (up to 20 s) until the retried
# run of that chunk has started, so the two render the same frames at the same time; then both run xrstudio.
cat > "$T/xr-overlap" <<EOF
#!/usr/bin/env bash
case " \$* " in
  *" --frames 4-7 "*)
    if mkdir "$T/first-run" 2>/dev/null; then
      for _ in \$(seq 1 200); do [ -e "$T/retry-started" ] && break; sleep 0.1; done
      [ -e "$T/retry-started" ] && touch "$T/first-saw-retry"
    else
      touch "$T/retry-started"
    fi ;;
esac
exec "$BIN" "\$@"
EOF
chmod 755 "$T/xr-overlap"
PLAN=("$SCENE" --take "$TAKE" --frames 0-11 --chunk 4 --size 160x90 --out "$OUT")
(cd "$WORK" && "$BIN" farm slurm "${PLAN[@]}" --threads 1 --xrstudio "$T/xr-overlap" --log-dir "$LOGS" --script "$T/shot.sbatch") \
  && ok "farm slurm wrote the job-array script" || bad "farm slurm failed"

# Submit the array; once task 1 runs, submit task 1 again (a retry overlapping the first run).
first=$(cd "$T" && sbatch --parsable "$T/shot.sbatch" 2>"$T/sbatch1.err") || die "sbatch failed: $(cat "$T/sbatch1.err")"
first=${first%%;*}
running=
for _ in $(seq 1 200); do
  [ "$(squeue -h -j "${first}_1" -o %T 2>/dev/null)" = RUNNING ] && { running=yes; break; }
  sleep 0.05
done
[ -n "$running" ] && ok "array task 1 is running" || bad "array task 1 never ran"
again=$(cd "$T" && sbatch --parsable --array=1 "$T/shot.sbatch" 2>"$T/sbatch2.err") || bad "resubmitting task 1 failed: $(cat "$T/sbatch2.err")"
again=${again%%;*}
still=$(squeue -h -j "${first}_1" -o %T 2>/dev/null)
[ "$still" = RUNNING ] && ok "task 1 resubmitted while its first run is still going" \
  || bad "task 1's first run was no longer running at the resubmission (state '${still:-gone}')"
grep -q -- "--frames 4-7 " "$T/shot.sbatch" || bad "the script has no chunk 4-7 (the overlap wrapper expects one)"

# Wait for both jobs to leave the queue (at most 90 s), then read each task's exit code from slurmctld.
for _ in $(seq 1 450); do
  [ -z "$(squeue -h -j "$first,$again" -o %i 2>/dev/null)" ] && break
  sleep 0.2
done
[ -z "$(squeue -h -j "$first,$again" -o %i 2>/dev/null)" ] || bad "the jobs were still queued after 90 s"
for j in "${first}_0" "${first}_1" "${first}_2" "${again}_1"; do
  info=$(scontrol -o show job "$j" 2>/dev/null)
  st=$(sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' <<<"$info"); ex=$(sed -n 's/.* ExitCode=\([0-9:]*\).*/\1/p' <<<"$info")
  if [ "$st" = COMPLETED ] && [ "$ex" = 0:0 ]; then ok "task $j completed (exit 0)"
  else bad "task $j: state '${st:-unknown}', exit '${ex:-unknown}': $(cat "$LOGS"/*"${j}".out 2>/dev/null | tail -3)"; fi
done
[ -e "$T/first-saw-retry" ] && ok "the retried task 1 ran while the first run of task 1 was rendering" \
  || bad "the retried task 1 did not start while the first run waited for it"
if grep -l "refusing\|error" "$LOGS"/*.out >/dev/null 2>&1; then bad "a task log has an error: $(grep -h "refusing\|error" "$LOGS"/*.out | head -3)"
else ok "no task log has an error ($(ls "$LOGS" | wc -l) logs, in '$LOGS')"; fi

"$BIN" farm verify "${PLAN[@]}" > "$T/verify.out" 2>&1 && ok "farm verify: every frame good" \
  || bad "farm verify: $(tail -3 "$T/verify.out")"
same=0
for n in $(seq -f %04g 0 11); do cmp -s "$T/ref/frame.$n.png" "$OUT/frame.$n.png" && same=$((same + 1)); done
[ "$same" = 12 ] && ok "all 12 frames bit-identical to the one-machine render" || bad "$same of 12 frames identical to the one-machine render"
left=$(ls -A "$OUT" | grep '^\.' || true)
[ -z "$left" ] && ok "no temporary files left" || bad "temporary files left: $left"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
