#!/usr/bin/env bash
# Smoke test of the interactive planner: build the real binary, start it in a
# detached tmux at 100×30, drive it with keys like a user (pin a baseline,
# double the node count, switch views, quit without saving and confirm) and
# check what the pane shows. Polls for expected text; never fixed sleeps.
# Also reports the time from process start to the first frame.
set -Eeuo pipefail
trap 'echo "tui-smoke FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR

cd "$(dirname "$0")/.."

if ! command -v tmux >/dev/null 2>&1; then
  echo "installing tmux"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq tmux >/dev/null
fi
command -v tmux >/dev/null || { echo "tui-smoke: tmux not available" >&2; exit 1; }

work=$(mktemp -d)
sock="topoplan-smoke-$$"
session="smoke"
T() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() { T kill-server >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

go build -o "$work/topoplan" ./cmd/topoplan
cp testdata/scenarios/llm-pretraining.yaml "$work/scenario.yaml"
cp "$work/scenario.yaml" "$work/original.yaml"

pane() { T capture-pane -p -t "$session" 2>/dev/null || true; }

fail() {
  echo "tui-smoke FAILED: $*" >&2
  echo "----- pane -----" >&2
  pane >&2
  echo "----------------" >&2
  exit 1
}

# wait_for TEXT [TIMEOUT_S]: poll the pane until it shows TEXT.
wait_for() {
  local text=$1 timeout=${2:-10} deadline
  deadline=$(( $(date +%s%N) + timeout * 1000000000 ))
  while (( $(date +%s%N) < deadline )); do
    if pane | grep -qF -- "$text"; then return 0; fi
    sleep 0.02
  done
  fail "timed out after ${timeout}s waiting for: $text"
}

keys() { T send-keys -t "$session" "$@"; }

start=$(date +%s%N)
T new-session -d -s "$session" -x 100 -y 30 \
  "env TERM=xterm-256color NO_COLOR=1 $work/topoplan $work/scenario.yaml; sleep 30"
wait_for "1 Overview" 10
first_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "first frame after ${first_ms} ms (tmux start-up included; target 300 ms)"
if (( first_ms > 300 )); then
  echo "WARNING: first frame slower than the 300 ms target" >&2
fi
if (( first_ms > ${TUI_FIRST_FRAME_MAX_MS:-1000} )); then
  fail "first frame took ${first_ms} ms"
fi
wait_for "hybrid-llm-pretraining"
wait_for "64 nodes"

echo "pin the baseline"
keys b
wait_for "◆ baseline"

echo "double the node count in the editor"
keys e
wait_for "instance_type"
keys Down Down Right
wait_for "128 nodes ▲ +100.0%"
wait_for "● unsaved"

echo "switch views"
keys 4
wait_for "Line items"
wait_for "▲"
keys 6
wait_for "On-prem"
wait_for "128 × p5.48xlarge"
keys Tab
wait_for "[7 Training]"
keys Tab
wait_for "Findings"

echo "quit without saving"
keys q
wait_for "Quit without saving?"
keys y
wait_for_exit() {
  local deadline=$(( $(date +%s%N) + 10 * 1000000000 ))
  while (( $(date +%s%N) < deadline )); do
    # The program has exited when the pane runs only the trailing sleep.
    if [ "$(T display-message -p -t "$session" '#{pane_current_command}' 2>/dev/null)" = "sleep" ]; then return 0; fi
    sleep 0.02
  done
  fail "the program did not exit after confirming the quit"
}
wait_for_exit

cmp -s "$work/scenario.yaml" "$work/original.yaml" || fail "quitting without saving changed the scenario file"
[ ! -e "$work/scenario.yaml.bak" ] || fail "quitting without saving wrote a .bak"
echo "tui-smoke: 1 passed, 0 failed"
