# Start-KubeController against the local control plane: keys from informers, the cached object in
# $Kube, retries up to -MaxRetries, real parallel workers, and leader election between two controllers.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'ctl'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    # kubectl create configmap has no -l: create, then label.
    function script:New-LabeledConfigMap([string] $Name, [string] $Label) {
        (Invoke-Kubectl -n $Ns create configmap $Name --from-literal=v=1).ExitCode | Should -Be 0
        (Invoke-Kubectl -n $Ns label configmap $Name $Label).ExitCode | Should -Be 0
    }
    foreach ($name in 'a', 'b', 'c') { New-LabeledConfigMap $name app=ctl }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Start-KubeController' -Tag 'Cmdlet', 'Start-KubeController' {
    It 'reconciles every key with the cached object, as kubectl lists them' {
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector app=ctl -Timeout 8 -Reconcile {
                param($Key, $Context)
                [pscustomobject]@{ Key = $Key; SameContext = [object]::ReferenceEquals($Context, $Kube); Name = $Kube.Object.Metadata.Name; Type = $Kube.Object.GetType().Name; Namespace = $Kube.Namespace; Attempt = $Kube.Attempt }
            })
        $expected = @((Invoke-Kubectl -n $Ns get configmaps -l app=ctl -o 'jsonpath={.items[*].metadata.name}').Output -split ' ' | ForEach-Object { "$Ns/$_" } | Sort-Object)
        @($out.Key | Sort-Object) | Should -Be $expected
        $out | ForEach-Object {
            $_.SameContext | Should -BeTrue
            $_.Type | Should -Be 'ConfigMap'
            "$Ns/$($_.Name)" | Should -Be $_.Key
            $_.Namespace | Should -Be $Ns
            $_.Attempt | Should -Be 1
        }
    }

    It 'a deleted object reconciles with a null $Kube.Object' {
        New-LabeledConfigMap victim role=victim
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector role=victim -Timeout 10 -Reconcile {
                param($Key)
                if ($Kube.Object) {
                    'present'
                    $null = Invoke-Kubectl -n $Kube.Namespace delete configmap $Kube.Name
                }
                else { 'absent' }
            })
        $out | Should -Be @('present', 'absent')
    }

    It 'retries a throwing reconcile up to -MaxRetries, then writes one ReconcileFailed error' {
        New-LabeledConfigMap failing role=failing
        # With one worker the scriptblock runs in this scope: it can record its attempts here.
        $attempts = [System.Collections.Generic.List[int]]::new()
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector role=failing -MaxRetries 2 -Timeout 10 -ErrorVariable errors -ErrorAction SilentlyContinue -Reconcile {
                $attempts.Add($Kube.Attempt)
                'dropped with the failed attempt'
                throw "cannot reconcile $($Kube.Key)"
            })
        @($attempts) | Should -Be @(1, 2, 3)
        $out.Count | Should -Be 0
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ReconcileFailed,*'
        $errors[0].TargetObject | Should -Be "$Ns/failing"
        $errors[0].Exception.Message | Should -Match "cannot reconcile $Ns/failing"
        $errors[0].ErrorDetails.Message | Should -Match 'failed 3 time'
    }

    It 'a reconcile that succeeds on a retry writes no error' {
        New-LabeledConfigMap flaky role=flaky
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector role=flaky -Timeout 8 -ErrorVariable errors -Reconcile {
                if ($Kube.Attempt -lt 3) { throw 'not yet' }
                "done on attempt $($Kube.Attempt)"
            })
        $out | Should -Be @('done on attempt 3')
        $errors.Count | Should -Be 0
    }

    It '-Workers 3 reconciles three keys at the same time, each in a runspace of its own' {
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector app=ctl -Workers 3 -Timeout 15 -Reconcile {
                param($Key)
                $Kube.State[$Key] = 'started'
                # Wait (boundedly) until the other two have started too: only true parallel workers get there.
                $deadline = [DateTime]::UtcNow.AddSeconds(8)
                while ($Kube.State.Count -lt 3 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                [pscustomobject]@{ Key = $Key; Runspace = [runspace]::DefaultRunspace.InstanceId; SawAll = $Kube.State.Count -ge 3 }
            })
        $out.Count | Should -Be 3
        $out | ForEach-Object { $_.SawAll | Should -BeTrue -Because "$($_.Key) ran while the others ran" }
        @($out.Runspace | Select-Object -Unique).Count | Should -Be 3
    }

    It '-Watch keys dependents by their owner and $Kube.Get reads the other cache' {
        $owner = (Invoke-Kubectl -n $Ns get configmap a -o 'jsonpath={.metadata.uid}').Output
        New-KubectlObject @{
            apiVersion = 'v1'; kind = 'Secret'
            metadata = @{ name = 'a-secret'; namespace = $Ns; ownerReferences = @(@{ apiVersion = 'v1'; kind = 'ConfigMap'; name = 'a'; uid = $owner; controller = $true }) }
            stringData = @{ k = 'v' }
        }
        $out = @(Start-KubeController -Namespace $Ns -Timeout 8 -Watch @(
                @{ Kind = 'ConfigMap'; LabelSelector = 'app=ctl' }
                @{ Kind = 'Secret'; Key = 'Owner:ConfigMap' }
            ) -Reconcile {
                param($Key)
                $secret = $Kube.Get('Secret', $Kube.Namespace, "$($Kube.Name)-secret")
                "$Key secret=$([bool]$secret)"
            })
        $out | Should -Contain "$Ns/a secret=True"
        $out | Should -Contain "$Ns/b secret=False"
        # The Secret's own key is never reconciled: it maps to its owner.
        $out | Where-Object { $_ -like "*a-secret*" } | Should -BeNullOrEmpty
    }

    It '$Kube.RecordEvent records events about the reconciled object, named for -ControllerName, as kubectl shows them' {
        New-LabeledConfigMap recorded role=recorded
        $uid = (Invoke-Kubectl -n $Ns get configmap recorded -o 'jsonpath={.metadata.uid}').Output
        $out = @(Start-KubeController ConfigMap -Namespace $Ns -LabelSelector role=recorded -ControllerName pester-recorder -MaxRetries 2 -Timeout 10 -ErrorAction SilentlyContinue -Reconcile {
                if ($Kube.Attempt -le 2) {
                    $Kube.RecordEvent('Warning', 'SyncFailed', "attempt failed")
                    throw 'not yet'
                }
                $Kube.RecordEvent('Normal', 'Synced', 'ConfigMap synced successfully')
                $Kube.Recorder.Eventf($Kube.Object, 'Normal', 'Counted', 'attempt {0}', $Kube.Attempt)
                try { $Kube.RecordEvent('Info', 'Bad', 'x') } catch { "refused: $($_.Exception.InnerException.Message)" }
            })
        $out | Should -HaveCount 1
        $out[0] | Should -Match 'refused: .*Normal or Warning'
        # The controller writes what it recorded before it returns.
        $events = (Get-KubectlJson -n $Ns events --field-selector "involvedObject.uid=$uid").items
        $failed = @($events | Where-Object reason -EQ 'SyncFailed')
        $failed.Count | Should -Be 1
        $failed[0].count | Should -Be 2
        $failed[0].type | Should -Be 'Warning'
        $failed[0].source.component | Should -Be 'pester-recorder'
        @($events | Where-Object reason -EQ 'Synced').Count | Should -Be 1
        (@($events | Where-Object reason -EQ 'Counted'))[0].message | Should -Be 'attempt 3'
        (@(Get-KubeResource cm recorded -Namespace $Ns | Get-KubeEvent).Reason) | Should -Be @('SyncFailed', 'Synced', 'Counted')
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'a -Watch entry without Kind'; Arguments = @{ Watch = @(@{ Key = 'Self' }) }; ErrorId = 'InvalidWatch' }
        @{ Case = 'an unknown key mapping'; Arguments = @{ Watch = @(@{ Kind = 'ConfigMap'; Key = 'Parent' }) }; ErrorId = 'InvalidWatch' }
        @{ Case = 'no kind keyed by itself'; Arguments = @{ Watch = @(@{ Kind = 'ConfigMap'; Key = 'Owner' }) }; ErrorId = 'InvalidWatch' }
        @{ Case = 'an unknown -Watch property'; Arguments = @{ Watch = @(@{ Kind = 'ConfigMap'; Selector = 'x' }) }; ErrorId = 'InvalidWatch' }
        @{ Case = '-LeaderElection without -LeaseName'; Arguments = @{ Kind = 'ConfigMap'; LeaderElection = $true }; ErrorId = 'LeaseNameRequired' }
    ) {
        param($Case, $Arguments, $ErrorId)
        { Start-KubeController -Namespace $Ns @Arguments -Reconcile { } -Timeout 2 -ErrorAction Stop } | Should -Throw -ErrorId "$ErrorId,*"
    }

    It 'with leader election only one of two controllers reconciles, and the other takes over when it stops' {
        $lease = 'ctl-lease-' + [guid]::NewGuid().ToString('n').Substring(0, 6)
        $start = {
            param($manifest, $ns, $lease, $who)
            Import-Module $manifest
            Start-KubeController ConfigMap -Namespace $ns -LabelSelector app=ctl -LeaderElection -LeaseName $lease -LeaseDuration 6 -Timeout 300 -Reconcile {
                param($Key)
                "$who $Key"
            }
        }
        $jobs = @{
            one = Start-ThreadJob -ScriptBlock $start -ArgumentList $ModuleManifest, $Ns, $lease, 'one'
            two = Start-ThreadJob -ScriptBlock $start -ArgumentList $ModuleManifest, $Ns, $lease, 'two'
        }
        try {
            $seen = [System.Collections.Generic.List[string]]::new()
            function Read-Seen { foreach ($j in $jobs.Values) { foreach ($line in (Receive-Job $j)) { $seen.Add($line) } } }
            Wait-Until -TimeoutSeconds 90 -Because 'the leader reconciles the three keys' { Read-Seen; $seen.Count -ge 3 }
            $leader = ($seen[0] -split ' ')[0]
            $follower = if ($leader -eq 'one') { 'two' } else { 'one' }
            # Give a wrongly running follower time to show itself (this bounds the check, it measures nothing).
            Start-Sleep -Seconds 3
            Read-Seen
            @($seen | Where-Object { $_ -like "$follower *" }) | Should -BeNullOrEmpty -Because 'only the leader reconciles'
            @($seen).Count | Should -Be 3
            $holder = (Invoke-Kubectl -n $Ns get lease $lease -o 'jsonpath={.spec.holderIdentity}').Output
            $holder | Should -Not -BeNullOrEmpty

            # The leader stops (releasing the lease): the follower takes over and reconciles everything.
            $jobs[$leader] | Stop-Job
            Wait-Until -TimeoutSeconds 90 -Because 'the follower takes over' { Read-Seen; @($seen | Where-Object { $_ -like "$follower *" }).Count -ge 3 }
            (Invoke-Kubectl -n $Ns get lease $lease -o 'jsonpath={.spec.holderIdentity}').Output | Should -Not -Be $holder
        }
        finally {
            $jobs.Values | Stop-Job -PassThru | Remove-Job -Force
        }
    }
}
