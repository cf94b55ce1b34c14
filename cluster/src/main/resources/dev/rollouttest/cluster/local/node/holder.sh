#!/usr/bin/env bash
# The real node's namespace holder. Started by node-up.sh through `unshare --net --mount`, so it runs in a network
# namespace and a mount namespace of its own; every node daemon later joins both with nsenter. It prepares the
# mount namespace, then sleeps until it is killed. When the last process of the namespaces exits, the kernel drops
# them with everything in them: the veth pair, the bridge, kube-proxy's rules, the container mounts.
#
#   holder.sh NODE_DIR
set -euo pipefail
S="$1"

# A fresh sysfs, so that /sys/class/net shows this network namespace's devices (the CNI plugins read it).
mount -t sysfs sysfs /sys
# The fresh sysfs hides the cgroup hierarchies: mount the same ones again, as the host has them.
if [[ -s "$S/state/cgroup-mounts" ]]; then
  mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
  while read -r src target fstype opts; do
    mkdir -p "$target"
    mount -t "$fstype" -o "$opts" "$src" "$target"
  done < "$S/state/cgroup-mounts"
fi

# kubelet writes six kernel settings of the host (pkg/kubelet/cm/container_manager_linux.go, setupKernelTunables)
# and no configuration makes it leave them alone. Here each of them is a regular file holding the host's value,
# bind-mounted over the /proc/sys entry in this mount namespace only: kubelet's writes land in the file.
for key in vm/overcommit_memory vm/panic_on_oom kernel/panic kernel/panic_on_oops kernel/keys/root_maxkeys \
  kernel/keys/root_maxbytes; do
  shadow="$S/shadow-sysctl/${key//\//.}"
  cat "/proc/sys/$key" > "$shadow"
  mount --bind "$shadow" "/proc/sys/$key"
done

# Paths that containerd, the CNI library and kubelet hard-code (/run/containerd, /var/lib/cni, /var/log/containers)
# point into the node's directory.
mount --bind "$S/ns/run" /run
mount --bind "$S/ns/var-lib" /var/lib
mount --bind "$S/ns/var-log" /var/log

ip link set lo up
echo ready > "$S/state/holder-ready"
# The node directory in the command line lets node-down.sh tell this process from one that reused its pid.
exec -a "rollout-test-node-holder $S" sleep infinity
