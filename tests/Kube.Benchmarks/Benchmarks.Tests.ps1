# The benchmark harness runs end to end in quick mode: it seeds (or reuses) its namespaces, measures
# every row and writes the markdown table. Figures are not checked (speed is for the harness to
# print, never for a test to assert); that every row was measured is.

BeforeAll {
    . (Join-Path $PSScriptRoot '../Kube.PowerShell.Tests/TestSupport.ps1')
    $script:Harness = @('Release', 'Debug') |
        ForEach-Object { Join-Path $PSScriptRoot "bin/$_/net10.0/Kube.Benchmarks.dll" } |
        Where-Object { Test-Path $_ } |
        Select-Object -First 1
    if (-not $Harness) { throw 'tests/Kube.Benchmarks is not built: run dotnet pwsh ./build.ps1 Build' }
}

Describe 'Benchmark harness' -Tag 'Benchmark' {
    BeforeAll {
        $script:Output = Join-Path $TestDrive 'benchmarks.md'
        $script:Log = & dotnet $Harness --quick --runs 1 --output $Output --repo $RepoRoot `
            --module (Split-Path $ModuleManifest) --kubeconfig $ClusterKubeconfig 2>&1
        $script:ExitCode = $LASTEXITCODE
        $script:Table = if (Test-Path $Output) { Get-Content -Raw $Output } else { '' }
        $script:Rows = @($Table -split "`n" | Where-Object { $_ -match '^\| (List|PowerShell|Watch|Informer|Module|Logs|Exec|Port-forward)' })
    }

    It 'exits with 0 and writes the table' {
        $ExitCode | Should -Be 0 -Because ($Log | Out-String)
        $Table | Should -Match '\| Section \| Measurement \| Median \|'
        $Table | Should -Match 'Load average'
        $Table | Should -Match '## Targets'
    }

    It 'measures the <Row> row' -TestCases @(
        @{ Row = 'raw GET, JSON (floor)' }
        @{ Row = 'raw GET, protobuf (floor)' }
        @{ Row = 'raw GET, JSON as Table (the server''s Table)' }
        @{ Row = 'Kube.Client typed, JSON, ListAsync' }
        @{ Row = 'Kube.Client typed, JSON, ListItemsAsync (streamed)' }
        @{ Row = 'Kube.Client typed, protobuf, ListAsync' }
        @{ Row = 'Kube.Client DynamicClient (Unstructured)' }
        @{ Row = 'KubernetesClient 21.0.8' }
        @{ Row = 'kubectl get -o json (process)' }
        @{ Row = 'Get-KubePod -AllNamespaces | Measure-Object' }
        @{ Row = 'kubectl get pods -A -o json | ConvertFrom-Json' }
        @{ Row = 'Get-KubeResource (custom resources) | Measure-Object' }
        @{ Row = 'kubectl get (custom resources) -o json | ConvertFrom-Json' }
        @{ Row = 'watch: the writer' }
        @{ Row = 'watch: Kube.Client informer, events/s to a handler' }
        @{ Row = 'watch: Kube.Client informer, CPU time per event' }
        @{ Row = 'watch: client-go 0.20.2 informer, CPU time per event' }
        @{ Row = 'informer initial sync' }
        @{ Row = 'informer memory per cached ConfigMap' }
        @{ Row = 'informer memory per cached Pod' }
        @{ Row = 'Import-Module Kube.PowerShell (fresh pwsh)' }
        @{ Row = 'pwsh -NoProfile -c exit (process wall time)' }
        @{ Row = 'Import-Module over a bare pwsh start (wall)' }
        @{ Row = 'Import-Module over a bare pwsh start (CPU)' }
        @{ Row = 'first command after import' }
        @{ Row = 'raw GET /log (floor)' }
        @{ Row = 'Kube.Client GetLogStreamAsync (bytes)' }
        @{ Row = 'Kube.Client GetLogsAsync (lines)' }
        @{ Row = 'kubectl logs (process)' }
        @{ Row = 'Get-KubeLog | Measure-Object (pwsh)' }
        @{ Row = 'Kube.Client RemoteCommandClient, one client (per call)' }
        @{ Row = 'kubectl exec, a process per call (per call)' }
        @{ Row = 'Invoke-KubeExec in one pwsh (per call)' }
        @{ Row = 'direct to the pod IP (floor)' }
        @{ Row = 'Kube.Client PortForwarder' }
        @{ Row = 'kubectl port-forward (process)' }
    ) {
        param($Row)
        # The markdown escapes the pipes inside a cell.
        $matching = @($Rows | Where-Object { $_.Contains($Row.Replace('|', '\|')) })
        $matching | Should -Not -BeNullOrEmpty -Because "the table should have a '$Row' row"
        foreach ($line in $matching) { $line | Should -Not -Match '\| failed \|' }
    }

    It 'writes the custom-resource target and leaves no custom-resource seed behind' {
        $Table | Should -Match 'Get-KubeResource on the custom resources'
        # The harness deletes its CRD and namespace without waiting: each may still be finishing, but none is left live.
        $crds = (kubectl --kubeconfig $ClusterKubeconfig get customresourcedefinitions -o json | ConvertFrom-Json).items |
            Where-Object { $_.metadata.name -like '*.bench.kube-ps.test' -and -not $_.metadata.deletionTimestamp }
        $crds | Should -BeNullOrEmpty -Because 'the harness deletes the CRD it made for the custom-resource rows'
        $namespaces = (kubectl --kubeconfig $ClusterKubeconfig get namespaces -o json | ConvertFrom-Json).items |
            Where-Object { $_.metadata.name -like 'kube-ps-bench-cr-*' -and $_.status.phase -eq 'Active' }
        $namespaces | Should -BeNullOrEmpty -Because 'the harness deletes the namespace of its custom resources'
    }

    It 'writes the stream targets of issue 8 and leaves no stream namespace behind' {
        $Table | Should -Match '\(issue 8\) log throughput'
        $Table | Should -Match '\(issue 8\) exec round trip'
        $Table | Should -Match '\(issue 8\) port-forward throughput'
        $namespace = kubectl --kubeconfig $ClusterKubeconfig get namespace kube-ps-bench-streams -o 'jsonpath={.status.phase}' 2>$null
        $namespace | Should -Not -Be 'Active' -Because 'the harness deletes the stream pod''s namespace after its rows'
    }
}

Describe 'Benchmark harness --only' -Tag 'Benchmark' {
    It 'runs the named section alone' {
        $output = Join-Path $TestDrive 'only.md'
        $log = & dotnet $Harness --quick --runs 1 --only InCluster --output $output --repo $RepoRoot `
            --module (Split-Path $ModuleManifest) --kubeconfig $ClusterKubeconfig 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($log | Out-String)
        $table = Get-Content -Raw $output
        $table | Should -Match '\| In the cluster \|'
        $table | Should -Match 'only InCluster'
        $table | Should -Not -Match '\| (List|PowerShell|Watch|Informer|Module|Logs|Exec|Port-forward)'
    }

    It 'refuses an unknown section and names the known ones' {
        $log = & dotnet $Harness --only 'Lists,Nonsense' --kubeconfig $ClusterKubeconfig 2>&1
        $LASTEXITCODE | Should -Be 2
        $text = $log | Out-String
        $text | Should -Match 'unknown section "Nonsense"'
        $text | Should -Match 'Streams'
        $text | Should -Match 'PortForward'
    }
}
