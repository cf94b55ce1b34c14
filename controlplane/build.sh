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
duration() { if (( $1 < 60 )); then echo "$1 s"; else echo "$(($1 / 60)) min $(($1 % 60)) s"; fi; }
start=$SECONDS

# go_build WHAT DIR OUT FLAGS... PACKAGES...: go build -v -o OUT in DIR, logging every 30 s how many of the packages the
# build needs (go list -deps with the same flags) it has compiled, and the last one, so that a cold build (about 12
# minutes on 2 cores) is not minutes of silence. Packages in Go's build cache are not compiled again. Go's other output
# (downloads, errors) passes through.
go_build() {
  local what=$1 dir=$2 out=$3 t0=$SECONDS total compiled; shift 3
  total="$(cd "$dir" && go list -deps "$@" | wc -l)"
  compiled="$( (cd "$dir" && go build -v -o "$out" "$@") 2>&1 | count_packages "$what" "$total")"
  log "$what: built in $(duration $((SECONDS - t0))), $compiled of $total packages compiled (the rest from Go's build cache)"
}
# count_packages WHAT TOTAL: reads go build -v's output, logs the progress every 30 s, prints the count at the end.
count_packages() {
  local what=$1 total=$2 n=0 last="" line t0=$SECONDS next=$((SECONDS + 30))
  while true; do
    if IFS= read -r -t 5 line; then
      if [[ $line =~ ^[[:alnum:]_.~/-]+$ ]]; then n=$((n + 1)) last=$line; else printf '%s\n' "$line" >&2; fi
    elif (( $? <= 128 )); then
      break # the end of go's output (a timeout returns more than 128)
    fi
    if (( SECONDS >= next )); then
      log "$what: $n/$total packages compiled, $(duration $((SECONDS - t0)))${last:+, last $last}"
      next=$((SECONDS + 30))
    fi
  done
  echo "$n"
}

log "etcd $ETCD_VERSION"
go_build etcd "$here/etcd" "$bin/etcd" -trimpath -pgo=off \
  -ldflags="-s -w -X go.etcd.io/etcd/api/v3/version.GitSHA=$ETCD_VERSION" go.etcd.io/etcd/server/v3

log "kwok $KWOK_VERSION"
go_build kwok "$here/kwok" "$bin/kwok" -trimpath -pgo=off -ldflags="-s -w" sigs.k8s.io/kwok/cmd/kwok

log "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl $K8S_VERSION"
minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X '$p.gitVersion=$K8S_VERSION' -X '$p.gitMajor=1' -X '$p.gitMinor=$minor'"
  ldflags="$ldflags -X '$p.gitTreeState=clean' -X '$p.buildDate=$build_date'"
done
go_build "kube-apiserver, kube-controller-manager, kube-scheduler, kubectl" "$here/k8s" "$bin/" \
  -trimpath -pgo=off -tags=selinux,notest,grpcnotrace -ldflags="$ldflags" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl

"$bin/kube-apiserver" --version | grep -q "Kubernetes $K8S_VERSION" || { log "kube-apiserver is not stamped $K8S_VERSION"; exit 1; }
"$bin/etcd" --version | grep -q "etcd Version: ${ETCD_VERSION#v}" || { log "etcd is not $ETCD_VERSION"; exit 1; }
touch "$stamp"
log "built in $((SECONDS - start)) s into $bin"
echo "$bin"
