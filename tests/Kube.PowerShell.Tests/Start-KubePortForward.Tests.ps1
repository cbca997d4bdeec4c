# Start-/Get-/Stop-KubePortForward against busybox httpd on the local node, with kubectl port-forward as the oracle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'pf'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    # big.bin (64 MiB) is a transfer still in flight when a forward is stopped or its pod deleted.
    $script:WebScript = 'mkdir -p /www && head -c 300000 /dev/urandom > /www/blob.bin && head -c 67108864 /dev/zero > /www/big.bin && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www'
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = 'web'; namespace = $Ns; labels = @{ app = 'web' } }
        spec = @{
            terminationGracePeriodSeconds = 1
            containers = @(@{ name = 'httpd'; image = $BusyboxImage; imagePullPolicy = 'Never'
                ports = @(@{ name = 'http'; containerPort = 8080 })
                command = @('sh', '-c', $WebScript) })
        }
    }
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Service'
        metadata = @{ name = 'web'; namespace = $Ns }
        spec = @{ selector = @{ app = 'web' }; ports = @(@{ name = 'site'; port = 80; targetPort = 'http' }) }
    }
    # Port-forward (ours and kubectl's) needs phase Running, which the kubelet reports after the container
    # serves: under load its throttled status update comes seconds after exec already works.
    Wait-Until -TimeoutSeconds 180 -Because 'web serves and its phase is Running' {
        (Invoke-Kubectl -n $Ns exec web '--' wget -q -O - http://127.0.0.1:8080/index.html).Output -eq 'hello-from-httpd' -and
        (Invoke-Kubectl -n $Ns get pod web -o 'jsonpath={.status.phase}').Output -eq 'Running'
    }

    function Get-Bytes([int] $Port, [string] $Path = '/index.html') {
        (Invoke-WebRequest -Uri "http://127.0.0.1:$Port$Path" -NoProxy -TimeoutSec 60 -DisableKeepAlive).RawContentStream.ToArray()
    }

    # Starts kubectl port-forward on a free port; returns the process and the port it chose.
    function Start-KubectlPortForward([string] $Target, [string] $RemotePort) {
        $start = [System.Diagnostics.ProcessStartInfo]::new('kubectl')
        foreach ($a in '--kubeconfig', $ClusterKubeconfig, '-n', $Ns, 'port-forward', '--address', '127.0.0.1', $Target, ":$RemotePort") { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $line = $process.StandardOutput.ReadLineAsync()
        if (-not $line.Wait([TimeSpan]::FromMinutes(2)) -or $line.Result -notmatch 'Forwarding from 127\.0\.0\.1:(\d+) ->') {
            $process.Kill($true)
            throw "kubectl port-forward did not start: $($line.Result) $($process.StandardError.ReadToEnd())"
        }
        [pscustomobject]@{ Process = $process; Port = [int]$Matches[1] }
    }

    # Starts GET /big.bin through a forward and reads its first MiB: the rest is in flight.
    function Start-BigTransfer([System.Net.Http.HttpClient] $Client, [int] $Port) {
        $response = $Client.GetAsync("http://127.0.0.1:$Port/big.bin", [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
        $null = $response.EnsureSuccessStatusCode()
        $stream = $response.Content.ReadAsStream()
        $buffer = [byte[]]::new(65536)
        $read = 0L
        while ($read -lt 1MB) {
            $n = $stream.Read($buffer, 0, $buffer.Length)
            if ($n -le 0) { throw "big.bin ended after $read bytes" }
            $read += $n
        }
        [pscustomobject]@{ Response = $response; Stream = $stream; Read = $read; Length = $response.Content.Headers.ContentLength }
    }

    function New-TestHttpClient {
        $handler = [System.Net.Http.HttpClientHandler]::new()
        $handler.UseProxy = $false
        $client = [System.Net.Http.HttpClient]::new($handler)
        $client.Timeout = [TimeSpan]::FromMinutes(2)
        $client
    }

    function Test-PortOpen([int] $Port) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([System.Net.IPAddress]::Loopback, $Port); $true } catch { $false } finally { $client.Dispose() }
    }
}

AfterAll {
    Get-KubePortForward | Stop-KubePortForward
    Remove-TestNamespace $Ns
}

Describe 'Start-KubePortForward' {
    It 'serves the same bytes as kubectl port-forward (<Path>)' -TestCases @(
        @{ Path = '/index.html' }
        @{ Path = '/blob.bin' }
    ) {
        param($Path)
        $forward = Start-KubePortForward -Namespace $Ns web 0:8080
        $kubectl = Start-KubectlPortForward pod/web 8080
        try {
            $forward.LocalPort | Should -BeGreaterThan 0
            $forward.RemotePort | Should -Be 8080
            $forward.Pod | Should -Be 'web'
            $forward.State | Should -Be 'Running'

            $ours = Get-Bytes $forward.LocalPort $Path
            $theirs = Get-Bytes $kubectl.Port $Path

            $ours.Length | Should -BeGreaterThan 0
            [Convert]::ToBase64String($ours) | Should -BeExactly ([Convert]::ToBase64String($theirs))
        }
        finally {
            $kubectl.Process.Kill($true)
            $kubectl.Process.Dispose()
            $forward | Stop-KubePortForward
        }
    }

    It 'lists forwards with Get-KubePortForward and stops them with Stop-KubePortForward' {
        $a = Start-KubePortForward -Namespace $Ns web :8080
        $b = Start-KubePortForward -Namespace $Ns svc/web 0:80

        @(Get-KubePortForward).Id | Should -Contain $a.Id
        (Get-KubePortForward -Id $b.Id).Target | Should -Be 'svc/web'
        $b.RemotePort | Should -Be 8080
        [Text.Encoding]::UTF8.GetString((Get-Bytes $b.LocalPort)) | Should -Be "hello-from-httpd`n"

        $stopped = Stop-KubePortForward -Id $a.Id, $b.Id -PassThru

        $stopped.State | Should -Be @('Stopped', 'Stopped')
        @(Get-KubePortForward | Where-Object Id -In $a.Id, $b.Id).Count | Should -Be 0
        Test-PortOpen $a.LocalPort | Should -BeFalse
        Test-PortOpen $b.LocalPort | Should -BeFalse
    }

    It 'takes a pod from the pipeline and counts its connections' {
        $forward = Get-KubePod -Namespace $Ns web | Start-KubePortForward -Port 0:8080
        try {
            1..5 | ForEach-Object { $null = Get-Bytes $forward.LocalPort }
            $forward.TotalConnections | Should -Be 5
            $forward.BytesReceived | Should -BeGreaterThan 0
        }
        finally {
            $forward | Stop-KubePortForward
        }
    }

    It 'a local port in use is a named error and nothing is left forwarding' {
        $taken = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $taken.Start()
        try {
            $port = $taken.LocalEndpoint.Port
            $before = @(Get-KubePortForward).Count
            $failed = $null
            try { Start-KubePortForward -Namespace $Ns web "${port}:8080" -ErrorAction SilentlyContinue -ErrorVariable failed } catch { $failed = @($_) }

            @($failed).Count | Should -Be 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'LocalPortInUse*'
            $failed[0].Exception.Message | Should -BeLike "*$port*"
            @(Get-KubePortForward).Count | Should -Be $before
        }
        finally {
            $taken.Stop()
        }
    }

    It 'names the error for <Case>' -TestCases @(
        @{ Case = 'a bad port'; Params = @{ Name = 'web'; Port = '80:99999' }; Id = 'InvalidPort' }
        @{ Case = 'a port name the pod does not have'; Params = @{ Name = 'web'; Port = '0:nope' }; Id = '*' }
        @{ Case = 'a missing pod'; Params = @{ Name = 'no-such-pod'; Port = '0:80' }; Id = 'NotFound' }
    ) {
        param($Case, $Params, $Id)
        $failed = $null
        try { Start-KubePortForward -Namespace $Ns @Params -ErrorAction SilentlyContinue -ErrorVariable failed } catch { $failed = @($_) }

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike "$Id*"
        if ($Case -like '*port name*') { $failed[0].Exception.Message | Should -BeLike '*nope*' }
    }

    It 'refuses a pod that is not running, saying why' {
        New-TestPod -Namespace $Ns -Name 'waiting'
        $failed = $null
        try { Start-KubePortForward -Namespace $Ns waiting 0:80 -ErrorAction SilentlyContinue -ErrorVariable failed } catch { $failed = @($_) }

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'PodNotRunning*'
    }

    # Ctrl+C is PowerShell.Stop() on a pipeline started in a runspace of its own (TestSupport's
    # Start-TestPipeline). Stop's time is written to the output; the bound on it only tells a hang.
    Context 'Ctrl+C and Stop-KubePortForward mid-transfer' {
        It 'Ctrl+C stops -Wait promptly: the listener, the transfer in flight and its connection to the server close' {
            # The shared connection pool is warm first: a connection it opens now would stay, idle.
            $null = Get-KubePod -Namespace $Ns web
            $before = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
            $pipeline = Start-TestPipeline -Parameters @{ Ns = $Ns } -Script {
                param($Ns)
                Start-KubePortForward -Namespace $Ns web 0:8080 -Wait
            }
            $client = New-TestHttpClient
            try {
                Wait-TestPipeline $pipeline -Because 'the forward listens' { $pipeline.Output.Count -ge 1 }
                $port = $pipeline.Output[0].LocalPort
                $transfer = Start-BigTransfer $client $port
                $transfer.Length | Should -Be 64MB
                $forwarded = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
                $forwarded.Count | Should -BeGreaterThan 0 -Because 'each forwarded connection has a WebSocket of its own'
                @(Get-OwnTcpSocket -LocalPort $port | Where-Object State -EQ 'Listen').Count | Should -BeGreaterThan 0

                $elapsed = Stop-TestPipeline $pipeline -What 'Start-KubePortForward -Wait'

                $pipeline.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
                # A hang detector, not a speed test: -Wait would forward forever.
                $elapsed.TotalSeconds | Should -BeLessThan 10
                $end = Read-HttpBody $transfer.Stream
                $end.Error | Should -Not -BeNullOrEmpty -Because 'the transfer in flight was cut'
                ($transfer.Read + $end.Bytes) | Should -BeLessThan $transfer.Length
                Test-PortOpen $port | Should -BeFalse
                Wait-Until -TimeoutSeconds 15 -Because "no socket of port $port is left" { @(Get-OwnTcpSocket -LocalPort $port).Count -eq 0 }
                Wait-StreamConnectionClosed -Before $before -During $forwarded
            }
            finally {
                $client.Dispose()
                Remove-TestPipeline $pipeline
            }
        }

        It 'a transfer whose pod is deleted mid-stream ends with an error, never hangs' {
            # A CGI that promises 100 MB and sends 64 KiB every 50 ms: the pod is deleted long before the end.
            $slow = 'mkdir -p /www/cgi-bin && printf ''#!/bin/sh\necho "Content-Type: application/octet-stream"\necho "Content-Length: 100000000"\necho\nwhile true; do head -c 65536 /dev/zero; sleep 0.05; done\n'' > /www/cgi-bin/slow && chmod +x /www/cgi-bin/slow && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www'
            New-KubectlObject @{
                apiVersion = 'v1'; kind = 'Pod'
                metadata = @{ name = 'doomed'; namespace = $Ns }
                spec = @{
                    terminationGracePeriodSeconds = 1
                    containers = @(@{ name = 'httpd'; image = $BusyboxImage; imagePullPolicy = 'Never'; command = @('sh', '-c', $slow) })
                }
            }
            Wait-Until -TimeoutSeconds 180 -Because 'doomed serves and its phase is Running' {
                (Invoke-Kubectl -n $Ns exec doomed '--' wget -q -O - http://127.0.0.1:8080/index.html).Output -eq 'ok' -and
                (Invoke-Kubectl -n $Ns get pod doomed -o 'jsonpath={.status.phase}').Output -eq 'Running'
            }
            $forward = Start-KubePortForward -Namespace $Ns doomed 0:8080
            $client = New-TestHttpClient
            try {
                $response = $client.GetAsync("http://127.0.0.1:$($forward.LocalPort)/cgi-bin/slow", [System.Net.Http.HttpCompletionOption]::ResponseHeadersRead).GetAwaiter().GetResult()
                $null = $response.EnsureSuccessStatusCode()
                $stream = $response.Content.ReadAsStream()
                $buffer = [byte[]]::new(65536)
                $read = 0L
                while ($read -lt 256KB) {
                    $n = $stream.Read($buffer, 0, $buffer.Length)
                    if ($n -le 0) { throw "the slow stream ended after $read bytes" }
                    $read += $n
                }

                (Invoke-Kubectl -n $Ns delete pod doomed --grace-period=0 --force --wait=false).ExitCode | Should -Be 0

                $end = Read-HttpBody $stream -HangSeconds 120
                $end.Error | Should -Not -BeNullOrEmpty -Because 'the transfer was cut with its pod'
                Write-Host "    the transfer ended with its pod after $($read + $end.Bytes) of 100000000 bytes: $($end.Error.Message)"
                ($read + $end.Bytes) | Should -BeLessThan 100000000
            }
            finally {
                $client.Dispose()
                $forward | Stop-KubePortForward
            }
        }

        It 'Stop-KubePortForward during a large transfer ends it with an error on the client side and closes the listener' {
            # The shared connection pool is warm first: a connection it opens now would stay, idle.
            $null = Get-KubePod -Namespace $Ns web
            $before = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
            $forward = Start-KubePortForward -Namespace $Ns web 0:8080
            $client = New-TestHttpClient
            try {
                $transfer = Start-BigTransfer $client $forward.LocalPort
                $forward.Connections | Should -Be 1
                $forwarded = @(Get-OwnTcpSocket -RemotePort $ClusterPort)
                $forwarded.Count | Should -BeGreaterThan 0

                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $forward | Stop-KubePortForward
                Write-Host ("    Stop-KubePortForward mid-transfer returned in {0:N3} s" -f $clock.Elapsed.TotalSeconds)

                $forward.State | Should -Be 'Stopped'
                $forward.Connections | Should -Be 0
                $end = Read-HttpBody $transfer.Stream
                $end.Error | Should -Not -BeNullOrEmpty -Because 'the transfer in flight was cut'
                Write-Host "    the client's transfer ended after $($transfer.Read + $end.Bytes) of $($transfer.Length) bytes with: $($end.Error.Message)"
                ($transfer.Read + $end.Bytes) | Should -BeLessThan $transfer.Length
                Test-PortOpen $forward.LocalPort | Should -BeFalse
                Wait-StreamConnectionClosed -Before $before -During $forwarded
            }
            finally {
                $client.Dispose()
                $forward | Stop-KubePortForward
            }
        }
    }
}
