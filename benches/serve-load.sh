#!/usr/bin/env bash
# S1: `palisade serve` under load, on loopback only, bounded in count and time. Starts the
# release server with a test certificate, then measures with `serve-load` (benches/src/bin):
#   1. sustained throughput: 8 keep-alive connections sending the privileged-pod review back to
#      back for $SERVE_SECS seconds (the generator runs on the same 2 cores as the server);
#      the server's CPU time per request is read from /proc, so the figure that does not
#      depend on the generator's share of the machine is reported too;
#   2. latency at a fixed 1,000 requests/s for $SERVE_SECS seconds (p50/p99/p99.9);
#   3. a soak at 1,000 requests/s for $SERVE_SOAK_SECS seconds, resident memory at its start
#      and end.
# Writes key=value lines to $1 (default target/bench-run/serve), which bench-report turns into
# the S1 section of benches/RESULTS.md.
#
#   benches/serve-load.sh                                  defaults: 10 s runs, 600 s soak
#   SERVE_SECS=3 SERVE_SOAK_SECS=20 benches/serve-load.sh  a short run
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-target/bench-run/serve}
secs=${SERVE_SECS:-10}
soak=${SERVE_SOAK_SECS:-600}
work=target/bench-run/serve-tls
body=examples/admission/privileged-pod-review.json
mkdir -p "$work" "$(dirname "$out")"

cargo build --release --locked -p palisade-cli -p palisade-benches --bin palisade --bin serve-load
target/release/serve-load certs "$work"

target/release/palisade serve --addr 127.0.0.1:0 --tls-cert "$work/cert.pem" \
    --tls-key "$work/key.pem" --log-level info 2> "$work/server.log" &
server=$!
stop() { kill -TERM "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; }
trap stop EXIT

addr=""
for _ in $(seq 1 300); do
    addr=$(grep -m1 '"message":"listening"' "$work/server.log" 2> /dev/null \
        | sed 's/.*"addr":"\([^"]*\)".*/\1/' || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
if [ -z "$addr" ]; then
    echo "palisade serve did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
fi
echo "== palisade serve on $addr (pid $server)"

# utime + stime of the server, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
ticks_per_s=$(getconf CLK_TCK)

: > "$out"
echo "== S1a: throughput, 8 keep-alive connections, ${secs} s"
target/release/serve-load closed "$addr" "$work/ca.pem" "$body" 1 1 > /dev/null # warm-up
before=$(cpu_ticks)
target/release/serve-load closed "$addr" "$work/ca.pem" "$body" 8 "$secs" | tee "$work/closed"
after=$(cpu_ticks)
requests=$(sed -n 's/^requests=//p' "$work/closed")
sed 's/^/closed_/' "$work/closed" >> "$out"
awk -v t=$((after - before)) -v hz="$ticks_per_s" -v n="$requests" \
    'BEGIN { printf "closed_server_cpu_us_per_request=%.1f\n", t / hz * 1e6 / n }' | tee -a "$out"

echo "== S1b: latency at 1,000 requests/s, ${secs} s"
target/release/serve-load rate "$addr" "$work/ca.pem" "$body" 1000 "$secs" | tee "$work/rate"
sed 's/^/rate_/' "$work/rate" >> "$out"

echo "== S1c: soak at 1,000 requests/s, ${soak} s"
echo "soak_rss_start_kib=$(awk '/VmRSS/ { print $2 }' "/proc/$server/status")" | tee -a "$out"
target/release/serve-load rate "$addr" "$work/ca.pem" "$body" 1000 "$soak" "$server" | tee "$work/soak"
sed 's/^/soak_/' "$work/soak" >> "$out"
echo "soak_secs=$soak" >> "$out"

# The server still answers, and stops cleanly.
kill -TERM "$server"
status=0
wait "$server" || status=$?
trap - EXIT
echo "server_exit=$status" >> "$out"
if [ "$status" -ne 0 ]; then
    echo "palisade serve exited with $status" >&2
    exit 1
fi
echo "== wrote $out"
