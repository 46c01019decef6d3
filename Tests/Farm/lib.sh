# lib.sh: what the farm scripts share (sourced by farm-ssh.sh and farm-bench.sh): two sshd on 127.0.0.1 at free
# high ports, run as the current user (root or not), with host and client keys made for the run, as two "hosts".
#
# Sets BIN (absolute path of the binary given as $1), ROOT (the project), SCENE, TAKE, T (a private temporary
# folder), PORT_a and PORT_b, $T/ssh_config (the test key, no known-hosts file) and $T/hosts (an sshloginfile
# with the two logins, one job slot each); provides ok/bad counters and finish (the summary line and the exit
# status). Every sshd started here is stopped and T removed on any exit. A missing tool is a failure, not a skip.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; }

SSHD=$(command -v sshd || echo /usr/sbin/sshd)
for tool in ssh ssh-keygen parallel "$SSHD"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (make farm-tests installs openssh-server, openssh-client, parallel)"; echo "0 passed, 1 failed"; exit 1; }
done
[ -x "$BIN" ] || { echo "no xrstudio binary at $BIN"; echo "0 passed, 1 failed"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/xrfarm.XXXXXX")
chmod 755 "$T"
SSHD_PIDS=()
FARM_PID=
cleanup() {
  [ -n "$FARM_PID" ] && kill "$FARM_PID" 2>/dev/null
  for p in "${SSHD_PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${SSHD_PIDS[@]}"; do wait "$p" 2>/dev/null; done
  rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Keys: one host key for both servers, one client key the servers accept.
ssh-keygen -q -t ed25519 -N '' -f "$T/host_key" -C xrfarm-host
ssh-keygen -q -t ed25519 -N '' -f "$T/client_key" -C xrfarm-client
cp "$T/client_key.pub" "$T/authorized_keys"
chmod 600 "$T/authorized_keys" "$T/host_key" "$T/client_key"
ME=$(id -un)
# As root sshd separates privileges and needs its empty chroot folder (the service's start-up makes it).
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd && chmod 755 /run/sshd; fi
# Without PAM, sshd refuses keys for an account whose password is locked ('!' in /etc/shadow, readable by root
# only: for other users sshd cannot read it either and does not check); such a root logs in through PAM.
USEPAM=no
case "$(getent shadow "$ME" 2>/dev/null | cut -d: -f2)" in '!'*) USEPAM=yes ;; esac

# start_sshd NAME: an sshd in the foreground (backgrounded here) on the first free port from a random base.
start_sshd() {
  local name=$1 port try
  port=$(( 20000 + (RANDOM % 20000) ))
  for try in $(seq 1 20); do
    cat > "$T/sshd_$name.conf" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $T/host_key
AuthorizedKeysFile $T/authorized_keys
PidFile none
UsePAM $USEPAM
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $ME
MaxStartups 50
LogLevel INFO
EOF
    : > "$T/sshd_$name.log"
    "$SSHD" -D -e -f "$T/sshd_$name.conf" -E "$T/sshd_$name.log" &
    local pid=$!
    for _ in $(seq 1 50); do
      grep -q "Server listening" "$T/sshd_$name.log" 2>/dev/null && { SSHD_PIDS+=("$pid"); eval "PORT_$name=$port"; return 0; }
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    port=$((port + 1))
  done
  echo "sshd $name did not start; its log:"; cat "$T/sshd_$name.log"
  return 1
}
start_sshd a || { bad "sshd a starts"; finish; exit 1; }
start_sshd b || { bad "sshd b starts"; finish; exit 1; }
cat > "$T/ssh_config" <<EOF
Host *
  User $ME
  IdentityFile $T/client_key
  IdentitiesOnly yes
  UserKnownHostsFile /dev/null
  StrictHostKeyChecking no
  BatchMode yes
  ConnectTimeout 10
  LogLevel ERROR
EOF
# Two "hosts": ssh logins to loopback on the two ports, one job slot each.
printf '1/ssh -F %s -p %s 127.0.0.1\n1/ssh -F %s -p %s 127.0.0.1\n' "$T/ssh_config" "$PORT_a" "$T/ssh_config" "$PORT_b" > "$T/hosts"
if ssh -F "$T/ssh_config" -p "$PORT_a" 127.0.0.1 true && ssh -F "$T/ssh_config" -p "$PORT_b" 127.0.0.1 true; then
  ok "two sshd on 127.0.0.1:$PORT_a and :$PORT_b accept the test key (UsePAM $USEPAM, as $ME)"
else
  bad "ssh to the test sshd fails; logs:"; cat "$T"/sshd_*.log; finish; exit 1
fi

