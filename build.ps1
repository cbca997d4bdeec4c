#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests and demonstrates Kube.PowerShell.

.DESCRIPTION
    A thin front end; each task prints the commands it runs.
      Build          dotnet build, then lay out the module in out/module/Kube.PowerShell, with
                     help (en-US/Kube.PowerShell.dll-Help.xml) made from docs/<Cmdlet>.md; Release
                     precompiles the net8.0 cmdlet assembly and dependencies to ReadyToRun code (tools/readytorun)
      Cluster        the local cluster (control plane and node): -Action Start|Stop|Status|Reset
                     (tools/cluster/cluster.sh); Status shows each component and the node's Ready state
      Test           Pester restore, Build, Image, cluster start, every xunit project, then Pester over
                     tests/**/*.Tests.ps1; ends with one line "N passed, N failed"
      Image          Build, then the controller images as OCI archives in out/images (no daemon, no registry):
                     localhost/kube-ps-ingress-controller:dev and localhost/kube-ps-runner:dev (tools/images);
                     imports them into the local node when it runs. Only what changed is rebuilt
      Demo           Build, cluster start, run examples/demo.ps1 against the local cluster
      Generate       run src/Kube.Generator on the API server's swagger.json and generated.proto files (-Check: fail when
                     the Generated folders then differ from what is committed)
      GenerateCheck  Generate -Check (what CI runs)
      Bench          Build (Release), cluster start, then tests/Kube.Benchmarks: seeds the local control plane
                     (or reuses its seed), prints one table of every row measured in the same run and writes
                     it to docs/benchmarks.md (-Quick: fewer objects and runs; -Runs N: runs per row;
                     -Only Streams,Lists...: those sections alone; -BenchOutput FILE: write there instead)
      Clean          dotnet clean and remove out/

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test

.EXAMPLE
    dotnet pwsh ./build.ps1 Test -Suite Pester -PesterFilter '*namespace*'

.EXAMPLE
    dotnet pwsh ./build.ps1 Cluster -Action Start

.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Quick

.EXAMPLE
    dotnet pwsh ./build.ps1 Bench -Quick -Only Streams -BenchOutput /tmp/streams.md

.EXAMPLE
    dotnet pwsh ./build.ps1 Image; kubectl apply -f deploy/ingress-controller
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Cluster', 'Test', 'Image', 'Demo', 'Generate', 'GenerateCheck', 'Bench', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Cluster: what to do with the local cluster (control plane and node).
    [ValidateSet('Start', 'Stop', 'Status', 'Reset')]
    [string] $Action = 'Status',

    # Test: a `dotnet test --filter` expression for the xunit projects.
    [string] $Filter,

    # Test: Pester FullName patterns (wildcards allowed), e.g. '*namespace*'.
    [string[]] $PesterFilter,

    # Test: Pester tags to run.
    [string[]] $Tag,

    # Test: which suites to run.
    [ValidateSet('All', 'XUnit', 'Pester')]
    [string] $Suite = 'All',

    # Generate: fail when the generated files differ from the committed ones.
    [switch] $Check,

    # Bench: fewer objects and runs (a smoke run; its figures are not comparable).
    [switch] $Quick,

    # Bench: measured runs per row (default 5; 2 with -Quick).
    [ValidateRange(1, 100)]
    [int] $Runs,

    # Bench: where the markdown table goes (default docs/benchmarks.md).
    [string] $BenchOutput,

    # Bench: run only these sections (default: all); Streams is Logs, Exec and PortForward.
    [ValidateSet('Lists', 'PowerShell', 'Watch', 'Informers', 'Module', 'InCluster', 'Streams', 'Logs', 'Exec', 'PortForward')]
    [string[]] $Only
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleOut = Join-Path $OutDir 'module/Kube.PowerShell'
$TestResults = Join-Path $OutDir 'test-results'
$ClusterScript = Join-Path $Root 'tools/cluster/cluster.sh'
$ImagesOut = Join-Path $OutDir 'images'
$ControlPlaneBuild = Join-Path $Root 'tools/cluster/build-control-plane.sh'
$Solution = Join-Path $Root 'Kube.PowerShell.sln'
$PesterVersion = '5.7.1'
$ModuleFrameworks = @('net8.0', 'netstandard2.0')

class BuildFailure : System.Exception {
    BuildFailure([string] $message) : base($message) {}
}

function Write-Step([string] $text) {
    Write-Host "==> $text" -ForegroundColor Cyan
}

function Format-Argument([string] $argument) {
    if ($argument -match '[\s";]') { return '"' + ($argument -replace '"', '\"') + '"' }
    return $argument
}

# Runs a native command, echoing it first; throws with the command line when it fails.
function Invoke-Native {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @(),
        [switch] $AllowFailure
    )
    Write-Step ((@($FilePath) + $ArgumentList | ForEach-Object { Format-Argument $_ }) -join ' ')
    # Out-Host: the command's output is shown as it comes, never returned with the exit code.
    & $FilePath @ArgumentList | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) {
        throw [BuildFailure]::new("'$FilePath $($ArgumentList -join ' ')' failed with exit code $code")
    }
    return $code
}

function Get-RelativePath([string] $path) {
    return [System.IO.Path]::GetRelativePath($Root, $path)
}

# ------------------------------------------------------------------ Build

function Invoke-Build {
    $null = Invoke-Native dotnet @('build', (Get-RelativePath $Solution), '-c', $Configuration, '--nologo')
    Write-Step "lay out the module in $(Get-RelativePath $ModuleOut)"
    $moduleSource = Join-Path $Root 'module'
    foreach ($required in 'Kube.PowerShell.psd1', 'Kube.PowerShell.psm1') {
        if (-not (Test-Path (Join-Path $moduleSource $required))) {
            throw [BuildFailure]::new("module/$required is missing")
        }
    }
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $ModuleOut -Force
    Copy-Item -Path (Join-Path $moduleSource '*') -Destination $ModuleOut -Recurse -Force
    $projectBin = Join-Path $Root "src/Kube.PowerShell/bin/$Configuration"
    foreach ($framework in $ModuleFrameworks) {
        $source = Join-Path $projectBin $framework
        if (-not (Test-Path (Join-Path $source 'Kube.PowerShell.dll'))) {
            throw [BuildFailure]::new("$(Get-RelativePath $source)/Kube.PowerShell.dll is missing after the build")
        }
        $target = Join-Path $ModuleOut "bin/$framework"
        $null = New-Item -ItemType Directory -Path $target -Force
        # PowerShell itself provides System.Management.Automation; a copy beside the module
        # (from the PowerShellStandard reference package) must never load. The deps.json file
        # describes a build output, not the module.
        $files = Get-ChildItem -Path $source -File |
            Where-Object { $_.Name -ne 'System.Management.Automation.dll' -and $_.Name -notlike '*.deps.json' }
        if ($framework -eq 'netstandard2.0') {
            # Windows PowerShell 5.1: one folder; its AssemblyResolve handler looks beside the cmdlets.
            $files | Copy-Item -Destination $target
            continue
        }
        # PowerShell 7: the cmdlet assembly and its type forwarders in the default load context;
        # everything else in dependencies/, for the module's private AssemblyLoadContext
        # (src/Kube.PowerShell/Loading/DependencyLoadContext.cs).
        $dependencies = Join-Path $target 'dependencies'
        $null = New-Item -ItemType Directory -Path $dependencies -Force
        foreach ($file in $files) {
            $destination = if ($file.BaseName -in 'Kube.PowerShell', 'Kube.PowerShell.TypeForwards') { $target } else { $dependencies }
            Copy-Item -LiteralPath $file.FullName -Destination $destination
        }
        if ($Configuration -eq 'Release') { Invoke-ReadyToRun $target $dependencies }
    }
    # Get-Help looks for <assembly>-Help.xml in a culture folder of the module.
    $helpFile = Join-Path $ModuleOut 'en-US/Kube.PowerShell.dll-Help.xml'
    Write-Step "help: docs/*.md -> $(Get-RelativePath $helpFile)"
    try {
        & (Join-Path $Root 'tools/help/ConvertTo-MamlHelp.ps1') -Path (Join-Path $Root 'docs') -OutputPath $helpFile
    }
    catch {
        throw [BuildFailure]::new("help: $($_.Exception.Message)")
    }
    Write-Host "module: $ModuleOut"
}

# Precompiles the dependencies (Kube.Client, YamlDotNet) and the cmdlet assembly for the .NET
# runtime PowerShell 7.6 runs on, so Import-Module and the first command after it compile far
# less; tools/readytorun/ReadyToRun.csproj says why it targets that runtime, and why it needs the
# System.Management.Automation of the PowerShell running this build ($PSHOME). The IL stays the
# net8.0 build, so PowerShell 7.4 and 7.5 load the same files (and JIT-compile them, as before).
function Invoke-ReadyToRun([string] $target, [string] $dependencies) {
    $output = Join-Path $OutDir 'readytorun'
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    $cmdlets = Join-Path $target 'Kube.PowerShell.dll'
    $null = Invoke-Native dotnet @('publish', 'tools/readytorun/ReadyToRun.csproj', '-c', 'Release', '-r', $rid, '--nologo', '-v', 'q',
        "-p:DependencyFolder=$dependencies", "-p:CmdletAssembly=$cmdlets", "-p:PowerShellDirectory=$PSHOME", '-o', (Get-RelativePath $output))
    foreach ($file in @(Get-ChildItem -Path $dependencies -Filter '*.dll') + @(Get-Item -LiteralPath $cmdlets)) {
        $compiled = Join-Path $output $file.Name
        if (-not (Test-Path $compiled)) { throw [BuildFailure]::new("ReadyToRun: $($file.Name) was not compiled into $(Get-RelativePath $output)") }
        Copy-Item -LiteralPath $compiled -Destination $file.FullName -Force
    }
}

# ------------------------------------------------------------------ Cluster

function Invoke-Cluster([string] $action) {
    $code = Invoke-Native bash @((Get-RelativePath $ClusterScript), $action.ToLowerInvariant()) -AllowFailure:($action -eq 'Status')
    if ($action -eq 'Start') { Import-ImageArchives }
    return $code
}

# The controller images (build.ps1 Image) go into the node's containerd when they exist.
function Import-ImageArchives {
    $archives = @(Get-ChildItem -Path $ImagesOut -Filter '*.tar' -File -ErrorAction Ignore | Sort-Object Name)
    if ($archives.Count -eq 0) { return }
    $null = Invoke-Native bash (@((Get-RelativePath $ClusterScript), 'image-import') + @($archives | ForEach-Object { Get-RelativePath $_.FullName }))
}

function Get-ClusterKubeconfig {
    $path = & bash $ClusterScript kubeconfig
    if ($LASTEXITCODE -ne 0 -or -not $path) { throw [BuildFailure]::new('cluster.sh kubeconfig failed') }
    return $path.Trim()
}

function Start-Cluster {
    $null = Invoke-Native bash @((Get-RelativePath $ClusterScript), 'start')
    Import-ImageArchives
    $kubeconfig = Get-ClusterKubeconfig
    # Everything run from here talks to the local cluster, never to a user's own.
    $env:KUBECONFIG = $kubeconfig
    return $kubeconfig
}

# ------------------------------------------------------------------ Pester

function Get-PesterManifest {
    $null = Invoke-Native dotnet @('restore', 'tools/pester/Pester.restore.csproj', '--nologo', '-v', 'q')
    # Other YamlDotNet versions, which Isolation.Tests.ps1 loads beside the module.
    $null = Invoke-Native dotnet @('restore', 'tools/pester/YamlDotNet.restore.csproj', '--nologo', '-v', 'q')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path $HOME '.nuget/packages' }
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) {
        throw [BuildFailure]::new("Pester $PesterVersion was restored but $manifest is missing")
    }
    return $manifest
}

# ------------------------------------------------------------------ Test

class SuiteResult {
    [string] $Kind
    [string] $Name
    [int] $Passed
    [int] $Failed
    [int] $Skipped
    [bool] $Ran = $true
    [string] $Note = ''
    [string[]] $FailedNames = @()
    # Test name -> the first lines of why it failed, so the summary (all a CI log's tail may show) explains itself.
    [hashtable] $FailureReasons = @{}
}

# The first lines of a failure message, trimmed: enough to tell an assertion from a timeout in a CI log's tail.
function Get-FailureExcerpt([string] $text, [int] $maxLines = 6) {
    if (-not $text) { return @() }
    $lines = @($text -split "`r?`n" | ForEach-Object { $_.TrimEnd() } | Where-Object { $_ })
    $excerpt = @($lines | Select-Object -First $maxLines | ForEach-Object { if ($_.Length -gt 240) { $_.Substring(0, 240) + '...' } else { $_ } })
    if ($lines.Count -gt $maxLines) { $excerpt += "... ($($lines.Count - $maxLines) more lines in the results)" }
    return $excerpt
}

function Read-TrxResult([string] $trxPath, [SuiteResult] $suite) {
    [xml] $trx = Get-Content -Raw -Path $trxPath
    # local-name(): the trx namespace varies by version; a run with no tests has no Results.
    $counters = $trx.SelectSingleNode("//*[local-name()='ResultSummary']/*[local-name()='Counters']")
    if (-not $counters) { throw [BuildFailure]::new("$trxPath has no ResultSummary/Counters") }
    $number = { param($name) if ($counters.HasAttribute($name)) { [int] $counters.GetAttribute($name) } else { 0 } }
    $suite.Passed = & $number 'passed'
    $suite.Failed = (& $number 'failed') + (& $number 'error') + (& $number 'timeout') + (& $number 'aborted')
    $suite.Skipped = (& $number 'notExecuted') + (& $number 'inconclusive')
    $failedResults = @($trx.SelectNodes("//*[local-name()='UnitTestResult'][@outcome='Failed']"))
    $suite.FailedNames = @($failedResults | ForEach-Object { $_.GetAttribute('testName') })
    foreach ($result in $failedResults) {
        $message = $result.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='Message']")
        $stack = $result.SelectSingleNode("*[local-name()='Output']/*[local-name()='ErrorInfo']/*[local-name()='StackTrace']")
        $reason = @(Get-FailureExcerpt $message.InnerText)
        # The test's own frame says which assertion or wait gave up.
        $frame = if ($stack) { @($stack.InnerText -split "`r?`n" | Where-Object { $_ -match '\.Tests?\.|Tests\.cs|Tests\b' } | Select-Object -First 1) } else { @() }
        $suite.FailureReasons[$result.GetAttribute('testName')] = $reason + @($frame | ForEach-Object { $_.Trim() })
    }
    if ((& $number 'total') -eq 0) { $suite.Note = 'no tests' }
}

function Invoke-XunitSuites {
    # Test projects only: the benchmark harness is a console program (build.ps1 Bench runs it).
    $projects = @(Get-ChildItem -Path (Join-Path $Root 'tests') -Recurse -Filter '*.csproj' |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
        Where-Object { (Get-Content -Raw $_.FullName) -match '<IsTestProject>\s*true\s*</IsTestProject>' } |
        Sort-Object FullName)
    # Projects in the solution were just built; others build here.
    $inSolution = @(& dotnet sln (Get-RelativePath $Solution) list | ForEach-Object { $_.Trim() -replace '\\', '/' })
    $results = foreach ($project in $projects) {
        $suite = [SuiteResult]@{ Kind = 'xunit'; Name = $project.BaseName }
        $trxName = "$($project.BaseName).trx"
        $trxPath = Join-Path $TestResults $trxName
        $arguments = @('test', (Get-RelativePath $project.FullName), '-c', $Configuration, '--nologo',
            '--logger', "trx;LogFileName=$trxName", '--logger', 'console;verbosity=normal',
            '--results-directory', (Get-RelativePath $TestResults))
        if ($Filter) { $arguments += @('--filter', $Filter) }
        $relative = (Get-RelativePath $project.FullName) -replace '\\', '/'
        if ($relative -in $inSolution) { $arguments += '--no-build' }
        $code = Invoke-Native dotnet $arguments -AllowFailure
        if (Test-Path $trxPath) {
            Read-TrxResult $trxPath $suite
            if ($code -ne 0 -and $suite.Failed -eq 0) {
                $suite.Ran = $false
                $suite.Note = "dotnet test exited with $code"
            }
        }
        elseif ($code -eq 0) {
            $suite.Note = 'no tests'
        }
        else {
            $suite.Ran = $false
            $suite.Note = "could not run (dotnet test exited with $code, no trx)"
        }
        $suite
    }
    return @($results)
}

function Invoke-PesterSuites([string] $pesterManifest) {
    $suite = [SuiteResult]@{ Kind = 'pester'; Name = 'tests/**/*.Tests.ps1' }
    $summaryPath = Join-Path $TestResults 'pester.summary.json'
    $arguments = @('pwsh', '-NoProfile', '-NonInteractive', '-File', 'tools/pester/Invoke-PesterSuite.ps1',
        '-PesterManifest', $pesterManifest, '-Path', 'tests', '-OutputDirectory', (Get-RelativePath $TestResults))
    if ($PesterFilter) { $arguments += @('-FullName', ($PesterFilter -join ',')) }
    if ($Tag) { $arguments += @('-Tag', ($Tag -join ',')) }
    $code = Invoke-Native dotnet $arguments -AllowFailure
    if (Test-Path $summaryPath) {
        $summary = Get-Content -Raw $summaryPath | ConvertFrom-Json
        $suite.Passed = $summary.Passed
        $suite.Failed = $summary.Failed
        # NotRun counts tests that a filter left out; they are not skipped tests.
        $suite.Skipped = $summary.Skipped
        $suite.FailedNames = @($summary.FailedNames)
        if ($summary.PSObject.Properties['FailureReasons']) {
            foreach ($entry in $summary.FailureReasons.PSObject.Properties) { $suite.FailureReasons[$entry.Name] = @(Get-FailureExcerpt $entry.Value) }
        }
        if ($summary.Total -eq 0) { $suite.Note = 'no tests' }
    }
    else {
        $suite.Ran = $false
        $suite.Note = "could not run (pwsh exited with $code, no summary)"
    }
    return $suite
}

function Write-TestSummary([SuiteResult[]] $suites, [string] $setupFailure) {
    Write-Host ''
    Write-Host 'Test summary:'
    foreach ($suite in $suites) {
        $line = '  {0,-7} {1,-36} {2,5} passed, {3,4} failed, {4,4} skipped' -f $suite.Kind, $suite.Name, $suite.Passed, $suite.Failed, $suite.Skipped
        if (-not $suite.Ran) { $line += '  COULD NOT RUN' }
        if ($suite.Note) { $line += "  ($($suite.Note))" }
        Write-Host $line
        foreach ($name in $suite.FailedNames) {
            Write-Host "      failed: $name"
            foreach ($line in @($suite.FailureReasons[$name])) { if ($line) { Write-Host "          $line" } }
        }
    }
    if ($setupFailure) { Write-Host "  setup failed: $setupFailure" }
    Write-Host "  results: $(Get-RelativePath $TestResults)"
    $passed = 0
    $failed = 0
    foreach ($suite in $suites) { $passed += $suite.Passed; $failed += $suite.Failed }
    # The one closing line CI reads; nothing may be printed after it.
    Write-Host "$passed passed, $failed failed"
    $allRan = -not ($suites | Where-Object { -not $_.Ran })
    return ($failed -eq 0 -and $allRan -and -not $setupFailure)
}

function Invoke-Test {
    if (Test-Path $TestResults) { Remove-Item $TestResults -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $TestResults -Force
    $suites = [System.Collections.Generic.List[SuiteResult]]::new()
    $setupFailure = $null
    try {
        $pesterManifest = Get-PesterManifest
        Invoke-Generate $true
        Invoke-Build
        # The in-cluster tests run the controller images on the node (Start-Cluster imports them).
        Invoke-Image -SkipBuild
        $null = Start-Cluster
        if ($Suite -in 'All', 'XUnit') { foreach ($s in Invoke-XunitSuites) { $suites.Add($s) } }
        if ($Suite -in 'All', 'Pester') { $suites.Add((Invoke-PesterSuites $pesterManifest)) }
    }
    catch {
        $setupFailure = $_.Exception.Message
        Write-Host "build.ps1: Test: $setupFailure" -ForegroundColor Red
    }
    if (-not (Write-TestSummary $suites.ToArray() $setupFailure)) { exit 1 }
}

# ------------------------------------------------------------------ Image

function Invoke-Image([switch] $SkipBuild) {
    if (-not $SkipBuild) { Invoke-Build }
    Write-Step "tools/images/Build-Images.ps1 -> $(Get-RelativePath $ImagesOut)"
    try {
        & (Join-Path $Root 'tools/images/Build-Images.ps1') -Root $Root -OutDir $ImagesOut -Configuration $Configuration -ModuleDir $ModuleOut
    }
    catch {
        throw [BuildFailure]::new("images: $($_.Exception.Message)")
    }
    # Into the local node when it runs (kubectl apply -f deploy/... then finds the images there).
    $status = & bash $ClusterScript status 2>$null
    if ($status -match '^\s*node kube-ps-node\s+Ready\b') { Import-ImageArchives }
    else { Write-Host 'images: the local node is not running; build.ps1 Cluster -Action Start imports the archives' }
}

# ------------------------------------------------------------------ Demo

function Invoke-Demo {
    Invoke-Build
    $kubeconfig = Start-Cluster
    $env:PSModulePath = (Join-Path $OutDir 'module') + [System.IO.Path]::PathSeparator + $env:PSModulePath
    Write-Host "KUBECONFIG=$kubeconfig"
    $null = Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', 'examples/demo.ps1')
}

# ------------------------------------------------------------------ Bench

function Invoke-Bench {
    if ($Configuration -ne 'Release') { throw [BuildFailure]::new('Bench measures the Release build; drop -Configuration Debug') }
    Invoke-Build
    $kubeconfig = Start-Cluster
    $arguments = @((Join-Path $Root 'tests/Kube.Benchmarks/bin/Release/net10.0/Kube.Benchmarks.dll'),
        '--repo', $Root, '--module', $ModuleOut, '--kubeconfig', $kubeconfig)
    if ($Quick) { $arguments += '--quick' }
    if ($Runs) { $arguments += @('--runs', "$Runs") }
    if ($BenchOutput) { $arguments += @('--output', $BenchOutput) }
    if ($Only) { $arguments += @('--only', ($Only -join ',')) }
    $null = Invoke-Native dotnet $arguments
}

# ------------------------------------------------------------------ Generate

function Invoke-Generate([bool] $check) {
    Write-Step "bash $(Get-RelativePath $ControlPlaneBuild) --print-tree"
    $tree = & bash $ControlPlaneBuild --print-tree
    if ($LASTEXITCODE -ne 0 -or -not $tree) { throw [BuildFailure]::new('could not fetch the kubernetes source tree') }
    $treeRoot = ($tree | Select-Object -Last 1).Trim()
    $spec = Join-Path $treeRoot 'api/openapi-spec/swagger.json'
    if (-not (Test-Path $spec)) { throw [BuildFailure]::new("$spec is missing") }
    # The generated.proto files (and the Go types beside them) of the same tree give the protobuf readers.
    $protoPath = Join-Path $treeRoot 'staging/src'
    if (-not (Test-Path (Join-Path $protoPath 'k8s.io/api/core/v1/generated.proto'))) { throw [BuildFailure]::new("$protoPath holds no generated.proto files") }
    $arguments = @('run', '--project', 'src/Kube.Generator', '-c', 'Release', '--', '--spec', $spec, '--proto-path', $protoPath, '--out', 'src/Kube.Client')
    if ($check) {
        # --check compares with the committed files and writes nothing; exit code 1 lists the differences.
        $null = Invoke-Native dotnet ($arguments + '--check') -AllowFailure
        if ($LASTEXITCODE -ne 0) {
            throw [BuildFailure]::new('generated code differs from what the generator produces; run ./build.ps1 Generate and commit the result')
        }
        Write-Host 'generated code is up to date'
        return
    }
    $null = Invoke-Native dotnet $arguments
}

# ------------------------------------------------------------------ Clean

function Invoke-Clean {
    $null = Invoke-Native dotnet @('clean', (Get-RelativePath $Solution), '-c', $Configuration, '--nologo', '-v', 'q')
    Write-Step "remove $(Get-RelativePath $OutDir)"
    if (Test-Path $OutDir) { Remove-Item $OutDir -Recurse -Force }
}

# ------------------------------------------------------------------ main

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Cluster' {
            $code = Invoke-Cluster $Action
            if ($code -ne 0) { exit $code }
        }
        'Test' { Invoke-Test }
        'Image' { Invoke-Image }
        'Demo' { Invoke-Demo }
        'Generate' { Invoke-Generate $Check.IsPresent }
        'GenerateCheck' { Invoke-Generate $true }
        'Bench' { Invoke-Bench }
        'Clean' { Invoke-Clean }
    }
}
catch [BuildFailure] {
    Write-Host "build.ps1: $Task failed: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
catch {
    Write-Host "build.ps1: $Task failed unexpectedly: $($_.Exception.Message)" -ForegroundColor Red
    Write-Host $_.ScriptStackTrace
    exit 1
}
finally {
    Pop-Location
}
