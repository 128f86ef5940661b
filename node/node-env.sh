#!/bin/bash
# node-env.sh — the real environment of one Orchestrator worker node on this machine:
# an isolated containerd (CRI) with runc, a CNI bridge, locally built images and a
# loopback registry. Used by `./orch up`, by the Java end-to-end tests (ProcessBuilder)
# and by hand. Must run as root (Debian 12); missing Debian packages are installed.
#
# Commands (stdout carries only the results named below; progress lines go to stderr,
# prefixed "node-env: "; command details go to <dir>/node-env.log):
#
#   node-env.sh images <cache-dir>
#       Builds, once, <cache-dir>/pause.tar (static C pause from node/pause.c) and
#       <cache-dir>/busybox.tar (busybox-static rootfs, no entrypoint, cmd ["sh"] as the Docker Hub image),
#       named localhost/pause:1 and localhost/busybox:1. Each tarball is both an OCI
#       layout and a docker-archive. Rebuilt only when its inputs change.
#       stdout: the two paths, one per line.
#
#   node-env.sh registry-up <dir> --port P
#       Starts Debian's docker-registry on 127.0.0.1:P, storage <dir>/data, config
#       <dir>/registry.yml, pid <dir>/registry.pid, log <dir>/registry.log; waits (20 s)
#       until GET /v2/ answers. Already running: says so and exits 0.
#   node-env.sh registry-down <dir>
#       Stops that registry by PID (TERM, KILL after 5 s).
#
#   node-env.sh up <dir> --index N --registry-port P [--images <cache-dir>] [--pod-cidr 10.244.M.0/24]
#       Node N (0..254; 0..200 for clusters, 250+ used by tests): bridge orchN
#       10.244.N.1/24 (10.244.M.1/24 with --pod-cidr: the range the control plane gave
#       the node; pods get addresses from it), blackhole 10.244.0.0/16, service route 10.96.0.0/16 (if none),
#       iptables chain ORCH-FORWARD (pods talk only to pods), CNI conflist, containerd
#       (config <dir>/containerd/config.toml, socket <dir>/containerd/containerd.sock,
#       pid <dir>/containerd.pid, log <dir>/containerd.log). With --images: the registry
#       on P gets 127.0.0.1:P/pause:1 and 127.0.0.1:P/busybox:1, and containerd
#       (namespace k8s.io) holds the pause image (busybox is left to be pulled).
#       Writes <dir>/node.env (NODE_INDEX, BRIDGE, POD_CIDR, NODE_IP, CRI_ENDPOINT,
#       REGISTRY, CGROUP_PARENT, SERVICE_CIDR, CLUSTER_CIDR). Idempotent; a running
#       containerd is kept (its containers survive).
#       A failed `up` leaves what it had done recorded in <dir>: `down <dir>` undoes it.
#
#   node-env.sh down <dir>
#       Removes everything `up` made for the node in <dir>: containers and sandboxes,
#       their network namespaces, containerd and its shims, mounts under <dir>, the
#       cgroups /orchN, the bridge and its veths, the routes/rules it added, and the
#       shared chain + blackhole route when it was the last orchN bridge. Idempotent.
#       Exits 1 when something could not be removed (named on stderr).
#
#   node-env.sh docker-up <dir>
#       After `up <dir> ... --images`: a dockerd for the same node, beside its containerd
#       (socket <dir>/docker/docker.sock, data-root <dir>/docker/data, exec-root
#       <dir>/docker/run, config and key.json in <dir>/docker, pid <dir>/docker.pid, log
#       <dir>/docker.log), with --iptables=false --ip-forward=false --ip-masq=false
#       --bridge=none (pods get their network from the node's CNI conflist, not from
#       docker) and the node's registry as an insecure (plain http) registry. Holds the
#       pause image 127.0.0.1:P/pause:1 (pulled from the registry). Adds DOCKER_ENDPOINT
#       to <dir>/node.env. Idempotent; a running dockerd is kept.
#   node-env.sh docker-down <dir>
#       Removes every docker container, stops that dockerd (and its containerd and shims)
#       by PID, unmounts and deletes <dir>/docker. `down` does this too.
#
#   node-env.sh check <dir>
#       Exit 0 when the containerd of <dir> runs and answers, else 1.
#
#   node-env.sh push <dir> <image.tar> [name:tag]
#       Puts an image tarball (docker save / OCI layout) into the node's registry, through
#       the containerd of <dir>: imported into a scratch namespace, tagged
#       127.0.0.1:P/<name:tag> (default: the name inside the tarball, registry part
#       dropped), pushed, removed from the scratch namespace. stdout: the pushed name.
#
# Exit codes: 0 ok, 1 failure (reason on stderr), 2 usage error.
# Network safety: traffic only to 127.0.0.0/8 or into the bridges/namespaces made here;
# the pod range is routed to our bridges (or a blackhole) and the service range to a
# bridge before containerd (and so any pod) starts; forwarding out of orch* is dropped.
set -euo pipefail

readonly SELF_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# ProcessBuilder may hand us a minimal environment: make sure the sbin dirs are there.
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}"
export LC_ALL=C

readonly CLUSTER_CIDR=10.244.0.0/16
readonly SERVICE_CIDR=10.96.0.0/16
readonly CHAIN=ORCH-FORWARD
readonly PUSH_NS=orch-push        # scratch containerd namespace used only to push images
readonly NET_LOCK_DIR=/run/lock   # flock on this directory serialises shared network edits

LOG=/dev/null

# ---------------------------------------------------------------- output helpers

say() { printf 'node-env: %s\n' "$*" >&2; printf '%s %s\n' "$(date +%T.%3N)" "$*" >>"$LOG"; }
die() { say "error: $*"; exit 1; }
usage() { sed -n '2,/^# Exit codes/p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# Runs a command with its output in the log; the command line is logged first.
run() { printf '+ %s\n' "$*" >>"$LOG"; "$@" >>"$LOG" 2>&1; }
# Same, but a failure is only logged (used where "already gone" is fine).
quiet() { run "$@" || { printf '  (failed: %s)\n' "$?" >>"$LOG"; return 0; }; }

now_us() { echo "${EPOCHREALTIME/./}"; }
ms_since() { echo $(( ($(now_us) - $1) / 1000 )); }

# Log file of a directory; the directory must exist.
use_log() { LOG="$1/node-env.log"; : >>"$LOG"; }

need_root() { [[ $EUID -eq 0 ]] || die "must run as root"; }

# ---------------------------------------------------------------- packages

# ensure_packages "<test> <package>" ... : installs the packages whose test fails.
# A test is a command name, or an absolute path that must exist.
ensure_packages() {
  local item test pkg missing=()
  for item in "$@"; do
    test=${item%% *} pkg=${item##* }
    if [[ $test == /* ]]; then [[ -e $test ]] && continue
    else command -v "$test" >/dev/null 2>&1 && continue; fi
    [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  need_root
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get to install them"
  say "installing Debian packages: ${missing[*]}"
  # No package may start a service while we install (docker-registry would listen on
  # all interfaces): a temporary policy-rc.d says no, unless one already exists.
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; own_policy=1
  fi
  local rc=0
  run apt-get update || rc=$?
  ((rc == 0)) && { DEBIAN_FRONTEND=noninteractive run apt-get install -y --no-install-recommends "${missing[@]}" || rc=$?; }
  ((own_policy)) && rm -f "$policy"
  ((rc == 0)) || die "apt-get failed (see $LOG)"
}

# ---------------------------------------------------------------- processes

# Prints the PID in <pidfile> if that process is alive and its command line contains
# <pattern> (guards against a recycled PID).
live_pid() {
  local file=$1 pattern=$2 pid args state
  [[ -s $file ]] || return 1
  pid=$(<"$file"); [[ $pid =~ ^[0-9]+$ ]] || return 1
  proc_matches "$pid" "$pattern" || return 1
  read -r _ _ state _ 2>/dev/null <"/proc/$pid/stat" || return 1
  [[ $state != Z ]] || return 1
  echo "$pid"
}

# True if /proc/<pid>/cmdline contains every given substring.
proc_matches() {
  local pid=$1 args cmd pat; shift
  mapfile -d '' args 2>/dev/null <"/proc/$pid/cmdline" || return 1
  ((${#args[@]})) || return 1
  cmd=" ${args[*]} "
  for pat in "$@"; do [[ $cmd == *"$pat"* ]] || return 1; done
}

# PIDs of all processes whose command line contains every given substring.
pids_matching() {
  local p pid
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    proc_matches "$pid" "$@" && echo "$pid"
  done
  return 0
}

alive() { local s; read -r _ _ s _ 2>/dev/null <"/proc/$1/stat" && [[ $s != Z ]]; }

# stop_pid <pid> <seconds>: TERM, wait, then KILL.
stop_pid() {
  local pid=$1 secs=$2 i
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < secs * 20; i++)); do alive "$pid" || return 0; sleep 0.05; done
  say "pid $pid did not stop within ${secs}s: KILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 40; i++)); do alive "$pid" || return 0; sleep 0.05; done
  return 1
}

# start_daemon <pidfile> <logfile> <command...>: a detached process in its own session,
# with no inherited descriptors (our callers wait for EOF on our stdout; lock fds must
# not outlive us). The child writes its own PID, so the file is right even if setsid forks.
start_daemon() {
  local pidfile=$1 logfile=$2 i; shift 2
  rm -f "$pidfile"
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$logfile" 2>&1 7<&- 8<&- 9<&- &
  for ((i = 0; i < 100; i++)); do [[ -s $pidfile ]] && return 0; sleep 0.01; done
  die "could not start $1"
}

# ---------------------------------------------------------------- locks

# Per-directory lock (fd 7) for the whole command; shared-network lock (fd 8) only
# around edits of shared routes/rules. flock on directories: nothing is left behind.
lock_dir() { exec 7<"$1"; flock -w 120 7 || die "$1 is locked by another node-env.sh"; }
lock_net() { exec 8<"$NET_LOCK_DIR"; flock -w 60 8 || die "network lock busy"; }
unlock_net() { flock -u 8; exec 8<&-; }

# ================================================================ images

cmd_images() {
  (($# == 1)) || usage
  local cache=$1
  mkdir -p "$cache"; cache=$(cd "$cache" && pwd)
  use_log "$cache"
  lock_dir "$cache"
  ensure_packages "gcc gcc" "/usr/lib/x86_64-linux-gnu/libc.a libc6-dev" "/bin/busybox busybox-static"
  build_images "$cache"
  printf '%s\n' "$cache/pause.tar" "$cache/busybox.tar"
}

build_images() {
  local cache=$1 t0
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
    ensure_packages "/nonexistent-busybox-static busybox-static"
  # The stamp names the inputs, so a changed pause.c or busybox rebuilds the tarball.
  local pause_stamp busybox_stamp
  pause_stamp=$(cat "$SELF_DIR/pause.c" "$SELF_DIR/mkimage.sh" | sha256sum | cut -c1-64)
  busybox_stamp=$( { cat /bin/busybox "$SELF_DIR/mkimage.sh"; declare -f build_busybox_rootfs; echo "cmd sh, no entrypoint"; } | sha256sum | cut -c1-64)

  if [[ -s $cache/pause.tar && $(cat "$cache/pause.tar.stamp" 2>/dev/null) == "$pause_stamp" ]]; then
    say "pause.tar: cached"
  else
    t0=$(now_us)
    local w; w=$(mktemp -d "$cache/.pause.XXXXXX")
    mkdir -p "$w/rootfs"
    run gcc -static -Os -s -Wall -o "$w/rootfs/pause" "$SELF_DIR/pause.c" || die "gcc failed (see $LOG)"
    run "$SELF_DIR/mkimage.sh" "$w/rootfs" localhost/pause:1 "$w/pause.tar" '["/pause"]'
    mv "$w/pause.tar" "$cache/pause.tar"; echo "$pause_stamp" >"$cache/pause.tar.stamp"
    rm -rf "$w"
    say "pause.tar: built ($(stat -c %s "$cache/pause.tar") bytes, $(ms_since "$t0") ms)"
  fi

  if [[ -s $cache/busybox.tar && $(cat "$cache/busybox.tar.stamp" 2>/dev/null) == "$busybox_stamp" ]]; then
    say "busybox.tar: cached"
  else
    t0=$(now_us)
    local w; w=$(mktemp -d "$cache/.busybox.XXXXXX")
    build_busybox_rootfs "$w/rootfs"
    run "$SELF_DIR/mkimage.sh" "$w/rootfs" localhost/busybox:1 "$w/busybox.tar" null '["sh"]'
    mv "$w/busybox.tar" "$cache/busybox.tar"; echo "$busybox_stamp" >"$cache/busybox.tar.stamp"
    rm -rf "$w"
    say "busybox.tar: built ($(stat -c %s "$cache/busybox.tar") bytes, $(ms_since "$t0") ms)"
  fi
}

build_busybox_rootfs() {
  local r=$1 applet
  ldd /bin/busybox >/dev/null 2>&1 && die "/bin/busybox is not static (is busybox-static installed?)"
  mkdir -p "$r"/{bin,etc,proc,sys,dev,tmp,root,www,usr,var}
  chmod 1777 "$r/tmp"; chmod 700 "$r/root"
  cp /bin/busybox "$r/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ $applet == busybox ]] || ln -s busybox "$r/bin/$applet"
  done
  ln -s bin "$r/sbin"; ln -s ../bin "$r/usr/bin"; ln -s ../bin "$r/usr/sbin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$r/etc/group"
  # containerd bind-mounts these three; existing files keep runc from creating them
  # (which would fail on a read-only root filesystem).
  : >"$r/etc/hosts"; : >"$r/etc/resolv.conf"; : >"$r/etc/hostname"
  echo 'hello from orchestrator' >"$r/www/index.html"
}

# ================================================================ registry

registry_pid() { live_pid "$1/registry.pid" "$1/registry.yml"; }

cmd_registry_up() {
  local dir="" port=""
  (($# >= 1)) || usage
  dir=$1; shift
  while (($#)); do
    case $1 in --port) port=${2-}; shift 2 || usage ;; *) usage ;; esac
  done
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "--port P (1..65535) is required"
  need_root
  mkdir -p "$dir/data"; dir=$(cd "$dir" && pwd)
  use_log "$dir"; lock_dir "$dir"
  ensure_packages "docker-registry docker-registry" "curl curl"

  local pid
  if pid=$(registry_pid "$dir"); then
    grep -q "addr: 127.0.0.1:$port\$" "$dir/registry.yml" ||
      die "registry of $dir already runs (pid $pid) on another port: $(grep addr: "$dir/registry.yml")"
    say "registry already running (pid $pid, 127.0.0.1:$port)"
    return 0
  fi
  # Own config: loopback only, filesystem storage in <dir>, no debug/metrics listener,
  # no notifications, no redis.
  cat >"$dir/registry.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
EOF
  local t0; t0=$(now_us)
  start_daemon "$dir/registry.pid" "$dir/registry.log" docker-registry serve "$dir/registry.yml"
  pid=$(<"$dir/registry.pid")
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null; do
    alive "$pid" || die "registry exited: $(tail -n 3 "$dir/registry.log" | tr '\n' ' ')"
    (($(ms_since "$t0") < 20000)) || die "registry did not answer on 127.0.0.1:$port within 20 s"
    sleep 0.05
  done
  say "registry running (pid $pid, http://127.0.0.1:$port, $(ms_since "$t0") ms)"
}

cmd_registry_down() {
  (($# == 1)) || usage
  local dir=$1 pid
  [[ -d $dir ]] || { say "registry: $dir does not exist, nothing to stop"; return 0; }
  dir=$(cd "$dir" && pwd); need_root
  use_log "$dir"; lock_dir "$dir"
  if pid=$(registry_pid "$dir"); then
    stop_pid "$pid" 5 || die "registry pid $pid would not stop"
    say "registry stopped (pid $pid)"
  else
    say "registry not running"
  fi
  rm -f "$dir/registry.pid"
}

# ================================================================ node: common

# Sets the node's variables from <dir> and its index.
node_vars() {
  D=$1 N=$2
  BR=orch$N
  NODE_IP=10.244.$N.1
  POD_CIDR=10.244.$N.0/24
  CD=$D/containerd
  SOCK=$CD/containerd.sock
  CFG=$CD/config.toml
  STATE=$D/node-env.state   # what up did, read by down (written before any change)
  DK=$D/docker
  DSOCK=$DK/docker.sock
}

containerd_pid() { live_pid "$D/containerd.pid" "--config $CFG"; }
ctr_() { ctr -a "$SOCK" "$@"; }
containerd_answers() { ctr -a "$SOCK" --timeout 2s version >/dev/null 2>&1; }

state_get() { [[ -f $STATE ]] || return 0; sed -n "s/^$1=//p" "$STATE" | tail -n 1; }
state_set() { { grep -v "^$1=" "$STATE" 2>/dev/null || true; echo "$1=$2"; } >"$STATE.tmp"; mv "$STATE.tmp" "$STATE"; }

# The index recorded in <dir> (empty if none).
node_index_of() {
  local f
  for f in "$1/node-env.state" "$1/node.env"; do
    [[ -f $f ]] && grep -m1 '^NODE_INDEX=' "$f" | cut -d= -f2 && return 0
  done
  return 0
}

# Other node bridges (orch<number>) on this machine, excluding ours.
other_bridges() {
  ip -o link show type bridge 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 |
    grep -E '^orch[0-9]+$' | grep -vx "$BR" || true
}

# ================================================================ up

cmd_up() {
  local dir="" idx="" port="" images="" cidr=""
  (($# >= 1)) || usage
  dir=$1; shift
  while (($#)); do
    case $1 in
      --index) idx=${2-}; shift 2 || usage ;;
      --pod-cidr) cidr=${2-}; shift 2 || usage ;;
      --registry-port) port=${2-}; shift 2 || usage ;;
      --images) images=${2-}; shift 2 || usage ;;
      *) usage ;;
    esac
  done
  [[ $idx =~ ^[0-9]+$ ]] && ((10#$idx <= 254)) || die "--index N (0..254) is required"
  idx=$((10#$idx))
  [[ $port =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || die "--registry-port P is required"
  need_root
  [[ $dir != *[[:space:]]* ]] || die "the node dir must not contain spaces"
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  node_vars "$dir" "$idx"
  if [[ -n $cidr ]]; then
    [[ $cidr =~ ^10\.244\.([0-9]{1,3})\.0/24$ ]] && ((10#${BASH_REMATCH[1]} <= 255)) \
      || die "--pod-cidr must be a /24 of $CLUSTER_CIDR such as 10.244.7.0/24, not '$cidr'"
    POD_CIDR=$cidr NODE_IP=10.244.$((10#${BASH_REMATCH[1]})).1
  fi
  (( ${#SOCK} + 6 < 108 )) || die "socket path too long for a unix socket: $SOCK.ttrpc"
  use_log "$D"; lock_dir "$D"
  local prev; prev=$(state_get NODE_INDEX)
  [[ -z $prev || $prev == "$N" ]] || die "$D already holds node $prev; run down first"
  prev=$(state_get POD_CIDR)
  [[ -z $prev || $prev == "$POD_CIDR" ]] || die "$D already holds pod range $prev; run down first"
  local holder
  holder=$(ip -4 -o addr show | awk -v ip="$NODE_IP/24" -v br="$BR" '$4 == ip && $2 != br {print $2}' | head -n 1)
  [[ -z $holder ]] || die "pod range $POD_CIDR is already on $holder (another node of this machine)"
  state_set NODE_INDEX "$N"
  state_set POD_CIDR "$POD_CIDR"

  local t_all; t_all=$(now_us)
  say "[$N] up in $D"
  ensure_packages "containerd containerd" "ctr containerd" "/usr/sbin/runc runc" \
    "/usr/lib/cni/bridge containernetworking-plugins" "/usr/lib/cni/host-local containernetworking-plugins" \
    "iptables iptables" "nft nftables" "conntrack conntrack" "ip iproute2" "curl curl" "flock util-linux"
  step "network (bridge, routes, iptables)" up_network
  step "CNI config" up_cni
  step "containerd config" up_containerd_config "$port"
  step "containerd" up_containerd
  if [[ -n $images ]]; then step "images" up_images "$images" "$port"; fi
  step "node.env" up_node_env "$port"
  say "[$N] node up in $(ms_since "$t_all") ms (CRI unix://$SOCK)"
}

# step <title> <function> [args]: runs one step and prints one line with its time.
step() {
  local title=$1 t0 note; shift
  t0=$(now_us)
  STEP_NOTE=""
  "$@"
  note=${STEP_NOTE:+: $STEP_NOTE}
  say "[$N] $title$note ($(ms_since "$t0") ms)"
}

# Network first: before containerd (and so any pod) exists, the pod and service ranges
# are routed to our own devices, so no pod packet can take the default route.
up_network() {
  lock_net
  # Bridge of this node; the kernel adds the connected route 10.244.N.0/24 dev orchN.
  ip link show dev "$BR" >/dev/null 2>&1 || run ip link add "$BR" type bridge
  ip -4 -o addr show dev "$BR" | grep -q " $NODE_IP/24 " || run ip addr add "$NODE_IP/24" dev "$BR"
  run ip link set "$BR" up
  # Node ports answer on 127.0.0.1 too: the proxy's DNAT sends such packets out of this bridge with their
  # loopback source (then masqueraded), which the kernel allows only with route_localnet on the way out.
  run sysctl -qw "net.ipv4.conf.$BR.route_localnet=1"

  # Catch-all for the whole pod range (other nodes' /24 are more specific and win).
  [[ -n $(ip route show type blackhole "$CLUSTER_CIDR") ]] || run ip route add blackhole "$CLUSTER_CIDR"

  # Service range: to our bridge unless someone already routes it.
  if [[ -z $(ip route show "$SERVICE_CIDR") ]]; then
    run ip route add "$SERVICE_CIDR" dev "$BR"
    state_set ADDED_SVC_ROUTE 1
  fi

  ensure_forward_chain
  unlock_net
  STEP_NOTE="$BR $NODE_IP/24, svc route $(ip route show "$SERVICE_CIDR" | awk '{for(i=1;i<NF;i++) if($i=="dev") print $(i+1)}')"
}

# The shared chain: pods may talk to pods of any node; anything else a pod sends that
# the host would forward (the CNI bridge plugin turns ip_forward on) is dropped.
# The last rule is a no-op that remembers ip_forward before the first node came up,
# so the last `down` can restore it.
ensure_forward_chain() {
  local ipt="iptables -w 10" fwd_before current want
  if $ipt -S "$CHAIN" >/dev/null 2>&1; then
    current=$($ipt -S "$CHAIN")
    fwd_before=$(grep -o 'ip_forward was [01]' <<<"$current" | grep -o '[01]$' || cat /proc/sys/net/ipv4/ip_forward)
  else
    fwd_before=$(cat /proc/sys/net/ipv4/ip_forward)
    run $ipt -N "$CHAIN"
    current=$($ipt -S "$CHAIN")
  fi
  want="-N $CHAIN
-A $CHAIN -i orch+ -o orch+ -j ACCEPT
-A $CHAIN -i orch+ -j DROP
-A $CHAIN -m comment --comment \"orch-node-env: ip_forward was $fwd_before\" -j RETURN"
  if [[ $current != "$want" ]]; then
    # Missing or partial (order matters): rebuild it.
    run $ipt -F "$CHAIN"
    run $ipt -A "$CHAIN" -i 'orch+' -o 'orch+' -j ACCEPT
    run $ipt -A "$CHAIN" -i 'orch+' -j DROP
    run $ipt -A "$CHAIN" -m comment --comment "orch-node-env: ip_forward was $fwd_before" -j RETURN
  fi
  $ipt -C FORWARD -j "$CHAIN" 2>/dev/null || run $ipt -I FORWARD 1 -j "$CHAIN"
}

write_if_changed() { # <file> (content on stdin); returns 0 if it changed
  local new; new=$(cat)
  [[ -f $1 && $(cat "$1") == "$new" ]] && return 1
  mkdir -p "$(dirname "$1")"
  printf '%s\n' "$new" >"$1.tmp" && mv "$1.tmp" "$1"
}

up_cni() {
  mkdir -p "$D/cni/ipam"
  # No default route in pods on purpose; no loopback plugin (containerd sets up lo).
  write_if_changed "$D/cni/net.d/10-orch.conflist" <<EOF && STEP_NOTE="written" || STEP_NOTE="unchanged"
{
  "cniVersion": "0.4.0",
  "name": "orch",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$BR",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "subnet": "$POD_CIDR",
        "gateway": "$NODE_IP",
        "dataDir": "$D/cni/ipam",
        "routes": [
          { "dst": "$CLUSTER_CIDR" },
          { "dst": "$SERVICE_CIDR" }
        ]
      }
    }
  ]
}
EOF
}

up_containerd_config() {
  local port=$1 reg host
  mkdir -p "$CD/root" "$CD/state" "$CD/runc" "$CD/opt"
  for host in 127.0.0.1 localhost; do
    reg=$host:$port
    write_if_changed "$CD/certs.d/$reg/hosts.toml" <<EOF || true
# Our loopback registry speaks plain http.
server = "http://$reg"

[host."http://$reg"]
  capabilities = ["pull", "resolve"]
EOF
  done
  # Plugins we never use are disabled. Start time barely changes (measured: ~75 vs ~80 ms
  # to answer), but the aufs snapshotter would otherwise run `modprobe aufs` on the host,
  # and the log stays free of devmapper/btrfs/zfs noise. Not "io.containerd.runtime.v1.linux":
  # without it the tasks service, and so the CRI plugin, fail to load (verified).
  if write_if_changed "$CFG" <<EOF; then
version = 2
root = "$CD/root"
state = "$CD/state"
oom_score = 0
disabled_plugins = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = "$SOCK"

[ttrpc]
  address = "$SOCK.ttrpc"

[debug]
  address = "$CD/debug.sock"
  level = "info"

[metrics]
  address = ""

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$CD/opt"

  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "127.0.0.1:$port/pause:1"
    disable_apparmor = true
    # root lacks CAP_SYS_RESOURCE here: without this RunPodSandbox fails.
    restrict_oom_score_adj = true
    disable_tcp_service = true
    enable_selinux = false
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"

    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"

        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          SystemdCgroup = false
          BinaryName = "/usr/sbin/runc"
          Root = "$CD/runc"

    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "$D/cni/net.d"
      max_conf_num = 1

    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "$CD/certs.d"
EOF
    STEP_NOTE="written"
    if containerd_pid >/dev/null; then STEP_NOTE="changed; takes effect when containerd restarts (kept running)"; fi
  else
    STEP_NOTE="unchanged"
  fi
}

up_containerd() {
  local pid t0
  if ! pid=$(containerd_pid); then
    # Adopt a containerd of this config whose pid file was lost, rather than start two.
    pid=$(pids_matching "containerd" "--config $CFG" | head -n 1)
    [[ -n $pid ]] && echo "$pid" >"$D/containerd.pid"
  fi
  if [[ -n ${pid-} ]]; then
    STEP_NOTE="already running (pid $pid), kept"
  else
    start_daemon "$D/containerd.pid" "$D/containerd.log" containerd --config "$CFG"
    pid=$(<"$D/containerd.pid")
    STEP_NOTE="started (pid $pid)"
  fi
  t0=$(now_us)
  until containerd_answers; do
    alive "$pid" || die "containerd exited: $(tail -n 3 "$D/containerd.log" | tr '\n' ' ')"
    (($(ms_since "$t0") < 20000)) || die "containerd did not answer on $SOCK within 20 s"
    sleep 0.02
  done
  # containerd answers even when a plugin failed to load: the CRI plugin must be "ok".
  [[ $(ctr_ plugins ls 2>/dev/null | awk '$1 == "io.containerd.grpc.v1" && $2 == "cri" {print $4}') == ok ]] ||
    die "containerd runs but its CRI plugin did not load: $(grep -m1 'failed to load plugin' "$D/containerd.log" || echo 'see containerd.log')"
}

# The registry gets both images unless it has them; containerd keeps only the pause
# image (the sandbox image must be local), so the first pod really pulls busybox
# through the registry.
up_images() {
  local cache=$1 port=$2 reg=127.0.0.1:$2 notes=()
  mkdir -p "$cache"; cache=$(cd "$cache" && pwd)
  # Builds and pushes happen one node at a time per image cache: a second node starting
  # at once then finds the images in the registry instead of pushing them again.
  exec 9<"$cache"; flock -w 120 9 || die "image cache $cache is locked"
  [[ -s $cache/pause.tar && -s $cache/busybox.tar ]] || {
    ensure_packages "gcc gcc" "/usr/lib/x86_64-linux-gnu/libc.a libc6-dev" "/bin/busybox busybox-static"
    build_images "$cache"; }
  flock -u 9
  curl -fsS -o /dev/null "http://$reg/v2/" 2>/dev/null ||
    die "no registry answers on $reg (start it: node-env.sh registry-up <dir> --port $port)"

  # pause: must be local under the sandbox image name; pushed from there if needed.
  if ctr_ -n k8s.io images ls -q 2>/dev/null | grep -qxF "$reg/pause:1"; then
    notes+=("pause present")
  else
    run ctr_ -n k8s.io images import "$cache/pause.tar" || die "import of pause.tar failed (see $LOG)"
    run ctr_ -n k8s.io images tag --force localhost/pause:1 "$reg/pause:1"
    quiet ctr_ -n k8s.io images rm localhost/pause:1
    notes+=("pause imported")
  fi
  flock -w 120 9 || die "image cache $cache is locked"
  if registry_has "$reg" pause "$cache/pause.tar"; then
    notes+=("pause in registry")
  else
    run ctr_ -n k8s.io images push --plain-http "$reg/pause:1" || die "push of $reg/pause:1 failed (see $LOG)"
    notes+=("pause pushed")
  fi

  # busybox: only in the registry, pushed from a scratch namespace that is removed again.
  if registry_has "$reg" busybox "$cache/busybox.tar"; then
    notes+=("busybox in registry")
  else
    run ctr_ -n "$PUSH_NS" images import --no-unpack "$cache/busybox.tar" || die "import of busybox.tar failed (see $LOG)"
    run ctr_ -n "$PUSH_NS" images tag --force localhost/busybox:1 "$reg/busybox:1"
    run ctr_ -n "$PUSH_NS" images push --plain-http "$reg/busybox:1" || die "push of $reg/busybox:1 failed (see $LOG)"
    quiet ctr_ -n "$PUSH_NS" images rm --sync localhost/busybox:1 "$reg/busybox:1"
    quiet ctr_ namespaces rm "$PUSH_NS"
    notes+=("busybox pushed")
  fi
  flock -u 9; exec 9<&-
  STEP_NOTE=$(IFS=,; echo "${notes[*]}" | sed 's/,/, /g')
}

# registry_has REGISTRY NAME TARBALL: the registry serves NAME:1 with the tarball's manifest
# (an image rebuilt from changed inputs is pushed again).
registry_has() {
  local want got
  want=$(tar -xOf "$3" index.json | grep -o '"digest":"sha256:[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
  got=$(curl -fsS -o /dev/null -D - -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://$1/v2/$2/manifests/1" 2>/dev/null | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
  [[ -n $want && $want == "$got" ]]
}

up_node_env() {
  local port=$1
  state_set REGISTRY_PORT "$port"
  local docker_line=""
  [[ $(state_get DOCKER) == 1 ]] && docker_line=$'\n'"DOCKER_ENDPOINT=unix://$DSOCK"
  write_if_changed "$D/node.env" <<EOF || true
NODE_INDEX=$N
BRIDGE=$BR
POD_CIDR=$POD_CIDR
NODE_IP=$NODE_IP
CRI_ENDPOINT=unix://$SOCK
REGISTRY=127.0.0.1:$port
CGROUP_PARENT=/$BR
SERVICE_CIDR=$SERVICE_CIDR
CLUSTER_CIDR=$CLUSTER_CIDR$docker_line
EOF
  STEP_NOTE="$D/node.env"
}

# ================================================================ down

DOWN_PROBLEMS=()
# What the service proxies of this machine's nodes left (they keep their rules across a process restart, as
# containers outlive it): every ORCH-* chain of the nat and filter tables but the node's own forward chain, the
# jumps to them, and the nftables proxy's tables (ip orch*). Run when the last node goes.
down_proxy_rules() {
  local ipt="iptables -w 10" table chain chains builtin listing
  for table in nat filter; do
    chains=$($ipt -t "$table" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^ORCH/ && $2 != "'"$CHAIN"'" {print $2}')
    [[ -n $chains ]] || continue
    for chain in $chains; do
      for builtin in PREROUTING INPUT FORWARD OUTPUT POSTROUTING; do
        while $ipt -t "$table" -C "$builtin" -j "$chain" 2>/dev/null; do run $ipt -t "$table" -D "$builtin" -j "$chain"; done
      done
      # rules that jump with conditions (-m, -d, ...) are found by listing
      $ipt -t "$table" -S 2>/dev/null | grep -E "^-A (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) .*-j $chain( |\$)" \
        | sed 's/^-A /-D /' | while read -r rule; do eval "run $ipt -t $table $rule"; done || true
    done
    for chain in $chains; do run $ipt -t "$table" -F "$chain"; done
    for chain in $chains; do run $ipt -t "$table" -X "$chain" || problem "proxy chain $chain ($table) could not be deleted"; done
    notes+=("proxy chains of $table removed")
    if [[ $table == nat ]] && command -v nft >/dev/null && listing=$(nft list table ip nat 2>/dev/null) \
       && ! grep -Evq '^[[:space:]]*(table .*\{|chain .*\{|type .*policy accept;|\}|)$' <<<"$listing"; then
      run nft delete table ip nat
    fi
  done
  if command -v nft >/dev/null; then
    for table in $(nft list tables ip 2>/dev/null | awk '$3 ~ /^orch/ {print $3}'); do
      run nft delete table ip "$table" && notes+=("nft table ip $table removed")
    done
  fi
}

problem() { DOWN_PROBLEMS+=("$*"); say "[$N] problem: $*"; }

cmd_down() {
  (($# == 1)) || usage
  local dir=$1 idx t_all
  if [[ ! -d $dir ]]; then say "down: $dir does not exist, nothing to do"; return 0; fi
  need_root
  dir=$(cd "$dir" && pwd)
  idx=$(node_index_of "$dir")
  if [[ -z $idx ]]; then
    # Never came up (or already down): still make sure no containerd of it runs.
    node_vars "$dir" none
    use_log "$D"; lock_dir "$D"
    down_containerd_only
    down_docker
    say "down: $D holds no node (already down)"
    return 0
  fi
  node_vars "$dir" "$idx"
  use_log "$D"; lock_dir "$D"
  t_all=$(now_us)
  say "[$N] down in $D"

  step "dockerd" down_docker
  local netns=()
  mapfile -t netns < <(collect_netns)
  step "containers and sandboxes" down_containers
  step "containerd" down_containerd
  step "shims" down_shims
  step "pod processes" down_cgroup_processes
  step "network namespaces" down_netns "${netns[@]}"
  step "mounts" down_mounts
  step "cgroups" down_cgroups
  step "network" down_network
  rm -f "$D/containerd.pid" "$D/node.env"
  if ((${#DOWN_PROBLEMS[@]})); then
    say "[$N] down incomplete (${#DOWN_PROBLEMS[@]} problems, see $LOG); run down again"
    return 1
  fi
  rm -f "$STATE"
  say "[$N] node down in $(ms_since "$t_all") ms"
}

down_containerd_only() {
  local pid
  pid=$(containerd_pid || pids_matching "containerd" "--config $CFG" | head -n 1)
  [[ -n $pid ]] && { stop_pid "$pid" 10 || true; say "stopped containerd pid $pid"; }
  rm -f "$D/containerd.pid"
}

# Network namespaces of this node's pods, found before anything is killed:
# from the container specs (if containerd answers) and, as a fallback that also works
# after a crash, every /run/netns/cni-* whose interfaces hold an address of our /24.
collect_netns() {
  local ns id f name
  if containerd_answers; then
    for ns in $(ctr_ namespaces ls -q 2>/dev/null); do
      for id in $(ctr_ -n "$ns" containers ls -q 2>/dev/null); do
        # The network namespace is the only /run/netns path in a spec.
        ctr_ -n "$ns" containers info "$id" 2>/dev/null | grep -oE '/(var/)?run/netns/[^"]+' || true
      done
    done
  fi
  for f in /run/netns/cni-*; do
    [[ -e $f ]] || continue
    name=${f#/run/netns/}
    ip -n "$name" -4 -o addr show 2>/dev/null | grep -q " 10\.244\.$N\.[0-9]*/" && echo "$f"
  done
  return 0
}

down_containers() {
  local ns id n=0
  if ! containerd_answers; then STEP_NOTE="containerd not answering, skipped"; return 0; fi
  for ns in $(ctr_ namespaces ls -q 2>/dev/null); do
    # Kill every task first (all processes of each, including execs), then delete.
    for id in $(ctr_ -n "$ns" tasks ls -q 2>/dev/null); do
      quiet ctr_ -n "$ns" tasks kill -a -s SIGKILL "$id"
    done
    for id in $(ctr_ -n "$ns" tasks ls -q 2>/dev/null); do
      quiet ctr_ -n "$ns" tasks delete -f "$id"
    done
    for id in $(ctr_ -n "$ns" containers ls -q 2>/dev/null); do
      quiet ctr_ -n "$ns" containers rm "$id"; n=$((n + 1))
    done
  done
  STEP_NOTE="$n containers removed"
}

down_containerd() {
  local pid
  pid=$(containerd_pid || pids_matching "containerd" "--config $CFG" | head -n 1)
  if [[ -z $pid ]]; then STEP_NOTE="not running"; return 0; fi
  stop_pid "$pid" 10 || problem "containerd pid $pid would not stop"
  STEP_NOTE="stopped pid $pid"
}

# Shims outlive containerd on purpose (upgrades); ours carry our socket in argv.
down_shims() {
  local pids pid
  mapfile -t pids < <(pids_matching "containerd-shim" "-address $SOCK ")
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in {1..40}; do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && problem "shim pid $pid still alive"
  done
  STEP_NOTE="${#pids[@]} killed"
}

node_cgroup_dirs() { # every cgroup dir of this node, deepest first
  local root
  for root in /sys/fs/cgroup/"$BR" /sys/fs/cgroup/*/"$BR"; do
    [[ -d $root ]] && find "$root" -depth -type d 2>/dev/null
  done
  return 0
}

# Anything still in our cgroups (containers orphaned by killed shims) is killed.
down_cgroup_processes() {
  local d pid n=0 round
  for d in /sys/fs/cgroup/freezer/"$BR"; do
    [[ -d $d ]] || continue
    find "$d" -name freezer.state -exec sh -c 'echo THAWED > "$1"' _ {} \; 2>/dev/null || true
  done
  for round in 1 2 3 4 5; do
    local found=0
    while read -r d; do
      [[ -r $d/cgroup.procs ]] || continue
      while read -r pid; do
        [[ -n $pid ]] || continue
        kill -KILL "$pid" 2>/dev/null && { found=1; n=$((n + 1)); }
      done <"$d/cgroup.procs"
    done < <(node_cgroup_dirs)
    ((found)) || break
    sleep 0.1
  done
  STEP_NOTE="$n killed"
}

down_netns() {
  local f n=0
  for f in "$@"; do
    [[ -e $f ]] || continue
    if [[ $f == /run/netns/* || $f == /var/run/netns/* ]]; then
      quiet ip netns delete "${f##*/}"
    fi
    if [[ -e $f ]]; then quiet umount "$f" || true; quiet umount -l "$f"; rm -f "$f" 2>/dev/null || true; fi
    [[ -e $f ]] && problem "netns $f remains" || n=$((n + 1))
  done
  STEP_NOTE="$n removed"
}

# Mount points under <dir> (and /run/containerd mounts naming <dir>), deepest first.
node_mounts() {
  awk -v d="$D" '
    function unesc(s) { gsub(/\\040/, " ", s); gsub(/\\011/, "\t", s); return s }
    { m = unesc($5)
      if (m == d || index(m, d "/") == 1 || (index(m, "/run/containerd/") == 1 && index($0, d "/") > 0))
        print length(m) "\t" m }' /proc/self/mountinfo | sort -rn | cut -f2- | uniq
}

down_mounts() {
  local m n=0 round
  for round in 1 2 3 4 5; do
    local any=0
    while IFS= read -r m; do
      [[ -n $m ]] || continue
      any=1; n=$((n + 1))
      run umount "$m" || quiet umount -l "$m"
    done < <(node_mounts)
    ((any)) || break
  done
  [[ -z $(node_mounts) ]] || problem "mounts remain: $(node_mounts | tr '\n' ' ')"
  STEP_NOTE="$n unmounted"
}

down_cgroups() {
  local d n=0 left
  for _ in 1 2 3 4 5; do
    while read -r d; do rmdir "$d" 2>/dev/null && n=$((n + 1)); done < <(node_cgroup_dirs)
    [[ -z $(node_cgroup_dirs) ]] && break
    sleep 0.2
  done
  left=$(node_cgroup_dirs | head -n 3 | tr '\n' ' ')
  [[ -z $left ]] || problem "cgroups remain: $left"
  STEP_NOTE="$n removed"
}

down_network() {
  local ipt="iptables -w 10" link dev others fwd notes=()
  lock_net
  mapfile -t others < <(other_bridges)

  if ip link show dev "$BR" >/dev/null 2>&1; then
    # The service route follows the bridge away with it; if it is on our bridge and
    # other nodes remain, hand it to one of them so services stay routed.
    dev=$(ip route show "$SERVICE_CIDR" | awk '{for(i=1;i<NF;i++) if($i=="dev") print $(i+1)}')
    if [[ $dev == "$BR" ]] && ((${#others[@]})); then
      run ip route replace "$SERVICE_CIDR" dev "${others[0]}"
      notes+=("svc route handed to ${others[0]}")
    elif [[ $dev == "$BR" ]]; then
      run ip route del "$SERVICE_CIDR" dev "$BR"; notes+=("svc route removed")
    fi
    for link in $(ip -o link show master "$BR" 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
      quiet ip link del "$link"
    done
    run ip link del "$BR" || problem "bridge $BR could not be deleted"
    notes+=("$BR deleted")
  fi

  if ((${#others[@]} == 0)); then
    # Last node on this machine: the shared pieces go too.
    down_proxy_rules
    if $ipt -S "$CHAIN" >/dev/null 2>&1; then
      fwd=$($ipt -S "$CHAIN" | grep -o 'ip_forward was [01]' | grep -o '[01]$' || true)
      while $ipt -C FORWARD -j "$CHAIN" 2>/dev/null; do run $ipt -D FORWARD -j "$CHAIN"; done
      run $ipt -F "$CHAIN"; run $ipt -X "$CHAIN" || problem "chain $CHAIN could not be deleted"
      if [[ $fwd == 0 && $(cat /proc/sys/net/ipv4/ip_forward) == 1 ]]; then
        echo 0 >/proc/sys/net/ipv4/ip_forward; notes+=("ip_forward restored to 0")
      fi
      notes+=("$CHAIN removed")
      # iptables (nf_tables backend) made the table and its FORWARD chain for our jump; when nothing
      # else lives in it now (no rule, default accept policies) it goes too, leaving nft as we found it
      # (the listing is read whole first: grep -q closing a pipe early would fail it under pipefail)
      local listing
      if command -v nft >/dev/null && listing=$(nft list table ip filter 2>/dev/null) \
         && ! grep -Evq '^[[:space:]]*(table .*\{|chain .*\{|type .*policy accept;|\}|)$' <<<"$listing"; then
        run nft delete table ip filter && notes+=("empty nft table ip filter removed")
      fi
    fi
    if [[ -n $(ip route show type blackhole "$CLUSTER_CIDR") ]]; then
      run ip route del blackhole "$CLUSTER_CIDR"; notes+=("blackhole removed")
    fi
  else
    notes+=("${#others[@]} other node bridge(s) remain: shared chain and blackhole kept")
  fi
  unlock_net
  STEP_NOTE=$(IFS=';'; echo "${notes[*]-nothing to remove}" | sed 's/;/, /g')
}

# ================================================================ docker

dockerd_pid() { live_pid "$D/docker.pid" "--data-root $DK/data"; }
# The docker.io client (/usr/local/bin may hold some other docker CLI).
DOCKER_CLI=/usr/bin/docker
docker_() { "$DOCKER_CLI" -H "unix://$DSOCK" "$@"; }
docker_answers() { curl -fsS -m 2 --unix-socket "$DSOCK" -o /dev/null http://docker/_ping 2>/dev/null; }

cmd_docker_up() {
  (($# == 1)) || usage
  local dir=$1 idx port pid="" t0 note
  [[ -d $dir ]] || die "docker-up: $dir does not exist (run up first)"
  need_root
  dir=$(cd "$dir" && pwd)
  idx=$(node_index_of "$dir")
  [[ -n $idx ]] || die "docker-up: $dir holds no node (run up first)"
  node_vars "$dir" "$idx"
  use_log "$D"; lock_dir "$D"
  port=$(state_get REGISTRY_PORT); [[ -n $port ]] || die "docker-up: $D has no registry port recorded (run up first)"
  [[ -f $D/cni/net.d/10-orch.conflist ]] || die "docker-up: the node's CNI conflist is missing (run up first)"
  (( ${#DK} + 50 < 108 )) || die "docker-up: $DK is too long for dockerd's unix sockets"
  # Installing docker.io must not start the system dockerd (docker0, iptables rules):
  # ensure_packages installs under a policy-rc.d that denies every service start.
  # socat and nsenter: port-forward into Docker pods (as dockershim did it).
  ensure_packages "dockerd docker.io" "$DOCKER_CLI docker.io" "curl curl" "socat socat" "nsenter util-linux"
  state_set DOCKER 1
  mkdir -p "$DK/data" "$DK/run"
  # Own daemon.json with its own key.json (else /etc/docker/key.json); no default bridge,
  # no firewall or forwarding changes. /run/docker/plugins is made whatever the config says.
  write_if_changed "$DK/daemon.json" <<EOF || true
{
  "insecure-registries": ["127.0.0.1:$port", "localhost:$port"],
  "deprecated-key-path": "$DK/key.json",
  "log-driver": "json-file",
  "userland-proxy": false
}
EOF
  if ! pid=$(dockerd_pid); then
    pid=$(pids_matching "dockerd" "--data-root $DK/data" | head -n 1)
    [[ -n $pid ]] && echo "$pid" >"$D/docker.pid"
  fi
  if [[ -n $pid ]]; then
    note="already running (pid $pid), kept"
  else
    start_daemon "$D/docker.pid" "$D/docker.log" dockerd --host "unix://$DSOCK" \
      --config-file "$DK/daemon.json" --data-root "$DK/data" --exec-root "$DK/run" \
      --pidfile "$DK/dockerd.pid" --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
      --bridge=none --storage-driver=overlay2 --cgroup-parent "/$BR/docker"
    pid=$(<"$D/docker.pid")
    note="started (pid $pid)"
  fi
  t0=$(now_us)
  until docker_answers; do
    alive "$pid" || die "dockerd exited: $(tail -n 3 "$D/docker.log" | tr '\n' ' ')"
    (($(ms_since "$t0") < 30000)) || die "dockerd did not answer on $DSOCK within 30 s"
    sleep 0.05
  done
  say "[$N] dockerd $note, answers on unix://$DSOCK ($(ms_since "$t0") ms)"
  if docker_ image inspect "127.0.0.1:$port/pause:1" >/dev/null 2>&1; then
    say "[$N] dockerd: pause image present"
  else
    run docker_ pull "127.0.0.1:$port/pause:1" ||
      die "dockerd could not pull 127.0.0.1:$port/pause:1 (was the node brought up with --images?); see $LOG"
    say "[$N] dockerd: pause image pulled"
  fi
  up_node_env "$port"
}

cmd_docker_down() {
  (($# == 1)) || usage
  local dir=$1 idx port
  [[ -d $dir ]] || { say "docker-down: $dir does not exist, nothing to do"; return 0; }
  need_root
  dir=$(cd "$dir" && pwd)
  idx=$(node_index_of "$dir")
  node_vars "$dir" "${idx:-none}"
  use_log "$D"; lock_dir "$D"
  step "dockerd" down_docker
  if ((${#DOWN_PROBLEMS[@]})); then
    say "docker-down incomplete (${#DOWN_PROBLEMS[@]} problems, see $LOG); run docker-down again"
    return 1
  fi
  if [[ -n $idx && -f $STATE ]]; then
    state_set DOCKER 0
    port=$(state_get REGISTRY_PORT)
    [[ -f $D/node.env && -n $port ]] && up_node_env "$port"
  fi
  return 0
}

# Containers first (through the API, so dockerd unmounts them and removes their cgroups),
# then dockerd by PID (it stops its own containerd), then what a crash may have left:
# shims, mounts, the directory.
down_docker() {
  local pid="" ids=() p pids=() m any notes=()
  [[ -d $DK || -s $D/docker.pid ]] || { STEP_NOTE="none"; return 0; }
  if [[ -x $DOCKER_CLI ]] && docker_answers; then
    mapfile -t ids < <(docker_ ps -aq 2>/dev/null)
    ((${#ids[@]} == 0)) || quiet docker_ rm -f -v "${ids[@]}"
    notes+=("${#ids[@]} containers removed")
  fi
  pid=$(dockerd_pid || pids_matching "dockerd" "--data-root $DK/data" | head -n 1)
  if [[ -n $pid ]]; then
    stop_pid "$pid" 20 || problem "dockerd pid $pid would not stop"
    notes+=("stopped pid $pid")
  fi
  mapfile -t pids < <(pids_matching "$DK/run/containerd/")
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in {1..40}; do alive "$p" || break; sleep 0.05; done
    alive "$p" && problem "docker's containerd or shim pid $p still alive"
  done
  ((${#pids[@]} == 0)) || notes+=("${#pids[@]} leftover containerd/shim processes killed")
  for _ in 1 2 3; do
    any=0
    while IFS= read -r m; do
      [[ -n $m ]] || continue
      any=1; run umount "$m" || quiet umount -l "$m"
    done < <(awk -v d="$DK" '$5 == d || index($5, d "/") == 1 { print length($5) "\t" $5 }' /proc/self/mountinfo | sort -rn | cut -f2-)
    ((any)) || break
  done
  rm -rf "$DK" 2>/dev/null || true
  [[ -e $DK ]] && problem "$DK remains"
  rm -f "$D/docker.pid"
  # dockerd makes /run/docker/plugins whatever its exec-root; gone with the last dockerd
  [[ -n $(pids_matching "dockerd") ]] || rmdir /run/docker/plugins /run/docker 2>/dev/null || true
  STEP_NOTE=$(IFS=';'; echo "${notes[*]-nothing running}" | sed 's/;/, /g')
}


# ================================================================ check

cmd_check() {
  (($# == 1)) || usage
  local dir=$1 pid
  [[ -d $dir ]] || { say "check: $dir does not exist"; return 1; }
  dir=$(cd "$dir" && pwd)
  node_vars "$dir" "$(node_index_of "$dir")"
  pid=$(containerd_pid) || { say "check: containerd of $D is not running"; return 1; }
  containerd_answers || { say "check: containerd of $D (pid $pid) does not answer on $SOCK"; return 1; }
  say "check: containerd of $D running (pid $pid)"
}

cmd_push() {
  (($# == 2 || $# == 3)) || usage
  local dir=$1 tarball=$2 name=${3:-} port reg imported
  [[ -f $tarball ]] || die "push: no such file: $tarball"
  dir=$(cd "$dir" && pwd); use_log "$dir"
  node_vars "$dir" "$(node_index_of "$dir")"
  containerd_answers || die "push: the containerd of $D is not running (start the node first: ./orch up)"
  port=$(state_get REGISTRY_PORT); [[ -n $port ]] || die "push: $D has no registry port recorded"
  reg=127.0.0.1:$port
  imported=$(ctr_ -n "$PUSH_NS" images import --no-unpack --all-platforms "$tarball" 2>>"$LOG" \
             | sed -n 's/^unpacking \([^ ]*\) .*/\1/p; s/^\([^ ]*\) saved$/\1/p' | head -n 1)
  [[ -n $imported ]] || imported=$(ctr_ -n "$PUSH_NS" images ls -q 2>>"$LOG" | head -n 1)
  [[ -n $imported ]] || die "push: $tarball holds no image containerd can import (see $LOG)"
  if [[ -z $name ]]; then # the tarball's own name, without a registry host or docker.io's library/
    name=$imported
    local first=${name%%/*}
    [[ $name == */* && ($first == *.* || $first == *:* || $first == localhost) ]] && name=${name#*/}
    name=${name#library/}
  fi
  run ctr_ -n "$PUSH_NS" images tag --force "$imported" "$reg/$name"
  run ctr_ -n "$PUSH_NS" images push --plain-http "$reg/$name" || die "push of $reg/$name failed (see $LOG)"
  quiet ctr_ -n "$PUSH_NS" images rm --sync "$imported" "$reg/$name"
  quiet ctr_ namespaces rm "$PUSH_NS"
  say "pushed $reg/$name"
  echo "$reg/$name"
}

# ================================================================ main

main() {
  (($# >= 1)) || usage
  local cmd=$1; shift
  case $cmd in
    images) cmd_images "$@" ;;
    registry-up) cmd_registry_up "$@" ;;
    registry-down) cmd_registry_down "$@" ;;
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    docker-up) cmd_docker_up "$@" ;;
    docker-down) cmd_docker_down "$@" ;;
    check) cmd_check "$@" ;;
    push) cmd_push "$@" ;;
    -h | --help | help) usage ;;
    *) say "unknown command: $cmd"; usage ;;
  esac
}

main "$@"
