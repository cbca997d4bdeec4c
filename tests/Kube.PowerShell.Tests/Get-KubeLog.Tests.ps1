# Get-KubeLog against pods running on the local node, with kubectl logs as the oracle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'logs'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns

    # "talk": two containers; app writes two early lines, then, 2 s later, two late lines and one on stderr.
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = 'talk'; namespace = $Ns; labels = @{ app = 'talk' } }
        spec = @{
            terminationGracePeriodSeconds = 1
            containers = @(
                @{ name = 'app'; image = $BusyboxImage; imagePullPolicy = 'Never'
                   command = @('sh', '-c', 'echo early 1; echo early 2; sleep 2; echo late 1; echo late 2; echo oops >&2; exec sleep 3600') }
                @{ name = 'side'; image = $BusyboxImage; imagePullPolicy = 'Never'; command = @('sh', '-c', 'echo side says hi; exec sleep 3600') }
            )
        }
    }
    # "again": its first run leaves a mark in an emptyDir and fails; the restart finds the mark and stays up.
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = 'again'; namespace = $Ns }
        spec = @{
            terminationGracePeriodSeconds = 1
            volumes = @(@{ name = 'mark'; emptyDir = @{} })
            containers = @(@{ name = 'main'; image = $BusyboxImage; imagePullPolicy = 'Never'; volumeMounts = @(@{ name = 'mark'; mountPath = '/mark' })
                command = @('sh', '-c', 'if [ -e /mark/ran ]; then echo second run; exec sleep 3600; fi; touch /mark/ran; echo first run; exit 3') })
        }
    }
    New-TestPod -Namespace $Ns -Name 'ticker' -Run -Command 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done'
    Wait-Until -TimeoutSeconds 180 -Because 'talk has written all its lines' {
        ((Invoke-Kubectl -n $Ns logs talk -c app).Output -split "`n").Count -ge 5
    }
    Wait-Until -TimeoutSeconds 180 -Because 'again restarted once and runs' {
        (Invoke-Kubectl -n $Ns logs again).Output -eq 'second run'
    }

    function Get-KubectlLog { (& kubectl --kubeconfig $ClusterKubeconfig -n $Ns logs @args) -join "`n" }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Get-KubeLog' {
    It 'equals kubectl logs <Flags>' -TestCases @(
        @{ Flags = @('talk', '-c', 'app'); Ours = @{ Name = 'talk'; Container = 'app' } }
        @{ Flags = @('talk', '-c', 'app', '--tail=2'); Ours = @{ Name = 'talk'; Container = 'app'; Tail = 2 } }
        @{ Flags = @('talk', '-c', 'app', '--timestamps'); Ours = @{ Name = 'talk'; Container = 'app'; Timestamps = $true } }
        @{ Flags = @('talk', '-c', 'side'); Ours = @{ Name = 'talk'; Container = 'side' } }
        @{ Flags = @('talk', '-c', 'app', '--since=1h'); Ours = @{ Name = 'talk'; Container = 'app'; Since = '1h' } }
        @{ Flags = @('again', '--previous'); Ours = @{ Name = 'again'; Previous = $true } }
        @{ Flags = @('again'); Ours = @{ Name = 'again' } }
    ) {
        param($Flags, $Ours)
        $expected = Get-KubectlLog @Flags
        $LASTEXITCODE | Should -Be 0
        $lines = @(Get-KubeLog -Namespace $Ns @Ours)
        $lines | Should -Not -BeNullOrEmpty
        ($lines -join "`n") | Should -BeExactly $expected
    }

    It 'with -Since a time equals kubectl logs --since-time, and leaves out earlier lines' {
        $stamped = @(Get-KubeLog -Namespace $Ns talk -Container app -AsObject)
        $late = $stamped | Where-Object Line -EQ 'late 1'
        $since = $late.Timestamp.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')

        $ours = @(Get-KubeLog -Namespace $Ns talk -Container app -Since $since)

        ($ours -join "`n") | Should -BeExactly (Get-KubectlLog talk -c app "--since-time=$since")
        $ours | Should -Not -Contain 'early 1'
        $ours | Should -Contain 'late 2'
    }

    It '-AsObject writes the pod, container, timestamp and line' {
        $objects = @(Get-KubeLog -Namespace $Ns talk -Container side -AsObject)

        $objects.Count | Should -Be 1
        $objects[0].Pod | Should -Be 'talk'
        $objects[0].Container | Should -Be 'side'
        $objects[0].Line | Should -Be 'side says hi'
        $objects[0].Timestamp | Should -BeOfType [DateTimeOffset]
    }

    It 'takes pods from the pipeline, merging two with a prefix as kubectl logs -l --prefix does' {
        $null = Invoke-Kubectl -n $Ns label pod ticker app=talk --overwrite
        try {
            $pods = Get-KubePod -Namespace $Ns -LabelSelector 'app=talk'
            $ours = @($pods | Get-KubeLog -Container main -ErrorAction SilentlyContinue -ErrorVariable failed)
            # talk has no container "main": that pod's error names its containers; ticker's log is read.
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'ContainerNotFound*'
            $failed[0].Exception.Message | Should -BeLike '*has no container "main"; its containers are: app, side*'
            $ours[0] | Should -Match '^tick \d+$'
        }
        finally {
            $null = Invoke-Kubectl -n $Ns label pod ticker app-
        }
    }

    It 'reads every pod of a Deployment, prefixed, as kubectl logs -l --prefix' {
        New-KubectlObject @{
            apiVersion = 'apps/v1'; kind = 'Deployment'
            metadata = @{ name = 'echoes'; namespace = $Ns }
            spec = @{
                replicas = 2
                selector = @{ matchLabels = @{ app = 'echoes' } }
                template = @{
                    metadata = @{ labels = @{ app = 'echoes' } }
                    spec = @{ terminationGracePeriodSeconds = 1
                        containers = @(@{ name = 'main'; image = $BusyboxImage; imagePullPolicy = 'Never'; command = @('sh', '-c', 'echo hello from $HOSTNAME; exec sleep 3600') }) }
                }
            }
        }
        Wait-Until -TimeoutSeconds 180 -Because 'both pods of echoes have logged' {
            ((Invoke-Kubectl -n $Ns logs -l app=echoes).Output -split "`n" | Where-Object { $_ -like 'hello from*' }).Count -eq 2
        }

        $ours = @(Get-KubeLog -Namespace $Ns deploy/echoes)
        $kubectl = @(& kubectl --kubeconfig $ClusterKubeconfig -n $Ns logs -l app=echoes --prefix)

        $ours.Count | Should -Be 2
        ($ours | Sort-Object) -join "`n" | Should -BeExactly (($kubectl | Sort-Object) -join "`n")
        $ours | ForEach-Object { $_ | Should -Match '^\[pod/echoes-[a-z0-9-]+/main\] hello from echoes-' }
    }

    It 'names the error for <Case>' -TestCases @(
        @{ Case = 'an unknown container'; Params = @{ Name = 'talk'; Container = 'nope' }; Id = 'ContainerNotFound'; Message = '*has no container "nope"; its containers are: app, side*' }
        @{ Case = 'a pod of two containers without -Container'; Params = @{ Name = 'talk'; Container = $null }; Id = $null; Message = $null }
        @{ Case = 'a missing pod'; Params = @{ Name = 'no-such-pod' }; Id = 'NotFound'; Message = '*no-such-pod*' }
    ) {
        param($Case, $Params, $Id, $Message)
        if (-not $Params.Container) { $Params.Remove('Container') }
        $ours = @(Get-KubeLog -Namespace $Ns @Params -ErrorAction SilentlyContinue -ErrorVariable failed)
        if ($Id) {
            $failed.Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
            $failed[0].Exception.Message | Should -BeLike $Message
        }
        else {
            # kubectl's default: the first container.
            $failed.Count | Should -Be 0
            ($ours -join "`n") | Should -BeExactly (Get-KubectlLog talk)
        }
    }

    It 'refuses a pod that is not scheduled yet, saying so' {
        New-TestPod -Namespace $Ns -Name 'waiting'
        $null = Get-KubeLog -Namespace $Ns waiting -ErrorAction SilentlyContinue -ErrorVariable failed

        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PodNotRunning*'
        $failed[0].Exception.Message | Should -BeLike '*not scheduled to a node yet*'
    }

    # Ctrl+C is PowerShell.Stop() on a pipeline started in a runspace of its own (TestSupport's
    # Start-TestPipeline). Stop's time is written to the output; the bound on it only tells a hang.
    Context 'Ctrl+C and a pod deleted mid-stream' {
        It 'Ctrl+C stops -Follow promptly, and the followed log is closed to the kubelet' {
            # The shared connection pool is warm first: a connection it opens now would stay, idle.
            $null = Get-KubePod -Namespace $Ns talk
            $before = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
            # talk/app has written all it writes: the followed log is quiet, so only Ctrl+C can end the
            # wait for its next line (a line arriving after the stop would end it by itself).
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Get-KubeLog -Namespace $Ns talk -Container app -Follow
            }
            try {
                Wait-TestPipeline $pipeline -Because 'the followed log has streamed its lines' { $pipeline.Output.Count -ge 5 }
                # The kubelet holds the log file open while it is followed (the request rides on the shared
                # HTTP/2 connection, so no socket of ours tells whether the stream is still open).
                @(Get-KubeletOpenLogFile $Ns talk).Count | Should -BeGreaterThan 0
                $streaming = @(Get-OwnTcpSocket -RemotePort $ClusterPort | Where-Object Inode -NotIn $before.Inode)

                $elapsed = Stop-TestPipeline $pipeline -What 'Get-KubeLog -Follow'

                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
                # A hang detector, not a speed test: the log would be followed forever.
                $elapsed.TotalSeconds | Should -BeLessThan 10
                Wait-Until -TimeoutSeconds 30 -Because 'the kubelet has stopped reading the followed log' {
                    @(Get-KubeletOpenLogFile $Ns talk).Count -eq 0
                }
                Wait-Until -TimeoutSeconds 15 -Because 'no connection opened for the stream is left' {
                    @(Get-OwnTcpSocket -RemotePort $ClusterPort | Where-Object Inode -In $streaming.Inode).Count -eq 0
                }
            }
            finally { Remove-TestPipeline $pipeline }
        }

        It 'a followed log whose pod is deleted ends with a PodNotRunning error, never hangs' {
            New-TestPod -Namespace $Ns -Name 'doomed' -Run -Command 'sh', '-c', 'i=0; while true; do i=$((i+1)); echo "n $i"; sleep 0.2; done'
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Get-KubeLog -Namespace $Ns doomed -Follow
            }
            try {
                Wait-TestPipeline $pipeline -Because 'the followed log streams' { $pipeline.Output.Count -ge 2 }

                (Invoke-Kubectl -n $Ns delete pod doomed --grace-period=0 --force --wait=false).ExitCode | Should -Be 0

                Wait-TestPipeline $pipeline -UntilEnded -TimeoutSeconds 120 -Because 'the followed log has ended with its pod' {
                    $pipeline.PowerShell.InvocationStateInfo.State -notin 'NotStarted', 'Running'
                }
                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Completed'
                $errors = @($pipeline.PowerShell.Streams.Error)
                $errors.Count | Should -Be 1
                $errors[0].FullyQualifiedErrorId | Should -BeLike 'PodNotRunning*'
                $errors[0].Exception.Message | Should -BeLike '*ended because the pod was deleted*'
            }
            finally { Remove-TestPipeline $pipeline }
        }
    }
}
