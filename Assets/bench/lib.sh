# Helpers shared by the benchmark scripts (sourced, not run). They read $connections and $duration.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until GET /_ping answers on 127.0.0.1:$1.
wait_ping() {
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$1/_ping" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "server on port $1 did not answer" >&2; return 1
}

# Prints "REQ_PER_SEC P99_MS" for one wrk run against 127.0.0.1:$1 path $2 (default /_ping).
measure() {
  local out rps p99
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$1${2:-/_ping}")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  case "$p99" in
    *us) p99=$(awk -v v="${p99%us}" 'BEGIN {printf "%.2f", v / 1000}') ;;
    *ms) p99=${p99%ms} ;;
    *s) p99=$(awk -v v="${p99%s}" 'BEGIN {printf "%.2f", v * 1000}') ;;
  esac
  echo "$rps $p99"
}

# The median of the space-separated numbers in $1 ("-" when there are none).
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }
