#!/bin/bash
# test-node-env.sh — proves node-env.sh on this machine (root, Debian 12), without Java:
# images, a loopback registry, two nodes (250 and 251) brought up at once, the real pull
# path, a container run, pod-to-pod traffic across the two bridges, the FORWARD drop for
# anything else, hot `up` again, and a `down` that leaves nothing behind.
# Prints one PASS/FAIL line per check and "N passed, N failed"; exit 0 only if all pass.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENV="$HERE/node-env.sh"
export PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH"

[[ $EUID -eq 0 ]] || { echo "test-node-env: must run as root" >&2; exit 2; }

TMP=$(mktemp -d /tmp/node-env-test.XXXXXX)
CACHE=$TMP/cache REG=$TMP/registry N0=$TMP/n250 N1=$TMP/n251 NEVER=$TMP/never
SINK=ntest0                       # an empty bridge as sink for the forward-drop check (not orch*)
SINK_NET=198.51.100.0/24          # TEST-NET-2, routed only to that sink
PASS=0 FAIL=0
FWD_BEFORE=$(cat /proc/sys/net/ipv4/ip_forward)

pass() { PASS=$((PASS + 1)); printf 'PASS  %s\n' "$*"; }
fail() { FAIL=$((FAIL + 1)); printf 'FAIL  %s\n' "$*"; }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi; }
info() { printf 'info  %s\n' "$*"; }
ms() { echo $(( (${EPOCHREALTIME/./} - $1) / 1000 )); }
t() { echo "${EPOCHREALTIME/./}"; }

cleanup() {
  # Safety net if a check aborted half-way: the script's own teardown, by PID and path.
  "$ENV" down "$N0" >/dev/null 2>&1; "$ENV" down "$N1" >/dev/null 2>&1
  "$ENV" registry-down "$REG" >/dev/null 2>&1
  ip link del "$SINK" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() {
  local p
  for p in $(shuf -i 20000-45000 -n 100); do
    [[ -z $(ss -Htln "sport = :$p") ]] && { echo "$p"; return; }
  done
  return 1
}

# A pod made by hand with the node's own CNI config (ctr has no CRI sandboxes):
# netns /run/netns/cni-orchtest-<N>, eth0 on bridge orch<N>, address from host-local.
make_pod() {
  local dir=$1 n=$2 name=cni-orchtest-$2
  ip netns add "$name" || return 1
  jq '{cniVersion, name} + .plugins[0]' "$dir/cni/net.d/10-orch.conflist" |
    CNI_COMMAND=ADD CNI_CONTAINERID=orchtest$n CNI_NETNS=/run/netns/$name CNI_IFNAME=eth0 \
      CNI_PATH=/usr/lib/cni /usr/lib/cni/bridge | jq -r '.ips[0].address' | cut -d/ -f1
}
in_pod() { ip netns exec "cni-orchtest-$1" "${@:2}"; }

echo "== images"
t0=$(t); out=$("$ENV" images "$CACHE" 2>"$TMP/images.err"); rc=$?; cold_images=$(ms "$t0")
check "images: builds pause.tar and busybox.tar (${cold_images} ms)" \
  test $rc -eq 0 -a -s "$CACHE/pause.tar" -a -s "$CACHE/busybox.tar" -a "$out" = "$CACHE/pause.tar
$CACHE/busybox.tar"
t0=$(t); "$ENV" images "$CACHE" >/dev/null 2>"$TMP/images2.err"; warm_images=$(ms "$t0")
check "images: second run reuses both (${warm_images} ms)" test "$(grep -c cached "$TMP/images2.err")" -eq 2
check "images: busybox.tar is an OCI layout and a docker-archive" \
  bash -c "tar tf '$CACHE/busybox.tar' | grep -qx index.json && tar tf '$CACHE/busybox.tar' | grep -qx manifest.json"

echo "== registry"
PORT=$(free_port) || { echo "no free port"; exit 1; }
info "registry port $PORT"
check "registry-up answers /v2/ on 127.0.0.1:$PORT" "$ENV" registry-up "$REG" --port "$PORT"
check "registry-up again says already running" bash -c "'$ENV' registry-up '$REG' --port $PORT 2>&1 | grep -q 'already running'"
check "registry listens on loopback only" bash -c "ss -Htln 'sport = :$PORT' | awk '{print \$4}' | grep -qx '127.0.0.1:$PORT'"

echo "== up (two nodes at once, cold)"
check "down of a dir that never came up is fine" "$ENV" down "$NEVER"
t0=$(t)
"$ENV" up "$N0" --index 250 --registry-port "$PORT" --images "$CACHE" 2>"$TMP/up250.err" & p0=$!
"$ENV" up "$N1" --index 251 --registry-port "$PORT" --images "$CACHE" 2>"$TMP/up251.err" & p1=$!
wait $p0; rc0=$?; wait $p1; rc1=$?
cold_wall=$(ms "$t0")
cold0=$(grep -o 'node up in [0-9]* ms' "$TMP/up250.err" | grep -o '[0-9]*'); cold1=$(grep -o 'node up in [0-9]* ms' "$TMP/up251.err" | grep -o '[0-9]*')
check "up 250 (cold: ${cold0:-?} ms)" test $rc0 -eq 0
check "up 251 (cold: ${cold1:-?} ms, both together ${cold_wall} ms)" test $rc1 -eq 0
sed 's/^/info  /' "$TMP/up250.err" "$TMP/up251.err"
check "check 250: containerd answers" "$ENV" check "$N0"
check "check 251: containerd answers" "$ENV" check "$N1"
check "CRI plugin loaded on 250" bash -c "ctr -a '$N0/containerd/containerd.sock' plugins ls | awk '\$2==\"cri\"{print \$4}' | grep -qx ok"

echo "== network"
check "bridge orch250 up with 10.244.250.1/24" bash -c "ip -4 -o addr show dev orch250 | grep -q ' 10.244.250.1/24 '"
check "bridge orch251 up with 10.244.251.1/24" bash -c "ip -4 -o addr show dev orch251 | grep -q ' 10.244.251.1/24 '"
check "blackhole 10.244.0.0/16" test -n "$(ip route show type blackhole 10.244.0.0/16)"
svc_dev=$(ip route show 10.96.0.0/16 | awk '{for(i=1;i<NF;i++) if($i=="dev") print $(i+1)}')
check "exactly one 10.96.0.0/16 route, on one of our bridges ($svc_dev)" \
  bash -c "[[ \$(ip route show 10.96.0.0/16 | wc -l) == 1 && '$svc_dev' =~ ^orch25[01]\$ ]]"
check "FORWARD jumps to ORCH-FORWARD once, first" \
  bash -c "[[ \$(iptables -w -S FORWARD | grep -c ORCH-FORWARD) == 1 && \$(iptables -w -S FORWARD | sed -n 2p) == '-A FORWARD -j ORCH-FORWARD' ]]"
check "ORCH-FORWARD: orch->orch ACCEPT, then orch->other DROP" \
  bash -c "iptables -w -S ORCH-FORWARD | sed -n '2p;3p' | tr '\n' '|' | grep -qx -- '-A ORCH-FORWARD -i orch+ -o orch+ -j ACCEPT|-A ORCH-FORWARD -i orch+ -j DROP|'"
check "CNI conflist: bridge orch250, 10.244.250.0/24, routes pod+svc only" \
  bash -c "jq -e '.cniVersion==\"0.4.0\" and .name==\"orch\" and (.plugins|length)==1 and .plugins[0].bridge==\"orch250\" and .plugins[0].ipam.subnet==\"10.244.250.0/24\" and ([.plugins[0].ipam.routes[].dst]==[\"10.244.0.0/16\",\"10.96.0.0/16\"])' '$N0/cni/net.d/10-orch.conflist'"
check "containerd config: sandbox image 127.0.0.1:$PORT/pause:1" grep -q "sandbox_image = \"127.0.0.1:$PORT/pause:1\"" "$N0/containerd/config.toml"
check "node.env of 251" bash -c ". '$N1/node.env' && [[ \$NODE_INDEX == 251 && \$BRIDGE == orch251 && \$POD_CIDR == 10.244.251.0/24 && \$NODE_IP == 10.244.251.1 && \$CRI_ENDPOINT == unix://$N1/containerd/containerd.sock && \$REGISTRY == 127.0.0.1:$PORT && \$CGROUP_PARENT == /orch251 ]]"

echo "== images and the pull path"
check "registry has pause:1 and busybox:1" \
  bash -c "curl -fsS http://127.0.0.1:$PORT/v2/pause/tags/list | grep -q '\"1\"' && curl -fsS http://127.0.0.1:$PORT/v2/busybox/tags/list | grep -q '\"1\"'"
for d in "$N0" "$N1"; do
  imgs=$(ctr -a "$d/containerd/containerd.sock" -n k8s.io images ls -q)
  check "$(basename "$d"): pause imported, busybox left to pull" \
    bash -c "grep -qx '127.0.0.1:$PORT/pause:1' <<<'$imgs' && ! grep -q busybox <<<'$imgs'"
done
S0=$N0/containerd/containerd.sock S1=$N1/containerd/containerd.sock
t0=$(t)
check "pull 127.0.0.1:$PORT/busybox:1 on 250 through the registry" ctr -a "$S0" -n k8s.io images pull --plain-http "127.0.0.1:$PORT/busybox:1"
info "pull took $(ms "$t0") ms"
out=$(ctr -a "$S0" -n k8s.io run --rm --net-host --cgroup /orch250/t1 --runc-root "$N0/containerd/runc" \
  "127.0.0.1:$PORT/busybox:1" t1 sh -c 'echo ok; cat /www/index.html' 2>&1)
check "ctr run busybox on 250 prints ok (and the image's index.html)" test "$out" = "ok
hello from orchestrator"
ctr -a "$S1" -n k8s.io images pull --plain-http "127.0.0.1:$PORT/busybox:1" >/dev/null 2>&1
check "a long-running container on 251 (for down to kill)" ctr -a "$S1" -n k8s.io run -d --cgroup /orch251/sleeper \
  --runc-root "$N1/containerd/runc" "127.0.0.1:$PORT/busybox:1" sleeper sleep 1000

echo "== pod network (pods made with the nodes' CNI configs)"
ip0=$(make_pod "$N0" 250); ip1=$(make_pod "$N1" 251)
info "pod 250: $ip0, pod 251: $ip1"
check "pod 250 got an address in 10.244.250.0/24" bash -c "[[ '$ip0' == 10.244.250.* ]]"
check "pod routes: 10.244.0.0/16 and 10.96.0.0/16 only, no default" \
  bash -c "r=\$(ip netns exec cni-orchtest-250 ip -4 route); grep -q '^10.244.0.0/16 via 10.244.250.1' <<<\"\$r\" && grep -q '^10.96.0.0/16 via 10.244.250.1' <<<\"\$r\" && ! grep -q default <<<\"\$r\""
check "pod 250 -> pod 251 across bridges (ping)" in_pod 250 busybox ping -c 1 -W 2 "$ip1"
# Anything else a pod sends is dropped in FORWARD. The sink is an empty bridge of our
# own (dummy devices are not available on this kernel): even a broken rule could not
# leak a packet off this machine. Without the sink the check is not attempted.
if ip link add "$SINK" type bridge 2>/dev/null && ip link set "$SINK" up && ip route add "$SINK_NET" dev "$SINK"; then
  in_pod 250 ip route add "$SINK_NET" via 10.244.250.1
  drops() { iptables -w -L ORCH-FORWARD -v -x -n | awk '$3=="DROP"{print $1}'; }
  d0=$(drops); in_pod 250 busybox ping -c 2 -W 1 198.51.100.7 >/dev/null 2>&1; d1=$(drops)
  check "pod 250 -> non-pod address is dropped by ORCH-FORWARD ($d0 -> $d1 packets)" test "$((d1 - d0))" -ge 2
else
  fail "could not make the sink bridge $SINK: forward-drop check not attempted"
fi
ip link del "$SINK" 2>/dev/null
check "ip_forward was turned on by the CNI bridge plugin (expected)" test "$(cat /proc/sys/net/ipv4/ip_forward)" = 1

echo "== up again (warm, containers must survive)"
pid0=$(cat "$N0/containerd.pid"); pid1=$(cat "$N1/containerd.pid")
t0=$(t); "$ENV" up "$N1" --index 251 --registry-port "$PORT" --images "$CACHE" 2>"$TMP/warm.err"; rc=$?; warm=$(ms "$t0")
check "warm up 251 (${warm} ms)" test $rc -eq 0
sed 's/^/info  /' "$TMP/warm.err"
check "containerd of 251 kept (same pid)" test "$(cat "$N1/containerd.pid")" = "$pid1"
check "sleeper on 251 still running" bash -c "ctr -a '$S1' -n k8s.io tasks ls | grep -q 'sleeper .*RUNNING'"
check "still one FORWARD jump and 3 chain rules" \
  bash -c "[[ \$(iptables -w -S FORWARD | grep -c ORCH-FORWARD) == 1 && \$(iptables -w -S ORCH-FORWARD | grep -c '^-A') == 3 ]]"
check "still one address on orch251, one svc route" \
  bash -c "[[ \$(ip -4 -o addr show dev orch251 | wc -l) == 1 && \$(ip route show 10.96.0.0/16 | wc -l) == 1 ]]"
check "up with another index on the same dir is refused" bash -c "! '$ENV' up '$N1' --index 7 --registry-port $PORT 2>/dev/null"

echo "== down 250 (251 stays)"
t0=$(t); "$ENV" down "$N0" 2>"$TMP/down250.err"; rc=$?; down0=$(ms "$t0")
check "down 250 (${down0} ms)" test $rc -eq 0
check "orch250 gone, orch251 kept" bash -c "! ip link show orch250 && ip link show orch251"
check "netns cni-orchtest-250 removed (found by its address)" test ! -e /run/netns/cni-orchtest-250
check "shared chain and blackhole kept for 251" \
  bash -c "iptables -w -S ORCH-FORWARD && [[ -n \$(ip route show type blackhole 10.244.0.0/16) ]]"
check "service route now on orch251" bash -c "ip route show 10.96.0.0/16 | grep -q 'dev orch251'"
check "containerd 251 unaffected" "$ENV" check "$N1"

echo "== down 251 (the last node)"
sleeper_pid=$(ctr -a "$S1" -n k8s.io tasks ls | awk '$1=="sleeper"{print $2}')
t0=$(t); "$ENV" down "$N1" 2>"$TMP/down251.err"; rc=$?; down1=$(ms "$t0")
check "down 251 (${down1} ms)" test $rc -eq 0
((rc == 0)) || cat "$TMP/down251.err"
check "down 251 again (idempotent)" "$ENV" down "$N1"
check "registry-down" "$ENV" registry-down "$REG"
check "registry-down again" "$ENV" registry-down "$REG"

echo "== nothing left"
check "no bridge orch250/orch251" bash -c "! ip link show orch250 && ! ip link show orch251"
check "no veth left on our bridges" bash -c "! ip -o link | grep -qE 'master orch25[01]'"
check "no ORCH-FORWARD chain, no FORWARD jump" bash -c "! iptables -w -S ORCH-FORWARD && ! iptables -w -S FORWARD | grep -q ORCH"
check "no blackhole route, no 10.96.0.0/16 route" bash -c "[[ -z \$(ip route show type blackhole 10.244.0.0/16) && -z \$(ip route show 10.96.0.0/16) ]]"
check "no netns cni-orchtest-*" bash -c "! ls /run/netns/cni-orchtest-* 2>/dev/null"
check "sleeper process ($sleeper_pid) gone" bash -c "[[ -n '$sleeper_pid' ]] && ! kill -0 '$sleeper_pid'"
ours=$(for p in /proc/[0-9]*; do tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q "$TMP/" && echo "${p#/proc/}"; done | grep -vx "$$" || true)
# The loop's own subshells match too while they run; keep only processes still alive.
ours=$(for p in $ours; do [[ -d /proc/$p ]] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qE 'containerd|registry' && echo "$p"; done)
check "no containerd/shim/registry process of ours" test -z "$ours"
check "no mount under $TMP" bash -c "! grep -qF '$TMP' /proc/self/mountinfo"
check "no cgroup dirs /sys/fs/cgroup/*/orch25[01]" bash -c "! ls -d /sys/fs/cgroup/*/orch25[01] /sys/fs/cgroup/orch25[01] 2>/dev/null | grep -q ."
check "ip_forward back to its value before the test ($FWD_BEFORE)" test "$(cat /proc/sys/net/ipv4/ip_forward)" = "$FWD_BEFORE"
check "node dirs deletable" rm -rf "$N0" "$N1"

echo
info "timings: images cold ${cold_images} ms, warm ${warm_images} ms; up cold 250 ${cold0:-?} ms / 251 ${cold1:-?} ms (parallel, wall ${cold_wall} ms); up warm ${warm} ms; down ${down0} ms / ${down1} ms"
echo "$PASS passed, $FAIL failed"
((FAIL == 0))
