#!/usr/bin/env bash
# Builds the local cluster's two container images as OCI archives, from files on this machine
# (no registry, no daemon), for `ctr -n k8s.io images import`:
#
#   localhost/pause:dev     build/pause/linux/pause.c from the kubernetes source tree, compiled
#                           statically; the pod sandbox image
#   localhost/busybox:dev   Debian's busybox-static with a link for each of its applets (sh, httpd,
#                           nc, tar, wget...) in /bin and at the applet's usual path
#
#   build-images.sh OUT_DIR SOURCE_TREE
#
# Writes OUT_DIR/pause.tar and OUT_DIR/busybox.tar, and OUT_DIR/<image>.digest holding the
# manifest digest that containerd will report after the import. The archives are reproducible
# (fixed times, owners and order), so the same inputs give the same digests; an archive whose
# inputs did not change is not rebuilt.
set -euo pipefail

out=${1:?usage: build-images.sh OUT_DIR SOURCE_TREE}
tree=${2:?usage: build-images.sh OUT_DIR SOURCE_TREE}
recipe_version=1

say() { echo "images: $*" >&2; }
die() { echo "images: error: $*" >&2; exit 1; }

case $(dpkg --print-architecture) in
  amd64) arch=amd64 ;;
  arm64) arch=arm64 ;;
  armhf) arch=arm ;;
  i386) arch=386 ;;
  ppc64el) arch=ppc64le ;;
  s390x) arch=s390x ;;
  *) die "no OCI architecture name for dpkg architecture $(dpkg --print-architecture)" ;;
esac

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

# blob FILE: moves FILE into the layout's blobs and prints its digest.
blob() {
  local d; d=$(sha "$1")
  mv -f "$1" "$work/layout/blobs/sha256/$d"
  echo "$d"
}

# oci_archive NAME REF ROOTFS CONFIG_JSON_FRAGMENT: one layer made from ROOTFS, one manifest.
oci_archive() {
  local name=$1 ref=$2 rootfs=$3 fragment=$4
  rm -rf "$work/layout"; mkdir -p "$work/layout/blobs/sha256"
  # Same bytes for the same files: sorted names, numeric root ownership, epoch times.
  (cd "$rootfs" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort >"$work/top")
  tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -cf "$work/layer.tar" -T "$work/top"
  local layer_size layer; layer_size=$(size "$work/layer.tar"); layer=$(blob "$work/layer.tar")
  printf '{"architecture":"%s","os":"linux","created":"1970-01-01T00:00:00Z","config":{%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"tools/cluster/build-images.sh"}]}' \
    "$arch" "$fragment" "$layer" >"$work/config.json"
  local config_size config; config_size=$(size "$work/config.json"); config=$(blob "$work/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"sha256:%s","size":%s}]}' \
    "$config" "$config_size" "$layer" "$layer_size" >"$work/manifest.json"
  local manifest_size manifest; manifest_size=$(size "$work/manifest.json"); manifest=$(blob "$work/manifest.json")
  # containerd names the image after io.containerd.image.name; ref.name is the OCI tag.
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"},"platform":{"architecture":"%s","os":"linux"}}]}' \
    "$manifest" "$manifest_size" "$ref" "${ref##*:}" "$arch" >"$work/layout/index.json"
  echo '{"imageLayoutVersion":"1.0.0"}' >"$work/layout/oci-layout"
  tar -C "$work/layout" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu \
    -cf "$out/$name.tar.tmp" oci-layout index.json blobs
  mv -f "$out/$name.tar.tmp" "$out/$name.tar"
  echo "sha256:$manifest" >"$out/$name.digest"
  say "built $ref ($out/$name.tar, sha256:${manifest:0:12})"
}

# up_to_date NAME INPUTS: the archive exists and was made from the same inputs.
up_to_date() {
  [[ -f $out/$1.tar && -f $out/$1.digest && -f $out/$1.inputs && $(<"$out/$1.inputs") == "$2" ]]
}

mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/kube-ps-images.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---- pause
pause_c=$tree/build/pause/linux/pause.c
[[ -f $pause_c ]] || die "$pause_c not found (the kubernetes source tree is incomplete)"
command -v gcc >/dev/null || die "gcc not found (install gcc and libc6-dev)"
inputs="recipe $recipe_version; pause.c $(sha "$pause_c"); $(gcc -dumpfullversion 2>/dev/null || gcc -dumpversion)"
if ! up_to_date pause "$inputs"; then
  mkdir -p "$work/pause"
  gcc -Os -static -Wall -DVERSION=v1.20.2-kube-ps -o "$work/pause/pause" "$pause_c" 2>"$work/gcc.log" \
    || die "compiling $pause_c statically failed (is libc6-dev installed?): $(tail -n 5 "$work/gcc.log")"
  strip "$work/pause/pause" 2>/dev/null || true
  "$work/pause/pause" -v | grep -q 'pause.c' || die "the compiled pause binary does not run"
  chmod 0755 "$work/pause/pause"
  oci_archive pause localhost/pause:dev "$work/pause" '"Entrypoint":["/pause"],"User":"65535:65535","WorkingDir":"/"'
  echo "$inputs" >"$out/pause.inputs"
fi

# ---- busybox
bb=/bin/busybox
[[ -x $bb ]] || die "$bb not found (install busybox-static)"
file_type=$(LC_ALL=C od -An -c -N4 "$bb" | tr -d ' ')
[[ $file_type == 177ELF ]] || die "$bb is not an ELF binary"
if ldd "$bb" >/dev/null 2>&1; then die "$bb is dynamically linked; install busybox-static (not busybox)"; fi
inputs="recipe $recipe_version; busybox $(sha "$bb")"
if ! up_to_date busybox "$inputs"; then
  r=$work/busybox
  mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/www,home}
  chmod 1777 "$r/tmp"; chmod 0700 "$r/root"
  cp "$bb" "$r/bin/busybox"; chmod 0755 "$r/bin/busybox"
  applets=0
  while IFS= read -r path; do
    [[ -n $path ]] || continue
    name=${path##*/}
    [[ $name == busybox ]] && continue
    [[ -e $r/bin/$name ]] || ln -s busybox "$r/bin/$name"
    if [[ $path != bin/* && ! -e $r/$path ]]; then
      mkdir -p "$r/${path%/*}"
      ln -s /bin/busybox "$r/$path"
    fi
    applets=$((applets + 1))
  done < <("$bb" --list-full)
  ((applets > 100)) || die "$bb --list-full listed only $applets applets"
  for a in sh httpd nc tar; do [[ -L $r/bin/$a ]] || die "busybox-static has no '$a' applet"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$r/etc/group"
  bbver=$("$bb" 2>&1 | head -n1 | sed 's/"/ /g')
  oci_archive busybox localhost/busybox:dev "$r" \
    "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"Cmd\":[\"sh\"],\"WorkingDir\":\"/\",\"Labels\":{\"org.opencontainers.image.description\":\"$bbver\"}"
  echo "$inputs" >"$out/busybox.inputs"
fi
