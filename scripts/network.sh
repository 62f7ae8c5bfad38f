#!/usr/bin/env bash
# A local verifier network on 127.0.0.1 (docs/operator.md):
#
#   scripts/network.sh start [N]   start N nodes (default 4) of `--chain local`
#                                  and wait until the verifiers (1-4) finalize
#   scripts/network.sh status      best/finalized height and peers of each node
#                                  (from its Prometheus metrics)
#   scripts/network.sh stop        stop the nodes this script started (SIGTERM)
#
# Node i (from 1) lives in $FIDUCIA_NET_DIR/node-i (default /tmp/fiducia-net),
# with its own node key, database, keystore and log, and listens on
# p2p 30333+i, RPC 9944+i, Prometheus 9615+i. Nodes 1-4 are the `local`
# preset's verifiers (Alice, Bob, Charlie, Dave: dev session keys via
# --alice...); further nodes run --validator with an empty keystore, for an
# account to be licensed and admitted (`fiducia verifier ...`). Every node
# lists the others as boot nodes. Uses the node cargo built
# (<target>/release/fiducia-node) or $FIDUCIA_NODE.
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${FIDUCIA_NET_DIR:-/tmp/fiducia-net}"
node="${FIDUCIA_NODE:-${CARGO_TARGET_DIR:-target}/release/fiducia-node}"
names=(alice bob charlie dave)

metric() { # metric PORT NAME [LABEL]: the first sample's value, or "-"
  local value
  value=$(curl -fsS "http://127.0.0.1:$1/metrics" 2>/dev/null |
    awk -v name="$2" -v label="${3:-}" '$0 !~ /^#/ && index($0, name) == 1 && index($0, label) && v == "" { v = $NF } END { print v }') || true
  echo "${value:--}"
}

start() {
  local n="${1:-4}"
  [ -x "$node" ] || { echo "network: $node not found; build it (scripts/build.sh) or set FIDUCIA_NODE" >&2; exit 1; }
  mkdir -p "$dir"
  local addresses=()
  for i in $(seq 1 "$n"); do
    mkdir -p "$dir/node-$i"
    # A fixed key per node, so its peer id survives restarts.
    [ -f "$dir/node-$i/node-key" ] || printf '%064x' $((0xF1D00000 + i)) >"$dir/node-$i/node-key"
    local peer
    peer=$("$node" key inspect-node-key --file "$dir/node-$i/node-key")
    addresses+=("/ip4/127.0.0.1/tcp/$((30333 + i))/p2p/$peer")
  done
  for i in $(seq 1 "$n"); do
    if [ -f "$dir/node-$i/pid" ] && kill -0 "$(cat "$dir/node-$i/pid")" 2>/dev/null; then
      echo "network: node $i already runs (pid $(cat "$dir/node-$i/pid"))"
      continue
    fi
    local role=(--validator "--name=node-$i")
    ((i <= 4)) && role=("--${names[i - 1]}")
    local boot=()
    for j in $(seq 1 "$n"); do ((j != i)) && boot+=("${addresses[j - 1]}"); done
    "$node" --chain local --base-path "$dir/node-$i" "${role[@]}" \
      --node-key-file "$dir/node-$i/node-key" --port $((30333 + i)) \
      --rpc-port $((9944 + i)) --prometheus-port $((9615 + i)) \
      --no-telemetry --no-mdns --allow-private-ip --bootnodes "${boot[@]}" \
      >>"$dir/node-$i/node.log" 2>&1 &
    echo $! >"$dir/node-$i/pid"
    echo "network: node $i (${role[*]}) pid $!, rpc ws://127.0.0.1:$((9944 + i)), log $dir/node-$i/node.log"
  done
  # Nodes past the fourth get peers only once a licensed account registers
  # them (`fiducia verifier register-node`): wait for the verifiers.
  local verifiers=$((n < 4 ? n : 4))
  echo "network: waiting until nodes 1-$verifiers finalize a block..."
  local deadline=$((SECONDS + 180))
  for i in $(seq 1 "$verifiers"); do
    until [ "$(metric $((9615 + i)) substrate_block_height 'status="finalized"')" != "-" ] &&
      [ "$(metric $((9615 + i)) substrate_block_height 'status="finalized"')" -gt 0 ]; do
      ((SECONDS < deadline)) || { echo "network: node $i does not finalize; see $dir/node-$i/node.log" >&2; exit 1; }
      sleep 1
    done
  done
  status
}

status() {
  printf '%-6s %-8s %-8s %-10s %-6s\n' node pid best finalized peers
  for d in "$dir"/node-*; do
    [ -d "$d" ] || continue
    local i="${d##*-}" pid="-"
    [ -f "$d/pid" ] && kill -0 "$(cat "$d/pid")" 2>/dev/null && pid=$(cat "$d/pid")
    local port=$((9615 + i))
    printf '%-6s %-8s %-8s %-10s %-6s\n' "$i" "$pid" \
      "$(metric $port substrate_block_height 'status="best"')" \
      "$(metric $port substrate_block_height 'status="finalized"')" \
      "$(metric $port substrate_sub_libp2p_peers_count)"
  done
}

stop() {
  for d in "$dir"/node-*; do
    [ -f "$d/pid" ] || continue
    local pid
    pid=$(cat "$d/pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      echo "network: stopped node ${d##*-} (pid $pid)"
    fi
    rm -f "$d/pid"
  done
}

case "${1:-}" in
  start) start "${2:-4}" ;;
  status) status ;;
  stop) stop ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
