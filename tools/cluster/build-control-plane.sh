#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kube-scheduler and kubelet 1.20.2 from
# Debian's `kubernetes` source package, once per machine. The binaries land in
# $KUBE_PS_CACHE/k8s-1.20.2/bin; a later run that finds them all there, with a complete
# marker, does nothing.
#
#   build-control-plane.sh                 build (no-op when cached)
#   build-control-plane.sh --source-only   only fetch and unpack the source tree (for swagger.json)
#   build-control-plane.sh --print-tree    print the source tree's path (fetching it if absent)
set -euo pipefail

cache_root="${KUBE_PS_CACHE:-$HOME/.cache/kube-powershell}"
version_dir="$cache_root/k8s-1.20.2"
bin_dir="$version_dir/bin"
log="$version_dir/build.log"
bin_marker="$bin_dir/.complete"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kubelet)

mode=build
case "${1:-}" in
  '') ;;
  --source-only) mode=source ;;
  --print-tree) mode=print-tree ;;
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "control-plane build: unknown argument '$1' (try --help)" >&2; exit 2 ;;
esac

say() { echo "control-plane build: $*" >&2; }
fail() {
  say "FAILED: $*"
  if [[ -s $log ]]; then
    say "last lines of $log:"
    tail -n 25 "$log" | sed 's/^/  | /' >&2
  fi
  exit 1
}
trap 'fail "unexpected error at line $LINENO (exit $?)"' ERR

# The marker lists each binary with its size; it is written only after every binary was
# built and ran, so an interrupted or partial build never counts as cached.
binaries_cached() {
  [[ -f $bin_marker ]] || return 1
  local name size
  for name in "${binaries[@]}"; do
    [[ -x $bin_dir/$name ]] || return 1
    size=$(awk -v n="$name" '$1 == n { print $2 }' "$bin_marker")
    [[ -n $size && $(stat -c %s "$bin_dir/$name") == "$size" ]] || return 1
  done
}
source_cached() { [[ -f $version_dir/src.ok && -f $version_dir/kubernetes/api/openapi-spec/swagger.json ]]; }

if [[ $mode == build ]] && binaries_cached; then
  say "cached binaries in $bin_dir"
  exit 0
fi
if [[ $mode != build ]] && source_cached; then
  [[ $mode == print-tree ]] && readlink -f "$version_dir/kubernetes" || say "cached source tree in $(readlink -f "$version_dir/kubernetes")"
  exit 0
fi

mkdir -p "$version_dir"
# One build at a time per cache: a second caller waits, then finds the work done.
exec 9>"$version_dir/.build.lock"
if ! flock -n 9; then
  say "another build holds $version_dir/.build.lock; waiting for it"
  flock 9
  if [[ $mode == build ]] && binaries_cached; then say "cached binaries in $bin_dir"; exit 0; fi
  if [[ $mode != build ]] && source_cached; then
    [[ $mode == print-tree ]] && readlink -f "$version_dir/kubernetes"
    exit 0
  fi
fi

echo "=== $(date -u +%FT%TZ) build-control-plane.sh $mode" >"$log"

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "needs root (or sudo) to run: $*"; fi
}

# 1. Packages: the source package needs deb-src and dpkg-dev; the build needs Go 1.19 and
#    reflect2 1.0.2; etcd and openssl are the cluster's.
sources=/etc/apt/sources.list.d/debian.sources
if [[ -f $sources ]] && ! grep -q '^Types:.*deb-src' "$sources"; then
  say "enabling deb-src in $sources"
  as_root sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  as_root apt-get update -q >>"$log" 2>&1 || fail "apt-get update failed"
fi
wanted=(dpkg-dev)
[[ $mode == build ]] && wanted+=(golang-1.19-go golang-github-modern-go-reflect2-dev etcd-server openssl)
need=()
for p in "${wanted[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  say "installing ${need[*]}"
  as_root apt-get update -q >>"$log" 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$log" 2>&1 \
    || fail "apt-get install ${need[*]} failed"
fi

# 2. Source tree, unpacked once into the cache.
src_parent="$version_dir/src"
if ! source_cached; then
  say "fetching the kubernetes source package (apt-get source) into $src_parent"
  rm -rf "$src_parent" "$version_dir/src.ok"; mkdir -p "$src_parent"
  (cd "$src_parent" && apt-get source -q kubernetes >>"$log" 2>&1) || fail "apt-get source kubernetes failed (is deb-src enabled?)"
  tree=$(find "$src_parent" -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -n $tree && -f $tree/api/openapi-spec/swagger.json ]] || fail "unpacked source has no api/openapi-spec/swagger.json"
  grep -q '1\.20\.2' "$tree/debian/changelog" || say "warning: source package is not 1.20.2"
  ln -sfn "$tree" "$version_dir/kubernetes"
  touch "$version_dir/src.ok"
fi
tree=$(readlink -f "$version_dir/kubernetes")
if [[ $mode != build ]]; then
  [[ $mode == print-tree ]] && echo "$tree" || say "source tree in $tree"
  exit 0
fi

go=/usr/lib/go-1.19/bin/go
[[ -x $go ]] || fail "Go 1.19 not found at $go after installing golang-1.19-go"

# 3. GOPATH layout: the tree is linked at $GOPATH/src/k8s.io/kubernetes.
export GOPATH="$version_dir/gopath" GO111MODULE=off GOCACHE="$version_dir/gocache"
unset GOFLAGS
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$tree" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"

# 4. reflect2 1.0.1 crashes under Go >= 1.18: take Debian's 1.0.2.
r2=vendor/github.com/modern-go/reflect2
if [[ ! -f $r2/go_above_118.go ]]; then
  [[ -f /usr/share/gocode/src/github.com/modern-go/reflect2/go_above_118.go ]] \
    || fail "Debian's reflect2 1.0.2 is missing (golang-github-modern-go-reflect2-dev)"
  rm -rf "$r2"; mkdir -p "$r2"
  cp -r /usr/share/gocode/src/github.com/modern-go/reflect2/. "$r2/"
fi

# 5. pkg/generated/openapi/zz_generated.openapi.go from every package tagged +k8s:openapi-gen=.
#    Its own marker, so a half-written file from an interrupted run is regenerated.
gen=pkg/generated/openapi/zz_generated.openapi.go
if [[ ! -s $gen || ! -f $version_dir/openapi.ok ]]; then
  say "generating $gen"
  rm -f "$gen" "$version_dir/openapi.ok"
  "$go" build -o "$version_dir/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen >>"$log" 2>&1 \
    || fail "building openapi-gen failed"
  dirs=$(grep -Rl --include='*.go' '^// *+k8s:openapi-gen=' pkg cmd plugin vendor/k8s.io 2>/dev/null \
    | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
    | xargs -n1 dirname | LC_ALL=C sort -u | sed 's#^#k8s.io/kubernetes/#' | paste -sd, -)
  if ! "$version_dir/openapi-gen" --logtostderr -i "$dirs" -p k8s.io/kubernetes/pkg/generated/openapi \
      -O zz_generated.openapi -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
      -r "$version_dir/openapi-violations.report" >>"$log" 2>&1; then
    rm -f "$gen"
    fail "openapi-gen failed"
  fi
  [[ -s $gen ]] || fail "openapi-gen produced no $gen"
  touch "$version_dir/openapi.ok"
fi

# 6. The binaries: each is linked to a temporary name and moved into place when complete;
#    the marker is written last.
mkdir -p "$bin_dir"
# Binaries the previous marker vouched for are kept: adding one to the list builds only it.
declare -A kept=()
if [[ -f $bin_marker ]]; then
  while read -r name size; do
    [[ -x $bin_dir/$name && $(stat -c %s "$bin_dir/$name") == "$size" ]] && kept[$name]=1
  done <"$bin_marker"
fi
rm -f "$bin_marker"
to_build=()
for cmd in "${binaries[@]}"; do [[ -n ${kept[$cmd]:-} ]] || to_build+=("$cmd"); done
say "building ${to_build[*]} 1.20.2 (minutes on 2 cores: about 8 for all four from nothing; log in $log)"
vpkg=k8s.io/kubernetes/vendor/k8s.io/component-base/version
cpkg=k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version
ldflags="-s -w -X $vpkg.gitVersion=v1.20.2 -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=20 -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=2021-01-13T13:20:00Z -X $cpkg.gitVersion=v1.20.2"
for cmd in "${binaries[@]}"; do
  if [[ -n ${kept[$cmd]:-} ]]; then say "$cmd: built before, kept"; continue; fi
  say "go build ./cmd/$cmd"
  echo "=== go build ./cmd/$cmd" >>"$log"
  "$go" build -ldflags "$ldflags" -o "$bin_dir/$cmd.tmp" "./cmd/$cmd" >>"$log" 2>&1 || { rm -f "$bin_dir/$cmd.tmp"; fail "go build ./cmd/$cmd failed"; }
  mv -f "$bin_dir/$cmd.tmp" "$bin_dir/$cmd"
done
for cmd in "${binaries[@]}"; do
  v=$("$bin_dir/$cmd" --version 2>&1) || fail "$bin_dir/$cmd does not run: $v"
  [[ $v == *v1.20.2* ]] || fail "$bin_dir/$cmd reports '$v', expected v1.20.2"
done
for cmd in "${binaries[@]}"; do
  echo "$cmd $(stat -c %s "$bin_dir/$cmd")"
done >"$bin_marker.tmp"
mv -f "$bin_marker.tmp" "$bin_marker"
say "done: $("$bin_dir/kube-apiserver" --version), binaries in $bin_dir"
