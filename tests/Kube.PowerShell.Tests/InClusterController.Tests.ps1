# The PowerShell controller as deploy/ingress-controller-ps runs it on the local node: the image
# localhost/kube-ps-runner:dev (build.ps1 Image) runs examples/ingress-controller.ps1 in two
# replicas under leader election. Checked: the in-cluster config from the real service-account
# mount, one leader, annotate -> Ingress, failover when the leader's pod is force-deleted and when
# its process is killed (takeover within the lease's bound, no Ingress lost or made twice), a
# rolling update handing over through the released Lease, and a Role missing a verb (the error is
# logged with the request, nothing restarts). The tests run in order and share the Deployment.
#
# Takeover bound: a candidate takes the Lease once it has seen the record unchanged for the lease
# duration (15 s), looking every retry period stretched by up to 1.2 times (2 to 4.4 s); it sees
# the last renewal at most one look late and takes over at most one look after the duration:
# between 15 s and 15 + 2 x 4.4 s after the last renewal, plus the API server's latency here.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'incluster-ps'
    $script:LeaseDuration = 15
    $script:TakeoverBound = 15 + 2 * 4.4 + 3
    $script:Containerd = Join-Path ([System.IO.Path]::GetDirectoryName($ClusterKubeconfig)) 'run/containerd.sock'

    # deploy/ingress-controller-ps with its namespace renamed, nothing else changed.
    $deploy = Join-Path $TestDrive 'deploy'
    $null = New-Item -ItemType Directory -Path $deploy
    foreach ($file in Get-ChildItem (Join-Path $RepoRoot 'deploy/ingress-controller-ps') -Filter '*.yaml') {
        (Get-Content -Raw $file.FullName) -replace '(?m)^(\s*(?:- )?(?:name|namespace): )kube-ps-ingress-controller-ps\s*$', "`${1}$Ns" |
            Set-Content (Join-Path $deploy $file.Name)
    }
    $script:Applied = @(Invoke-KubeApply -Path $deploy -FieldManager kube-ps-incluster-tests)

    function script:Get-ControllerPod {
        @(Get-KubePod -Namespace $Ns -LabelSelector 'app.kubernetes.io/name=ingress-controller')
    }
    function script:Test-PodReady($Pod) {
        $Pod.Status.Phase -eq 'Running' -and ($Pod.Status.Conditions | Where-Object { $_.Type -eq 'Ready' -and $_.Status -eq 'True' })
    }
    # Both pods of the current template Ready and no other left; fails at once without the image.
    function script:Wait-RolledOut {
        Wait-Until -TimeoutSeconds 360 -Because "2 Ready pods of $Ns/ingress-controller on the current template" {
            $pods = Get-ControllerPod
            foreach ($pod in $pods) {
                $waiting = $pod.Status.ContainerStatuses | ForEach-Object { $_.State.Waiting } | Where-Object { $_ }
                if ($waiting.Reason -in 'ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull') {
                    throw "pod $($pod.Metadata.Name) cannot get its image ($($waiting.Reason)); build and import it first: dotnet pwsh ./build.ps1 Image"
                }
            }
            $d = Get-KubeResource -Kind Deployment -Name ingress-controller -Namespace $Ns
            $d.Status.ObservedGeneration -eq $d.Metadata.Generation -and $d.Status.UpdatedReplicas -eq 2 -and
                $d.Status.ReadyReplicas -eq 2 -and $d.Status.Replicas -eq 2 -and $pods.Count -eq 2 -and
                -not ($pods | Where-Object { -not (Test-PodReady $_) })
        }
        Get-ControllerPod
    }
    function script:Get-Lease {
        Get-KubeResource -Kind Lease -Name ingress-controller -Namespace $Ns -ErrorAction SilentlyContinue
    }
    # The pod whose name starts the holder identity ("pod_suffix").
    function script:Get-LeaderPod([string] $Holder) {
        if (-not $Holder) { return $null }
        Get-ControllerPod | Where-Object { $Holder.StartsWith($_.Metadata.Name + '_') }
    }
    function script:Wait-Leader([string] $Not = '') {
        $script:found = $null
        Wait-Until -TimeoutSeconds 120 -Because "a pod of $Ns to hold the Lease (other than '$Not')" {
            $lease = Get-Lease
            $holder = "$($lease.Spec.HolderIdentity)"
            if (-not $holder -or $holder -eq $Not) { return $false }
            $pod = Get-LeaderPod $holder
            if ($pod) { $script:found = [pscustomobject]@{ Lease = $lease; Pod = $pod; Holder = $holder } }
            [bool] $pod
        }
        $script:found
    }
    # The controller container's log (Get-KubeLog where the module has it).
    function script:Get-ControllerLog([string] $Pod) {
        if (Get-Command Get-KubeLog -ErrorAction Ignore) {
            (Get-KubeLog -Name $Pod -Namespace $Ns -Container controller) -join "`n"
        }
        else {
            (Invoke-Kubectl -n $Ns logs $Pod -c controller).Output
        }
    }
    function script:New-AnnotatedService([string] $Name) {
        $null = Invoke-Kubectl -n $Ns create service clusterip $Name --tcp=80:8080
        $null = Invoke-Kubectl -n $Ns annotate service $Name "ingress/http=$Name.example.com"
    }
    # Every annotated Service has exactly one Ingress, named after it and owned by it; no other Ingress.
    function script:Wait-IngressesMatchServices {
        $script:ingressesByName = @{}
        Wait-Until -TimeoutSeconds 120 -Because "one Ingress per annotated Service in $Ns" {
            $services = @{}
            Get-KubeResource -Kind Service -Namespace $Ns | Where-Object { $_.Metadata.Annotations -and $_.Metadata.Annotations.ContainsKey('ingress/http') } |
                ForEach-Object { $services[$_.Metadata.Name] = $_ }
            $ingresses = @(Get-KubeResource -Kind Ingress -ApiVersion networking.k8s.io/v1 -Namespace $Ns)
            $script:ingressesByName = @{}
            foreach ($i in $ingresses) { $script:ingressesByName[$i.Metadata.Name] = $i }
            $services.Count -eq $ingresses.Count -and -not ($ingresses | Where-Object {
                    $owner = @($_.Metadata.OwnerReferences | Where-Object Controller)
                    -not $services.ContainsKey($_.Metadata.Name) -or $owner.Count -ne 1 -or $owner[0].Uid -ne $services[$_.Metadata.Name].Metadata.Uid
                })
        }
        $script:ingressesByName
    }
    # Every version of the Lease while it runs (Watch-KubeResource, in a thread job).
    function script:Start-LeaseHistory {
        Start-ThreadJob -ArgumentList $ModuleManifest, $ClusterKubeconfig, $Ns {
            param($manifest, $kubeconfig, $ns)
            $env:KUBECONFIG = $kubeconfig
            Import-Module $manifest
            Watch-KubeResource -Kind Lease -Name ingress-controller -Namespace $ns -IncludeInitial -Timeout 15m | ForEach-Object {
                [pscustomobject]@{ Holder = "$($_.Object.Spec.HolderIdentity)"; Acquire = $_.Object.Spec.AcquireTime; Renew = $_.Object.Spec.RenewTime }
            }
        }
    }
    function script:Stop-LeaseHistory($Job) {
        Start-Sleep -Seconds 2
        $records = @(Receive-Job $Job)
        Stop-Job $Job
        Remove-Job $Job -Force
        $records
    }
    function script:Format-History($Records) {
        ($Records | ForEach-Object { "  '$($_.Holder)' acquired $($_.Acquire.ToString('HH:mm:ss.fff')) renewed $($_.Renew.ToString('HH:mm:ss.fff'))" }) -join "`n"
    }
    # Stops the leader as -Stop says, annotates a Service meanwhile, and checks the takeover.
    # -MayRelease: the kubelet still stops a force-deleted pod's container with SIGTERM (SIGKILL after
    # its minimum grace of 2 s), so that leader may release the Lease on its way out; a killed one cannot.
    function script:Test-Failover([string] $How, [switch] $MayRelease, [scriptblock] $Stop) {
        $null = Wait-RolledOut
        $before = Wait-IngressesMatchServices
        $leader = Wait-Leader
        $history = Start-LeaseHistory
        try {
            Wait-Until -Because 'the Lease watch to start' { $history.HasMoreData -or $history.State -ne 'Running' }
            & $Stop $leader.Pod
            New-AnnotatedService "during-$How"
            $next = Wait-Leader -Not $leader.Holder
        }
        finally {
            $records = Stop-LeaseHistory $history
        }
        $lastRenewal = ($records | Where-Object Holder -eq $leader.Holder | Sort-Object Renew | Select-Object -Last 1).Renew
        $release = $records | Where-Object { -not $_.Holder } | Select-Object -First 1
        if ($release) {
            $MayRelease | Should -BeTrue -Because "a killed process cannot release the Lease:`n$(Format-History $records)"
            $handover = ($next.Lease.Spec.AcquireTime - $release.Renew).TotalSeconds
            Write-Host ("{0}: {1} released the Lease at {2:HH:mm:ss.fff}; {3} acquired it {4:0.00} s later" -f $How, $leader.Holder, $release.Renew, $next.Holder, $handover)
            $handover | Should -BeLessThan $LeaseDuration -Because "the released Lease is taken at the next look:`n$(Format-History $records)"
        }
        else {
            $takeover = ($next.Lease.Spec.AcquireTime - $lastRenewal).TotalSeconds
            Write-Host ("{0}: {1} last renewed {2:HH:mm:ss.fff}, {3} acquired {4:HH:mm:ss.fff}: takeover after {5:0.00} s (bound {6}..{7} s)" -f
                $How, $leader.Holder, $lastRenewal, $next.Holder, $next.Lease.Spec.AcquireTime, $takeover, $LeaseDuration, $TakeoverBound)
            $takeover | Should -BeGreaterOrEqual ($LeaseDuration - 1) -Because "no candidate may take the Lease before it expired:`n$(Format-History $records)"
            $takeover | Should -BeLessOrEqual $TakeoverBound -Because "the other replica takes over within the bound:`n$(Format-History $records)"
        }
        $records | Where-Object { $_.Holder -and $_.Holder -ne $leader.Holder -and $_.Holder -ne $next.Holder } | Should -BeNullOrEmpty
        $next.Lease.Spec.LeaseTransitions | Should -Be ($leader.Lease.Spec.LeaseTransitions + 1)

        $after = Wait-IngressesMatchServices
        $after.Keys | Should -Contain "during-$How"
        foreach ($name in $before.Keys) { $after[$name].Metadata.Uid | Should -Be $before[$name].Metadata.Uid -Because "the Ingress $name is kept, not made again" }
        # Who made it is not fixed: a force-deleted leader still runs (and leads) for its 2 s of grace.
        $null = Wait-RolledOut
        $leader
    }
}

AfterAll {
    $null = Invoke-Kubectl -n $Ns delete pods --all --grace-period=0 --force
    Remove-TestNamespace $Ns
}

Describe 'deploy/ingress-controller-ps on the local node' -Tag 'InCluster', 'Start-KubeController' {
    It 'applies as plain YAML: a Namespace, a ServiceAccount, a Role, a RoleBinding and a Deployment' {
        $Applied.Kind | Sort-Object | Should -Be @('Deployment', 'Namespace', 'Role', 'RoleBinding', 'ServiceAccount')
        $role = Get-KubeResource -Kind Role -Name ingress-controller -Namespace $Ns
        ($role.Rules | ForEach-Object { $_.Verbs }) | Should -Not -Contain '*'
        (Invoke-Kubectl get clusterrolebinding -o "jsonpath={.items[?(@.subjects[0].namespace=='$Ns')].metadata.name}").Output | Should -BeNullOrEmpty
        $d = Get-KubeResource -Kind Deployment -Name ingress-controller -Namespace $Ns
        $d.Spec.Replicas | Should -Be 2
        $container = $d.Spec.Template.Spec.Containers[0]
        $container.ImagePullPolicy | Should -Be 'IfNotPresent'
        $container.SecurityContext.ReadOnlyRootFilesystem | Should -BeTrue
        $d.Spec.Template.Spec.SecurityContext.RunAsNonRoot | Should -BeTrue
        $container.LivenessProbe.HttpGet.Path | Should -Be '/healthz'
        $container.ReadinessProbe.HttpGet.Path | Should -Be '/readyz'
        $container.Resources.Limits.Keys | Should -Contain 'memory'
    }

    It 'runs two replicas, non-root, that read the service-account mount; exactly one holds the Lease, named after its pod' {
        $pods = Wait-RolledOut
        foreach ($pod in $pods) {
            $log = Get-ControllerLog $pod.Metadata.Name
            $log | Should -Match 'kube-ps-runner: PowerShell 7\.\d+\.\d+, Kube.PowerShell \d+\.\d+\.\d+ from /opt/kube-ps/module/Kube.PowerShell'
            $log | Should -Match 'in a pod: API server https://10\.0\.0\.1:443 \(KUBERNETES_SERVICE_HOST/PORT\), token file /var/run/secrets/kubernetes.io/serviceaccount/token, CA /var/run/secrets/kubernetes.io/serviceaccount/ca.crt'
            $log | Should -Not -Match 'ERROR'
        }
        $leader = Wait-Leader
        $leader.Holder | Should -Match "^$([regex]::Escape($leader.Pod.Metadata.Name))_[0-9a-f]{32}$"
        $history = Start-LeaseHistory
        try { Start-Sleep -Seconds 8 } finally { $records = Stop-LeaseHistory $history }
        $records.Holder | Select-Object -Unique | Should -Be $leader.Holder
        @($records.Renew | Select-Object -Unique).Count | Should -BeGreaterThan 1 -Because 'the leader renews every 2 s'
    }

    It 'gives an annotated Service its Ingress' {
        New-AnnotatedService 'web-b'
        $ingresses = Wait-IngressesMatchServices
        $ingresses['web-b'].Spec.Rules[0].Host | Should -Be 'web-b.example.com'
        $leader = Wait-Leader
        Wait-Until -Because 'the leader logs it' { (Get-ControllerLog $leader.Pod.Metadata.Name) -match "created ingress $Ns/web-b" }
    }

    It 'hands over within the lease bound when the leader pod is force-deleted; no Ingress is lost or made twice' {
        $null = Test-Failover 'force-delete' -MayRelease { param($pod) $null = Invoke-Kubectl -n $Ns delete pod $pod.Metadata.Name --grace-period=0 --force }
    }

    It 'hands over within the lease bound when the leader process is killed in its container, which restarts' {
        $killed = Test-Failover 'kill' {
            param($pod)
            $id = $pod.Status.ContainerStatuses[0].ContainerID -replace '^containerd://'
            & ctr --address $Containerd --namespace k8s.io tasks kill --signal SIGKILL $id
            $LASTEXITCODE | Should -Be 0
        }
        $pod = Get-KubePod -Name $killed.Pod.Metadata.Name -Namespace $Ns
        $pod.Metadata.Uid | Should -Be $killed.Pod.Metadata.Uid
        $pod.Status.ContainerStatuses[0].RestartCount | Should -BeGreaterThan $killed.Pod.Status.ContainerStatuses[0].RestartCount
    }

    It 'hands over through the released Lease in a rolling update, in less than a lease duration' {
        $null = Wait-RolledOut
        $before = Wait-IngressesMatchServices
        $leader = Wait-Leader
        $history = Start-LeaseHistory
        try {
            Wait-Until -Because 'the Lease watch to start' { $history.HasMoreData }
            $null = Invoke-Kubectl -n $Ns set env deployment/ingress-controller "ROLLOUT=$([guid]::NewGuid().ToString('n'))"
            New-AnnotatedService 'during-rollout'
            $pods = Wait-RolledOut
            $next = Wait-Leader
        }
        finally {
            $records = Stop-LeaseHistory $history
        }
        $pods.Metadata.Name | Should -Contain $next.Pod.Metadata.Name
        $previous = $leader.Holder
        $release = $null
        $handovers = foreach ($r in $records) {
            if (-not $r.Holder) { $release = $r; continue }
            if ($r.Holder -eq $previous) { continue }
            $release | Should -Not -BeNullOrEmpty -Because "$($r.Holder) took over from $previous through a release:`n$(Format-History $records)"
            ($r.Acquire - $release.Renew).TotalSeconds
            Write-Host ("hand-over {0} -> {1}: {2:0.00} s after the release" -f $previous, $r.Holder, ($r.Acquire - $release.Renew).TotalSeconds)
            $previous = $r.Holder
            $release = $null
        }
        @($handovers).Count | Should -BeGreaterThan 0
        # The figure for docs/benchmarks.md (build.ps1 Bench reads it).
        $results = Join-Path $RepoRoot 'out/test-results'
        $null = New-Item -ItemType Directory -Path $results -Force
        [ordered]@{
            Controller = 'PowerShell (deploy/ingress-controller-ps)'
            Test       = 'InClusterController.Tests.ps1, rolling update'
            Date       = [DateTime]::UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", [cultureinfo]::InvariantCulture)
            Load       = if (Test-Path /proc/loadavg) { ((Get-Content /proc/loadavg) -split ' ')[0..2] -join ' ' } else { 'unknown' }
            Seconds    = @($handovers | ForEach-Object { [math]::Round($_, 3) })
        } | ConvertTo-Json -Compress | Set-Content (Join-Path $results 'incluster-handover-powershell.json')
        foreach ($h in $handovers) { $h | Should -BeLessThan $LeaseDuration -Because "the released Lease is taken at the next look:`n$(Format-History $records)" }
        $previous | Should -Be $next.Holder
        $after = Wait-IngressesMatchServices
        $after.Keys | Should -Contain 'during-rollout'
        foreach ($name in $before.Keys) { $after[$name].Metadata.Uid | Should -Be $before[$name].Metadata.Uid }
    }

    It 'logs the forbidden request and keeps running, without restarts, when create is removed from its Role' {
        $pods = Wait-RolledOut
        $restarts = @{}
        foreach ($p in $pods) { $restarts[$p.Metadata.Name] = $p.Status.ContainerStatuses[0].RestartCount }
        $rule = '{"apiGroups":["networking.k8s.io"],"resources":["ingresses"],"verbs":["list","watch","create","patch","delete"]}'
        $denied = '{"apiGroups":["networking.k8s.io"],"resources":["ingresses"],"verbs":["list","watch","patch","delete"]}'
        $patch = { param($r) (Invoke-Kubectl -n $Ns patch role ingress-controller --type=json -p "[{`"op`":`"replace`",`"path`":`"/rules/1`",`"value`":$r}]").ExitCode | Should -Be 0 }
        (Get-KubeResource -Kind Role -Name ingress-controller -Namespace $Ns).Rules[1].Resources | Should -Be 'ingresses'
        & $patch $denied
        try {
            New-AnnotatedService 'rbac-denied'
            $request = "PATCH /apis/networking.k8s.io/v1/namespaces/$Ns/ingresses/rbac-denied"
            $script:line = $null
            Wait-Until -TimeoutSeconds 120 -Because 'the leader logs the forbidden request' {
                $leader = Wait-Leader
                $script:line = (Get-ControllerLog $leader.Pod.Metadata.Name) -split "`n" | Where-Object { $_.Contains($request) } | Select-Object -Last 1
                [bool] $script:line
            }
            Write-Host $line
            $line | Should -Match 'ERROR'
            $line | Should -Match 'ingresses.networking.k8s.io "rbac-denied" is forbidden'
            # Longer than the liveness probe's failure window (3 x 10 s).
            Start-Sleep -Seconds 40
            $now = Get-ControllerPod
            $now.Metadata.Name | Sort-Object | Should -Be ($restarts.Keys | Sort-Object)
            foreach ($p in $now) {
                $p.Status.ContainerStatuses[0].RestartCount | Should -Be $restarts[$p.Metadata.Name]
                Test-PodReady $p | Should -BeTrue
            }
            Get-KubeResource -Kind Ingress -ApiVersion networking.k8s.io/v1 -Namespace $Ns | Where-Object { $_.Metadata.Name -eq 'rbac-denied' } | Should -BeNullOrEmpty
        }
        finally {
            & $patch $rule
        }
        # With the verb back, the Service's next change gets its Ingress.
        $null = Invoke-Kubectl -n $Ns annotate service rbac-denied --overwrite 'ingress/http=rbac-allowed.example.com'
        $after = Wait-IngressesMatchServices
        $after['rbac-denied'].Spec.Rules[0].Host | Should -Be 'rbac-allowed.example.com'
    }
}
