#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager 1.20.2 from Debian's `kubernetes`
# source package, once per machine. The binaries land in $KUBE_PS_CACHE/k8s-1.20.2/bin;
# a later run that finds them there does nothing.
set -euo pipefail

cache_root="${KUBE_PS_CACHE:-$HOME/.cache/kube-powershell}"
version_dir="$cache_root/k8s-1.20.2"
bin_dir="$version_dir/bin"
log="$version_dir/build.log"

fail() { echo "control-plane build: $*" >&2; exit 1; }

if [[ -x "$bin_dir/kube-apiserver" && -x "$bin_dir/kube-controller-manager" && -f "$version_dir/src.ok" ]]; then
  echo "control-plane build: cached binaries in $bin_dir"
  exit 0
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else fail "needs root to run: $*"; fi; }

mkdir -p "$version_dir"
: >"$log"
echo "control-plane build: building kube-apiserver and kube-controller-manager 1.20.2 (a few minutes, log in $log)"

# 1. Packages: Go 1.19, etcd, reflect2 1.0.2 and the source package.
sources=/etc/apt/sources.list.d/debian.sources
if [[ -f $sources ]] && ! grep -q '^Types:.*deb-src' "$sources"; then
  as_root sed -i 's/^Types: deb$/Types: deb deb-src/' "$sources"
  as_root apt-get update -q >>"$log" 2>&1 || fail "apt-get update failed (see $log)"
fi
need=()
for p in golang-1.19-go etcd-server golang-github-modern-go-reflect2-dev dpkg-dev openssl; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if ((${#need[@]})); then
  as_root apt-get update -q >>"$log" 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >>"$log" 2>&1 \
    || fail "apt-get install ${need[*]} failed (see $log)"
fi
go=/usr/lib/go-1.19/bin/go
[[ -x $go ]] || fail "Go 1.19 not found at $go after installing golang-1.19-go"

# 2. Source tree, unpacked once into the cache.
src_parent="$version_dir/src"
if [[ ! -f "$version_dir/src.ok" ]]; then
  rm -rf "$src_parent"; mkdir -p "$src_parent"
  (cd "$src_parent" && apt-get source -q kubernetes >>"$log" 2>&1) || fail "apt-get source kubernetes failed (see $log)"
  tree=$(find "$src_parent" -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
  [[ -n $tree && -f $tree/api/openapi-spec/swagger.json ]] || fail "unpacked source has no api/openapi-spec/swagger.json"
  grep -q 'gitVersion.*v1.20.2\|1.20.2' "$tree/debian/changelog" || echo "control-plane build: warning: source package is not 1.20.2" >&2
  ln -sfn "$tree" "$version_dir/kubernetes"
  touch "$version_dir/src.ok"
fi
tree=$(readlink -f "$version_dir/kubernetes")

# 3. GOPATH layout: the tree is linked at $GOPATH/src/k8s.io/kubernetes.
export GOPATH="$version_dir/gopath" GO111MODULE=off GOFLAGS=-mod=vendor GOCACHE="$version_dir/gocache"
unset GOFLAGS
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$tree" "$GOPATH/src/k8s.io/kubernetes"
cd "$GOPATH/src/k8s.io/kubernetes"

# 4. reflect2 1.0.1 crashes under Go >= 1.18: take Debian's 1.0.2.
r2=vendor/github.com/modern-go/reflect2
if [[ ! -f $r2/go_above_118.go ]]; then
  rm -rf "$r2"; mkdir -p "$r2"
  cp -r /usr/share/gocode/src/github.com/modern-go/reflect2/. "$r2/"
fi

# 5. pkg/generated/openapi/zz_generated.openapi.go from every package tagged +k8s:openapi-gen=.
gen=pkg/generated/openapi/zz_generated.openapi.go
if [[ ! -s $gen ]]; then
  echo "control-plane build: generating $gen" | tee -a "$log"
  "$go" build -o "$version_dir/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen >>"$log" 2>&1 \
    || fail "building openapi-gen failed (see $log)"
  dirs=$(grep -Rl --include='*.go' '^// *+k8s:openapi-gen=' pkg cmd plugin vendor/k8s.io 2>/dev/null \
    | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
    | xargs -n1 dirname | LC_ALL=C sort -u | sed 's#^#k8s.io/kubernetes/#' | paste -sd, -)
  "$version_dir/openapi-gen" --logtostderr -i "$dirs" -p k8s.io/kubernetes/pkg/generated/openapi \
    -O zz_generated.openapi -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt \
    -r "$version_dir/openapi-violations.report" >>"$log" 2>&1 || fail "openapi-gen failed (see $log)"
  [[ -s $gen ]] || fail "openapi-gen produced no $gen"
fi

# 6. The binaries.
mkdir -p "$bin_dir"
vpkg=k8s.io/kubernetes/vendor/k8s.io/component-base/version
cpkg=k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version
ldflags="-s -w -X $vpkg.gitVersion=v1.20.2 -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=20 -X $vpkg.gitTreeState=clean -X $vpkg.buildDate=2021-01-13T13:20:00Z -X $cpkg.gitVersion=v1.20.2"
for cmd in kube-apiserver kube-controller-manager; do
  echo "control-plane build: go build ./cmd/$cmd" | tee -a "$log"
  "$go" build -ldflags "$ldflags" -o "$bin_dir/$cmd.tmp" "./cmd/$cmd" >>"$log" 2>&1 || fail "go build ./cmd/$cmd failed (see $log)"
  mv "$bin_dir/$cmd.tmp" "$bin_dir/$cmd"
done
"$bin_dir/kube-apiserver" --version
echo "control-plane build: done, binaries in $bin_dir"
