#!/usr/bin/env bash
# What the dashboard costs: the daemon's GET /_ping rate headless vs with the dashboard open in a tmux pane, and
# the idle CPU of each process.
#
#   Assets/bench/dashboard-cost.sh [--binary PATH] [--duration SECONDS] [--rounds N] [--connections N] [--idle SECONDS]
#
# Without --binary it builds daemon-tui in release mode (measure release builds only; --binary exists to check the
# script itself with any build). Starts the same binary twice on loopback TCP — once --headless, once with its
# dashboard drawing into a 120x40 tmux pane — and:
#   1. samples each process's CPU time (utime+stime from /proc/PID/stat) over --idle seconds while nothing happens;
#   2. alternating between the two so neither benefits from a quieter machine, runs `wrk -t2 -cN` against /_ping.
# Prints requests per second and p99 latency (medians over the rounds), the dashboard/headless ratio (the issue's
# goal: at least 0.90), idle CPU in percent of one core, and the dashboard process's and its UI thread's CPU under
# load. Both run with -l warn, so neither writes a log line per request. Needs: wrk, tmux, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
. Assets/bench/lib.sh

binary=""
duration=10
rounds=3
connections=50
idle=10
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--duration S] [--rounds N] [--connections N] [--idle S]" >&2; exit 2 ;;
  esac
done
for tool in wrk tmux curl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed (apt-get install $tool)" >&2; exit 1; }
done
if [ -z "$binary" ]; then
  echo "building daemon-tui (release)…" >&2
  swift build -c release --product daemon-tui >/dev/null
  binary=$(swift build -c release --show-bin-path)/daemon-tui
fi
[ -x "$binary" ] || { echo "no daemon-tui binary at $binary" >&2; exit 1; }

work=$(mktemp -d /tmp/dt-cost.XXXXXX)
server="dt-cost-$$"
headless_pid=""
cleanup() {
  [ -n "$headless_pid" ] && kill "$headless_pid" 2>/dev/null || true
  tmux -L "$server" kill-server 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_file() {
  for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.1; done
  echo "$1 did not appear" >&2; return 1
}

headless_port=$(free_port)
"$binary" --headless -l warn -H "tcp://127.0.0.1:$headless_port" --data-root "$work/headless" 2>"$work/headless.log" &
headless_pid=$!
wait_ping "$headless_port"

dash_port=$(free_port)
export LC_ALL=${LC_ALL:-C.UTF-8}
tmux -L "$server" -f /dev/null new-session -d -s cost -x 120 -y 40 \
  "$(printf '%q ' "$binary" -l warn -H "tcp://127.0.0.1:$dash_port" --data-root "$work/dash" --pidfile "$work/dash.pid"); sleep 600"
wait_file "$work/dash.pid"
dash_pid=$(cat "$work/dash.pid")
wait_ping "$dash_port"
for _ in $(seq 100); do tmux -L "$server" capture-pane -p -t cost | grep -q "ACTIVE since" && break; sleep 0.1; done
tmux -L "$server" capture-pane -p -t cost | grep -q "ACTIVE since" || { echo "the dashboard did not draw" >&2; exit 1; }

# CPU seconds (user + system) a process — or, given a second argument, one of its threads — has used so far.
cpu_seconds() {
  local hz stat; hz=$(getconf CLK_TCK)
  stat="/proc/$1/stat"; [ -n "${2:-}" ] && stat="/proc/$1/task/$2/stat"
  # Fields after the ")" of the command name: state is 1, utime is 12, stime is 13.
  sed 's/^.*) //' "$stat" | awk -v hz="$hz" '{printf "%.3f", ($12 + $13) / hz}'
}
percent() { awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN {printf "%.1f", (b - a) / s * 100}'; }

# Let start-up settle. The readiness pings keep the req/s sparkline scrolling (one redraw a second for a minute),
# so this is the idle cost just after traffic; with nothing at all to show the dashboard does not redraw.
sleep 2
h0=$(cpu_seconds "$headless_pid"); d0=$(cpu_seconds "$dash_pid")
sleep "$idle"
h1=$(cpu_seconds "$headless_pid"); d1=$(cpu_seconds "$dash_pid")
headless_idle=$(percent "$h0" "$h1" "$idle")
dash_idle=$(percent "$d0" "$d1" "$idle")

# The dashboard runs on the process's main thread (thread id = pid): its CPU under load is the UI's share.
headless_rps=""; headless_p99=""; dash_rps=""; dash_p99=""; headless_cpu=""; load_cpu=""; ui_cpu=""
for round in $(seq "$rounds"); do
  h0=$(cpu_seconds "$headless_pid")
  read -r r p < <(measure "$headless_port"); headless_rps+="$r "; headless_p99+="$p "
  h1=$(cpu_seconds "$headless_pid"); headless_cpu+="$(percent "$h0" "$h1" "$duration") "
  d0=$(cpu_seconds "$dash_pid"); u0=$(cpu_seconds "$dash_pid" "$dash_pid")
  read -r r p < <(measure "$dash_port"); dash_rps+="$r "; dash_p99+="$p "
  d1=$(cpu_seconds "$dash_pid"); u1=$(cpu_seconds "$dash_pid" "$dash_pid")
  load_cpu+="$(percent "$d0" "$d1" "$duration") "; ui_cpu+="$(percent "$u0" "$u1" "$duration") "
  echo "round $round done" >&2
done
tmux -L "$server" capture-pane -p -t cost | grep -q "/_ping" || echo "warning: the dashboard's log does not show /_ping" >&2

hr=$(median "$headless_rps"); hp=$(median "$headless_p99")
dr=$(median "$dash_rps"); dp=$(median "$dash_p99")
ratio=$(awk -v a="$dr" -v b="$hr" 'BEGIN {printf "%.2f", a / b}')

echo
echo "GET /_ping: wrk -t2 -c$connections -d${duration}s, median of $rounds rounds, loopback TCP, $(nproc) cores"
echo "CPU in % of one core: idle over ${idle}s with no requests, and under load; binary: $binary"
printf "| %-24s | %10s | %10s | %13s | %13s |\n" mode "r/s" "p99 ms" "idle CPU %" "load CPU %"
printf "|%s|%s|%s|%s|%s|\n" "--------------------------" "------------" "------------" "---------------" "---------------"
printf "| %-24s | %10s | %10s | %13s | %13s |\n" "headless" "$hr" "$hp" "$headless_idle" "$(median "$headless_cpu")"
printf "| %-24s | %10s | %10s | %13s | %13s |\n" "dashboard (tmux 120x40)" "$dr" "$dp" "$dash_idle" "$(median "$load_cpu")"
echo
echo "dashboard / headless: $ratio (goal: at least 0.90); the dashboard's UI thread used $(median "$ui_cpu")% under load"
