#!/usr/bin/env bash
# Teaching demo: Docker 1.2's server creation flow, watched live in daemon-tui's dashboard.
#
#   Assets/demo/demo.sh [--auto] [--binary PATH] [--capture FILE]
#
# Opens tmux with the dashboard on top and a narrator pane below. daemon-tui starts with --activation manual on a
# unix socket and a TLS-verify tcp port (certificates made with openssl in a temporary directory). The narrator
# fires requests from the docker CLI and curl over both, which wait in the listen buffer; `a` releases them and you
# watch them flush; `b` re-arms holding; a client without a certificate is refused by the TLS-verify listener; a
# 404 and a version-gate error end it.
#
# Interactive (default): attaches to tmux and waits for Enter before each step; the last Enter quits (q).
# --auto: runs detached, drives itself with `tmux send-keys`, prints what happened and the dashboard at the
#         interesting moments, exits non-zero if a step did not behave. --capture FILE keeps the dashboard
#         screen taken while requests are held.
# Needs: tmux, curl, openssl; the docker CLI if installed (steps using it are skipped otherwise).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# ---------------------------------------------------------------------------------------------------------------
# The narrator: runs in the bottom pane, reads the demo's settings from the state file given as $2.
if [ "${1:-}" = "--drive" ]; then
  # shellcheck disable=SC1090
  source "$2"
  failures=0
  say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
  show() { printf '\033[36m$ %s\033[0m\n' "$*"; }
  pause() {
    if [ "$auto" = 1 ]; then sleep "${1:-1}"; else printf '\033[2m(Enter)\033[0m'; read -r _; fi
  }
  fail() { echo "DEMO FAILED: $*"; failures=$((failures + 1)); }
  dash_keys() { tmux -L "$server" send-keys -t "$dash_pane" "$@"; }
  dash_screen() { tmux -L "$server" capture-pane -p -t "$dash_pane"; }
  # Waits (up to 30 s) until the dashboard shows a line matching the extended regex $1.
  wait_screen() {
    for _ in $(seq 300); do dash_screen | grep -Eq -- "$1" && return 0; sleep 0.1; done
    fail "the dashboard never showed /$1/"; return 1
  }
  # Starts a client in the background, its output kept in $work/out.N, its exit status in $work/rc.N; prints the
  # command first.
  n=0
  bg() {
    n=$((n + 1)); show "$* &"
    ( "$@" >"$work/out.$n" 2>&1; echo "$?" >"$work/rc.$n" ) &
  }
  # Waits for every background client from number $1 on, prints what each one got, checks each exited 0.
  collect() {
    wait
    for i in $(seq "$1" "$n"); do
      printf '  [%s] exit %s: %s\n' "$i" "$(cat "$work/rc.$i")" "$(tr '\n' ' ' <"$work/out.$i" | cut -c1-100)"
      [ "$(cat "$work/rc.$i")" = 0 ] || fail "client $i exited $(cat "$work/rc.$i")"
    done
  }
  unix_curl=(curl -s --unix-socket "$sock")
  tls_curl=(curl -s --cacert "$certs/ca.pem" --cert "$certs/cert.pem" --key "$certs/key.pem")
  have_docker=0; command -v docker >/dev/null && have_docker=1

  wait_screen 'HOLDING' || true
  say "1. daemon-tui is up (top): the serveapi job bound unix://$sock and tcp://127.0.0.1:$port (--tlsverify)."
  echo "   --activation manual: the listen buffer holds every request until acceptconnections runs (key a)."
  pause 2

  say "2. Clients connect over unix and tcp. Their requests are accepted, then held:"
  first=$((n + 1))
  bg "${unix_curl[@]}" http://localhost/v1.41/version
  if [ "$have_docker" = 1 ]; then
    bg env DOCKER_HOST="unix://$sock" docker version --format 'docker over unix: server API {{.Server.APIVersion}}'
    bg env DOCKER_HOST="tcp://127.0.0.1:$port" DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$certs" \
      docker info --format 'docker over tcp+TLS: {{.ServerVersion}}, {{.Images}} images'
  fi
  bg "${tls_curl[@]}" "https://127.0.0.1:$port/v1.41/_ping"
  expected=$((n - first + 1))
  wait_screen "HOLDING $expected requests" || true
  sleep 0.5
  dash_screen >"$work/screen-holding.txt"
  echo "   The dashboard: HOLDING $expected requests; each listener counts its held ones; the log shows them as held."
  echo "   (The docker CLI gives up on a held HEAD /_ping after a few seconds and sends another: the log shows the"
  echo "   abandoned one as ✗ ---.)"
  pause 3

  say "3. Press a: acceptconnections runs, the held requests flow through the router in arrival order."
  pause 1
  dash_keys a
  collect "$first"
  wait_screen 'ACTIVE since' || true
  dash_screen >"$work/screen-active.txt"
  pause 3

  say "4. Press b: buffering is re-armed; the next request waits again."
  pause 1
  dash_keys b
  wait_screen 'buffering ON' || true
  first=$((n + 1))
  bg "${unix_curl[@]}" -o /dev/null -w 'GET /v1.41/info -> %{http_code}\n' http://localhost/v1.41/info
  wait_screen 'HOLDING 1 request' || true
  echo "   Held (see the status bar). Press a to let it go."
  pause 2
  dash_keys a
  collect "$first"
  pause 2

  say "5. The TLS-verify listener refuses a client without a certificate (the handshake fails):"
  show "curl -k https://127.0.0.1:$port/_ping"
  if curl -sS -k --max-time 10 "https://127.0.0.1:$port/_ping" 2>&1 | sed 's/^/  /'; then
    fail "a client without a certificate was served"
  fi
  wait_screen 'verify (✗|x)1' || true
  echo "   The Listeners pane counts the failed handshake beside the listener's TLS mode."
  pause 2

  say "6. A path no route matches: 404 from the router."
  show "${unix_curl[*]} http://localhost/v1.41/no/such/route"
  code=$("${unix_curl[@]}" -w ' -> %{http_code}' http://localhost/v1.41/no/such/route); echo "  $code"
  [[ "$code" == *"-> 404" ]] || fail "expected 404, got: $code"
  pause 2

  say "7. The version gate (makeHttpHandler): a client newer than the daemon, then one older than 1.12."
  for v in 1.99 1.5; do
    show "${unix_curl[*]} http://localhost/v$v/version"
    code=$("${unix_curl[@]}" -w ' -> %{http_code}' "http://localhost/v$v/version"); echo "  $code"
    [[ "$code" == *"-> 400" ]] || fail "expected 400 for v$v, got: $code"
  done
  wait_screen '/v1.5/version' || true
  dash_screen >"$work/screen-end.txt"

  if [ "$failures" = 0 ]; then echo "DEMO OK" >"$work/result"; else echo "DEMO FAILED ($failures)" >"$work/result"; fi
  if [ "$auto" = 1 ]; then
    sleep 1
    dash_keys q
  else
    say "That's the flow. To explore, move to the dashboard (tmux prefix, then the up arrow): 3 selects the log,"
    echo "Enter on a request shows its detail and timeline, c its curl command, r composes a request."
    echo "Press Enter here to quit: q in the dashboard shuts the daemon down gracefully, then tmux closes."
    pause
    dash_keys q
  fi
  tmux -L "$server" wait-for -S demo-steps-done
  exec sleep 3600
fi

# ---------------------------------------------------------------------------------------------------------------
# The stage: certificates, tmux, the dashboard.
auto=0
binary=""
capture=""
while [ $# -gt 0 ]; do
  case "$1" in
    --auto) auto=1; shift ;;
    --binary) binary=$2; shift 2 ;;
    --capture) capture=$2; shift 2 ;;
    *) echo "usage: $0 [--auto] [--binary PATH] [--capture FILE]" >&2; exit 2 ;;
  esac
done
for tool in tmux curl openssl; do
  command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 1; }
done
if [ -z "$binary" ]; then
  (cd "$here/../.." && swift build --product daemon-tui >&2)
  binary="$(cd "$here/../.." && swift build --show-bin-path)/daemon-tui"
fi
[ -x "$binary" ] || { echo "no daemon-tui binary at $binary" >&2; exit 1; }

work=$(mktemp -d /tmp/dtd.XXXX)
server="dt-demo-$$"
cleanup() {
  tmux -L "$server" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

certs="$work/certs"
mkdir -p "$certs"
(
  cd "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 -subj "/CN=daemon-tui demo CA"
  openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=localhost"
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -days 1 -extfile server.ext
  openssl req -newkey rsa:2048 -nodes -keyout key.pem -out client.csr -subj "/CN=demo client"
  printf 'extendedKeyUsage=clientAuth\n' >client.ext
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -days 1 -extfile client.ext
) >/dev/null 2>&1 || { echo "openssl could not make the certificates" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 23760)
sock="$work/docker.sock"
cat >"$work/state" <<EOF
auto=$auto
server=$server
work=$work
certs=$certs
sock=$sock
port=$port
EOF

# DOCKER_CERT_PATH lets the dashboard's composer (r) reach the TLS-verify listener with the client certificate.
daemon=("$binary" --activation manual --data-root "$work/root" -H "unix://$sock" -H "tcp://127.0.0.1:$port"
  --tlsverify --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem")
export LC_ALL=${LC_ALL:-C.UTF-8}
# Panes are named by id: indexes change when the dashboard's pane closes.
dash_pane=$(tmux -L "$server" -f /dev/null new-session -d -P -F '#{pane_id}' -s demo -x 120 -y 50 \
  "DOCKER_CERT_PATH=$certs $(printf '%q ' "${daemon[@]}"); echo daemon-tui exited \$? >$work/exit; tmux -L $server wait-for -S demo-dashboard-done; [ $auto = 1 ] || tmux -L $server kill-server")
echo "dash_pane=$dash_pane" >>"$work/state"
tmux -L "$server" set-option -t demo mouse off >/dev/null
narrator=$(tmux -L "$server" split-window -v -l 15 -P -F '#{pane_id}' -t "$dash_pane" \
  "$(printf '%q ' "$here/demo.sh" --drive "$work/state")")
tmux -L "$server" select-pane -t "$narrator"

if [ "$auto" = 0 ]; then
  # Inside tmux already: a nested client (TMUX unset), prefix keys go to the outer one.
  # The attach ends with the server (killed once the dashboard has exited): that is the normal way out.
  env -u TMUX tmux -L "$server" attach -t demo || true
  cat "$work/exit" 2>/dev/null || echo "daemon-tui did not exit"
  if grep -q "exited 0" "$work/exit" 2>/dev/null; then exit 0; else exit 1; fi
fi

# A channel signalled before anyone waits stays woken, so these cannot miss their signal.
timeout 180 tmux -L "$server" wait-for demo-steps-done || { echo "the demo did not finish in 180 s" >&2; exit 1; }
timeout 40 tmux -L "$server" wait-for demo-dashboard-done || true
echo "=== narrator ==="
tmux -L "$server" capture-pane -p -S - -t "$narrator" | sed '/^$/N;/^\n$/D'
for shot in holding active end; do
  echo "=== dashboard: $shot ==="
  cat "$work/screen-$shot.txt"
done
[ -n "$capture" ] && cp "$work/screen-holding.txt" "$capture"
cat "$work/exit" 2>/dev/null || echo "daemon-tui did not exit"
result=$(cat "$work/result" 2>/dev/null || echo "DEMO FAILED (no result)")
echo "$result"
grep -q "exited 0" "$work/exit" 2>/dev/null && [ "$result" = "DEMO OK" ]
