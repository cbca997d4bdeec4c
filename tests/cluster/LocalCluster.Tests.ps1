# The local cluster that every integration test relies on: its users, its TLS, the controllers
# that must run (namespace, garbage collector, service-account tokens), the node (scheduler,
# containerd, kubelet, images) and tools/cluster/cluster.sh itself. Destructive checks use a
# second apiserver, never the main one; the node is stopped and started again once, at the end.

BeforeDiscovery {
    $script:ContextCases = @(
        @{ Context = 'kube-ps-admin'; User = 'kube-ps-admin'; Group = 'system:masters' }
        @{ Context = 'kube-ps-cert'; User = 'kube-ps-cert-admin'; Group = 'system:masters' }
    )
}

BeforeAll {
    $script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:ClusterScript = Join-Path $RepoRoot 'tools/cluster/cluster.sh'
    $script:Kubeconfig = (& bash $ClusterScript kubeconfig).Trim()
    $script:ClusterDir = Split-Path $Kubeconfig -Parent
    $script:Server = 'https://127.0.0.1:16443'
    $script:RunId = [guid]::NewGuid().ToString('n').Substring(0, 8)
    $script:ExtraApiservers = [System.Collections.Generic.List[string]]::new()

    & bash $ClusterScript status *> $null
    if ($LASTEXITCODE -ne 0) {
        throw "The local control plane is not running; start it with: dotnet pwsh ./build.ps1 Cluster -Action Start"
    }

    # Simple functions (no param block) so that kubectl's own flags such as -n and -o pass
    # through $args untouched. Both return the combined output and the exit code.
    function script:Invoke-Kubectl {
        $output = & kubectl --kubeconfig $script:Kubeconfig @args 2>&1
        [pscustomobject]@{ Output = ($output | Out-String).Trim(); ExitCode = $LASTEXITCODE }
    }

    # PowerShell consumes a bare -- itself: callers pass '--' quoted to reach cluster.sh.
    function script:Invoke-Cluster {
        $output = & bash $script:ClusterScript @args 2>&1
        [pscustomobject]@{ Output = ($output | Out-String).Trim(); ExitCode = $LASTEXITCODE }
    }

    function script:Wait-Until {
        param([scriptblock] $Condition, [int] $TimeoutSeconds = 60, [string] $Because)
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ([DateTime]::UtcNow -lt $deadline) {
            if (& $Condition) { return $true }
            Start-Sleep -Milliseconds 500
        }
        throw "timed out after ${TimeoutSeconds}s waiting until $Because"
    }

    function script:Get-FreePort {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
    }

    function script:Get-KubeconfigValue([string] $JsonPath) {
        (& kubectl --kubeconfig $script:Kubeconfig config view --raw -o "jsonpath=$JsonPath").Trim()
    }

    function script:Get-ApiserverPid([string] $Name) {
        $pidFile = Join-Path $script:ClusterDir "run/apiserver-$Name.pid"
        if (Test-Path $pidFile) { [int](Get-Content $pidFile) } else { $null }
    }
}

AfterAll {
    foreach ($name in $script:ExtraApiservers) {
        & bash $script:ClusterScript apiserver-stop --name $name *> $null
    }
}

Describe 'Local control plane: users and contexts' -Tag Cluster {
    It 'has the three contexts, kube-ps-admin current, and never skips TLS verification' {
        $contexts = (& kubectl --kubeconfig $Kubeconfig config get-contexts -o name) | Sort-Object
        $contexts | Should -Be @('kube-ps-admin', 'kube-ps-cert', 'kube-ps-viewer')
        (& kubectl --kubeconfig $Kubeconfig config current-context) | Should -Be 'kube-ps-admin'
        Get-KubeconfigValue '{.clusters[0].cluster.server}' | Should -Be $Server
        Get-KubeconfigValue '{.clusters[0].cluster.certificate-authority-data}' | Should -Not -BeNullOrEmpty
        Get-Content -Raw $Kubeconfig | Should -Not -Match 'insecure-skip-tls-verify'
    }

    It 'keeps the kubeconfig readable only by its owner' {
        (& stat -c '%a' $Kubeconfig) | Should -Be '600'
        (& stat -c '%a' (Join-Path $ClusterDir 'pki/tokens.csv')) | Should -Be '600'
    }

    It '<Context> authenticates as <User> in <Group>' -TestCases $ContextCases {
        param($Context, $User, $Group)
        # Kubernetes 1.20 has no whoami; a CertificateSigningRequest records who created it.
        $key = Join-Path $TestDrive "$Context.key"
        $csr = Join-Path $TestDrive "$Context.csr"
        & openssl req -new -newkey rsa:2048 -nodes -keyout $key -out $csr -subj "/CN=whoami-$RunId" 2>&1 | Out-Null
        $request = [Convert]::ToBase64String([System.IO.File]::ReadAllBytes($csr))
        $name = "whoami-$Context-$RunId"
        $manifest = Join-Path $TestDrive "$Context.json"
        @{
            apiVersion = 'certificates.k8s.io/v1'; kind = 'CertificateSigningRequest'
            metadata = @{ name = $name }
            spec = @{ request = $request; signerName = 'kubernetes.io/kube-apiserver-client'; usages = @('client auth') }
        } | ConvertTo-Json -Depth 5 | Set-Content $manifest
        try {
            $created = Invoke-Kubectl --context $Context create -f $manifest -o json
            $created.ExitCode | Should -Be 0 -Because $created.Output
            $spec = ($created.Output | ConvertFrom-Json).spec
            $spec.username | Should -Be $User
            $spec.groups | Should -Contain $Group
            $spec.groups | Should -Contain 'system:authenticated'
        }
        finally {
            Invoke-Kubectl delete csr $name --ignore-not-found | Out-Null
        }
    }

    It 'kube-ps-admin may create pods' {
        $answer = Invoke-Kubectl auth can-i create pods
        $answer.Output | Should -Be 'yes'
        $answer.ExitCode | Should -Be 0
    }

    It 'kube-ps-cert lists namespaces' {
        $list = Invoke-Kubectl --context kube-ps-cert get namespaces -o name
        $list.ExitCode | Should -Be 0 -Because $list.Output
        $list.Output -split "`n" | Should -Contain 'namespace/kube-system'
    }

    It 'kube-ps-viewer lists pods but may not create them' {
        (Invoke-Kubectl --context kube-ps-viewer auth can-i list pods --all-namespaces).Output | Should -Be 'yes'
        $answer = Invoke-Kubectl --context kube-ps-viewer auth can-i create pods
        $answer.Output | Should -Be 'no'
        $answer.ExitCode | Should -Not -Be 0
        (Invoke-Kubectl --context kube-ps-viewer get pods -n kube-system).ExitCode | Should -Be 0
    }

    It 'kube-ps-viewer gets 403 on create and on secrets, under its own name' {
        $create = Invoke-Kubectl --context kube-ps-viewer create configmap "viewer-$RunId" --from-literal=a=b
        $create.ExitCode | Should -Not -Be 0
        $create.Output | Should -Match 'Forbidden'
        $create.Output | Should -Match 'User "kube-ps-viewer" cannot create resource "configmaps"'
        $secrets = Invoke-Kubectl --context kube-ps-viewer get secrets -n default
        $secrets.ExitCode | Should -Not -Be 0
        $secrets.Output | Should -Match 'User "kube-ps-viewer" cannot list resource "secrets"'
    }

    It 'rejects an unknown token' {
        $output = & kubectl --kubeconfig $Kubeconfig --token "not-a-token-$RunId" get namespaces 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $output | Should -Match 'Unauthorized|must be logged in'
    }
}

Describe 'Local control plane: TLS' -Tag Cluster {
    BeforeAll {
        $script:CaFile = Join-Path $TestDrive 'ca.crt'
        [System.IO.File]::WriteAllBytes($CaFile,
            [Convert]::FromBase64String((Get-KubeconfigValue '{.clusters[0].cluster.certificate-authority-data}')))
    }

    It 'the server certificate verifies with the kubeconfig CA for <Address>' -TestCases @(
        @{ Address = '127.0.0.1' }, @{ Address = 'localhost' }
    ) {
        param($Address)
        $version = & curl -sS --fail --max-time 10 --cacert $CaFile "https://${Address}:16443/version" 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0 -Because $version
        ($version | ConvertFrom-Json).gitVersion | Should -Be 'v1.20.2'
    }

    It 'the certificate carries the in-cluster names' {
        $text = & openssl x509 -in (Join-Path $ClusterDir 'pki/apiserver.crt') -noout -text | Out-String
        foreach ($san in 'IP Address:127.0.0.1', 'DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default',
            'DNS:kubernetes.default.svc', 'IP Address:10.0.0.1') {
            $text | Should -Match ([regex]::Escape($san))
        }
    }

    It 'a different CA does not verify the server' {
        $otherKey = Join-Path $TestDrive 'other.key'
        $otherCa = Join-Path $TestDrive 'other.crt'
        & openssl req -x509 -new -nodes -newkey rsa:2048 -days 1 -keyout $otherKey -out $otherCa -subj '/CN=not-the-cluster-ca' 2>&1 | Out-Null
        $output = & curl -sS --max-time 10 --cacert $otherCa "$Server/version" 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 60 -Because 'curl exits 60 when the peer certificate cannot be verified'
        $output | Should -Match 'certificate'
    }
}

Describe 'Local control plane: controllers' -Tag Cluster {
    It 'deleting a namespace with content completes' {
        $ns = "ns-delete-$RunId"
        (Invoke-Kubectl create namespace $ns).ExitCode | Should -Be 0
        (Invoke-Kubectl -n $ns create configmap inside --from-literal=a=b).ExitCode | Should -Be 0
        (Invoke-Kubectl -n $ns create serviceaccount robot).ExitCode | Should -Be 0
        $delete = Invoke-Kubectl delete namespace $ns --wait=true --timeout=90s
        $delete.ExitCode | Should -Be 0 -Because $delete.Output
        $get = Invoke-Kubectl get namespace $ns
        $get.ExitCode | Should -Not -Be 0
        $get.Output | Should -Match 'NotFound'
    }

    It 'the garbage collector deletes a ConfigMap whose owner is deleted (<Propagation>)' -TestCases @(
        @{ Propagation = 'background' }, @{ Propagation = 'foreground' }
    ) {
        param($Propagation)
        $owner = "gc-owner-$Propagation-$RunId"
        $dependent = "gc-dependent-$Propagation-$RunId"
        (Invoke-Kubectl -n default create configmap $owner --from-literal=role=owner).ExitCode | Should -Be 0
        $uid = (Invoke-Kubectl -n default get configmap $owner -o 'jsonpath={.metadata.uid}').Output
        $uid | Should -Not -BeNullOrEmpty
        $manifest = Join-Path $TestDrive "$dependent.json"
        @{
            apiVersion = 'v1'; kind = 'ConfigMap'
            metadata = @{
                name = $dependent; namespace = 'default'
                ownerReferences = @(@{ apiVersion = 'v1'; kind = 'ConfigMap'; name = $owner; uid = $uid; blockOwnerDeletion = $true })
            }
            data = @{ role = 'dependent' }
        } | ConvertTo-Json -Depth 6 | Set-Content $manifest
        (Invoke-Kubectl create -f $manifest).ExitCode | Should -Be 0
        $delete = Invoke-Kubectl -n default delete configmap $owner "--cascade=$Propagation" --wait=true --timeout=90s
        $delete.ExitCode | Should -Be 0 -Because $delete.Output
        Wait-Until -TimeoutSeconds 90 -Because "the dependent ConfigMap $dependent is collected" {
            (Invoke-Kubectl -n default get configmap $dependent).Output -match 'NotFound'
        } | Should -BeTrue
    }

    It 'admits a pod without a service account in a brand-new namespace' {
        $ns = "sa-admission-$RunId"
        (Invoke-Kubectl create namespace $ns).ExitCode | Should -Be 0
        try {
            # The token controller adds the default ServiceAccount's token within seconds; until
            # then admission asks the client to retry, as on any 1.20 cluster.
            $script:created = $null
            Wait-Until -TimeoutSeconds 60 -Because 'the pod is admitted' {
                # An unserved scheduler keeps it off the node: this is about admission only.
                $script:created = Invoke-Kubectl -n $ns run sleeper --image=busybox --restart=Never -o json `
                    '--overrides={"spec":{"schedulerName":"kube-ps-unscheduled"}}'
                $script:created.ExitCode -eq 0
            } | Should -BeTrue
            $pod = $script:created.Output | ConvertFrom-Json
            $pod.spec.serviceAccountName | Should -Be 'default'
            @($pod.spec.volumes | Where-Object { $_.secret.secretName -like 'default-token-*' }).Count | Should -Be 1
        }
        finally {
            Invoke-Kubectl delete namespace $ns --wait=false | Out-Null
        }
    }

    It 'publishes the cluster CA to pods (root CA and service-account token secret)' {
        $secret = (Invoke-Kubectl -n default get serviceaccount default -o 'jsonpath={.secrets[0].name}').Output
        $secret | Should -BeLike 'default-token-*'
        $caData = (Invoke-Kubectl -n default get secret $secret -o 'jsonpath={.data.ca\.crt}').Output
        $caData | Should -Be (Get-KubeconfigValue '{.clusters[0].cluster.certificate-authority-data}')
    }
}

Describe 'cluster.sh' -Tag Cluster {
    It 'status exits 0 and names every component, the node and the kubeconfig' {
        $status = Invoke-Cluster status
        $status.ExitCode | Should -Be 0 -Because $status.Output
        foreach ($component in 'etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'containerd', 'kubelet') {
            $status.Output | Should -Match "$component\s+running \(ready\)\s+pid \d+"
        }
        $status.Output | Should -Match 'node kube-ps-node\s+Ready\s+10\.245\.0\.1, pods 10\.244\.0\.0/24, images localhost/busybox:dev localhost/pause:dev'
        $status.Output | Should -Match ([regex]::Escape("kubeconfig: $Kubeconfig"))
    }

    It 'start on a running cluster changes nothing and exits 0' {
        $before = (Invoke-Cluster status).Output -replace '(?m)^\s+apiserver-.*$', ''
        $start = Invoke-Cluster start
        $start.ExitCode | Should -Be 0 -Because $start.Output
        $start.Output | Should -Not -Match 'starting (etcd|kube-apiserver|kube-controller-manager|kube-scheduler|containerd|kubelet)'
        $start.Output | Should -Not -Match 'importing|restarting'
        $after = (Invoke-Cluster status).Output -replace '(?m)^\s+apiserver-.*$', ''
        $after | Should -Be $before
    }

    It 'preflight as an unprivileged user names each missing capability' {
        $output = & setpriv --reuid 65534 --regid 65534 --clear-groups env HOME=$TestDrive bash $ClusterScript preflight 2>&1 | Out-String
        $LASTEXITCODE | Should -Not -Be 0
        $output | Should -Match 'cannot run the cluster''s node; missing:'
        $output | Should -Match '- root: the kubelet and containerd run as root \(this runs as uid 65534\)'
        $output | Should -Match '- CAP_SYS_ADMIN'
        $output | Should -Match '- CAP_NET_ADMIN'
        $output | Should -Match 'KUBE_PS_NODE=0'
        (Invoke-Cluster preflight).Output | Should -Match 'this machine can run the node'
    }

    It 'names the busy port and its owner instead of starting an apiserver on it' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $port = $listener.LocalEndpoint.Port
            $result = Invoke-Cluster apiserver-start --name "pester-busy" --port $port
            $result.ExitCode | Should -Not -Be 0
            $result.Output | Should -Match "port $port \(needed by apiserver-pester-busy on 127\.0\.0\.1\) is already in use by pid $PID"
            Get-ApiserverPid "pester-busy" | Should -BeNullOrEmpty
        }
        finally {
            $listener.Stop()
        }
    }

    It 'shows the log tail when a component fails at startup' {
        $port = Get-FreePort
        $result = Invoke-Cluster apiserver-start --name "pester-bad" --port $port '--' --no-such-flag=1
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match "apiserver-pester-bad exited"
        $result.Output | Should -Match 'unknown flag: --no-such-flag'
        (Invoke-Cluster status).Output | Should -Not -Match "apiserver-pester-bad"
    }

    It 'runs a second apiserver with extra flags; its start, restart and stop are idempotent' {
        $name = "pester-second"
        Invoke-Cluster apiserver-stop --name $name | Out-Null   # left over from an interrupted run
        $port = Get-FreePort
        $script:ExtraApiservers.Add($name)
        $start = Invoke-Cluster apiserver-start --name $name --port $port '--' --max-requests-inflight=1
        $start.ExitCode | Should -Be 0 -Because $start.Output
        $firstPid = Get-ApiserverPid $name
        $firstPid | Should -Not -BeNullOrEmpty
        (Get-Content -Raw "/proc/$firstPid/cmdline") -split "`0" | Should -Contain '--max-requests-inflight=1'

        $again = Invoke-Cluster apiserver-start --name $name --port $port
        $again.ExitCode | Should -Be 0
        $again.Output | Should -Match 'already running'
        Get-ApiserverPid $name | Should -Be $firstPid

        # Same etcd, same CA, same users: a context of its own kubeconfig sees the cluster's data.
        $secondKubeconfig = Join-Path $ClusterDir "apiserver-$name.kubeconfig"
        $list = & kubectl --kubeconfig $secondKubeconfig --context kube-ps-viewer get namespace default -o name 2>&1
        $LASTEXITCODE | Should -Be 0 -Because "$list"
        $list | Should -Be 'namespace/default'
        (Get-Content -Raw $secondKubeconfig) | Should -Match "server: https://127\.0\.0\.1:$port"

        $restart = Invoke-Cluster apiserver-restart --name $name --kill
        $restart.ExitCode | Should -Be 0 -Because $restart.Output
        $secondPid = Get-ApiserverPid $name
        $secondPid | Should -Not -Be $firstPid
        (Get-Content -Raw "/proc/$secondPid/cmdline") -split "`0" | Should -Contain '--max-requests-inflight=1'

        $stop = Invoke-Cluster apiserver-stop --name $name
        $stop.ExitCode | Should -Be 0
        # Gone, or at most a zombie waiting for init to reap it.
        $state = Get-Content "/proc/$secondPid/status" -ErrorAction Ignore | Where-Object { $_ -like 'State:*' }
        if ($state) { $state | Should -Match '^State:\s+Z' }
        $stopAgain = Invoke-Cluster apiserver-stop --name $name
        $stopAgain.ExitCode | Should -Be 0
        $stopAgain.Output | Should -Match 'not running'

        (Invoke-Cluster status).ExitCode | Should -Be 0 -Because 'the main cluster is untouched'
    }

    It 'etcd-compact makes an old resourceVersion expire' {
        $name = "compact-$RunId"
        (Invoke-Kubectl -n default create configmap $name --from-literal=n=0).ExitCode | Should -Be 0
        try {
            $old = (Invoke-Kubectl -n default get configmap $name -o 'jsonpath={.metadata.resourceVersion}').Output
            foreach ($n in 1..3) {
                (Invoke-Kubectl -n default patch configmap $name -p "{`"data`":{`"n`":`"$n`"}}").ExitCode | Should -Be 0
            }
            $path = "/api/v1/namespaces/default/configmaps?resourceVersion=$old&resourceVersionMatch=Exact"
            (Invoke-Kubectl get --raw $path).ExitCode | Should -Be 0

            $compact = Invoke-Cluster etcd-compact
            $compact.ExitCode | Should -Be 0 -Because $compact.Output
            $compact.Output | Should -Match 'etcd compacted at revision \d+'

            $expired = Invoke-Kubectl get --raw $path
            $expired.ExitCode | Should -Not -Be 0
            $expired.Output | Should -Match 'Expired|too old'
        }
        finally {
            Invoke-Kubectl -n default delete configmap $name --ignore-not-found | Out-Null
        }
    }
}

Describe 'Local cluster: the node' -Tag Cluster, Node {
    BeforeAll {
        $script:NodeNs = "node-$RunId"
        (Invoke-Kubectl create namespace $NodeNs).ExitCode | Should -Be 0
        Wait-Until -TimeoutSeconds 60 -Because "the default service account of $NodeNs has a token" {
            (Invoke-Kubectl -n $NodeNs get serviceaccount default -o 'jsonpath={.secrets[0].name}').Output -like 'default-token-*'
        } | Out-Null

        function script:New-NodePod([string] $Name, [string] $Image, [string[]] $Command, [string] $PullPolicy = 'Never') {
            $manifest = Join-Path $TestDrive "$Name.json"
            @{
                apiVersion = 'v1'; kind = 'Pod'
                metadata = @{ name = $Name; namespace = $script:NodeNs }
                spec = @{
                    terminationGracePeriodSeconds = 1
                    containers = @(@{ name = 'main'; image = $Image; imagePullPolicy = $PullPolicy; command = $Command })
                }
            } | ConvertTo-Json -Depth 8 | Set-Content $manifest
            $created = Invoke-Kubectl create -f $manifest
            $created.ExitCode | Should -Be 0 -Because $created.Output
        }

        function script:Get-PodJson([string] $Name) {
            (Invoke-Kubectl -n $script:NodeNs get pod $Name -o json).Output | ConvertFrom-Json
        }

        # Serves a page with httpd and writes numbered lines, from the node's own busybox image.
        $script:WebScript = 'mkdir -p /www && echo "served by $(hostname)" > /www/index.html && httpd -p 8080 -h /www && echo "hello from busybox" && i=0; while true; do echo "line $i"; i=$((i+1)); sleep 1; done'
        New-NodePod web 'localhost/busybox:dev' @('sh', '-c', $WebScript)
        Wait-Until -TimeoutSeconds 90 -Because 'the busybox pod is Running' {
            (Invoke-Kubectl -n $NodeNs get pod web -o 'jsonpath={.status.phase}').Output -eq 'Running'
        } | Out-Null
    }

    AfterAll {
        Invoke-Kubectl delete namespace $NodeNs --wait=false | Out-Null
    }

    It 'is Ready and untainted, at its address, with the pod CIDR and the cluster''s versions' {
        $node = (Invoke-Kubectl get node kube-ps-node -o json).Output | ConvertFrom-Json
        ($node.status.conditions | Where-Object type -EQ 'Ready').status | Should -Be 'True'
        @($node.spec.taints | Where-Object { $_.key -like 'node.kubernetes.io/*' }) | Should -BeNullOrEmpty
        ($node.status.addresses | Where-Object type -EQ 'InternalIP').address | Should -Be '10.245.0.1'
        $node.spec.podCIDR | Should -Be '10.244.0.0/24'
        $node.status.nodeInfo.kubeletVersion | Should -Be 'v1.20.2'
        $node.status.nodeInfo.containerRuntimeVersion | Should -BeLike 'containerd://1.*'
        $node.status.daemonEndpoints.kubeletEndpoint.Port | Should -Be 16250
    }

    It 'runs a busybox pod from the local image, with an address in the pod range' {
        $pod = Get-PodJson web
        $pod.status.phase | Should -Be 'Running'
        $pod.spec.nodeName | Should -Be 'kube-ps-node'
        $pod.status.hostIP | Should -Be '10.245.0.1'
        $pod.status.podIP | Should -Match '^10\.244\.0\.\d+$'
        $pod.status.containerStatuses[0].image | Should -Be 'localhost/busybox:dev'
        $pod.status.containerStatuses[0].ready | Should -BeTrue
    }

    It 'kubectl logs reads the container''s output through the apiserver and the kubelet' {
        Wait-Until -TimeoutSeconds 30 -Because 'the pod has written two numbered lines' {
            (Invoke-Kubectl -n $NodeNs logs web).Output -match 'line 1'
        } | Out-Null
        $logs = Invoke-Kubectl -n $NodeNs logs web
        $logs.ExitCode | Should -Be 0 -Because $logs.Output
        $lines = $logs.Output -split "`n"
        $lines[0] | Should -Be 'hello from busybox'
        $lines[1] | Should -Be 'line 0'
        (Invoke-Kubectl -n $NodeNs logs web --tail=1).Output | Should -Match '^line \d+$'
    }

    It 'kubectl exec returns stdout, stderr and the exit code' {
        $out = & kubectl --kubeconfig $Kubeconfig -n $NodeNs exec web -- sh -c 'echo to-stdout; echo to-stderr >&2; exit 7' 2>$null
        $LASTEXITCODE | Should -Be 7
        $out | Should -Be 'to-stdout'
        $err = & kubectl --kubeconfig $Kubeconfig -n $NodeNs exec web -- sh -c 'echo to-stderr >&2' 2>&1 | Out-String
        $err.Trim() | Should -Be 'to-stderr'
        'from stdin' | & kubectl --kubeconfig $Kubeconfig -n $NodeNs exec -i web -- cat | Should -Be 'from stdin'
    }

    It 'kubectl port-forward reaches the pod''s httpd' {
        $port = Get-FreePort
        $forward = Start-Process kubectl -PassThru -ArgumentList @('--kubeconfig', $Kubeconfig, '-n', $NodeNs, 'port-forward', 'pod/web', "${port}:8080") `
            -RedirectStandardOutput (Join-Path $TestDrive 'forward.out') -RedirectStandardError (Join-Path $TestDrive 'forward.err')
        try {
            $script:page = $null
            Wait-Until -TimeoutSeconds 30 -Because "the forward on port $port answers" {
                try { $script:page = (Invoke-WebRequest "http://127.0.0.1:$port/index.html" -TimeoutSec 5).Content; $true } catch { $false }
            } | Out-Null
            $script:page.Trim() | Should -Be 'served by web'
        }
        finally {
            Stop-Process -Id $forward.Id -ErrorAction Ignore
        }
    }

    It 'pods reach the node''s address (the kubelet''s port) over the pod network' {
        $probe = Invoke-Kubectl -n $NodeNs exec web '--' sh -c 'nc -w 3 10.245.0.1 16250 </dev/null && echo open'
        $probe.Output | Should -Match 'open'
    }

    It 'pods reach the apiserver where the kubelet says it is, as their service account' {
        # The pod's service account may read one ConfigMap, which nobody anonymous may.
        (Invoke-Kubectl -n $NodeNs create configmap probe --from-literal=word=reached).ExitCode | Should -Be 0
        (Invoke-Kubectl -n $NodeNs create role probe-reader --verb=get --resource=configmaps --resource-name=probe).ExitCode | Should -Be 0
        (Invoke-Kubectl -n $NodeNs create rolebinding probe-reader --role=probe-reader "--serviceaccount=${NodeNs}:default").ExitCode | Should -Be 0
        # KUBERNETES_SERVICE_HOST/PORT name the kubernetes Service (10.0.0.1:443), as in any pod.
        $fetch = 'echo "$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"; wget -q -O- --no-check-certificate $AUTH ' +
            "https://`$KUBERNETES_SERVICE_HOST:`$KUBERNETES_SERVICE_PORT/api/v1/namespaces/$NodeNs/configmaps/probe 2>&1; true"
        $withToken = 'TOKEN=$(cat /var/run/secrets/kubernetes.io/serviceaccount/token); AUTH="--header=Authorization: Bearer $TOKEN"; ' + $fetch.Replace('$AUTH', '"$AUTH"')
        $answer = Invoke-Kubectl -n $NodeNs exec web '--' sh -c $withToken
        ($answer.Output -split "`n")[0] | Should -Be '10.0.0.1:443'
        $answer.Output | Should -Match '"word": "reached"'
        $anonymous = Invoke-Kubectl -n $NodeNs exec web '--' sh -c $fetch.Replace('$AUTH', '')
        $anonymous.Output | Should -Match '403 Forbidden'
    }

    It 'never pulls: a pod whose image is not on the node fails at once, on this machine' {
        New-NodePod elsewhere 'registry.kube-ps.invalid/nothing:1' @('true') -PullPolicy IfNotPresent
        Wait-Until -TimeoutSeconds 60 -Because 'the pull of the missing image fails' {
            (Invoke-Kubectl -n $NodeNs get pod elsewhere -o 'jsonpath={.status.containerStatuses[0].state.waiting.reason}').Output -in 'ErrImagePull', 'ImagePullBackOff'
        } | Out-Null
        $events = (Invoke-Kubectl -n $NodeNs get events --field-selector involvedObject.name=elsewhere -o 'jsonpath={.items[*].message}').Output
        $events | Should -Match 'proxyconnect tcp: dial tcp 127\.0\.0\.1:9'
    }
}

# Last: it takes the node away (briefly) from everyone using the cluster, and brings it back.
Describe 'cluster.sh node-stop and node-start' -Tag Cluster, Node {
    BeforeAll {
        $script:StopNs = "node-stop-$RunId"
        (Invoke-Kubectl create namespace $StopNs).ExitCode | Should -Be 0
        Wait-Until -TimeoutSeconds 60 -Because "the default service account of $StopNs has a token" {
            (Invoke-Kubectl -n $StopNs get serviceaccount default -o 'jsonpath={.secrets[0].name}').Output -like 'default-token-*'
        } | Out-Null
        $manifest = Join-Path $TestDrive 'survivor.json'
        @{
            apiVersion = 'v1'; kind = 'Pod'; metadata = @{ name = 'survivor'; namespace = $StopNs }
            spec = @{ terminationGracePeriodSeconds = 1; containers = @(@{ name = 'main'; image = 'localhost/busybox:dev'; imagePullPolicy = 'Never'; command = @('sh', '-c', 'echo "started at $(date +%s)"; exec sleep 3600') }) }
        } | ConvertTo-Json -Depth 8 | Set-Content $manifest
        (Invoke-Kubectl create -f $manifest).ExitCode | Should -Be 0
        Wait-Until -TimeoutSeconds 90 -Because 'the survivor pod is Running' {
            (Invoke-Kubectl -n $StopNs get pod survivor -o 'jsonpath={.status.phase}').Output -eq 'Running'
        } | Out-Null
        $script:NodeDir = Join-Path $ClusterDir 'node'
        $script:Socket = Join-Path $ClusterDir 'run/containerd.sock'
        $script:PodUid = (Invoke-Kubectl -n $StopNs get pod survivor -o 'jsonpath={.metadata.uid}').Output
        $script:FirstStart = [DateTime](Invoke-Kubectl -n $StopNs get pod survivor -o 'jsonpath={.status.containerStatuses[0].state.running.startedAt}').Output

        function script:Get-OurMounts {
            @(Get-Content /proc/self/mountinfo | ForEach-Object { ($_ -split ' ')[4] } | Where-Object { $_ -like "$script:NodeDir*" })
        }
        function script:Get-OurShims {
            @(Get-Process -Name 'containerd-shim*' -ErrorAction Ignore | Where-Object { (Get-Content -Raw "/proc/$($_.Id)/cmdline" -ErrorAction Ignore) -match [regex]::Escape($script:Socket) })
        }
    }

    AfterAll {
        # Whatever happened above, the node runs again for whoever comes next.
        if ((Invoke-Cluster status).Output -notmatch 'node kube-ps-node\s+Ready') { Invoke-Cluster node-start | Out-Null }
        Invoke-Kubectl delete namespace $StopNs --wait=false | Out-Null
    }

    It 'node-stop removes every container, shim, mount, network namespace, bridge and log it made' {
        # What the running node holds before: mounts (rootfs, volumes, netns), shims, bridges, logs.
        @(Get-OurMounts | Where-Object { $_ -like '*/netns/*' }).Count | Should -BeGreaterThan 0
        @(Get-OurMounts | Where-Object { $_ -like '*/rootfs' }).Count | Should -BeGreaterThan 0
        @(Get-OurShims).Count | Should -BeGreaterThan 0
        @(Get-ChildItem /var/log/pods -Filter "*_$PodUid" -ErrorAction Ignore).Count | Should -Be 1
        $saved = Get-Content (Join-Path $NodeDir 'sysctl.saved')
        ($saved -join "`n") | Should -Match '(?m)^kernel\.panic=\d+$'
        $sleeper = @(Get-Process -Name sleep -ErrorAction Ignore | Where-Object { (Get-Content -Raw "/proc/$($_.Id)/cgroup" -ErrorAction Ignore) -match 'k8s\.io/' })
        $sleeper.Count | Should -BeGreaterThan 0

        $stop = Invoke-Cluster node-stop
        $stop.ExitCode | Should -Be 0 -Because $stop.Output
        $stop.Output | Should -Match 'node stopped'
        $stop.Output | Should -Not -Match 'warning'

        Get-OurMounts | Should -BeNullOrEmpty
        Get-OurShims | Should -BeNullOrEmpty
        foreach ($p in $sleeper) { Test-Path "/proc/$($p.Id)" | Should -BeFalse -Because "the pod's process $($p.Id) is gone" }
        & ip link show kubeps-cni0 2>&1 | Out-Null; $LASTEXITCODE | Should -Not -Be 0
        & ip link show kubeps-node 2>&1 | Out-Null; $LASTEXITCODE | Should -Not -Be 0
        (& ip -4 -o addr show | Out-String) | Should -Not -Match '10\.245\.0\.1|10\.244\.0\.'
        (& ip -o link show type veth | Out-String) | Should -Not -Match 'kubeps'
        & iptables -t nat -S KUBE-PS-APISERVER 2>&1 | Out-Null; $LASTEXITCODE | Should -Not -Be 0 -Because 'the DNAT chain is gone'
        (& iptables -t nat -S PREROUTING | Out-String) | Should -Not -Match 'kubeps-cni0'
        Test-Path (Join-Path $NodeDir 'cni/ipam') | Should -BeFalse
        @(Get-ChildItem /var/log/pods -Filter "*_$PodUid" -ErrorAction Ignore).Count | Should -Be 0
        @(Get-ChildItem /sys/fs/cgroup/pids/k8s.io -Directory -ErrorAction Ignore).Count | Should -Be 0
        Test-Path (Join-Path $NodeDir 'sysctl.saved') | Should -BeFalse
        foreach ($line in $saved) {
            $name, $value = $line -split '=', 2
            (& sysctl -n $name).Trim() -replace '\s+', ' ' | Should -Be ($value -replace '\s+', ' ') -Because "$name is as before the node started"
        }
        $status = Invoke-Cluster status
        $status.ExitCode | Should -Not -Be 0
        $status.Output | Should -Match 'kubelet\s+stopped'
        $status.Output | Should -Match 'kube-apiserver\s+running \(ready\)'

        $again = Invoke-Cluster node-stop
        $again.ExitCode | Should -Be 0
        $again.Output | Should -Match 'node not running'
    }

    It 'node-start brings the node back, and it runs its pods again' {
        $start = Invoke-Cluster node-start
        $start.ExitCode | Should -Be 0 -Because $start.Output
        $start.Output | Should -Match 'node kube-ps-node ready'
        (Invoke-Cluster status).ExitCode | Should -Be 0
        Wait-Until -TimeoutSeconds 90 -Because 'the survivor pod runs again' {
            (Invoke-Kubectl -n $StopNs get pod survivor -o 'jsonpath={.status.phase}{" "}{.status.containerStatuses[0].ready}').Output -eq 'Running true'
        } | Out-Null
        # A new container: it started after the node came back, and its log is its own.
        $again = [DateTime](Invoke-Kubectl -n $StopNs get pod survivor -o 'jsonpath={.status.containerStatuses[0].state.running.startedAt}').Output
        $again | Should -BeGreaterThan $FirstStart
        (Invoke-Kubectl -n $StopNs logs survivor).Output | Should -Match '^started at \d+$'
    }
}
