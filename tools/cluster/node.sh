# The local cluster's node: kube-scheduler, containerd (CRI), a CNI bridge and a kubelet, with
# two images built on this machine. Sourced by cluster.sh, which defines the paths, say/die,
# launch/wait_for/stop_component and the PKI helpers used here.
#
# Everything the node makes lives in $cluster_dir/node, in two bridges and in cgroups named
# kube-ps; `node_stop` takes all of it down again (see node_cleanup).

node_name=kube-ps-node
# The node's address: kubelets refuse loopback, and this kind of machine has no `dummy` module,
# so the address sits alone (/32) on an empty bridge of its own.
node_bridge=kubeps-node
node_ip=10.245.0.1
# Pods: one /24 on a second bridge that the cluster makes and addresses itself (the CNI bridge
# plugin only attaches veths to it), so the plugin never needs to turn on IP forwarding.
cni_bridge=kubeps-cni0
pod_cidr=10.244.0.0/24
pod_gateway=10.244.0.1
# containerd puts each container of its k8s.io namespace in the cgroup /k8s.io/<id>.
cgroup_parent=k8s.io
# Pods find the apiserver where the kubelet tells them (KUBERNETES_SERVICE_HOST/PORT): the
# `kubernetes` Service, the first address of the service range, port 443. There is no
# kube-proxy; one DNAT rule, for packets that come in from the pods' bridge only, sends that
# address to the apiserver on loopback (route_localnet is set on that bridge alone).
kubernetes_service_ip=${service_cidr%.*}.1
apiserver_nat_chain=KUBE-PS-APISERVER

scheduler_port=16259
kubelet_port=16250
kubelet_healthz_port=16248

node_dir=$cluster_dir/node
containerd_dir=$node_dir/containerd
containerd_sock=$run/containerd.sock
containerd_config=$containerd_dir/config.toml
kubelet_dir=$node_dir/kubelet
kubelet_config=$node_dir/kubelet.yaml
kubelet_kubeconfig=$node_dir/kubelet.kubeconfig
scheduler_kubeconfig=$cluster_dir/scheduler.kubeconfig
cni_conf_dir=$node_dir/cni/net.d
cni_ipam_dir=$node_dir/cni/ipam
cni_bin_dir=/usr/lib/cni
images_dir=$cache_root/images
busybox_image=localhost/busybox:dev
pause_image=localhost/pause:dev
# The kubelet writes container logs here (fixed in 1.20); stop removes those of its pods.
pod_logs_dir=/var/log/pods
container_logs_dir=/var/log/containers
# kube-controller-manager allocates exactly this /24 to the one node, so the Node's podCIDR
# says what the CNI config hands out.
cluster_cidr=$pod_cidr
# The kubelet rewrites these kernel settings at start; stop puts back what was there before.
node_sysctls=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
sysctl_saved=$node_dir/sysctl.saved

node_packages=(containerd runc containernetworking-plugins busybox-static iproute2 iptables procps gcc libc6-dev util-linux)

# KUBE_PS_NODE=0 runs the control plane without a node.
node_enabled() { [[ ${KUBE_PS_NODE:-1} != 0 ]]; }

ctr_k8s() { ctr --address "$containerd_sock" --namespace k8s.io "$@"; }

# ---------------------------------------------------------------- preflight

# Names every missing capability at once; returns non-zero when the node cannot run here.
node_preflight() {
  local missing=() f
  [[ $(id -u) -eq 0 ]] || missing+=("root: the kubelet and containerd run as root (this runs as uid $(id -u))")
  local capeff; capeff=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
  if [[ -n $capeff ]]; then
    (( (16#$capeff >> 21) & 1 )) || missing+=("CAP_SYS_ADMIN (mounts, namespaces)")
    (( (16#$capeff >> 12) & 1 )) || missing+=("CAP_NET_ADMIN (bridges, veths, addresses)")
  fi
  if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
    for f in cpu cpuset memory pids; do
      grep -qw "$f" /sys/fs/cgroup/cgroup.controllers || missing+=("the '$f' cgroup v2 controller")
    done
  else
    for f in cpu cpuacct cpuset memory pids devices freezer; do
      [[ -d /sys/fs/cgroup/$f ]] || missing+=("the '$f' cgroup controller (not mounted at /sys/fs/cgroup/$f)")
    done
  fi
  grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null || missing+=("the overlay filesystem (containerd's overlayfs snapshotter)")
  [[ -e /dev/kmsg ]] || missing+=("/dev/kmsg (the kubelet's OOM watcher reads it)")
  command -v unshare >/dev/null && unshare --net true 2>/dev/null || missing+=("network namespaces (unshare --net failed)")
  # Probe links, removed at once (and first, should an interrupted run have left one).
  ip link del kubeps-probe 2>/dev/null || true
  ip link del kubeps-probe0 2>/dev/null || true
  if ! ip link show "$node_bridge" >/dev/null 2>&1; then
    if ip link add kubeps-probe type bridge 2>/dev/null; then ip link del kubeps-probe 2>/dev/null || true
    else missing+=("bridge links (ip link add type bridge failed)"); fi
  fi
  if ip link add kubeps-probe0 type veth peer name kubeps-probe1 2>/dev/null; then ip link del kubeps-probe0 2>/dev/null || true
  else missing+=("veth links (ip link add type veth failed)"); fi
  command -v iptables >/dev/null && iptables -t nat -S PREROUTING >/dev/null 2>&1 \
    || missing+=("iptables with the nat table (pods reach the apiserver through one DNAT rule)")
  for f in /usr/bin/containerd /usr/bin/ctr /usr/sbin/runc "$cni_bin_dir/bridge" "$cni_bin_dir/host-local" "$cni_bin_dir/loopback" /bin/busybox; do
    [[ -x $f ]] || missing+=("$f (Debian packages: ${node_packages[*]})")
  done
  local conflict
  if conflict=$(address_conflicts); then missing+=("$conflict"); fi
  if ((${#missing[@]})); then
    echo "cluster: error: this machine cannot run the cluster's node; missing:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    echo "cluster: set KUBE_PS_NODE=0 to run the control plane without a node (pods then stay Pending)" >&2
    return 1
  fi
}

ip_to_int() { local IFS=. a b c d; read -r a b c d <<<"$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }

# cidr_overlap A/N B/M: whether the two IPv4 ranges share an address.
cidr_overlap() {
  local a=${1%/*} n=${1#*/} b=${2%/*} m=${2#*/}
  [[ $1 == */* ]] || n=32
  [[ $2 == */* ]] || m=32
  local bits=$((n < m ? n : m))
  local mask=$(((0xffffffff << (32 - bits)) & 0xffffffff))
  (($(($(ip_to_int "$a") & mask)) == $(($(ip_to_int "$b") & mask))))
}

# Prints the first route or address of another interface that overlaps the node's or the
# pods' addresses; those would be shadowed (or shadow ours), so the node does not start.
address_conflicts() {
  local line dst dev
  while read -r line; do
    dst=${line%% *}
    [[ $dst == default ]] && continue
    [[ $line =~ dev\ ([^ ]+) ]] && dev=${BASH_REMATCH[1]} || dev=''
    [[ $dev == "$node_bridge" || $dev == "$cni_bridge" ]] && continue
    [[ $dst =~ ^[0-9.]+(/[0-9]+)?$ ]] || continue
    if cidr_overlap "$dst" "$pod_cidr" || cidr_overlap "$dst" "$node_ip/32"; then
      echo "free addresses: route '$line' overlaps the node address $node_ip or the pod range $pod_cidr"
      return 0
    fi
  done < <(ip -4 route show table all 2>/dev/null | grep -v '^\(local\|broadcast\|unreachable\|prohibit\|blackhole\) ')
  return 1
}

# ---------------------------------------------------------------- PKI and kubeconfigs

# Certificates the node adds to a cluster's PKI; made once, beside the cluster's own.
ensure_node_pki() {
  [[ -f $pki/.node-complete ]] && return 0
  say "adding the node's certificates to $pki"
  local tmp="$cluster_dir/pki-node.tmp" f
  rm -rf "$tmp"; mkdir -p "$tmp"; chmod 700 "$tmp"
  (
    umask 077
    set -e
    cp "$pki/ca.crt" "$pki/ca.key" "$pki/client-ca.crt" "$pki/client-ca.key" "$tmp/"
    local server="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
    local client="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
    # The apiserver's client for logs, exec and port-forward; the kubelet trusts client-ca.
    sign_cert "$tmp" apiserver-kubelet-client client-ca "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client"
    # The kubelet's own identity (the Node authorizer and NodeRestriction go by it).
    sign_cert "$tmp" kubelet-client client-ca "/O=system:nodes/CN=system:node:$node_name" "$client"
    # The kubelet's serving certificate; the apiserver verifies it with the cluster CA.
    sign_cert "$tmp" kubelet-serving ca "/CN=$node_name" "$server\nsubjectAltName=IP:$node_ip,DNS:$node_name,IP:127.0.0.1"
    sign_cert "$tmp" scheduler client-ca "/CN=system:kube-scheduler" "$client"
    sign_cert "$tmp" scheduler-serving ca "/CN=kube-scheduler" "$server\nsubjectAltName=IP:127.0.0.1,DNS:localhost"
    rm -f "$tmp/ca.crt" "$tmp/ca.key" "$tmp/client-ca.crt" "$tmp/client-ca.key"
    chmod 644 "$tmp"/*.crt
    chmod 600 "$tmp"/*.key
  ) || { rm -rf "$tmp"; die "generating the node's certificates with openssl failed"; }
  for f in "$tmp"/*; do mv -f "$f" "$pki/"; done
  rmdir "$tmp"
  touch "$pki/.node-complete"
}

# write_cert_kubeconfig PATH USER CERT KEY
write_cert_kubeconfig() {
  local path=$1 user=$2 cert=$3 key=$4 tmp
  tmp=$(mktemp "$path.XXXXXX")
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
- name: $user
  user:
    client-certificate: $cert
    client-key: $key
contexts:
- name: default
  context:
    cluster: kube-ps-local
    user: $user
current-context: default
EOF
  mv -f "$tmp" "$path"
}

# ---------------------------------------------------------------- kube-scheduler

scheduler_healthy() { curl -fsS --max-time 2 --cacert "$pki/ca.crt" "https://127.0.0.1:$scheduler_port/healthz" | grep -qx ok; }

start_scheduler() {
  # One scheduler, no leader election: a lease left by a stopped scheduler would only delay it.
  # A generous API rate: every failed attempt to place a pod costs a status patch and an event,
  # and a test that makes thousands of unschedulable pods would otherwise starve the rest.
  local args=(
    "--kubeconfig=$scheduler_kubeconfig"
    "--authentication-kubeconfig=$scheduler_kubeconfig"
    "--authorization-kubeconfig=$scheduler_kubeconfig"
    --bind-address=127.0.0.1
    "--secure-port=$scheduler_port"
    --port=0
    "--tls-cert-file=$pki/scheduler-serving.crt"
    "--tls-private-key-file=$pki/scheduler-serving.key"
    "--client-ca-file=$pki/client-ca.crt"
    --leader-elect=false
    --kube-api-qps=200
    --kube-api-burst=400
  )
  local spec; spec=$(component_spec "${args[@]}")
  restart_if_changed kube-scheduler "$spec"
  if running kube-scheduler; then return 0; fi
  check_port_free "$scheduler_port" kube-scheduler
  write_cert_kubeconfig "$scheduler_kubeconfig" system:kube-scheduler "$pki/scheduler.crt" "$pki/scheduler.key"
  say "starting kube-scheduler (secure port https://127.0.0.1:$scheduler_port)"
  launch kube-scheduler "$logs/kube-scheduler.log" "$bin_dir/kube-scheduler" "${args[@]}"
  echo "$spec" >"$run/kube-scheduler.spec"
  wait_for kube-scheduler "$logs/kube-scheduler.log" 60 "/healthz" scheduler_healthy
}

# ---------------------------------------------------------------- network

ensure_bridge() {
  local name=$1 cidr=$2
  if ! ip link show "$name" >/dev/null 2>&1; then
    ip link add "$name" type bridge || die "could not create the bridge $name"
  fi
  ip -4 addr show dev "$name" | grep -qF " $cidr " || ip addr add "$cidr" dev "$name" \
    || die "could not add $cidr to $name"
  ip link set "$name" up || die "could not bring $name up"
}

ensure_network() {
  ensure_bridge "$node_bridge" "$node_ip/32"
  ensure_bridge "$cni_bridge" "$pod_gateway/${pod_cidr#*/}"
  mkdir -p "$cni_conf_dir" "$cni_ipam_dir"
  local tmp; tmp=$(mktemp "$cni_conf_dir/.conflist.XXXXXX")
  # isGateway false: the gateway address is ours (above), and the plugin would otherwise turn
  # on net.ipv4.ip_forward. No masquerade, no portmap: pods talk to this machine only.
  cat >"$tmp" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "kube-ps",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$cni_bridge",
      "isGateway": false,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$cni_ipam_dir",
        "ranges": [[{ "subnet": "$pod_cidr", "gateway": "$pod_gateway" }]],
        "routes": [{ "dst": "0.0.0.0/0", "gw": "$pod_gateway" }]
      }
    }
  ]
}
EOF
  mv -f "$tmp" "$cni_conf_dir/10-kube-ps.conflist"
  ensure_apiserver_route
}

# The `kubernetes` Service's address, as seen from pods, to the apiserver on 127.0.0.1.
ensure_apiserver_route() {
  sysctl -q -w "net.ipv4.conf.$cni_bridge.route_localnet=1" >/dev/null || die "could not set route_localnet on $cni_bridge"
  iptables -t nat -S "$apiserver_nat_chain" >/dev/null 2>&1 || iptables -t nat -N "$apiserver_nat_chain" \
    || die "could not create the iptables chain $apiserver_nat_chain"
  local rule=(-d "$kubernetes_service_ip/32" -p tcp --dport 443 -j DNAT --to-destination "127.0.0.1:$apiserver_port")
  if ! iptables -t nat -C "$apiserver_nat_chain" "${rule[@]}" 2>/dev/null; then
    iptables -t nat -F "$apiserver_nat_chain"
    iptables -t nat -A "$apiserver_nat_chain" "${rule[@]}" || die "could not add the DNAT rule for $kubernetes_service_ip:443"
  fi
  iptables -t nat -C PREROUTING -i "$cni_bridge" -j "$apiserver_nat_chain" 2>/dev/null \
    || iptables -t nat -A PREROUTING -i "$cni_bridge" -j "$apiserver_nat_chain" \
    || die "could not add the jump to $apiserver_nat_chain in the nat table's PREROUTING"
}

remove_apiserver_route() {
  command -v iptables >/dev/null || return 0
  while iptables -t nat -D PREROUTING -i "$cni_bridge" -j "$apiserver_nat_chain" 2>/dev/null; do :; done
  if iptables -t nat -S "$apiserver_nat_chain" >/dev/null 2>&1; then
    iptables -t nat -F "$apiserver_nat_chain" && iptables -t nat -X "$apiserver_nat_chain" \
      || say "warning: could not remove the iptables chain $apiserver_nat_chain"
  fi
}

# ---------------------------------------------------------------- containerd

write_containerd_config() {
  mkdir -p "$containerd_dir/root" "$containerd_dir/state"
  chmod 711 "$containerd_dir/root" "$containerd_dir/state"
  local tmp; tmp=$(mktemp "$containerd_config.XXXXXX")
  cat >"$tmp" <<EOF
# Written by tools/cluster/cluster.sh; the local cluster's own containerd, apart from any
# system one: its own socket, root, state, CNI config and runc state.
version = 2
root = "$containerd_dir/root"
state = "$containerd_dir/state"
oom_score = 0
disabled_plugins = [
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = "$containerd_sock"

[ttrpc]
  address = "$containerd_sock.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins]
  [plugins."io.containerd.internal.v1.opt"]
    path = "$containerd_dir/opt"

  [plugins."io.containerd.grpc.v1.cri"]
    sandbox_image = "$pause_image"
    # This kind of machine withholds CAP_SYS_RESOURCE, so runc may not lower a container's
    # oom_score_adj below containerd's own (it fails with "can't get final child's PID from
    # pipe"); keep the kubelet's values at or above it instead.
    restrict_oom_score_adj = true
    netns_mounts_under_state_dir = true
    enable_selinux = false
    disable_apparmor = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
    max_container_log_line_size = 16384

    [plugins."io.containerd.grpc.v1.cri".containerd]
      snapshotter = "overlayfs"
      default_runtime_name = "runc"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"

        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
          BinaryName = "/usr/sbin/runc"
          Root = "$containerd_dir/state/runc"
          SystemdCgroup = false

    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "$cni_bin_dir"
      conf_dir = "$cni_conf_dir"
      max_conf_num = 1
EOF
  mv -f "$tmp" "$containerd_config"
}

containerd_ready() { ctr --address "$containerd_sock" version >/dev/null 2>&1; }

start_containerd() {
  write_containerd_config
  local spec; spec=$(component_spec --config "$containerd_config" -- "$containerd_config")
  restart_if_changed containerd "$spec"
  if running containerd; then return 0; fi
  say "starting containerd ($containerd_sock)"
  # No registry is reachable from this machine, and none may be tried: every pull goes to a
  # proxy address where nothing listens, so a pod whose image is not imported fails at once
  # with ErrImagePull instead of reaching out.
  HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY='' http_proxy='' https_proxy='' no_proxy='' \
    launch containerd "$logs/containerd.log" /usr/bin/containerd --config "$containerd_config"
  echo "$spec" >"$run/containerd.spec"
  wait_for containerd "$logs/containerd.log" 30 "its socket" containerd_ready
}

# The two images: built once into $images_dir, imported when containerd lacks them.
ensure_images() {
  local tree
  tree=$(bash "$here/build-control-plane.sh" --print-tree) || die "the kubernetes source tree is missing (for pause.c)"
  bash "$here/build-images.sh" "$images_dir" "$tree" || die "building the node's images failed"
  local name ref want have
  for name in pause busybox; do
    ref=localhost/$name:dev
    want=$(<"$images_dir/$name.digest")
    have=$(ctr_k8s images ls 2>/dev/null | awk -v r="$ref" '$1 == r { print $3 }')
    [[ $have == "$want" ]] && continue
    say "importing $ref into containerd"
    ctr_k8s images import "$images_dir/$name.tar" >/dev/null 2>"$run/ctr-import.err" \
      || die "ctr images import $images_dir/$name.tar failed: $(tail -n 3 "$run/ctr-import.err")"
    have=$(ctr_k8s images ls 2>/dev/null | awk -v r="$ref" '$1 == r { print $3 }')
    [[ $have == "$want" ]] || die "after the import containerd has $ref as '${have:-nothing}', expected $want"
  done
  rm -f "$run/ctr-import.err"
}

# import_archive FILE.tar: imports an OCI archive written by build.ps1 Image (or build-images.sh)
# into the node's containerd, unless containerd already has the image at the digest in
# FILE.digest. The image's name is the io.containerd.image.name of the archive's index.json.
import_archive() {
  local file=$1 ref want have
  [[ -f $file ]] || die "image archive $file does not exist"
  [[ -f ${file%.tar}.digest ]] || die "${file%.tar}.digest is missing (it is written beside the archive)"
  want=$(<"${file%.tar}.digest")
  ref=$(tar -xOf "$file" index.json 2>/dev/null | grep -o '"io.containerd.image.name":"[^"]*"' | head -n1 | cut -d'"' -f4) || true
  [[ -n $ref ]] || die "$file is not an OCI archive naming its image (no io.containerd.image.name in index.json)"
  have=$(ctr_k8s images ls 2>/dev/null | awk -v r="$ref" '$1 == r { print $3 }')
  if [[ $have == "$want" ]]; then
    say "$ref is up to date in the node's containerd (${want:0:19})"
    return 0
  fi
  say "importing $ref into the node's containerd"
  ctr_k8s images import "$file" >/dev/null 2>"$run/ctr-import.err" \
    || die "ctr images import $file failed: $(tail -n 3 "$run/ctr-import.err")"
  have=$(ctr_k8s images ls 2>/dev/null | awk -v r="$ref" '$1 == r { print $3 }')
  [[ $have == "$want" ]] || die "after the import containerd has $ref as '${have:-nothing}', expected $want"
  rm -f "$run/ctr-import.err"
}

# ---------------------------------------------------------------- kubelet

write_kubelet_config() {
  mkdir -p "$node_dir"
  write_cert_kubeconfig "$kubelet_kubeconfig" "system:node:$node_name" "$pki/kubelet-client.crt" "$pki/kubelet-client.key"
  local tmp; tmp=$(mktemp "$kubelet_config.XXXXXX")
  cat >"$tmp" <<EOF
# Written by tools/cluster/cluster.sh.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: $kubelet_port
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $kubelet_healthz_port
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $pki/client-ca.crt
authorization:
  mode: Webhook
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
evictionHard: {}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
# Leave the host's iptables and the kubelet's own OOM score alone (no CAP_SYS_RESOURCE here).
makeIPTablesUtilChains: false
oomScoreAdj: 0
volumePluginDir: $kubelet_dir/volume-plugins
# No DNS server runs in the cluster: pods get 127.0.0.1 (their own loopback), nothing outside.
clusterDomain: cluster.local
clusterDNS: [127.0.0.1]
# One log file per container up to 512Mi, so a long log reads whole.
containerLogMaxSize: 512Mi
containerLogMaxFiles: 2
kubeAPIQPS: 50
kubeAPIBurst: 100
serializeImagePulls: false
EOF
  mv -f "$tmp" "$kubelet_config"
}

kubelet_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$kubelet_healthz_port/healthz" | grep -qx ok; }

# node_ready_state: Ready, NotReady, "Ready (tainted not-ready)" or absent, from the Node object
# (the apiserver writes a condition's type first and its status next, without spaces).
node_ready_state() {
  local json
  json=$(api_get "/api/v1/nodes/$node_name" 2>/dev/null) || { echo absent; return 0; }
  if [[ $json != *'"type":"Ready","status":"True"'* ]]; then echo NotReady
  elif [[ $json == *'"key":"node.kubernetes.io/not-ready"'* || $json == *'"key":"node.kubernetes.io/unreachable"'* ]]; then
    echo "Ready (tainted not-ready)"
  else echo Ready; fi
}

# The Node is Ready and the node-lifecycle controller has lifted its not-ready taint.
node_ready() { [[ $(node_ready_state) == Ready ]]; }

save_sysctls() {
  [[ -f $sysctl_saved ]] && return 0
  local s
  for s in "${node_sysctls[@]}"; do
    echo "$s=$(sysctl -n "$s" 2>/dev/null || echo '')"
  done >"$sysctl_saved.tmp"
  mv -f "$sysctl_saved.tmp" "$sysctl_saved"
}

restore_sysctls() {
  [[ -f $sysctl_saved ]] || return 0
  local line
  while IFS= read -r line; do
    [[ $line == *=?* ]] || continue
    sysctl -q -w "$line" >/dev/null 2>&1 || say "warning: could not restore $line"
  done <"$sysctl_saved"
  rm -f "$sysctl_saved"
}

start_kubelet() {
  write_kubelet_config
  # The flags that have no place in the config file; --resolv-conf= (none) keeps the host's DNS
  # servers out of the pods.
  local args=(
    "--config=$kubelet_config"
    "--kubeconfig=$kubelet_kubeconfig"
    "--root-dir=$kubelet_dir"
    "--cert-dir=$kubelet_dir/pki"
    "--hostname-override=$node_name"
    "--node-ip=$node_ip"
    --container-runtime=remote
    "--container-runtime-endpoint=unix://$containerd_sock"
    "--pod-infra-container-image=$pause_image"
    --resolv-conf=
    "--node-labels=kube-ps.io/local-node=true"
  )
  local spec; spec=$(component_spec "${args[@]}" -- "$kubelet_config")
  restart_if_changed kubelet "$spec"
  if running kubelet; then return 0; fi
  check_port_free "$kubelet_healthz_port" "kubelet (healthz)"
  local owner
  if owner=$(port_owner "$kubelet_port"); then
    die "port $kubelet_port (needed by the kubelet on $node_ip) is already in use by $owner; stop it or free the port"
  fi
  mkdir -p "$kubelet_dir"; chmod 750 "$kubelet_dir"
  save_sysctls
  say "starting kubelet (node $node_name, https://$node_ip:$kubelet_port)"
  launch kubelet "$logs/kubelet.log" "$bin_dir/kubelet" "${args[@]}"
  echo "$spec" >"$run/kubelet.spec"
  wait_for kubelet "$logs/kubelet.log" 60 "/healthz" kubelet_healthy
}

# node_start: the caller has run node_preflight.
node_start() {
  local t0=$SECONDS
  ensure_network
  start_containerd
  ensure_images
  start_kubelet
  wait_for kubelet "$logs/kubelet.log" 90 "the node $node_name to be Ready (and its not-ready taint lifted)" node_ready
  say "node $node_name ready ($((SECONDS - t0))s)"
}

# ---------------------------------------------------------------- stop and clean up

# Everything the node makes, taken down in dependency order: the kubelet first (it would
# restart containers), then every container and sandbox, containerd and its shims, the pods'
# processes and cgroups, mounts (rootfs, volumes, network namespaces, the kubelet's own
# bind mount), the veths and bridges, the IP allocations and the pods' log files.
node_stop() {
  running kubelet && stopped_any=1
  stop_component kubelet
  if running containerd; then
    stopped_any=1
    remove_all_containers
  fi
  stop_component containerd
  node_cleanup
  restore_sysctls
}

remove_all_containers() {
  local ids id
  ids=$(ctr_k8s containers ls -q 2>/dev/null) || return 0
  [[ -n $ids ]] || return 0
  say "removing $(wc -w <<<"$ids") containers and sandboxes"
  for id in $ids; do ctr_k8s tasks kill --signal SIGKILL "$id" >/dev/null 2>&1 || true; done
  for id in $ids; do
    ctr_k8s tasks delete --force "$id" >/dev/null 2>&1 || true
    ctr_k8s containers delete "$id" >/dev/null 2>&1 || true
  done
}

# Our shims: containerd-shim-runc-v2 started for our containerd's address.
our_shim_pids() {
  local p
  for p in $(pgrep -f containerd-shim-runc-v2 2>/dev/null); do
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF -- "-address $containerd_sock " && echo "$p"
  done
  return 0
}

# Our containers: the task bundles in containerd's state directory (they outlive a shim that
# was killed), which name the containers' cgroups.
our_container_ids() {
  local d
  for d in "$containerd_dir"/state/io.containerd.runtime.v2.task/k8s.io/*/; do
    [[ -d $d ]] && basename "$d"
  done
  return 0
}

# Our containers' cgroup directories, in every v1 hierarchy or in the v2 tree.
our_cgroups() {
  local id d
  for id in $(our_container_ids); do
    for d in /sys/fs/cgroup/*/"$cgroup_parent/$id" /sys/fs/cgroup/"$cgroup_parent/$id"; do
      [[ -d $d ]] && echo "$d"
    done
  done
  return 0
}

cgroup_pids() {
  local d
  for d in $(our_cgroups); do
    find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

# Mount points under our directories, deepest first.
our_mounts() {
  awk '{ print $5 }' /proc/self/mountinfo | sed 's/\\040/ /g' \
    | grep -E "^($(printf '%s' "$node_dir" | sed 's/[.[\*^$()+?{|]/\\&/g'))(/|$)" | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2-
}

node_leftovers() {
  local out=() p m
  p=$(our_shim_pids); [[ -n $p ]] && out+=("shims: $(echo $p)")
  p=$(cgroup_pids); [[ -n $p ]] && out+=("processes in the pods' cgroups: $(echo $p)")
  m=$(our_mounts); [[ -n $m ]] && out+=("mounts: $(echo $m)")
  ip link show "$node_bridge" >/dev/null 2>&1 && out+=("bridge $node_bridge")
  ip link show "$cni_bridge" >/dev/null 2>&1 && out+=("bridge $cni_bridge")
  iptables -t nat -S "$apiserver_nat_chain" >/dev/null 2>&1 && out+=("iptables chain $apiserver_nat_chain")
  ((${#out[@]})) && printf '%s\n' "${out[@]}"
  return 0
}

node_cleanup() {
  local p i m d
  # Shims outlive containerd; they exit once their containers are gone.
  p=$(our_shim_pids)
  if [[ -n $p ]]; then
    say "killing leftover shims: $(echo $p)"
    kill -KILL $p 2>/dev/null || true
  fi
  for ((i = 0; i < 50; i++)); do
    p=$(cgroup_pids)
    [[ -n $p ]] || break
    ((i == 0)) && say "killing leftover pod processes: $(echo $p)"
    kill -KILL $p 2>/dev/null || true
    sleep 0.1
  done
  for d in $(our_cgroups); do
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  # The parent runc made; removed only when empty (another containerd may use it too).
  rmdir /sys/fs/cgroup/*/"$cgroup_parent" /sys/fs/cgroup/"$cgroup_parent" 2>/dev/null || true
  # Log files of the pods this node ran (their uids are the kubelet's pod directories).
  if [[ -d $kubelet_dir/pods ]]; then
    local uid
    for d in "$kubelet_dir"/pods/*/; do
      [[ -d $d ]] || continue
      uid=$(basename "$d")
      for m in "$pod_logs_dir"/*_"$uid"; do
        [[ -e $m ]] || continue
        find "$container_logs_dir" -maxdepth 1 -type l -lname "$m/*" -delete 2>/dev/null || true
        rm -rf "$m"
      done
    done
  fi
  rmdir "$pod_logs_dir" "$container_logs_dir" 2>/dev/null || true
  while IFS= read -r m; do
    [[ -n $m ]] || continue
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || say "warning: could not unmount $m"
  done < <(our_mounts)
  # Namespaces and veths go with their mounts; what remains is ours to delete.
  rm -rf "$containerd_dir/state/io.containerd.grpc.v1.cri/netns" 2>/dev/null || true
  for d in $(ip -o link show master "$cni_bridge" 2>/dev/null | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    ip link del "$d" 2>/dev/null || true
  done
  ip link show "$cni_bridge" >/dev/null 2>&1 && { ip link del "$cni_bridge" || say "warning: could not delete $cni_bridge"; }
  ip link show "$node_bridge" >/dev/null 2>&1 && { ip link del "$node_bridge" || say "warning: could not delete $node_bridge"; }
  rm -rf "$cni_ipam_dir"
  remove_apiserver_route
  # Shims keep their sockets in /run/containerd/s whatever containerd's state directory is;
  # the directories go when nothing else left anything there.
  rmdir /run/containerd/s /run/containerd 2>/dev/null || true
  local left; left=$(node_leftovers)
  [[ -z $left ]] || say "warning: the node left behind: $left"
}

node_status() {
  local ok=0
  status_line kube-scheduler "https://127.0.0.1:$scheduler_port" scheduler_healthy || ok=1
  if [[ -f $run/node.off ]] && ! running kubelet && ! running containerd; then
    echo "  node: none (started with KUBE_PS_NODE=0)"
    return $ok
  fi
  status_line containerd "unix://$containerd_sock" containerd_ready || ok=1
  status_line kubelet "https://$node_ip:$kubelet_port" kubelet_healthy || ok=1
  local state; state=$(node_ready_state)
  [[ $state == Ready ]] || ok=1
  if [[ $state == absent ]]; then
    printf '  %-26s %-20s %s\n' "node $node_name" "absent" "$node_ip, pods $pod_cidr"
  else
    printf '  %-26s %-20s %s\n' "node $node_name" "$state" "$node_ip, pods $pod_cidr, images $busybox_image $pause_image"
  fi
  return $ok
}
