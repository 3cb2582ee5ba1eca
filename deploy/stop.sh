#!/usr/bin/env bash
# Stop what deploy/start.sh started: nginx and the Streamlit processes named in the pid files.
set -uo pipefail

RUN_DIR="${RUN_DIR:-${TMPDIR:-/tmp}/nn-playground}"

stop_pid_file() {
    local pid_file="$1" signal="$2" pid
    [[ -f "$pid_file" ]] || return 0
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "-$signal" "$pid"
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pid_file"
}

# nginx first (QUIT: finish open requests), so no request reaches a stopping process.
stop_pid_file "$RUN_DIR/nginx.pid" QUIT
for pid_file in "$RUN_DIR"/streamlit-*.pid; do
    stop_pid_file "$pid_file" TERM
done
echo "stopped (run folder $RUN_DIR)"
