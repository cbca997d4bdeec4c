# The helpers the cmdlet tests rely on must be able to fail: a comparison that sees no
# difference where there is one would let a lost field through.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Tree = '{"metadata":{"name":"a","labels":{"x":"1"},"resourceVersion":"5"},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}]}],"enabled":true}}' |
        ConvertFrom-Json -AsHashtable
    function script:Copy-Tree($t) { $t | ConvertTo-Json -Depth 20 | ConvertFrom-Json -AsHashtable }
}

Describe 'Compare-JsonTree' -Tag 'TestSupport' {
    It 'finds no difference between equal trees' {
        Compare-JsonTree $Tree (Copy-Tree $Tree) | Should -BeNullOrEmpty
    }

    It 'reports <Case>' -TestCases @(
        @{ Case = 'a lost field'; Change = { param($t) $t.metadata.labels.Remove('x') }; Expected = '$.metadata.labels.x: missing (expected "1")' }
        @{ Case = 'an extra field'; Change = { param($t) $t.spec['extra'] = 1 }; Expected = '$.spec.extra: unexpected (got 1)' }
        @{ Case = 'a changed value deep in a list'; Change = { param($t) $t.spec.containers[0].ports[0].containerPort = 81 }; Expected = '$.spec.containers[0].ports[0].containerPort: expected 80, got 81' }
        @{ Case = 'a number that became a string'; Change = { param($t) $t.spec.containers[0].ports[0].containerPort = '80' }; Expected = '$.spec.containers[0].ports[0].containerPort: expected 80, got "80"' }
        @{ Case = 'a lost list item'; Change = { param($t) $t.spec.containers = @() }; Expected = '$.spec.containers: expected 1 items, got 0' }
        @{ Case = 'a boolean that became null'; Change = { param($t) $t.spec.enabled = $null }; Expected = '$.spec.enabled: expected true, got null' }
    ) {
        param($Case, $Change, $Expected)
        $changed = Copy-Tree $Tree
        & $Change $changed
        @(Compare-JsonTree $Tree $changed) | Should -Be @($Expected)
    }

    It 'leaves out the paths it is told to ignore' {
        $changed = Copy-Tree $Tree
        $changed.metadata.resourceVersion = '6'
        Compare-JsonTree $Tree $changed -Ignore 'metadata.resourceVersion' | Should -BeNullOrEmpty
    }

    It 'a typed object serialized back keeps a field the model has' {
        $pod = [Kube.Client.Models.CoreV1.Pod]::new()
        $pod.Metadata = [Kube.Client.Models.MetaV1.ObjectMeta]@{ Name = 'p' }
        (ConvertTo-ModelTree $pod).metadata.name | Should -Be 'p'
    }
}

Describe 'ConvertFrom-TableText' -Tag 'TestSupport' {
    It 'splits left- and right-aligned columns, blank cells included' {
        $text = @"

A     NAME        COUNT
-     ----        -----
*     first-one       3
      second         12

"@
        $table = ConvertFrom-TableText $text
        $table.Columns | Should -Be @('A', 'NAME', 'COUNT')
        $table.Rows[0].A | Should -Be '*'
        $table.Rows[1].A | Should -Be ''
        $table.Rows[1].NAME | Should -Be 'second'
        $table.Rows[1].COUNT | Should -Be '12'
    }
}

Describe 'New-TestPod' -Tag 'TestSupport' {
    BeforeAll {
        $script:PodNs = New-TestName 'testpod'
        (Invoke-Kubectl create namespace $PodNs).ExitCode | Should -Be 0
        Wait-NamespaceReady $PodNs
    }

    AfterAll {
        Remove-TestNamespace $PodNs
    }

    It 'keeps a pod off the node by default: Pending, unbound, its status untouched' {
        New-TestPod -Namespace $PodNs -Name 'idle'
        $pod = Get-KubectlJson -n $PodNs pod idle
        $pod.spec.schedulerName | Should -Be $NoScheduler
        Start-Sleep -Seconds 3
        $pod = Get-KubectlJson -n $PodNs pod idle
        $pod.spec.nodeName | Should -BeNullOrEmpty
        $pod.status.phase | Should -Be 'Pending'
        $pod.status.conditions | Should -BeNullOrEmpty -Because 'no scheduler or kubelet wrote a condition'
    }

    It '-Run returns once the node runs the pod from the busybox image' {
        New-TestPod -Namespace $PodNs -Name 'busy' -Run -Command 'sh', '-c', 'echo ran; exec sleep 3600'
        $pod = Get-KubectlJson -n $PodNs pod busy
        $pod.status.phase | Should -Be 'Running'
        $pod.spec.nodeName | Should -Be 'kube-ps-node'
        $pod.status.containerStatuses[0].image | Should -Be $BusyboxImage
        Wait-Until -TimeoutSeconds 30 -Because 'the container wrote its line' {
            (Invoke-Kubectl -n $PodNs logs busy).Output -eq 'ran'
        }
    }
}

Describe 'Get-OwnTcpSocket' -Tag 'TestSupport' {
    It 'lists a listener and both ends of a connection of this process, and none of them once closed' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $port = $listener.LocalEndpoint.Port
        $client = [System.Net.Sockets.TcpClient]::new()
        $client.Connect([System.Net.IPAddress]::Loopback, $port)
        $server = $listener.AcceptTcpClient()
        try {
            @(Get-OwnTcpSocket -LocalPort $port | Where-Object State -EQ 'Listen').Count | Should -Be 1
            @(Get-OwnTcpSocket -LocalPort $port | Where-Object State -EQ 'Established').Count | Should -Be 1
            @(Get-OwnTcpSocket -RemotePort $port | Where-Object State -EQ 'Established').Count | Should -Be 1
        }
        finally {
            $client.Dispose()
            $server.Dispose()
            $listener.Stop()
        }
        @(Get-OwnTcpSocket -LocalPort $port).Count | Should -Be 0
        @(Get-OwnTcpSocket -RemotePort $port).Count | Should -Be 0
    }
}

Describe 'Start-/Wait-/Stop-TestPipeline' -Tag 'TestSupport' {
    It 'wakes on the first output, and Ctrl+C stops the pipeline' {
        $pipeline = Start-TestPipeline -Script { 'first'; Start-Sleep -Seconds 300 }
        try {
            Wait-TestPipeline $pipeline -Because 'the first output' { $pipeline.Output.Count -ge 1 }
            $pipeline.Output[0] | Should -Be 'first'

            $elapsed = Stop-TestPipeline $pipeline -What 'Start-Sleep'

            $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
            $elapsed.TotalSeconds | Should -BeLessThan 10
        }
        finally { Remove-TestPipeline $pipeline }
    }

    It 'says so when a stop hangs: a .NET call that Ctrl+C cannot interrupt' {
        $pipeline = Start-TestPipeline -Script { 'first'; [System.Threading.Thread]::Sleep(4000) }
        try {
            Wait-TestPipeline $pipeline -Because 'the first output' { $pipeline.Output.Count -ge 1 }

            { Stop-TestPipeline $pipeline -What 'Thread.Sleep' -HangSeconds 1 } | Should -Throw '*did not return within 1s: it hangs*'
        }
        finally {
            $null = $pipeline.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30))
            Remove-TestPipeline $pipeline
        }
    }

    It 'reports a pipeline that ended before the awaited output, with its errors' {
        $pipeline = Start-TestPipeline -Script { Write-Error 'broken on purpose' }
        try {
            { Wait-TestPipeline $pipeline -TimeoutSeconds 60 -Because 'output that never comes' { $pipeline.Output.Count -ge 1 } } |
                Should -Throw '*ended (Completed) before output that never comes*broken on purpose*'
        }
        finally { Remove-TestPipeline $pipeline }
    }
}
