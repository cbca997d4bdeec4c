# Invoke-KubeExec against pods running on the local node, with kubectl exec as the oracle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'exec'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    New-TestPod -Namespace $Ns -Name 'box' -Run
    New-TestPod -Namespace $Ns -Name 'pair' -Containers 'first', 'second' -Run

    # kubectl exec's stdout lines and exit code (stderr dropped).
    function Invoke-KubectlExec {
        $out = & kubectl --kubeconfig $ClusterKubeconfig -n $Ns exec @args 2>$null
        [pscustomobject]@{ Lines = @($out); ExitCode = $LASTEXITCODE }
    }
}

AfterAll {
    Remove-TestNamespace $Ns
}

Describe 'Invoke-KubeExec' {
    It 'writes the same output and sets the same exit code as kubectl exec for <Script>' -TestCases @(
        @{ Script = 'echo one; echo two' }
        @{ Script = 'printf "a\nb\nno newline"' }
        @{ Script = 'i=0; while [ $i -lt 500 ]; do echo "row $i"; i=$((i+1)); done; exit 2' }
        @{ Script = 'exit 7' }
    ) {
        param($Script)
        $kubectl = Invoke-KubectlExec box '--' sh -c $Script

        $ours = @(Invoke-KubeExec -Namespace $Ns box -Command sh, -c, $Script -ErrorAction SilentlyContinue -ErrorVariable failed)

        $LASTEXITCODE | Should -Be $kubectl.ExitCode
        ($ours -join "`n") | Should -BeExactly ($kubectl.Lines -join "`n")
        $exitErrors = @($failed | Where-Object FullyQualifiedErrorId -Like 'NonZeroExitCode*')
        if ($kubectl.ExitCode -eq 0) { $exitErrors.Count | Should -Be 0 }
        else {
            $exitErrors.Count | Should -Be 1
            $exitErrors[0].Exception.ExitCode | Should -Be $kubectl.ExitCode
            $exitErrors[0].Exception.Message | Should -BeLike "*terminated with exit code $($kubectl.ExitCode)"
        }
    }

    It 'sends stderr to the error stream, or into the output with -MergeStderr' {
        $out = @(Invoke-KubeExec -Namespace $Ns box -Command sh, -c, 'echo out; echo err >&2' -ErrorAction SilentlyContinue -ErrorVariable failed)
        $out | Should -Be @('out')
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Stderr*'
        $failed[0].ToString() | Should -Be 'err'

        $merged = @(Invoke-KubeExec -Namespace $Ns box -Command sh, -c, 'echo out; sleep 0.2; echo err >&2' -MergeStderr -ErrorVariable none)
        $merged | Should -Be @('out', 'err')
        $none.Count | Should -Be 0
    }

    It 'sends pipeline input to the command''s stdin' {
        $lines = 'alpha', 'beta', 'gamma with spaces'
        $ours = @($lines | Invoke-KubeExec -Namespace $Ns box -Command head, -n, 3)

        $ours | Should -Be $lines
        $LASTEXITCODE | Should -Be 0
    }

    It 'sends byte arrays from the pipeline as they are' {
        $bytes = [byte[]](0..255)
        $ours = @(, $bytes | Invoke-KubeExec -Namespace $Ns box -Command sh, -c, 'head -c 256 | md5sum | cut -d" " -f1')

        $expected = ([System.Security.Cryptography.MD5]::HashData($bytes) | ForEach-Object { $_.ToString('x2') }) -join ''
        $ours | Should -Be @($expected)
    }

    It 'runs in the first container of a pod of two, as kubectl does, and in the one named by -Container' {
        (Invoke-KubeExec -Namespace $Ns pair -Command hostname -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) |
            Should -BeLike '*Defaulted container "first"*'
        Invoke-KubeExec -Namespace $Ns pair -Container second -Command sh, -c, 'echo $HOSTNAME' | Should -Be 'pair'
    }

    It 'runs in the pod of a workload given as TYPE/NAME' {
        New-KubectlObject @{
            apiVersion = 'apps/v1'; kind = 'Deployment'
            metadata = @{ name = 'web'; namespace = $Ns }
            spec = @{
                replicas = 1
                selector = @{ matchLabels = @{ app = 'web' } }
                template = @{ metadata = @{ labels = @{ app = 'web' } }
                    spec = @{ terminationGracePeriodSeconds = 1; containers = @(@{ name = 'main'; image = $BusyboxImage; imagePullPolicy = 'Never'; command = @('sleep', '3600') }) } }
            }
        }
        Wait-Until -TimeoutSeconds 180 -Because 'web has a running pod' {
            (Invoke-Kubectl -n $Ns get pods -l app=web -o 'jsonpath={.items[*].status.phase}').Output -eq 'Running'
        }

        $ours = Invoke-KubeExec -Namespace $Ns deploy/web -Command hostname
        $ours | Should -Be (Invoke-KubectlExec deploy/web '--' hostname).Lines
        $ours | Should -BeLike 'web-*'
    }

    It 'names the error for <Case>' -TestCases @(
        @{ Case = 'a command missing from the image'; Pod = 'box'; Params = @{ Command = 'no-such-command' }; Id = 'CommandNotFound'; Message = '*no-such-command*'; ExitCode = 127 }
        @{ Case = 'an unknown container'; Pod = 'pair'; Params = @{ Container = 'third'; Command = 'true' }; Id = 'ContainerNotFound'; Message = '*has no container "third"; its containers are: first, second*'; ExitCode = $null }
        @{ Case = 'a missing pod'; Pod = 'no-such-pod'; Params = @{ Command = 'true' }; Id = 'NotFound'; Message = '*no-such-pod*'; ExitCode = $null }
    ) {
        param($Case, $Pod, $Params, $Id, $Message, $ExitCode)
        $failed = $null
        try { Invoke-KubeExec -Namespace $Ns $Pod @Params -ErrorAction SilentlyContinue -ErrorVariable failed }
        catch { $failed = @($_) }

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        $failed[0].Exception.Message | Should -BeLike $Message
        if ($null -ne $ExitCode) { $LASTEXITCODE | Should -Be $ExitCode }
    }

    It 'refuses a pod that is not running, saying why' {
        New-TestPod -Namespace $Ns -Name 'waiting'
        $failed = $null
        try { Invoke-KubeExec -Namespace $Ns waiting -Command true -ErrorAction SilentlyContinue -ErrorVariable failed }
        catch { $failed = @($_) }

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PodNotRunning*'
        $failed[0].Exception.Message | Should -BeLike '*not scheduled to a node yet*'
    }

    # Ctrl+C is PowerShell.Stop() on a pipeline started in a runspace of its own (TestSupport's
    # Start-TestPipeline). Stop's time is written to the output; the bound on it only tells a hang.
    Context 'Ctrl+C and a pod deleted mid-stream' {
        It 'Ctrl+C stops a long command promptly and closes its connection' {
            # The shared connection pool is warm first: a connection it opens now would stay, idle.
            $null = Get-KubePod -Namespace $Ns box
            $before = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Invoke-KubeExec -Namespace $Ns box -Command sh, -c, 'echo started; exec sleep 300'
            }
            try {
                Wait-TestPipeline $pipeline -Because 'the command has started' { $pipeline.Output.Count -ge 1 }
                $pipeline.Output[0] | Should -Be 'started'
                $during = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
                $during.Count | Should -BeGreaterThan 0 -Because 'exec runs over a WebSocket, a connection of its own'

                $elapsed = Stop-TestPipeline $pipeline -What 'Invoke-KubeExec (sleep 300)'

                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
                # A hang detector, not a speed test: the command would run for five minutes.
                $elapsed.TotalSeconds | Should -BeLessThan 10
                Wait-StreamConnectionClosed -Before $before -During $during
                # The sleep itself outlives any client here (kubectl exec's too): containerd 1.6 does not kill
                # an exec'd process that reads no stdin when its stream ends.
            }
            finally { Remove-TestPipeline $pipeline }
        }

        It 'Ctrl+C of a command that reads its stdin to the end (cat, which v4 cannot end) stops it and the command' {
            $marker = 'ctrl-c-' + [guid]::NewGuid().ToString('n').Substring(0, 8)
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns; Marker = $marker } -InputObject 'some input' -Script {
                param($Ns, $Marker)
                $input | Invoke-KubeExec -Namespace $Ns box -Command sh, -c, 'echo started; cat; echo never', $Marker
            }
            try {
                Wait-TestPipeline $pipeline -Because 'the command has echoed its input' { $pipeline.Output.Count -ge 2 }
                # By index: enumerating a PSDataCollection that is still open waits for it to complete.
                $pipeline.Output[0] | Should -Be 'started'
                $pipeline.Output[1] | Should -Be 'some input'
                (Invoke-Kubectl -n $Ns exec box '--' ps -o args).Output | Should -Match $marker

                $elapsed = Stop-TestPipeline $pipeline -What 'Invoke-KubeExec (cat with stdin)'

                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
                $elapsed.TotalSeconds | Should -BeLessThan 10
                # The runtime closes the command's stdin when the stream ends: cat ends, and the shell with it.
                Wait-Until -TimeoutSeconds 60 -Because "the command ($marker) has ended in the container" {
                    (Invoke-Kubectl -n $Ns exec box '--' ps -o args).Output -notmatch $marker
                }
            }
            finally { Remove-TestPipeline $pipeline }
        }

        It 'a command whose pod is deleted under it ends, never hangs' {
            New-TestPod -Namespace $Ns -Name 'doomed' -Run
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Invoke-KubeExec -Namespace $Ns doomed -Command sh, -c, 'echo started; while true; do sleep 1; done'
            }
            try {
                Wait-TestPipeline $pipeline -Because 'the command has started' { $pipeline.Output.Count -ge 1 }

                (Invoke-Kubectl -n $Ns delete pod doomed --grace-period=0 --force --wait=false).ExitCode | Should -Be 0

                Wait-TestPipeline $pipeline -UntilEnded -TimeoutSeconds 120 -Because 'the command has ended with its pod' {
                    $pipeline.PowerShell.InvocationStateInfo.State -notin 'NotStarted', 'Running'
                }
                # Killed with its container: a non-zero exit code, or the stream's failure; an error either way.
                $ended = $pipeline.PowerShell.InvocationStateInfo
                $failures = @(@($pipeline.PowerShell.Streams.Error) + @($ended.Reason) | Where-Object { $_ })
                $failures.Count | Should -BeGreaterThan 0
                Write-Host "    the deleted pod's command ended ($($ended.State)) with: $($failures[0])"
            }
            finally { Remove-TestPipeline $pipeline }
        }
    }
}
