# Shared by every Kube.PowerShell Pester file; dot-source it in a top-level BeforeAll:
#     BeforeAll { . (Join-Path $PSScriptRoot 'TestSupport.ps1') }
# It imports the module as build.ps1 lays it out (out/module/Kube.PowerShell), points KUBECONFIG
# at the local control plane (never at a user's own cluster) and defines the helpers below.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModuleManifest = Join-Path $RepoRoot 'out/module/Kube.PowerShell/Kube.PowerShell.psd1'
if (-not (Test-Path $ModuleManifest)) {
    throw "$ModuleManifest is missing: build the module first with: dotnet pwsh ./build.ps1 Build"
}

$script:ClusterKubeconfig = if ($env:KUBE_PS_TEST_KUBECONFIG) { $env:KUBE_PS_TEST_KUBECONFIG } else {
    (& bash (Join-Path $RepoRoot 'tools/cluster/cluster.sh') kubeconfig).Trim()
}
if (-not (Test-Path $ClusterKubeconfig)) {
    throw "The local cluster's kubeconfig $ClusterKubeconfig does not exist: start it with: dotnet pwsh ./build.ps1 Cluster -Action Start"
}
$env:KUBECONFIG = $ClusterKubeconfig
Import-Module $ModuleManifest -ErrorAction Stop
# Tables are compared as text: no ANSI colours in headers.
$PSStyle.OutputRendering = 'PlainText'

$script:ClusterServer = 'https://127.0.0.1:16443'

# ------------------------------------------------------------------ kubectl

# Simple functions (no param block) so that kubectl's own flags such as -n and -o pass through.
function Invoke-Kubectl {
    $output = & kubectl --kubeconfig $script:ClusterKubeconfig @args 2>&1
    [pscustomobject]@{ Output = ($output | Out-String).Trim(); ExitCode = $LASTEXITCODE }
}

# kubectl get ... -o json with managedFields (kubectl hides them by default), as a hashtable tree.
function Get-KubectlJson {
    $stdout = & kubectl --kubeconfig $script:ClusterKubeconfig get @args -o json --show-managed-fields 2>$null
    if ($LASTEXITCODE -ne 0) { throw "kubectl get $args failed with exit code $LASTEXITCODE" }
    ($stdout | Out-String) | ConvertFrom-Json -AsHashtable -Depth 100
}

# Writes a manifest (a hashtable) to a file and creates it with kubectl.
function New-KubectlObject([hashtable] $Manifest) {
    $file = Join-Path ([System.IO.Path]::GetTempPath()) ("pester-" + [guid]::NewGuid().ToString('n') + '.json')
    try {
        $Manifest | ConvertTo-Json -Depth 30 | Set-Content -Path $file
        $result = Invoke-Kubectl create -f $file
        if ($result.ExitCode -ne 0) { throw "kubectl create failed: $($result.Output)" }
    }
    finally {
        Remove-Item $file -ErrorAction Ignore
    }
}

# The bearer token of a user of the cluster's kubeconfig (to check it never leaks).
function Get-KubeconfigToken([string] $User) {
    (& kubectl --kubeconfig $script:ClusterKubeconfig config view --raw -o "jsonpath={.users[?(@.name=='$User')].user.token}").Trim()
}

# ------------------------------------------------------------------ namespaces

# A namespace name unique to this run: pester-<what>-<random>.
function New-TestName([string] $What) {
    "pester-$What-" + [guid]::NewGuid().ToString('n').Substring(0, 6)
}

# Deletes namespaces made by a test, dropping any finalizer a test put on them, without waiting.
function Remove-TestNamespace([string[]] $Name) {
    foreach ($n in $Name) {
        if (-not $n) { continue }
        $null = Invoke-Kubectl patch namespace $n --type=merge -p '{"metadata":{"finalizers":null}}'
        $null = Invoke-Kubectl delete namespace $n --wait=false --ignore-not-found
    }
}

function Wait-Until {
    param([scriptblock] $Condition, [int] $TimeoutSeconds = 60, [string] $Because)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (& $Condition) { return }
        Start-Sleep -Milliseconds 250
    }
    throw "timed out after ${TimeoutSeconds}s waiting until $Because"
}

# A namespace is usable for pods once the token controller made its default ServiceAccount's
# token (before that, admission asks the client to retry).
function Wait-NamespaceReady([string] $Namespace) {
    Wait-Until -TimeoutSeconds 60 -Because "the default service account of $Namespace has a token" {
        (Invoke-Kubectl -n $Namespace get serviceaccount default -o 'jsonpath={.secrets[0].name}').Output -like 'default-token-*'
    }
}

# ------------------------------------------------------------------ pods

# The local cluster has a scheduler and a node (tools/cluster/node.sh). A pod meant only as an
# API object names this scheduler, which nobody serves: it stays Pending and unbound, the node
# never runs it and no kubelet writes its status (tests set that themselves, see Set-TestPodStatus).
$script:NoScheduler = 'kube-ps-unscheduled'
# The node's image with busybox's applets (sh, httpd, nc, tar...); it is imported, never pulled.
$script:BusyboxImage = 'localhost/busybox:dev'

# Creates a pod (kubectl) with the given containers. It stays Pending and off the node (see
# $NoScheduler) unless -Run is given: then the node runs it from the busybox image, and the
# call returns once the pod is Running. -Command is what the containers run (with -Run).
function New-TestPod {
    param(
        [string] $Namespace,
        [string] $Name,
        [string[]] $Containers = @('main'),
        [string[]] $InitContainers = @(),
        [hashtable] $Labels = @{},
        [switch] $Run,
        [string[]] $Command = @('sleep', '3600'),
        [int] $TimeoutSeconds = 90
    )
    if ($Run) {
        $spec = @{
            containers = @($Containers | ForEach-Object { @{ name = $_; image = $script:BusyboxImage; imagePullPolicy = 'Never'; command = $Command } })
            terminationGracePeriodSeconds = 1
        }
        if ($InitContainers) { $spec.initContainers = @($InitContainers | ForEach-Object { @{ name = $_; image = $script:BusyboxImage; imagePullPolicy = 'Never'; command = @('true') } }) }
    }
    else {
        $spec = @{
            schedulerName = $script:NoScheduler
            containers = @($Containers | ForEach-Object { @{ name = $_; image = 'busybox:1.36'; command = @('sleep', '3600') } })
        }
        if ($InitContainers) { $spec.initContainers = @($InitContainers | ForEach-Object { @{ name = $_; image = 'busybox:1.36' } }) }
    }
    New-KubectlObject @{
        apiVersion = 'v1'; kind = 'Pod'
        metadata = @{ name = $Name; namespace = $Namespace; labels = $Labels }
        spec = $spec
    }
    if ($Run) {
        Wait-Until -TimeoutSeconds $TimeoutSeconds -Because "pod $Namespace/$Name is Running on the node" {
            (Invoke-Kubectl -n $Namespace get pod $Name -o 'jsonpath={.status.phase}').Output -eq 'Running'
        } | Out-Null
    }
}

# Sets a pod's status through the status subresource, as a kubelet would.
function Set-TestPodStatus([string] $Namespace, [string] $Name, [hashtable] $Status) {
    $patch = @{ status = $Status } | ConvertTo-Json -Depth 20 -Compress
    $result = Invoke-Kubectl -n $Namespace patch pod $Name --subresource=status --type=merge -p $patch
    if ($result.ExitCode -ne 0) { throw "setting the status of $Namespace/$Name failed: $($result.Output)" }
}

# A container status as a kubelet reports it. State: running, waiting:<reason> or terminated:<reason>:<code>.
function New-ContainerStatus([string] $Name, [bool] $Ready, [int] $Restarts = 0, [string] $State = 'running') {
    $kind, $reason, $code = $State -split ':'
    $stateValue = switch ($kind) {
        'running' { @{ running = @{ startedAt = '2024-01-01T00:00:00Z' } } }
        'waiting' { @{ waiting = @{ reason = $reason } } }
        'terminated' { @{ terminated = @{ reason = $reason; exitCode = [int]$code; startedAt = '2024-01-01T00:00:00Z'; finishedAt = '2024-01-01T00:01:00Z' } } }
    }
    @{ name = $Name; image = 'busybox:1.36'; imageID = 'docker-pullable://busybox@sha256:0000'; ready = $Ready; restartCount = $Restarts; started = ($kind -eq 'running'); state = $stateValue }
}

# ------------------------------------------------------------------ JSON trees

# Our typed object, serialized back to JSON with the library's own serializer, as a hashtable tree.
function ConvertTo-ModelTree($InputObject) {
    $model = if ($InputObject -is [psobject]) { $InputObject.psobject.BaseObject } else { $InputObject }
    $typeInfo = [Kube.Client.Models.KubeJsonContext]::Default.GetTypeInfo($model.GetType())
    if (-not $typeInfo) { throw "KubeJsonContext has no metadata for $($model.GetType().FullName)" }
    [System.Text.Json.JsonSerializer]::Serialize($model, $typeInfo) | ConvertFrom-Json -AsHashtable -Depth 100
}

function Test-IsMap($Value) { $Value -is [System.Collections.IDictionary] }
function Test-IsList($Value) { $Value -is [System.Collections.IList] -and $Value -isnot [string] }

# Every difference between two JSON trees, as "path: ..." lines; empty when they are equal.
# -Ignore takes dotted paths ("metadata.resourceVersion") left out of the comparison.
function Compare-JsonTree {
    param($Expected, $Actual, [string] $Path = '$', [string[]] $Ignore = @())
    $differences = [System.Collections.Generic.List[string]]::new()
    $relative = if ($Path -eq '$') { '' } else { $Path.Substring(2) }
    if ($relative -in $Ignore) { return , $differences }

    if (Test-IsMap $Expected) {
        if (-not (Test-IsMap $Actual)) { $differences.Add("${Path}: expected an object, got $(Format-JsonLeaf $Actual)"); return , $differences }
        foreach ($key in $Expected.Keys) {
            $child = "$Path.$key"
            if (-not $Actual.Contains($key)) {
                if ($child.Substring(2) -notin $Ignore) { $differences.Add("${child}: missing (expected $(Format-JsonLeaf $Expected[$key]))") }
                continue
            }
            foreach ($d in (Compare-JsonTree $Expected[$key] $Actual[$key] $child $Ignore)) { $differences.Add($d) }
        }
        foreach ($key in $Actual.Keys) {
            if (-not $Expected.Contains($key) -and "$Path.$key".Substring(2) -notin $Ignore) {
                $differences.Add("$Path.${key}: unexpected (got $(Format-JsonLeaf $Actual[$key]))")
            }
        }
        return , $differences
    }
    if (Test-IsList $Expected) {
        if (-not (Test-IsList $Actual)) { $differences.Add("${Path}: expected an array, got $(Format-JsonLeaf $Actual)"); return , $differences }
        if ($Expected.Count -ne $Actual.Count) { $differences.Add("${Path}: expected $($Expected.Count) items, got $($Actual.Count)") }
        for ($i = 0; $i -lt [Math]::Min($Expected.Count, $Actual.Count); $i++) {
            foreach ($d in (Compare-JsonTree $Expected[$i] $Actual[$i] "$Path[$i]" $Ignore)) { $differences.Add($d) }
        }
        return , $differences
    }
    # Leaves: compare as JSON text, so 1 and 1.0, "1" and 1, true and "true" stay different.
    $e = Format-JsonLeaf $Expected
    $a = Format-JsonLeaf $Actual
    if ($e -cne $a) { $differences.Add("${Path}: expected $e, got $a") }
    return , $differences
}

function Format-JsonLeaf($Value) {
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [datetime]) { return '"' + $Value.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.FFFFFFFZ') + '"' }
    ConvertTo-Json -InputObject $Value -Compress -Depth 100
}

# ------------------------------------------------------------------ runspaces and servers

# Runs a script in a new runspace of this process with the module imported: its own session
# state (Set-KubeContext's choices), so tests that change it leave this session untouched.
# Returns the output, errors and warnings.
function Invoke-InNewRunspace {
    param([Parameter(Mandatory)] [scriptblock] $Script, [hashtable] $Parameters = @{})
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:ModuleManifest).AddStatement()
        $null = $ps.AddScript($Script.ToString())
        foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
        $output = $ps.Invoke()
        [pscustomobject]@{
            Output   = @($output)
            Errors   = @($ps.Streams.Error)
            Warnings = @($ps.Streams.Warning | ForEach-Object Message)
        }
    }
    finally {
        $ps.Dispose()
    }
}

# ------------------------------------------------------------------ stopping a running command (Ctrl+C)

# Starts a script in a new runspace of this process with the module imported (KUBECONFIG is this
# process's, the test cluster's), without waiting for it: Ctrl+C in a console is PowerShell.Stop(),
# which calls the running cmdlet's StopProcessing. -InputObject items are its pipeline input
# ($input in the script). Its output and errors fill as it runs; Wait-TestPipeline wakes on each.
function Start-TestPipeline {
    param([Parameter(Mandatory)] [scriptblock] $Script, [hashtable] $Parameters = @{}, [object[]] $InputObject = @())
    # The module is imported as the runspace opens: a first statement would take the pipeline input.
    $session = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault()
    $session.ImportPSModule($script:ModuleManifest)
    $runspace = [runspacefactory]::CreateRunspace($session)
    $runspace.Open()
    if (-not $runspace.SessionStateProxy.InvokeCommand.GetCommand('Get-KubeLog', 'Cmdlet')) {
        $runspace.Dispose()
        throw "the new runspace did not import $($script:ModuleManifest)"
    }
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    $null = $ps.AddScript($Script.ToString())
    foreach ($key in $Parameters.Keys) { $null = $ps.AddParameter($key, $Parameters[$key]) }
    $in = [System.Management.Automation.PSDataCollection[psobject]]::new()
    foreach ($item in $InputObject) { $in.Add([psobject]$item) }
    $in.Complete()
    $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
    $source = 'test-pipeline-' + [guid]::NewGuid().ToString('n')
    $events = @(
        Register-ObjectEvent -InputObject $out -EventName DataAdded -SourceIdentifier "$source-output"
        Register-ObjectEvent -InputObject $ps.Streams.Error -EventName DataAdded -SourceIdentifier "$source-error"
        Register-ObjectEvent -InputObject $ps -EventName InvocationStateChanged -SourceIdentifier "$source-state"
    )
    $handle = $ps.BeginInvoke($in, $out)
    [pscustomobject]@{ PowerShell = $ps; Runspace = $runspace; Output = $out; Handle = $handle; Source = $source; Events = $events }
}

# Waits, woken by the pipeline's own events (output, error, state), until $Until is true; throws when
# the pipeline ends first (naming its errors) or after $TimeoutSeconds, a generous bound.
function Wait-TestPipeline {
    param([Parameter(Mandatory)] $Pipeline, [Parameter(Mandatory)] [scriptblock] $Until, [string] $Because, [int] $TimeoutSeconds = 120, [switch] $UntilEnded)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Until)) {
        $state = $Pipeline.PowerShell.InvocationStateInfo.State
        if (-not $UntilEnded -and $state -notin 'NotStarted', 'Running') {
            throw "the pipeline ended ($state) before $Because; errors: $(@($Pipeline.PowerShell.Streams.Error) -join ' | ') $($Pipeline.PowerShell.InvocationStateInfo.Reason)"
        }
        $left = [int][Math]::Ceiling(($deadline - [DateTime]::UtcNow).TotalSeconds)
        if ($left -le 0) { throw "timed out after ${TimeoutSeconds}s waiting until $Because" }
        # Any event wakes the loop (this session has only the pipelines' own); each is taken off the queue.
        $woke = Wait-Event -Timeout $left
        if ($woke) { Remove-Event -EventIdentifier $woke.EventIdentifier -ErrorAction Ignore }
    }
}

# Presses Ctrl+C on a running pipeline (PowerShell.Stop) and returns how long it took to stop. A stop
# that has not returned after $HangSeconds throws (a hang, not slowness). The time is written to the
# test output, never asserted for speed.
function Stop-TestPipeline {
    param([Parameter(Mandatory)] $Pipeline, [string] $What = 'the command', [int] $HangSeconds = 60)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $stopping = $Pipeline.PowerShell.BeginStop($null, $null)
    $returned = $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds($HangSeconds))
    $clock.Stop()
    if (-not $returned) { throw "Ctrl+C of $What did not return within ${HangSeconds}s: it hangs" }
    $Pipeline.PowerShell.EndStop($stopping)
    Write-Host ("    Ctrl+C of {0} returned in {1:N3} s (load {2})" -f $What, $clock.Elapsed.TotalSeconds, ((Get-Content /proc/loadavg) -split ' ')[0])
    $clock.Elapsed
}

function Remove-TestPipeline($Pipeline) {
    if (-not $Pipeline) { return }
    foreach ($e in $Pipeline.Events) { Unregister-Event -SourceIdentifier $e.Name -ErrorAction Ignore }
    Get-Event | Where-Object SourceIdentifier -like "$($Pipeline.Source)-*" | Remove-Event
    if ($Pipeline.PowerShell.InvocationStateInfo.State -eq 'Running') { $null = $Pipeline.PowerShell.BeginStop($null, $null) }
    # A pipeline that does not stop (the hang a test reports) is left behind: disposing it would wait for it.
    if (-not $Pipeline.Handle.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30))) { return }
    $Pipeline.PowerShell.Dispose()
    $Pipeline.Runspace.Dispose()
}

# This process's TCP sockets, read from /proc (Linux): the ones whose inode is among its open file
# descriptors, with LocalPort, RemotePort, State (Established, Listen, CloseWait...) and Inode.
# A socket this process has closed is not listed, whatever the kernel still does with it.
function Get-OwnTcpSocket {
    param([int] $RemotePort, [int] $LocalPort)
    $inodes = [System.Collections.Generic.HashSet[string]]::new()
    foreach ($fd in [System.IO.Directory]::GetFiles("/proc/$PID/fd")) {
        try { $target = [System.IO.FileInfo]::new($fd).LinkTarget } catch { continue }
        if ($target -match '^socket:\[(\d+)\]$') { $null = $inodes.Add($Matches[1]) }
    }
    $states = @{ '01' = 'Established'; '02' = 'SynSent'; '04' = 'FinWait1'; '05' = 'FinWait2'; '06' = 'TimeWait'; '07' = 'Close'; '08' = 'CloseWait'; '09' = 'LastAck'; '0A' = 'Listen'; '0B' = 'Closing' }
    foreach ($table in '/proc/net/tcp', '/proc/net/tcp6') {
        if (-not (Test-Path $table)) { continue }
        foreach ($line in (Get-Content $table | Select-Object -Skip 1)) {
            $f = $line.Trim() -split '\s+'
            if (-not $inodes.Contains($f[9])) { continue }
            $socket = [pscustomobject]@{
                LocalPort  = [Convert]::ToInt32(($f[1] -split ':')[1], 16)
                RemotePort = [Convert]::ToInt32(($f[2] -split ':')[1], 16)
                State      = $states[$f[3]]
                Inode      = $f[9]
            }
            if ($RemotePort -and $socket.RemotePort -ne $RemotePort) { continue }
            if ($LocalPort -and $socket.LocalPort -ne $LocalPort) { continue }
            $socket
        }
    }
}

# Waits until the connection a stream held to the API server is closed: one of the sockets this
# process had to it while streaming ($During) is gone, and none opened since $Before is left. (A
# stream may have taken a pooled idle connection that was already there before it began.)
function Wait-StreamConnectionClosed([object[]] $Before, [object[]] $During, [int] $TimeoutSeconds = 15) {
    Wait-Until -TimeoutSeconds $TimeoutSeconds -Because "the stream's connection to the API server is closed" {
        $now = @(Get-OwnTcpSocket -RemotePort $script:ClusterPort)
        @($now | Where-Object Inode -In @($During).Inode).Count -lt @($During).Count -and
        @($now | Where-Object Inode -NotIn @($Before).Inode).Count -eq 0
    }
}

# The API server's port (sockets to it are this process's connections to the cluster).
$script:ClusterPort = ([uri]$script:ClusterServer).Port

# Files of the pod's container logs (/var/log/pods/<ns>_<pod>_<uid>/...) the node's kubelet holds
# open: while a log is followed the kubelet reads it, and it closes the file when the follower goes.
function Get-KubeletOpenLogFile([string] $Namespace, [string] $Pod) {
    $pidFile = Join-Path (Split-Path $script:ClusterKubeconfig) 'run/kubelet.pid'
    if (-not (Test-Path $pidFile)) { throw "the kubelet's pid file $pidFile is missing: is the node running (cluster.sh status)?" }
    $kubelet = (Get-Content $pidFile).Trim()
    if (-not (Test-Path "/proc/$kubelet/fd")) { throw "the kubelet (pid $kubelet) is not running" }
    foreach ($fd in [System.IO.Directory]::GetFiles("/proc/$kubelet/fd")) {
        try { $target = [System.IO.FileInfo]::new($fd).LinkTarget } catch { continue }
        if ($target -like "*/${Namespace}_${Pod}_*") { $target }
    }
}

# Reads an HTTP response body to its end with a hang bound: the bytes read, and the error that ended
# it (null when it ended as the server meant it to).
function Read-HttpBody([System.IO.Stream] $Stream, [int] $HangSeconds = 60) {
    $buffer = [byte[]]::new(65536)
    $total = 0L
    $cts = [System.Threading.CancellationTokenSource]::new([TimeSpan]::FromSeconds($HangSeconds))
    try {
        while ($true) {
            $n = $Stream.ReadAsync($buffer, 0, $buffer.Length, $cts.Token).GetAwaiter().GetResult()
            if ($n -le 0) { return [pscustomobject]@{ Bytes = $total; Error = $null } }
            $total += $n
        }
    }
    catch [System.OperationCanceledException] {
        throw "reading the body did not end within ${HangSeconds}s: it hangs"
    }
    catch {
        [pscustomobject]@{ Bytes = $total; Error = $_.Exception.GetBaseException() }
    }
    finally { $cts.Dispose() }
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# Writes a kubeconfig with one context "fake" for http://127.0.0.1:<port> and a token.
function New-FakeKubeconfig([string] $Path, [int] $Port, [string] $Token = 'fake-token') {
    @"
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: http://127.0.0.1:$Port
users:
- name: fake
  user:
    token: $Token
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
current-context: fake
"@ | Set-Content -Path $Path
    $Path
}

# A minimal API server over plain http on loopback (PowerShell only, no C#): it answers GET
# /api/v1/namespaces/<name> with that namespace and adds the given Warning header values, as
# the real server does for deprecated APIs. Stop it with Stop-FakeApiServer.
function Start-FakeApiServer {
    param([string[]] $Warning = @())
    $port = Get-FreePort
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $ps = [powershell]::Create()
    $null = $ps.AddScript({
        param($Listener, $Warning)
        while ($Listener.IsListening) {
            try { $context = $Listener.GetContext() } catch { break }
            $name = $context.Request.Url.AbsolutePath.Split('/')[-1]
            $namespace = [ordered]@{
                apiVersion = 'v1'; kind = 'Namespace'
                metadata = [ordered]@{ name = $name; uid = '00000000-0000-0000-0000-000000000001'; resourceVersion = '1'; creationTimestamp = '2024-01-01T00:00:00Z' }
                spec = @{ finalizers = @('kubernetes') }
                status = @{ phase = 'Active' }
            }
            $body = [System.Text.Encoding]::UTF8.GetBytes(($namespace | ConvertTo-Json -Depth 5))
            foreach ($w in $Warning) { $context.Response.Headers.Add('Warning', $w) }
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($body, 0, $body.Length)
            $context.Response.Close()
        }
    }).AddArgument($listener).AddArgument($Warning)
    $handle = $ps.BeginInvoke()
    [pscustomobject]@{ Port = $port; Listener = $listener; PowerShell = $ps; Handle = $handle }
}

function Stop-FakeApiServer($Server) {
    if (-not $Server) { return }
    $Server.Listener.Stop()
    $Server.Listener.Close()
    $null = $Server.PowerShell.BeginStop($null, $null)
    $Server.PowerShell.Dispose()
}

# ------------------------------------------------------------------ format views

# The rows of a table as PowerShell renders it: the column names and one ordered hashtable per
# row. Columns are the runs of positions that are not blank in every line (PowerShell keeps at
# least one blank between columns and sizes each to its widest cell).
function ConvertFrom-TableText([string] $Text) {
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
    $dashIndex = [Array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^[\s-]+$' -and $l -match '-' })
    if ($dashIndex -lt 1) { throw "no table header in:`n$Text" }
    $lines = $lines[($dashIndex - 1)..($lines.Count - 1)]
    $width = ($lines | Measure-Object -Property Length -Maximum).Maximum
    $used = [bool[]]::new($width + 1)
    foreach ($line in $lines) { for ($i = 0; $i -lt $line.Length; $i++) { if ($line[$i] -ne ' ') { $used[$i] = $true } } }
    $bounds = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $width; $i++) {
        if ($used[$i] -and ($i -eq 0 -or -not $used[$i - 1])) { $start = $i }
        if ($used[$i] -and -not $used[$i + 1]) { $bounds.Add(@{ Start = $start; End = $i + 1 }) }
    }
    $cut = { param($line, $b) if ($line.Length -le $b.Start) { '' } else { $line.Substring($b.Start, [Math]::Min($line.Length, $b.End) - $b.Start).Trim() } }
    $names = @($bounds | ForEach-Object { & $cut $lines[0] $_ })
    $rows = for ($r = 2; $r -lt $lines.Count; $r++) {
        $row = [ordered]@{}
        for ($c = 0; $c -lt $names.Count; $c++) { $row[$names[$c]] = & $cut $lines[$r] $bounds[$c] }
        $row
    }
    [pscustomobject]@{ Columns = $names; Rows = @($rows) }
}

# kubectl's table output (whitespace separated columns, none of them blank here) as rows.
function ConvertFrom-KubectlTable([string] $Text) {
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
    $names = @($lines[0].Trim() -split '\s+')
    foreach ($line in $lines | Select-Object -Skip 1) {
        $cells = @($line.Trim() -split '\s{2,}')
        $row = [ordered]@{}
        for ($c = 0; $c -lt $names.Count; $c++) { $row[$names[$c]] = if ($c -lt $cells.Count) { $cells[$c] } else { '' } }
        $row
    }
}

# ------------------------------------------------------------------ column tables (kubectl get's columns)

# A table whose columns sit at fixed positions: kubectl's (headers apart by tabwriter's padding of
# 3+ spaces; a header may hold one space, as NOMINATED NODE does) or PowerShell's (a line of
# dashes under each header). Cells are cut at the columns' starts, so empty cells and cells with
# spaces read right. Returns the column names and one ordered hashtable per row.
function ConvertFrom-ColumnText {
    param([string] $Text, [ValidateSet('Kubectl', 'PowerShell')] [string] $Style)
    $lines = @($Text -split "`r?`n" | Where-Object { $_.Trim() })
    if ($lines.Count -eq 0) { return [pscustomobject]@{ Columns = @(); Rows = @() } }
    if ($Style -eq 'PowerShell') {
        $dash = [Array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^[\s-]+$' -and $l -match '-' })
        if ($dash -lt 1) { throw "no table header in:`n$Text" }
        $header = $lines[$dash - 1]
        $starts = @([regex]::Matches($lines[$dash], '-+') | ForEach-Object Index)
        $body = @(if ($dash + 1 -lt $lines.Count) { $lines[($dash + 1)..($lines.Count - 1)] })
    }
    else {
        $header = $lines[0]
        $starts = @([regex]::Matches($header, '\S+(?: \S+)*') | ForEach-Object Index)
        $body = @(if ($lines.Count -gt 1) { $lines[1..($lines.Count - 1)] })
    }
    $cut = {
        param([string] $line, [int] $i)
        $from = $starts[$i]
        if ($line.Length -le $from) { return '' }
        $to = if ($i + 1 -lt $starts.Count) { [Math]::Min($line.Length, $starts[$i + 1]) } else { $line.Length }
        $line.Substring($from, $to - $from).Trim()
    }
    $names = @(for ($i = 0; $i -lt $starts.Count; $i++) { & $cut $header $i })
    $rows = @(foreach ($line in $body) {
            $row = [ordered]@{}
            for ($i = 0; $i -lt $names.Count; $i++) { $row[$names[$i]] = & $cut $line $i }
            $row
        })
    [pscustomobject]@{ Columns = $names; Rows = $rows }
}

# Seconds in a kubectl duration such as 45s, 5m10s, 3h20m, 4d5h, 2y30d; $null for anything else.
function ConvertFrom-KubeDuration([string] $Text) {
    if ($Text -notmatch '^(\d+[smhdy])+$') { return $null }
    $unit = @{ s = 1; m = 60; h = 3600; d = 86400; y = 31536000 }
    $total = 0
    foreach ($m in [regex]::Matches($Text, '(\d+)([smhdy])')) { $total += [long]$m.Groups[1].Value * $unit[$m.Groups[2].Value] }
    $total
}

# Differences between kubectl's table and ours, as lines (empty when they agree): the same headers,
# and for every row both print (keyed by NAMESPACE and NAME, or the first column), the same cells.
# Ages and other durations were computed a moment apart: they agree when close.
function Compare-ColumnTable($Expected, $Actual) {
    $diff = [System.Collections.Generic.List[string]]::new()
    if (($Expected.Columns -join '|') -ne ($Actual.Columns -join '|')) {
        $diff.Add("headers: kubectl $($Expected.Columns -join ', ') / ours $($Actual.Columns -join ', ')")
        return , $diff
    }
    # Rows are matched by NAMESPACE and NAME; a kind without NAME (events) by every cell that is not a duration.
    $keyColumns = @($Expected.Columns | Where-Object { $_ -in 'NAMESPACE', 'NAME' })
    $key = if ($keyColumns -contains 'NAME') { { param($row) ($keyColumns | ForEach-Object { $row[$_] }) -join '/' } }
    else { { param($row) (@($row.Values) | Where-Object { $null -eq (ConvertFrom-KubeDuration $_) }) -join '/' } }
    $ours = @{}
    foreach ($row in $Actual.Rows) { $ours[(& $key $row)] = $row }
    $common = 0
    foreach ($row in $Expected.Rows) {
        $mine = $ours[(& $key $row)]
        if (-not $mine) { continue }
        $common++
        foreach ($column in $Expected.Columns) {
            $a = $row[$column]; $b = $mine[$column]
            if ($a -ceq $b) { continue }
            $da = ConvertFrom-KubeDuration $a; $db = ConvertFrom-KubeDuration $b
            if ($null -ne $da -and $null -ne $db -and [Math]::Abs($da - $db) -le [Math]::Max(70, 0.1 * [Math]::Max($da, $db))) { continue }
            $diff.Add("$(& $key $row) $column`: kubectl '$a' / ours '$b'")
        }
    }
    if ($common -eq 0 -and $Expected.Rows.Count -gt 0) { $diff.Add("no row in common: kubectl $(@($Expected.Rows | ForEach-Object { & $key $_ }) -join ', ') / ours $(@($Actual.Rows | ForEach-Object { & $key $_ }) -join ', ')") }
    , $diff
}

# ------------------------------------------------------------------ workloads

# Creates a Deployment, StatefulSet or DaemonSet (kubectl) whose pods never run: they name no real
# scheduler (a DaemonSet's also select no node). The controllers still make its revisions. With
# -Run its pods run on the node instead: the image (the busybox one by default) is never pulled,
# they sleep, and they stop within a second.
function New-TestWorkload {
    param(
        [ValidateSet('Deployment', 'StatefulSet', 'DaemonSet')] [string] $Kind = 'Deployment',
        [string] $Namespace,
        [string] $Name,
        [string] $Image,
        [int] $Replicas = 1,
        [hashtable] $Annotations = @{},
        [hashtable] $Spec = @{},
        [switch] $Run
    )
    if ($Run) {
        $podSpec = @{
            containers = @(@{ name = 'main'; image = $(if ($Image) { $Image } else { $script:BusyboxImage }); imagePullPolicy = 'Never'; command = @('sleep', '3600') })
            terminationGracePeriodSeconds = 1
        }
    }
    else {
        $podSpec = @{ schedulerName = $script:NoScheduler; containers = @(@{ name = 'main'; image = $(if ($Image) { $Image } else { 'busybox:v1' }) }) }
        if ($Kind -eq 'DaemonSet') { $podSpec.nodeSelector = @{ 'kube-ps/no-such-node' = 'true' } }
    }
    $workloadSpec = @{
        selector = @{ matchLabels = @{ app = $Name } }
        template = @{ metadata = @{ labels = @{ app = $Name } }; spec = $podSpec }
    }
    if ($Kind -ne 'DaemonSet') { $workloadSpec.replicas = $Replicas }
    if ($Kind -eq 'StatefulSet') { $workloadSpec.serviceName = $Name }
    foreach ($key in $Spec.Keys) { $workloadSpec[$key] = $Spec[$key] }
    New-KubectlObject @{
        apiVersion = 'apps/v1'; kind = $Kind
        metadata = @{ name = $Name; namespace = $Namespace; annotations = $Annotations }
        spec = $workloadSpec
    }
}

# Waits until the deployment controller has observed a Deployment's spec and numbered it $Revision.
function Wait-DeploymentRevision([string] $Namespace, [string] $Name, [int] $Revision) {
    Wait-Until -TimeoutSeconds 60 -Because "Deployment $Namespace/$Name is at revision $Revision" {
        $d = Get-KubectlJson -n $Namespace deployment $Name
        $d.status.observedGeneration -ge $d.metadata.generation -and $d.metadata.annotations['deployment.kubernetes.io/revision'] -eq "$Revision"
    }
}

# kubectl rollout history's rows as "revision cause" strings ("2 <none>").
function Get-KubectlRolloutHistory([string] $Namespace, [string] $Target) {
    $text = (Invoke-Kubectl -n $Namespace rollout history $Target).Output
    foreach ($line in $text -split "`n") {
        if ($line.Trim() -match '^(\d+)\s+(.*)$') { "$($Matches[1]) $($Matches[2].Trim())" }
    }
}

# Changes a workload's image and its kubernetes.io/change-cause in one patch, so the new revision
# (and only it) carries that cause; annotating first would also stamp the current revision.
function Set-TestWorkloadImage([string] $Namespace, [string] $Target, [string] $Image, [string] $ChangeCause) {
    $patch = @{ spec = @{ template = @{ spec = @{ containers = @(@{ name = 'main'; image = $Image }) } } } }
    if ($ChangeCause) { $patch.metadata = @{ annotations = @{ 'kubernetes.io/change-cause' = $ChangeCause } } }
    $result = Invoke-Kubectl -n $Namespace patch $Target --type=strategic -p ($patch | ConvertTo-Json -Depth 10 -Compress)
    if ($result.ExitCode -ne 0) { throw "kubectl patch $Target failed: $($result.Output)" }
}
