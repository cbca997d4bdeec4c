# Runs the Pester suites in a child pwsh for build.ps1 Test: a test that breaks its session
# cannot take the summary with it, and the module under test loads fresh.
# Writes NUnit and JUnit XML and a small JSON summary that build.ps1 reads.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string[]] $Path,
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [string[]] $FullName,
    [string[]] $Tag,
    [string[]] $ExcludeTag
)
$ErrorActionPreference = 'Stop'
# -File passes each list as one comma-separated string.
$split = { param($values) @($values | ForEach-Object { $_ -split ',' } | Where-Object { $_ }) }
$Path = & $split $Path
$FullName = & $split $FullName
$Tag = & $split $Tag
$ExcludeTag = & $split $ExcludeTag
Import-Module -Name $PesterManifest -Force
$pester = Get-Module Pester
Write-Host "Pester $($pester.Version) from $($pester.ModuleBase)"

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Run.Exit = $false
$configuration.Output.Verbosity = 'Detailed'
if ([Console]::IsOutputRedirected) { $configuration.Output.RenderMode = 'Plaintext' }
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = Join-Path $OutputDirectory 'pester.nunit.xml'
$configuration.TestResult.TestSuiteName = 'Kube.PowerShell'
if ($FullName) { $configuration.Filter.FullName = $FullName }
if ($Tag) { $configuration.Filter.Tag = $Tag }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }

$result = Invoke-Pester -Configuration $configuration
$result | Export-JUnitReport -Path (Join-Path $OutputDirectory 'pester.junit.xml')

$failedNames = @($result.Failed | ForEach-Object { $_.ExpandedPath })
$failedNames += @($result.FailedBlocks | ForEach-Object { "$($_.ExpandedPath) (block setup or teardown)" })
$failedNames += @($result.FailedContainers | ForEach-Object { "$($_.Item) (container could not run)" })
$failureReasons = [ordered]@{}
foreach ($test in @($result.Failed)) {
    $failureReasons[$test.ExpandedPath] = (@($test.ErrorRecord | ForEach-Object { if ($_.DisplayErrorMessage) { $_.DisplayErrorMessage } else { $_.Exception.Message }; if ($_.DisplayStackTrace) { @($_.DisplayStackTrace -split "`n")[-1] } }) -join "`n")
}
foreach ($block in @($result.FailedBlocks)) {
    $failureReasons["$($block.ExpandedPath) (block setup or teardown)"] = (@($block.ErrorRecord | ForEach-Object { if ($_.DisplayErrorMessage) { $_.DisplayErrorMessage } else { $_.Exception.Message } }) -join "`n")
}
[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount
    NotRun  = $result.NotRunCount
    Total   = $result.TotalCount
    Result  = $result.Result
    FailedNames = $failedNames
    FailureReasons = $failureReasons
} | ConvertTo-Json | Set-Content -Path (Join-Path $OutputDirectory 'pester.summary.json') -Encoding utf8
