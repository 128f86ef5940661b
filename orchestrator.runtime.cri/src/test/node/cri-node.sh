#!/bin/bash
# cri-node.sh — an isolated containerd (CRI) with a CNI bridge for the tests of orchestrator.runtime.cri.
#
#   cri-node.sh images <cache-dir>   builds pause.tar and busybox.tar (localhost/pause:1, localhost/busybox:1) once
#   cri-node.sh up <dir> <cache-dir> bridge orchcri0 (10.244.250.1/24) + FORWARD drop rule, then containerd with
#                                    socket <dir>/node/containerd/containerd.sock and both images imported
#   cri-node.sh down <dir>           containerd (by PID) and anything runc still runs, mounts under <dir>, cgroups
#                                    /orchcri, bridge, rule, <dir> itself; idempotent
#
# Network safety: the bridge, its route and the rule that drops forwarding out of it exist before containerd (and
# so any pod) starts; pods get routes only for 10.244.0.0/16. Progress goes to stderr; details to <dir>/node.log.
set -euo pipefail
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
HERE=$(cd "$(dirname "$0")" && pwd)
MKIMAGE=${MKIMAGE:-/work/shared/recipes/mkimage.sh}
BRIDGE=orchcri0
GATEWAY=10.244.250.1
SUBNET=10.244.250.0/24
CGROUP=orchcri
RULE=(FORWARD -i "$BRIDGE" ! -o "$BRIDGE" -j DROP)

say() { echo "cri-node: $*" >&2; }

images() {
  local cache=$1 root
  mkdir -p "$cache"
  if [[ ! -s $cache/pause.tar ]]; then
    root=$(mktemp -d)
    gcc -static -Os -s -o "$root/pause" "$HERE/pause.c"
    bash "$MKIMAGE" "$root" localhost/pause:1 "$cache/pause.tar" '["/pause"]' >&2
    rm -rf "$root"
  fi
  if [[ ! -s $cache/busybox.tar ]]; then
    root=$(mktemp -d)
    mkdir -p "$root"/{bin,etc,proc,sys,dev,tmp,www}
    cp /bin/busybox "$root/bin/busybox"
    for applet in $("$root/bin/busybox" --list); do
      [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
    done
    ln -s bin "$root/sbin"; mkdir -p "$root/usr"; ln -s ../bin "$root/usr/bin"
    echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
    echo 'root:x:0:' >"$root/etc/group"
    echo 'hello from busybox' >"$root/www/index.html"
    bash "$MKIMAGE" "$root" localhost/busybox:1 "$cache/busybox.tar" '["/bin/sh"]' >&2
    rm -rf "$root"
  fi
}

network_up() {
  network_down
  ip link add "$BRIDGE" type bridge
  ip addr add "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  ip route replace "$SUBNET" dev "$BRIDGE" src "$GATEWAY"
  iptables -I "${RULE[@]}"
}

network_down() {
  while iptables -C "${RULE[@]}" 2>/dev/null; do iptables -D "${RULE[@]}"; done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link del "$BRIDGE"; fi
}

write_config() {
  local dir=$1
  mkdir -p "$dir/node/containerd" "$dir/cni/net.d" "$dir/cni/ipam" "$dir/runc" "$dir/opt"
  cat >"$dir/cni/net.d/10-orchcri.conflist" <<JSON
{"cniVersion": "0.4.0", "name": "orchcri", "plugins": [{
  "type": "bridge", "bridge": "$BRIDGE", "isGateway": false, "ipMasq": false, "hairpinMode": true,
  "ipam": {"type": "host-local", "dataDir": "$dir/cni/ipam",
           "ranges": [[{"subnet": "$SUBNET", "gateway": "$GATEWAY"}]],
           "routes": [{"dst": "10.244.0.0/16", "gw": "$GATEWAY"}]}}]}
JSON
  cat >"$dir/containerd.toml" <<TOML
version = 2
root = "$dir/root"
state = "$dir/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
                    "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$dir/node/containerd/containerd.sock"
[ttrpc]
  address = "$dir/ttrpc.sock"
[debug]
  address = "$dir/debug.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "localhost/pause:1"
  disable_apparmor = true
  restrict_oom_score_adj = true
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
        Root = "$dir/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$dir/cni/net.d"
    max_conf_num = 1
TOML
}

up() {
  local dir=$1 cache=$2 sock i
  mkdir -p "$dir"
  images "$cache"
  network_up
  write_config "$dir"
  sock=$dir/node/containerd/containerd.sock
  setsid bash -c 'echo $$ >"$0"; exec containerd --config "$1"' "$dir/containerd.pid" "$dir/containerd.toml" \
    </dev/null >>"$dir/containerd.log" 2>&1 &
  for ((i = 0; i < 200; i++)); do
    [[ -S $sock ]] && ctr -a "$sock" version >/dev/null 2>&1 && break
    sleep 0.05
  done
  ctr -a "$sock" version >/dev/null || { say "containerd did not start, see $dir/containerd.log"; exit 1; }
  ctr -a "$sock" -n k8s.io images import "$cache/pause.tar" >>"$dir/node.log" 2>&1
  ctr -a "$sock" -n k8s.io images import "$cache/busybox.tar" >>"$dir/node.log" 2>&1
  say "containerd pid $(<"$dir/containerd.pid") socket $sock"
}

down() {
  local dir=$1 pid id m i
  [[ -d $dir ]] || { network_down; return 0; }
  # whatever the test left running (it tears down through CRI first; this is the safety net)
  if [[ -d $dir/runc ]]; then
    for id in $(runc --root "$dir/runc/k8s.io" list -q 2>/dev/null); do
      runc --root "$dir/runc/k8s.io" kill "$id" KILL 2>/dev/null || true
      runc --root "$dir/runc/k8s.io" delete --force "$id" 2>/dev/null || true
    done
  fi
  if [[ -s $dir/containerd.pid ]]; then
    pid=$(<"$dir/containerd.pid")
    if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "containerd --config $dir/"; then
      kill -TERM "$pid"
      for ((i = 0; i < 100; i++)); do [[ -e /proc/$pid ]] || break; sleep 0.05; done
      [[ -e /proc/$pid ]] && kill -KILL "$pid"
    fi
  fi
  # shims of this containerd (their command line names our socket) exit when their task is gone; stop stragglers
  for p in /proc/[0-9]*; do
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "-address $dir/" && kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  for m in $(awk -v d="$dir/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  for m in /sys/fs/cgroup/*/"$CGROUP" /sys/fs/cgroup/unified/"$CGROUP"; do
    [[ -d $m ]] && find "$m" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  network_down
  rm -rf --one-file-system "$dir"
}

[[ $EUID -eq 0 ]] || { say "must run as root"; exit 1; }
case "${1:-}" in
  images) images "$2" ;;
  up) up "$2" "$3" ;;
  down) down "$2" ;;
  *) say "usage: $0 images <cache> | up <dir> <cache> | down <dir>"; exit 2 ;;
esac
