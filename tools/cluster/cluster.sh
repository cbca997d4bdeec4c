#!/usr/bin/env bash
# The local cluster for tests and demos: etcd 3.4, kube-apiserver, kube-controller-manager and
# kube-scheduler 1.20.2 on loopback, with the cluster's own CA, three users and a kubeconfig;
# and one node (containerd and a kubelet, see node.sh) that runs pods from two locally built
# images. Runtime state lives in $KUBE_PS_CACHE/cluster (default ~/.cache/kube-powershell).
set -euo pipefail

usage() {
  cat <<'EOF'
usage: cluster.sh COMMAND [ARGS]

  start              build if needed, start whatever is not running, wait until ready (the
                     node too, unless KUBE_PS_NODE=0)
  stop               stop every component this cluster started (extra apiservers too) and
                     remove what the node made: containers, shims, mounts, network
                     namespaces, bridges and their addresses, the pods' log files
  status             one line per component and the node; exits non-zero unless all are ready
  build              build kube-apiserver, kube-controller-manager, kube-scheduler and kubelet
                     once (cached)
  reset              stop and wipe etcd data, logs and the kubelet's pod state (keeps the CA,
                     keys, tokens and images)
  destroy            stop and remove the whole cluster directory (new CA and tokens next start)
  node-start         start only the node (containerd, kubelet) on a running control plane
  node-stop          stop only the node and remove everything it made
  preflight          check that this machine can run the node; names what is missing
  image-import FILE.tar...
                     import OCI archives (build.ps1 Image writes them in out/images) into the
                     node's containerd, each unless containerd has it at the digest in the
                     FILE.digest beside it; images stay through stop, like the node's own two
  kubeconfig         print the kubeconfig path
  env                print `export KUBECONFIG=...` for eval
  logs [COMPONENT]   tail a component's log (etcd, kube-apiserver, kube-controller-manager,
                     kube-scheduler, containerd, kubelet, apiserver-NAME)

  apiserver-start   [--name NAME --port PORT] [-- EXTRA_FLAGS...]
                     start the main kube-apiserver, or a second one named NAME on PORT against
                     the same etcd, with extra flags (kubeconfig: $CLUSTER/apiserver-NAME.kubeconfig)
  apiserver-stop    [--name NAME] [--kill] [--grace S]
                     stop: SIGTERM, then SIGKILL after S seconds (default 5; kube-apiserver
                     drains open watches for up to 60s), or SIGKILL at once with --kill
  apiserver-restart [--name NAME] [--kill] [--grace S] [-- EXTRA_FLAGS...]
                     stop and start again; keeps the previous extra flags unless new ones are
                     given. Extra flags come after the defaults (list flags add values).
  etcd-compact      [--revision N]            compact etcd at the current (or given) revision
EOF
}

cache_root="${KUBE_PS_CACHE:-$HOME/.cache/kube-powershell}"
cluster_dir="$cache_root/cluster"
pki="$cluster_dir/pki"
etcd_data="$cluster_dir/etcd"
logs="$cluster_dir/logs"
run="$cluster_dir/run"
kubeconfig="$cluster_dir/kubeconfig"
kcm_kubeconfig="$cluster_dir/controller-manager.kubeconfig"
bin_dir="$cache_root/k8s-1.20.2/bin"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

etcd_port=12379
etcd_peer_port=12380
apiserver_port=16443
kcm_port=16257
service_cidr=10.0.0.0/24
issuer=https://kubernetes.default.svc.cluster.local
etcd_url="http://127.0.0.1:$etcd_port"

# shellcheck source=node.sh
source "$here/node.sh"

say() { echo "cluster: $*"; }
die() { echo "cluster: error: $*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "needs root (or sudo) to run: $*"; fi
}

ensure_packages() {
  local need=() p
  local wanted=(etcd-server openssl curl)
  node_enabled && wanted+=("${node_packages[@]}")
  # One dpkg-query for all: it prints "<name> install ok installed" for each installed one.
  local installed
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null | awk '$NF == "installed" { print $1 }') || true
  for p in "${wanted[@]}"; do grep -qx -- "$p" <<<"$installed" || need+=("$p"); done
  if ((${#need[@]})); then
    say "installing ${need[*]} with apt-get"
    as_root apt-get update -q >/dev/null 2>&1 || true
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null \
      || die "apt-get install ${need[*]} failed"
  fi
  [[ -x /usr/bin/etcd ]] || die "/usr/bin/etcd missing although etcd-server is installed"
  command -v kubectl >/dev/null || die "kubectl not found on PATH (the machine is expected to have kubectl 1.32)"
}

build() {
  bash "$here/build-control-plane.sh" || die "the control-plane build failed (see the messages above); fix it and run: $0 build"
  local b
  for b in kube-apiserver kube-controller-manager kube-scheduler kubelet; do
    [[ -x $bin_dir/$b ]] || die "build reported success but $bin_dir lacks $b"
  done
}

# ---------------------------------------------------------------- processes

# A component is "ours" when its pid file names a live process whose executable is the
# expected one and whose command line mentions this cluster directory.
pid_of() {
  local name=$1 exe=$2 pid
  [[ -f $run/$name.pid ]] || return 1
  pid=$(<"$run/$name.pid")
  [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 1
  local actual
  actual=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 1
  # A rebuilt or upgraded binary leaves the running process pointing at "<path> (deleted)".
  [[ $actual == "$exe" || $actual == "$exe (deleted)" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$cluster_dir" || return 1
  grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && return 1
  echo "$pid"
}

exe_of() {
  case $1 in
    etcd) readlink -f /usr/bin/etcd ;;
    containerd) readlink -f /usr/bin/containerd ;;
    kube-controller-manager|kube-scheduler|kubelet) readlink -f "$bin_dir/$1" ;;
    *) readlink -f "$bin_dir/kube-apiserver" ;;
  esac
}

running() { pid_of "$1" "$(exe_of "$1")" >/dev/null; }

# Who listens on a loopback TCP port, as "pid N (name)", or "unknown process"; fails when free.
port_owner() {
  local port=$1 line
  if command -v ss >/dev/null; then
    line=$(ss -Hltnp "( sport = :$port )" 2>/dev/null | head -n1)
    [[ -n $line ]] || return 1
    if [[ $line =~ \(\"([^\"]+)\",pid=([0-9]+) ]]; then
      echo "pid ${BASH_REMATCH[2]} (${BASH_REMATCH[1]})"
    else
      echo "unknown process"
    fi
    return 0
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 1
  echo "unknown process"
}

check_port_free() {
  local port=$1 what=$2 owner
  if owner=$(port_owner "$port"); then
    die "port $port (needed by $what on 127.0.0.1) is already in use by $owner; stop it or free the port"
  fi
}

# launch NAME LOGFILE COMMAND... : start detached in its own session, record the pid.
launch() {
  local name=$1 logfile=$2; shift 2
  mkdir -p "$run" "$logs"
  [[ -f $logfile ]] && mv -f "$logfile" "$logfile.prev"
  echo "=== $(date -u +%FT%TZ) $*" >"$logfile"
  setsid "$@" >>"$logfile" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$run/$name.pid"
  # setsid execs in place; give it a moment to become the component.
  local i
  for ((i = 0; i < 40; i++)); do
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$(readlink -f "$1")" ]] && return 0
    [[ -d /proc/$pid ]] || break
    sleep 0.05
  done
  running "$name" || { startup_failed "$name" "$logfile" "exited at once"; }
}

startup_failed() {
  local name=$1 logfile=$2 why=$3 pid
  # Leave nothing half-started behind: a component that is not ready is stopped.
  if pid=$(pid_of "$name" "$(exe_of "$name")"); then kill -TERM "$pid" 2>/dev/null || true; fi
  rm -f "$run/$name.pid"
  [[ $name == apiserver-* ]] && rm -f "$run/$name.port" "$run/$name.args" "$cluster_dir/$name.kubeconfig"
  echo "cluster: error: $name $why; last lines of $logfile:" >&2
  # The flag dump at startup says nothing about the failure.
  grep -v 'flags.go:[0-9]*\] FLAG:' "$logfile" 2>/dev/null | tail -n 30 | cut -c1-400 | sed 's/^/  | /' >&2
  exit 1
}

# wait_for NAME LOGFILE TIMEOUT DESCRIPTION COMMAND... : poll until COMMAND succeeds; fail
# with the log's tail when the process dies or the time runs out.
wait_for() {
  local name=$1 logfile=$2 timeout=$3 what=$4; shift 4
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    running "$name" || startup_failed "$name" "$logfile" "exited while waiting for $what"
    ((SECONDS < deadline)) || startup_failed "$name" "$logfile" "not ready after ${timeout}s (waiting for $what)"
    sleep 0.5
  done
}

# stop_component NAME [SIGNAL [GRACE_SECONDS]]: signal, wait, SIGKILL after the grace period.
# kube-apiserver drains open watches for up to 60s after SIGTERM while it no longer accepts
# connections, so apiservers get a short grace by default (see apiserver_grace).
stop_component() {
  local name=$1 signal=${2:-TERM} grace=${3:-20} pid i
  if ! pid=$(pid_of "$name" "$(exe_of "$name")"); then
    rm -f "$run/$name.pid"
    return 0
  fi
  say "stopping $name (pid $pid, SIG$signal)"
  kill "-$signal" "$pid" 2>/dev/null || true
  for ((i = 0; ; i++)); do
    [[ -d /proc/$pid ]] || break
    grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && break
    if ((i == grace * 10)); then
      say "$name still draining after ${grace}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    ((i > grace * 10 + 100)) && die "$name (pid $pid) did not exit even after SIGKILL"
    sleep 0.1
  done
  rm -f "$run/$name.pid"
}

apiserver_grace=5

# ---------------------------------------------------------------- PKI and kubeconfigs

sign_cert() {
  # sign_cert DIR NAME CA SUBJECT EXTENSIONS
  local dir=$1 name=$2 ca=$3 subject=$4 ext=$5
  openssl req -new -nodes -newkey rsa:2048 -keyout "$dir/$name.key" -out "$dir/$name.csr" -subj "$subject" 2>/dev/null
  printf '%b\n' "$ext" >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$ca.crt" -CAkey "$dir/$ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$dir/$name.ext"
}

make_ca() {
  local dir=$1 name=$2 cn=$3
  openssl req -x509 -new -nodes -newkey rsa:2048 -sha256 -days 3650 -keyout "$dir/$name.key" -out "$dir/$name.crt" \
    -subj "/CN=$cn" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
}

ensure_pki() {
  [[ -f $pki/.complete ]] && return 0
  say "generating the cluster's CA, certificates, keys and tokens in $pki"
  local tmp="$cluster_dir/pki.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"; chmod 700 "$tmp"
  (
    umask 077
    set -e
    make_ca "$tmp" ca kube-ps-local-ca
    make_ca "$tmp" client-ca kube-ps-local-client-ca
    make_ca "$tmp" front-proxy-ca kube-ps-local-front-proxy-ca
    local server="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
    local client="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
    sign_cert "$tmp" apiserver ca "/CN=kube-apiserver" \
      "$server\nsubjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:10.0.0.1"
    sign_cert "$tmp" controller-manager-serving ca "/CN=kube-controller-manager" "$server\nsubjectAltName=IP:127.0.0.1,DNS:localhost"
    sign_cert "$tmp" cert-admin client-ca "/O=system:masters/CN=kube-ps-cert-admin" "$client"
    sign_cert "$tmp" controller-manager client-ca "/CN=system:kube-controller-manager" "$client"
    sign_cert "$tmp" front-proxy-client front-proxy-ca "/CN=front-proxy-client" "$client"
    openssl genrsa -out "$tmp/sa.key" 2048 2>/dev/null
    openssl rsa -in "$tmp/sa.key" -pubout -out "$tmp/sa.pub" 2>/dev/null
    openssl rand -hex 32 >"$tmp/admin.token"
    openssl rand -hex 32 >"$tmp/viewer.token"
    {
      echo "$(<"$tmp/admin.token"),kube-ps-admin,kube-ps-admin,\"system:masters\""
      echo "$(<"$tmp/viewer.token"),kube-ps-viewer,kube-ps-viewer"
    } >"$tmp/tokens.csv"
    chmod 644 "$tmp"/*.crt "$tmp/sa.pub"
    chmod 600 "$tmp"/*.key "$tmp"/*.token "$tmp/tokens.csv"
    touch "$tmp/.complete"
  ) || { rm -rf "$tmp"; die "generating the PKI with openssl failed"; }
  rm -rf "$pki"
  mv "$tmp" "$pki"
  # Old etcd data holds service-account tokens signed by a key that no longer exists.
  if [[ -d $etcd_data ]]; then
    say "new PKI: wiping old etcd data"
    rm -rf "$etcd_data"
  fi
}

b64() { base64 -w0 <"$1"; }

# write_kubeconfig PATH SERVER
write_kubeconfig() {
  local path=$1 server=$2 tmp
  tmp=$(mktemp "$path.XXXXXX")
  chmod 600 "$tmp"
  cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-ps-local
  cluster:
    server: $server
    certificate-authority-data: $(b64 "$pki/ca.crt")
users:
- name: kube-ps-admin
  user:
    token: $(<"$pki/admin.token")
- name: kube-ps-cert
  user:
    client-certificate-data: $(b64 "$pki/cert-admin.crt")
    client-key-data: $(b64 "$pki/cert-admin.key")
- name: kube-ps-viewer
  user:
    token: $(<"$pki/viewer.token")
contexts:
- name: kube-ps-admin
  context:
    cluster: kube-ps-local
    user: kube-ps-admin
    namespace: default
- name: kube-ps-cert
  context:
    cluster: kube-ps-local
    user: kube-ps-cert
    namespace: default
- name: kube-ps-viewer
  context:
    cluster: kube-ps-local
    user: kube-ps-viewer
    namespace: default
current-context: kube-ps-admin
preferences: {}
EOF
  mv -f "$tmp" "$path"
}

write_kcm_kubeconfig() {
  local tmp
  tmp=$(mktemp "$kcm_kubeconfig.XXXXXX")
  chmod 600 "$tmp"
  cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: kube-ps-local
  cluster:
    server: https://127.0.0.1:$apiserver_port
    certificate-authority: $pki/ca.crt
users:
- name: system:kube-controller-manager
  user:
    client-certificate: $pki/controller-manager.crt
    client-key: $pki/controller-manager.key
contexts:
- name: default
  context:
    cluster: kube-ps-local
    user: system:kube-controller-manager
current-context: default
EOF
  mv -f "$tmp" "$kcm_kubeconfig"
}

# ---------------------------------------------------------------- components

start_etcd() {
  if running etcd; then return 0; fi
  check_port_free "$etcd_port" "etcd (client)"
  check_port_free "$etcd_peer_port" "etcd (peer)"
  mkdir -p "$etcd_data"; chmod 700 "$etcd_data"
  say "starting etcd on $etcd_url"
  launch etcd "$logs/etcd.log" /usr/bin/etcd \
    --name kube-ps-local \
    --data-dir "$etcd_data" \
    --listen-client-urls "$etcd_url" \
    --advertise-client-urls "$etcd_url" \
    --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster "kube-ps-local=http://127.0.0.1:$etcd_peer_port" \
    --initial-cluster-state new \
    --initial-cluster-token kube-ps-local \
    --auto-compaction-retention 0 \
    --quota-backend-bytes 2147483648 \
    --enable-v2=false \
    --logger zap --log-outputs stderr
  wait_for etcd "$logs/etcd.log" 30 "its /health endpoint" etcd_healthy
}

etcd_healthy() { curl -fsS --max-time 2 "$etcd_url/health" | grep -q '"health":"true"'; }

apiserver_args() {
  # apiserver_args PORT CERT_DIR
  local port=$1
  printf '%s\n' \
    --advertise-address=127.0.0.1 \
    --bind-address=127.0.0.1 \
    "--secure-port=$port" \
    --insecure-port=0 \
    "--cert-dir=$2" \
    "--etcd-servers=$etcd_url" \
    "--tls-cert-file=$pki/apiserver.crt" \
    "--tls-private-key-file=$pki/apiserver.key" \
    "--client-ca-file=$pki/client-ca.crt" \
    "--token-auth-file=$pki/tokens.csv" \
    --authorization-mode=Node,RBAC \
    "--service-account-issuer=$issuer" \
    "--api-audiences=$issuer" \
    "--service-account-key-file=$pki/sa.pub" \
    "--service-account-signing-key-file=$pki/sa.key" \
    "--service-cluster-ip-range=$service_cidr" \
    --endpoint-reconciler-type=none \
    --allow-privileged=true \
    --enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,DefaultStorageClass,DefaultTolerationSeconds,Priority,RuntimeClass,StorageObjectInUseProtection,PersistentVolumeClaimResize,DefaultIngressClass,CertificateApproval,CertificateSigning,CertificateSubjectRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota \
    "--requestheader-client-ca-file=$pki/front-proxy-ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    "--proxy-client-cert-file=$pki/front-proxy-client.crt" \
    "--proxy-client-key-file=$pki/front-proxy-client.key" \
    "--kubelet-client-certificate=$pki/apiserver-kubelet-client.crt" \
    "--kubelet-client-key=$pki/apiserver-kubelet-client.key" \
    "--kubelet-certificate-authority=$pki/ca.crt" \
    --kubelet-preferred-address-types=InternalIP,Hostname
}

apiserver_ready() {
  curl -fsS --max-time 3 --cacert "$pki/ca.crt" --cert "$pki/cert-admin.crt" --key "$pki/cert-admin.key" \
    "https://127.0.0.1:$1/readyz" | grep -qx ok
}

# Names: "main" is the cluster's own kube-apiserver on 16443; others are apiserver-NAME.
component_for() { [[ $1 == main ]] && echo kube-apiserver || echo "apiserver-$1"; }

start_apiserver() {
  # start_apiserver NAME PORT [EXTRA_FLAGS...]
  local name=$1 port=$2; shift 2
  local comp; comp=$(component_for "$name")
  if running "$comp"; then
    say "$comp already running (pid $(<"$run/$comp.pid"), https://127.0.0.1:$(<"$run/$comp.port"))"
    return 0
  fi
  running etcd || die "etcd is not running; run: $0 start"
  check_port_free "$port" "$comp"
  local args=()
  mapfile -t args < <(apiserver_args "$port" "$run/$comp-certs")
  args+=("$@")
  mkdir -p "$run"
  echo "$port" >"$run/$comp.port"
  if (($#)); then printf '%s\n' "$@" >"$run/$comp.args"; else rm -f "$run/$comp.args"; fi
  [[ $name == main ]] || write_kubeconfig "$cluster_dir/$comp.kubeconfig" "https://127.0.0.1:$port"
  say "starting $comp on https://127.0.0.1:$port${*:+ with $*}"
  launch "$comp" "$logs/$comp.log" "$bin_dir/kube-apiserver" "${args[@]}"
  wait_for "$comp" "$logs/$comp.log" 120 "/readyz" apiserver_ready "$port"
}

start_kcm() {
  local args=(
    "--kubeconfig=$kcm_kubeconfig" \
    "--authentication-kubeconfig=$kcm_kubeconfig" \
    "--authorization-kubeconfig=$kcm_kubeconfig" \
    --bind-address=127.0.0.1 \
    "--secure-port=$kcm_port" \
    --port=0 \
    "--tls-cert-file=$pki/controller-manager-serving.crt" \
    "--tls-private-key-file=$pki/controller-manager-serving.key" \
    "--client-ca-file=$pki/client-ca.crt" \
    "--service-account-private-key-file=$pki/sa.key" \
    "--root-ca-file=$pki/ca.crt" \
    "--cluster-signing-cert-file=$pki/client-ca.crt" \
    "--cluster-signing-key-file=$pki/client-ca.key" \
    "--service-cluster-ip-range=$service_cidr" \
    --allocate-node-cidrs=true \
    "--cluster-cidr=$cluster_cidr" \
    "--node-cidr-mask-size=${cluster_cidr#*/}" \
    --use-service-account-credentials=true \
    '--controllers=*' \
    --leader-elect=true \
    --leader-elect-lease-duration=40s \
    --leader-elect-renew-deadline=30s \
    --leader-elect-retry-period=2s
  )
  local spec; spec=$(component_spec "${args[@]}")
  restart_if_changed kube-controller-manager "$spec"
  if running kube-controller-manager; then return 0; fi
  check_port_free "$kcm_port" kube-controller-manager
  write_kcm_kubeconfig
  # No controller manager of ours runs now, so a leader lock left by a previous one (which
  # does not release it on exit) is stale: drop it rather than wait out its lease.
  kc -n kube-system delete lease,endpoints kube-controller-manager --ignore-not-found >/dev/null 2>&1 || true
  say "starting kube-controller-manager (secure port https://127.0.0.1:$kcm_port)"
  echo "$kcm_port" >"$run/kube-controller-manager.port"
  launch kube-controller-manager "$logs/kube-controller-manager.log" "$bin_dir/kube-controller-manager" "${args[@]}"
  echo "$spec" >"$run/kube-controller-manager.spec"
  wait_for kube-controller-manager "$logs/kube-controller-manager.log" 60 "/healthz" \
    curl -fsS --max-time 2 --cacert "$pki/ca.crt" "https://127.0.0.1:$kcm_port/healthz"
}

# component_spec ARGS... [-- FILES...]: a digest of a component's flags and of the files it reads
# its configuration from; a component started with another is restarted by the next start.
component_spec() {
  local files=() args=()
  while (($#)); do
    if [[ $1 == -- ]]; then shift; files=("$@"); break; fi
    args+=("$1"); shift
  done
  {
    printf '%s\n' "${args[@]}"
    if ((${#files[@]})); then cat "${files[@]}" 2>/dev/null || true; fi
  } | sha256sum | cut -d' ' -f1
}

# restart_if_changed NAME SPEC: stops the running component when it was started with other flags
# or configuration (or by an older cluster.sh), so that the caller starts it again.
restart_if_changed() {
  local name=$1 spec=$2
  running "$name" || return 0
  [[ -f $run/$name.spec && $(<"$run/$name.spec") == "$spec" ]] && return 0
  say "restarting $name: its flags or configuration changed"
  stop_component "$name"
}

# kube-controller-manager exits when it cannot renew its leader lease for 30s (as on any
# cluster, where the kubelet restarts it); after the main apiserver comes back, start it again.
ensure_kcm_after_outage() {
  if ! running kube-controller-manager; then
    say "kube-controller-manager is not running (it exits after losing its lease); starting it again"
    start_kcm
  fi
}

kc() { kubectl --kubeconfig "$kubeconfig" --context kube-ps-admin --request-timeout=10s "$@"; }

# api_get PATH: the main apiserver's answer as the certificate admin, as compact JSON with no
# whitespace at all (so that checks can look for '"key":"value"'); fails unless 2xx. Cheaper
# than kubectl (no discovery, no large process to start) for the checks start runs.
api_get() {
  local body
  # The apiserver indents its JSON for a curl user agent.
  body=$(curl -fsS --max-time 10 -A kube-ps-cluster --cacert "$pki/ca.crt" --cert "$pki/cert-admin.crt" --key "$pki/cert-admin.key" \
    "https://127.0.0.1:$apiserver_port$1") || return 1
  tr -d '[:space:]' <<<"$body"
}

# The cluster is usable when the default namespace, its default ServiceAccount with a token
# secret (pods need it to pass ServiceAccount admission) and the aggregated RBAC roles exist.
cluster_usable() {
  api_get /api/v1/namespaces/default >/dev/null 2>&1 || return 1
  api_get /api/v1/namespaces/default/serviceaccounts/default 2>/dev/null | grep -q '"secrets":\[{"name":"default-token-' || return 1
  # The aggregated roles are empty until the aggregation controller fills their rules.
  api_get /apis/rbac.authorization.k8s.io/v1/clusterroles/view 2>/dev/null | grep -q '"rules":\[{' || return 1
  api_get /apis/rbac.authorization.k8s.io/v1/clusterroles/admin 2>/dev/null | grep -q '"rules":\[{' || return 1
}

apply_bindings() {
  api_get /apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kube-ps-viewer 2>/dev/null \
    | grep -q '"subjects":\[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"kube-ps-viewer"}\]' && return 0
  kc apply -f - >/dev/null <<'EOF'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kube-ps-viewer
  labels:
    app.kubernetes.io/managed-by: kube-ps-cluster
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: view
subjects:
- apiGroup: rbac.authorization.k8s.io
  kind: User
  name: kube-ps-viewer
EOF
}

# ---------------------------------------------------------------- commands

cmd_start() {
  ensure_packages
  build
  mkdir -p "$cluster_dir"; chmod 700 "$cluster_dir"
  ensure_pki
  if ! openssl x509 -checkend 86400 -noout -in "$pki/apiserver.crt" >/dev/null; then
    die "the cluster's serving certificate expires within a day; run: $0 destroy && $0 start"
  fi
  ensure_node_pki
  write_kubeconfig "$kubeconfig" "https://127.0.0.1:$apiserver_port"
  if node_enabled; then node_preflight || exit 1; fi
  local t0=$SECONDS
  start_etcd
  # A cluster started by an older cluster.sh runs without the flags the node needs: restart
  # those components once with the current ones.
  if running kube-apiserver && ! cmdline_has kube-apiserver --kubelet-client-certificate=; then
    say "restarting kube-apiserver: it lacks the kubelet client certificate that logs and exec need"
    stop_component kube-apiserver TERM "$apiserver_grace"
  fi
  running kube-apiserver || start_apiserver main "$apiserver_port"
  start_kcm
  wait_for kube-controller-manager "$logs/kube-controller-manager.log" 120 \
    "the default namespace, its default ServiceAccount token and the RBAC roles" cluster_usable
  apply_bindings || die "applying the kube-ps-viewer ClusterRoleBinding failed"
  start_scheduler
  mkdir -p "$run"
  if node_enabled; then
    rm -f "$run/node.off"
    node_start
  elif running kubelet; then
    say "KUBE_PS_NODE=0: leaving the running node as it is (stop it with: $0 node-stop)"
  else
    touch "$run/node.off"
    say "no node (KUBE_PS_NODE=0): pods stay Pending"
  fi
  say "ready ($((SECONDS - t0))s)"
  cmd_status
}

# cmdline_has COMPONENT TEXT: the running component's command line contains TEXT.
cmdline_has() {
  local pid
  pid=$(pid_of "$1" "$(exe_of "$1")") || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qF -- "$2"
}

cmd_node_start() {
  running kube-apiserver || die "the control plane is not running; run: $0 start"
  ensure_packages
  build
  ensure_node_pki
  start_scheduler
  mkdir -p "$run"; rm -f "$run/node.off"
  node_preflight || exit 1
  node_start
}

cmd_image_import() {
  (($# > 0)) || die "image-import needs one or more OCI archives (out/images/*.tar)"
  running containerd && containerd_ready || die "the node's containerd is not running; run: $0 start"
  local file
  for file in "$@"; do import_archive "$file"; done
}

cmd_node_stop() {
  stopped_any=0
  node_stop
  ((stopped_any)) && say "node stopped" || say "node not running"
}

cmd_stop() {
  local f comp any=0
  stopped_any=0
  node_stop
  any=$stopped_any
  running kube-scheduler && any=1
  stop_component kube-scheduler
  for f in "$run"/apiserver-*.pid; do
    [[ -e $f ]] || continue
    comp=$(basename "$f" .pid)
    running "$comp" && any=1
    stop_component "$comp" TERM "$apiserver_grace"
    forget_apiserver "$comp"
  done
  for comp in kube-controller-manager kube-apiserver etcd; do
    running "$comp" && any=1
    if [[ $comp == kube-apiserver ]]; then stop_component "$comp" TERM "$apiserver_grace"; else stop_component "$comp"; fi
  done
  rm -f "$run/kube-apiserver.args"
  ((any)) && say "stopped" || say "not running"
}

status_line() {
  local comp=$1 endpoint=$2 probe=$3 pid state
  if pid=$(pid_of "$comp" "$(exe_of "$comp")"); then
    if $probe >/dev/null 2>&1; then state="running (ready)"; else state="running (not ready)"; fi
    printf '  %-26s %-20s pid %-8s %s\n' "$comp" "$state" "$pid" "$endpoint"
    [[ $state == "running (ready)" ]]
  else
    printf '  %-26s %-20s %-12s %s\n' "$comp" stopped - "$endpoint"
    return 1
  fi
}

kcm_healthy() { curl -fsS --max-time 2 --cacert "$pki/ca.crt" "https://127.0.0.1:$kcm_port/healthz" | grep -qx ok; }

cmd_status() {
  local ok=0 f comp port
  echo "local cluster ($cluster_dir):"
  status_line etcd "$etcd_url (peer 127.0.0.1:$etcd_peer_port)" etcd_healthy || ok=1
  status_line kube-apiserver "https://127.0.0.1:$apiserver_port" "apiserver_ready $apiserver_port" || ok=1
  status_line kube-controller-manager "https://127.0.0.1:$kcm_port" kcm_healthy || ok=1
  node_status || ok=1
  for f in "$run"/apiserver-*.pid; do
    [[ -e $f ]] || continue
    comp=$(basename "$f" .pid)
    port=$(cat "$run/$comp.port" 2>/dev/null || echo '?')
    status_line "$comp" "https://127.0.0.1:$port" "apiserver_ready $port" || true
  done
  if [[ -f $kubeconfig ]]; then
    echo "kubeconfig: $kubeconfig (contexts kube-ps-admin [current], kube-ps-cert, kube-ps-viewer)"
  else
    echo "kubeconfig: $kubeconfig (not created yet; run: $0 start)"
  fi
  return $ok
}

cmd_reset() {
  cmd_stop
  say "wiping etcd data, logs and the kubelet's pod state"
  rm -rf "$etcd_data" "$logs" "$run" "$kubelet_dir" "$node_dir/cni"
}

cmd_destroy() {
  cmd_stop
  say "removing $cluster_dir"
  rm -rf "$cluster_dir"
}

cmd_logs() {
  local comp=${1:-kube-apiserver}
  [[ -f $logs/$comp.log ]] || die "no log for '$comp' in $logs"
  tail -n "${LINES_TO_SHOW:-60}" "$logs/$comp.log"
}

# Parses [--name NAME] [--port PORT] [--kill] [-- FLAGS...] into globals.
parse_apiserver_opts() {
  opt_name=main opt_port='' opt_kill=0 opt_flags=() opt_flags_given=0 opt_grace=$apiserver_grace
  while (($#)); do
    case $1 in
      --grace) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || die "--grace needs a number of seconds"; opt_grace=$2; shift 2 ;;
      --name) [[ $# -ge 2 ]] || die "--name needs a value"; opt_name=$2; shift 2 ;;
      --port) [[ $# -ge 2 ]] || die "--port needs a value"; opt_port=$2; shift 2 ;;
      --kill) opt_kill=1; shift ;;
      --) shift; opt_flags=("$@"); opt_flags_given=1; break ;;
      *) die "unknown option '$1' (extra kube-apiserver flags go after --)" ;;
    esac
  done
  [[ $opt_name =~ ^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$ ]] || die "--name must be lowercase letters, digits and dashes"
  if [[ -n $opt_port ]]; then
    [[ $opt_port =~ ^[0-9]+$ ]] && ((opt_port > 0 && opt_port < 65536)) || die "--port must be a TCP port number"
  fi
}

cmd_apiserver_start() {
  parse_apiserver_opts "$@"
  local comp; comp=$(component_for "$opt_name")
  [[ -x $bin_dir/kube-apiserver ]] || die "kube-apiserver is not built yet; run: $0 start"
  [[ -f $pki/.complete ]] || die "the cluster has no PKI yet; run: $0 start"
  if [[ $opt_name == main ]]; then
    [[ -z $opt_port || $opt_port == "$apiserver_port" ]] || die "the main kube-apiserver always listens on $apiserver_port; give --name for another"
    opt_port=$apiserver_port
  else
    [[ -n $opt_port ]] || die "apiserver-start --name $opt_name needs --port PORT"
  fi
  start_apiserver "$opt_name" "$opt_port" "${opt_flags[@]}"
  [[ $opt_name == main ]] && ensure_kcm_after_outage
  say "$comp ready on https://127.0.0.1:$opt_port"
  [[ $opt_name == main ]] || say "kubeconfig: $cluster_dir/$comp.kubeconfig"
}

# A second apiserver that is stopped is forgotten: its port, flags and kubeconfig go too.
forget_apiserver() {
  [[ $1 == apiserver-* ]] && rm -f "$run/$1.port" "$run/$1.args" "$cluster_dir/$1.kubeconfig"
  return 0
}

cmd_apiserver_stop() {
  parse_apiserver_opts "$@"
  local comp; comp=$(component_for "$opt_name")
  if ! running "$comp"; then
    say "$comp is not running"
    rm -f "$run/$comp.pid"
    forget_apiserver "$comp"
    return 0
  fi
  stop_component "$comp" "$( ((opt_kill)) && echo KILL || echo TERM)" "$opt_grace"
  forget_apiserver "$comp"
}

cmd_apiserver_restart() {
  parse_apiserver_opts "$@"
  local comp port flags=()
  comp=$(component_for "$opt_name")
  if [[ $opt_name == main ]]; then
    port=$apiserver_port
  else
    port=${opt_port:-$(cat "$run/$comp.port" 2>/dev/null || true)}
    [[ -n $port ]] || die "$comp is not running; use apiserver-start --name $opt_name --port PORT"
  fi
  if ((opt_flags_given)); then
    flags=("${opt_flags[@]}")
  elif [[ -f $run/$comp.args ]]; then
    mapfile -t flags <"$run/$comp.args"
  fi
  stop_component "$comp" "$( ((opt_kill)) && echo KILL || echo TERM)" "$opt_grace"
  start_apiserver "$opt_name" "$port" "${flags[@]}"
  [[ $opt_name == main ]] && ensure_kcm_after_outage
  say "$comp restarted (pid $(<"$run/$comp.pid")) on https://127.0.0.1:$port"
}

cmd_etcd_compact() {
  local revision=''
  while (($#)); do
    case $1 in
      --revision) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || die "--revision needs a number"; revision=$2; shift 2 ;;
      *) die "unknown option '$1'" ;;
    esac
  done
  running etcd || die "etcd is not running"
  if [[ -z $revision ]]; then
    # The response header of any range request carries the store's current revision.
    revision=$(curl -fsS --max-time 5 -X POST "$etcd_url/v3/kv/range" -d '{"key":"AA=="}' \
      | grep -o '"revision":"[0-9]*"' | head -n1 | tr -dc 0-9) || true
    [[ -n $revision ]] || die "could not read the current revision from $etcd_url/v3/kv/range"
  fi
  local out
  out=$(curl -sS --max-time 60 -X POST "$etcd_url/v3/kv/compaction" -d "{\"revision\":\"$revision\",\"physical\":true}")
  if [[ $out == *'"error"'* || $out == *'"code"'* ]]; then
    if [[ $out == *"required revision has been compacted"* ]]; then
      say "etcd is already compacted at revision $revision"
      return 0
    fi
    die "etcd compaction at revision $revision failed: $out"
  fi
  say "etcd compacted at revision $revision"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    build) ensure_packages; build ;;
    reset) cmd_reset ;;
    destroy) cmd_destroy ;;
    kubeconfig) echo "$kubeconfig" ;;
    env) echo "export KUBECONFIG='$kubeconfig'" ;;
    logs) cmd_logs "$@" ;;
    node-start) cmd_node_start ;;
    node-stop) cmd_node_stop ;;
    preflight) node_preflight && say "this machine can run the node" ;;
    image-import) cmd_image_import "$@" ;;
    apiserver-start) cmd_apiserver_start "$@" ;;
    apiserver-stop) cmd_apiserver_stop "$@" ;;
    apiserver-restart) cmd_apiserver_restart "$@" ;;
    etcd-compact) cmd_etcd_compact "$@" ;;
    -h|--help|help) usage ;;
    '') usage >&2; exit 2 ;;
    *) echo "cluster: unknown command '$cmd'" >&2; usage >&2; exit 2 ;;
  esac
}

main "$@"
