#!/usr/bin/env bash
# Starts a real Kubernetes node (containerd + runc + CNI bridge, kubelet, kube-proxy) in a network and mount namespace
# of its own, joined to the local backend's API server through a unix-socket relay. Called by RealNode; every input
# comes from the environment, and everything it writes stays under NODE_DIR, except a veth pair and two routes on
# the host, which go away with the namespace.
#
#   NODE_DIR     the node's directory (absolute; state, configuration, logs)
#   NODE_BIN     the node components' cache directory (controlplane/node/build.sh output)
#   NODE_NAME    the Node's name
#   NODE_INDEX   0-250: picks the link names rtn<i>h/rtn<i>n and the subnets 10.213.<i>.0/30 and 10.245.<i>.0/24
#   SERVICE_CIDR the API server's service range, routed into the node
#   API_PORT     the API server's port on the host's 127.0.0.1
#   CGROUP_ROOT  kubelet's cgroup root, e.g. /rollout-test-<run id>
# On success it prints nothing and exits 0 with the daemons running; their pids are in NODE_DIR/state/pids.
set -euo pipefail
S="$NODE_DIR"; B="$NODE_BIN"; N="$NODE_INDEX"
log() { echo "[node-up $(date -u +%H:%M:%S.%3N)] $*" >> "$S/logs/node-up.log"; }
fail() { echo "node-up: $*" >&2; log "FAILED: $*"; exit 1; }
export PATH="$B/bin:/usr/sbin:/usr/bin:/sbin:/bin"

host_if="rtn${N}h"; node_if="rtn${N}n"
host_ip="10.213.$N.1"; node_ip="10.213.$N.2"
pod_cidr="10.245.$N.0/24"; pod_gw="10.245.$N.1"

umask 077
mkdir -p "$S"/{state,logs,shadow-sysctl,ns/run,ns/var-lib,ns/var-log,run,containerd/root,containerd/state,containerd/runc}
mkdir -p "$S"/{containerd/opt,kubelet/pki,kubelet/volume-plugins,pod-logs,cni/net.d,cni/ipam,cni/cache,etc}
chmod 700 "$S"
log "starting node $NODE_NAME (index $N) in $S"
cat > "$S/state/node.env" <<ENV
NODE_NAME=$NODE_NAME
NODE_INDEX=$N
CGROUP_ROOT=$CGROUP_ROOT
HOST_IF=$host_if
ENV

# --- cgroups: kubelet's root must exist in every v1 hierarchy before it starts
: > "$S/state/cgroup-mounts"
while read -r src target fstype opts _; do
  case "$fstype" in cgroup|cgroup2) ;; *) continue ;; esac
  [[ "$target" == /sys/fs/cgroup* ]] || continue
  echo "$src $target $fstype $opts" >> "$S/state/cgroup-mounts"
  mkdir -p "$target$CGROUP_ROOT"
  if [[ -f "$target/cpuset.cpus" && "$fstype" == cgroup ]]; then
    cat "$target/cpuset.cpus" > "$target$CGROUP_ROOT/cpuset.cpus"
    cat "$target/cpuset.mems" > "$target$CGROUP_ROOT/cpuset.mems"
  fi
done < /proc/self/mounts
[[ -s "$S/state/cgroup-mounts" ]] || fail "no cgroup hierarchy is mounted under /sys/fs/cgroup"

# --- the namespaces
unshare --net --mount --propagation private bash "$(dirname "$0")/holder.sh" "$S" \
  > "$S/logs/holder.log" 2>&1 < /dev/null &
holder=$!
echo "holder $holder" > "$S/state/pids"
for _ in $(seq 1 100); do
  [[ -f "$S/state/holder-ready" ]] && break
  kill -0 "$holder" 2>/dev/null || fail "the namespace holder exited: $(tail -5 "$S/logs/holder.log")"
  sleep 0.05
done
[[ -f "$S/state/holder-ready" ]] || fail "the namespace holder was not ready within 5 s"
innode() { nsenter -t "$holder" -n -m -- "$@"; }
# Daemons are started with nsenter itself in the background (not through a function, which would run in a subshell
# whose pid is not the daemon's): nsenter execs the daemon, so $! is the daemon's pid.
into=(nsenter -t "$holder" -n -m --)
log "namespaces ready (holder $holder)"

# --- the link: a veth pair, the node's end inside; routes to the pod and service ranges go through it
ip link add "$host_if" type veth peer name "$node_if" netns "$holder"
ip link set "$host_if" addrgenmode none
ip addr add "$host_ip/30" dev "$host_if"
ip link set "$host_if" up
innode ip link set "$node_if" addrgenmode none
innode ip addr add "$node_ip/30" dev "$node_if"
innode ip link set "$node_if" up
# The CNI bridge adopts an existing cni0. A ClusterIP needs some route in the node before kube-proxy's DNAT
# rewrites it (there is no default route in the node: nothing leaves it).
innode ip link add cni0 type bridge
innode ip link set cni0 addrgenmode none
innode ip link set cni0 up
innode ip route add "$SERVICE_CIDR" dev cni0
ip route add "$pod_cidr" via "$node_ip" dev "$host_if"
ip route add "$SERVICE_CIDR" via "$node_ip" dev "$host_if"
log "link $host_if ($host_ip) <-> $node_if ($node_ip); pods $pod_cidr; services $SERVICE_CIDR"

# --- configuration
cat > "$S/etc/resolv.conf" <<CONF
nameserver 127.0.0.1
options ndots:1
CONF
cat > "$S/cni/net.d/10-rollout-test.conflist" <<CONF
{
  "cniVersion": "0.4.0",
  "name": "rollout-test",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "cni0",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$S/cni/ipam",
        "ranges": [[{"subnet": "$pod_cidr", "gateway": "$pod_gw"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "loopback"}
  ]
}
CONF
cat > "$S/containerd/config.toml" <<CONF
version = 3
root = "$S/containerd/root"
state = "$S/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.erofs", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]

[grpc]
  address = "$S/run/containerd.sock"

[ttrpc]
  address = "$S/run/containerd.sock.ttrpc"

[plugins.'io.containerd.internal.v1.opt']
  path = "$S/containerd/opt"

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "localhost/rollout-test/pause:3.10"

[plugins.'io.containerd.cri.v1.runtime']
  enable_selinux = false
  disable_apparmor = true
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = "$B/bin/runc"
        Root = "$S/containerd/runc"
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = ["$B/cni"]
    conf_dir = "$S/cni/net.d"

[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
CONF
cat > "$S/kubelet-config.yaml" <<CONF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
cgroupRoot: $CGROUP_ROOT
cgroupsPerQOS: true
protectKernelDefaults: false
containerRuntimeEndpoint: unix://$S/run/containerd.sock
imageServiceEndpoint: unix://$S/run/containerd.sock
address: $node_ip
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $S/kubelet/pki/client-ca.crt}
authorization: {mode: Webhook}
clusterDomain: cluster.local
resolvConf: $S/etc/resolv.conf
podLogsDir: $S/pod-logs
volumePluginDir: $S/kubelet/volume-plugins
failSwapOn: false
serializeImagePulls: false
nodeStatusUpdateFrequency: 2s
syncFrequency: 10s
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
serverTLSBootstrap: false
CONF
cat > "$S/kube-proxy-config.yaml" <<CONF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $S/node.kubeconfig}
hostnameOverride: $NODE_NAME
mode: iptables
clusterCIDR: $pod_cidr
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
nodePortAddresses: ["$node_ip/32"]
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
  udpTimeout: 0s
  udpStreamTimeout: 0s
CONF

# --- containerd, then the images every node has
"${into[@]}" "$B/bin/containerd" --config "$S/containerd/config.toml" > "$S/logs/containerd.log" 2>&1 < /dev/null &
echo "containerd $!" >> "$S/state/pids"
ctr() { "$B/bin/ctr" --address "$S/run/containerd.sock" "$@"; }
for _ in $(seq 1 200); do
  ctr version > /dev/null 2>&1 && break
  kill -0 "$holder" 2>/dev/null || fail "the namespace holder exited"
  sleep 0.05
done
ctr version > /dev/null 2>&1 || fail "containerd did not answer within 10 s: $(tail -5 "$S/logs/containerd.log")"
log "containerd up"
for image in "$B"/images/*.tar; do
  innode "$B/bin/ctr" --address "$S/run/containerd.sock" -n k8s.io images import "$image" \
    >> "$S/logs/images.log" 2>&1 || fail "importing $image failed: $(tail -3 "$S/logs/images.log")"
done
log "images imported"

# --- the API server, reached from the node through a unix socket that only root can open
"$B/bin/relay" "unix:$S/run/apiserver.sock" "tcp:127.0.0.1:$API_PORT" > "$S/logs/relay-host.log" 2>&1 < /dev/null &
echo "relay-host $!" >> "$S/state/pids"
for _ in $(seq 1 100); do [[ -S "$S/run/apiserver.sock" ]] && break; sleep 0.02; done
"${into[@]}" "$B/bin/relay" "tcp:127.0.0.1:6443" "unix:$S/run/apiserver.sock" > "$S/logs/relay-node.log" 2>&1 < /dev/null &
echo "relay-node $!" >> "$S/state/pids"

# --- kubelet and kube-proxy
"${into[@]}" "$B/bin/kubelet" --config="$S/kubelet-config.yaml" --kubeconfig="$S/node.kubeconfig" \
  --root-dir="$S/kubelet" --cert-dir="$S/kubelet/pki" --hostname-override="$NODE_NAME" --node-ip="$node_ip" \
  --node-labels="rollout-test.dev/real=true" -v=2 > "$S/logs/kubelet.log" 2>&1 < /dev/null &
echo "kubelet $!" >> "$S/state/pids"
"${into[@]}" "$B/bin/kube-proxy" --config="$S/kube-proxy-config.yaml" -v=2 > "$S/logs/kube-proxy.log" 2>&1 < /dev/null &
echo "kube-proxy $!" >> "$S/state/pids"
log "kubelet and kube-proxy started"
