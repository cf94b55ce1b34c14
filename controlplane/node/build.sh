#!/usr/bin/env bash
# Builds what a real node of the local backend runs -- kubelet, kube-proxy, containerd (+ shim, ctr), runc, the CNI
# plugins, our relay/mkimage tools and the pause/testapp images -- from the pinned Go modules beside this script
# (and ../k8s), and unpacks the netfilter userspace (iptables-nft, nft, conntrack) from Debian packages, into a
# cache directory outside the repository. See README.md beside this script.
#
#   node/build.sh            build when needed, print the output directory
#   node/build.sh --check    exit 0 when the output is complete and current, 1 otherwise
#
# The output is keyed like ../build.sh's: by the Kubernetes version in the directory name and by a hash of every
# go.mod/go.sum here and in ../k8s, the tools' sources and this script, so a pin change rebuilds and an unchanged
# tree does nothing. Override the location with ROLLOUT_TEST_CACHE_DIR. Linux/amd64 only; needs Go, gcc +
# pkg-config (runc links libseccomp), apt-get + dpkg-deb and access to the Go module proxy and a Debian mirror.
# Nothing is installed on the host: the .debs are only unpacked into the cache.
set -euo pipefail

K8S_VERSION=v1.36.3
CONTAINERD_VERSION=v2.4.2
RUNC_VERSION=v1.5.3
CNI_VERSION=v1.10.0
MULTIARCH=x86_64-linux-gnu
# Debian packages unpacked into sys/: the netfilter userspace kube-proxy execs, every library it needs except libc,
# and libseccomp's static library + headers for runc's seccomp support.
DEBS=(iptables libxtables12 libip4tc2 libip6tc2 libnftnl11 libmnl0
  nftables libnftables1 libjansson4 libedit2 libbsd0 libmd0 libgmp10 libtinfo6
  conntrack libnetfilter-conntrack3 libnfnetlink0
  libseccomp-dev)

die() { echo "rollout-test node/build.sh: $*" >&2; exit 1; }

if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
  die "a real node can only be built on Linux/amd64 (this is $(uname -s)/$(uname -m))"
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ -f "$here/../k8s/go.mod" ]] || die "the Kubernetes module is missing: expected $here/../k8s/go.mod beside this script's directory"
k8s="$(cd "$here/../k8s" && pwd)"

cache_root="${ROLLOUT_TEST_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rollout-test}"
out="$cache_root/node-$K8S_VERSION"
bin="$out/bin" cni="$out/cni" images="$out/images" sys="$out/sys"

# Every input, in a fixed order and with its path relative to this script, so a copy of these files elsewhere
# (the jar's) gives the same fingerprint as the repository. Go test files do not change the output.
fingerprint="$(cd "$here" && {
  for f in ../k8s/go.mod ../k8s/go.sum \
    $(find . \( -name go.mod -o -name go.sum -o \( -path './tools/*' -name '*.go' ! -name '*_test.go' \) \) -type f |
      LC_ALL=C sort) \
    ./build.sh; do
    printf '== %s\n' "$f"
    cat "$f"
  done
} | sha256sum | cut -c1-16)"
stamp="$out/.built-$fingerprint"

executables=(kubelet kube-proxy containerd containerd-shim-runc-v2 ctr runc relay mkimage
  iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore nft conntrack)
plugins=(bridge host-local loopback)
tars=(pause.tar testapp-v1.tar testapp-v2.tar)

complete() {
  [[ -f "$stamp" ]] || return 1
  local f
  for f in "${executables[@]}"; do [[ -x "$bin/$f" ]] || return 1; done
  for f in "${plugins[@]}"; do [[ -x "$cni/$f" ]] || return 1; done
  for f in "${tars[@]}"; do [[ -s "$images/$f" ]] || return 1; done
  [[ -x "$sys/usr/sbin/xtables-nft-multi" ]] || return 1
  # The wrappers hold absolute paths: a moved cache directory needs new ones.
  grep -qF -- "$sys/" "$bin/iptables" || return 1
}

if [[ "${1:-}" == "--check" ]]; then complete; exit $?; fi
[[ $# -eq 0 ]] || die "usage: build.sh [--check]"
if complete; then echo "$out"; exit 0; fi

log() { echo "[node/build.sh $(date -u +%H:%M:%S)] $*" >&2; }

# --- prerequisites, all checked before anything is built --------------------------------------------------------
command -v go >/dev/null || die "'go' is needed to build the real node's components; install it (1.26.8 or newer) from https://go.dev/dl or your distribution"
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly
need_go="$(sed -n 's/^go //p' "$k8s/go.mod" "$here"/*/go.mod | sort -V | tail -n1)"
have_go="$(go env GOVERSION)"; have_go="${have_go#go}"
[[ "$(printf '%s\n%s\n' "$need_go" "$have_go" | sort -V | head -n1)" == "$need_go" ]] \
  || die "Go $need_go or newer is needed (the pinned modules say so), but 'go' is $have_go; install a newer Go from https://go.dev/dl"
cc="${CC:-$(go env CC)}"
command -v "$cc" >/dev/null \
  || die "a C compiler ('$cc') is needed to build runc with seccomp support (cgo); install gcc and the C library headers (Debian/Ubuntu: apt-get install gcc libc6-dev; Fedora: dnf install gcc glibc-devel)"
printf '#include <stdlib.h>\nint main(void) { return 0; }\n' | "$cc" -x c - -o /dev/null 2>/dev/null \
  || die "'$cc' cannot compile a C program (are the C library headers missing?); install them (Debian/Ubuntu: apt-get install libc6-dev; Fedora: dnf install glibc-devel)"
command -v pkg-config >/dev/null \
  || die "'pkg-config' is needed to build runc against libseccomp; install it (Debian/Ubuntu: apt-get install pkg-config; Fedora: dnf install pkgconf-pkg-config)"
for t in apt-get dpkg-deb ldd; do
  command -v "$t" >/dev/null || die "'$t' is needed to unpack iptables/nft/conntrack and libseccomp from Debian packages (a Debian or Ubuntu host)"
done

mkdir -p "$out"
# One build at a time per cache directory (parallel test JVMs may all ask for the node).
if command -v flock >/dev/null; then
  exec 9>"$out/.lock"
  flock 9
  if complete; then echo "$out"; exit 0; fi
fi
rm -f "$out"/.built-*
mkdir -p "$bin" "$cni" "$images"
work="$(mktemp -d "$out/.work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
total=$SECONDS

step() {
  local name="$1"; shift
  local t0=$SECONDS
  log "$name"
  "$@"
  log "$name: done in $((SECONDS - t0)) s"
}

# --- 1. Debian packages: netfilter userspace + libseccomp-dev, unpacked (not installed) into sys/ -------------------
debian_packages() {
  mkdir "$work/debs"
  log "downloading from the host's Debian mirror (apt-get download): ${DEBS[*]}"
  # Root's apt would otherwise try to drop to the _apt user, who cannot write the private work directory.
  (cd "$work/debs" && apt-get download -q -o APT::Sandbox::User="$(id -un)" "${DEBS[@]}" >&2) \
    || die "apt-get download failed; if it says 'Unable to locate package', the package lists are missing or stale: run 'apt-get update' (as root) and retry"
  local d
  rm -rf "$out/sys.new"
  for d in "$work"/debs/*.deb; do
    log "  unpacking $(basename "$d")"
    dpkg-deb -x "$d" "$out/sys.new"
  done
  rm -rf "$out/sys.old"
  [[ ! -e "$sys" ]] || mv "$sys" "$out/sys.old"
  mv "$out/sys.new" "$sys"
  rm -rf "$out/sys.old"

  local libpath="$sys/usr/lib/$MULTIARCH:$sys/lib/$MULTIARCH"
  local b missing host
  for b in usr/sbin/xtables-nft-multi usr/sbin/nft usr/sbin/conntrack; do
    [[ -x "$sys/$b" ]] || die "$b is not in the unpacked packages"
    missing="$(LD_LIBRARY_PATH="$libpath" ldd "$sys/$b" | awk '/not found/ {print $1}' | tr '\n' ' ')"
    [[ -z "$missing" ]] || die "$b needs libraries that neither the unpacked packages nor the host provide: $missing(add their packages to DEBS in this script)"
    host="$(LD_LIBRARY_PATH="$libpath" ldd "$sys/$b" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -vF "$sys/" | tr '\n' ' ' || true)"
    log "  $b: every library resolves; from the host: ${host:-none}"
  done

  # Wrappers kube-proxy finds on its PATH. bash, because 'exec -a' (xtables-nft-multi dispatches on argv[0]).
  local name target
  for name in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore nft conntrack; do
    case "$name" in
      nft | conntrack) target="$sys/usr/sbin/$name" ;;
      *) target="$sys/usr/sbin/xtables-nft-multi" ;;
    esac
    {
      echo '#!/usr/bin/env bash'
      echo "# Generated by rollout-test's node/build.sh: $name from the Debian packages unpacked into $sys."
      printf 'export LD_LIBRARY_PATH=%q\n' "$libpath"
      printf 'export XTABLES_LIBDIR=%q\n' "$sys/usr/lib/$MULTIARCH/xtables"
      printf 'exec -a %q %q "$@"\n' "$name" "$target"
    } >"$bin/$name.tmp"
    chmod 755 "$bin/$name.tmp"
    mv "$bin/$name.tmp" "$bin/$name"
  done
  "$bin/iptables" --version >&2
  "$bin/nft" --version >&2
  "$bin/conntrack" --version >&2
}

# --- 2. our tools and the images (standard library only) ---------------------------------------------------------
# Every build says -buildvcs=false: built inside the repository, Go would stamp our tools with the Git revision and
# "modified" state, so the images' digests would change with every commit and differ from a build of the jar's copy.
tools_and_images() {
  (cd "$here/tools" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -pgo=off -ldflags="-s -w" -o "$bin/" ./relay ./mkimage)
  (cd "$here/tools" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -pgo=off -ldflags="-s -w" -o "$work/rootfs/" ./pause ./testapp)
  "$bin/mkimage" -binary "$work/rootfs/pause" -ref localhost/rollout-test/pause:3.10 -out "$images/pause.tar" \
    -entrypoint /pause >&2
  local v
  for v in v1 v2; do
    "$bin/mkimage" -binary "$work/rootfs/testapp" -ref "localhost/rollout-test/testapp:$v" \
      -out "$images/testapp-$v.tar" -entrypoint /testapp -env "VERSION=$v" >&2
  done
}

# --- 3. CNI plugins ----------------------------------------------------------------------------------------------
cni_plugins() {
  local p=github.com/containernetworking/plugins
  (cd "$here/cni" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -pgo=off \
    -ldflags="-s -w -X $p/pkg/utils/buildversion.BuildVersion=$CNI_VERSION" -o "$cni/" \
    $p/plugins/main/bridge $p/plugins/main/loopback $p/plugins/ipam/host-local)
}

# --- 4. runc, with seccomp: cgo against the unpacked libseccomp-dev, linked statically -----------------------------
runc_binary() {
  # The .deb's .pc with "-l:libseccomp.a" instead of "-lseccomp", so the linker cannot pick a host libseccomp.so
  # and runc needs nothing but libc at run time.
  mkdir -p "$work/pkgconfig"
  sed 's/^Libs:.*/Libs: -L${libdir} -l:libseccomp.a/' "$sys/usr/lib/$MULTIARCH/pkgconfig/libseccomp.pc" \
    >"$work/pkgconfig/libseccomp.pc"
  (cd "$here/runc" && CGO_ENABLED=1 PKG_CONFIG_PATH="$work/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$sys" \
    go build -trimpath -buildvcs=false -pgo=off -tags=seccomp -ldflags="-s -w" -o "$bin/runc" github.com/opencontainers/runc)
  local needed
  needed="$(LC_ALL=C readelf -d "$bin/runc" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
  log "  runc needs: ${needed:-?}"
  if command -v readelf >/dev/null && [[ "$needed" != "libc.so.6 " ]]; then
    die "runc should need only libc.so.6 at run time, but needs: $needed"
  fi
  "$bin/runc" --version | grep -q '^libseccomp: ' || die "runc was built without seccomp support"
}

# --- 5. containerd v2 --------------------------------------------------------------------------------------------
containerd_binaries() {
  local p=github.com/containerd/containerd/v2
  (cd "$here/containerd" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -pgo=off -tags=no_btrfs,no_devmapper,no_zfs \
    -ldflags="-s -w -X $p/version.Version=$CONTAINERD_VERSION" -o "$bin/" \
    $p/cmd/containerd $p/cmd/containerd-shim-runc-v2 $p/cmd/ctr)
  "$bin/containerd" --version | grep -qF " $CONTAINERD_VERSION" || die "containerd is not stamped $CONTAINERD_VERSION"
}

# --- 6. kubelet, kube-proxy: the control plane's module and flags (../build.sh) ------------------------------------
kubernetes_binaries() {
  local minor="${K8S_VERSION#v1.}" build_date p ldflags="-s -w"
  minor="${minor%%.*}"
  build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags="$ldflags -X '$p.gitVersion=$K8S_VERSION' -X '$p.gitMajor=1' -X '$p.gitMinor=$minor'"
    ldflags="$ldflags -X '$p.gitTreeState=clean' -X '$p.buildDate=$build_date'"
  done
  (cd "$k8s" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -pgo=off -tags=selinux,notest,grpcnotrace -ldflags="$ldflags" \
    -o "$bin/" k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy)
  "$bin/kubelet" --version | grep -q "Kubernetes $K8S_VERSION" || die "kubelet is not stamped $K8S_VERSION"
}

step "Debian packages -> sys/ and the netfilter wrappers in bin/" debian_packages
step "relay, mkimage; images pause, testapp v1/v2" tools_and_images
step "CNI plugins $CNI_VERSION (bridge, host-local, loopback)" cni_plugins
step "runc $RUNC_VERSION (cgo, seccomp)" runc_binary
step "containerd $CONTAINERD_VERSION (containerd, containerd-shim-runc-v2, ctr)" containerd_binaries
step "kubelet, kube-proxy $K8S_VERSION" kubernetes_binaries

complete_now() { touch "$stamp"; complete; }
complete_now || die "the build finished but the output is incomplete (a bug in this script)"
log "built in $((SECONDS - total)) s into $out"
echo "$out"
