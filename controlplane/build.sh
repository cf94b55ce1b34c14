#!/usr/bin/env bash
# Builds the local backend's binaries (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# kwok) from the pinned Go tool modules beside this script, into a cache directory outside the repository.
#
#   controlplane/build.sh            build when needed, print the binary directory
#   controlplane/build.sh --check    exit 0 when the cache is complete and current, 1 otherwise
#
# The cache is keyed by the Kubernetes version and by a hash of the go.mod/go.sum files and this script, so a
# pin change rebuilds and an unchanged tree does nothing. Override the location with ROLLOUT_TEST_CACHE_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S_VERSION=v1.36.3
ETCD_VERSION=v3.6.14
KWOK_VERSION=v0.8.0

cache_root="${ROLLOUT_TEST_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-test}"
bin="$cache_root/k8s-$K8S_VERSION/bin"
fingerprint="$(cat "$here"/k8s/go.mod "$here"/k8s/go.sum "$here"/etcd/go.mod "$here"/etcd/go.sum \
  "$here"/kwok/go.mod "$here"/kwok/go.sum "$here/build.sh" | sha256sum | cut -c1-16)"
stamp="$bin/.built-$fingerprint"
binaries=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

complete() {
  [[ -f "$stamp" ]] || return 1
  for b in "${binaries[@]}"; do [[ -x "$bin/$b" ]] || return 1; done
}

if [[ "${1:-}" == "--check" ]]; then complete; exit $?; fi
if complete; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "rollout-test: 'go' (1.26+) is needed to build the local backend; install it from https://go.dev/dl or your distribution" >&2; exit 1; }

export GOTOOLCHAIN=local GOWORK=off CGO_ENABLED=0 GOFLAGS=-mod=readonly
mkdir -p "$bin"
# One build at a time per cache directory: a second run waits, then finds the binaries built.
if command -v flock >/dev/null; then
  exec 9>"$bin/.lock"
  if ! flock -n 9; then
    echo "[controlplane/build.sh] waiting for another build into $bin to finish" >&2
    flock 9
  fi
  if complete; then echo "$bin"; exit 0; fi
fi
rm -f "$bin"/.built-*
log() { echo "[controlplane/build.sh $(date -u +%H:%M:%S)] $*" >&2; }
start=$SECONDS

log "etcd $ETCD_VERSION"
(cd "$here/etcd" && go build -trimpath -pgo=off \
  -ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" \
  -o "$bin/etcd" go.etcd.io/etcd/server/v3)

log "kwok $KWOK_VERSION"
(cd "$here/kwok" && go build -trimpath -pgo=off -ldflags="-s -w" -o "$bin/kwok" sigs.k8s.io/kwok/cmd/kwok)

log "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $K8S_VERSION"
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X '$p.gitVersion=$K8S_VERSION' -X '$p.gitMajor=1' -X '$p.gitMinor=$minor'"
  ldflags="$ldflags -X '$p.gitTreeState=clean' -X '$p.buildDate=$build_date'"
done
(cd "$here/k8s" && go build -trimpath -pgo=off -tags=selinux,notest,grpcnotrace -ldflags="$ldflags" -o "$bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)

"$bin/kube-apiserver" --version | grep -q "Kubernetes $K8S_VERSION" || { log "kube-apiserver is not stamped $K8S_VERSION"; exit 1; }
"$bin/etcd" --version | grep -q "etcd Version: ${ETCD_VERSION#v}" || { log "etcd is not $ETCD_VERSION"; exit 1; }
touch "$stamp"
log "built in $((SECONDS - start)) s into $bin"
echo "$bin"
