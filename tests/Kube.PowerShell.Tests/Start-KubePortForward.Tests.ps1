# Start-/Get-/Stop-KubePortForward against busybox httpd on the local node, with kubectl port-forward as the oracle.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestSupport.ps1')
    $script:Ns = New-TestName 'pf'
    (Invoke-Kubectl create namespace $Ns).ExitCode | Should -Be 0
    Wait-NamespaceReady $Ns
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = 'web'; namespace = $Ns; labels = @{ app = 'web' } }
        spec = @{
            terminationGracePeriodSeconds = 1
            containers = @(@{ name = 'httpd'; image = $BusyboxImage; imagePullPolicy = 'Never'
                ports = @(@{ name = 'http'; containerPort = 8080 })
                command = @('sh', '-c', 'mkdir -p /www && head -c 300000 /dev/urandom > /www/blob.bin && echo hello-from-httpd > /www/index.html && exec httpd -f -p 8080 -h /www') })
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

}
