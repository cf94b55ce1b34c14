#!/usr/bin/env bash
# Regenerates the three tool modules for new versions, then tidies them (go.sum must be committed afterwards):
#   controlplane/update-pins.sh v1.36.3 v3.6.14 v0.8.0
# k8s.io/kubernetes requires its 33 staging modules at v0.0.0 and replaces them with ./staging paths, which a
# dependent module cannot see; so every staging module is replaced here by its published v0.<minor>.<patch>.
set -euo pipefail
K8S="$1"; ETCD="$2"; KWOK="$3"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=mod

cd "$here/k8s"
rm -f go.mod go.sum
go mod init dev.rollouttest/controlplane/k8s
mod="$(go mod download -json "k8s.io/kubernetes@$K8S" | sed -n 's/.*"GoMod": *"\([^"]*\)".*/\1/p')"
staging="v0.${K8S#v1.}"
for m in $(awk '/^replace \(/{f=1;next} f&&/^\)/{f=0} f&&$2=="=>"{print $1}' "$mod"); do
  go mod edit -replace="$m=$m@$staging"
done
go mod edit -require="k8s.io/kubernetes@$K8S" -go="$(sed -n 's/^go //p' "$mod")" \
  -godebug="$(sed -n 's/^godebug //p' "$mod")"
for t in kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet kube-proxy; do go mod edit -tool="k8s.io/kubernetes/cmd/$t"; done
go mod tidy

cd "$here/etcd"
rm -f go.mod go.sum
go mod init dev.rollouttest/controlplane/etcd
go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD" -tool=go.etcd.io/etcd/server/v3
go mod tidy

cd "$here/kwok"
rm -f go.mod go.sum
go mod init dev.rollouttest/controlplane/kwok
go mod edit -require="sigs.k8s.io/kwok@$KWOK" -tool=sigs.k8s.io/kwok/cmd/kwok -tool=sigs.k8s.io/kwok/cmd/kwokctl
go mod tidy
echo "Now set K8S_VERSION/ETCD_VERSION/KWOK_VERSION in build.sh and KUBERNETES_VERSION in ControlPlaneBinaries and ClusterSettings."
