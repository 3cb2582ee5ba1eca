#!/usr/bin/env bash
# Start K Streamlit processes of the playground on 127.0.0.1 and nginx in front of them.
#
#   deploy/start.sh [K]            K processes (default: one per core), nginx in the background
#   FOREGROUND=1 deploy/start.sh   nginx stays in the foreground; Ctrl-C stops everything
#   deploy/stop.sh                 stops what start.sh started (pid files in $RUN_DIR)
#
# Settings (environment): PORT (nginx, default 8600), LISTEN (default 127.0.0.1; 0.0.0.0 for the
# classroom network), FIRST_BACKEND_PORT (default 8601), RUN_DIR (default /tmp/nn-playground),
# SESSION_TTL (seconds a closed tab's session is kept for a reconnect, default 120).
# One Streamlit process uses about one core (the GIL): K = number of cores is the useful maximum.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
K="${1:-$(nproc)}"
PORT="${PORT:-8600}"
LISTEN="${LISTEN:-127.0.0.1}"
FIRST_BACKEND_PORT="${FIRST_BACKEND_PORT:-8601}"
RUN_DIR="${RUN_DIR:-${TMPDIR:-/tmp}/nn-playground}"
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
SESSION_TTL="${SESSION_TTL:-120}"
PYTHON="${PYTHON:-python3}"

if ! [[ "$K" =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: deploy/start.sh [number of Streamlit processes]" >&2
    exit 2
fi
command -v nginx >/dev/null || { echo "nginx is not installed (apt-get install -y nginx)" >&2; exit 1; }
for pid_file in "$RUN_DIR"/*.pid; do
    if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        echo "already running ($pid_file); run deploy/stop.sh first" >&2
        exit 1
    fi
done
rm -f "$RUN_DIR"/*.pid

# One cookie secret for all processes, so that a cookie signed by one is valid in every other.
# (Streamlit takes the secret only from a file or the environment, not from a flag.)
STREAMLIT_SERVER_COOKIE_SECRET="$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')"
export STREAMLIT_SERVER_COOKIE_SECRET
upstream_servers=""
backend_map=""
for ((i = 0; i < K; i++)); do
    port=$((FIRST_BACKEND_PORT + i))
    (
        cd "$REPO"
        exec "$PYTHON" -m streamlit run streamlit_app.py \
            --server.headless=true \
            --server.address=127.0.0.1 \
            --server.port="$port" \
            --server.fileWatcherType=none \
            --server.disconnectedSessionTTL="$SESSION_TTL" \
            --browser.gatherUsageStats=false
    ) >"$RUN_DIR/streamlit-$port.log" 2>&1 &
    echo $! >"$RUN_DIR/streamlit-$port.pid"
    upstream_servers+="        server 127.0.0.1:$port;"$'\n'
    backend_map+="        \"127.0.0.1:$port\" 127.0.0.1:$port;"$'\n'
done

for ((i = 0; i < K; i++)); do
    port=$((FIRST_BACKEND_PORT + i))
    for _ in $(seq 1 120); do
        curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
        kill -0 "$(cat "$RUN_DIR/streamlit-$port.pid")" 2>/dev/null || {
            echo "Streamlit on port $port exited; see $RUN_DIR/streamlit-$port.log" >&2
            "$REPO/deploy/stop.sh"
            exit 1
        }
        sleep 0.5
    done
done

# Fill the template (awk, because the server lists span lines).
awk -v run_dir="$RUN_DIR" -v repo="$REPO" -v listen="$LISTEN" -v port="$PORT" \
    -v servers="${upstream_servers%$'\n'}" -v backends="${backend_map%$'\n'}" '
    /@@UPSTREAM_SERVERS@@/ { print servers; next }
    /@@BACKEND_MAP@@/ { print backends; next }
    { gsub(/@@RUN_DIR@@/, run_dir); gsub(/@@REPO@@/, repo); gsub(/@@LISTEN@@/, listen);
      gsub(/@@PORT@@/, port); print }
' "$REPO/deploy/nginx.conf" >"$RUN_DIR/nginx.conf"
nginx -t -q -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf"

echo "playground: http://$LISTEN:$PORT/ ($K Streamlit processes on ports" \
    "$FIRST_BACKEND_PORT-$((FIRST_BACKEND_PORT + K - 1)); logs and pid files in $RUN_DIR)"
if [[ "${FOREGROUND:-0}" == "1" ]]; then
    # Ctrl-C or a TERM to this script stops nginx and every Streamlit process.
    trap '"$REPO/deploy/stop.sh"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    nginx -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf" -g "daemon off;" &
    wait $!
else
    nginx -p "$RUN_DIR" -e "$RUN_DIR/nginx-error.log" -c "$RUN_DIR/nginx.conf"
fi
