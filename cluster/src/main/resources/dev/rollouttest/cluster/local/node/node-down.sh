#!/usr/bin/env bash
# Stops a real node started by node-up.sh and removes what it put on the host, also after a crash: containers (found
# through kubelet's cgroup root), shims, daemons, the namespaces (and with them the veth pair, its routes, the bridge
# and kube-proxy's rules), the cgroup directories and the containers' file systems. Safe to run more than once.
#
#   node-down.sh NODE_DIR
set -uo pipefail
S="$1"
[[ -f "$S/state/node.env" ]] || exit 0
# shellcheck disable=SC1091
source "$S/state/node.env"
log() { echo "[node-down $(date -u +%H:%M:%S.%3N)] $*" >> "$S/logs/node-down.log"; }
log "stopping node $NODE_NAME"

# A pid is ours only while its command line still names the node's directory (pids get reused).
ours() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$S"; }
# Running, and not a zombie: the daemons' parent (node-up.sh) is gone, so init reaps them, in its own time.
alive() { local state; state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"; [[ -n "$state" && "$state" != Z ]]; }
pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$S/state/pids" 2>/dev/null; }
stop() { # name...: SIGKILL (the node is being destroyed: nothing of its state is kept), then up to 5 s for them to go
  local pids=() p
  for name in "$@"; do p="$(pid_of "$name")"; [[ -n "$p" ]] && ours "$p" && pids+=("$p"); done
  [[ ${#pids[@]} -eq 0 ]] && return 0
  kill -KILL "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 50); do
    local left=0; for p in "${pids[@]}"; do alive "$p" && left=1; done
    [[ $left -eq 0 ]] && return 0
    sleep 0.1
  done
  log "still running after SIGKILL: $*"
}

stop kube-proxy kubelet
log "kubelet and kube-proxy stopped"

# The containers: every process under kubelet's cgroup root, in any hierarchy.
cgroup_dirs() { for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do [[ -d "$h${CGROUP_ROOT#/}" ]] && echo "$h${CGROUP_ROOT#/}"; done; }
for round in $(seq 1 50); do
  procs="$(for d in $(cgroup_dirs); do find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null; done | sort -u)"
  [[ -z "$procs" ]] && break
  # shellcheck disable=SC2086
  kill -KILL $procs 2>/dev/null
  sleep 0.1
done
[[ -n "${procs:-}" ]] && log "processes still in $CGROUP_ROOT: $procs"
log "containers stopped"

# The shims: children of init now, found by the containerd address in their command line.
for p in /proc/[0-9]*; do
  if tr '\0' ' ' < "$p/cmdline" 2>/dev/null | grep -qF -- "-address $S/run/containerd.sock"; then
    kill -KILL "${p#/proc/}" 2>/dev/null
  fi
done

stop containerd relay-node relay-host
stop holder
log "daemons and namespace holder stopped"

# The namespaces go with their last process; the veth pair (and its routes) with the network namespace.
for _ in $(seq 1 50); do
  ip link show "$HOST_IF" > /dev/null 2>&1 || break
  sleep 0.1
done
ip link del "$HOST_IF" 2>/dev/null
log "link removed"

# cgroup directories, deepest first (a directory goes once its processes are gone).
for _ in $(seq 1 20); do
  left=0
  for d in $(cgroup_dirs); do
    find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
    [[ -d "$d" ]] && left=1
  done
  [[ $left -eq 0 ]] && break
  sleep 0.1
done
[[ $left -ne 0 ]] && log "cgroup directories left: $(cgroup_dirs | tr '\n' ' ')"

# The containers' file systems and the node's runtime state; the logs stay.
rm -rf "$S/containerd" "$S/kubelet" "$S/ns" "$S/run" "$S/cni/ipam" 2>/dev/null
rm -f "$S/state/node.env"
log "stopped"
