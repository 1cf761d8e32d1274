# Helpers shared by the benchmark scripts (sourced, not run). They read $connections and $duration.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until GET /_ping answers on 127.0.0.1:$1.
wait_ping() {
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/_ping" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server on port $1 did not answer" >&2; return 1
}

# CPU time (user + system, in clock ticks) process $1 has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Prints "REQ_PER_SEC P99_MS" for one wrk run against 127.0.0.1:$1 path $2 (default /_ping). Given the server's
# pid as $3, adds a third figure: the server's CPU time per request in microseconds. On a machine where wrk and
# the server share the cores it is the steadier measure of the server's own cost.
measure() {
  local out rps p99 before after requests
  [ -n "${3:-}" ] && before=$(cpu_ticks "$3")
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$1${2:-/_ping}")
  [ -n "${3:-}" ] && after=$(cpu_ticks "$3")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  case "$p99" in
    *us) p99=$(awk -v v="${p99%us}" 'BEGIN {printf "%.2f", v / 1000}') ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(awk -v v="${p99%s}" 'BEGIN {printf "%.2f", v * 1000}') ;;
  esac
  if [ -n "${3:-}" ]; then
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    echo "$rps $p99 $(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
  else
    echo "$rps $p99"
  fi
}

# The median of the space-separated numbers in $1 ("-" when there are none).
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
