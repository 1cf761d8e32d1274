#!/usr/bin/env bash
# Benchmarks daemon-tui's API server against the reference engine (dockerd), side by side.
#
#   Assets/bench/bench.sh [--duration SECONDS] [--rounds N] [--connections N]
#
# Builds daemon-tui in release mode, starts it headless on loopback TCP, and — when `dockerd` is installed
# (apt-get install docker.io) — starts dockerd the same way on a private data root. Then, alternating between
# the two so that neither benefits from a quieter machine, runs `wrk -t2 -cN` against GET /_ping and
# GET /v1.41/version, and prints requests per second and p99 latency with the ratio daemon-tui / dockerd.
# Needs: wrk (apt-get install wrk). Run as root so dockerd can start.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Assets/bench/lib.sh

duration=10
rounds=3
connections=50
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "usage: $0 [--duration S] [--rounds N] [--connections N]" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

work=$(mktemp -d /tmp/dt-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT


echo "building daemon-tui (release)…" >&2
swift build -c release --product daemon-tui >/dev/null
bin=$(swift build -c release --show-bin-path)/daemon-tui

dt_port=$(free_port)
# -l warn: the per-request info line is part of the seed's Logging, but dockerd does not log each request at
# info either; both sides serve without a per-request log line.
"$bin" --headless -l warn -H "tcp://127.0.0.1:$dt_port" --data-root "$work/dt" 2>"$work/dt.log" &
dt_pid=$!
pids+=($dt_pid)
wait_ping "$dt_port"

ref_port=""
if command -v dockerd >/dev/null; then
  if ! pgrep -x containerd >/dev/null; then
    containerd --root "$work/containerd" --state "$work/containerd-state" --address "$work/containerd.sock" >"$work/containerd.log" 2>&1 &
    pids+=($!)
    containerd_flag=(--containerd "$work/containerd.sock")
    for _ in $(seq 100); do [ -S "$work/containerd.sock" ] && break; sleep 0.1; done
  else
    containerd_flag=()
  fi
  ref_port=$(free_port)
  dockerd --iptables=false --ip-forward=false --bridge=none "${containerd_flag[@]}" -H "tcp://127.0.0.1:$ref_port" \
    --data-root "$work/ref" --exec-root "$work/ref-exec" --pidfile "$work/ref.pid" >"$work/ref.log" 2>&1 &
  pids+=($!)
  wait_ping "$ref_port" || { echo "dockerd did not start; see $work/ref.log" >&2; ref_port=""; }
  ref_pid=$(cat "$work/ref.pid" 2>/dev/null || true)
else
  echo "dockerd is not installed (apt-get install docker.io): daemon-tui only" >&2
fi

declare -A dt_rps dt_p99 dt_cpu ref_rps ref_p99 ref_cpu
paths=(/_ping /v1.41/version)
for round in $(seq "$rounds"); do
  for path in "${paths[@]}"; do
    read -r r p c < <(measure "$dt_port" "$path" "$dt_pid"); dt_rps[$path]+="$r "; dt_p99[$path]+="$p "; dt_cpu[$path]+="$c "
    if [ -n "$ref_port" ]; then
      read -r r p c < <(measure "$ref_port" "$path" "$ref_pid"); ref_rps[$path]+="$r "; ref_p99[$path]+="$p "; ref_cpu[$path]+="$c "
    fi
    echo "round $round $path done" >&2
  done
done


echo
echo "wrk -t2 -c$connections -d${duration}s, median of $rounds rounds, loopback TCP, $(nproc) cores"
echo "CPU/req: the server's own CPU time (user + system) per request served, in microseconds"
printf "| %-18s | %14s | %14s | %7s | %9s | %11s | %11s | %11s |\n" route "daemon-tui r/s" "dockerd r/s" ratio "dt p99 ms" "dockerd p99" "dt CPU/req" "dkd CPU/req"
printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n" "--------------------" "----------------" "----------------" "---------" "-----------" "-------------" "-------------" "-------------"
for path in "${paths[@]}"; do
  a=$(median "${dt_rps[$path]}"); ap=$(median "${dt_p99[$path]}"); ac=$(median "${dt_cpu[$path]}")
  if [ -n "$ref_port" ]; then
    b=$(median "${ref_rps[$path]}"); bp=$(median "${ref_p99[$path]}"); bc=$(median "${ref_cpu[$path]}")
    ratio=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')
  else
    b="-"; bp="-"; bc="-"; ratio="-"
  fi
  printf "| %-18s | %14s | %14s | %7s | %9s | %11s | %11s | %11s |\n" "GET $path" "$a" "$b" "$ratio" "$ap" "$bp" "$ac" "$bc"
done
