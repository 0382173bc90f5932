#!/usr/bin/env bash
# Two JVMs whose window batches cross a 50 us RTT link: two network namespaces joined by a veth
# pair with netem delaying each way by 25 us. A node runs in one namespace, the runner in the
# other; prints the runner's JSON line (or run.json) for each configuration.
#
#   experiments/bench/two-jvms-over-netem.sh [FILE.yaml | phold] [DELAY_US]
#
# Needs root (ip netns, tc). Everything it creates is removed on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-phold}"
delay_us="${2:-25}"
jar="$root/experiments/target/vioemu.jar"
[ -f "$jar" ] || (cd "$root" && mvn -B -q -DskipTests install)
java=(java --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -jar "$jar")
ns_a="vioemu-bench-a-$$"
ns_b="vioemu-bench-b-$$"
node_pid=""
out="$(mktemp -d)"

cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  rm -rf "$out"
}
trap cleanup EXIT

ip netns add "$ns_a"
ip netns add "$ns_b"
ip link add "va-$$" netns "$ns_a" type veth peer name "vb-$$" netns "$ns_b"
ip -n "$ns_a" addr add 10.77.0.1/24 dev "va-$$"
ip -n "$ns_b" addr add 10.77.0.2/24 dev "vb-$$"
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set "va-$$" up
ip -n "$ns_b" link set "vb-$$" up
if [ "$delay_us" != "0" ]; then
  if ! ip netns exec "$ns_a" tc qdisc add dev "va-$$" root netem delay "${delay_us}us" 2>/dev/null \
    || ! ip netns exec "$ns_b" tc qdisc add dev "vb-$$" root netem delay "${delay_us}us"; then
    echo "two-jvms-over-netem: this kernel has no netem qdisc (sch_netem); the veth pair runs" \
      "without the added delay" >&2
  fi
fi
command -v ping >/dev/null && ip netns exec "$ns_a" ping -c 3 -q 10.77.0.2 | tail -1 >&2

ip netns exec "$ns_b" taskset -c 1 "${java[@]}" node --hostname 10.77.0.2 --port 25700 \
  --aeron-port 25710 >/dev/null 2>&1 &
node_pid=$!
sleep 3

run=(ip netns exec "$ns_a" taskset -c 0 "${java[@]}")
common=(--jvms 2 --partitions 1 --hostname 10.77.0.1 --seed-nodes 10.77.0.2:25700)
if [ "$what" = "phold" ]; then
  "${run[@]}" bench phold --lps 1024 --end-us 2000 "${common[@]}" 2>/dev/null
else
  "${run[@]}" run "$what" --out "$out/r" --progress none --quiet "${common[@]}" >/dev/null 2>&1
  cat "$out/r/run.json"
fi
