# Watch-KubeResource against the local control plane: events as changes happen, the initial state,
# CRD kinds, -Timeout, and a watch that survives its API server going away.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'watch'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    $null = Invoke-Kubectl -n $Ns create configmap pre --from-literal=v=0

    # Changes a ConfigMap 'tick' every half second until the file $TickStop exists: it shows that a
    # watch without -IncludeInitial is live, without guessing how long it takes to start.
    function script:Start-Ticker([string] $Namespace, [string] $StopFile) {
        Start-ThreadJob -ArgumentList $Namespace, $StopFile, $ClusterKubeconfig {
            param($ns, $stop, $kc)
            $null = & kubectl --kubeconfig $kc -n $ns create configmap tick --from-literal=n=0 2>&1
            $n = 0
            while (-not (Test-Path $stop) -and $n -lt 240) {
                $n++
                $null = & kubectl --kubeconfig $kc -n $ns patch configmap tick --type=merge -p "{`"data`":{`"n`":`"$n`"}}" 2>&1
                Start-Sleep -Milliseconds 500
            }
        }
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Watch-KubeResource' -Tag 'Cmdlet', 'Watch-KubeResource' {
    It 'streams Added, Modified with the old object, and Deleted as changes happen, without the initial list' {
        $stop = Join-Path $TestDrive 'tick-stop'
        $ticker = Start-Ticker $Ns $stop
        try {
            $script:changed = $false
            $events = Watch-KubeResource ConfigMap -Namespace $Ns -Timeout 60 | ForEach-Object {
                $_
                if (-not $script:changed -and $_.Name -eq 'tick' -and $_.Type -eq 'Modified') {
                    # The watch is live: make the changes to observe.
                    $script:changed = $true
                    $null = Invoke-Kubectl -n $Ns create configmap c1 --from-literal=v=1
                    $null = Invoke-Kubectl -n $Ns patch configmap c1 --type=merge -p '{"data":{"v":"2"}}'
                    $null = Invoke-Kubectl -n $Ns delete configmap c1
                }
            } | Where-Object Name -EQ 'c1' | Select-Object -First 3
        }
        finally {
            $null = New-Item -ItemType File $stop -Force
            $ticker | Wait-Job -Timeout 30 | Remove-Job -Force
        }
        @($events.Type) | Should -Be @('Added', 'Modified', 'Deleted')
        $events | ForEach-Object { $_ | Should -BeOfType ([Kube.PowerShell.Cmdlets.Watch.KubeResourceEvent]) }
        $events[0].Object | Should -BeOfType ([Kube.Client.Models.CoreV1.ConfigMap])
        $events[0].Object.Data['v'] | Should -Be '1'
        $events[0].OldObject | Should -BeNullOrEmpty
        $events[1].OldObject.Data['v'] | Should -Be '1'
        $events[1].Object.Data['v'] | Should -Be '2'
        $events[2].Object.Data['v'] | Should -Be '2'
        $events | ForEach-Object { $_.Kind | Should -Be 'ConfigMap'; $_.Namespace | Should -Be $Ns; $_.IsInitial | Should -BeFalse }
        # kubectl agrees it is gone.
        (Invoke-Kubectl -n $Ns get configmap c1).Output | Should -Match 'NotFound'
    }

    It '-IncludeInitial first emits every existing object as Added, as kubectl lists them' {
        $events = @(Watch-KubeResource ConfigMap -Namespace $Ns -IncludeInitial -Timeout 5)
        $expected = @((Invoke-Kubectl -n $Ns get configmaps -o 'jsonpath={.items[*].metadata.name}').Output -split ' ' | Sort-Object)
        @($events.Name | Sort-Object) | Should -Be $expected
        $events | ForEach-Object { $_.Type | Should -Be 'Added'; $_.IsInitial | Should -BeTrue }
        @($events.Name) | Should -Contain 'pre'
    }

    It '-Name watches one object (a field selector on metadata.name)' {
        $events = @(Watch-KubeResource ConfigMap pre -Namespace $Ns -IncludeInitial -Timeout 3)
        $events.Count | Should -Be 1
        $events[0].Name | Should -Be 'pre'
    }

    It '-Timeout ends an idle watch with no output and no error' {
        $events = @(Watch-KubeResource ConfigMap -Namespace $Ns -LabelSelector 'nothing=here' -Timeout 2 -ErrorVariable errors)
        $events.Count | Should -Be 0
        $errors.Count | Should -Be 0
    }

    It 'two commands watching the same kind and scope share the context''s one informer: one list and one watch' {
        $connection = [Kube.PowerShell.Connection.KubeConnectionCache]::GetAsync($null, $null, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $scope = "v1/configmaps in namespace $Ns fields ""metadata.name=pre"""
        $job = Start-ThreadJob -ArgumentList $ModuleManifest, $Ns {
            param($manifest, $ns)
            Import-Module $manifest
            Watch-KubeResource ConfigMap pre -Namespace $ns -Timeout 30 | Out-Null
        }
        try {
            Wait-Until -TimeoutSeconds 30 -Because 'the first command holds the informer and watches' {
                @($connection.Informers.Snapshot() | Where-Object { $_.Name -eq $scope -and $_.Leases -eq 1 -and $_.Watches -ge 1 }).Count -eq 1
            }
            $events = @(Watch-KubeResource ConfigMap pre -Namespace $Ns -IncludeInitial -Timeout 2)
            @($events.Name) | Should -Be @('pre')
            $use = @($connection.Informers.Snapshot() | Where-Object Name -EQ $scope)
            $use.Count | Should -Be 1
            $use[0].Lists | Should -Be 1
            $use[0].Watches | Should -Be 1
            # Wait-KubeResource on that object draws on the same informer.
            Wait-KubeResource ConfigMap pre -Namespace $Ns -JsonPath '{.data.v}' -Value '0' -Timeout 10 | Should -Not -BeNullOrEmpty
            @($connection.Informers.Snapshot() | Where-Object Name -EQ $scope)[0].Lists | Should -Be 1
        }
        finally { $job | Stop-Job -PassThru | Remove-Job -Force }
        # Released by both, it stays warm for the next command until it idles out.
        Wait-Until -TimeoutSeconds 30 -Because 'the first command ends' { @($connection.Informers.Snapshot() | Where-Object { $_.Name -eq $scope -and $_.Leases -eq 0 }).Count -eq 1 }
    }

    It 'the informers kept warm for a context stop when the context is removed from the kubeconfig' {
        $kc = Join-Path $TestDrive 'retire.kubeconfig'
        Copy-Item $ClusterKubeconfig $kc
        $context = (& kubectl --kubeconfig $kc config current-context).Trim()
        $null = Watch-KubeResource ConfigMap pre -Namespace $Ns -Kubeconfig $kc -IncludeInitial -Timeout 1
        $connection = [Kube.PowerShell.Connection.KubeConnectionCache]::GetAsync($kc, $null, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
        # Released, but kept warm for the next command.
        @($connection.Informers.Snapshot() | Where-Object Leases -EQ 0).Count | Should -Be 1

        $null = & kubectl --kubeconfig $kc config delete-context $context
        { Get-KubeNamespace -Kubeconfig $kc -ErrorAction Stop } | Should -Throw
        @($connection.Informers.Snapshot()).Count | Should -Be 0
    }

    It 'the default view shows TIME, TYPE, KIND, NAMESPACE, NAME and AGE' {
        $text = Watch-KubeResource ConfigMap pre -Namespace $Ns -IncludeInitial -Timeout 3 | Format-Table | Out-String -Width 200
        $table = ConvertFrom-TableText $text
        $table.Columns | Should -Be @('TIME', 'TYPE', 'KIND', 'NAMESPACE', 'NAME', 'AGE')
        $table.Rows[0].TYPE | Should -Be 'Added'
        $table.Rows[0].NAME | Should -Be 'pre'
    }

    It 'an unknown kind is an UnknownKind error' {
        { Watch-KubeResource Nonsensical -Namespace $Ns -Timeout 2 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownKind*'
    }

    It 'a selector that does not parse is an InvalidArgument error' {
        { Watch-KubeResource ConfigMap -Namespace $Ns -LabelSelector 'a in (' -Timeout 2 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidArgument*'
    }

    Context 'a custom resource kind' {
        BeforeAll {
            $script:Group = 'wc' + [guid]::NewGuid().ToString('n').Substring(0, 6) + '.example.com'
            New-KubectlObject @{
                apiVersion = 'apiextensions.k8s.io/v1'; kind = 'CustomResourceDefinition'
                metadata = @{ name = "gizmos.$Group" }
                spec = @{
                    group = $Group; scope = 'Namespaced'
                    names = @{ plural = 'gizmos'; singular = 'gizmo'; kind = 'Gizmo'; listKind = 'GizmoList' }
                    versions = @(@{ name = 'v1'; served = $true; storage = $true; schema = @{ openAPIV3Schema = @{ type = 'object'; 'x-kubernetes-preserve-unknown-fields' = $true } } })
                }
            }
            $null = Invoke-Kubectl wait --for=condition=Established "crd/gizmos.$Group" --timeout=60s
            Wait-Until -Because "the API serves gizmos.$Group" { (Invoke-Kubectl get "gizmos.$Group" -n $Ns).ExitCode -eq 0 }
        }
        AfterAll {
            $null = Invoke-Kubectl delete crd "gizmos.$Group" --wait=false
        }

        It 'watches a CRD kind and emits Unstructured objects' {
            New-KubectlObject @{ apiVersion = "$Group/v1"; kind = 'Gizmo'; metadata = @{ name = 'g1'; namespace = $Ns }; spec = @{ size = 3 } }
            $events = @(Watch-KubeResource -Kind Gizmo -ApiVersion "$Group/v1" -Namespace $Ns -IncludeInitial -Timeout 5)
            $events.Count | Should -Be 1
            $events[0].Kind | Should -Be 'Gizmo'
            $events[0].ApiVersion | Should -Be "$Group/v1"
            $events[0].Object | Should -BeOfType ([Kube.Client.Models.Unstructured])
            $events[0].Object.NestedInt64('spec', 'size') | Should -Be 3
        }

        It 'a Watch-KubeResource and a Start-KubeController of one kind in one session hold one watch on the server' {
            # Counted by the API server itself: the open WATCH requests in one namespace on this test's own resource
            # (the controller manager's garbage collector and quota watch it too, across all namespaces: scope "cluster").
            $openWatches = {
                $line = (Invoke-Kubectl get --raw /metrics).Output -split "`n" |
                    Where-Object { $_ -like 'apiserver_longrunning_gauge{*' -and $_ -like "*group=""$Group""*" -and $_ -like '*resource="gizmos"*' -and $_ -like '*scope="namespace"*' -and $_ -like '*verb="WATCH"*' }
                @($line | ForEach-Object { [int] ($_ -split ' ')[-1] } | Measure-Object -Sum).Sum
            }
            New-KubectlObject @{ apiVersion = "$Group/v1"; kind = 'Gizmo'; metadata = @{ name = 'shared'; namespace = $Ns }; spec = @{ size = 1 } }
            $watcher = Start-ThreadJob -ArgumentList $ModuleManifest, $Ns, $Group {
                param($manifest, $ns, $group)
                Import-Module $manifest
                Watch-KubeResource -Kind Gizmo -ApiVersion "$group/v1" -Namespace $ns -IncludeInitial -Timeout 60 | ForEach-Object { "watch $($_.Name)" }
            }
            $controller = Start-ThreadJob -ArgumentList $ModuleManifest, $Ns, $Group {
                param($manifest, $ns, $group)
                Import-Module $manifest
                Start-KubeController -Watch @{ Kind = 'Gizmo'; ApiVersion = "$group/v1" } -Namespace $ns -Timeout 60 -Reconcile { param($Key) "reconcile $Key" }
            }
            try {
                # Both commands have listed: each wrote the object.
                $seen = [System.Collections.Generic.List[string]]::new()
                Wait-Until -TimeoutSeconds 60 -Because 'both commands see the Gizmo' {
                    foreach ($job in $watcher, $controller) { $job | Receive-Job -ErrorAction SilentlyContinue | ForEach-Object { $seen.Add("$_") } }
                    $seen -contains 'watch shared' -and $seen -contains "reconcile $Ns/shared"
                }
                Wait-Until -TimeoutSeconds 30 -Because 'the informer watches' { (& $openWatches) -ge 1 }
                # Room for a second watch, were there one, to reach the server.
                Start-Sleep -Seconds 2
                & $openWatches | Should -Be 1
                $connection = [Kube.PowerShell.Connection.KubeConnectionCache]::GetAsync($null, $null, [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
                $use = @($connection.Informers.Snapshot() | Where-Object Name -Like "$Group/v1/gizmos in namespace $Ns")
                $use.Count | Should -Be 1
                $use[0].Leases | Should -Be 2
            }
            finally { $watcher, $controller | Stop-Job -PassThru | Remove-Job -Force }
        }
    }

    Context 'its API server goes away and comes back' -Tag 'Reliability' {
        BeforeAll {
            $script:ClusterScript = Join-Path $RepoRoot 'tools/cluster/cluster.sh'
            $script:ServerName = 'wc' + [guid]::NewGuid().ToString('n').Substring(0, 6)
            $script:Port = Get-FreePort
            $out = & bash $ClusterScript apiserver-start --name $ServerName --port $Port 2>&1 | Out-String
            if ($LASTEXITCODE -ne 0) { throw "apiserver-start failed: $out" }
            $kc = if ($out -match 'kubeconfig: (\S+)') { $Matches[1] } else { Join-Path (Split-Path $ClusterKubeconfig) "apiserver-$ServerName.kubeconfig" }
            # cluster.sh removes the kubeconfig when the server stops: keep a copy.
            $script:OwnKubeconfig = Join-Path $TestDrive 'own.kubeconfig'
            Copy-Item $kc $OwnKubeconfig
        }
        AfterAll {
            $null = & bash $ClusterScript apiserver-stop --name $ServerName --kill 2>&1
        }

        It 'emits the changes made while it was down once, and no duplicate Added' {
            $null = Invoke-Kubectl -n $Ns create configmap drop-kept --from-literal=v=1
            $null = Invoke-Kubectl -n $Ns create configmap drop-changed --from-literal=v=1
            $null = Invoke-Kubectl -n $Ns create configmap drop-deleted --from-literal=v=1
            $job = Start-ThreadJob -ArgumentList $ModuleManifest, $OwnKubeconfig, $Ns {
                param($manifest, $kc, $ns)
                Import-Module $manifest
                Watch-KubeResource ConfigMap -Namespace $ns -Kubeconfig $kc -Context kube-ps-admin -IncludeInitial -Timeout 240 |
                    Where-Object Name -Like 'drop-*' |
                    ForEach-Object { "$($_.Type) $($_.Name) $($_.Object.Data['v'])" }
            }
            try {
                $seen = [System.Collections.Generic.List[string]]::new()
                function Read-Seen { foreach ($line in (Receive-Job $job)) { $seen.Add($line) } }
                Wait-Until -TimeoutSeconds 60 -Because 'the initial adds' { Read-Seen; $seen.Count -ge 3 }
                $null = Invoke-Kubectl -n $Ns create configmap drop-live --from-literal=v=1
                Wait-Until -TimeoutSeconds 60 -Because 'the live add' { Read-Seen; $seen -contains 'Added drop-live 1' }

                $null = & bash $ClusterScript apiserver-stop --name $ServerName --kill 2>&1
                $null = Invoke-Kubectl -n $Ns patch configmap drop-changed --type=merge -p '{"data":{"v":"2"}}'
                $null = Invoke-Kubectl -n $Ns delete configmap drop-deleted
                $null = Invoke-Kubectl -n $Ns create configmap drop-created --from-literal=v=1
                $out = & bash $ClusterScript apiserver-start --name $ServerName --port $Port 2>&1 | Out-String
                if ($LASTEXITCODE -ne 0) { throw "apiserver-start (again) failed: $out" }

                Wait-Until -TimeoutSeconds 120 -Because 'the changes made while the server was down' {
                    Read-Seen
                    ($seen -contains 'Added drop-created 1') -and ($seen -contains 'Modified drop-changed 2') -and ($seen -contains 'Deleted drop-deleted 1')
                }
                # After the outage the watch is live again.
                $null = Invoke-Kubectl -n $Ns create configmap drop-after --from-literal=v=1
                Wait-Until -TimeoutSeconds 60 -Because 'a change after the outage' { Read-Seen; $seen -contains 'Added drop-after 1' }
            }
            finally {
                $job | Stop-Job -PassThru | Remove-Job -Force
            }
            $added = @($seen | Where-Object { $_ -like 'Added *' } | ForEach-Object { ($_ -split ' ')[1] })
            $added | Group-Object | Where-Object Count -GT 1 | Should -BeNullOrEmpty -Because "no object is added twice; saw: $($seen -join '; ')"
            @($added | Sort-Object) | Should -Be @('drop-after', 'drop-changed', 'drop-created', 'drop-deleted', 'drop-kept', 'drop-live')
            @($seen | Where-Object { $_ -like 'Modified *' }) | Should -Be @('Modified drop-changed 2')
            @($seen | Where-Object { $_ -like 'Deleted *' }) | Should -Be @('Deleted drop-deleted 1')
        }
    }
}
