#!/usr/bin/env bash
# Builds one of the small Go programs under tools/go/<name>/ against the vendored
# k8s.io packages (client-go, apimachinery) of the Debian kubernetes 1.20.2 source tree that
# the local control plane is built from, in GOPATH mode as tools/cluster/build-control-plane.sh
# builds the apiserver. The program's source is copied into the tree (kube-ps/<name>/) so that
# the tree's vendor/ folder resolves its imports; the binary is cached and rebuilt only when
# its source changes. Prints the binary's path.
#
#   build-go-program.sh NAME
set -euo pipefail

name="${1:?usage: build-go-program.sh NAME (a folder under tools/go)}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/$name"
[[ -d $src && -f $src/main.go ]] || { echo "build-go-program: no tools/go/$name/main.go" >&2; exit 2; }

cache_root="${KUBE_PS_CACHE:-$HOME/.cache/kube-powershell}"
version_dir="$cache_root/k8s-1.20.2"
go=/usr/lib/go-1.19/bin/go
# The tree, its fixes (reflect2 1.0.2 among them) and the toolchain come with the control
# plane's build, which is a no-op when cached and waits for a build in progress.
"$here/../cluster/build-control-plane.sh" >&2
[[ -x $go ]] || { echo "build-go-program: Go 1.19 not found at $go" >&2; exit 1; }
tree=$(readlink -f "$version_dir/kubernetes")
out_dir="$version_dir/go-programs"
bin="$out_dir/$name"
stamp="$out_dir/$name.sha256"
mkdir -p "$out_dir"

sum=$(cd "$src" && find . -name '*.go' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [[ -x $bin && -f $stamp && $(cat "$stamp") == "$sum" ]]; then
  echo "$bin"
  exit 0
fi

exec 9>"$out_dir/.$name.lock"
flock 9
export GOPATH="$version_dir/gopath" GO111MODULE=off GOCACHE="$version_dir/gocache"
unset GOFLAGS
mkdir -p "$GOPATH/src/k8s.io"
ln -sfn "$tree" "$GOPATH/src/k8s.io/kubernetes"
pkg_dir="$tree/kube-ps/$name"
rm -rf "$pkg_dir"; mkdir -p "$pkg_dir"
cp "$src"/*.go "$pkg_dir/"
echo "build-go-program: go build k8s.io/kubernetes/kube-ps/$name" >&2
"$go" build -o "$bin.tmp" "k8s.io/kubernetes/kube-ps/$name" >&2 || { rm -f "$bin.tmp"; exit 1; }
mv -f "$bin.tmp" "$bin"
echo "$sum" >"$stamp"
echo "$bin"
