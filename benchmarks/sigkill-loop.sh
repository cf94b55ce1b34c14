#!/usr/bin/env bash
# SIGKILLs a JVM that runs a local cluster, N times in a row, and counts what the killed runs left behind once the
# next cluster has started: component processes (etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kwok) and watchdogs of dead runs, the TCP ports they listen on, the run directories under the run root, and
# their bytes. Goal: all zero. Not a test (it takes a few minutes); see docs/benchmarks.md.
#
#   benchmarks/sigkill-loop.sh [kills]      default: 20
#
# Each JVM is cluster/src/test/java/dev/rollouttest/cluster/local/LocalClusterProcessMain (as in
# NoProcessOutlivesTheJvmTest), with a run root of its own under /tmp, removed at the end (KEEP=1 keeps it).
# Prints one line per start and a RESULT line:
#   RESULT sigkill-loop: K kills, P leftover processes, T leftover listening ports, D leftover run directories, B bytes
#   (A bytes on disk)
set -euo pipefail
cd "$(dirname "$0")/.."

kills="${1:-20}"
root="$(mktemp -d /tmp/rollout-test-sigkill.XXXXXX)"
work="$root/work"
mkdir -p "$work"

mvn -B -q -Dstyle.color=never -pl cluster test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/sigkill-classpath.txt -Dmdep.includeScope=test >/dev/null
classpath="cluster/target/test-classes:cluster/target/classes:$(cat cluster/target/sigkill-classpath.txt)"

live_jvm=""
cleanup() {
  if [ -n "$live_jvm" ] && kill -0 "$live_jvm" 2>/dev/null; then
    kill -9 "$live_jvm" 2>/dev/null || true
    wait "$live_jvm" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" != 1 ]; then
    sleep 3 # the watchdog of the last JVM stops its components within 2 s
    rm -rf "$root"
  fi
}
trap cleanup EXIT

# Starts a JVM with a local cluster; sets live_jvm, live_pids (its components) and live_dir (its run directory).
start_cluster() {
  local log="$root/jvm-$1.log"
  : >"$log"
  java -cp "$classpath" dev.rollouttest.cluster.local.LocalClusterProcessMain "$work" >"$log" 2>&1 &
  live_jvm=$!
  local waited=0
  until grep -q '^READY ' "$log"; do
    if ! kill -0 "$live_jvm" 2>/dev/null || [ "$waited" -ge 1800 ]; then
      echo "start $1: the JVM did not print READY; its output:" >&2
      cat "$log" >&2
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  live_pids="$(grep '^READY ' "$log" | sed 's/.*pids=//' | tr ',' ' ')"
  live_dir="$(grep -o 'work directory [^ ]*' "$log" | tail -1 | sed 's/work directory //')"
  live_started="$(( waited / 10 )).$(( waited % 10 ))"
}

# The pids of processes that belong to this loop's runs (their command line names the run root), and of the
# watchdogs of the killed JVMs, except the live run's.
leftover_pids() {
  local pid
  for pid in $(ps -eo pid=); do
    [ -r "/proc/$pid/cmdline" ] || continue
    case " $live_pids " in *" $pid "*) continue ;; esac
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$work/"; then echo "$pid"; fi
  done
  for pid in $watchdogs; do
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q rollout-test-watchdog; then
      echo "$pid"
    fi
  done
}

# Counts what the killed runs left; sets left_processes, left_what, left_ports, left_dirs, left_etcd, left_secrets,
# left_bytes (apparent size) and left_disk (allocated).
count_leftovers() {
  local pids pid dir
  pids="$(leftover_pids | sort -u)"
  left_processes=0
  left_ports=0
  left_what=""
  for pid in $pids; do
    left_processes=$((left_processes + 1))
    left_what="$left_what $(cat "/proc/$pid/comm" 2>/dev/null || echo "?")($pid)"
    left_ports=$((left_ports + $(ss -ltnpH 2>/dev/null | grep -c "pid=$pid," || true)))
  done
  left_dirs=0
  left_bytes=0
  left_disk=0
  left_secrets=0
  left_etcd=0
  for dir in "$work"/local-*; do
    [ -d "$dir" ] || continue
    [ "$dir" = "$live_dir" ] && continue
    left_dirs=$((left_dirs + 1))
    left_bytes=$((left_bytes + $(du -sb "$dir" | cut -f1)))
    left_disk=$((left_disk + $(du -sk "$dir" | cut -f1) * 1024))
    [ -e "$dir/tokens.csv" ] && left_secrets=$((left_secrets + 1))
    [ -e "$dir/etcd" ] && left_etcd=$((left_etcd + 1))
  done
}

watchdogs=""  # children of the killed JVMs: the watchdog among them
for i in $(seq 1 "$kills"); do
  start_cluster "$i"
  count_leftovers
  echo "start $i ready in ${live_started} s: left by the $((i - 1)) killed runs: $left_processes processes,$left_what" \
    "$left_ports listening ports, $left_dirs run directories ($left_etcd with etcd data, $left_secrets with the admin" \
    "token), $left_bytes bytes ($left_disk on disk)"
  watchdogs="$watchdogs $(ps -o pid= --ppid "$live_jvm" | tr '\n' ' ')"
  kill -9 "$live_jvm"
  wait "$live_jvm" 2>/dev/null || true
done

# The next start, which sees every run the loop killed.
start_cluster "$((kills + 1))"
count_leftovers
echo "start $((kills + 1)) ready in ${live_started} s, after $kills kills:$left_what"
echo "  run directories left: $left_dirs ($left_etcd with etcd data, $left_secrets with the admin token tokens.csv)"
[ "$left_dirs" -gt 0 ] && (cd "$work" && ls -d local-* | grep -v "$(basename "$live_dir")" | head -1 |
  xargs -I{} sh -c 'echo "  e.g. {}:"; cd {} && du -sb * | sed "s/^/    /"')
echo "RESULT sigkill-loop: $kills kills, $left_processes leftover processes, $left_ports leftover listening ports," \
  "$left_dirs leftover run directories, $left_bytes bytes ($left_disk bytes on disk)"
